// Partners and traffic sources in PostgreSQL (the twin of sqlite_sources.cc): registrations,
// relay batches, record facts and blocks written with their ledger entries, and refusal counts.
#include "campaign_list_text.h"
#include "capture/json.h"
#include "pg_storage.h"

namespace optin::server {
namespace {

using capture::Result;

}  // namespace

// Called by CommitBatch with seq_mu_ held and its transaction open.
capture::Status PgStorage::WriteSources(const BatchWrite& b) {
  PgConn& c = *seq_;
  if (!b.record_facts.empty()) {
    PgParams p;
    for (const auto& f : b.record_facts) {
      p.Text(f.record_id).IntOrNull(f.time_on_page_ms).Text(f.device_key);
      p.Int(f.disposable_email ? 1 : 0);
      if (f.relay_batch) {
        p.Bytes(*f.relay_batch);
      } else {
        p.Null();
      }
    }
    CAPTURE_ASSIGN_OR_RETURN(PgResult r,
                             PgInsertRows(c,
                                          "INSERT INTO record_facts (record_id, time_on_page_ms, "
                                          "device_key, disposable_email, relay_batch)",
                                          5, p));
    (void)r;
  }
  // Issue 9: the flags noted about each new record (migration 6).
  for (const auto& f : b.record_facts) {
    for (const auto& flag : f.flags) {
      CAPTURE_ASSIGN_OR_RETURN(
          PgResult done, c.Query("INSERT INTO record_flags (record_id, flag, detail) VALUES "
                                 "($1, $2, $3) ON CONFLICT DO NOTHING",
                                 PgParams().Text(f.record_id).Text(flag.flag).Text(flag.detail)));
      (void)done;
    }
  }
  for (const auto& r : b.relay_batches) {
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult done,
        c.Query("INSERT INTO relay_batches (sha256, partner, batch, sig, received_at) VALUES "
                "($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                PgParams().Bytes(r.sha256).Text(r.partner).Text(r.batch).Text(r.sig).Int(
                    r.received_at)));
    (void)done;
  }
  for (const auto& change : b.block_changes) {
    const BlockRow& r = change.row;
    if (change.blocked) {
      CAPTURE_ASSIGN_OR_RETURN(
          PgResult done,
          c.Query("INSERT INTO blocks (source, campaign, reason, leaf_index, at) VALUES "
                  "($1, $2, $3, $4, $5) ON CONFLICT (source, campaign) DO UPDATE SET "
                  "reason = excluded.reason, leaf_index = excluded.leaf_index, at = excluded.at",
                  PgParams()
                      .Text(r.source)
                      .Text(r.campaign)
                      .Text(r.reason)
                      .Int(static_cast<std::int64_t>(r.leaf_index))
                      .Int(r.at)));
      (void)done;
    } else {
      CAPTURE_ASSIGN_OR_RETURN(PgResult done,
                               c.Query("DELETE FROM blocks WHERE source = $1 AND campaign = $2",
                                       PgParams().Text(r.source).Text(r.campaign)));
      (void)done;
    }
  }
  return capture::OkStatus();
}

capture::Status PgStorage::PutPartner(const PartnerRow& row) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("INSERT INTO partners (id, name, key, campaigns, registered_at) VALUES "
                  "($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                  "key = excluded.key, campaigns = excluded.campaigns, "
                  "registered_at = excluded.registered_at",
                  PgParams()
                      .Text(row.id)
                      .Text(row.name)
                      .Text(row.key)
                      .Text(CampaignListText(row.campaigns))
                      .Int(row.registered_at)));
  (void)r;
  return capture::OkStatus();
}

Result<std::vector<PartnerRow>> PgStorage::Partners() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(PgResult r, conn->Query("SELECT id, name, key, campaigns, registered_at "
                                                   "FROM partners ORDER BY id COLLATE \"C\""));
  std::vector<PartnerRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(PartnerRow{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), CampaignListOf(r.Text(i, 3)),
                             r.Int(i, 4)});
  }
  return out;
}

Result<std::vector<BlockRow>> PgStorage::Blocks() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r, conn->Query("SELECT source, campaign, reason, leaf_index, at FROM "
                              "blocks ORDER BY source COLLATE \"C\", campaign COLLATE \"C\""));
  std::vector<BlockRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(BlockRow{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2),
                           static_cast<std::uint64_t>(r.Int(i, 3)), r.Int(i, 4)});
  }
  return out;
}

Result<std::optional<RelayBatchRow>> PgStorage::FindRelayBatch(
    const capture::Sha256Digest& sha256) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("SELECT partner, batch, sig, received_at FROM relay_batches WHERE sha256 = $1",
                  PgParams().Bytes(sha256)));
  if (r.rows() == 0) return std::optional<RelayBatchRow>();
  return std::optional<RelayBatchRow>(
      RelayBatchRow{sha256, r.Text(0, 0), r.Text(0, 1), r.Text(0, 2), r.Int(0, 3)});
}

Result<std::optional<RecordFactsRow>> PgStorage::FindRecordFacts(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query("SELECT time_on_page_ms, device_key, disposable_email, relay_batch FROM "
                  "record_facts WHERE record_id = $1",
                  PgParams().Text(record_id)));
  if (r.rows() == 0) return std::optional<RecordFactsRow>();
  RecordFactsRow f;
  f.record_id = record_id;
  if (!r.IsNull(0, 0)) f.time_on_page_ms = r.Int(0, 0);
  f.device_key = r.Text(0, 1);
  f.disposable_email = r.Int(0, 2) != 0;
  if (!r.IsNull(0, 3)) f.relay_batch = PgHash(r.Blob(0, 3));
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult flags,
      conn->Query("SELECT flag, detail FROM record_flags WHERE record_id = $1 ORDER BY flag "
                  "COLLATE \"C\"",
                  PgParams().Text(record_id)));
  for (int i = 0; i < flags.rows(); ++i)
    f.flags.push_back(RecordFlag{flags.Text(i, 0), flags.Text(i, 1)});
  return std::optional<RecordFactsRow>(std::move(f));
}

capture::Status PgStorage::AddRefusals(const std::vector<RefusalRow>& rows) {
  if (rows.empty()) return capture::OkStatus();
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  PgTxn txn(*conn);
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  for (const auto& r : rows) {
    // One statement per row: an atomic add, right with several instances adding at once.
    CAPTURE_ASSIGN_OR_RETURN(
        PgResult done,
        conn->Query(
            "INSERT INTO refusals (day, campaign, source, reason, count) VALUES "
            "($1, $2, $3, $4, $5) ON CONFLICT (day, campaign, source, reason) DO UPDATE "
            "SET count = refusals.count + excluded.count",
            PgParams().Int(r.day).Text(r.campaign).Text(r.source).Text(r.reason).Int(r.count)));
    (void)done;
  }
  return txn.Commit();
}

}  // namespace optin::server
