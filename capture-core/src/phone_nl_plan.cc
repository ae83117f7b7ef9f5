#include "phone_nl_plan.h"

#include <algorithm>
#include <iterator>

namespace capture::internal {
namespace {

// Geographic area codes in use, without their 0: two digits (010 Rotterdam, 020 Amsterdam, ...)
// for 7-digit subscriber numbers, three digits (0111 Zierikzee, ...) for 6-digit ones. Every
// national number is 9 digits long either way. Sorted for binary search.
constexpr std::string_view kAreaCodes[] = {
    "10",  "111", "113", "114", "115", "117", "118", "13",  "15",  "161", "162", "164", "165",
    "166", "167", "168", "172", "174", "180", "181", "182", "183", "184", "186", "187", "20",
    "222", "223", "224", "226", "227", "228", "229", "23",  "24",  "251", "252", "255", "26",
    "294", "297", "299", "30",  "313", "314", "315", "316", "317", "318", "320", "321", "33",
    "341", "342", "343", "344", "345", "346", "347", "348", "35",  "36",  "38",  "40",  "411",
    "412", "413", "416", "418", "43",  "45",  "46",  "475", "478", "481", "485", "486", "487",
    "488", "492", "493", "495", "497", "499", "50",  "511", "512", "513", "514", "515", "516",
    "517", "518", "519", "521", "522", "523", "524", "525", "527", "528", "529", "53",  "541",
    "543", "544", "545", "546", "547", "548", "55",  "561", "562", "566", "570", "571", "572",
    "573", "575", "577", "578", "58",  "591", "592", "593", "594", "595", "596", "597", "598",
    "599", "70",  "71",  "72",  "73",  "74",  "75",  "76",  "77",  "78",  "79",
};

constexpr std::size_t kNationalLength = 9;  // 0 + 9 digits: the length of every ordinary number

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kPhoneInvalid, std::move(message));
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// 112, 144, 14 + area code, 116xxx, 18xx: dialled without 0 (or after +31).
Result<PhoneClass> ClassifyShortNumber(std::string_view nsn, DialPrefix prefix) {
  if (nsn == "112" || nsn == "144" || nsn == "911") return PhoneClass::kService;
  if (nsn.size() == 6 && StartsWith(nsn, "116")) return PhoneClass::kService;
  if (nsn.size() == 4 && StartsWith(nsn, "18")) return PhoneClass::kService;
  // Municipal numbers: 14 followed by the municipality's area code with its 0 (14 020, 14 0118).
  if (StartsWith(nsn, "140") && IsGeographicAreaCode(nsn.substr(3))) return PhoneClass::kService;
  if (prefix == DialPrefix::kNone) {
    return Invalid("a Dutch number starts with 0 or +31 (this is not a Dutch short number either)");
  }
  return Invalid("the number is too short");
}

Result<PhoneClass> RequireLength(std::string_view nsn, std::size_t length, PhoneClass cls,
                                 std::string_view what) {
  if (nsn.size() == length) return cls;
  return Invalid(std::string(what) + " numbers have " + std::to_string(length + 1) +
                 " digits including the 0, not " + std::to_string(nsn.size() + 1));
}

// 0800 and 090x numbers have 4 or 7 digits after the 4-digit access code.
Result<PhoneClass> RequireServiceLength(std::string_view nsn, PhoneClass cls) {
  if (nsn.size() == 7 || nsn.size() == 10) return cls;
  return Invalid("0" + std::string(nsn.substr(0, 3)) + " numbers have 4 or 7 digits after 0" +
                 std::string(nsn.substr(0, 3)) + ", not " + std::to_string(nsn.size() - 3));
}

}  // namespace

bool IsGeographicAreaCode(std::string_view digits) {
  return std::binary_search(std::begin(kAreaCodes), std::end(kAreaCodes), digits);
}

Result<PhoneClass> ClassifyNationalNumber(std::string_view nsn, DialPrefix prefix) {
  if (nsn.empty()) return Invalid("the number has no digits after the prefix");
  // Short numbers are dialled without the trunk 0; 911 reaches the emergency service as well.
  const bool short_form = nsn == "911" || (nsn[0] == '1' && nsn.size() <= 6);
  if (prefix != DialPrefix::kTrunk && short_form) return ClassifyShortNumber(nsn, prefix);
  if (prefix == DialPrefix::kNone) return Invalid("a Dutch number starts with 0 or +31");
  if (StartsWith(nsn, "6")) {
    const char second = nsn.size() >= 2 ? nsn[1] : '\0';
    if (second == '0' || second == '7' || second == '9') {
      return Invalid("06" + std::string(1, second) + " numbers are not in use");
    }
    const bool pager = second == '6';
    return RequireLength(nsn, kNationalLength, pager ? PhoneClass::kService : PhoneClass::kMobile,
                         pager ? "066" : "06");
  }
  if (StartsWith(nsn, "800")) return RequireServiceLength(nsn, PhoneClass::kFreephone);
  if (StartsWith(nsn, "900") || StartsWith(nsn, "906") || StartsWith(nsn, "909")) {
    return RequireServiceLength(nsn, PhoneClass::kPremium);
  }
  struct NonGeographic {
    std::string_view prefix;
    PhoneClass cls;
    std::size_t length;
  };
  constexpr NonGeographic kNonGeographic[] = {
      {"84", PhoneClass::kService, kNationalLength},  // personal assistant services
      {"85", PhoneClass::kNomadic, kNationalLength},  // location-independent
      {"87", PhoneClass::kService, kNationalLength},  // personal assistant services
      {"88", PhoneClass::kCorporate, kNationalLength},
      {"91", PhoneClass::kNomadic, kNationalLength},
      {"97", PhoneClass::kService, 11},  // machine-to-machine, 12 digits with the 0
  };
  for (const auto& range : kNonGeographic) {
    if (StartsWith(nsn, range.prefix)) {
      return RequireLength(nsn, range.length, range.cls, "0" + std::string(range.prefix));
    }
  }
  for (std::size_t length : {2u, 3u}) {
    if (nsn.size() >= length && IsGeographicAreaCode(nsn.substr(0, length))) {
      return RequireLength(nsn, kNationalLength, PhoneClass::kFixed,
                           "area code 0" + std::string(nsn.substr(0, length)));
    }
  }
  return Invalid("0" + std::string(nsn.substr(0, std::min<std::size_t>(nsn.size(), 3))) +
                 " is not an area code or number range in use in the Netherlands");
}

std::string DescribeNonCallable(std::string_view nsn, PhoneClass cls) {
  const std::string range = "0" + std::string(nsn.substr(0, 3));
  switch (cls) {
    case PhoneClass::kPremium:
      return range + " numbers are premium-rate numbers";
    case PhoneClass::kFreephone:
      return "0800 numbers are free-phone service numbers";
    default:
      break;
  }
  if (StartsWith(nsn, "66")) return "066 numbers are pager numbers";
  if (StartsWith(nsn, "84") || StartsWith(nsn, "87")) {
    return "0" + std::string(nsn.substr(0, 2)) +
           " numbers are personal-assistant (follow-me and voicemail) numbers";
  }
  if (StartsWith(nsn, "97")) return "097 numbers are machine-to-machine (M2M) numbers";
  if (nsn == "112" || nsn == "911") return "112 is the emergency number";
  if (nsn == "144") return "144 is the animal emergency number";
  if (StartsWith(nsn, "140")) return "14 numbers are municipal short numbers";
  if (StartsWith(nsn, "116")) return "116 numbers are European harmonised service numbers";
  if (StartsWith(nsn, "18")) return "18xx numbers are directory-enquiry services";
  return "this is a service number";
}

}  // namespace capture::internal
