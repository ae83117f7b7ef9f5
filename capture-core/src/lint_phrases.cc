// The phrase tables of the QA lint. Matching is on ASCII-lowercased text at word boundaries, so
// every entry is lowercase. Lists are deliberately short and practical: a finding is a warning
// for a person to judge, never a refusal.
#include "lint_phrases.h"

#include <array>

namespace capture::internal {
namespace {

using namespace std::string_view_literals;

constexpr std::array kTelephone = {
    "bellen"sv,          "bel"sv,  "belt"sv,   "gebeld"sv, "telefonisch"sv, "telefoon"sv,
    "telefoongesprek"sv, "call"sv, "called"sv, "calls"sv,  "phone"sv,       "telephone"sv};
constexpr std::array kEmail = {"e-mail"sv, "e-mails"sv,     "email"sv,         "emails"sv,
                               "mail"sv,   "nieuwsbrief"sv, "nieuwsbrieven"sv, "newsletter"sv};
constexpr std::array kSms = {"sms"sv,      "sms'je"sv,       "sms'jes"sv,
                             "whatsapp"sv, "text message"sv, "text messages"sv};
constexpr std::array kPost = {"per post"sv, "post"sv, "brief"sv, "brieven"sv, "by post"sv};
constexpr std::array kProfiling = {"profiel"sv, "profiling"sv,    "persoonlijke aanbiedingen"sv,
                                   "op maat"sv, "personalised"sv, "personalized"sv};
constexpr std::array kChannels = {
    ChannelWords{ConsentChannel::kTelephone, kTelephone},
    ChannelWords{ConsentChannel::kEmail, kEmail},
    ChannelWords{ConsentChannel::kSms, kSms},
    ChannelWords{ConsentChannel::kPost, kPost},
    ChannelWords{ConsentChannel::kProfiling, kProfiling},
};

constexpr std::array kGivenNameLabel = {"voornaam"sv, "naam"sv, "first name"sv, "given name"sv,
                                        "name"sv};
constexpr std::array kFamilyNameLabel = {"achternaam"sv,  "naam"sv,    "last name"sv,
                                         "family name"sv, "surname"sv, "name"sv};
constexpr std::array kEmailLabel = {"e-mailadres"sv, "e-mail"sv, "email"sv, "mailadres"sv};
constexpr std::array kPhoneLabel = {"telefoonnummer"sv, "telefoon"sv, "mobiel"sv,
                                    "mobiele nummer"sv, "phone"sv,    "phone number"sv};
constexpr std::array kPostcodeLabel = {"postcode"sv, "postal code"sv, "zip"sv};
constexpr std::array kHouseNumberLabel = {"huisnummer"sv, "house number"sv, "nummer"sv};
constexpr std::array kBirthLabel = {"geboortedatum"sv, "date of birth"sv, "birth date"sv,
                                    "birthday"sv, "verjaardag"sv};
constexpr std::array kLabels = {
    LabelWords{FieldType::kGivenName, kGivenNameLabel},
    LabelWords{FieldType::kFamilyName, kFamilyNameLabel},
    LabelWords{FieldType::kEmail, kEmailLabel},
    LabelWords{FieldType::kPhoneNl, kPhoneLabel},
    LabelWords{FieldType::kPostcodeNl, kPostcodeLabel},
    LabelWords{FieldType::kHouseNumber, kHouseNumberLabel},
    LabelWords{FieldType::kDateOfBirth, kBirthLabel},
};

constexpr std::array kTermUnits = {"dag"sv,     "dagen"sv, "week"sv, "weken"sv, "maand"sv,
                                   "maanden"sv, "jaar"sv,  "days"sv, "weeks"sv, "month"sv,
                                   "months"sv,  "year"sv,  "years"sv};
constexpr std::array kNumberWords = {
    "een"sv,   "één"sv,   "twee"sv, "drie"sv, "vier"sv,   "vijf"sv,     "zes"sv,     "zeven"sv,
    "acht"sv,  "negen"sv, "tien"sv, "elf"sv,  "twaalf"sv, "achttien"sv, "one"sv,     "two"sv,
    "three"sv, "four"sv,  "five"sv, "six"sv,  "nine"sv,   "twelve"sv,   "eighteen"sv};

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::span<const std::string_view> TimePressurePhrases() { return QaPhrases("time_pressure"); }
std::span<const ChannelWords> ChannelPhrases() { return kChannels; }
std::span<const LabelWords> LabelPhrases() { return kLabels; }
std::span<const std::string_view> TermUnitWords() { return kTermUnits; }
std::span<const std::string_view> NumberWords() { return kNumberWords; }

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ContainsPhrase(std::string_view lowered, std::string_view phrase) {
  if (phrase.empty()) return false;
  for (std::size_t at = lowered.find(phrase); at != std::string_view::npos;
       at = lowered.find(phrase, at + 1)) {
    const bool start_ok = at == 0 || !IsWordByte(lowered[at - 1]);
    const std::size_t end = at + phrase.size();
    const bool end_ok = end == lowered.size() || !IsWordByte(lowered[end]);
    if (start_ok && end_ok) return true;
  }
  return false;
}

}  // namespace capture::internal
