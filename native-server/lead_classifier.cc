#include "lead_classifier.h"

#include <cstdio>

namespace optin::server {
namespace {

constexpr capture::UnixMillis kDayMs = 86400000;
constexpr capture::UnixMillis kHourMs = 3600000;

std::string DateText(std::int64_t local_day) {
  const capture::CivilDate d = capture::CivilFromDays(local_day);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", d.year, d.month, d.day);
  return out;
}

}  // namespace

std::string_view FlowName(Flow flow) {
  switch (flow) {
    case Flow::kCustomer:
      return "customer";
    case Flow::kLead:
      return "lead";
    case Flow::kRepeatLead:
      return "repeat_lead";
    case Flow::kHeldBack:
      return "held_back";
    case Flow::kNotCallable:
      return "not_callable";
  }
  return "not_callable";
}

bool ClassifyZoneSupported(std::string_view timezone) { return timezone == "Europe/Amsterdam"; }

std::int64_t LocalDay(capture::UnixMillis at) {
  return capture::DaysFromCivil(capture::AmsterdamDate(at));
}

capture::UnixMillis LocalMidnight(std::int64_t local_day) {
  // Amsterdam changes its offset at 01:00 UTC, never near local midnight (22:00 or 23:00 UTC the
  // evening before), so the offset an hour before UTC midnight is the offset at local midnight.
  const capture::UnixMillis utc_midnight = local_day * kDayMs;
  return utc_midnight - capture::AmsterdamOffsetMinutes(utc_midnight - kHourMs) * 60000LL;
}

Classification Classify(const LeadFacts& f, const capture::CampaignPolicy& policy) {
  if (!f.telephone_consent) return {Flow::kNotCallable, "no_telephone_consent", {}};
  if (!f.has_phone) return {Flow::kNotCallable, "no_phone_number", {}};
  if (f.suppressed) return {Flow::kNotCallable, "withdrawn", {}};
  if (f.source_blocked) return {Flow::kNotCallable, "source_blocked", {}};
  if (LocalDay(f.now) - LocalDay(f.captured_at) >= policy.consent_validity_days) {
    return {Flow::kNotCallable, "consent_expired", {}};
  }
  // The request promised the first call within the term (Code Telemarketing: a consent not used
  // within 6 months states its term): on its last day the lead may still be called, not after.
  if (LocalDay(f.now) - LocalDay(f.captured_at) > policy.first_contact_term_days) {
    return {Flow::kNotCallable, "first_contact_term_passed", {}};
  }
  if (f.last_contact) {
    const std::int64_t release_day = LocalDay(*f.last_contact) + policy.contact_pause_days;
    if (LocalDay(f.now) < release_day) {
      return {Flow::kHeldBack, "paused_until:" + DateText(release_day), LocalMidnight(release_day)};
    }
  }
  if (f.earlier_lead) return {Flow::kRepeatLead, "matches_earlier_lead", {}};
  if (f.customer) return {Flow::kCustomer, "matches_customer", {}};
  return {Flow::kLead, "unknown_subject", {}};
}

}  // namespace optin::server
