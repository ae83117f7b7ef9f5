// JsonText (readable JSON of answers and reports) against nlohmann's dump(), whose layout and
// invalid-UTF-8 replacement it reproduces without linking nlohmann's serializer or printf.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "capture/json.h"
#include "test_support.h"

namespace capture {
namespace {

std::string Dump(const Json& value, int indent) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// Every well-formed and ill-formed UTF-8 shape the replacement must handle, maximal subparts
// included (one U+FFFD per subpart, the byte after a broken sequence read again).
const std::vector<std::string>& Strings() {
  static const std::vector<std::string> strings = {
      "",
      "plain",
      "quote \" backslash \\ slash /",
      std::string("controls \b\f\n\r\t \x01 \x1f \x7f ") + '\0' + " end",
      "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF",
      "\xC0\x80",
      "\xC1\xBF",
      "\xE0\x80\x80",
      "\xE0\x9F\xBF",
      "\xED\xA0\x80",
      "\xED\x9F\xBF",
      "\xF0\x8F\xBF\xBF",
      "\xF4\x90\x80\x80",
      "\xF5\x80\x80\x80",
      "\xF8\x88\x80\x80\x80",
      "\x80",
      "\xBF\x80",
      "a\xC3",
      "a\xE2\x82",
      "a\xE2\x82z",
      "\xF0\x9F\x98",
      "\xF0\x9F\x98x",
      "\xE2\x28\xA1",
      "\xFE\xFF",
      "mixed \xC3\xA9 \xFF \xE2\x82\xAC \xE2 \xF0\x9F\x98\x80",
  };
  return strings;
}

TEST(JsonTextTest, EscapesAndReplacesStringsAsDumpDoes) {
  for (const std::string& s : Strings()) {
    SCOPED_TRACE(::testing::PrintToString(s));
    std::string ours;
    AppendJsonString(s, ours);
    EXPECT_EQ(ours, Dump(Json(s), -1));
    EXPECT_EQ(JsonText(Json(s)), Dump(Json(s), -1));
  }
}

// Runs of plain ASCII are copied at once: random strings of runs, escapes and (broken) UTF-8
// pieces, joined at every kind of boundary, still come out as dump() writes them.
TEST(JsonTextTest, EscapesAndReplacesRandomMixturesAsDumpDoes) {
  const std::vector<std::string> pieces = {"a",
                                           "plain words ",
                                           "~",
                                           "\x7f",
                                           "\"",
                                           "\\",
                                           "\n",
                                           "\t",
                                           "\x01",
                                           std::string(1, '\0'),
                                           "\xC3\xA9",
                                           "\xE2\x82\xAC",
                                           "\xF0\x9F\x98\x80",
                                           "\xC3",
                                           "\xE2\x82",
                                           "\x80",
                                           "\xFF",
                                           "\xED\xA0\x80",
                                           " ",
                                           "/"};
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const std::size_t count = next() % 12;
    for (std::size_t k = 0; k < count; ++k) s += pieces[next() % pieces.size()];
    std::string ours;
    AppendJsonString(s, ours);
    ASSERT_EQ(ours, Dump(Json(s), -1)) << ::testing::PrintToString(s);
  }
}

TEST(JsonTextTest, LaysOutTreesAsDumpDoesCompactAndIndented) {
  Json tree = Json::object();
  tree["empty_object"] = Json::object();
  tree["empty_array"] = Json::array();
  tree["numbers"] = {0, -1, 42, INT64_MIN, UINT64_MAX};
  tree["flags"] = {true, false, nullptr};
  tree["nested"] = {{"b", {{"c", Json::array({Json::object(), Json::array({1})})}}}, {"a", "x"}};
  Json strings = Json::array();
  for (const std::string& s : Strings()) strings.push_back(s);
  tree["strings"] = strings;
  tree["\xFF key"] = "value";
  for (int indent : {-1, 0, 2, 4}) {
    SCOPED_TRACE(indent);
    EXPECT_EQ(JsonText(tree, indent), Dump(tree, indent));
  }
  EXPECT_EQ(JsonText(Json("scalar")), "\"scalar\"");
  EXPECT_EQ(JsonText(Json()), "null");
}

TEST(JsonTextTest, WritesNumbersInTheirEcmaScriptForm) {
  // dump() writes 1.0 and 1e-05; ECMAScript (and JSON.parse readers) 1 and 0.00001.
  const Json numbers = {1.0, 0.5, 1e21, 1e-7, 0.00001, -2.5, 4.35, 1.7976931348623157e308};
  EXPECT_EQ(JsonText(numbers), "[1,0.5,1e+21,1e-7,0.00001,-2.5,4.35,1.7976931348623157e+308]");
  EXPECT_EQ(Json::parse(JsonText(numbers)), numbers);
  // As dump() does, a value JSON cannot hold becomes null.
  EXPECT_EQ(JsonText(Json({HUGE_VAL, -HUGE_VAL, std::nan("")})), "[null,null,null]");
}

}  // namespace
}  // namespace capture
