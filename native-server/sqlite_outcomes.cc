// What flows back into lead processing (storage.h): the customer list as match keys, the call
// centres' outcomes with the contacts they add, and the held-back verdicts whose pause ended.
#include <sqlite3.h>

#include "sqlite_storage.h"

namespace optin::server {

using capture::Result;

Result<std::vector<ClassificationRow>> SqliteStorage::HeldBackDue(std::int64_t now,
                                                                  std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT record_id, leaf_index, campaign, flow, reason, release_at, "
                 "classified_at FROM classifications WHERE release_at IS NOT NULL AND "
                 "release_at <= ? ORDER BY release_at, leaf_index LIMIT ?"));
  s->Bind(1, now).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<ClassificationRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    ClassificationRow c;
    c.record_id = s->Text(0);
    c.leaf_index = static_cast<std::uint64_t>(s->Int(1));
    c.campaign = s->Text(2);
    c.flow = s->Text(3);
    c.reason = s->Text(4);
    c.release_at = s->Int(5);
    c.classified_at = s->Int(6);
    out.push_back(std::move(c));
  }
  s->Reset();
  return out;
}

Result<std::size_t> SqliteStorage::AddCustomerKeys(const std::vector<CustomerKeyRow>& rows,
                                                   std::int64_t now) {
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("INSERT OR IGNORE INTO customers (kind, key, customer_id, imported_at) "
                   "VALUES (?,?,?,?)"));
  std::size_t added = 0;
  for (const auto& r : rows) {
    s->Bind(1, r.kind).BindBlob(2, r.key).Bind(3, r.customer_id).Bind(4, now);
    CAPTURE_RETURN_IF_ERROR(s->Run());
    added += static_cast<std::size_t>(sqlite3_changes(writer_.db().raw()));
  }
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  return added;
}

Result<std::optional<DeliveryRow>> SqliteStorage::FindDelivery(const std::string& call_centre,
                                                               const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s, conn->Stmt("SELECT seq, queued_at, delivered_at, acked_at FROM deliveries "
                                 "WHERE record_id = ? AND call_centre = ?"));
  s->Bind(1, record_id).Bind(2, call_centre);
  auto row = s->Step();
  std::optional<DeliveryRow> out;
  if (row.ok() && *row) {
    DeliveryRow d;
    d.call_centre = call_centre;
    d.record_id = record_id;
    d.seq = static_cast<std::uint64_t>(s->Int(0));
    d.queued_at = s->Int(1);
    if (!s->IsNull(2)) d.delivered_at = s->Int(2);
    if (!s->IsNull(3)) d.acked_at = s->Int(3);
    out = std::move(d);
  }
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::vector<bool>> SqliteStorage::SaveOutcomes(const std::vector<OutcomeRow>& rows) {
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * same_at,
      writer_.Stmt("SELECT 1 FROM outcomes WHERE record_id = ? AND call_centre = ? AND "
                   "outcome = ? AND at = ?"));
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * same_any,
      writer_.Stmt("SELECT 1 FROM outcomes WHERE record_id = ? AND call_centre = ? AND "
                   "outcome = ?"));
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * insert,
      writer_.Stmt("INSERT INTO outcomes (record_id, call_centre, outcome, at, received_at, "
                   "note) VALUES (?,?,?,?,?,?)"));
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * contact,
      writer_.Stmt("INSERT INTO contacts (kind, key, campaign, at, what, record_id) "
                   "VALUES (?,?,?,?,?,?)"));
  std::vector<bool> fresh;
  for (const auto& r : rows) {
    SqliteStmt* probe = r.at_given ? same_at : same_any;
    probe->Bind(1, r.record_id).Bind(2, r.call_centre).Bind(3, r.outcome);
    if (r.at_given) probe->Bind(4, r.at);
    auto seen = probe->Step();
    probe->Reset();
    if (!seen.ok()) return seen.error();
    fresh.push_back(!*seen);
    if (*seen) continue;
    insert->Bind(1, r.record_id).Bind(2, r.call_centre).Bind(3, r.outcome).Bind(4, r.at);
    insert->Bind(5, r.received_at).Bind(6, r.note);
    CAPTURE_RETURN_IF_ERROR(insert->Run());
    for (const auto& c : r.contacts) {
      contact->Bind(1, c.kind).BindBlob(2, c.key).Bind(3, c.campaign).Bind(4, c.at);
      contact->Bind(5, c.what).Bind(6, c.record_id);
      CAPTURE_RETURN_IF_ERROR(contact->Run());
    }
  }
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  return fresh;
}

}  // namespace optin::server
