// What a call centre receives for one lead (R11, R16; docs/guide-call-centre.md), in the feed,
// the webhook push and `optin feed export`: who and which number, the campaign and partner, the
// consent text shown with its date and time, the extra question and answer, the flow, the opt-in
// code, earlier contacts with the person, the campaign policy the dialer must respect (consent
// validity, first-contact term, calling window) and how the number is verified.
#pragma once

#include "app_context.h"
#include "capture/json.h"
#include "capture/result.h"

namespace optin::server {

[[nodiscard]] capture::Result<capture::Json> LeadJson(AppContext& ctx, const DeliveryRow& d);

// Whether the lead may no longer be handed out: its consent was withdrawn, or the person's phone
// number or e-mail address is suppressed. Checked at hand-out, so a withdrawal since wins.
[[nodiscard]] capture::Result<bool> LeadSuppressed(AppContext& ctx, const std::string& record_id);

// "YYYY-MM-DD" of an Amsterdam calendar day number (days since 1970-01-01).
[[nodiscard]] std::string LocalDateText(std::int64_t local_day);

}  // namespace optin::server
