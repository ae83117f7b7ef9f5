#include "pg_db.h"

#include <endian.h>

#include <cstring>
#include <utility>

namespace optin::server {

using capture::ErrorCode;
using capture::MakeError;

namespace {

constexpr int kTextFormat = 0;
constexpr int kBinaryFormat = 1;

// The type OIDs of pg_type.h (server headers are not installed with libpq-dev).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;

}  // namespace

PgParams& PgParams::Int(std::int64_t v) {
  values_.push_back(std::to_string(v));
  null_.push_back(false);
  formats_.push_back(kTextFormat);  // text: right whatever integer width the server inferred
  return *this;
}

PgParams& PgParams::Text(std::string_view v) {
  values_.emplace_back(v);
  null_.push_back(false);
  formats_.push_back(kTextFormat);
  return *this;
}

PgParams& PgParams::Bytes(capture::ByteView v) {
  values_.emplace_back(reinterpret_cast<const char*>(v.data()), v.size());
  null_.push_back(false);
  formats_.push_back(kBinaryFormat);
  return *this;
}

PgParams& PgParams::Null() {
  values_.emplace_back();
  null_.push_back(true);
  formats_.push_back(kTextFormat);
  return *this;
}

PgParams& PgParams::BytesOrNull(capture::ByteView v) { return v.empty() ? Null() : Bytes(v); }

PgParams& PgParams::IntOrNull(const std::optional<std::int64_t>& v) { return v ? Int(*v) : Null(); }

std::vector<const char*> PgParams::Values() const {
  std::vector<const char*> out;
  for (std::size_t i = 0; i < values_.size(); ++i) {
    out.push_back(null_[i] ? nullptr : values_[i].data());
  }
  return out;
}

std::vector<int> PgParams::Lengths() const {
  std::vector<int> out;
  for (const auto& v : values_) out.push_back(static_cast<int>(v.size()));
  return out;
}

std::vector<int> PgParams::Formats() const { return formats_; }

PgResult::PgResult(PgResult&& other) noexcept : r_(std::exchange(other.r_, nullptr)) {}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    if (r_ != nullptr) PQclear(r_);
    r_ = std::exchange(other.r_, nullptr);
  }
  return *this;
}

PgResult::~PgResult() {
  if (r_ != nullptr) PQclear(r_);
}

int PgResult::rows() const { return r_ == nullptr ? 0 : PQntuples(r_); }

std::size_t PgResult::affected() const {
  const char* n = r_ == nullptr ? "" : PQcmdTuples(r_);
  return n[0] == '\0' ? 0 : static_cast<std::size_t>(std::strtoull(n, nullptr, 10));
}

std::int64_t PgResult::Int(int row, int col) const {
  if (PQgetisnull(r_, row, col) != 0) return 0;
  const char* p = PQgetvalue(r_, row, col);
  const Oid type = PQftype(r_, col);
  if (type == kInt8Oid) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    return static_cast<std::int64_t>(be64toh(v));
  }
  if (type == kInt4Oid) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, 4);
    return static_cast<std::int32_t>(be32toh(v));
  }
  if (type == kInt2Oid) {
    std::uint16_t v = 0;
    std::memcpy(&v, p, 2);
    return static_cast<std::int16_t>(be16toh(v));
  }
  if (type == kBoolOid) return p[0] != 0 ? 1 : 0;
  return 0;  // a query bug: every integer column is cast to bigint in the SQL
}

std::string PgResult::Text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
}

capture::Bytes PgResult::Blob(int row, int col) const {
  const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(r_, row, col));
  return capture::Bytes(p, p + PQgetlength(r_, row, col));
}

bool PgResult::IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }

capture::Result<std::unique_ptr<PgConn>> PgConn::Open(const std::string& url) {
  PGconn* raw = PQconnectdb(url.c_str());
  if (raw == nullptr) return MakeError(ErrorCode::kStorageUnavailable, "postgresql: out of memory");
  if (PQstatus(raw) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(raw);
    PQfinish(raw);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return MakeError(ErrorCode::kStorageUnavailable, "cannot connect to postgresql: " + msg);
  }
  std::unique_ptr<PgConn> conn(new PgConn(raw));
  // Notices (for example "relation already exists, skipping") are not errors: keep them off
  // stderr, which is the server's log.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  CAPTURE_RETURN_IF_ERROR(conn->Exec("SET client_min_messages = warning"));
  return conn;
}

PgConn::~PgConn() { PQfinish(conn_); }

capture::Result<PgResult> PgConn::Check(PGresult* r, std::string_view what) {
  PgResult result(r);
  const ExecStatusType status = r == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(r);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  std::string msg = r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
  while (!msg.empty() && msg.back() == '\n') msg.pop_back();
  return MakeError(ErrorCode::kStorageUnavailable, "postgresql " + std::string(what) + ": " + msg);
}

capture::Status PgConn::Exec(std::string_view sql) {
  const std::string owned(sql);
  CAPTURE_ASSIGN_OR_RETURN(PgResult r, Check(PQexec(conn_, owned.c_str()), "exec"));
  (void)r;
  return capture::OkStatus();
}

capture::Result<PgResult> PgConn::Query(const char* sql, const PgParams& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    const std::string name = "s" + std::to_string(prepared_.size());
    CAPTURE_ASSIGN_OR_RETURN(PgResult r,
                             Check(PQprepare(conn_, name.c_str(), sql, 0, nullptr), "prepare"));
    (void)r;
    it = prepared_.emplace(sql, name).first;
  }
  const auto values = params.Values();
  const auto lengths = params.Lengths();
  const auto formats = params.Formats();
  return Check(PQexecPrepared(conn_, it->second.c_str(), params.size(), values.data(),
                              lengths.data(), formats.data(), kBinaryFormat),
               "query");
}

capture::Result<PgResult> PgConn::QueryOnce(const std::string& sql, const PgParams& params) {
  const auto values = params.Values();
  const auto lengths = params.Lengths();
  const auto formats = params.Formats();
  return Check(PQexecParams(conn_, sql.c_str(), params.size(), nullptr, values.data(),
                            lengths.data(), formats.data(), kBinaryFormat),
               "query");
}

bool PgConn::healthy() const {
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

bool PgConn::in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

PgTxn::~PgTxn() {
  if (open_) (void)conn_.Exec("ROLLBACK");
}

capture::Status PgTxn::Begin() {
  CAPTURE_RETURN_IF_ERROR(conn_.Exec("BEGIN"));
  open_ = true;
  return capture::OkStatus();
}

capture::Status PgTxn::Commit() {
  open_ = false;  // whatever COMMIT answers, the transaction is over
  return conn_.Exec("COMMIT");
}

bool IsPostgresUrl(std::string_view url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

}  // namespace optin::server
