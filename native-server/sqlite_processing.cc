// The lead processor's SQLite calls (storage.h, "Lead processing"), apart from the ledger's.
#include "sqlite_storage.h"

namespace optin::server {
namespace {

using capture::Result;

// Runs a one-row query and reports whether it found a row.
Result<bool> Exists(SqliteStmt* s) {
  auto row = s->Step();
  s->Reset();
  if (!row.ok()) return row.error();
  return *row;
}

}  // namespace

Result<std::uint64_t> SqliteStorage::Position(const std::string& name) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s,
                           conn->Stmt("SELECT position FROM positions WHERE name = ?"));
  s->Bind(1, name);
  auto row = s->Step();
  std::uint64_t out = 0;
  if (row.ok() && *row) out = static_cast<std::uint64_t>(s->Int(0));
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::vector<RecordRow>> SqliteStorage::RecordsFrom(std::uint64_t from, std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT id, leaf_index, checkpoint_size, campaign, version, source, received_at, "
                 "record_sha256, withdrawal_token_sha256, captured_at, telephone_consent "
                 "FROM records WHERE leaf_index >= ? "
                 "ORDER BY leaf_index LIMIT ?"));
  s->Bind(1, static_cast<std::int64_t>(from)).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<RecordRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(ReadRecordRow(*s));
  }
  s->Reset();
  return out;
}

Result<bool> SqliteStorage::IsSuppressed(const std::string& kind, const capture::Bytes& key) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s,
                           conn->Stmt("SELECT 1 FROM suppressions WHERE kind = ? AND key = ?"));
  s->Bind(1, kind).BindBlob(2, key);
  return Exists(s);
}

Result<bool> SqliteStorage::IsCustomer(const std::string& kind, const capture::Bytes& key) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s, conn->Stmt("SELECT 1 FROM customers WHERE kind = ? AND key = ? LIMIT 1"));
  s->Bind(1, kind).BindBlob(2, key);
  return Exists(s);
}

Result<std::optional<std::int64_t>> SqliteStorage::LastContact(const std::string& kind,
                                                               const capture::Bytes& key,
                                                               const std::string& campaign) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT (SELECT MAX(at) FROM contacts WHERE kind = ?1 AND key = ?2 AND "
                 "campaign = ?3), " OPTIN_SQLITE_FIRST_DELIVERY_IN_CAMPAIGN));
  s->Bind(1, kind).BindBlob(2, key).Bind(3, campaign);
  auto row = s->Step();
  std::optional<std::int64_t> out;
  for (int col = 0; row.ok() && *row && col < 2; ++col) {
    if (!s->IsNull(col) && (!out || s->Int(col) > *out)) out = s->Int(col);
  }
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

capture::Status SqliteStorage::SaveClassifications(const std::vector<ClassificationRow>& rows,
                                                   const std::vector<DeliveryRow>& deliveries,
                                                   const std::vector<ContactRow>& contacts,
                                                   const std::string& position_name,
                                                   std::uint64_t position) {
  return SaveVerdicts(rows, deliveries, contacts, {}, position_name, position);
}

// Called with writer_mu_ held and a transaction open (SaveVerdicts, QueueVerified).
capture::Status SqliteStorage::WriteVerdicts(const std::vector<ClassificationRow>& rows,
                                             const std::vector<DeliveryRow>& deliveries,
                                             const std::vector<ContactRow>& contacts) {
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("INSERT OR REPLACE INTO classifications (record_id, leaf_index, campaign, "
                   "flow, reason, release_at, classified_at) VALUES (?,?,?,?,?,?,?)"));
  for (const auto& r : rows) {
    s->Bind(1, r.record_id).Bind(2, static_cast<std::int64_t>(r.leaf_index)).Bind(3, r.campaign);
    s->Bind(4, r.flow).Bind(5, r.reason);
    if (r.release_at) {
      s->Bind(6, *r.release_at);
    } else {
      s->BindNull(6);
    }
    s->Bind(7, r.classified_at);
    CAPTURE_RETURN_IF_ERROR(s->Run());
  }
  // The next seq of the call centre; a lead already queued for it is not queued again.
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * d,
      writer_.Stmt("INSERT OR IGNORE INTO deliveries (call_centre, seq, record_id, queued_at, "
                   "first_of_its_keys) SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4 FROM "
                   "deliveries WHERE call_centre = ?1"));
  for (const auto& r : deliveries) {
    d->Bind(1, r.call_centre).Bind(2, r.record_id).Bind(3, r.queued_at);
    d->Bind(4, std::int64_t{r.first_of_its_keys ? 1 : 0});
    CAPTURE_RETURN_IF_ERROR(d->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * c,
      writer_.Stmt("INSERT INTO contacts (kind, key, campaign, at, what, record_id) "
                   "VALUES (?,?,?,?,?,?)"));
  for (const auto& r : contacts) {
    c->Bind(1, r.kind).BindBlob(2, r.key).Bind(3, r.campaign).Bind(4, r.at);
    c->Bind(5, r.what).Bind(6, r.record_id);
    CAPTURE_RETURN_IF_ERROR(c->Run());
  }
  return capture::OkStatus();
}

Result<std::optional<ClassificationRow>> SqliteStorage::FindClassification(
    const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT leaf_index, campaign, flow, reason, release_at, classified_at "
                 "FROM classifications WHERE record_id = ?"));
  s->Bind(1, record_id);
  auto row = s->Step();
  std::optional<ClassificationRow> out;
  if (row.ok() && *row) {
    ClassificationRow c;
    c.record_id = record_id;
    c.leaf_index = static_cast<std::uint64_t>(s->Int(0));
    c.campaign = s->Text(1);
    c.flow = s->Text(2);
    c.reason = s->Text(3);
    if (!s->IsNull(4)) c.release_at = s->Int(4);
    c.classified_at = s->Int(5);
    out = std::move(c);
  }
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

}  // namespace optin::server
