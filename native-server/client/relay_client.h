// `optin relay`: a partner's back end relays the envelopes it collected to the advertiser's
// server, countersigning each batch with its partner key (capture/relay.h, docs/partners.md).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "capture/crypto.h"
#include "capture/json.h"
#include "capture/result.h"
#include "capture/time.h"

namespace optin::client {

// Reads envelopes from text: one JSON envelope, a JSON array of envelopes, or JSON Lines.
[[nodiscard]] capture::Result<std::vector<capture::Json>> ReadEnvelopes(std::string_view text);

// The body of POST /v1/relay: {"batch": {partner, records, relayed_at}, "sig", "envelopes"}.
// Each record hash is checked to be computable (the record is canonical JSON) before signing.
[[nodiscard]] capture::Result<capture::Json> BuildRelayRequest(
    const std::vector<capture::Json>& envelopes, const std::string& partner,
    const capture::SigningKey& key, capture::UnixMillis relayed_at);

struct RelayOptions {
  std::string server;
  std::string token;  // partner:<id>
  std::string partner;
  std::size_t batch = 100;  // envelopes per countersigned request
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct RelayReport {
  std::vector<capture::Json> results;  // per envelope, in input order: receipt or {"error"}
  std::vector<std::string> batches;    // batch_sha256 of each request
  std::size_t refused = 0;
};

// Sends the envelopes in countersigned batches; a batch the server refuses as a whole stops the
// run with its error (nothing of that batch was stored).
[[nodiscard]] capture::Result<RelayReport> RelayOverHttp(
    const RelayOptions& options, const capture::SigningKey& key,
    const std::vector<capture::Json>& envelopes);

}  // namespace optin::client
