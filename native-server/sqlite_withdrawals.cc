// Withdrawals (storage.h, "Withdrawal"): written inside CommitBatch so a withdrawal, its
// suppressions and the notices to every call centre that received the lead become effective in
// the same transaction as the ledger entry; the feed, acknowledgements and the overdue report
// read them.
#include "sqlite_storage.h"

namespace optin::server {
namespace {

using capture::Result;

WithdrawalNoticeRow ReadNotice(const SqliteStmt& s) {
  WithdrawalNoticeRow n;
  n.call_centre = s.Text(0);
  n.seq = static_cast<std::uint64_t>(s.Int(1));
  n.record_id = s.Text(2);
  n.created_at = s.Int(3);
  if (!s.IsNull(4)) n.acked_at = s.Int(4);
  return n;
}

// Runs a query whose rows are notices (columns in table order) and collects them.
Result<std::vector<WithdrawalNoticeRow>> Notices(SqliteStmt* s, std::size_t limit) {
  std::vector<WithdrawalNoticeRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row || out.size() >= limit) break;
    out.push_back(ReadNotice(*s));
  }
  s->Reset();
  return out;
}

}  // namespace

// Called by CommitBatch with writer_mu_ held and its transaction open.
capture::Status SqliteStorage::WriteWithdrawals(const BatchWrite& b) {
  if (b.withdrawals.empty() && b.suppressions.empty() && b.erasures.empty() &&
      b.erased_subjects.empty()) {
    return capture::OkStatus();
  }
  // Crypto-shredding: without the subject key the sealed disclosures are noise. secure_delete
  // zeroes the freed bytes, so the wrapped key does not linger in a free page of the file (until
  // the next WAL checkpoint the old page may still sit in the main file).
  if (!b.erased_subjects.empty()) {
    CAPTURE_RETURN_IF_ERROR(writer_.db().Exec("PRAGMA secure_delete = ON"));
  }
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * shred,
                           writer_.Stmt("DELETE FROM subject_keys WHERE subject = ?"));
  for (const auto& subject : b.erased_subjects) {
    shred->BindBlob(1, subject);
    CAPTURE_RETURN_IF_ERROR(shred->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * erased,
      writer_.Stmt("INSERT OR IGNORE INTO erasures (record_id, leaf_index, at) VALUES (?,?,?)"));
  for (const auto& e : b.erasures) {
    erased->Bind(1, e.record_id).Bind(2, static_cast<std::int64_t>(e.leaf_index)).Bind(3, e.at);
    CAPTURE_RETURN_IF_ERROR(erased->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * seen,
                           writer_.Stmt("SELECT 1 FROM withdrawals WHERE record_id = ?"));
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * insert,
      writer_.Stmt("INSERT INTO withdrawals (record_id, leaf_index, by, how, at, reason) "
                   "VALUES (?,?,?,?,?,?)"));
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * centres,
      writer_.Stmt("SELECT DISTINCT call_centre FROM deliveries WHERE record_id = ? "
                   "ORDER BY call_centre"));
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * notice,
      writer_.Stmt("INSERT OR IGNORE INTO withdrawal_notices (call_centre, seq, record_id, "
                   "created_at) VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM "
                   "withdrawal_notices WHERE call_centre = ?1), ?2, ?3)"));
  for (const auto& w : b.withdrawals) {
    seen->Bind(1, w.record_id);
    auto again = seen->Step();
    seen->Reset();
    if (!again.ok()) return again.error();
    if (*again) continue;  // withdrawn before: the first withdrawal stays, no second notice
    insert->Bind(1, w.record_id).Bind(2, static_cast<std::int64_t>(w.leaf_index));
    insert->Bind(3, w.by).Bind(4, w.how).Bind(5, w.at).Bind(6, w.reason);
    CAPTURE_RETURN_IF_ERROR(insert->Run());
    std::vector<std::string> ids;
    centres->Bind(1, w.record_id);
    for (;;) {
      auto row = centres->Step();
      if (!row.ok()) {
        centres->Reset();
        return row.error();
      }
      if (!*row) break;
      ids.push_back(centres->Text(0));
    }
    centres->Reset();
    for (const auto& id : ids) {
      notice->Bind(1, id).Bind(2, w.record_id).Bind(3, w.at);
      CAPTURE_RETURN_IF_ERROR(notice->Run());
    }
  }
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * suppress,
      writer_.Stmt("INSERT OR IGNORE INTO suppressions (kind, key, reason, since) "
                   "VALUES (?,?,?,?)"));
  for (const auto& s : b.suppressions) {
    suppress->Bind(1, s.kind).BindBlob(2, s.key).Bind(3, s.reason).Bind(4, s.since);
    CAPTURE_RETURN_IF_ERROR(suppress->Run());
  }
  return capture::OkStatus();
}

Result<std::optional<WithdrawalRow>> SqliteStorage::FindWithdrawal(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT record_id, leaf_index, by, how, at, reason FROM withdrawals "
                 "WHERE record_id = ?"));
  s->Bind(1, record_id);
  auto row = s->Step();
  std::optional<WithdrawalRow> out;
  if (row.ok() && *row) {
    out = WithdrawalRow{s->Text(0), static_cast<std::uint64_t>(s->Int(1)),
                        s->Text(2), s->Text(3),
                        s->Int(4),  s->Text(5)};
  }
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::optional<RecordRow>> SqliteStorage::FindRecordByLegacyWithdrawalToken(
    const capture::Sha256Digest& digest) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT r.id, r.leaf_index, r.checkpoint_size, r.campaign, r.version, r.source, "
                 "r.received_at, r.record_sha256, r.withdrawal_token_sha256, r.captured_at, "
                 "r.telephone_consent FROM legacy_withdrawal_tokens t "
                 "JOIN records r ON r.id = t.record_id "
                 "WHERE t.sha256 = ?"));
  s->BindBlob(1, digest);
  auto row = s->Step();
  std::optional<RecordRow> out;
  if (row.ok() && *row) out = ReadRecordRow(*s);
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::vector<WithdrawalNoticeRow>> SqliteStorage::WithdrawalNotices(
    const std::string& call_centre, std::uint64_t after, std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT call_centre, seq, record_id, created_at, acked_at FROM "
                 "withdrawal_notices WHERE call_centre = ? AND seq > ? ORDER BY seq"));
  s->Bind(1, call_centre).Bind(2, static_cast<std::int64_t>(after));
  return Notices(s, limit);
}

Result<std::size_t> SqliteStorage::AckWithdrawals(const std::string& call_centre,
                                                  const std::vector<std::string>& record_ids,
                                                  std::int64_t now) {
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * set,
      writer_.Stmt("UPDATE withdrawal_notices SET acked_at = ? WHERE call_centre = ? AND "
                   "record_id = ? AND acked_at IS NULL"));
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * known,
      writer_.Stmt("SELECT 1 FROM withdrawal_notices WHERE call_centre = ? AND record_id = ?"));
  std::size_t count = 0;
  for (const auto& id : record_ids) {
    set->Bind(1, now).Bind(2, call_centre).Bind(3, id);
    CAPTURE_RETURN_IF_ERROR(set->Run());
    known->Bind(1, call_centre).Bind(2, id);
    auto row = known->Step();
    known->Reset();
    if (!row.ok()) return row.error();
    if (*row) ++count;
  }
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  return count;
}

Result<std::vector<WithdrawalNoticeRow>> SqliteStorage::UnackedWithdrawals(
    std::int64_t older_than) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s, conn->Stmt("SELECT call_centre, seq, record_id, created_at, acked_at FROM "
                                 "withdrawal_notices WHERE acked_at IS NULL AND created_at < ? "
                                 "ORDER BY created_at, call_centre"));
  s->Bind(1, older_than);
  return Notices(s, 100000);
}

}  // namespace optin::server
