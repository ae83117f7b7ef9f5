// CleanText, the first step of every field: trimming, UTF-8, control and invisible characters,
// length in code points.
#include <gtest/gtest.h>

#include <string>

#include "capture/fields.h"
#include "test_support.h"

namespace capture {
namespace {

using namespace std::string_literals;  // "\0"s keeps the NUL inside the string

struct CleanCase {
  const char* name;
  std::string input;
  std::string output;
};

const CleanCase kTrimmed[] = {
    {"ASCII spaces", "  Jan  ", "Jan"},
    {"tabs and newlines at the ends", "\t\r\nJan\n", "Jan"},
    {"no-break space", "\xC2\xA0Jan\xC2\xA0", "Jan"},
    {"en quad to hair space", "\xE2\x80\x80\xE2\x80\x8AJan\xE2\x80\x85", "Jan"},
    {"narrow no-break space", "\xE2\x80\xAFJan", "Jan"},
    {"medium mathematical space", "Jan\xE2\x81\x9F", "Jan"},
    {"ideographic space", "\xE3\x80\x80Jan\xE3\x80\x80", "Jan"},
    {"byte order mark", "\xEF\xBB\xBFJan", "Jan"},
    {"zero-width space at the end", "Jan\xE2\x80\x8B", "Jan"},
    {"next line (NEL) at the end", "Jan\xC2\x85", "Jan"},
    {"inner spaces are kept", " Jan  Piet ", "Jan  Piet"},
    {"inner no-break space is kept",
     "van\xC2\xA0"
     "der",
     "van\xC2\xA0"
     "der"},
    {"only whitespace becomes empty", " \t\xC2\xA0 ", ""},
    {"empty stays empty", "", ""},
    {"Persian zero-width non-joiner between letters",
     "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85",
     "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85"},
    {"emoji family joined by ZWJ", "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
     "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"},
};

TEST(TextCleanTest, TrimsAsciiAndUnicodeWhitespaceAtBothEnds) {
  for (const auto& c : kTrimmed) {
    SCOPED_TRACE(c.name);
    auto cleaned = CleanText(c.input, 100);
    ASSERT_OK(cleaned);
    EXPECT_EQ(*cleaned, c.output);
  }
}

struct RefusedCase {
  const char* name;
  std::string input;
  ErrorCode code;
};

const RefusedCase kRefused[] = {
    {"lone continuation byte", "Jan\x80", ErrorCode::kFieldUtf8Invalid},
    {"truncated sequence", "Jan\xC3", ErrorCode::kFieldUtf8Invalid},
    {"overlong slash", "\xC0\xAF", ErrorCode::kFieldUtf8Invalid},
    {"UTF-16 surrogate", "\xED\xA0\x80", ErrorCode::kFieldUtf8Invalid},
    {"above U+10FFFF", "\xF4\x90\x80\x80", ErrorCode::kFieldUtf8Invalid},
    {"Latin-1 byte", "Zo\xEB", ErrorCode::kFieldUtf8Invalid},
    {"NUL inside", "Jan\0Piet"s, ErrorCode::kFieldControlCharacters},
    {"bell", "Jan\aPiet", ErrorCode::kFieldControlCharacters},
    {"escape", "Jan\x1B[31m", ErrorCode::kFieldControlCharacters},
    {"tab inside", "Jan\tPiet", ErrorCode::kFieldControlCharacters},
    {"newline inside", "Jan\nPiet", ErrorCode::kFieldControlCharacters},
    {"DEL", "Jan\x7F", ErrorCode::kFieldControlCharacters},
    {"C1 control", "Jan\xC2\x9B", ErrorCode::kFieldControlCharacters},
    {"right-to-left override", "Jan\xE2\x80\xAEnaJ", ErrorCode::kFieldControlCharacters},
    {"left-to-right embedding", "\xE2\x80\xAAJan", ErrorCode::kFieldControlCharacters},
    {"first strong isolate", "Jan\xE2\x81\xA8x", ErrorCode::kFieldControlCharacters},
    {"pop directional isolate", "Jan\xE2\x81\xA9x", ErrorCode::kFieldControlCharacters},
    {"right-to-left mark", "Jan\xE2\x80\x8Fx", ErrorCode::kFieldControlCharacters},
    {"zero-width space inside", "Ja\xE2\x80\x8Bn", ErrorCode::kFieldControlCharacters},
    {"zero-width joiner in a Latin name", "Ja\xE2\x80\x8Dn", ErrorCode::kFieldControlCharacters},
    {"zero-width non-joiner at the end", "Jan\xE2\x80\x8C", ErrorCode::kFieldControlCharacters},
    {"soft hyphen", "Jan\xC2\xADsen", ErrorCode::kFieldControlCharacters},
    {"line separator inside", "Jan\xE2\x80\xA8Piet", ErrorCode::kFieldControlCharacters},
    {"byte order mark inside", "Ja\xEF\xBB\xBFn", ErrorCode::kFieldControlCharacters},
    {"noncharacter U+FFFF", "Jan\xEF\xBF\xBF", ErrorCode::kFieldControlCharacters},
    {"interlinear annotation", "Jan\xEF\xBF\xB9x", ErrorCode::kFieldControlCharacters},
};

TEST(TextCleanTest, RefusesInvalidUtf8AndControlCharacters) {
  for (const auto& c : kRefused) {
    SCOPED_TRACE(c.name);
    EXPECT_ERROR_CODE(CleanText(c.input, 100), c.code);
  }
}

TEST(TextCleanTest, CountsLengthInCodePointsAfterTrimming) {
  EXPECT_OK(CleanText("  abcde  ", 5));
  EXPECT_ERROR_CODE(CleanText("abcdef", 5), ErrorCode::kFieldTooLong);
  // Five two-byte and five four-byte characters are still five characters.
  EXPECT_OK(CleanText("\xC3\xAB\xC3\xAB\xC3\xAB\xC3\xAB\xC3\xAB", 5));
  const std::string emoji = "\xF0\x9F\x98\x80";
  EXPECT_OK(CleanText(emoji + emoji + emoji + emoji + emoji, 5));
  EXPECT_ERROR_CODE(CleanText(emoji + emoji + emoji + emoji + emoji + emoji, 5),
                    ErrorCode::kFieldTooLong);
  EXPECT_ERROR_CODE(CleanText(std::string(100'000, 'a'), 100), ErrorCode::kFieldTooLong);
  EXPECT_OK(CleanText("", 0));
}

TEST(TextCleanTest, ChecksInAFixedOrder) {
  // UTF-8 before control characters before length: the first problem a person must fix.
  EXPECT_ERROR_CODE(CleanText("\x07\xFF" + std::string(200, 'a'), 5), ErrorCode::kFieldUtf8Invalid);
  EXPECT_ERROR_CODE(CleanText("a\x07" + std::string(200, 'a'), 5),
                    ErrorCode::kFieldControlCharacters);
}

TEST(TextCleanTest, NamesTheOffendingCharacterAndItsPosition) {
  auto bell = CleanText("Jan\aPiet", 100);
  ASSERT_ERROR_CODE(bell, ErrorCode::kFieldControlCharacters);
  EXPECT_EQ(bell.error().message,
            "the value contains the control or invisible character U+0007 at character 4");
  auto long_value = CleanText("abcdef", 5);
  ASSERT_ERROR_CODE(long_value, ErrorCode::kFieldTooLong);
  EXPECT_EQ(long_value.error().message, "the value is 6 characters long; at most 5 are allowed");
}

}  // namespace
}  // namespace capture
