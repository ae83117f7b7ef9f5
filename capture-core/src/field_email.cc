// E-mail addresses: the practical subset of RFC 5321/5322 that mail providers hand out, plus
// UTF-8 letters (RFC 6531 SMTPUTF8). Refused on purpose: quoted local parts, comments, IP-literal
// domains ([192.0.2.1]) and dotless domains; none of them belongs on a consumer form.
#include <string>

#include "fields_internal.h"
#include "unicode_class.h"

namespace capture::internal {
namespace {

constexpr std::size_t kMaxLocalOctets = 64;     // RFC 5321 section 4.5.3.1.1
constexpr std::size_t kMaxAddressOctets = 254;  // a 256-octet path minus its angle brackets
constexpr std::size_t kMaxLabelOctets = 63;     // RFC 1035

Error EmailInvalid(std::string message) {
  return MakeError(ErrorCode::kEmailInvalid, std::move(message));
}

bool IsAtext(char32_t cp) {
  if (cp >= 0x80) {
    const CharClass cls = Classify(cp);
    return cls == CharClass::kLetter || cls == CharClass::kMark;
  }
  if (IsAsciiLetter(cp) || IsAsciiDigit(cp)) return true;
  return std::u32string_view(U"!#$%&'*+-/=?^_`{|}~").find(cp) != std::u32string_view::npos;
}

bool IsLabelChar(char32_t cp) {
  if (cp >= 0x80) return Classify(cp) == CharClass::kLetter || Classify(cp) == CharClass::kMark;
  return IsAsciiLetter(cp) || IsAsciiDigit(cp) || cp == '-';
}

Status CheckLocalPart(std::u32string_view local, std::size_t octets) {
  if (local.empty()) return EmailInvalid("the part before the @ is empty");
  if (octets > kMaxLocalOctets) {
    return EmailInvalid("the part before the @ is longer than 64 bytes");
  }
  if (local.front() == '.' || local.back() == '.' ||
      local.find(U"..") != std::u32string_view::npos) {
    return EmailInvalid("dots in the part before the @ must stand between other characters");
  }
  for (char32_t cp : local) {
    if (cp != '.' && !IsAtext(cp)) {
      return EmailInvalid("the part before the @ cannot contain " + DescribeCodePoint(cp));
    }
  }
  return OkStatus();
}

// A top-level domain is letters only (com, nl, рф) or an IDNA A-label (xn--p1ai).
bool IsTopLevelDomain(std::u32string_view label) {
  if (label.size() >= 5 && label.substr(0, 4) == U"xn--") return true;
  if (label.size() < 2) return false;
  for (char32_t cp : label) {
    if (!IsAsciiLetter(cp) && !(cp >= 0x80 && Classify(cp) == CharClass::kLetter)) return false;
  }
  return true;
}

Status CheckDomain(std::u32string_view domain) {
  if (domain.empty()) return EmailInvalid("the domain after the @ is empty");
  std::size_t labels = 0;
  std::u32string_view last_label;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t end = domain.find('.', start);
    if (end == std::u32string_view::npos) end = domain.size();
    const std::u32string_view label = domain.substr(start, end - start);
    if (label.empty())
      return EmailInvalid("the domain cannot start or end with a dot or have two dots in a row");
    if (EncodeUtf8(label).size() > kMaxLabelOctets) {
      return EmailInvalid("a part of the domain is longer than 63 bytes");
    }
    if (label.front() == '-' || label.back() == '-') {
      return EmailInvalid("a part of the domain cannot start or end with a hyphen");
    }
    for (char32_t cp : label) {
      if (!IsLabelChar(cp))
        return EmailInvalid("the domain cannot contain " + DescribeCodePoint(cp));
    }
    ++labels;
    last_label = label;
    start = end + 1;
  }
  if (labels < 2) return EmailInvalid("the domain needs a dot, like voorbeeld.nl");
  if (!IsTopLevelDomain(last_label)) {
    return EmailInvalid("the domain must end in a top-level domain of at least two letters");
  }
  return OkStatus();
}

}  // namespace

Result<std::string> NormaliseEmail(std::string_view cleaned) {
  if (cleaned.size() > kMaxAddressOctets) {
    return EmailInvalid("an e-mail address is at most 254 bytes long");
  }
  const std::size_t at = cleaned.find('@');
  if (at == std::string_view::npos) return EmailInvalid("an e-mail address needs an @");
  if (cleaned.find('@', at + 1) != std::string_view::npos) {
    return EmailInvalid("an e-mail address has exactly one @");
  }
  const std::string_view local = cleaned.substr(0, at);
  const std::string_view domain = cleaned.substr(at + 1);
  CAPTURE_RETURN_IF_ERROR(CheckLocalPart(DecodeUtf8(local), local.size()));
  CAPTURE_RETURN_IF_ERROR(CheckDomain(DecodeUtf8(domain)));
  // Domains are case-insensitive (RFC 4343), local parts formally are not: keep them as typed.
  // Non-ASCII domain letters are kept as typed too; the core carries no IDNA mapping tables.
  std::string out(local);
  out.push_back('@');
  for (char c : domain) out.push_back(ToAsciiLower(c));
  return out;
}

}  // namespace capture::internal
