// RFC 8785 (JCS): the published vectors byte for byte, the RFC's Appendix B number table, node's
// String(x) on 18,000 doubles, and the first 100,000 lines of the RFC's ES6 number test file
// (regenerated here and checked against the SHA-256 its authors publish).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "capture/crypto.h"
#include "capture/encoding.h"
#include "capture/json.h"
#include "test_support.h"

namespace capture {
namespace {

double FromBits(std::uint64_t bits) { return std::bit_cast<double>(bits); }

TEST(JcsTest, CanonicalisesEverySharedVectorByteForByte) {
  const auto dir = testing::SharedVectorsDir() / "jcs" / "testdata";
  const auto inputs = testing::FilesUnder(dir / "input", ".json");
  ASSERT_FALSE(inputs.empty()) << "no JCS vectors under " << dir;
  for (const auto& input : inputs) {
    SCOPED_TRACE(input.filename().string());
    const auto expected_path = dir / "output" / input.filename();
    ASSERT_TRUE(std::filesystem::exists(expected_path));
    const auto canonical = Canonicalize(testing::ReadFile(input));
    ASSERT_OK(canonical);
    EXPECT_EQ(*canonical, testing::ReadFile(expected_path));
    // Canonical output is a fixed point.
    const auto again = Canonicalize(*canonical);
    ASSERT_OK(again);
    EXPECT_EQ(*again, *canonical);
  }
}

struct NumberCase {
  std::uint64_t bits;
  const char* expected;
};

// RFC 8785 Appendix B, every finite row.
constexpr NumberCase kAppendixB[] = {
    {0x0000000000000000, "0"},
    {0x8000000000000000, "0"},
    {0x0000000000000001, "5e-324"},
    {0x8000000000000001, "-5e-324"},
    {0x7fefffffffffffff, "1.7976931348623157e+308"},
    {0xffefffffffffffff, "-1.7976931348623157e+308"},
    {0x4340000000000000, "9007199254740992"},
    {0xc340000000000000, "-9007199254740992"},
    {0x4430000000000000, "295147905179352830000"},
    {0x44b52d02c7e14af5, "9.999999999999997e+22"},
    {0x44b52d02c7e14af6, "1e+23"},
    {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
    {0x444b1ae4d6e2ef4e, "999999999999999700000"},
    {0x444b1ae4d6e2ef4f, "999999999999999900000"},
    {0x444b1ae4d6e2ef50, "1e+21"},
    {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
    {0x3eb0c6f7a0b5ed8d, "0.000001"},
    {0x41b3de4355555553, "333333333.3333332"},
    {0x41b3de4355555554, "333333333.33333325"},
    {0x41b3de4355555555, "333333333.3333333"},
    {0x41b3de4355555556, "333333333.3333334"},
    {0x41b3de4355555557, "333333333.33333343"},
    {0xbecbf647612f3696, "-0.0000033333333333333333"},
    {0x43143ff3c1cb0959, "1424953923781206.2"},  // round to even
};

TEST(JcsTest, FormatsTheAppendixBNumbers) {
  for (const auto& row : kAppendixB) {
    EXPECT_EQ(FormatEcmaScriptNumber(FromBits(row.bits)), row.expected) << std::hex << row.bits;
    const auto canonical = CanonicalJson(Json(FromBits(row.bits)));
    ASSERT_OK(canonical);
    EXPECT_EQ(*canonical, row.expected);
  }
}

TEST(JcsTest, RefusesTheAppendixBNaNAndInfinity) {
  for (const std::uint64_t bits :
       {0x7fffffffffffffffULL, 0x7ff0000000000000ULL, 0xfff0000000000000ULL}) {
    EXPECT_ERROR_CODE(CanonicalJson(Json(FromBits(bits))), ErrorCode::kJsonNumberInvalid);
    EXPECT_ERROR_CODE(CanonicalJson(Json::array({1, FromBits(bits)})),
                      ErrorCode::kJsonNumberInvalid);
  }
  EXPECT_EQ(FormatEcmaScriptNumber(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(FormatEcmaScriptNumber(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(JcsTest, FormatsLikeNodeOnTheNumberCorpus) {
  // tests/vectors/jcs/numbers.tsv, written by make_numbers.mjs with node's String(x).
  std::istringstream lines(testing::ReadFile(testing::TestVectorsDir() / "jcs" / "numbers.tsv"));
  std::string line;
  int checked = 0;
  int wrong = 0;
  while (std::getline(lines, line)) {
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const double value = FromBits(std::stoull(line.substr(0, tab), nullptr, 16));
    const std::string got = FormatEcmaScriptNumber(value);
    if (got != line.substr(tab + 1) && ++wrong <= 20) {
      ADD_FAILURE() << line.substr(0, tab) << ": got " << got << ", node " << line.substr(tab + 1);
    }
    ++checked;
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(checked, 18000);
}

// The sequence of RFC 8785's es6testfile100m.txt (cyberphone/json-canonicalization testdata): 168
// fixed values (read from the shared README), 2,000 doubles from the smallest normal upwards, then
// the finite non-zero doubles of a SHA-256 chain. Each line is "hex,expected\n".
std::vector<std::uint64_t> ReadEs6StaticValues() {
  const std::string readme =
      testing::ReadFile(testing::SharedVectorsDir() / "jcs" / "testdata" / "README.md");
  const auto begin = readme.find("staticU64s = new BigUint64Array([");
  const auto end = readme.find("])", begin);
  std::vector<std::uint64_t> values;
  if (begin == std::string::npos || end == std::string::npos) return values;
  const std::string block = readme.substr(begin, end - begin);
  const std::regex literal("0x([0-9a-f]+)n");
  for (auto it = std::sregex_iterator(block.begin(), block.end(), literal);
       it != std::sregex_iterator(); ++it) {
    values.push_back(std::stoull((*it)[1].str(), nullptr, 16));
  }
  return values;
}

TEST(JcsTest, ReproducesThePublishedHashOfTheEs6NumberTestFile) {
  constexpr int kLines = 100000;
  constexpr std::string_view kPublishedSha256 =
      "22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7";
  std::vector<std::uint64_t> sequence = ReadEs6StaticValues();
  ASSERT_EQ(sequence.size(), 168u);
  for (std::uint64_t i = 0; i < 2000; ++i) sequence.push_back(0x0010000000000000ULL + i);
  Sha256Digest block{};  // the chain starts from 32 zero bytes
  while (sequence.size() < kLines) {
    block = Sha256(ByteView(block));
    for (int i = 0; i < 4 && sequence.size() < kLines; ++i) {
      std::uint64_t bits = 0;
      for (int b = 7; b >= 0; --b) bits = (bits << 8) | block[static_cast<std::size_t>(i * 8 + b)];
      const double value = FromBits(bits);
      if (value != 0 && std::isfinite(value)) sequence.push_back(bits);
    }
  }
  Sha256Hasher hasher;
  std::size_t size = 0;
  char hex[20];
  for (const std::uint64_t bits : sequence) {
    std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(bits));
    const std::string line = std::string(hex) + "," + FormatEcmaScriptNumber(FromBits(bits)) + "\n";
    hasher.Update(line);
    size += line.size();
  }
  EXPECT_EQ(size, 4031728u);
  EXPECT_EQ(HexEncode(hasher.Finish()), kPublishedSha256);
}

TEST(JcsTest, FormatsTheLayoutBorders) {
  EXPECT_EQ(FormatEcmaScriptNumber(1e21), "1e+21");
  EXPECT_EQ(FormatEcmaScriptNumber(1e20), "100000000000000000000");
  EXPECT_EQ(FormatEcmaScriptNumber(1e-7), "1e-7");
  EXPECT_EQ(FormatEcmaScriptNumber(1.5e-7), "1.5e-7");
  EXPECT_EQ(FormatEcmaScriptNumber(1e-6), "0.000001");
  EXPECT_EQ(FormatEcmaScriptNumber(-0.0), "0");
  EXPECT_EQ(FormatEcmaScriptNumber(4.5), "4.5");
  EXPECT_EQ(FormatEcmaScriptNumber(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatEcmaScriptNumber(123e-20), "1.23e-18");
  EXPECT_EQ(FormatEcmaScriptNumber(-1e300), "-1e+300");
}

TEST(JcsTest, SortsKeysByUtf16CodeUnitsNotUtf8Bytes) {
  // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+E000 and U+FFFD, although its UTF-8
  // (F0 9F 98 80) sorts after theirs (EE 80 80, EF BF BD).
  const auto canonical = Canonicalize(R"({"\uE000":1,"\uD83D\uDE00":2,"\uFFFD":3,"z":4})");
  ASSERT_OK(canonical);
  EXPECT_EQ(*canonical, "{\"z\":4,\"\xF0\x9F\x98\x80\":2,\"\xEE\x80\x80\":1,\"\xEF\xBF\xBD\":3}");
  // Code units, not characters or locale: "A" < "B" < "a" < "b"; a prefix first.
  const auto ascii = Canonicalize(R"({"b":0,"a":0,"B":0,"A":0,"aa":0,"":0})");
  ASSERT_OK(ascii);
  EXPECT_EQ(*ascii, R"({"":0,"A":0,"B":0,"a":0,"aa":0,"b":0})");
}

// Objects whose names are all below U+E000 are written in the parsed map's byte order, the others
// sorted by UTF-16 code units: random names from both kinds of characters, against the order
// this test computes itself.
TEST(JcsTest, EveryObjectIsInUtf16OrderWhicheverWayItIsWritten) {
  const std::vector<std::pair<std::string, std::u16string>> pieces = {
      {"a", u"a"},
      {"B", u"B"},
      {"\xC3\xA9", u"\u00E9"},
      {"\xED\x9F\xBF", u"\uD7FF"},
      {"\xEE\x80\x80", u"\uE000"},
      {"\xEF\xBF\xBD", u"\uFFFD"},
      {"\xF0\x9F\x98\x80", u"\U0001F600"}};
  std::mt19937 rng(20261207);
  for (int round = 0; round < 300; ++round) {
    // Half the rounds use only the pieces below U+E000 (the map-order path).
    const std::size_t kinds = round % 2 == 0 ? 4 : pieces.size();
    std::vector<std::pair<std::u16string, std::string>> names;
    Json object = Json::object();
    for (int n = 0; n < 6; ++n) {
      std::string utf8;
      std::u16string utf16;
      for (std::size_t len = rng() % 4; len > 0; --len) {
        const auto& piece = pieces[rng() % kinds];
        utf8 += piece.first;
        utf16 += piece.second;
      }
      if (object.contains(utf8)) continue;
      object[utf8] = n;
      names.emplace_back(utf16, utf8);
    }
    std::sort(names.begin(), names.end());
    std::string expected = "{";
    for (const auto& [utf16, utf8] : names) {
      if (expected.size() > 1) expected += ',';
      expected += "\"" + utf8 + "\":" + std::to_string(object[utf8].get<int>());
    }
    expected += '}';
    const auto canonical = CanonicalJson(object);
    ASSERT_OK(canonical);
    EXPECT_EQ(*canonical, expected) << "round " << round;
  }
}

TEST(JcsTest, WritesEveryIntegerUpTo2To53AsItsDigitsLikeTheDoubleItIs) {
  // The integers are written without formatting them as doubles; around every power of two and
  // ten up to 2^53 the result is the ECMAScript form of the same double.
  std::vector<std::int64_t> values = {0, 1, 9, 10, 99, 100};
  for (int bit = 1; bit <= 53; ++bit) {
    for (std::int64_t d : {-1, 0, 1}) values.push_back((std::int64_t{1} << bit) + d);
  }
  for (std::int64_t p = 10; p <= 1000000000000000; p *= 10) {
    for (std::int64_t d : {-1, 0, 1}) values.push_back(p + d);
  }
  for (std::int64_t v : values) {
    if (v > (std::int64_t{1} << 53)) continue;
    for (std::int64_t signed_v : {v, -v}) {
      const auto canonical = CanonicalJson(Json(signed_v));
      ASSERT_OK(canonical);
      EXPECT_EQ(*canonical, FormatEcmaScriptNumber(static_cast<double>(signed_v))) << signed_v;
      const auto unsigned_form = CanonicalJson(Json(static_cast<std::uint64_t>(v)));
      ASSERT_OK(unsigned_form);
      EXPECT_EQ(*unsigned_form, std::to_string(v));
    }
  }
}

TEST(JcsTest, EscapesOnlyQuoteBackslashAndControlCharacters) {
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) all_controls += static_cast<char>(c);
  const auto canonical = CanonicalJson(Json(all_controls));
  ASSERT_OK(canonical);
  EXPECT_EQ(*canonical,
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
            "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
            "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
  // DEL, U+2028, U+2029, '/', '<' and non-ASCII stay raw UTF-8.
  const auto raw = Canonicalize(R"(["\u007f\u2028\u2029\/<\u00e9\"\\"])");
  ASSERT_OK(raw);
  EXPECT_EQ(*raw, "[\"\x7F\xE2\x80\xA8\xE2\x80\xA9/<\xC3\xA9\\\"\\\\\"]");
}

TEST(JcsTest, WritesLiteralsAndStructuresWithoutWhitespace) {
  const auto canonical =
      Canonicalize(" { \"b\" : [ true , false , null , [ ] , { } ] , \"a\" : -0 } ");
  ASSERT_OK(canonical);
  EXPECT_EQ(*canonical, R"({"a":0,"b":[true,false,null,[],{}]})");
  const auto scalar = Canonicalize("\"x\"");
  ASSERT_OK(scalar);
  EXPECT_EQ(*scalar, "\"x\"");
}

TEST(JcsTest, WritesIntegersOnlyWhenTheirCanonicalFormHasTheirDigits) {
  auto text = [](const Json& j) {
    const auto r = CanonicalJson(j);
    return r.ok() ? *r : std::string(r.error().wire());
  };
  EXPECT_EQ(text(Json(std::int64_t{9007199254740992})), "9007199254740992");
  EXPECT_EQ(text(Json(std::int64_t{-9007199254740992})), "-9007199254740992");
  EXPECT_EQ(text(Json(std::int64_t{9007199254740993})), "json_number_invalid");
  EXPECT_EQ(text(Json(std::int64_t{-9007199254740993})), "json_number_invalid");
  // 2^60 is exact in a double, but JCS writes that double as 1152921504606847000: another integer
  // to anyone who reads integers. Refused; the integer that is the double's form is fine.
  EXPECT_EQ(text(Json(std::int64_t{1} << 60)), "json_number_invalid");
  EXPECT_EQ(text(Json(std::int64_t{1152921504606847000})), "1152921504606847000");
  EXPECT_EQ(text(Json(std::numeric_limits<std::int64_t>::min())), "json_number_invalid");
  EXPECT_EQ(text(Json(std::numeric_limits<std::int64_t>::max())), "json_number_invalid");
  EXPECT_EQ(text(Json(std::numeric_limits<std::uint64_t>::max())), "json_number_invalid");
  EXPECT_EQ(text(Json(std::uint64_t{10000000000000000000ULL})), "10000000000000000000");
  const auto error = CanonicalJson(Json(std::int64_t{9007199254740993}));
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.error().message.find("9007199254740993 would be written as 9007199254740992"),
            std::string::npos)
      << error.error().message;
  // Through the parser: the integer is kept exactly, the canonical form refuses it.
  EXPECT_ERROR_CODE(Canonicalize("[9007199254740993]"), ErrorCode::kJsonNumberInvalid);
  EXPECT_ERROR_CODE(Canonicalize("[1152921504606846976]"), ErrorCode::kJsonNumberInvalid);
}

TEST(JcsTest, CanonicalFormsOfLargeDoublesParseAndCanonicaliseToThemselves) {
  // Found by jcs_fuzz: 2^64 canonicalises to 18446744073709552000, an integer literal beyond 64
  // bits, which must parse again (seed tests/fuzz/seeds/jcs_fuzz/large_integers.json).
  const auto canonical = Canonicalize(
      "[1.8446744073709552e19, 1e20, 2e21, -9.223372036854776e18, 1152921504606847e3]");
  ASSERT_OK(canonical);
  EXPECT_EQ(*canonical,
            "[18446744073709552000,100000000000000000000,2e+21,-9223372036854776000,"
            "1152921504606847000]");
  const auto again = Canonicalize(*canonical);
  ASSERT_OK(again);
  EXPECT_EQ(*again, *canonical);
}

TEST(JcsTest, RefusesTreesWithoutAJsonForm) {
  EXPECT_ERROR_CODE(CanonicalJson(Json("\xC3")), ErrorCode::kUtf8Invalid);
  EXPECT_ERROR_CODE(CanonicalJson(Json::object({{"\xED\xA0\x80", 1}})), ErrorCode::kUtf8Invalid);
  EXPECT_ERROR_CODE(CanonicalJson(Json::binary({1, 2})), ErrorCode::kJsonWrongType);
  EXPECT_ERROR_CODE(CanonicalJson(Json(Json::value_t::discarded)), ErrorCode::kJsonWrongType);
}

}  // namespace
}  // namespace capture
