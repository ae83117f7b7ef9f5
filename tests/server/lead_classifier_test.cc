// Every classification with its recorded reason, and the contact-pause boundaries counted in
// calendar days in Europe/Amsterdam (days 59, 60 and 61, also across the DST change).
#include "lead_classifier.h"

#include <gtest/gtest.h>

namespace optin::server {
namespace {

using capture::UnixMillis;

// An Amsterdam wall-clock time as a UTC instant.
UnixMillis Local(int y, int m, int d, int hh, int mm) {
  const std::int64_t day = capture::DaysFromCivil({y, m, d});
  return LocalMidnight(day) + (hh * 60LL + mm) * 60000LL;
}

LeadFacts Callable(UnixMillis now) {
  LeadFacts f;
  f.telephone_consent = true;
  f.has_phone = true;
  f.captured_at = now - 60000;
  f.now = now;
  return f;
}

const capture::CampaignPolicy kPolicy{};

TEST(LeadClassifierTest, EveryFlowHasItsReason) {
  const UnixMillis now = Local(2026, 11, 28, 12, 0);
  struct Case {
    void (*change)(LeadFacts&);
    Flow flow;
    const char* reason;
  };
  const Case cases[] = {
      {[](LeadFacts&) {}, Flow::kLead, "unknown_subject"},
      {[](LeadFacts& f) { f.customer = true; }, Flow::kCustomer, "matches_customer"},
      {[](LeadFacts& f) { f.earlier_lead = true; }, Flow::kRepeatLead, "matches_earlier_lead"},
      {[](LeadFacts& f) { f.earlier_lead = f.customer = true; }, Flow::kRepeatLead,
       "matches_earlier_lead"},
      {[](LeadFacts& f) { f.telephone_consent = false; }, Flow::kNotCallable,
       "no_telephone_consent"},
      {[](LeadFacts& f) { f.has_phone = false; }, Flow::kNotCallable, "no_phone_number"},
      {[](LeadFacts& f) { f.suppressed = true; }, Flow::kNotCallable, "withdrawn"},
      {[](LeadFacts& f) { f.source_blocked = true; }, Flow::kNotCallable, "source_blocked"},
      {[](LeadFacts& f) { f.captured_at = f.now - 366LL * 86400000; }, Flow::kNotCallable,
       "consent_expired"},
      {[](LeadFacts& f) { f.captured_at = f.now - 181LL * 86400000; }, Flow::kNotCallable,
       "first_contact_term_passed"},
      {[](LeadFacts& f) { f.last_contact = f.now - 86400000; }, Flow::kHeldBack,
       "paused_until:2027-01-26"},
      // Withdrawal wins over everything else, also over a customer match and a pause.
      {[](LeadFacts& f) { f.suppressed = f.customer = true, f.last_contact = f.now; },
       Flow::kNotCallable, "withdrawn"},
  };
  for (const auto& c : cases) {
    LeadFacts f = Callable(now);
    c.change(f);
    const Classification got = Classify(f, kPolicy);
    EXPECT_EQ(FlowName(got.flow), FlowName(c.flow)) << c.reason;
    EXPECT_EQ(got.reason, c.reason);
    EXPECT_EQ(got.release_at.has_value(), c.flow == Flow::kHeldBack) << c.reason;
    // Deterministic: the same facts give the same answer.
    EXPECT_EQ(Classify(f, kPolicy).reason, got.reason);
  }
}

// Contact late in the evening of day 0 (local), across the end of summer time on 25 October.
TEST(LeadClassifierTest, PauseEndsAtLocalMidnightOfDaySixty) {
  const UnixMillis contact = Local(2026, 9, 1, 23, 30);  // 21:30 UTC: still 1 Sept locally
  const std::int64_t day0 = capture::DaysFromCivil({2026, 9, 1});
  struct Case {
    int day;
    Flow flow;
  };
  for (const Case c : {Case{59, Flow::kHeldBack}, Case{60, Flow::kLead}, Case{61, Flow::kLead}}) {
    for (int minute : {0, 1, 23 * 60 + 59}) {
      LeadFacts f = Callable(LocalMidnight(day0 + c.day) + minute * 60000LL);
      f.last_contact = contact;
      const Classification got = Classify(f, kPolicy);
      EXPECT_EQ(FlowName(got.flow), FlowName(c.flow)) << "day " << c.day << " +" << minute;
      if (c.flow == Flow::kHeldBack) {
        EXPECT_EQ(got.reason, "paused_until:2026-10-31");
        EXPECT_EQ(*got.release_at, Local(2026, 10, 31, 0, 0));
      }
    }
  }
  // Local midnight is 23:00 UTC in winter, 22:00 UTC in summer.
  EXPECT_EQ(capture::FormatRfc3339Millis(Local(2026, 10, 31, 0, 0)), "2026-10-30T23:00:00.000Z");
  EXPECT_EQ(capture::FormatRfc3339Millis(Local(2026, 9, 1, 0, 0)), "2026-08-31T22:00:00.000Z");
  // One minute before local midnight of day 60 is still day 59: held back.
  LeadFacts f = Callable(Local(2026, 10, 31, 0, 0) - 60000);
  f.last_contact = contact;
  EXPECT_EQ(Classify(f, kPolicy).flow, Flow::kHeldBack);
}

TEST(LeadClassifierTest, PauseFollowsTheCampaignPolicy) {
  capture::CampaignPolicy seven = kPolicy;
  seven.contact_pause_days = 7;
  const UnixMillis contact = Local(2026, 3, 25, 10, 0);  // summer time starts 29 March
  LeadFacts f = Callable(Local(2026, 4, 1, 0, 0) - 60000);
  f.last_contact = contact;
  EXPECT_EQ(Classify(f, seven).reason, "paused_until:2026-04-01");
  f.now = Local(2026, 4, 1, 0, 0);
  EXPECT_EQ(Classify(f, seven).flow, Flow::kLead);
  EXPECT_TRUE(ClassifyZoneSupported("Europe/Amsterdam"));
  EXPECT_FALSE(ClassifyZoneSupported("America/New_York"));
}

}  // namespace
}  // namespace optin::server

namespace optin::server {
namespace {

// The first-contact term (default 180 days): on day 180 after the opt-in the lead may still be
// called, on day 181 it is not callable; counted in Amsterdam calendar days like the pause.
TEST(LeadClassifierTest, FirstContactTermEndsAfterItsLastDay) {
  capture::CampaignPolicy policy = kPolicy;
  policy.first_contact_term_days = 90;
  const UnixMillis captured = Local(2026, 3, 1, 23, 30);
  for (int days : {89, 90, 91}) {
    LeadFacts f = Callable(Local(2026, 3, 1, 10, 0));
    f.captured_at = captured;
    f.now = LocalMidnight(LocalDay(captured) + days) + 60000;
    const Classification got = Classify(f, policy);
    EXPECT_EQ(got.reason, days <= 90 ? "unknown_subject" : "first_contact_term_passed") << days;
  }
}

}  // namespace
}  // namespace optin::server
