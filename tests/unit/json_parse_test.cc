// ParseJson's refusals (duplicates, depth, size, UTF-8, surrogates, BOM, trailing bytes, non-finite
// and inexact numbers) and the typed accessors' errors.
#include <string>

#include "capture/json.h"
#include "test_support.h"

namespace capture {
namespace {

TEST(JsonParseTest, KeepsIntegerUnsignedAndFloatApart) {
  const auto parsed = ParseJson(R"([1, -0, 18446744073709551615, 1.0, 2e3, "s", true, null, {}])");
  ASSERT_OK(parsed);
  const Json& a = *parsed;
  EXPECT_TRUE(a[0].is_number_integer());
  EXPECT_TRUE(a[1].is_number_integer());
  EXPECT_TRUE(a[2].is_number_unsigned());
  EXPECT_TRUE(a[3].is_number_float());
  EXPECT_TRUE(a[4].is_number_float());
  EXPECT_TRUE(a[5].is_string());
  EXPECT_TRUE(a[6].is_boolean());
  EXPECT_TRUE(a[7].is_null());
  EXPECT_TRUE(a[8].is_object());
}

TEST(JsonParseTest, RefusesDuplicateKeysAndNamesThem) {
  const auto parsed = ParseJson(R"({"a": 1, "b": {"version": 1, "version": 2}})");
  ASSERT_ERROR_CODE(parsed, ErrorCode::kJsonDuplicateKey);
  EXPECT_EQ(parsed.error().field, "version");
  EXPECT_NE(parsed.error().message.find("\"version\""), std::string::npos);
  // The same key after unescaping is the same key.
  EXPECT_ERROR_CODE(ParseJson(R"({"a": 1, "\u0061": 2})"), ErrorCode::kJsonDuplicateKey);
  // The same key in two different objects is fine.
  EXPECT_OK(ParseJson(R"({"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]})"));
}

TEST(JsonParseTest, RefusesNestingBeyondTheDepthLimit) {
  const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_OK(ParseJson(nested(32)));
  EXPECT_ERROR_CODE(ParseJson(nested(33)), ErrorCode::kJsonTooDeep);
  EXPECT_OK(ParseJson(R"({"a": {"b": 1}})", {.max_bytes = 100, .max_depth = 2}));
  EXPECT_ERROR_CODE(ParseJson(R"({"a": {"b": []}})", {.max_bytes = 100, .max_depth = 2}),
                    ErrorCode::kJsonTooDeep);
  // Far deeper than any stack could recurse: refused early, no crash.
  const auto deep = ParseJson(std::string(500000, '['), {.max_bytes = 1 << 20, .max_depth = 32});
  ASSERT_ERROR_CODE(deep, ErrorCode::kJsonTooDeep);
  EXPECT_NE(deep.error().message.find("32"), std::string::npos);
}

TEST(JsonParseTest, RefusesBodiesOverTheSizeLimit) {
  const std::string text = R"({"k":"0123456789"})";  // 18 bytes
  EXPECT_OK(ParseJson(text, {.max_bytes = text.size(), .max_depth = 32}));
  EXPECT_ERROR_CODE(ParseJson(text, {.max_bytes = text.size() - 1, .max_depth = 32}),
                    ErrorCode::kJsonTooLarge);
  const std::string big = "\"" + std::string((1 << 20) - 1, 'x') + "\"";  // 1 MiB + 1
  EXPECT_ERROR_CODE(ParseJson(big), ErrorCode::kJsonTooLarge);
  EXPECT_OK(ParseJson(big.substr(0, big.size() - 2) + "\""));  // exactly 1 MiB
}

TEST(JsonParseTest, RefusesInvalidUtf8InStringsAndKeys) {
  const char* bad[] = {
      "\xC0\x80",          // overlong NUL
      "\xC1\xBF",          // overlong
      "\xE0\x80\x80",      // overlong
      "\xED\xA0\x80",      // UTF-8 encoded surrogate U+D800
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF8\x88\x80\x80",  // five-byte form
      "\x80",              // lone continuation byte
      "\xC3",              // truncated two-byte sequence
      "\xE2\x82",          // truncated three-byte sequence
      "\xFF",
  };
  for (const char* bytes : bad) {
    SCOPED_TRACE(::testing::PrintToString(std::string(bytes)));
    EXPECT_ERROR_CODE(ParseJson(std::string("[\"a") + bytes + "b\"]"), ErrorCode::kUtf8Invalid);
    EXPECT_ERROR_CODE(ParseJson(std::string("{\"") + bytes + "\": 1}"), ErrorCode::kUtf8Invalid);
  }
  const auto good = ParseJson("[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\"]");
  ASSERT_OK(good);
  EXPECT_EQ((*good)[0], "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
}

TEST(JsonParseTest, RefusesLoneSurrogateEscapes) {
  for (const char* text : {R"(["\ud800"])", R"(["\udc00"])", R"(["\ud800\u0041"])",
                           R"(["\ud800x"])", R"(["\udbff\udbff"])", R"({"\udfff": 1})"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(ParseJson(text), ErrorCode::kUtf8Invalid);
  }
  const auto pair = ParseJson(R"(["\ud83d\ude00"])");
  ASSERT_OK(pair);
  EXPECT_EQ((*pair)[0], "\xF0\x9F\x98\x80");
}

TEST(JsonParseTest, RefusesAByteOrderMark) {
  EXPECT_ERROR_CODE(ParseJson("\xEF\xBB\xBF{}"), ErrorCode::kJsonInvalid);
  EXPECT_ERROR_CODE(ParseJson("\xEF\xBB{}"), ErrorCode::kJsonInvalid);
  EXPECT_ERROR_CODE(ParseJson(" \xEF\xBB\xBF{}"), ErrorCode::kJsonInvalid);
}

TEST(JsonParseTest, RefusesTrailingBytesWithTheirPosition) {
  const auto parsed = ParseJson("{} x");
  ASSERT_ERROR_CODE(parsed, ErrorCode::kJsonInvalid);
  EXPECT_NE(parsed.error().message.find("at byte 4"), std::string::npos) << parsed.error().message;
  EXPECT_ERROR_CODE(ParseJson("[1]]"), ErrorCode::kJsonInvalid);
  EXPECT_ERROR_CODE(ParseJson("1 2"), ErrorCode::kJsonInvalid);
  // nlohmann alone stops at a NUL byte and ignores the rest; ParseJson refuses it anywhere.
  EXPECT_ERROR_CODE(ParseJson(std::string("{}\0", 3)), ErrorCode::kJsonInvalid);
  const auto hidden = ParseJson(std::string("{\"a\":1}\0{\"a\":2}", 15));
  ASSERT_ERROR_CODE(hidden, ErrorCode::kJsonInvalid);
  EXPECT_NE(hidden.error().message.find("at byte 7"), std::string::npos) << hidden.error().message;
  EXPECT_ERROR_CODE(ParseJson(std::string("[\"a\0b\"]", 7)), ErrorCode::kJsonInvalid);
  EXPECT_OK(ParseJson(" {} \r\n\t"));
}

TEST(JsonParseTest, RefusesWhatIsNotJson) {
  for (const char* text : {"", " ", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "[01]", "[.5]", "[1.]",
                           "[+1]", "[0x10]", "// c\n{}", "/* c */{}", "[\"tab\tin string\"]",
                           "[\"\\x41\"]", "[True]", "{\"a\" 1}", "[1 2]"}) {
    SCOPED_TRACE(text);
    const auto parsed = ParseJson(text);
    ASSERT_ERROR_CODE(parsed, ErrorCode::kJsonInvalid);
    EXPECT_NE(parsed.error().message.find("at byte"), std::string::npos);
  }
}

TEST(JsonParseTest, RefusesNaNAndInfinity) {
  for (const char* text : {"[NaN]", "[nan]", "[Infinity]", "[-Infinity]", "[inf]"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(ParseJson(text), ErrorCode::kJsonInvalid);
  }
  // Numbers beyond the double range are not silently made infinite.
  EXPECT_ERROR_CODE(ParseJson("[1e400]"), ErrorCode::kJsonNumberInvalid);
  EXPECT_ERROR_CODE(ParseJson("[-1.5e309]"), ErrorCode::kJsonNumberInvalid);
  // Underflow rounds to zero, as JSON.parse does.
  const auto tiny = ParseJson("[1e-400]");
  ASSERT_OK(tiny);
  EXPECT_EQ((*tiny)[0].get<double>(), 0.0);
}

TEST(JsonParseTest, KeepsBigIntegersExactOrRefusesThem) {
  const auto parsed = ParseJson(
      "[9223372036854775807, -9223372036854775808, 9223372036854775808, "
      "18446744073709551615, 18446744073709552000, -100000000000000000000]");
  ASSERT_OK(parsed);
  EXPECT_EQ((*parsed)[0].get<std::int64_t>(), INT64_MAX);
  EXPECT_EQ((*parsed)[1].get<std::int64_t>(), INT64_MIN);
  EXPECT_EQ((*parsed)[2].get<std::uint64_t>(), 9223372036854775808ULL);
  EXPECT_EQ((*parsed)[3].get<std::uint64_t>(), UINT64_MAX);
  // Beyond 64 bits: kept as the double whose canonical form these digits are.
  EXPECT_EQ((*parsed)[4].get<double>(), 18446744073709551616.0);
  EXPECT_EQ((*parsed)[5].get<double>(), -1e20);
  // Integer literals beyond 64 bits that canonicalisation would write with other digits are
  // refused, not rounded; 2^64 spelled exactly is one of them (JCS writes 18446744073709552000).
  for (const char* text : {"[18446744073709551617]", "[-9223372036854775809]",
                           "[100000000000000000000000]", "[18446744073709551616]"}) {
    SCOPED_TRACE(text);
    const auto refused = ParseJson(text);
    ASSERT_ERROR_CODE(refused, ErrorCode::kJsonNumberInvalid);
    EXPECT_NE(refused.error().message.find(std::string(text).substr(1, 10)), std::string::npos);
  }
  // The same magnitudes written as floats mean the nearest double, as in every JSON parser.
  EXPECT_OK(ParseJson("[1e23, 18446744073709551617.0]"));
}

// ParseJson against nlohmann's own parser (exceptions off): both accept exactly the same texts and
// read the same trees, except where ParseJson refuses more on purpose (duplicate keys, depth,
// integers that would change). The inputs are hand-picked edge cases plus every one-byte edit of
// two documents, which walks each grammar rule from every position.
void ExpectSameAsNlohmann(const std::string& text) {
  const auto ours = ParseJson(text);
  const Json theirs = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (ours.ok()) {
    ASSERT_FALSE(theirs.is_discarded()) << "accepted what nlohmann refuses: " << text;
    ASSERT_EQ(*ours, theirs) << text;
    return;
  }
  const ErrorCode code = ours.error().code;
  if (code == ErrorCode::kJsonInvalid || code == ErrorCode::kUtf8Invalid) {
    ASSERT_TRUE(theirs.is_discarded())
        << "refused what nlohmann accepts: " << text << " (" << ours.error().message << ")";
  }
}

TEST(JsonParseTest, AcceptsAndReadsExactlyWhatNlohmannDoes) {
  for (const char* text : {"0",
                           "-0",
                           "-0.0",
                           "1e5",
                           "1E+5",
                           "1e-5",
                           "-1.25e-3",
                           "123456789012345678901234567890.5",
                           "1e-400",
                           "[]",
                           "{}",
                           "[[]]",
                           "[{}]",
                           "{\"a\":[1,{\"b\":null}]}",
                           " [ 1 , 2 ] ",
                           "\"\"",
                           "\"\\u0000\"",
                           "\"\\u00e9\\u20AC\\ud83d\\ude00\"",
                           "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
                           "\"\\u12\"",
                           "\"\\uzzzz\"",
                           "\"\\",
                           "\"abc",
                           "[1,",
                           "[1",
                           "{\"a\"",
                           "{\"a\":",
                           "{\"a\" :1 , }",
                           "-",
                           "--1",
                           "-a",
                           "1.e5",
                           "1e",
                           "1e+",
                           ".1",
                           "01",
                           "-01",
                           "00",
                           "0.",
                           "tru",
                           "nul",
                           "true false",
                           "\x7f",
                           "[\x7f]",
                           "\"\x7f\"",
                           "[\"\xC3\xA9\"]",
                           "[\"\xC3\"]",
                           "{\"\xE2\x82\xAC\":1}",
                           "\f[]",
                           "[]\f",
                           "\v1",
                           "[1]\u00a0"}) {
    SCOPED_TRACE(text);
    ExpectSameAsNlohmann(text);
  }
  const std::string manifest =
      testing::ReadFile(testing::TestVectorsDir() / "manifests" / "example-campaign.json");
  const std::string small = R"({"a":[1,-2.5e3,true,null,"x\u00e9\n"],"b":{"c":{}},"d":[]})";
  constexpr std::string_view kEdits = "\"\\{}[],:0-.eE+x \t\x01\xC3\x80";
  // Every edit of the small document; of the manifest (3 KB), deletions and a few bytes only.
  for (const std::string& doc : {small, manifest}) {
    const std::string_view edits = doc == small ? kEdits : kEdits.substr(0, 3);
    for (std::size_t i = 0; i < doc.size(); ++i) {
      std::string removed = doc;
      removed.erase(i, 1);
      ExpectSameAsNlohmann(removed);
      for (const char c : edits) {
        std::string edited = doc;
        edited[i] = c;
        ExpectSameAsNlohmann(edited);
        if (HasFatalFailure()) return;
      }
    }
  }
}

// --- Accessors ---------------------------------------------------------------------------------

Json Campaign() {
  auto parsed = ParseJson(R"({"id": "spring", "version": 3, "live": true, "ratio": 1.5,
      "whole": 2.0, "huge": 18446744073709551615, "far": 1e300, "fields": [], "policy": {},
      "text": "5", "nothing": null})");
  EXPECT_OK(parsed);
  return parsed.ok() ? *parsed : Json();
}

TEST(JsonAccessTest, ReadsMembersOfTheRightType) {
  const Json c = Campaign();
  EXPECT_EQ(*GetString(c, "id"), "spring");
  EXPECT_EQ(*GetInt(c, "version"), 3);
  EXPECT_EQ(*GetBool(c, "live"), true);
  ASSERT_OK(GetArray(c, "fields"));
  EXPECT_EQ(*GetArray(c, "fields"), &c["fields"]);
  ASSERT_OK(GetObject(c, "policy"));
  EXPECT_EQ(*GetObject(c, "policy"), &c["policy"]);
}

TEST(JsonAccessTest, NamesTheDottedPathOfAMissingMember) {
  const auto missing = GetString(Campaign(), "advertiser", "campaign");
  ASSERT_ERROR_CODE(missing, ErrorCode::kJsonMissingMember);
  EXPECT_EQ(missing.error().field, "campaign.advertiser");
  EXPECT_NE(missing.error().message.find("campaign.advertiser"), std::string::npos);
  const auto top = GetInt(Campaign(), "size");
  ASSERT_ERROR_CODE(top, ErrorCode::kJsonMissingMember);
  EXPECT_EQ(top.error().field, "size");
}

TEST(JsonAccessTest, NamesTheDottedPathOfAWrongType) {
  const Json c = Campaign();
  const auto wrong = GetString(c, "version", "campaign");
  ASSERT_ERROR_CODE(wrong, ErrorCode::kJsonWrongType);
  EXPECT_EQ(wrong.error().field, "campaign.version");
  EXPECT_NE(wrong.error().message.find("campaign.version"), std::string::npos);
  EXPECT_NE(wrong.error().message.find("string"), std::string::npos);
  EXPECT_ERROR_CODE(GetBool(c, "nothing"), ErrorCode::kJsonWrongType);
  EXPECT_ERROR_CODE(GetBool(c, "text"), ErrorCode::kJsonWrongType);
  EXPECT_ERROR_CODE(GetObject(c, "fields"), ErrorCode::kJsonWrongType);
  EXPECT_ERROR_CODE(GetArray(c, "policy"), ErrorCode::kJsonWrongType);
  // The container itself is not an object.
  const auto not_object = GetString(c["fields"], "x", "campaign.fields");
  ASSERT_ERROR_CODE(not_object, ErrorCode::kJsonWrongType);
  EXPECT_EQ(not_object.error().field, "campaign.fields");
}

TEST(JsonAccessTest, ReadsIntegralNumbersOnly) {
  const Json c = Campaign();
  EXPECT_EQ(*GetInt(c, "whole"), 2);  // 2.0 canonicalises to 2
  EXPECT_ERROR_CODE(GetInt(c, "ratio"), ErrorCode::kJsonWrongType);
  EXPECT_ERROR_CODE(GetInt(c, "huge"), ErrorCode::kJsonWrongType);  // beyond int64
  EXPECT_ERROR_CODE(GetInt(c, "far"), ErrorCode::kJsonWrongType);   // integral, beyond 2^53
  EXPECT_ERROR_CODE(GetInt(c, "text"), ErrorCode::kJsonWrongType);
  EXPECT_ERROR_CODE(GetInt(c, "live"), ErrorCode::kJsonWrongType);
  const auto edges = ParseJson(R"({"max": 9007199254740992.0, "over": 9007199254740994.0,
      "neg": -9007199254740992.0, "minus_zero": -0.0, "i64": -9223372036854775808})");
  ASSERT_OK(edges);
  EXPECT_EQ(*GetInt(*edges, "max"), 9007199254740992);
  EXPECT_EQ(*GetInt(*edges, "neg"), -9007199254740992);
  EXPECT_EQ(*GetInt(*edges, "minus_zero"), 0);
  EXPECT_EQ(*GetInt(*edges, "i64"), INT64_MIN);
  EXPECT_ERROR_CODE(GetInt(*edges, "over"), ErrorCode::kJsonWrongType);
}

TEST(JsonAccessTest, RefusesUnknownMembersByPath) {
  const auto parsed = ParseJson(R"({"id": "x", "version": 1, "colour": "red"})");
  ASSERT_OK(parsed);
  EXPECT_OK(CheckMembers(*parsed, {"id", "version", "colour", "unused"}));
  const auto unknown = CheckMembers(*parsed, {"id", "version"}, "campaign");
  ASSERT_ERROR_CODE(unknown, ErrorCode::kJsonUnknownMember);
  EXPECT_EQ(unknown.error().field, "campaign.colour");
  EXPECT_NE(unknown.error().message.find("campaign.colour"), std::string::npos);
  const auto top = CheckMembers(*parsed, {"id"});
  ASSERT_ERROR_CODE(top, ErrorCode::kJsonUnknownMember);
  EXPECT_EQ(top.error().field, "colour");
  EXPECT_ERROR_CODE(CheckMembers(Json::array(), {"id"}, "campaign"), ErrorCode::kJsonWrongType);
}

}  // namespace
}  // namespace capture
