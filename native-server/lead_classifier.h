// Classification of a committed consent record (issue 5, MISSION.md R12-R15): one deterministic
// function of facts the processor gathers, so the same facts always give the same flow and the
// same recorded reason. The checks run in a fixed order: not callable first (nothing may override
// a missing or withdrawn consent), then contact pressure, then repeat lead, customer, lead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "capture/manifest.h"
#include "capture/time.h"

namespace optin::server {

enum class Flow { kCustomer, kLead, kRepeatLead, kHeldBack, kNotCallable };

[[nodiscard]] std::string_view FlowName(Flow flow);

// What the processor knows about one record when it classifies it.
struct LeadFacts {
  bool telephone_consent = false;  // the record's telephone consent item was given
  bool has_phone = false;          // a phone number was disclosed
  capture::UnixMillis captured_at = 0;
  capture::UnixMillis now = 0;
  bool suppressed = false;      // a phone or e-mail key is in suppressions (withdrawn, erased)
  bool source_blocked = false;  // the traffic source is blocked for this campaign
  bool customer = false;        // a phone or e-mail key matches the customer list
  bool earlier_lead = false;    // a phone or e-mail key matches an earlier record's
  std::optional<capture::UnixMillis> last_contact;  // latest delivery or call, this campaign
};

struct Classification {
  Flow flow = Flow::kNotCallable;
  std::string reason;  // stable, machine-readable: "no_telephone_consent", "paused_until:<date>"
  std::optional<capture::UnixMillis> release_at;  // held back: when the pause ends
};

[[nodiscard]] Classification Classify(const LeadFacts& facts,
                                      const capture::CampaignPolicy& policy);

// Calendar-day arithmetic in the campaign's time zone. Only Europe/Amsterdam is supported (the
// core's helpers; the server carries no tz database); ClassifyZoneSupported says so up front.
[[nodiscard]] bool ClassifyZoneSupported(std::string_view timezone);
[[nodiscard]] std::int64_t LocalDay(capture::UnixMillis at);
[[nodiscard]] capture::UnixMillis LocalMidnight(std::int64_t local_day);

}  // namespace optin::server
