// Call centres and their lead feeds in PostgreSQL (the twin of sqlite_feeds.cc). Several
// instances may hand out and acknowledge the same feed: each update is one statement guarded by
// its own condition (delivered_at / acked_at still unset), so row locks make them idempotent.
#include "campaign_list_text.h"
#include "capture/json.h"
#include "pg_storage.h"

namespace optin::server {
namespace {

using capture::Result;

}  // namespace

capture::Status PgStorage::PutCallCentre(const CallCentreRow& row) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("INSERT INTO call_centres (id, campaigns, webhook_url, webhook_secret, "
                  "created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET "
                  "campaigns = excluded.campaigns, webhook_url = excluded.webhook_url, "
                  "webhook_secret = excluded.webhook_secret",
                  PgParams()
                      .Text(row.id)
                      .Text(CampaignListText(row.campaigns))
                      .Text(row.webhook_url)
                      .Text(row.webhook_secret)
                      .Int(row.created_at)));
  (void)r;
  return capture::OkStatus();
}

Result<std::vector<CallCentreRow>> PgStorage::CallCentres() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("SELECT id, campaigns, webhook_url, webhook_secret, created_at FROM "
                              "call_centres ORDER BY id COLLATE \"C\""));
  std::vector<CallCentreRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(CallCentreRow{r.Text(i, 0), CampaignListOf(r.Text(i, 1)), r.Text(i, 2),
                                r.Text(i, 3), r.Int(i, 4)});
  }
  return out;
}

Result<std::vector<DeliveryRow>> PgStorage::DeliveriesAfter(const std::string& call_centre,
                                                            std::uint64_t after,
                                                            std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("SELECT seq, record_id, queued_at, delivered_at, acked_at, first_of_its_keys "
                  "FROM deliveries WHERE call_centre = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                  PgParams()
                      .Text(call_centre)
                      .Int(static_cast<std::int64_t>(after))
                      .Int(static_cast<std::int64_t>(limit))));
  std::vector<DeliveryRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    DeliveryRow d;
    d.call_centre = call_centre;
    d.seq = static_cast<std::uint64_t>(r.Int(i, 0));
    d.record_id = r.Text(i, 1);
    d.queued_at = r.Int(i, 2);
    if (!r.IsNull(i, 3)) d.delivered_at = r.Int(i, 3);
    if (!r.IsNull(i, 4)) d.acked_at = r.Int(i, 4);
    d.first_of_its_keys = r.Int(i, 5) != 0;
    out.push_back(std::move(d));
  }
  return out;
}

capture::Status PgStorage::MarkDelivered(const std::string& call_centre,
                                         const std::vector<std::uint64_t>& seqs, std::int64_t now) {
  if (seqs.empty()) return capture::OkStatus();
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  for (std::uint64_t seq : seqs) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult r,
        conn->Query("UPDATE deliveries SET delivered_at = $1 WHERE call_centre = $2 AND seq = $3 "
                    "AND delivered_at IS NULL",
                    PgParams().Int(now).Text(call_centre).Int(static_cast<std::int64_t>(seq))));
    (void)r;
  }
  return txn.Commit();
}

Result<std::size_t> PgStorage::AckLeads(const std::string& call_centre,
                                        const std::vector<std::string>& record_ids,
                                        std::int64_t now) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  std::size_t count = 0;
  for (const auto& id : record_ids) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult set,
        conn->Query("UPDATE deliveries SET acked_at = $1 WHERE record_id = $2 AND "
                    "call_centre = $3 AND acked_at IS NULL AND delivered_at IS NOT NULL",
                    PgParams().Int(now).Text(id).Text(call_centre)));
    (void)set;
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult known,
        conn->Query("SELECT 1 FROM deliveries WHERE record_id = $1 AND call_centre = $2 "
                    "AND delivered_at IS NOT NULL",
                    PgParams().Text(id).Text(call_centre)));
    if (known.rows() > 0) ++count;
  }
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  return count;
}

}  // namespace optin::server
