// Verification before calling and webhook push in PostgreSQL (the twin of
// sqlite_verifications.cc). Several instances run the sender and the pusher: each takes its work
// with FOR UPDATE SKIP LOCKED and a lease (next_send_at / push_next_at moved ahead), so a message
// or a push goes out from one instance; the outcome (MarkVerificationSend, MarkDelivered,
// MarkPushFailed) then sets the real next time. Queueing verified leads is claimed by flipping
// queued under the processing lock.
#include <algorithm>
#include <set>

#include "first_delivery.h"
#include "pg_storage.h"

namespace optin::server {
namespace {

using capture::Result;

constexpr const char* kProcessingLock = "SELECT pg_advisory_xact_lock(7146036801)";
// How long a claimed send or push is hidden from the other instances (its outcome is normally
// written within seconds; a crashed instance's claim becomes due again after this).
constexpr std::int64_t kLeaseMs = 30000;

#define OPTIN_PG_VERIFICATION_COLUMNS                                                           \
  "record_id, campaign, method, created_at, expires_at, sent_at, send_attempts, next_send_at, " \
  "send_error, wrong_codes, verified_at, verified_how, verified_by, leaf_index, queued"

std::vector<VerificationRow> Verifications(const PgResult& r) {
  std::vector<VerificationRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    VerificationRow v;
    v.record_id = r.Text(i, 0);
    v.campaign = r.Text(i, 1);
    v.method = r.Text(i, 2);
    v.created_at = r.Int(i, 3);
    v.expires_at = r.Int(i, 4);
    if (!r.IsNull(i, 5)) v.sent_at = r.Int(i, 5);
    v.send_attempts = r.Int(i, 6);
    v.next_send_at = r.Int(i, 7);
    v.send_error = r.Text(i, 8);
    v.wrong_codes = r.Int(i, 9);
    if (!r.IsNull(i, 10)) v.verified_at = r.Int(i, 10);
    v.verified_how = r.Text(i, 11);
    v.verified_by = r.Text(i, 12);
    if (!r.IsNull(i, 13)) v.leaf_index = static_cast<std::uint64_t>(r.Int(i, 13));
    v.queued = r.Int(i, 14) != 0;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

// Called by CommitBatch with seq_mu_ held and its transaction open.
capture::Status PgStorage::WriteVerified(const BatchWrite& b) {
  for (const auto& v : b.verified) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r,
        seq_->Query("UPDATE verifications SET verified_at = $1, verified_how = $2, verified_by = "
                    "$3, leaf_index = $4 WHERE record_id = $5 AND verified_at IS NULL",
                    PgParams()
                        .Int(v.verified_at.value_or(0))
                        .Text(v.verified_how)
                        .Text(v.verified_by)
                        .Int(static_cast<std::int64_t>(v.leaf_index.value_or(0)))
                        .Text(v.record_id)));
    (void)r;
  }
  return capture::OkStatus();
}

Result<std::optional<VerificationRow>> PgStorage::FindVerification(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r, conn->Query("SELECT " OPTIN_PG_VERIFICATION_COLUMNS
                                                   " FROM verifications WHERE record_id = $1",
                                                   PgParams().Text(record_id)));
  auto rows = Verifications(r);
  if (rows.empty()) return std::optional<VerificationRow>();
  return std::optional<VerificationRow>(std::move(rows[0]));
}

Result<std::vector<VerificationRow>> PgStorage::VerificationsToSend(std::int64_t now,
                                                                    std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  // The rows as they were when claimed (RETURNING shows the lease; the sender does not read it).
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("WITH due AS (SELECT record_id, next_send_at AS was FROM verifications WHERE "
                  "sent_at IS NULL AND verified_at IS NULL AND next_send_at <= $1 AND "
                  "expires_at > $1 AND method IN ('sms', 'email') ORDER BY next_send_at "
                  "LIMIT $2 FOR UPDATE SKIP LOCKED) "
                  "UPDATE verifications v SET next_send_at = $3 FROM due WHERE v.record_id = "
                  "due.record_id RETURNING v.record_id, v.campaign, v.method, v.created_at, "
                  "v.expires_at, v.sent_at, v.send_attempts, due.was, v.send_error, "
                  "v.wrong_codes, v.verified_at, v.verified_how, v.verified_by, v.leaf_index, "
                  "v.queued",
                  PgParams().Int(now).Int(static_cast<std::int64_t>(limit)).Int(now + kLeaseMs)));
  auto rows = Verifications(r);
  std::sort(rows.begin(), rows.end(), [](const VerificationRow& a, const VerificationRow& b) {
    return a.next_send_at < b.next_send_at;
  });
  return rows;
}

capture::Status PgStorage::MarkVerificationSend(const std::string& record_id, std::int64_t now,
                                                const std::string& error, std::int64_t next_at) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("UPDATE verifications SET send_attempts = send_attempts + 1, sent_at = CASE "
                  "WHEN $1::text = '' THEN $2::bigint ELSE NULL END, send_error = $1::text, "
                  "next_send_at = $3 WHERE record_id = $4",
                  PgParams().Text(error).Int(now).Int(next_at).Text(record_id)));
  (void)r;
  return capture::OkStatus();
}

Result<std::int64_t> PgStorage::CountWrongCode(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("UPDATE verifications SET wrong_codes = wrong_codes + 1 WHERE "
                              "record_id = $1 RETURNING wrong_codes",
                              PgParams().Text(record_id)));
  return r.rows() == 0 ? std::int64_t{0} : r.Int(0, 0);
}

Result<std::vector<VerificationRow>> PgStorage::VerifiedNotQueued(std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r,
                           conn->Query("SELECT " OPTIN_PG_VERIFICATION_COLUMNS
                                       " FROM verifications WHERE verified_at IS NOT NULL AND "
                                       "queued = 0 ORDER BY verified_at LIMIT $1",
                                       PgParams().Int(static_cast<std::int64_t>(limit))));
  return Verifications(r);
}

capture::Status PgStorage::QueueVerified(const std::vector<std::string>& record_ids,
                                         const std::vector<DeliveryRow>& deliveries,
                                         const std::vector<ContactRow>& contacts) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(PgResult locked, conn->Query(kProcessingLock));
  (void)locked;
  // The claim: a record another instance queued already is left out.
  std::set<std::string> skipped;
  for (const auto& id : record_ids) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r, conn->Query("UPDATE verifications SET queued = 1 WHERE record_id = $1 AND "
                                "queued = 0",
                                PgParams().Text(id)));
    if (r.affected() == 0) skipped.insert(id);
  }
  CAPTURE_RETURN_IF_ERROR(PgWriteVerdicts(*conn, {}, deliveries, contacts, skipped));
  return txn.Commit();
}

Result<std::vector<ContactRow>> PgStorage::ContactsOfKey(const std::string& kind,
                                                         const capture::Bytes& key,
                                                         const std::string& except_record_id,
                                                         bool except_is_first_of_key) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("SELECT campaign, at, what, record_id FROM contacts WHERE kind = $1 "
                              "AND key = $2 ORDER BY campaign COLLATE \"C\", at LIMIT $3",
                              PgParams().Text(kind).Bytes(key).Int(
                                  static_cast<std::int64_t>(kMaxContactsOfKey))));
  std::vector<ContactRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(ContactRow{kind, key, r.Text(i, 0), r.Int(i, 1), r.Text(i, 2), r.Text(i, 3)});
  }
  if (except_is_first_of_key) return out;
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult first,
      conn->Query("SELECT r.campaign, d.queued_at, d.record_id FROM " OPTIN_PG_FIRST_RECORD
                  " f JOIN records r ON r.id = f.record_id "
                  "JOIN deliveries d ON d.record_id = f.record_id WHERE f.record_id <> $3",
                  PgParams().Text(kind).Bytes(key).Text(except_record_id)));
  for (int i = 0; i < first.rows(); ++i) {
    AddFirstDelivery(out, ContactRow{kind, key, first.Text(i, 0), first.Int(i, 1), "delivered",
                                     first.Text(i, 2)});
  }
  return out;
}

Result<std::vector<PushDueRow>> PgStorage::PushDue(const std::string& call_centre, std::int64_t now,
                                                   std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("WITH due AS (SELECT call_centre, seq FROM deliveries WHERE call_centre = $1 "
                  "AND delivered_at IS NULL AND push_next_at <= $2 ORDER BY seq LIMIT $3 "
                  "FOR UPDATE SKIP LOCKED) "
                  "UPDATE deliveries d SET push_next_at = $4 FROM due WHERE d.call_centre = "
                  "due.call_centre AND d.seq = due.seq "
                  "RETURNING d.seq, d.record_id, d.queued_at, d.push_attempts, "
                  "d.first_of_its_keys",
                  PgParams()
                      .Text(call_centre)
                      .Int(now)
                      .Int(static_cast<std::int64_t>(limit))
                      .Int(now + kLeaseMs)));
  std::vector<PushDueRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    PushDueRow p;
    p.delivery.call_centre = call_centre;
    p.delivery.seq = static_cast<std::uint64_t>(r.Int(i, 0));
    p.delivery.record_id = r.Text(i, 1);
    p.delivery.queued_at = r.Int(i, 2);
    p.attempts = r.Int(i, 3);
    p.delivery.first_of_its_keys = r.Int(i, 4) != 0;
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const PushDueRow& a, const PushDueRow& b) {
    return a.delivery.seq < b.delivery.seq;
  });
  return out;
}

capture::Status PgStorage::MarkPushFailed(const std::string& call_centre,
                                          const std::vector<std::uint64_t>& seqs,
                                          std::int64_t next_at, const std::string& error) {
  if (seqs.empty()) return capture::OkStatus();
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  for (std::uint64_t seq : seqs) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r,
        conn->Query("UPDATE deliveries SET push_attempts = push_attempts + 1, push_next_at = $1, "
                    "push_error = $2 WHERE call_centre = $3 AND seq = $4 AND delivered_at IS NULL",
                    PgParams()
                        .Int(next_at)
                        .Text(error)
                        .Text(call_centre)
                        .Int(static_cast<std::int64_t>(seq))));
    (void)r;
  }
  return txn.Commit();
}

Result<Storage::KeyFactsRow> PgStorage::KeyFacts(const std::string& kind, const capture::Bytes& key,
                                                 const std::string& campaign,
                                                 std::uint64_t for_leaf) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("SELECT EXISTS (SELECT 1 FROM suppressions WHERE kind = $1 AND key = $2), "
                  "EXISTS (SELECT 1 FROM customers WHERE kind = $1 AND key = $2), "
                  "(SELECT MAX(at) FROM contacts WHERE kind = $1 AND key = $2 AND campaign = "
                  "$3), " OPTIN_PG_FIRST_DELIVERY_IN_CAMPAIGN_BEFORE ", " OPTIN_PG_FIRST_LEAF,
                  PgParams().Text(kind).Bytes(key).Text(campaign).Int(
                      static_cast<std::int64_t>(for_leaf))));
  KeyFactsRow out;
  if (r.rows() > 0) {
    out.suppressed = r.Int(0, 0) != 0;
    out.customer = r.Int(0, 1) != 0;
    if (!r.IsNull(0, 2)) out.last_contact = r.Int(0, 2);
    if (!r.IsNull(0, 3) && (!out.last_contact || r.Int(0, 3) > *out.last_contact)) {
      out.last_contact = r.Int(0, 3);
    }
    if (!r.IsNull(0, 4)) out.first_leaf = static_cast<std::uint64_t>(r.Int(0, 4));
    out.earlier = out.first_leaf && *out.first_leaf < for_leaf;
  }
  return out;
}

}  // namespace optin::server
