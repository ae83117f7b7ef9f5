#include "sqlite_db.h"

#include <mutex>
#include <utility>

namespace optin::server {

using capture::ErrorCode;
using capture::MakeError;

namespace {

// A full disk and a lock held by another process are told apart from other failures: the
// operator's fix differs (free space, find the other process), and clients see why they wait.
ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL:
      return ErrorCode::kStorageFull;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::kStorageBusy;
    default:
      return ErrorCode::kStorageUnavailable;
  }
}

// SQLite counts every allocation under one process-wide mutex unless told not to
// (SQLITE_CONFIG_MEMSTATUS, on in Debian's build); nothing here reads those counts, and the
// lock and unlock were a twentieth of handing out leads (BENCHMARKS.md, 2026-12-07 night). It
// must be set before SQLite initialises, so once, before the first connection opens; should
// another part of the process have initialised SQLite first, the call fails and changes nothing.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

SqliteStmt::SqliteStmt(SqliteStmt&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

SqliteStmt::~SqliteStmt() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

SqliteStmt& SqliteStmt::Bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

SqliteStmt& SqliteStmt::Bind(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

SqliteStmt& SqliteStmt::BindBlob(int i, capture::ByteView blob) {
  // A zero-length blob must still be a blob, not NULL: pass a non-null pointer.
  static const std::uint8_t kEmpty = 0;
  sqlite3_bind_blob(stmt_, i, blob.empty() ? &kEmpty : blob.data(), static_cast<int>(blob.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

SqliteStmt& SqliteStmt::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

capture::Result<bool> SqliteStmt::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return MakeError(CodeFor(sqlite3_extended_errcode(db_)),
                   std::string("sqlite step: ") + sqlite3_errmsg(db_));
}

capture::Status SqliteStmt::Run() {
  auto stepped = Step();
  while (stepped.ok() && *stepped) stepped = Step();
  Reset();
  if (!stepped.ok()) return stepped.error();
  return capture::OkStatus();
}

void SqliteStmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t SqliteStmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string SqliteStmt::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  const int n = sqlite3_column_bytes(stmt_, col);
  return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(n));
}

capture::Bytes SqliteStmt::Blob(int col) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
  const int n = sqlite3_column_bytes(stmt_, col);
  return p == nullptr ? capture::Bytes() : capture::Bytes(p, p + n);
}

bool SqliteStmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

capture::Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, bool read_only) {
  ConfigureSqliteOnce();
  sqlite3* raw = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &raw, flags, nullptr) != SQLITE_OK) {
    std::string msg = raw != nullptr ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return MakeError(ErrorCode::kStorageUnavailable, "cannot open " + path + ": " + msg);
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  sqlite3_busy_timeout(raw, 5000);
  // WAL lets readers run beside the one writer; FULL fsyncs the WAL at every COMMIT, so a
  // receipt is only sent for what survives a power cut.
  if (!read_only) {
    CAPTURE_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL"));
    // Fewer, larger WAL checkpoints: each one runs inside a COMMIT of the sequencer.
    CAPTURE_RETURN_IF_ERROR(db->Exec("PRAGMA wal_autocheckpoint=16384"));
  }
  CAPTURE_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456"));
  CAPTURE_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"));
  return db;
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

capture::Status SqliteDb::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string owned(sql);
  if (const int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    return MakeError(CodeFor(rc), "sqlite: " + msg);
  }
  return capture::OkStatus();
}

capture::Result<SqliteStmt> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return LastError("prepare");
  }
  return SqliteStmt(db_, stmt);
}

capture::Error SqliteDb::LastError(std::string_view what) const {
  return MakeError(CodeFor(sqlite3_extended_errcode(db_)),
                   "sqlite " + std::string(what) + ": " + sqlite3_errmsg(db_));
}

SqliteTxn::~SqliteTxn() {
  if (open_) (void)db_.Exec("ROLLBACK");
}

capture::Status SqliteTxn::Begin() {
  CAPTURE_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  open_ = true;
  return capture::OkStatus();
}

capture::Status SqliteTxn::Commit() {
  CAPTURE_RETURN_IF_ERROR(db_.Exec("COMMIT"));
  open_ = false;
  return capture::OkStatus();
}

}  // namespace optin::server
