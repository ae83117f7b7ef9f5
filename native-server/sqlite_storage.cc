#include "sqlite_storage.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "pg_storage.h"
#include "sqlite_schema.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;
using capture::Result;

constexpr const char* kInsertEntry =
    "INSERT INTO entries (idx, type, entry, leaf) VALUES (?,?,?,?)";
constexpr const char* kInsertSubtree = "INSERT OR REPLACE INTO subtrees (key, hash) VALUES (?,?)";
constexpr const char* kInsertCheckpoint = "INSERT INTO checkpoints (size, note) VALUES (?,?)";
constexpr const char* kInsertRecord =
    "INSERT INTO records (id, leaf_index, checkpoint_size, campaign, version, source, "
    "received_at, record_sha256, withdrawal_token_sha256, captured_at, telephone_consent) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?)";
constexpr const char* kInsertDisclosure =
    "INSERT INTO disclosures (record_id, subject, sealed) VALUES (?,?,?)";
constexpr const char* kInsertRecordKey =
    "INSERT OR IGNORE INTO record_keys (record_id, kind, key, leaf_index) VALUES (?,?,?,?)";
constexpr const char* kInsertSubjectKey =
    "INSERT INTO subject_keys (subject, wrapped) VALUES (?,?)";
constexpr const char* kInsertCampaign =
    "INSERT INTO campaigns (id, version, signed_json, manifest_sha256, leaf_index, "
    "published_at) VALUES (?,?,?,?,?,?)";
constexpr const char* kSelectRecord =
    "SELECT id, leaf_index, checkpoint_size, campaign, version, source, received_at, "
    "record_sha256, withdrawal_token_sha256, captured_at, telephone_consent FROM records "
    "WHERE id = ?";
constexpr const char* kSelectSubjectKey = "SELECT wrapped FROM subject_keys WHERE subject = ?";

Result<std::int64_t> SubtreeKey(std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t width = end - begin;
  if (end <= begin || !std::has_single_bit(width) || begin % width != 0) {
    return MakeError(ErrorCode::kIndexOutOfRange, "not a complete subtree");
  }
  const int height = std::countr_zero(width);
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(height) << 56) | (begin >> height));
}

template <std::size_t N>
std::array<std::uint8_t, N> FixedBlob(const capture::Bytes& b) {
  std::array<std::uint8_t, N> out{};
  std::memcpy(out.data(), b.data(), std::min(N, b.size()));
  return out;
}

RecordRow ReadRecord(const SqliteStmt& s) {
  RecordRow r;
  r.id = s.Text(0);
  r.leaf_index = static_cast<std::uint64_t>(s.Int(1));
  r.checkpoint_size = static_cast<std::uint64_t>(s.Int(2));
  r.campaign = s.Text(3);
  r.version = s.Int(4);
  r.source = s.Text(5);
  r.received_at = s.Int(6);
  r.record_sha256 = FixedBlob<32>(s.Blob(7));
  r.withdrawal_token_sha256 = FixedBlob<32>(s.Blob(8));
  if (!s.IsNull(9)) r.captured_at = s.Int(9);
  if (!s.IsNull(10)) r.telephone_consent = s.Int(10) != 0;
  return r;
}

Result<std::optional<RecordRow>> QueryRecord(SqliteConn& conn, const std::string& id) {
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s, conn.Stmt(kSelectRecord));
  s->Bind(1, id);
  auto row = s->Step();
  std::optional<RecordRow> out;
  if (row.ok() && *row) out = ReadRecord(*s);
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::optional<capture::Bytes>> QuerySubjectKey(SqliteConn& conn,
                                                      const capture::Bytes& subject) {
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s, conn.Stmt(kSelectSubjectKey));
  s->BindBlob(1, subject);
  auto row = s->Step();
  std::optional<capture::Bytes> out;
  if (row.ok() && *row) out = s->Blob(0);
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

}  // namespace

RecordRow ReadRecordRow(const SqliteStmt& s) { return ReadRecord(s); }

Result<SqliteStmt*> SqliteConn::Stmt(const char* sql) {
  auto it = stmts_.find(sql);
  if (it != stmts_.end()) return &it->second;
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare(sql));
  return &stmts_.emplace(sql, std::move(stmt)).first->second;
}

Result<std::unique_ptr<SqliteStorage>> SqliteStorage::Open(const std::string& path) {
  CAPTURE_ASSIGN_OR_RETURN(auto writer, SqliteDb::Open(path, false));
  return std::unique_ptr<SqliteStorage>(new SqliteStorage(path, std::move(writer)));
}

Result<SqliteStorage::Lease> SqliteStorage::Reader() {
  if (SqliteSnapshotPin& pin = ThisThreadSnapshot(); pin.owner == this) {
    return Lease(pin.raw);
  }
  CAPTURE_ASSIGN_OR_RETURN(auto conn, TakeReader());
  return Lease(this, std::move(conn));
}

Result<std::unique_ptr<SqliteConn>> SqliteStorage::TakeReader() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto conn = std::move(pool_.back());
      pool_.pop_back();
      return conn;
    }
  }
  CAPTURE_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path_, true));
  return std::make_unique<SqliteConn>(std::move(db));
}

void SqliteStorage::Return(std::unique_ptr<SqliteConn> conn) {
  std::lock_guard lock(pool_mu_);
  pool_.push_back(std::move(conn));
}

capture::Status SqliteStorage::Migrate() {
  auto lock = LockWriter();
  return MigrateSqlite(writer_.db());
}

Result<int> SqliteStorage::SchemaVersion() {
  auto lock = LockWriter();
  return SqliteSchemaVersion(writer_.db());
}

capture::Status SqliteStorage::CommitBatch(const BatchWrite& b) {
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * entry, writer_.Stmt(kInsertEntry));
  for (const auto& e : b.entries) {
    entry->Bind(1, static_cast<std::int64_t>(e.index)).Bind(2, e.type);
    entry->BindBlob(3, capture::AsBytes(e.bytes)).BindBlob(4, e.leaf);
    CAPTURE_RETURN_IF_ERROR(entry->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * subtree, writer_.Stmt(kInsertSubtree));
  for (const auto& t : b.subtrees) {
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t key, SubtreeKey(t.begin, t.end));
    subtree->Bind(1, key).BindBlob(2, t.hash);
    CAPTURE_RETURN_IF_ERROR(subtree->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * record, writer_.Stmt(kInsertRecord));
  for (const auto& r : b.records) {
    record->Bind(1, r.id).Bind(2, static_cast<std::int64_t>(r.leaf_index));
    record->Bind(3, static_cast<std::int64_t>(r.checkpoint_size)).Bind(4, r.campaign);
    record->Bind(5, r.version).Bind(6, r.source).Bind(7, r.received_at);
    record->BindBlob(8, r.record_sha256).BindBlob(9, r.withdrawal_token_sha256);
    if (r.captured_at) {
      record->Bind(10, *r.captured_at);
    } else {
      record->BindNull(10);
    }
    if (r.telephone_consent) {
      record->Bind(11, std::int64_t{*r.telephone_consent ? 1 : 0});
    } else {
      record->BindNull(11);
    }
    CAPTURE_RETURN_IF_ERROR(record->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * key, writer_.Stmt(kInsertSubjectKey));
  for (const auto& k : b.subject_keys) {
    key->BindBlob(1, k.subject).BindBlob(2, k.wrapped);
    CAPTURE_RETURN_IF_ERROR(key->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * disclosure, writer_.Stmt(kInsertDisclosure));
  for (const auto& d : b.disclosures) {
    disclosure->Bind(1, d.record_id);
    if (d.subject.empty()) {
      disclosure->BindNull(2);
    } else {
      disclosure->BindBlob(2, d.subject);
    }
    disclosure->BindBlob(3, d.sealed);
    CAPTURE_RETURN_IF_ERROR(disclosure->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * record_key, writer_.Stmt(kInsertRecordKey));
  for (const auto& k : b.record_keys) {
    record_key->Bind(1, k.record_id).Bind(2, k.kind).BindBlob(3, k.key);
    record_key->Bind(4, static_cast<std::int64_t>(k.leaf_index));
    CAPTURE_RETURN_IF_ERROR(record_key->Run());
  }
  CAPTURE_RETURN_IF_ERROR(WriteWithdrawals(b));
  CAPTURE_RETURN_IF_ERROR(WriteSources(b));
  CAPTURE_RETURN_IF_ERROR(WriteVerified(b));
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * campaign, writer_.Stmt(kInsertCampaign));
  for (const auto& c : b.campaigns) {
    campaign->Bind(1, c.id).Bind(2, c.version).Bind(3, c.signed_json);
    campaign->BindBlob(4, c.manifest_sha256).Bind(5, static_cast<std::int64_t>(c.leaf_index));
    campaign->Bind(6, c.published_at);
    CAPTURE_RETURN_IF_ERROR(campaign->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * checkpoint, writer_.Stmt(kInsertCheckpoint));
  checkpoint->Bind(1, static_cast<std::int64_t>(b.checkpoint.size)).Bind(2, b.checkpoint.note);
  CAPTURE_RETURN_IF_ERROR(checkpoint->Run());
  return txn.Commit();
}

Result<std::optional<capture::Bytes>> SqliteStorage::WriterSubjectKey(
    const capture::Bytes& subject) {
  auto lock = LockWriter();
  return QuerySubjectKey(writer_, subject);
}

Result<std::optional<RecordRow>> SqliteStorage::WriterFindRecord(const std::string& id) {
  auto lock = LockWriter();
  return QueryRecord(writer_, id);
}

// The sequencer asks this before every batch. On the writer: it made the last commit, so its page
// cache is warm, where a pooled reader starts cold after every commit of another connection and
// would read the pages of `checkpoints` again (and the newest note with them) for one integer.
Result<std::uint64_t> SqliteStorage::LockLedger() {
  auto lock = LockWriter();
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s, writer_.Stmt("SELECT max(size) FROM checkpoints"));
  auto row = s->Step();
  std::uint64_t size = 0;
  if (row.ok() && *row && !s->IsNull(0)) size = static_cast<std::uint64_t>(s->Int(0));
  s->Reset();
  if (!row.ok()) return row.error();
  return size;
}

Result<std::uint64_t> SqliteStorage::LedgerSize() {
  CAPTURE_ASSIGN_OR_RETURN(auto latest, LatestCheckpoint());
  return latest ? latest->size : 0;
}

Result<capture::Hash> SqliteStorage::SubtreeHash(std::uint64_t begin, std::uint64_t end) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  const bool leaf = end == begin + 1;
  SqliteStmt* s = nullptr;
  if (leaf) {
    CAPTURE_ASSIGN_OR_RETURN(s, conn->Stmt("SELECT leaf FROM entries WHERE idx = ?"));
    s->Bind(1, static_cast<std::int64_t>(begin));
  } else {
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t key, SubtreeKey(begin, end));
    CAPTURE_ASSIGN_OR_RETURN(s, conn->Stmt("SELECT hash FROM subtrees WHERE key = ?"));
    s->Bind(1, key);
  }
  auto row = s->Step();
  capture::Bytes hash;
  if (row.ok() && *row) hash = s->Blob(0);
  s->Reset();
  if (!row.ok()) return row.error();
  if (hash.size() != capture::kSha256Size) {
    return MakeError(ErrorCode::kStorageUnavailable, "missing tree node [" + std::to_string(begin) +
                                                         ", " + std::to_string(end) + ")");
  }
  return FixedBlob<32>(hash);
}

Result<std::vector<EntryRow>> SqliteStorage::Entries(std::uint64_t begin, std::uint64_t end) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT idx, type, entry, leaf FROM entries WHERE idx >= ? AND idx < ? "
                 "ORDER BY idx"));
  s->Bind(1, static_cast<std::int64_t>(begin)).Bind(2, static_cast<std::int64_t>(end));
  std::vector<EntryRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    EntryRow e;
    e.index = static_cast<std::uint64_t>(s->Int(0));
    e.type = s->Text(1);
    const capture::Bytes bytes = s->Blob(2);
    e.bytes.assign(bytes.begin(), bytes.end());
    e.leaf = FixedBlob<32>(s->Blob(3));
    out.push_back(std::move(e));
  }
  s->Reset();
  return out;
}

Result<std::optional<std::uint64_t>> SqliteStorage::FindLeaf(const capture::Hash& leaf) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s,
                           conn->Stmt("SELECT MIN(idx) FROM entries WHERE leaf = ?"));
  s->BindBlob(1, leaf);
  auto row = s->Step();
  std::optional<std::uint64_t> out;
  if (row.ok() && *row && !s->IsNull(0)) out = static_cast<std::uint64_t>(s->Int(0));
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::optional<CheckpointRow>> SqliteStorage::LatestCheckpoint() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s, conn->Stmt("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1"));
  auto row = s->Step();
  std::optional<CheckpointRow> out;
  if (row.ok() && *row) out = CheckpointRow{static_cast<std::uint64_t>(s->Int(0)), s->Text(1)};
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::optional<CheckpointRow>> SqliteStorage::CheckpointOfSize(std::uint64_t size) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s,
                           conn->Stmt("SELECT size, note FROM checkpoints WHERE size = ?"));
  s->Bind(1, static_cast<std::int64_t>(size));
  auto row = s->Step();
  std::optional<CheckpointRow> out;
  if (row.ok() && *row) out = CheckpointRow{static_cast<std::uint64_t>(s->Int(0)), s->Text(1)};
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::optional<RecordRow>> SqliteStorage::FindRecord(const std::string& id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  return QueryRecord(*conn, id);
}

Result<std::optional<DisclosureRow>> SqliteStorage::FindDisclosure(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  // An empty subject is stored as NULL in disclosures but as the empty blob in subject_keys.
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s, conn->Stmt("SELECT d.subject, d.sealed, k.wrapped FROM disclosures d "
                                 "LEFT JOIN subject_keys k ON k.subject = coalesce(d.subject, x'') "
                                 "WHERE d.record_id = ?"));
  s->Bind(1, record_id);
  auto row = s->Step();
  std::optional<DisclosureRow> out;
  if (row.ok() && *row) {
    out = DisclosureRow{record_id, s->Blob(0), s->Blob(1), std::nullopt};
    if (!s->IsNull(2)) out->wrapped_key = s->Blob(2);
  }
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::vector<CampaignRow>> SqliteStorage::Campaigns() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT id, version, signed_json, manifest_sha256, leaf_index, published_at "
                 "FROM campaigns ORDER BY id, version"));
  std::vector<CampaignRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(CampaignRow{s->Text(0), s->Int(1), s->Text(2), FixedBlob<32>(s->Blob(3)),
                              static_cast<std::uint64_t>(s->Int(4)), s->Int(5)});
  }
  s->Reset();
  return out;
}

Result<std::vector<RecordKeyRow>> SqliteStorage::RecordKeys(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT kind, key FROM record_keys WHERE record_id = ? ORDER BY kind, key"));
  s->Bind(1, record_id);
  std::vector<RecordKeyRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(RecordKeyRow{record_id, s->Text(0), s->Blob(1)});
  }
  s->Reset();
  return out;
}

Result<std::vector<std::string>> SqliteStorage::RecordsWithKey(const std::string& kind,
                                                               const capture::Bytes& key) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt(
          "SELECT record_id FROM record_keys WHERE kind = ? AND key = ? ORDER BY record_id"));
  s->Bind(1, kind).BindBlob(2, key);
  std::vector<std::string> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(s->Text(0));
  }
  s->Reset();
  return out;
}

capture::Status SqliteStorage::InsertToken(const TokenRow& token) {
  auto lock = LockWriter();
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s, writer_.Stmt("INSERT INTO tokens (hash, scope, created_at) VALUES (?,?,?)"));
  s->BindBlob(1, token.hash).Bind(2, token.scope).Bind(3, token.created_at);
  return s->Run();
}

Result<std::optional<TokenRow>> SqliteStorage::FindToken(const capture::Sha256Digest& hash) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s,
                           conn->Stmt("SELECT hash, scope, created_at FROM tokens WHERE hash = ?"));
  s->BindBlob(1, hash);
  auto row = s->Step();
  std::optional<TokenRow> out;
  if (row.ok() && *row) out = TokenRow{FixedBlob<32>(s->Blob(0)), s->Text(1), s->Int(2)};
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::unique_ptr<Storage>> OpenStorage(const std::string& data_dir, const std::string& url) {
  if (IsPostgresUrl(url)) return OpenPostgresStorage(url);
  std::string path = "optin.sqlite";
  if (!url.empty()) {
    if (url.rfind("sqlite:", 0) != 0) {
      return MakeError(ErrorCode::kStorageUnavailable,
                       "unsupported --database '" + url + "' (sqlite:PATH or postgresql://...)");
    }
    path = url.substr(7);
  }
  if (path.empty() || path[0] != '/') path = data_dir + "/" + path;
  CAPTURE_ASSIGN_OR_RETURN(auto storage, SqliteStorage::Open(path));
  return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace optin::server
