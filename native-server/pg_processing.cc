// The lead processor's PostgreSQL calls (the twin of sqlite_processing.cc). Every instance runs a
// processor; SaveClassifications is their work claim: under a transaction advisory lock it
// skips what another instance already saved (records below the stored position, verdicts
// already released), so each record is classified, queued and counted as a contact once.
#include <set>

#include "pg_storage.h"

namespace optin::server {
namespace {

using capture::Result;

constexpr const char* kProcessingLock = "SELECT pg_advisory_xact_lock(7146036801)";

Result<bool> Exists(Result<PgResult> r) {
  if (!r.ok()) return r.error();
  return r->rows() > 0;
}

}  // namespace

Result<std::uint64_t> PgStorage::Position(const std::string& name) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r, conn->Query("SELECT position FROM positions WHERE name = $1",
                                                   PgParams().Text(name)));
  return r.rows() == 0 ? 0 : static_cast<std::uint64_t>(r.Int(0, 0));
}

Result<std::vector<RecordRow>> PgStorage::RecordsFrom(std::uint64_t from, std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query(
          "SELECT id, leaf_index, checkpoint_size, campaign, version, source, "
          "received_at, record_sha256, withdrawal_token_sha256, captured_at, telephone_consent "
          "FROM records WHERE "
          "leaf_index >= $1 ORDER BY leaf_index LIMIT $2",
          PgParams().Int(static_cast<std::int64_t>(from)).Int(static_cast<std::int64_t>(limit))));
  std::vector<RecordRow> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(PgRecordRow(r, i));
  return out;
}

Result<bool> PgStorage::IsSuppressed(const std::string& kind, const capture::Bytes& key) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  return Exists(conn->Query("SELECT 1 FROM suppressions WHERE kind = $1 AND key = $2",
                            PgParams().Text(kind).Bytes(key)));
}

Result<bool> PgStorage::IsCustomer(const std::string& kind, const capture::Bytes& key) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  return Exists(conn->Query("SELECT 1 FROM customers WHERE kind = $1 AND key = $2 LIMIT 1",
                            PgParams().Text(kind).Bytes(key)));
}

Result<std::optional<std::int64_t>> PgStorage::LastContact(const std::string& kind,
                                                           const capture::Bytes& key,
                                                           const std::string& campaign) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("SELECT GREATEST((SELECT MAX(at) FROM contacts WHERE kind = $1 AND key = $2 AND "
                  "campaign = $3), " OPTIN_PG_FIRST_DELIVERY_IN_CAMPAIGN ")",
                  PgParams().Text(kind).Bytes(key).Text(campaign)));
  if (r.rows() == 0 || r.IsNull(0, 0)) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(r.Int(0, 0));
}

capture::Status PgStorage::SaveClassifications(const std::vector<ClassificationRow>& rows,
                                               const std::vector<DeliveryRow>& deliveries,
                                               const std::vector<ContactRow>& contacts,
                                               const std::string& position_name,
                                               std::uint64_t position) {
  return SaveVerdicts(rows, deliveries, contacts, {}, position_name, position);
}

capture::Status PgStorage::SaveVerdicts(const std::vector<ClassificationRow>& rows,
                                        const std::vector<DeliveryRow>& deliveries,
                                        const std::vector<ContactRow>& contacts,
                                        const std::vector<VerificationRow>& verifications,
                                        const std::string& position_name, std::uint64_t position) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(PgResult locked, conn->Query(kProcessingLock));
  (void)locked;
  // The claim: what another instance saved meanwhile is not saved again.
  std::set<std::string> skipped;
  std::uint64_t stored = 0;
  if (!position_name.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(PgResult p,
                             conn->Query("SELECT position FROM positions WHERE name = $1",
                                         PgParams().Text(position_name)));
    if (p.rows() > 0) stored = static_cast<std::uint64_t>(p.Int(0, 0));
    for (const auto& r : rows) {
      if (r.leaf_index < stored) skipped.insert(r.record_id);
    }
  } else {
    for (const auto& r : rows) {
      CAPTURE_ASSIGN_OR_RETURN(PgResult c,
                               conn->Query("SELECT 1 FROM classifications WHERE record_id = $1 AND "
                                           "release_at IS NULL",
                                           PgParams().Text(r.record_id)));
      if (c.rows() > 0) skipped.insert(r.record_id);  // released by another instance
    }
  }
  CAPTURE_RETURN_IF_ERROR(PgWriteVerdicts(*conn, rows, deliveries, contacts, skipped));
  // A record is verified once: a verdict given again (a release) keeps the first row.
  for (const auto& v : verifications) {
    if (skipped.count(v.record_id) != 0) continue;
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r,
        conn->Query("INSERT INTO verifications (record_id, campaign, method, created_at, "
                    "expires_at, next_send_at, queued) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                    "ON CONFLICT DO NOTHING",
                    PgParams()
                        .Text(v.record_id)
                        .Text(v.campaign)
                        .Text(v.method)
                        .Int(v.created_at)
                        .Int(v.expires_at)
                        .Int(v.next_send_at)
                        .Int(v.queued ? 1 : 0)));
    (void)r;
  }
  if (!position_name.empty() && position > stored) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult p,
        conn->Query("INSERT INTO positions (name, position) VALUES ($1, $2) ON CONFLICT (name) "
                    "DO UPDATE SET position = excluded.position",
                    PgParams().Text(position_name).Int(static_cast<std::int64_t>(position))));
    (void)p;
  }
  return txn.Commit();
}

capture::Status PgWriteVerdicts(PgConn& conn, const std::vector<ClassificationRow>& rows,
                                const std::vector<DeliveryRow>& deliveries,
                                const std::vector<ContactRow>& contacts,
                                const std::set<std::string>& skipped) {
  for (const auto& r : rows) {
    if (skipped.count(r.record_id) != 0) continue;
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult s,
        conn.Query("INSERT INTO classifications (record_id, leaf_index, campaign, flow, reason, "
                   "release_at, classified_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                   "ON CONFLICT (record_id) DO UPDATE SET leaf_index = excluded.leaf_index, "
                   "campaign = excluded.campaign, flow = excluded.flow, reason = "
                   "excluded.reason, release_at = excluded.release_at, classified_at = "
                   "excluded.classified_at",
                   PgParams()
                       .Text(r.record_id)
                       .Int(static_cast<std::int64_t>(r.leaf_index))
                       .Text(r.campaign)
                       .Text(r.flow)
                       .Text(r.reason)
                       .IntOrNull(r.release_at)
                       .Int(r.classified_at)));
    (void)s;
  }
  // The next seq of the call centre; a lead already queued for it is not queued again.
  for (const auto& r : deliveries) {
    if (skipped.count(r.record_id) != 0) continue;
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult d,
        conn.Query("INSERT INTO deliveries (call_centre, seq, record_id, queued_at, "
                   "first_of_its_keys) SELECT $1::text, COALESCE(MAX(seq), 0) + 1, $2::text, "
                   "$3::bigint, $4::bigint FROM deliveries WHERE call_centre = $1::text "
                   "ON CONFLICT DO NOTHING",
                   PgParams()
                       .Text(r.call_centre)
                       .Text(r.record_id)
                       .Int(r.queued_at)
                       .Int(r.first_of_its_keys ? 1 : 0)));
    (void)d;
  }
  for (const auto& r : contacts) {
    if (skipped.count(r.record_id) != 0) continue;
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult c, conn.Query("INSERT INTO contacts (kind, key, campaign, at, what, record_id) "
                               "VALUES ($1, $2, $3, $4, $5, $6)",
                               PgParams()
                                   .Text(r.kind)
                                   .Bytes(r.key)
                                   .Text(r.campaign)
                                   .Int(r.at)
                                   .Text(r.what)
                                   .Text(r.record_id)));
    (void)c;
  }
  return capture::OkStatus();
}

Result<std::optional<ClassificationRow>> PgStorage::FindClassification(
    const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r,
                           conn->Query("SELECT leaf_index, campaign, flow, reason, release_at, "
                                       "classified_at FROM classifications WHERE record_id = $1",
                                       PgParams().Text(record_id)));
  if (r.rows() == 0) return std::optional<ClassificationRow>();
  ClassificationRow c;
  c.record_id = record_id;
  c.leaf_index = static_cast<std::uint64_t>(r.Int(0, 0));
  c.campaign = r.Text(0, 1);
  c.flow = r.Text(0, 2);
  c.reason = r.Text(0, 3);
  if (!r.IsNull(0, 4)) c.release_at = r.Int(0, 4);
  c.classified_at = r.Int(0, 5);
  return std::optional<ClassificationRow>(std::move(c));
}

}  // namespace optin::server
