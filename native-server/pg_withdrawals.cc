// Withdrawals in PostgreSQL (the twin of sqlite_withdrawals.cc): written inside CommitBatch, so a
// withdrawal, its suppressions and its notices commit with the ledger entry, under the ledger
// lock (which also serialises the notices' per-call-centre seq across instances).
#include "pg_storage.h"

namespace optin::server {
namespace {

using capture::Result;

std::vector<WithdrawalNoticeRow> Notices(const PgResult& r, std::size_t limit) {
  std::vector<WithdrawalNoticeRow> out;
  for (int i = 0; i < r.rows() && out.size() < limit; ++i) {
    WithdrawalNoticeRow n;
    n.call_centre = r.Text(i, 0);
    n.seq = static_cast<std::uint64_t>(r.Int(i, 1));
    n.record_id = r.Text(i, 2);
    n.created_at = r.Int(i, 3);
    if (!r.IsNull(i, 4)) n.acked_at = r.Int(i, 4);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

// Called by CommitBatch with seq_mu_ held and its transaction open.
capture::Status PgStorage::WriteWithdrawals(const BatchWrite& b) {
  PgConn& c = *seq_;
  // Crypto-shredding: without the subject key the sealed disclosures are noise. (The deleted
  // row stays in its page until VACUUM reclaims it; autovacuum does that on its own schedule.)
  for (const auto& subject : b.erased_subjects) {
    CAPTURE_ASSIGN_OR_RETURN(PgResult r, c.Query("DELETE FROM subject_keys WHERE subject = $1",
                                                 PgParams().Bytes(subject)));
    (void)r;
  }
  for (const auto& e : b.erasures) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r,
        c.Query(
            "INSERT INTO erasures (record_id, leaf_index, at) VALUES ($1, $2, $3) "
            "ON CONFLICT DO NOTHING",
            PgParams().Text(e.record_id).Int(static_cast<std::int64_t>(e.leaf_index)).Int(e.at)));
    (void)r;
  }
  for (const auto& w : b.withdrawals) {
    // Withdrawn before: the first withdrawal stays, no second notice.
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult inserted,
        c.Query("INSERT INTO withdrawals (record_id, leaf_index, \"by\", how, at, reason) "
                "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                PgParams()
                    .Text(w.record_id)
                    .Int(static_cast<std::int64_t>(w.leaf_index))
                    .Text(w.by)
                    .Text(w.how)
                    .Int(w.at)
                    .Text(w.reason)));
    if (inserted.affected() == 0) continue;
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult notices,
        c.Query("INSERT INTO withdrawal_notices (call_centre, seq, record_id, created_at) "
                "SELECT d.call_centre, (SELECT COALESCE(MAX(n.seq), 0) + 1 FROM "
                "withdrawal_notices n WHERE n.call_centre = d.call_centre), $1::text, "
                "$2::bigint FROM (SELECT DISTINCT call_centre FROM deliveries WHERE record_id = "
                "$1::text) d ON CONFLICT DO NOTHING",
                PgParams().Text(w.record_id).Int(w.at)));
    (void)notices;
  }
  for (const auto& s : b.suppressions) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r, c.Query("INSERT INTO suppressions (kind, key, reason, since) VALUES "
                            "($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                            PgParams().Text(s.kind).Bytes(s.key).Text(s.reason).Int(s.since)));
    (void)r;
  }
  return capture::OkStatus();
}

Result<std::optional<WithdrawalRow>> PgStorage::FindWithdrawal(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r,
                           conn->Query("SELECT record_id, leaf_index, \"by\", how, at, reason FROM "
                                       "withdrawals WHERE record_id = $1",
                                       PgParams().Text(record_id)));
  if (r.rows() == 0) return std::optional<WithdrawalRow>();
  return std::optional<WithdrawalRow>(
      WithdrawalRow{r.Text(0, 0), static_cast<std::uint64_t>(r.Int(0, 1)), r.Text(0, 2),
                    r.Text(0, 3), r.Int(0, 4), r.Text(0, 5)});
}

Result<std::optional<RecordRow>> PgStorage::FindRecordByLegacyWithdrawalToken(
    const capture::Sha256Digest& digest) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r,
                           conn->Query("SELECT r.id, r.leaf_index, r.checkpoint_size, r.campaign, "
                                       "r.version, r.source, r.received_at, r.record_sha256, "
                                       "r.withdrawal_token_sha256, r.captured_at, "
                                       "r.telephone_consent FROM legacy_withdrawal_tokens t "
                                       "JOIN records r ON r.id = t.record_id WHERE t.sha256 = $1",
                                       PgParams().Bytes(digest)));
  if (r.rows() == 0) return std::optional<RecordRow>();
  return std::optional<RecordRow>(PgRecordRow(r, 0));
}

Result<std::vector<WithdrawalNoticeRow>> PgStorage::WithdrawalNotices(
    const std::string& call_centre, std::uint64_t after, std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("SELECT call_centre, seq, record_id, created_at, acked_at FROM "
                  "withdrawal_notices WHERE call_centre = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                  PgParams()
                      .Text(call_centre)
                      .Int(static_cast<std::int64_t>(after))
                      .Int(static_cast<std::int64_t>(limit))));
  return Notices(r, limit);
}

Result<std::size_t> PgStorage::AckWithdrawals(const std::string& call_centre,
                                              const std::vector<std::string>& record_ids,
                                              std::int64_t now) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  std::size_t count = 0;
  for (const auto& id : record_ids) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult set,
        conn->Query("UPDATE withdrawal_notices SET acked_at = $1 WHERE call_centre = $2 AND "
                    "record_id = $3 AND acked_at IS NULL",
                    PgParams().Int(now).Text(call_centre).Text(id)));
    (void)set;
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult known,
        conn->Query("SELECT 1 FROM withdrawal_notices WHERE call_centre = $1 AND record_id = $2",
                    PgParams().Text(call_centre).Text(id)));
    if (known.rows() > 0) ++count;
  }
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  return count;
}

Result<std::vector<WithdrawalNoticeRow>> PgStorage::UnackedWithdrawals(std::int64_t older_than) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("SELECT call_centre, seq, record_id, created_at, acked_at FROM "
                              "withdrawal_notices WHERE acked_at IS NULL AND created_at < $1 "
                              "ORDER BY created_at, call_centre COLLATE \"C\" LIMIT 100000",
                              PgParams().Int(older_than)));
  return Notices(r, 100000);
}

}  // namespace optin::server
