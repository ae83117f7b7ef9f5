// R2: the traffic code partner.channel.placement.creative.
#include <gtest/gtest.h>

#include <string>

#include "capture/record.h"
#include "test_support.h"

namespace capture {
namespace {

TEST(TrafficSourceTest, ParsesTheFourPartsAndWritesThemBack) {
  auto source = ParseTrafficCode("winactieplein.display.sidebar.c7");
  ASSERT_OK(source);
  EXPECT_EQ(source->partner, "winactieplein");
  EXPECT_EQ(source->channel, "display");
  EXPECT_EQ(source->placement, "sidebar");
  EXPECT_EQ(source->creative, "c7");
  EXPECT_EQ(source->code(), "winactieplein.display.sidebar.c7");
}

TEST(TrafficSourceTest, AcceptsDigitsUnderscoresHyphensAndThirtyTwoBytesPerPart) {
  const std::string part32(32, 'a');
  const std::string code = "direct.e-mail." + part32 + ".v_2-b";
  auto source = ParseTrafficCode(code);
  ASSERT_OK(source);
  EXPECT_EQ(source->placement, part32);
  EXPECT_EQ(source->code(), code);
}

TEST(TrafficSourceTest, RefusesEveryMalformedCode) {
  const std::string part33(33, 'a');
  for (const std::string& bad :
       {std::string(""), std::string("direct"), std::string("a.b.c"), std::string("a.b.c.d.e"),
        std::string("a..c.d"), std::string(".b.c.d"), std::string("a.b.c."), std::string("A.b.c.d"),
        std::string("a.b c.d"), std::string("a.b.c.d\n"), std::string("a.b/c.d"),
        std::string("a.b.c.\xc3\xa9"), "a.b." + part33 + ".d"}) {
    auto source = ParseTrafficCode(bad);
    ASSERT_ERROR_CODE(source, ErrorCode::kSourceInvalid) << bad;
    EXPECT_EQ(source.error().field, "source");
  }
}

TEST(TrafficSourceTest, MessagesNameThePartAtFault) {
  auto source = ParseTrafficCode("p.c..x");
  ASSERT_ERROR_CODE(source, ErrorCode::kSourceInvalid);
  EXPECT_NE(source.error().message.find("placement"), std::string::npos) << source.error().message;
}

}  // namespace
}  // namespace capture
