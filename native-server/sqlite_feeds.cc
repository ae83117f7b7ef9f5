// Call centres and their lead feeds (storage.h, "Lead processing"): configuration outside the
// ledger, deliveries with a per-call-centre seq as the cursor, idempotent acknowledgements.
#include "campaign_list_text.h"
#include "capture/json.h"
#include "sqlite_storage.h"

namespace optin::server {
namespace {

using capture::Result;

}  // namespace

capture::Status SqliteStorage::PutCallCentre(const CallCentreRow& row) {
  auto lock = LockWriter();
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("INSERT INTO call_centres (id, campaigns, webhook_url, webhook_secret, "
                   "created_at) VALUES (?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "
                   "campaigns = excluded.campaigns, webhook_url = excluded.webhook_url, "
                   "webhook_secret = excluded.webhook_secret"));
  s->Bind(1, row.id).Bind(2, CampaignListText(row.campaigns)).Bind(3, row.webhook_url);
  s->Bind(4, row.webhook_secret).Bind(5, row.created_at);
  return s->Run();
}

Result<std::vector<CallCentreRow>> SqliteStorage::CallCentres() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT id, campaigns, webhook_url, webhook_secret, created_at FROM "
                 "call_centres ORDER BY id"));
  std::vector<CallCentreRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(
        CallCentreRow{s->Text(0), CampaignListOf(s->Text(1)), s->Text(2), s->Text(3), s->Int(4)});
  }
  s->Reset();
  return out;
}

Result<std::vector<DeliveryRow>> SqliteStorage::DeliveriesAfter(const std::string& call_centre,
                                                                std::uint64_t after,
                                                                std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT seq, record_id, queued_at, delivered_at, acked_at, first_of_its_keys "
                 "FROM deliveries WHERE call_centre = ? AND seq > ? ORDER BY seq LIMIT ?"));
  s->Bind(1, call_centre).Bind(2, static_cast<std::int64_t>(after));
  s->Bind(3, static_cast<std::int64_t>(limit));
  std::vector<DeliveryRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    DeliveryRow d;
    d.call_centre = call_centre;
    d.seq = static_cast<std::uint64_t>(s->Int(0));
    d.record_id = s->Text(1);
    d.queued_at = s->Int(2);
    if (!s->IsNull(3)) d.delivered_at = s->Int(3);
    if (!s->IsNull(4)) d.acked_at = s->Int(4);
    d.first_of_its_keys = s->Int(5) != 0;
    out.push_back(std::move(d));
  }
  s->Reset();
  return out;
}

capture::Status SqliteStorage::MarkDelivered(const std::string& call_centre,
                                             const std::vector<std::uint64_t>& seqs,
                                             std::int64_t now) {
  if (seqs.empty()) return capture::OkStatus();
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("UPDATE deliveries SET delivered_at = ? WHERE call_centre = ? AND seq = ? "
                   "AND delivered_at IS NULL"));
  for (std::uint64_t seq : seqs) {
    s->Bind(1, now).Bind(2, call_centre).Bind(3, static_cast<std::int64_t>(seq));
    CAPTURE_RETURN_IF_ERROR(s->Run());
  }
  return txn.Commit();
}

Result<std::size_t> SqliteStorage::AckLeads(const std::string& call_centre,
                                            const std::vector<std::string>& record_ids,
                                            std::int64_t now) {
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * set,
      writer_.Stmt("UPDATE deliveries SET acked_at = ? WHERE record_id = ? AND call_centre = ? "
                   "AND acked_at IS NULL AND delivered_at IS NOT NULL"));
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * known,
      writer_.Stmt("SELECT 1 FROM deliveries WHERE record_id = ? AND call_centre = ? "
                   "AND delivered_at IS NOT NULL"));
  std::size_t count = 0;
  for (const auto& id : record_ids) {
    set->Bind(1, now).Bind(2, id).Bind(3, call_centre);
    CAPTURE_RETURN_IF_ERROR(set->Run());
    known->Bind(1, id).Bind(2, call_centre);
    auto row = known->Step();
    known->Reset();
    if (!row.ok()) return row.error();
    if (*row) ++count;
  }
  CAPTURE_RETURN_IF_ERROR(txn.Commit());
  return count;
}

}  // namespace optin::server
