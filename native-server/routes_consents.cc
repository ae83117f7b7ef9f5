// POST /v1/consents: verify each envelope with the core against its published manifest
// (consent_intake.h), queue the accepted ones for the sequencer, and answer receipts only after
// their batch committed.
#include "consent_intake.h"
#include "routes.h"

namespace optin::server {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

Result<HttpReply> PostConsents(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  const bool batch = body.is_array();
  if (batch && (body.empty() || body.size() > ctx.config.max_batch_records)) {
    return MakeError(
        body.empty() ? ErrorCode::kRequestInvalid : ErrorCode::kBatchTooLarge,
        "a batch holds 1 to " + std::to_string(ctx.config.max_batch_records) + " envelopes");
  }
  std::vector<Json*> envelopes;
  if (batch) {
    for (auto& e : body) envelopes.push_back(&e);
  } else {
    envelopes.push_back(&body);
  }
  // A server that cannot store, or whose clock was set back, says so before judging times.
  CAPTURE_RETURN_IF_ERROR(ctx.sequencer->Admits());
  const std::int64_t now = NowMillis();
  std::vector<PreparedEnvelope> prepared;
  // Each envelope is handed over: the verified record takes its parsed record instead of a copy.
  for (Json* e : envelopes) prepared.push_back(PrepareEnvelope(ctx, std::move(*e), now, nullptr));
  CAPTURE_ASSIGN_OR_RETURN(auto outcomes, CommitEnvelopes(ctx, prepared, now));
  if (!batch) {
    if (!outcomes[0].ok()) return outcomes[0].error();
    return HttpReply::Json(*outcomes[0]);
  }
  return HttpReply::Json(Json{{"results", BatchResults(outcomes)}});
}

}  // namespace optin::server
