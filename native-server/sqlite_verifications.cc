// Verification before calling and webhook push (storage.h, "issue 5: verification and push"):
// the verifications table, written by the processor (opened with the verdict), the sender
// (send state), the consumer's routes (wrong codes), CommitBatch (verified, with the ledger
// entry) and the processor again (queued); and the deliveries' push state.
#include "first_delivery.h"
#include "sqlite_storage.h"

namespace optin::server {
namespace {

using capture::Result;

// Statements are cached by the address of their text, so every query is one literal.
#define OPTIN_VERIFICATION_COLUMNS                                                              \
  "record_id, campaign, method, created_at, expires_at, sent_at, send_attempts, next_send_at, " \
  "send_error, wrong_codes, verified_at, verified_how, verified_by, leaf_index, queued"

VerificationRow ReadVerification(const SqliteStmt& s) {
  VerificationRow v;
  v.record_id = s.Text(0);
  v.campaign = s.Text(1);
  v.method = s.Text(2);
  v.created_at = s.Int(3);
  v.expires_at = s.Int(4);
  if (!s.IsNull(5)) v.sent_at = s.Int(5);
  v.send_attempts = s.Int(6);
  v.next_send_at = s.Int(7);
  v.send_error = s.Text(8);
  v.wrong_codes = s.Int(9);
  if (!s.IsNull(10)) v.verified_at = s.Int(10);
  v.verified_how = s.Text(11);
  v.verified_by = s.Text(12);
  if (!s.IsNull(13)) v.leaf_index = static_cast<std::uint64_t>(s.Int(13));
  v.queued = s.Int(14) != 0;
  return v;
}

Result<std::vector<VerificationRow>> ReadVerifications(SqliteStmt* s) {
  std::vector<VerificationRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(ReadVerification(*s));
  }
  s->Reset();
  return out;
}

}  // namespace

capture::Status SqliteStorage::SaveVerdicts(const std::vector<ClassificationRow>& rows,
                                            const std::vector<DeliveryRow>& deliveries,
                                            const std::vector<ContactRow>& contacts,
                                            const std::vector<VerificationRow>& verifications,
                                            const std::string& position_name,
                                            std::uint64_t position) {
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_RETURN_IF_ERROR(WriteVerdicts(rows, deliveries, contacts));
  if (!verifications.empty()) {
    // A record is verified once: a verdict given again (a release) keeps the first row.
    CAPTURE_ASSIGN_OR_RETURN(
        SqliteStmt * v,
        writer_.Stmt("INSERT OR IGNORE INTO verifications (record_id, campaign, method, "
                     "created_at, expires_at, next_send_at, queued) VALUES (?,?,?,?,?,?,?)"));
    for (const auto& r : verifications) {
      v->Bind(1, r.record_id).Bind(2, r.campaign).Bind(3, r.method).Bind(4, r.created_at);
      v->Bind(5, r.expires_at).Bind(6, r.next_send_at).Bind(7, std::int64_t{r.queued ? 1 : 0});
      CAPTURE_RETURN_IF_ERROR(v->Run());
    }
  }
  if (!position_name.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(
        SqliteStmt * p,
        writer_.Stmt("INSERT OR REPLACE INTO positions (name, position) VALUES (?, ?)"));
    p->Bind(1, position_name).Bind(2, static_cast<std::int64_t>(position));
    CAPTURE_RETURN_IF_ERROR(p->Run());
  }
  return txn.Commit();
}

capture::Status SqliteStorage::WriteVerified(const BatchWrite& b) {
  if (b.verified.empty()) return capture::OkStatus();
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("UPDATE verifications SET verified_at = ?, verified_how = ?, verified_by = ?, "
                   "leaf_index = ? WHERE record_id = ? AND verified_at IS NULL"));
  for (const auto& v : b.verified) {
    s->Bind(1, v.verified_at.value_or(0)).Bind(2, v.verified_how).Bind(3, v.verified_by);
    s->Bind(4, static_cast<std::int64_t>(v.leaf_index.value_or(0))).Bind(5, v.record_id);
    CAPTURE_RETURN_IF_ERROR(s->Run());
  }
  return capture::OkStatus();
}

Result<std::optional<VerificationRow>> SqliteStorage::FindVerification(
    const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s, conn->Stmt("SELECT " OPTIN_VERIFICATION_COLUMNS
                                                      " FROM verifications WHERE record_id = ?"));
  s->Bind(1, record_id);
  CAPTURE_ASSIGN_OR_RETURN(auto rows, ReadVerifications(s));
  if (rows.empty()) return std::optional<VerificationRow>();
  return std::optional<VerificationRow>(std::move(rows[0]));
}

Result<std::vector<VerificationRow>> SqliteStorage::VerificationsToSend(std::int64_t now,
                                                                        std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT " OPTIN_VERIFICATION_COLUMNS
                 " FROM verifications WHERE sent_at IS NULL AND verified_at IS NULL AND "
                 "next_send_at <= ? AND expires_at > ? AND method IN ('sms', 'email') "
                 "ORDER BY next_send_at LIMIT ?"));
  s->Bind(1, now).Bind(2, now).Bind(3, static_cast<std::int64_t>(limit));
  return ReadVerifications(s);
}

capture::Status SqliteStorage::MarkVerificationSend(const std::string& record_id, std::int64_t now,
                                                    const std::string& error,
                                                    std::int64_t next_at) {
  auto lock = LockWriter();
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("UPDATE verifications SET send_attempts = send_attempts + 1, "
                   "sent_at = CASE WHEN ?1 = '' THEN ?2 ELSE NULL END, send_error = ?1, "
                   "next_send_at = ?3 WHERE record_id = ?4"));
  s->Bind(1, error).Bind(2, now).Bind(3, next_at).Bind(4, record_id);
  return s->Run();
}

Result<std::int64_t> SqliteStorage::CountWrongCode(const std::string& record_id) {
  auto lock = LockWriter();
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("UPDATE verifications SET wrong_codes = wrong_codes + 1 WHERE record_id = ? "
                   "RETURNING wrong_codes"));
  s->Bind(1, record_id);
  auto row = s->Step();
  std::int64_t count = 0;
  if (row.ok() && *row) count = s->Int(0);
  s->Reset();
  if (!row.ok()) return row.error();
  return count;
}

Result<std::vector<VerificationRow>> SqliteStorage::VerifiedNotQueued(std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s, conn->Stmt("SELECT " OPTIN_VERIFICATION_COLUMNS
                                 " FROM verifications WHERE verified_at IS NOT NULL AND queued = 0 "
                                 "ORDER BY verified_at LIMIT ?"));
  s->Bind(1, static_cast<std::int64_t>(limit));
  return ReadVerifications(s);
}

capture::Status SqliteStorage::QueueVerified(const std::vector<std::string>& record_ids,
                                             const std::vector<DeliveryRow>& deliveries,
                                             const std::vector<ContactRow>& contacts) {
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_RETURN_IF_ERROR(WriteVerdicts({}, deliveries, contacts));
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s,
                           writer_.Stmt("UPDATE verifications SET queued = 1 WHERE record_id = ?"));
  for (const auto& id : record_ids) {
    s->Bind(1, id);
    CAPTURE_RETURN_IF_ERROR(s->Run());
  }
  return txn.Commit();
}

Result<std::vector<ContactRow>> SqliteStorage::ContactsOfKey(const std::string& kind,
                                                             const capture::Bytes& key,
                                                             const std::string& except_record_id,
                                                             bool except_is_first_of_key) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s,
                           conn->Stmt("SELECT campaign, at, what, record_id FROM contacts WHERE "
                                      "kind = ? AND key = ? ORDER BY campaign, at LIMIT ?"));
  s->Bind(1, kind).BindBlob(2, key).Bind(3, static_cast<std::int64_t>(kMaxContactsOfKey));
  std::vector<ContactRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(ContactRow{kind, key, s->Text(0), s->Int(1), s->Text(2), s->Text(3)});
  }
  s->Reset();
  if (except_is_first_of_key) return out;
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * first,
      conn->Stmt("SELECT r.campaign, d.queued_at, d.record_id FROM " OPTIN_SQLITE_FIRST_RECORD
                 " f JOIN records r ON r.id = f.record_id "
                 "JOIN deliveries d ON d.record_id = f.record_id WHERE f.record_id <> ?3"));
  first->Bind(1, kind).BindBlob(2, key).Bind(3, except_record_id);
  for (;;) {
    auto row = first->Step();
    if (!row.ok()) {
      first->Reset();
      return row.error();
    }
    if (!*row) break;
    AddFirstDelivery(
        out, ContactRow{kind, key, first->Text(0), first->Int(1), "delivered", first->Text(2)});
  }
  first->Reset();
  return out;
}

Result<Storage::KeyFactsRow> SqliteStorage::KeyFacts(const std::string& kind,
                                                     const capture::Bytes& key,
                                                     const std::string& campaign,
                                                     std::uint64_t for_leaf) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT EXISTS (SELECT 1 FROM suppressions WHERE kind = ?1 AND key = ?2), "
                 "EXISTS (SELECT 1 FROM customers WHERE kind = ?1 AND key = ?2), "
                 "(SELECT MAX(at) FROM contacts WHERE kind = ?1 AND key = ?2 AND campaign = "
                 "?3), " OPTIN_SQLITE_FIRST_DELIVERY_IN_CAMPAIGN_BEFORE
                 ", " OPTIN_SQLITE_FIRST_LEAF));
  s->Bind(1, kind).BindBlob(2, key).Bind(3, campaign).Bind(4, static_cast<std::int64_t>(for_leaf));
  auto row = s->Step();
  KeyFactsRow out;
  if (row.ok() && *row) {
    out.suppressed = s->Int(0) != 0;
    out.customer = s->Int(1) != 0;
    if (!s->IsNull(2)) out.last_contact = s->Int(2);
    if (!s->IsNull(3) && (!out.last_contact || s->Int(3) > *out.last_contact)) {
      out.last_contact = s->Int(3);
    }
    if (!s->IsNull(4)) out.first_leaf = static_cast<std::uint64_t>(s->Int(4));
    out.earlier = out.first_leaf && *out.first_leaf < for_leaf;
  }
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::vector<PushDueRow>> SqliteStorage::PushDue(const std::string& call_centre,
                                                       std::int64_t now, std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT seq, record_id, queued_at, push_attempts, first_of_its_keys FROM "
                 "deliveries WHERE call_centre = ? AND delivered_at IS NULL AND push_next_at <= ? "
                 "ORDER BY seq LIMIT ?"));
  s->Bind(1, call_centre).Bind(2, now).Bind(3, static_cast<std::int64_t>(limit));
  std::vector<PushDueRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    PushDueRow p;
    p.delivery.call_centre = call_centre;
    p.delivery.seq = static_cast<std::uint64_t>(s->Int(0));
    p.delivery.record_id = s->Text(1);
    p.delivery.queued_at = s->Int(2);
    p.attempts = s->Int(3);
    p.delivery.first_of_its_keys = s->Int(4) != 0;
    out.push_back(std::move(p));
  }
  s->Reset();
  return out;
}

capture::Status SqliteStorage::MarkPushFailed(const std::string& call_centre,
                                              const std::vector<std::uint64_t>& seqs,
                                              std::int64_t next_at, const std::string& error) {
  if (seqs.empty()) return capture::OkStatus();
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("UPDATE deliveries SET push_attempts = push_attempts + 1, push_next_at = ?, "
                   "push_error = ? WHERE call_centre = ? AND seq = ? AND delivered_at IS NULL"));
  for (std::uint64_t seq : seqs) {
    s->Bind(1, next_at).Bind(2, error).Bind(3, call_centre).Bind(4, static_cast<std::int64_t>(seq));
    CAPTURE_RETURN_IF_ERROR(s->Run());
  }
  return txn.Commit();
}

}  // namespace optin::server
