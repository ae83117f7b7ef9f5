#include "relay_client.h"

#include <chrono>

#include "capture/relay.h"
#include "server_call.h"

namespace optin::client {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

Result<std::vector<Json>> ReadEnvelopes(std::string_view text) {
  std::vector<Json> out;
  auto whole = capture::ParseJson(text, capture::JsonLimits{64u << 20, 32});
  if (whole.ok()) {
    if (whole->is_array()) {
      for (auto& e : *whole) out.push_back(std::move(e));
    } else {
      out.push_back(std::move(*whole));
    }
    return out;
  }
  // JSON Lines: one envelope per non-empty line.
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto json = capture::ParseJson(line);
    if (!json.ok()) {
      capture::Error e = json.error();
      e.message = "line " + std::to_string(line_no) + ": " + e.message;
      return e;
    }
    out.push_back(std::move(*json));
  }
  if (out.empty()) return MakeError(ErrorCode::kJsonInvalid, "no envelopes in the input");
  return out;
}

Result<Json> BuildRelayRequest(const std::vector<Json>& envelopes, const std::string& partner,
                               const capture::SigningKey& key, capture::UnixMillis relayed_at) {
  capture::RelayBatch batch;
  batch.partner = partner;
  batch.relayed_at = relayed_at;
  for (std::size_t i = 0; i < envelopes.size(); ++i) {
    const Json& e = envelopes[i];
    if (!e.is_object() || !e.contains("record") || !e["record"].is_object()) {
      return MakeError(ErrorCode::kRecordInvalid,
                       "envelope " + std::to_string(i + 1) + " has no record object");
    }
    CAPTURE_ASSIGN_OR_RETURN(std::string canonical, capture::CanonicalJson(e["record"]));
    batch.records.push_back(capture::HexEncode(capture::Sha256(canonical)));
  }
  // Checks the batch the way the server will (partner id, size) before signing it.
  CAPTURE_RETURN_IF_ERROR(capture::ParseRelayBatch(capture::RelayBatchJson(batch)));
  CAPTURE_ASSIGN_OR_RETURN(capture::Ed25519Signature sig, capture::SignRelayBatch(batch, key));
  return Json{{"batch", capture::RelayBatchJson(batch)},
              {"sig", capture::Base64Encode(sig)},
              {"envelopes", envelopes}};
}

Result<RelayReport> RelayOverHttp(const RelayOptions& options, const capture::SigningKey& key,
                                  const std::vector<Json>& envelopes) {
  ServerCall call(options.server, options.token);
  RelayReport report;
  for (std::size_t from = 0; from < envelopes.size(); from += options.batch) {
    const std::size_t to = std::min(envelopes.size(), from + options.batch);
    const std::vector<Json> part(envelopes.begin() + static_cast<long>(from),
                                 envelopes.begin() + static_cast<long>(to));
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    CAPTURE_ASSIGN_OR_RETURN(Json body, BuildRelayRequest(part, options.partner, key, now));
    CAPTURE_ASSIGN_OR_RETURN(Json answer, call.Post("/v1/relay", body.dump(), "application/json"));
    report.batches.push_back(answer.value("batch_sha256", std::string()));
    for (auto& r : answer["results"]) {
      if (r.contains("error")) ++report.refused;
      report.results.push_back(std::move(r));
    }
    if (options.progress) options.progress(to, envelopes.size());
  }
  return report;
}

}  // namespace optin::client
