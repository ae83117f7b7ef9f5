#include "store_migrate.h"

#include <filesystem>

#include "pg_db.h"
#include "pg_schema.h"
#include "pg_storage.h"
#include "sqlite_db.h"
#include "sqlite_schema.h"
#include "storage.h"

namespace optin::client {
namespace {

using capture::ErrorCode;
using capture::MakeError;
using capture::Result;

// Not copied: schema bookkeeping (each side migrated by its own engine) and SQLite's own tables.
bool Skipped(const std::string& table) {
  return table == "schema_version" || table.rfind("sqlite_", 0) == 0;
}

Result<std::vector<std::string>> Tables(server::SqliteDb& db) {
  CAPTURE_ASSIGN_OR_RETURN(
      server::SqliteStmt s,
      db.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
  std::vector<std::string> out;
  for (;;) {
    CAPTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (!Skipped(s.Text(0))) out.push_back(s.Text(0));
  }
  return out;
}

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

// Copies one table: SELECT * on SQLite, multi-row INSERTs of the same columns on PostgreSQL
// (the twins share every table and column name, so the copy needs no list of its own).
Result<std::int64_t> CopyTable(server::SqliteDb& from, server::PgConn& to,
                               const std::string& table) {
  CAPTURE_ASSIGN_OR_RETURN(server::SqliteStmt s, from.Prepare("SELECT * FROM " + Quoted(table)));
  const int columns = sqlite3_column_count(s.raw());
  std::string head = "INSERT INTO " + Quoted(table) + " (";
  for (int c = 0; c < columns; ++c) {
    head += (c == 0 ? "" : ", ") + Quoted(sqlite3_column_name(s.raw(), c));
  }
  head += ")";
  std::int64_t rows = 0;
  server::PgParams params;
  int pending = 0;
  auto flush = [&]() -> capture::Status {
    if (pending == 0) return capture::OkStatus();
    CAPTURE_ASSIGN_OR_RETURN(server::PgResult r, server::PgInsertRows(to, head, columns, params));
    (void)r;
    params = server::PgParams();
    pending = 0;
    return capture::OkStatus();
  };
  for (;;) {
    CAPTURE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(s.raw(), c)) {
        case SQLITE_INTEGER:
          params.Int(s.Int(c));
          break;
        case SQLITE_BLOB:
          params.Bytes(s.Blob(c));
          break;
        case SQLITE_NULL:
          params.Null();
          break;
        default:
          params.Text(s.Text(c));
      }
    }
    ++rows;
    if (++pending == 500) CAPTURE_RETURN_IF_ERROR(flush());
  }
  CAPTURE_RETURN_IF_ERROR(flush());
  return rows;
}

Result<capture::Hash> Root(server::Storage& storage, std::uint64_t size) {
  return capture::RootFromSubtrees(
      size, [&](std::uint64_t b, std::uint64_t e) { return storage.SubtreeHash(b, e); });
}

}  // namespace

Result<MigrateReport> MigrateSqliteToPostgres(const std::string& data_dir,
                                              const std::string& sqlite_url,
                                              const std::string& pg_url) {
  if (!server::IsPostgresUrl(pg_url)) {
    return MakeError(ErrorCode::kRequestInvalid, "--to must be a postgresql:// URL", "to");
  }
  std::string path = sqlite_url.empty() ? "optin.sqlite" : sqlite_url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  std::error_code ec;
  if (path.empty() || path[0] != '/') path = data_dir + "/" + path;
  // Absolute: OpenStorage resolves a relative path against the data folder once more.
  path = std::filesystem::absolute(path, ec).string();
  if (!std::filesystem::exists(path, ec)) {
    return MakeError(ErrorCode::kStorageUnavailable, "no SQLite store at " + path);
  }
  // Bring the source to this version's schema first (the server would at its next start), so
  // both sides have the same tables.
  {
    CAPTURE_ASSIGN_OR_RETURN(auto source, server::OpenStorage(data_dir, "sqlite:" + path));
    CAPTURE_RETURN_IF_ERROR(source->Migrate());
  }
  CAPTURE_ASSIGN_OR_RETURN(auto sqlite, server::SqliteDb::Open(path, true));
  CAPTURE_ASSIGN_OR_RETURN(auto pg, server::PgConn::Open(pg_url));
  CAPTURE_RETURN_IF_ERROR(server::MigratePostgres(*pg));
  CAPTURE_ASSIGN_OR_RETURN(std::vector<std::string> tables, Tables(*sqlite));

  MigrateReport report;
  // One read snapshot of the source, one transaction on the target.
  CAPTURE_RETURN_IF_ERROR(sqlite->Exec("BEGIN"));
  server::PgTxn txn(*pg);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  for (const auto& t : tables) {
    CAPTURE_ASSIGN_OR_RETURN(server::PgResult held,
                             pg->QueryOnce("SELECT COUNT(*)::bigint FROM " + Quoted(t)));
    if (held.Int(0, 0) != 0) {
      return MakeError(ErrorCode::kStorageUnavailable,
                       "the target database is not empty (table " + t +
                           " has rows): " + "migrate into a new, empty database");
    }
  }
  for (const auto& t : tables) {
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t rows, CopyTable(*sqlite, *pg, t));
    report.tables.push_back({t, rows});
  }
  // The sequencing row: the copied ledger's size.
  CAPTURE_ASSIGN_OR_RETURN(
      server::PgResult head,
      pg->QueryOnce("UPDATE ledger_head SET size = (SELECT COALESCE(MAX(size), 0) FROM "
                    "checkpoints) WHERE id = 1"));
  (void)head;
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  (void)sqlite->Exec("COMMIT");

  // The proof: the same ledger on both sides, read back through both engines.
  CAPTURE_ASSIGN_OR_RETURN(auto source, server::OpenStorage(data_dir, "sqlite:" + path));
  CAPTURE_ASSIGN_OR_RETURN(auto target, server::OpenStorage(data_dir, pg_url));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t source_size, source->LedgerSize());
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t target_size, target->LedgerSize());
  if (source_size != target_size) {
    return MakeError(ErrorCode::kStorageUnavailable,
                     "the copy's ledger has " + std::to_string(target_size) + " entries, the " +
                         "source " + std::to_string(source_size));
  }
  CAPTURE_ASSIGN_OR_RETURN(capture::Hash source_root, Root(*source, source_size));
  CAPTURE_ASSIGN_OR_RETURN(capture::Hash target_root, Root(*target, target_size));
  if (source_root != target_root) {
    return MakeError(ErrorCode::kStorageUnavailable, "the copy's ledger root differs");
  }
  report.ledger_size = source_size;
  report.root = source_root;
  return report;
}

}  // namespace optin::client
