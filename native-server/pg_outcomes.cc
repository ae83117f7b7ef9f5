// What flows back into lead processing, in PostgreSQL (the twin of sqlite_outcomes.cc): the
// customer list as match keys, the call centres' outcomes with their contacts, and the
// held-back verdicts whose pause ended.
#include <algorithm>

#include "pg_storage.h"

namespace optin::server {

using capture::Result;

namespace {

// Taken inside SaveOutcomes' transaction: "stored once" is a check then an insert, which two
// instances must not interleave.
constexpr const char* kOutcomesLock = "SELECT pg_advisory_xact_lock(7146036802)";

}  // namespace

Result<std::vector<ClassificationRow>> PgStorage::HeldBackDue(std::int64_t now, std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("SELECT record_id, leaf_index, campaign, flow, reason, release_at, "
                              "classified_at FROM classifications WHERE release_at IS NOT NULL AND "
                              "release_at <= $1 ORDER BY release_at, leaf_index LIMIT $2",
                              PgParams().Int(now).Int(static_cast<std::int64_t>(limit))));
  std::vector<ClassificationRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    ClassificationRow c;
    c.record_id = r.Text(i, 0);
    c.leaf_index = static_cast<std::uint64_t>(r.Int(i, 1));
    c.campaign = r.Text(i, 2);
    c.flow = r.Text(i, 3);
    c.reason = r.Text(i, 4);
    c.release_at = r.Int(i, 5);
    c.classified_at = r.Int(i, 6);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::size_t> PgStorage::AddCustomerKeys(const std::vector<CustomerKeyRow>& rows,
                                               std::int64_t now) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  std::size_t added = 0;
  constexpr std::size_t kChunk = 1000;
  for (std::size_t from = 0; from < rows.size(); from += kChunk) {
    PgParams p;
    for (std::size_t i = from; i < std::min(rows.size(), from + kChunk); ++i) {
      p.Text(rows[i].kind).Bytes(rows[i].key).Text(rows[i].customer_id).Int(now);
    }
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r,
        PgInsertRows(*conn, "INSERT INTO customers (kind, key, customer_id, imported_at)", 4, p,
                     "ON CONFLICT DO NOTHING"));
    added += r.affected();
  }
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  return added;
}

Result<std::optional<DeliveryRow>> PgStorage::FindDelivery(const std::string& call_centre,
                                                           const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("SELECT seq, queued_at, delivered_at, acked_at FROM deliveries "
                              "WHERE record_id = $1 AND call_centre = $2",
                              PgParams().Text(record_id).Text(call_centre)));
  if (r.rows() == 0) return std::optional<DeliveryRow>();
  DeliveryRow d;
  d.call_centre = call_centre;
  d.record_id = record_id;
  d.seq = static_cast<std::uint64_t>(r.Int(0, 0));
  d.queued_at = r.Int(0, 1);
  if (!r.IsNull(0, 2)) d.delivered_at = r.Int(0, 2);
  if (!r.IsNull(0, 3)) d.acked_at = r.Int(0, 3);
  return std::optional<DeliveryRow>(std::move(d));
}

Result<std::vector<bool>> PgStorage::SaveOutcomes(const std::vector<OutcomeRow>& rows) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(PgResult locked, conn->Query(kOutcomesLock));
  (void)locked;
  std::vector<bool> fresh;
  for (const auto& r : rows) {
    Result<PgResult> seen =
        r.at_given ? conn->Query(
                         "SELECT 1 FROM outcomes WHERE record_id = $1 AND "
                         "call_centre = $2 AND outcome = $3 AND at = $4",
                         PgParams().Text(r.record_id).Text(r.call_centre).Text(r.outcome).Int(r.at))
                   : conn->Query(
                         "SELECT 1 FROM outcomes WHERE record_id = $1 AND "
                         "call_centre = $2 AND outcome = $3",
                         PgParams().Text(r.record_id).Text(r.call_centre).Text(r.outcome));
    if (!seen.ok()) return seen.error();
    const bool again = seen->rows() > 0;
    fresh.push_back(!again);
    if (again) continue;
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult inserted,
        conn->Query("INSERT INTO outcomes (record_id, call_centre, outcome, at, received_at, "
                    "note) VALUES ($1, $2, $3, $4, $5, $6)",
                    PgParams()
                        .Text(r.record_id)
                        .Text(r.call_centre)
                        .Text(r.outcome)
                        .Int(r.at)
                        .Int(r.received_at)
                        .Text(r.note)));
    (void)inserted;
    for (const auto& c : r.contacts) {
      CAPTURE_ASSIGN_OR_RETURN(
          PgResult contact,
          conn->Query("INSERT INTO contacts (kind, key, campaign, at, what, record_id) "
                      "VALUES ($1, $2, $3, $4, $5, $6)",
                      PgParams()
                          .Text(c.kind)
                          .Bytes(c.key)
                          .Text(c.campaign)
                          .Int(c.at)
                          .Text(c.what)
                          .Text(c.record_id)));
      (void)contact;
    }
  }
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  return fresh;
}

}  // namespace optin::server
