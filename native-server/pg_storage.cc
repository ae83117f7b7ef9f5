// The PostgreSQL engine's ledger, records, campaigns and tokens (the twin of sqlite_storage.cc).
#include "pg_storage.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "pg_schema.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;
using capture::Result;

constexpr const char* kSelectRecord =
    "SELECT id, leaf_index, checkpoint_size, campaign, version, source, received_at, "
    "record_sha256, withdrawal_token_sha256, captured_at, telephone_consent FROM records "
    "WHERE id = $1";
constexpr const char* kSelectSubjectKey = "SELECT wrapped FROM subject_keys WHERE subject = $1";

Result<std::int64_t> SubtreeKey(std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t width = end - begin;
  if (end <= begin || !std::has_single_bit(width) || begin % width != 0) {
    return MakeError(ErrorCode::kIndexOutOfRange, "not a complete subtree");
  }
  const int height = std::countr_zero(width);
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(height) << 56) | (begin >> height));
}

Result<std::optional<RecordRow>> QueryRecord(PgConn& conn, const std::string& id) {
  CAPTURE_ASSIGN_OR_RETURN(PgResult r, conn.Query(kSelectRecord, PgParams().Text(id)));
  if (r.rows() == 0) return std::optional<RecordRow>();
  return std::optional<RecordRow>(PgRecordRow(r, 0));
}

Result<std::optional<capture::Bytes>> QuerySubjectKey(PgConn& conn, const capture::Bytes& subject) {
  CAPTURE_ASSIGN_OR_RETURN(PgResult r, conn.Query(kSelectSubjectKey, PgParams().Bytes(subject)));
  if (r.rows() == 0) return std::optional<capture::Bytes>();
  return std::optional<capture::Bytes>(r.Blob(0, 0));
}

std::optional<CheckpointRow> CheckpointOf(const PgResult& r) {
  if (r.rows() == 0) return std::nullopt;
  return CheckpointRow{static_cast<std::uint64_t>(r.Int(0, 0)), r.Text(0, 1)};
}

}  // namespace

RecordRow PgRecordRow(const PgResult& r, int row) {
  RecordRow out;
  out.id = r.Text(row, 0);
  out.leaf_index = static_cast<std::uint64_t>(r.Int(row, 1));
  out.checkpoint_size = static_cast<std::uint64_t>(r.Int(row, 2));
  out.campaign = r.Text(row, 3);
  out.version = r.Int(row, 4);
  out.source = r.Text(row, 5);
  out.received_at = r.Int(row, 6);
  out.record_sha256 = PgHash(r.Blob(row, 7));
  out.withdrawal_token_sha256 = PgHash(r.Blob(row, 8));
  if (!r.IsNull(row, 9)) out.captured_at = r.Int(row, 9);
  if (!r.IsNull(row, 10)) out.telephone_consent = r.Int(row, 10) != 0;
  return out;
}

capture::Hash PgHash(const capture::Bytes& b) {
  capture::Hash out{};
  std::memcpy(out.data(), b.data(), std::min(out.size(), b.size()));
  return out;
}

Result<PgResult> PgInsertRows(PgConn& conn, const std::string& head, int columns,
                              const PgParams& params, const std::string& tail) {
  const int rows = params.size() / columns;
  std::string sql = head + " VALUES ";
  int n = 1;
  for (int r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ",(";
    for (int c = 0; c < columns; ++c) {
      if (c > 0) sql += ',';
      sql += '$' + std::to_string(n++);
    }
    sql += ')';
  }
  if (!tail.empty()) sql += " " + tail;
  return conn.QueryOnce(sql, params);
}

Result<std::unique_ptr<PgStorage>> PgStorage::Open(const std::string& url) {
  CAPTURE_ASSIGN_OR_RETURN(auto seq, PgConn::Open(url));
  return std::unique_ptr<PgStorage>(new PgStorage(url, std::move(seq)));
}

Result<PgStorage::Lease> PgStorage::Conn() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto conn = std::move(pool_.back());
      pool_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  CAPTURE_ASSIGN_OR_RETURN(auto conn, PgConn::Open(url_));
  return Lease(this, std::move(conn));
}

void PgStorage::Return(std::unique_ptr<PgConn> conn) {
  // A connection left inside a transaction (an early error return) or cut off is not reused.
  if (!conn->healthy()) return;
  std::lock_guard lock(pool_mu_);
  pool_.push_back(std::move(conn));
}

capture::Status PgStorage::Migrate() {
  std::lock_guard lock(seq_mu_);
  return MigratePostgres(*seq_);
}

Result<int> PgStorage::SchemaVersion() {
  std::lock_guard lock(seq_mu_);
  return PostgresSchemaVersion(*seq_);
}

Result<std::uint64_t> PgStorage::LockLedgerHeld() {
  if (locked_size_) return *locked_size_;
  if (!seq_->healthy()) {
    // The connection failed (or a transaction was left open by a failure): start afresh.
    CAPTURE_ASSIGN_OR_RETURN(seq_, PgConn::Open(url_));
  }
  if (auto begun = seq_->Exec("BEGIN"); !begun.ok()) {
    // The database went away since the last batch (a restart, a failover): once more on a new
    // connection before the batch is answered with the error.
    if (seq_->healthy()) return begun.error();
    CAPTURE_ASSIGN_OR_RETURN(seq_, PgConn::Open(url_));
    CAPTURE_RETURN_IF_ERROR(seq_->Exec("BEGIN"));
  }
  auto head = seq_->Query("SELECT size FROM ledger_head WHERE id = 1 FOR UPDATE");
  if (!head.ok() || head->rows() != 1) {
    (void)seq_->Exec("ROLLBACK");
    if (!head.ok()) return head.error();
    return MakeError(ErrorCode::kStorageUnavailable, "ledger_head has no row");
  }
  locked_size_ = static_cast<std::uint64_t>(head->Int(0, 0));
  return *locked_size_;
}

void PgStorage::ReleaseLedgerHeld() {
  if (seq_->in_transaction()) (void)seq_->Exec("ROLLBACK");
  locked_size_.reset();
  prefetched_records_.clear();
  prefetched_keys_.clear();
}

capture::Status PgStorage::WriterPrefetch(const std::vector<std::string>& ids,
                                          const std::vector<capture::Bytes>& keys) {
  std::lock_guard lock(seq_mu_);
  if (!locked_size_) return capture::OkStatus();  // only under the lock is the answer stable
  // "... IN ($1, ..., $n)": one round trip for the whole batch.
  auto in_list = [](std::size_t n) {
    std::string out = "(";
    for (std::size_t i = 1; i <= n; ++i) out += (i > 1 ? ",$" : "$") + std::to_string(i);
    return out + ")";
  };
  if (!ids.empty()) {
    PgParams p;
    for (const auto& id : ids) p.Text(id);
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r, seq_->QueryOnce("SELECT id, leaf_index, checkpoint_size, campaign, version, "
                                    "source, received_at, record_sha256, withdrawal_token_sha256, "
                                    "captured_at, telephone_consent FROM records WHERE id IN " +
                                        in_list(ids.size()),
                                    p));
    for (const auto& id : ids) prefetched_records_.emplace(id, std::nullopt);
    for (int i = 0; i < r.rows(); ++i) prefetched_records_[r.Text(i, 0)] = PgRecordRow(r, i);
  }
  if (!keys.empty()) {
    PgParams p;
    for (const auto& k : keys) p.Bytes(k);
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r, seq_->QueryOnce("SELECT subject, wrapped FROM subject_keys WHERE subject IN " +
                                        in_list(keys.size()),
                                    p));
    for (const auto& k : keys) prefetched_keys_.emplace(k, std::nullopt);
    for (int i = 0; i < r.rows(); ++i) prefetched_keys_[r.Blob(i, 0)] = r.Blob(i, 1);
  }
  return capture::OkStatus();
}

Result<std::uint64_t> PgStorage::LockLedger() {
  std::lock_guard lock(seq_mu_);
  return LockLedgerHeld();
}

void PgStorage::ReleaseLedger() {
  std::lock_guard lock(seq_mu_);
  ReleaseLedgerHeld();
}

capture::Status PgStorage::CommitBatch(const BatchWrite& b) {
  std::lock_guard lock(seq_mu_);
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t size, LockLedgerHeld());
  // Whatever happens below, the lock ends with this call (committed or rolled back).
  struct Release {
    PgStorage* self;
    ~Release() { self->ReleaseLedgerHeld(); }
  } release{this};
  // The batch must extend exactly the stored ledger: a writer with a stale view is refused
  // here, before anything it signed is stored.
  if ((!b.entries.empty() && b.entries.front().index != size) ||
      b.checkpoint.size != size + b.entries.size()) {
    return MakeError(ErrorCode::kStorageUnavailable,
                     "the ledger moved: stored size " + std::to_string(size) +
                         ", batch checkpoint " + std::to_string(b.checkpoint.size));
  }
  PgConn& c = *seq_;
  // Multi-row inserts in chunks: one round trip per table and chunk.
  constexpr std::size_t kChunk = 500;
  auto chunked = [&](std::size_t n, const std::string& head, int columns, auto&& add,
                     const std::string& tail = "") -> capture::Status {
    for (std::size_t from = 0; from < n; from += kChunk) {
      PgParams p;
      for (std::size_t i = from; i < std::min(n, from + kChunk); ++i) add(p, i);
      CAPTURE_ASSIGN_OR_RETURN(PgResult r, PgInsertRows(c, head, columns, p, tail));
      (void)r;
    }
    return capture::OkStatus();
  };
  CAPTURE_RETURN_IF_ERROR(chunked(b.entries.size(), "INSERT INTO entries (idx, type, entry, leaf)",
                                  4, [&](PgParams& p, std::size_t i) {
                                    const auto& e = b.entries[i];
                                    p.Int(static_cast<std::int64_t>(e.index)).Text(e.type);
                                    p.Bytes(capture::AsBytes(e.bytes)).Bytes(e.leaf);
                                  }));
  std::vector<std::int64_t> keys;
  for (const auto& t : b.subtrees) {
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t key, SubtreeKey(t.begin, t.end));
    keys.push_back(key);
  }
  CAPTURE_RETURN_IF_ERROR(chunked(
      b.subtrees.size(), "INSERT INTO subtrees (key, hash)", 2,
      [&](PgParams& p, std::size_t i) { p.Int(keys[i]).Bytes(b.subtrees[i].hash); },
      "ON CONFLICT (key) DO UPDATE SET hash = excluded.hash"));
  CAPTURE_RETURN_IF_ERROR(
      chunked(b.records.size(),
              "INSERT INTO records (id, leaf_index, checkpoint_size, campaign, version, source, "
              "received_at, record_sha256, withdrawal_token_sha256, captured_at, "
              "telephone_consent)",
              11, [&](PgParams& p, std::size_t i) {
                const auto& r = b.records[i];
                p.Text(r.id).Int(static_cast<std::int64_t>(r.leaf_index));
                p.Int(static_cast<std::int64_t>(r.checkpoint_size)).Text(r.campaign);
                p.Int(r.version).Text(r.source).Int(r.received_at);
                p.Bytes(r.record_sha256).Bytes(r.withdrawal_token_sha256);
                p.IntOrNull(r.captured_at);
                if (r.telephone_consent) {
                  p.Int(*r.telephone_consent ? 1 : 0);
                } else {
                  p.Null();
                }
              }));
  CAPTURE_RETURN_IF_ERROR(chunked(b.subject_keys.size(),
                                  "INSERT INTO subject_keys (subject, wrapped)", 2,
                                  [&](PgParams& p, std::size_t i) {
                                    p.Bytes(b.subject_keys[i].subject);
                                    p.Bytes(b.subject_keys[i].wrapped);
                                  }));
  CAPTURE_RETURN_IF_ERROR(chunked(b.disclosures.size(),
                                  "INSERT INTO disclosures (record_id, subject, sealed)", 3,
                                  [&](PgParams& p, std::size_t i) {
                                    const auto& d = b.disclosures[i];
                                    p.Text(d.record_id).BytesOrNull(d.subject).Bytes(d.sealed);
                                  }));
  CAPTURE_RETURN_IF_ERROR(chunked(
      b.record_keys.size(), "INSERT INTO record_keys (record_id, kind, key, leaf_index)", 4,
      [&](PgParams& p, std::size_t i) {
        const auto& k = b.record_keys[i];
        p.Text(k.record_id).Text(k.kind).Bytes(k.key).Int(static_cast<std::int64_t>(k.leaf_index));
      },
      "ON CONFLICT DO NOTHING"));
  CAPTURE_RETURN_IF_ERROR(WriteWithdrawals(b));
  CAPTURE_RETURN_IF_ERROR(WriteSources(b));
  CAPTURE_RETURN_IF_ERROR(WriteVerified(b));
  CAPTURE_RETURN_IF_ERROR(
      chunked(b.campaigns.size(),
              "INSERT INTO campaigns (id, version, signed_json, manifest_sha256, leaf_index, "
              "published_at)",
              6, [&](PgParams& p, std::size_t i) {
                const auto& k = b.campaigns[i];
                p.Text(k.id).Int(k.version).Text(k.signed_json).Bytes(k.manifest_sha256);
                p.Int(static_cast<std::int64_t>(k.leaf_index)).Int(k.published_at);
              }));
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult cp,
      c.Query(
          "INSERT INTO checkpoints (size, note) VALUES ($1, $2)",
          PgParams().Int(static_cast<std::int64_t>(b.checkpoint.size)).Text(b.checkpoint.note)));
  CAPTURE_ASSIGN_OR_RETURN(PgResult head,
                           c.Query("UPDATE ledger_head SET size = $1 WHERE id = 1",
                                   PgParams().Int(static_cast<std::int64_t>(b.checkpoint.size))));
  (void)cp;
  (void)head;
  CAPTURE_RETURN_IF_ERROR(c.Exec("COMMIT"));
  locked_size_.reset();
  prefetched_records_.clear();
  prefetched_keys_.clear();
  return capture::OkStatus();
}

Result<std::optional<capture::Bytes>> PgStorage::WriterSubjectKey(const capture::Bytes& subject) {
  std::lock_guard lock(seq_mu_);
  if (auto it = prefetched_keys_.find(subject); it != prefetched_keys_.end()) return it->second;
  return QuerySubjectKey(*seq_, subject);
}

Result<std::optional<RecordRow>> PgStorage::WriterFindRecord(const std::string& id) {
  std::lock_guard lock(seq_mu_);
  if (auto it = prefetched_records_.find(id); it != prefetched_records_.end()) return it->second;
  return QueryRecord(*seq_, id);
}

Result<std::uint64_t> PgStorage::LedgerSize() {
  CAPTURE_ASSIGN_OR_RETURN(auto latest, LatestCheckpoint());
  return latest ? latest->size : 0;
}

Result<capture::Hash> PgStorage::SubtreeHash(std::uint64_t begin, std::uint64_t end) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  Result<PgResult> r = MakeError(ErrorCode::kStorageUnavailable, "");
  if (end == begin + 1) {
    r = conn->Query("SELECT leaf FROM entries WHERE idx = $1",
                    PgParams().Int(static_cast<std::int64_t>(begin)));
  } else {
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t key, SubtreeKey(begin, end));
    r = conn->Query("SELECT hash FROM subtrees WHERE key = $1", PgParams().Int(key));
  }
  if (!r.ok()) return r.error();
  if (r->rows() == 0 || r->Blob(0, 0).size() != capture::kSha256Size) {
    return MakeError(ErrorCode::kStorageUnavailable, "missing tree node [" + std::to_string(begin) +
                                                         ", " + std::to_string(end) + ")");
  }
  return PgHash(r->Blob(0, 0));
}

Result<std::vector<EntryRow>> PgStorage::Entries(std::uint64_t begin, std::uint64_t end) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query(
          "SELECT idx, type, entry, leaf FROM entries WHERE idx >= $1 AND idx < $2 "
          "ORDER BY idx",
          PgParams().Int(static_cast<std::int64_t>(begin)).Int(static_cast<std::int64_t>(end))));
  std::vector<EntryRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    EntryRow e;
    e.index = static_cast<std::uint64_t>(r.Int(i, 0));
    e.type = r.Text(i, 1);
    e.bytes = r.Text(i, 2);
    e.leaf = PgHash(r.Blob(i, 3));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::optional<std::uint64_t>> PgStorage::FindLeaf(const capture::Hash& leaf) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r, conn->Query("SELECT MIN(idx) FROM entries WHERE leaf = $1",
                                                   PgParams().Bytes(leaf)));
  if (r.rows() == 0 || r.IsNull(0, 0)) return std::optional<std::uint64_t>();
  return std::optional<std::uint64_t>(static_cast<std::uint64_t>(r.Int(0, 0)));
}

Result<std::optional<CheckpointRow>> PgStorage::LatestCheckpoint() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1"));
  return CheckpointOf(r);
}

Result<std::optional<CheckpointRow>> PgStorage::CheckpointOfSize(std::uint64_t size) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r,
                           conn->Query("SELECT size, note FROM checkpoints WHERE size = $1",
                                       PgParams().Int(static_cast<std::int64_t>(size))));
  return CheckpointOf(r);
}

Result<std::optional<RecordRow>> PgStorage::FindRecord(const std::string& id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  return QueryRecord(*conn, id);
}

Result<std::optional<DisclosureRow>> PgStorage::FindDisclosure(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  // An empty subject is stored as NULL in disclosures but as the empty bytea in subject_keys.
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("SELECT d.subject, d.sealed, k.wrapped FROM disclosures d "
                  "LEFT JOIN subject_keys k ON k.subject = coalesce(d.subject, ''::bytea) "
                  "WHERE d.record_id = $1",
                  PgParams().Text(record_id)));
  if (r.rows() == 0) return std::optional<DisclosureRow>();
  DisclosureRow out{record_id, r.Blob(0, 0), r.Blob(0, 1), std::nullopt};
  if (!r.IsNull(0, 2)) out.wrapped_key = r.Blob(0, 2);
  return std::optional<DisclosureRow>(std::move(out));
}

Result<std::vector<CampaignRow>> PgStorage::Campaigns() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("SELECT id, version, signed_json, manifest_sha256, leaf_index, published_at "
                  "FROM campaigns ORDER BY id COLLATE \"C\", version"));
  std::vector<CampaignRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(CampaignRow{r.Text(i, 0), r.Int(i, 1), r.Text(i, 2), PgHash(r.Blob(i, 3)),
                              static_cast<std::uint64_t>(r.Int(i, 4)), r.Int(i, 5)});
  }
  return out;
}

Result<std::vector<RecordKeyRow>> PgStorage::RecordKeys(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query(
          "SELECT kind, key FROM record_keys WHERE record_id = $1 ORDER BY kind COLLATE \"C\", key",
          PgParams().Text(record_id)));
  std::vector<RecordKeyRow> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(RecordKeyRow{record_id, r.Text(i, 0), r.Blob(i, 1)});
  return out;
}

Result<std::vector<std::string>> PgStorage::RecordsWithKey(const std::string& kind,
                                                           const capture::Bytes& key) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("SELECT record_id FROM record_keys WHERE kind = $1 AND key = $2 "
                              "ORDER BY record_id COLLATE \"C\"",
                              PgParams().Text(kind).Bytes(key)));
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Text(i, 0));
  return out;
}

capture::Status PgStorage::InsertToken(const TokenRow& token) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("INSERT INTO tokens (hash, scope, created_at) VALUES ($1, $2, $3)",
                  PgParams().Bytes(token.hash).Text(token.scope).Int(token.created_at)));
  (void)r;
  return capture::OkStatus();
}

Result<std::optional<TokenRow>> PgStorage::FindToken(const capture::Sha256Digest& hash) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r,
                           conn->Query("SELECT hash, scope, created_at FROM tokens WHERE hash = $1",
                                       PgParams().Bytes(hash)));
  if (r.rows() == 0) return std::optional<TokenRow>();
  return std::optional<TokenRow>(TokenRow{PgHash(r.Blob(0, 0)), r.Text(0, 1), r.Int(0, 2)});
}

Result<std::unique_ptr<Storage>> OpenPostgresStorage(const std::string& url) {
  CAPTURE_ASSIGN_OR_RETURN(auto storage, PgStorage::Open(url));
  return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace optin::server
