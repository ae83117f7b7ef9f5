// A thin RAII layer over libpq (issue 8): one connection, statements prepared once per SQL text,
// parameters bound as text (integers, strings) or binary (bytea, so any byte is safe), results in
// binary format. Every failure becomes storage_unavailable with PostgreSQL's own message.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/encoding.h"
#include "capture/result.h"

namespace optin::server {

// The parameters of one statement, $1..$n in the order added.
class PgParams {
 public:
  PgParams& Int(std::int64_t v);
  PgParams& Text(std::string_view v);
  PgParams& Bytes(capture::ByteView v);
  PgParams& Null();
  // Bytes, or NULL when empty (optional blobs such as disclosures.subject).
  PgParams& BytesOrNull(capture::ByteView v);
  PgParams& IntOrNull(const std::optional<std::int64_t>& v);

  [[nodiscard]] int size() const { return static_cast<int>(values_.size()); }
  [[nodiscard]] std::vector<const char*> Values() const;
  [[nodiscard]] std::vector<int> Lengths() const;
  [[nodiscard]] std::vector<int> Formats() const;

 private:
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;
};

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : r_(r) {}
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  [[nodiscard]] int rows() const;
  // Rows changed by INSERT / UPDATE / DELETE.
  [[nodiscard]] std::size_t affected() const;
  // Integers of any width (and booleans as 0/1), from a binary-format result.
  [[nodiscard]] std::int64_t Int(int row, int col) const;
  [[nodiscard]] std::string Text(int row, int col) const;
  [[nodiscard]] capture::Bytes Blob(int row, int col) const;
  [[nodiscard]] bool IsNull(int row, int col) const;

 private:
  PGresult* r_ = nullptr;
};

class PgConn {
 public:
  [[nodiscard]] static capture::Result<std::unique_ptr<PgConn>> Open(const std::string& url);
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // One or more statements without parameters (migrations, BEGIN, COMMIT).
  [[nodiscard]] capture::Status Exec(std::string_view sql);
  // A parameterised statement, prepared on this connection the first time this `sql` pointer
  // (a string constant) is used.
  [[nodiscard]] capture::Result<PgResult> Query(const char* sql, const PgParams& params = {});
  // The same, unprepared (statements built at run time, used once).
  [[nodiscard]] capture::Result<PgResult> QueryOnce(const std::string& sql,
                                                    const PgParams& params = {});
  // False once the server is gone: the pool drops such a connection.
  [[nodiscard]] bool healthy() const;
  [[nodiscard]] bool in_transaction() const;

 private:
  explicit PgConn(PGconn* conn) : conn_(conn) {}
  [[nodiscard]] capture::Result<PgResult> Check(PGresult* r, std::string_view what);
  PGconn* conn_;
  std::map<const char*, std::string> prepared_;
};

// A transaction that rolls back unless committed.
class PgTxn {
 public:
  explicit PgTxn(PgConn& conn) : conn_(conn) {}
  ~PgTxn();
  PgTxn(const PgTxn&) = delete;
  PgTxn& operator=(const PgTxn&) = delete;
  [[nodiscard]] capture::Status Begin();
  [[nodiscard]] capture::Status Commit();

 private:
  PgConn& conn_;
  bool open_ = false;
};

// True for postgresql:// and postgres:// URLs (libpq's own URI forms).
[[nodiscard]] bool IsPostgresUrl(std::string_view url);

}  // namespace optin::server
