// A thin RAII layer over the SQLite C API: one connection, prepared statements with typed binds.
// Every failure becomes storage_unavailable (storage_full, storage_busy for a full disk or a lock
// held elsewhere) with SQLite's own message, so callers stay short.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "capture/encoding.h"
#include "capture/result.h"

namespace optin::server {

class SqliteStmt {
 public:
  SqliteStmt() = default;
  SqliteStmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  SqliteStmt(SqliteStmt&& other) noexcept;
  SqliteStmt& operator=(SqliteStmt&& other) noexcept;
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;
  ~SqliteStmt();

  // Binds are 1-based, as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT) unless the
  // caller keeps them alive until Step() (the *Static variants).
  SqliteStmt& Bind(int i, std::int64_t v);
  SqliteStmt& Bind(int i, std::string_view text);
  SqliteStmt& BindBlob(int i, capture::ByteView blob);
  SqliteStmt& BindNull(int i);

  // True when a row is ready, false when done; an error otherwise.
  [[nodiscard]] capture::Result<bool> Step();
  // Steps to completion (statements without rows) and resets for reuse.
  [[nodiscard]] capture::Status Run();
  void Reset();

  [[nodiscard]] std::int64_t Int(int col) const;
  [[nodiscard]] std::string Text(int col) const;
  [[nodiscard]] capture::Bytes Blob(int col) const;
  [[nodiscard]] bool IsNull(int col) const;
  // For callers that read columns generically (optin migrate: names and storage classes).
  [[nodiscard]] sqlite3_stmt* raw() const { return stmt_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb {
 public:
  // Opens (creating if asked) with WAL, synchronous=FULL and a busy timeout.
  [[nodiscard]] static capture::Result<std::unique_ptr<SqliteDb>> Open(const std::string& path,
                                                                       bool read_only);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  [[nodiscard]] capture::Status Exec(std::string_view sql);
  [[nodiscard]] capture::Result<SqliteStmt> Prepare(std::string_view sql);
  [[nodiscard]] capture::Error LastError(std::string_view what) const;
  [[nodiscard]] sqlite3* raw() const { return db_; }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// A transaction that rolls back unless committed.
class SqliteTxn {
 public:
  explicit SqliteTxn(SqliteDb& db) : db_(db) {}
  ~SqliteTxn();
  [[nodiscard]] capture::Status Begin();
  [[nodiscard]] capture::Status Commit();

 private:
  SqliteDb& db_;
  bool open_ = false;
};

}  // namespace optin::server
