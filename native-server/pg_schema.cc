#include "pg_schema.h"

#include <ctime>
#include <iterator>
#include <string>

#include "sqlite_schema.h"

namespace optin::server {
namespace {

// Migration n is kMigrations[n - 1], the twin of SQLite's migration n: the same tables, columns
// and indexes (BLOB is bytea, INTEGER is bigint; `by` is quoted, a reserved word here). Never
// edit a published migration; append the twin of each new SQLite migration.
constexpr const char* kMigrations[] = {
    // 1: the ledger, tree nodes, checkpoints, records, disclosures, campaigns, tokens; and
    // ledger_head, the one row every instance locks (FOR UPDATE) to append a batch.
    R"sql(
CREATE TABLE entries (idx BIGINT PRIMARY KEY, type TEXT NOT NULL, entry BYTEA NOT NULL,
                      leaf BYTEA NOT NULL);
CREATE INDEX entries_leaf ON entries (leaf);
CREATE TABLE subtrees (key BIGINT PRIMARY KEY, hash BYTEA NOT NULL);
CREATE TABLE checkpoints (size BIGINT PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE records (id TEXT PRIMARY KEY, leaf_index BIGINT NOT NULL,
                      checkpoint_size BIGINT NOT NULL, campaign TEXT NOT NULL,
                      version BIGINT NOT NULL, source TEXT NOT NULL,
                      received_at BIGINT NOT NULL, record_sha256 BYTEA NOT NULL,
                      withdrawal_token_sha256 BYTEA NOT NULL);
CREATE TABLE subject_keys (subject BYTEA PRIMARY KEY, wrapped BYTEA NOT NULL);
CREATE TABLE disclosures (record_id TEXT PRIMARY KEY, subject BYTEA, sealed BYTEA NOT NULL);
CREATE TABLE campaigns (id TEXT NOT NULL, version BIGINT NOT NULL, signed_json TEXT NOT NULL,
                        manifest_sha256 BYTEA NOT NULL, leaf_index BIGINT NOT NULL,
                        published_at BIGINT NOT NULL, PRIMARY KEY (id, version));
CREATE TABLE tokens (hash BYTEA PRIMARY KEY, scope TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE ledger_head (id INTEGER PRIMARY KEY CHECK (id = 1), size BIGINT NOT NULL);
INSERT INTO ledger_head (id, size) VALUES (1, 0);
)sql",
    // 2: lead processing (issue 5).
    R"sql(
CREATE TABLE record_keys (record_id TEXT NOT NULL, kind TEXT NOT NULL, key BYTEA NOT NULL,
                          PRIMARY KEY (kind, key, record_id));
CREATE INDEX record_keys_record ON record_keys (record_id);
CREATE TABLE suppressions (kind TEXT NOT NULL, key BYTEA NOT NULL, reason TEXT NOT NULL,
                           since BIGINT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE call_centres (id TEXT PRIMARY KEY, campaigns TEXT NOT NULL,
                           webhook_url TEXT NOT NULL DEFAULT '',
                           webhook_secret TEXT NOT NULL DEFAULT '',
                           created_at BIGINT NOT NULL);
CREATE TABLE customers (kind TEXT NOT NULL, key BYTEA NOT NULL, customer_id TEXT NOT NULL,
                        imported_at BIGINT NOT NULL, PRIMARY KEY (kind, key, customer_id));
CREATE TABLE classifications (record_id TEXT PRIMARY KEY, leaf_index BIGINT NOT NULL,
                              campaign TEXT NOT NULL, flow TEXT NOT NULL, reason TEXT NOT NULL,
                              release_at BIGINT, classified_at BIGINT NOT NULL);
CREATE INDEX classifications_held ON classifications (release_at) WHERE release_at IS NOT NULL;
CREATE TABLE deliveries (call_centre TEXT NOT NULL, seq BIGINT NOT NULL, record_id TEXT NOT NULL,
                         queued_at BIGINT NOT NULL, delivered_at BIGINT, acked_at BIGINT,
                         PRIMARY KEY (call_centre, seq));
CREATE UNIQUE INDEX deliveries_record ON deliveries (record_id, call_centre);
CREATE TABLE contacts (kind TEXT NOT NULL, key BYTEA NOT NULL, campaign TEXT NOT NULL,
                       at BIGINT NOT NULL, what TEXT NOT NULL, record_id TEXT NOT NULL);
CREATE INDEX contacts_key ON contacts (kind, key, campaign, at);
CREATE TABLE outcomes (record_id TEXT NOT NULL, call_centre TEXT NOT NULL, outcome TEXT NOT NULL,
                       at BIGINT NOT NULL, received_at BIGINT NOT NULL);
CREATE INDEX outcomes_record ON outcomes (record_id);
CREATE TABLE positions (name TEXT PRIMARY KEY, position BIGINT NOT NULL);
CREATE INDEX records_leaf ON records (leaf_index);
)sql",
    // 3: withdrawal and erasure (issue 6).
    R"sql(
CREATE TABLE withdrawals (record_id TEXT PRIMARY KEY, leaf_index BIGINT NOT NULL,
                          "by" TEXT NOT NULL, how TEXT NOT NULL, at BIGINT NOT NULL);
CREATE TABLE withdrawal_notices (call_centre TEXT NOT NULL, seq BIGINT NOT NULL,
                                 record_id TEXT NOT NULL, created_at BIGINT NOT NULL,
                                 acked_at BIGINT, PRIMARY KEY (call_centre, seq));
CREATE UNIQUE INDEX withdrawal_notices_record ON withdrawal_notices (call_centre, record_id);
CREATE INDEX withdrawal_notices_open ON withdrawal_notices (acked_at, created_at);
CREATE INDEX records_withdrawal_token ON records (withdrawal_token_sha256);
CREATE TABLE erasures (record_id TEXT PRIMARY KEY, leaf_index BIGINT NOT NULL,
                       at BIGINT NOT NULL);
)sql",
    // 4: call outcomes (issue 5): the note, and the index for repeated outcomes.
    R"sql(
ALTER TABLE outcomes ADD COLUMN note TEXT NOT NULL DEFAULT '';
CREATE INDEX outcomes_identity ON outcomes (record_id, call_centre, outcome, at);
)sql",
    // 5: partners and traffic sources (issue 7).
    R"sql(
CREATE TABLE partners (id TEXT PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL,
                       campaigns TEXT NOT NULL, registered_at BIGINT NOT NULL);
CREATE TABLE relay_batches (sha256 BYTEA PRIMARY KEY, partner TEXT NOT NULL, batch TEXT NOT NULL,
                            sig TEXT NOT NULL, received_at BIGINT NOT NULL);
CREATE TABLE record_facts (record_id TEXT PRIMARY KEY, time_on_page_ms BIGINT,
                           device_key TEXT NOT NULL, disposable_email BIGINT NOT NULL,
                           relay_batch BYTEA);
CREATE INDEX record_facts_device ON record_facts (device_key);
CREATE TABLE blocks (source TEXT NOT NULL, campaign TEXT NOT NULL, reason TEXT NOT NULL,
                     leaf_index BIGINT NOT NULL, at BIGINT NOT NULL,
                     PRIMARY KEY (source, campaign));
CREATE TABLE refusals (day BIGINT NOT NULL, campaign TEXT NOT NULL, source TEXT NOT NULL,
                       reason TEXT NOT NULL, count BIGINT NOT NULL,
                       PRIMARY KEY (day, campaign, source, reason));
ALTER TABLE withdrawals ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX records_source ON records (source, received_at);
)sql",
    // 6: record flags (issue 9).
    R"sql(
CREATE TABLE record_flags (record_id TEXT NOT NULL, flag TEXT NOT NULL, detail TEXT NOT NULL,
                           PRIMARY KEY (record_id, flag));
)sql",
    // 7: verification before calling and webhook push (issue 5).
    R"sql(
CREATE TABLE verifications (record_id TEXT PRIMARY KEY, campaign TEXT NOT NULL,
                            method TEXT NOT NULL, created_at BIGINT NOT NULL,
                            expires_at BIGINT NOT NULL, sent_at BIGINT,
                            send_attempts BIGINT NOT NULL DEFAULT 0,
                            next_send_at BIGINT NOT NULL DEFAULT 0,
                            send_error TEXT NOT NULL DEFAULT '',
                            wrong_codes BIGINT NOT NULL DEFAULT 0, verified_at BIGINT,
                            verified_how TEXT NOT NULL DEFAULT '',
                            verified_by TEXT NOT NULL DEFAULT '', leaf_index BIGINT,
                            queued BIGINT NOT NULL DEFAULT 0);
CREATE INDEX verifications_unsent ON verifications (next_send_at)
    WHERE sent_at IS NULL AND verified_at IS NULL;
CREATE INDEX verifications_verified ON verifications (verified_at)
    WHERE verified_at IS NOT NULL AND queued = 0;
ALTER TABLE deliveries ADD COLUMN push_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN push_next_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN push_error TEXT NOT NULL DEFAULT '';
CREATE INDEX deliveries_unsent ON deliveries (call_centre, seq) WHERE delivered_at IS NULL;
)sql",
    // 8: withdrawal tokens name their record; the tokens handed out before keep working.
    R"sql(
CREATE TABLE legacy_withdrawal_tokens (sha256 BYTEA PRIMARY KEY, record_id TEXT NOT NULL);
INSERT INTO legacy_withdrawal_tokens (sha256, record_id)
    SELECT withdrawal_token_sha256, id FROM records ON CONFLICT DO NOTHING;
DROP INDEX records_withdrawal_token;
)sql",
    // 9: captured_at and the telephone consent beside the record (NULL in older rows).
    R"sql(
ALTER TABLE records ADD COLUMN captured_at BIGINT;
ALTER TABLE records ADD COLUMN telephone_consent BIGINT;
)sql",
    // 10: a key's records in ledger order, so a person's first record is one index seek.
    R"sql(
ALTER TABLE record_keys ADD COLUMN leaf_index BIGINT;
UPDATE record_keys k SET leaf_index = r.leaf_index FROM records r WHERE r.id = k.record_id;
ALTER TABLE record_keys ALTER COLUMN leaf_index SET NOT NULL;
CREATE INDEX record_keys_first ON record_keys (kind, key, leaf_index);
)sql",
    // 11: whether a queued lead's record was the first of each of its keys (sqlite_schema.cc).
    R"sql(
ALTER TABLE deliveries ADD COLUMN first_of_its_keys BIGINT NOT NULL DEFAULT 0;
)sql",
};

// A SQLite migration without its PostgreSQL twin does not compile.
static_assert(std::size(kMigrations) == kSqliteSchemaVersion,
              "every SQLite migration needs its PostgreSQL twin in pg_schema.cc");

// Held while migrating (a session lock on the migrating connection): instances that start
// together apply each migration once, the others wait and then find nothing to do.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7146036800)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7146036800)";

}  // namespace

capture::Result<int> PostgresSchemaVersion(PgConn& conn) {
  CAPTURE_RETURN_IF_ERROR(
      conn.Exec("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, "
                "applied_at BIGINT NOT NULL)"));
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn.Query("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_version"));
  return r.rows() == 1 ? static_cast<int>(r.Int(0, 0)) : 0;
}

capture::Status MigratePostgres(PgConn& conn) {
  CAPTURE_ASSIGN_OR_RETURN(PgResult locked, conn.Query(kMigrationLock));
  (void)locked;
  auto applied = [&]() -> capture::Status {
    CAPTURE_ASSIGN_OR_RETURN(int current, PostgresSchemaVersion(conn));
    if (current > kSqliteSchemaVersion) {
      return capture::MakeError(capture::ErrorCode::kStorageUnavailable,
                                "the database has schema version " + std::to_string(current) +
                                    ", newer than this server knows");
    }
    for (int v = current + 1; v <= kSqliteSchemaVersion; ++v) {
      PgTxn txn(conn);
      CAPTURE_RETURN_IF_ERROR(txn.Begin());
      CAPTURE_RETURN_IF_ERROR(conn.Exec(kMigrations[v - 1]));
      CAPTURE_ASSIGN_OR_RETURN(
          PgResult r,
          conn.Query("INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                     PgParams().Int(v).Int(static_cast<std::int64_t>(std::time(nullptr)))));
      (void)r;
      CAPTURE_RETURN_IF_ERROR(txn.Commit());
    }
    return capture::OkStatus();
  }();
  auto unlocked = conn.Query(kMigrationUnlock);
  if (!applied.ok()) return applied;
  if (!unlocked.ok()) return unlocked.error();
  return capture::OkStatus();
}

}  // namespace optin::server
