// CleanText: the first step of every field and of manifest texts. Order of checks (fixed, the
// vectors depend on it): UTF-8, trimming, control characters, length.
#include <string>

#include "capture/encoding.h"
#include "capture/fields.h"
#include "unicode_class.h"

namespace capture {
namespace {

using internal::CodePointName;

// A zero-width (non-)joiner is legitimate between two characters of scripts that need it
// (Persian, Indic, emoji sequences: all above U+02FF); next to Latin text, spaces or at an end it
// only hides something, so it is refused there.
bool JoinerIsLegitimate(const std::u32string& text, std::size_t i) {
  if (i == 0 || i + 1 >= text.size()) return false;
  for (char32_t neighbour : {text[i - 1], text[i + 1]}) {
    if (neighbour < 0x300 || internal::IsUnicodeSpace(neighbour) ||
        internal::IsForbiddenControl(neighbour) || internal::IsJoiner(neighbour)) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::string> CleanText(std::string_view raw, std::size_t max_code_points) {
  if (!IsValidUtf8(raw)) {
    return MakeError(ErrorCode::kFieldUtf8Invalid, "the value is not valid UTF-8");
  }
  const std::u32string decoded = internal::DecodeUtf8(raw);
  std::size_t begin = 0;
  std::size_t end = decoded.size();
  while (begin < end && internal::IsTrimmable(decoded[begin])) ++begin;
  while (end > begin && internal::IsTrimmable(decoded[end - 1])) --end;
  const std::u32string text = decoded.substr(begin, end - begin);

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char32_t cp = text[i];
    if (internal::IsForbiddenControl(cp)) {
      return MakeError(ErrorCode::kFieldControlCharacters,
                       "the value contains the control or invisible character " +
                           CodePointName(cp) + " at character " + std::to_string(i + 1));
    }
    if (internal::IsJoiner(cp) && !JoinerIsLegitimate(text, i)) {
      return MakeError(ErrorCode::kFieldControlCharacters,
                       "the value contains the zero-width joiner " + CodePointName(cp) +
                           " at character " + std::to_string(i + 1) +
                           " outside a script or emoji sequence that needs it");
    }
  }
  if (text.size() > max_code_points) {
    return MakeError(ErrorCode::kFieldTooLong,
                     "the value is " + std::to_string(text.size()) + " characters long; at most " +
                         std::to_string(max_code_points) + " are allowed");
  }
  return internal::EncodeUtf8(text);
}

}  // namespace capture
