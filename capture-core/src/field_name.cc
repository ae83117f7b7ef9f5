// Given and family names: letters of any script with their combining marks, spaces, hyphens,
// apostrophes (' and the typographic ’ and ‘ that autocorrect makes of a leading one, as in
// "’t Hart") and periods ("J.P."). Dutch tussenvoegsels ("van der", "'s-Gravesande") are plain
// letters, spaces, apostrophes and hyphens, so they need no rule of their own.
#include <string>

#include "fields_internal.h"
#include "unicode_class.h"

namespace capture::internal {
namespace {

Error NameInvalid(std::string message) {
  return MakeError(ErrorCode::kNameInvalid, std::move(message));
}

bool IsNamePunctuation(char32_t cp) {
  return cp == '-' || cp == '\'' || cp == '.' || cp == 0x2018 || cp == 0x2019;
}

}  // namespace

Result<std::string> NormaliseName(std::string_view cleaned) {
  const std::u32string text = DecodeUtf8(cleaned);
  std::u32string out;
  bool has_letter = false;
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char32_t cp = text[i];
    if (IsUnicodeSpace(cp)) {
      pending_space = true;  // runs of any whitespace collapse to one space
      continue;
    }
    const CharClass cls = Classify(cp);
    const bool follows_letter =
        !out.empty() && !pending_space && Classify(out.back()) != CharClass::kOther;
    if (cls == CharClass::kDigit) return NameInvalid("a name cannot contain digits");
    if (cls == CharClass::kMark || IsJoiner(cp)) {
      // A combining accent or a joiner belongs to the letter before it.
      if (!follows_letter) {
        return NameInvalid("the combining character " + CodePointName(cp) +
                           " does not follow a letter");
      }
    } else if (cls == CharClass::kLetter) {
      has_letter = true;
    } else if (cp == '-') {
      const bool at_end = i + 1 == text.size();
      if (out.empty() || at_end || out.back() == '-' || text[i + 1] == '-') {
        return NameInvalid("a hyphen must stand between parts of a name");
      }
    } else if (!IsNamePunctuation(cp)) {
      return NameInvalid("a name cannot contain " + DescribeCodePoint(cp) +
                         "; use letters, spaces, hyphens, apostrophes and periods");
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(cp);
  }
  if (!has_letter) return NameInvalid("a name must contain at least one letter");
  return EncodeUtf8(out);
}

}  // namespace capture::internal
