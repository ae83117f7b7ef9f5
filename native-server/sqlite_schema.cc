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
