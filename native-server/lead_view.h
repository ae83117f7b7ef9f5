// What a call centre receives for one lead (R11, R16; docs/guide-call-centre.md), in the feed,
// the webhook push and `optin feed export`: who and which number, the campaign and partner, the
// consent text shown with its date and time, the extra question and answer, the flow, the opt-in
// code, earlier contacts with the person, the campaign policy the dialer must respect (consent
// validity, first-contact term, calling window) and how the number is verified.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app_context.h"
#include "capture/json.h"
#include "capture/result.h"

namespace optin::server {

// The lead as handed out, as its JSON object's text (docs/guide-call-centre.md), or nothing when
// it may no longer be handed out (LeadSuppressed). The feed, the webhook push and the export go
// through here: checked at hand-out, so a withdrawal since classification wins.
[[nodiscard]] capture::Result<std::optional<std::string>> DeliverableLead(AppContext& ctx,
                                                                          const DeliveryRow& d);

// One page of a call centre's feed (GET /v1/feeds/leads): the queued leads after the cursor in
// commit order, at most `limit` of them, read in one snapshot, then marked delivered at `now`.
// A suppressed lead is skipped but the cursor moves past it.
struct HandedOutLeads {
  std::vector<std::string> leads;  // each a JSON object's text
  std::uint64_t next_cursor = 0;
  std::size_t queued = 0;  // the queue rows the page read, handed out or skipped
};
[[nodiscard]] capture::Result<HandedOutLeads> HandOutLeads(AppContext& ctx,
                                                           const std::string& call_centre,
                                                           std::uint64_t after, std::size_t limit,
                                                           capture::UnixMillis now);

// Whether the lead may no longer be handed out: its consent was withdrawn, or the person's phone
// number or e-mail address is suppressed.
[[nodiscard]] capture::Result<bool> LeadSuppressed(AppContext& ctx, const std::string& record_id);

// "YYYY-MM-DD" of an Amsterdam calendar day number (days since 1970-01-01).
[[nodiscard]] std::string LocalDateText(std::int64_t local_day);

}  // namespace optin::server
