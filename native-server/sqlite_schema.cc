#include "sqlite_schema.h"

#include <ctime>
#include <string>

namespace optin::server {
namespace {

// Migration n is kMigrations[n - 1]. Never edit a published migration; append a new one.
constexpr const char* kMigrations[] = {
    // 1: the ledger, its tree nodes and checkpoints; records and their encrypted disclosures;
    // campaigns; access tokens.
    R"sql(
CREATE TABLE entries (idx INTEGER PRIMARY KEY, type TEXT NOT NULL, entry BLOB NOT NULL,
                      leaf BLOB NOT NULL);
CREATE INDEX entries_leaf ON entries (leaf);
-- Complete subtrees of height >= 1; key = height << 56 | (begin >> height).
CREATE TABLE subtrees (key INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE records (id TEXT PRIMARY KEY, leaf_index INTEGER NOT NULL,
                      checkpoint_size INTEGER NOT NULL, campaign TEXT NOT NULL,
                      version INTEGER NOT NULL, source TEXT NOT NULL,
                      received_at INTEGER NOT NULL, record_sha256 BLOB NOT NULL,
                      withdrawal_token_sha256 BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE subject_keys (subject BLOB PRIMARY KEY, wrapped BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE disclosures (record_id TEXT PRIMARY KEY, subject BLOB, sealed BLOB NOT NULL)
    WITHOUT ROWID;
CREATE TABLE campaigns (id TEXT NOT NULL, version INTEGER NOT NULL, signed_json TEXT NOT NULL,
                        manifest_sha256 BLOB NOT NULL, leaf_index INTEGER NOT NULL,
                        published_at INTEGER NOT NULL, PRIMARY KEY (id, version));
CREATE TABLE tokens (hash BLOB PRIMARY KEY, scope TEXT NOT NULL, created_at INTEGER NOT NULL)
    WITHOUT ROWID;
)sql",
    // 2: lead processing (issue 5). record_keys: one row per phone / e-mail a consent record
    // discloses, written with the record. suppressions: written by withdrawal and erasure, read
    // before every delivery. call_centres and customers are configuration outside the ledger;
    // classifications, deliveries, contacts and outcomes are the processor's state; positions
    // holds each consumer's place in the ledger so a restart resumes where it stopped.
    R"sql(
CREATE TABLE record_keys (record_id TEXT NOT NULL, kind TEXT NOT NULL, key BLOB NOT NULL,
                          PRIMARY KEY (kind, key, record_id)) WITHOUT ROWID;
CREATE INDEX record_keys_record ON record_keys (record_id);
CREATE TABLE suppressions (kind TEXT NOT NULL, key BLOB NOT NULL, reason TEXT NOT NULL,
                           since INTEGER NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE call_centres (id TEXT PRIMARY KEY, campaigns TEXT NOT NULL,
                           webhook_url TEXT NOT NULL DEFAULT '',
                           webhook_secret TEXT NOT NULL DEFAULT '',
                           created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE customers (kind TEXT NOT NULL, key BLOB NOT NULL, customer_id TEXT NOT NULL,
                        imported_at INTEGER NOT NULL,
                        PRIMARY KEY (kind, key, customer_id)) WITHOUT ROWID;
CREATE TABLE classifications (record_id TEXT PRIMARY KEY, leaf_index INTEGER NOT NULL,
                              campaign TEXT NOT NULL, flow TEXT NOT NULL, reason TEXT NOT NULL,
                              release_at INTEGER, classified_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX classifications_held ON classifications (release_at) WHERE release_at IS NOT NULL;
-- seq is per call centre and only grows: the feed cursor. delivered_at is set when the lead is
-- first handed out (feed or webhook), acked_at when the call centre acknowledges it.
CREATE TABLE deliveries (call_centre TEXT NOT NULL, seq INTEGER NOT NULL, record_id TEXT NOT NULL,
                         queued_at INTEGER NOT NULL, delivered_at INTEGER, acked_at INTEGER,
                         PRIMARY KEY (call_centre, seq));
CREATE UNIQUE INDEX deliveries_record ON deliveries (record_id, call_centre);
CREATE TABLE contacts (kind TEXT NOT NULL, key BLOB NOT NULL, campaign TEXT NOT NULL,
                       at INTEGER NOT NULL, what TEXT NOT NULL, record_id TEXT NOT NULL);
CREATE INDEX contacts_key ON contacts (kind, key, campaign, at);
CREATE TABLE outcomes (record_id TEXT NOT NULL, call_centre TEXT NOT NULL, outcome TEXT NOT NULL,
                       at INTEGER NOT NULL, received_at INTEGER NOT NULL);
CREATE INDEX outcomes_record ON outcomes (record_id);
CREATE TABLE positions (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX records_leaf ON records (leaf_index);
)sql",
    // 3: withdrawal and erasure (issue 6). withdrawals holds the first withdrawal of each record
    // (the ledger holds every one); withdrawal_notices is each call centre's withdrawal feed,
    // seq its cursor, acked_at set once by POST /v1/feeds/acks; erasures lists erased records.
    R"sql(
CREATE TABLE withdrawals (record_id TEXT PRIMARY KEY, leaf_index INTEGER NOT NULL,
                          by TEXT NOT NULL, how TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE withdrawal_notices (call_centre TEXT NOT NULL, seq INTEGER NOT NULL,
                                 record_id TEXT NOT NULL, created_at INTEGER NOT NULL,
                                 acked_at INTEGER, PRIMARY KEY (call_centre, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX withdrawal_notices_record ON withdrawal_notices (call_centre, record_id);
CREATE INDEX withdrawal_notices_open ON withdrawal_notices (acked_at, created_at);
CREATE INDEX records_withdrawal_token ON records (withdrawal_token_sha256);
CREATE TABLE erasures (record_id TEXT PRIMARY KEY, leaf_index INTEGER NOT NULL,
                       at INTEGER NOT NULL) WITHOUT ROWID;
)sql",
    // 4: call outcomes (issue 5). The call centre's note beside each outcome, and the index
    // that makes a repeated outcome cheap to recognise.
    R"sql(
ALTER TABLE outcomes ADD COLUMN note TEXT NOT NULL DEFAULT '';
CREATE INDEX outcomes_identity ON outcomes (record_id, call_centre, outcome, at);
)sql",
    // 5: partners and traffic sources (issue 7). partners: registrations (configuration, like
    // call_centres). relay_batches: each countersigned batch once, named by the relayed records'
    // ledger entries. record_facts: quality signals per record, written with the record.
    // blocks: the sources blocked now (the ledger holds every block and unblock). refusals:
    // refused envelopes counted per Amsterdam day, claimed campaign and code, and error code,
    // with no personal data. withdrawals.reason: why the person withdrew, when given.
    R"sql(
CREATE TABLE partners (id TEXT PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL,
                       campaigns TEXT NOT NULL, registered_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE relay_batches (sha256 BLOB PRIMARY KEY, partner TEXT NOT NULL, batch TEXT NOT NULL,
                            sig TEXT NOT NULL, received_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE record_facts (record_id TEXT PRIMARY KEY, time_on_page_ms INTEGER,
                           device_key TEXT NOT NULL, disposable_email INTEGER NOT NULL,
                           relay_batch BLOB) WITHOUT ROWID;
CREATE INDEX record_facts_device ON record_facts (device_key);
CREATE TABLE blocks (source TEXT NOT NULL, campaign TEXT NOT NULL, reason TEXT NOT NULL,
                     leaf_index INTEGER NOT NULL, at INTEGER NOT NULL,
                     PRIMARY KEY (source, campaign)) WITHOUT ROWID;
CREATE TABLE refusals (day INTEGER NOT NULL, campaign TEXT NOT NULL, source TEXT NOT NULL,
                       reason TEXT NOT NULL, count INTEGER NOT NULL,
                       PRIMARY KEY (day, campaign, source, reason)) WITHOUT ROWID;
ALTER TABLE withdrawals ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX records_source ON records (source, received_at);
)sql",
    // 6: record flags (issue 9): facts the server noted about a record at arrival (e.g.
    // device_key_burst), written with the record in the sequencer's transaction.
    R"sql(
CREATE TABLE record_flags (record_id TEXT NOT NULL, flag TEXT NOT NULL, detail TEXT NOT NULL,
                           PRIMARY KEY (record_id, flag)) WITHOUT ROWID;
)sql",
    // 7: verification and push (issue 5). verifications: one row per record whose campaign asks
    // that the number is verified before the call (docs/processing.md), the send state of its
    // message, wrong codes, and when and how it was verified (with the leaf of its ledger entry).
    // deliveries gains the webhook push state: attempts so far and when the next is due.
    R"sql(
CREATE TABLE verifications (record_id TEXT PRIMARY KEY, campaign TEXT NOT NULL,
                            method TEXT NOT NULL, created_at INTEGER NOT NULL,
                            expires_at INTEGER NOT NULL, sent_at INTEGER,
                            send_attempts INTEGER NOT NULL DEFAULT 0,
                            next_send_at INTEGER NOT NULL DEFAULT 0,
                            send_error TEXT NOT NULL DEFAULT '',
                            wrong_codes INTEGER NOT NULL DEFAULT 0, verified_at INTEGER,
                            verified_how TEXT NOT NULL DEFAULT '',
                            verified_by TEXT NOT NULL DEFAULT '', leaf_index INTEGER,
                            queued INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX verifications_unsent ON verifications (next_send_at)
    WHERE sent_at IS NULL AND verified_at IS NULL;
CREATE INDEX verifications_verified ON verifications (verified_at)
    WHERE verified_at IS NOT NULL AND queued = 0;
ALTER TABLE deliveries ADD COLUMN push_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN push_next_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN push_error TEXT NOT NULL DEFAULT '';
CREATE INDEX deliveries_unsent ON deliveries (call_centre, seq) WHERE delivered_at IS NULL;
)sql",
    // 8: withdrawal tokens name their record (issue 3, docs/withdrawal.md): a token is
    // "<record id>.<MAC>", found by the records table's primary key, so the index on the token
    // hash (one random page written per record at intake) goes. The tokens handed out before (the
    // MAC alone) keep working through legacy_withdrawal_tokens, filled once here and never again.
    R"sql(
CREATE TABLE legacy_withdrawal_tokens (sha256 BLOB PRIMARY KEY, record_id TEXT NOT NULL)
    WITHOUT ROWID;
INSERT OR IGNORE INTO legacy_withdrawal_tokens (sha256, record_id)
    SELECT withdrawal_token_sha256, id FROM records;
DROP INDEX records_withdrawal_token;
)sql",
    // 9: the two facts of the signed record that classifying and handing out a lead need (issue
    // 5): captured_at (Unix ms) and whether the campaign's telephone consent item was given,
    // written with the record so neither reads and parses the ledger entry again. NULL in the
    // rows committed before: those are read from their entries, as before.
    R"sql(
ALTER TABLE records ADD COLUMN captured_at INTEGER;
ALTER TABLE records ADD COLUMN telephone_consent INTEGER;
)sql",
    // 10: a key's records in ledger order (issue 5). Delivering a person's first record stored
    // a contact row per key, a write at a random place of a large index per key that was most
    // of classifying; that delivery is now found from the key's first record (the first leaf),
    // so the row is not written (docs/processing.md, "Contacts"). record_keys is rebuilt with
    // the leaf in its key; its rows keep their columns and gain leaf_index.
    R"sql(
CREATE TABLE record_keys_by_leaf (record_id TEXT NOT NULL, kind TEXT NOT NULL, key BLOB NOT NULL,
                                  leaf_index INTEGER NOT NULL,
                                  PRIMARY KEY (kind, key, leaf_index, record_id)) WITHOUT ROWID;
INSERT INTO record_keys_by_leaf (record_id, kind, key, leaf_index)
    SELECT k.record_id, k.kind, k.key, r.leaf_index FROM record_keys k
    JOIN records r ON r.id = k.record_id;
DROP TABLE record_keys;
ALTER TABLE record_keys_by_leaf RENAME TO record_keys;
CREATE INDEX record_keys_record ON record_keys (record_id);
)sql",
    // 11: whether a queued lead's record was, when it was classified, the first (by leaf) of
    // each of its keys (issue 5). The lead's earlier contacts then need no read of the keys'
    // first records: that is the lead itself. 0 (unknown: read them) for the rows before.
    R"sql(
ALTER TABLE deliveries ADD COLUMN first_of_its_keys INTEGER NOT NULL DEFAULT 0;
)sql",
};

static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSqliteSchemaVersion);

}  // namespace

capture::Result<int> SqliteSchemaVersion(SqliteDb& db) {
  CAPTURE_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
              "applied_at INTEGER NOT NULL)"));
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt stmt,
                           db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  CAPTURE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? static_cast<int>(stmt.Int(0)) : 0;
}

capture::Status MigrateSqlite(SqliteDb& db) {
  CAPTURE_ASSIGN_OR_RETURN(int current, SqliteSchemaVersion(db));
  if (current > kSqliteSchemaVersion) {
    return capture::MakeError(capture::ErrorCode::kStorageUnavailable,
                              "the database has schema version " + std::to_string(current) +
                                  ", newer than this server knows");
  }
  for (int v = current + 1; v <= kSqliteSchemaVersion; ++v) {
    SqliteTxn txn(db);
    CAPTURE_RETURN_IF_ERROR(txn.Begin());
    CAPTURE_RETURN_IF_ERROR(db.Exec(kMigrations[v - 1]));
    CAPTURE_ASSIGN_OR_RETURN(
        SqliteStmt stmt,
        db.Prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"));
    stmt.Bind(1, static_cast<std::int64_t>(v))
        .Bind(2, static_cast<std::int64_t>(std::time(nullptr)));
    CAPTURE_RETURN_IF_ERROR(stmt.Run());
    CAPTURE_RETURN_IF_ERROR(txn.Commit());
  }
  return capture::OkStatus();
}

}  // namespace optin::server
