// Keys, health, readiness and metrics.
#include "capture/checkpoint.h"
#include "evidence_format.h"
#include "routes.h"

namespace optin::server {

using capture::Json;
using capture::Result;

Result<HttpReply> GetKeys(AppContext& ctx, const HttpRequest&) {
  Json advertisers = Json::object();
  for (const auto& [id, key] : ctx.config.advertiser_keys) advertisers[id] = key;
  const auto& pk = ctx.server_key->public_key();
  return HttpReply::Json(Json{{"log",
                               {{"origin", ctx.config.log_origin},
                                {"key_name", ctx.config.log_origin},
                                {"vkey", ctx.server_vkey},
                                {"public_key", pk.ToBase64()},
                                {"sha256", KeyFingerprint(pk)}}},
                              {"advertisers", advertisers}});
}

Result<HttpReply> GetHealth(AppContext&, const HttpRequest&) {
  return HttpReply::Json(Json{{"status", "ok"}});
}

Result<HttpReply> GetReady(AppContext& ctx, const HttpRequest&) {
  if (!ctx.ready.load()) {
    return capture::MakeError(capture::ErrorCode::kOverloaded, "starting or stopping");
  }
  CAPTURE_RETURN_IF_ERROR(ctx.sequencer->Admits());
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t size, ctx.storage->LedgerSize());
  return HttpReply::Json(Json{{"status", "ready"}, {"ledger_size", size}});
}

Result<HttpReply> GetMetrics(AppContext& ctx, const HttpRequest&) {
  // Counted at scrape time so the gauge is true even when nobody opened the report.
  auto overdue = ctx.storage->UnackedWithdrawals(NowMillis() - ctx.config.withdrawal_ack_limit_ms);
  if (overdue.ok()) ctx.metrics.SetUnackedWithdrawals(overdue->size());
  return HttpReply::Text(ctx.metrics.Render(ctx.sequencer->outstanding()),
                         "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace optin::server
