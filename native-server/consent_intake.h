// What POST /v1/consents and POST /v1/relay share: one envelope verified by the core against its
// published campaign, then the server's own rules (blocked sources, partner registrations, and
// for a relay the partner's countersigned batch), its quality facts measured, and its ledger work
// prepared; then every prepared envelope queued at once and answered after its batch committed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_context.h"
#include "capture/json.h"
#include "capture/result.h"
#include "ledger_entries.h"

namespace optin::server {

// A relayed envelope's context: the registered partner and its verified countersigned batch.
struct RelayIntake {
  PartnerRow partner;
  std::shared_ptr<const RelayBatchRow> batch;
  RelayRef ref;  // what the record's ledger entry carries
};

struct PreparedEnvelope {
  std::optional<capture::Error> error;
  std::optional<LedgerWork> work;
  std::string campaign;  // as claimed, for counting a refusal
  std::string source;
};

// Takes the envelope: its record is moved into the verified record, not copied.
[[nodiscard]] PreparedEnvelope PrepareEnvelope(AppContext& ctx, capture::Json&& envelope,
                                               std::int64_t now, const RelayIntake* relay);

// Queues the prepared work and answers each envelope in order: its receipt, or its error (every
// refusal counted per claimed campaign and source). Fails as a whole only when the queue is full.
[[nodiscard]] capture::Result<std::vector<capture::Result<capture::Json>>> CommitEnvelopes(
    AppContext& ctx, std::vector<PreparedEnvelope>& prepared, std::int64_t now);

// The "results" array of a batch answer: each receipt (moved, not copied) or error, in order.
[[nodiscard]] capture::Json BatchResults(std::vector<capture::Result<capture::Json>>& outcomes);

}  // namespace optin::server
