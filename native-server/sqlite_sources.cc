// Partners and traffic sources in SQLite (storage.h, issue 7): registrations, relay batches,
// record facts and blocks written with their ledger entries, and refusal counts.
#include <algorithm>
#include <cstring>

#include "campaign_list_text.h"
#include "capture/json.h"
#include "sqlite_storage.h"

namespace optin::server {
namespace {

using capture::Result;

capture::Sha256Digest Digest(const capture::Bytes& b) {
  capture::Sha256Digest out{};
  std::memcpy(out.data(), b.data(), std::min(out.size(), b.size()));
  return out;
}

}  // namespace

// Called by CommitBatch with writer_mu_ held and its transaction open.
capture::Status SqliteStorage::WriteSources(const BatchWrite& b) {
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * facts,
      writer_.Stmt("INSERT INTO record_facts (record_id, time_on_page_ms, device_key, "
                   "disposable_email, relay_batch) VALUES (?,?,?,?,?)"));
  for (const auto& f : b.record_facts) {
    facts->Bind(1, f.record_id);
    if (f.time_on_page_ms) {
      facts->Bind(2, *f.time_on_page_ms);
    } else {
      facts->BindNull(2);
    }
    facts->Bind(3, f.device_key).Bind(4, static_cast<std::int64_t>(f.disposable_email));
    if (f.relay_batch) {
      facts->BindBlob(5, *f.relay_batch);
    } else {
      facts->BindNull(5);
    }
    CAPTURE_RETURN_IF_ERROR(facts->Run());
  }
  // Issue 9: the flags noted about each new record (migration 6).
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * flags,
      writer_.Stmt("INSERT OR IGNORE INTO record_flags (record_id, flag, detail) VALUES (?,?,?)"));
  for (const auto& f : b.record_facts) {
    for (const auto& flag : f.flags) {
      flags->Bind(1, f.record_id).Bind(2, flag.flag).Bind(3, flag.detail);
      CAPTURE_RETURN_IF_ERROR(flags->Run());
    }
  }
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * relay,
      writer_.Stmt("INSERT OR IGNORE INTO relay_batches (sha256, partner, batch, sig, "
                   "received_at) VALUES (?,?,?,?,?)"));
  for (const auto& r : b.relay_batches) {
    relay->BindBlob(1, r.sha256).Bind(2, r.partner).Bind(3, r.batch).Bind(4, r.sig);
    relay->Bind(5, r.received_at);
    CAPTURE_RETURN_IF_ERROR(relay->Run());
  }
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * block,
      writer_.Stmt("INSERT OR REPLACE INTO blocks (source, campaign, reason, leaf_index, at) "
                   "VALUES (?,?,?,?,?)"));
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * unblock,
                           writer_.Stmt("DELETE FROM blocks WHERE source = ? AND campaign = ?"));
  for (const auto& change : b.block_changes) {
    const BlockRow& r = change.row;
    if (change.blocked) {
      block->Bind(1, r.source).Bind(2, r.campaign).Bind(3, r.reason);
      block->Bind(4, static_cast<std::int64_t>(r.leaf_index)).Bind(5, r.at);
      CAPTURE_RETURN_IF_ERROR(block->Run());
    } else {
      unblock->Bind(1, r.source).Bind(2, r.campaign);
      CAPTURE_RETURN_IF_ERROR(unblock->Run());
    }
  }
  return capture::OkStatus();
}

capture::Status SqliteStorage::PutPartner(const PartnerRow& row) {
  auto lock = LockWriter();
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("INSERT INTO partners (id, name, key, campaigns, registered_at) "
                   "VALUES (?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                   "key = excluded.key, campaigns = excluded.campaigns, "
                   "registered_at = excluded.registered_at"));
  s->Bind(1, row.id).Bind(2, row.name).Bind(3, row.key).Bind(4, CampaignListText(row.campaigns));
  s->Bind(5, row.registered_at);
  return s->Run();
}

Result<std::vector<PartnerRow>> SqliteStorage::Partners() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT id, name, key, campaigns, registered_at FROM partners ORDER BY id"));
  std::vector<PartnerRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(
        PartnerRow{s->Text(0), s->Text(1), s->Text(2), CampaignListOf(s->Text(3)), s->Int(4)});
  }
  s->Reset();
  return out;
}

Result<std::vector<BlockRow>> SqliteStorage::Blocks() {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s,
                           conn->Stmt("SELECT source, campaign, reason, leaf_index, at FROM blocks "
                                      "ORDER BY source, campaign"));
  std::vector<BlockRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(BlockRow{s->Text(0), s->Text(1), s->Text(2),
                           static_cast<std::uint64_t>(s->Int(3)), s->Int(4)});
  }
  s->Reset();
  return out;
}

Result<std::optional<RelayBatchRow>> SqliteStorage::FindRelayBatch(
    const capture::Sha256Digest& sha256) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT partner, batch, sig, received_at FROM relay_batches WHERE sha256 = ?"));
  s->BindBlob(1, sha256);
  auto row = s->Step();
  std::optional<RelayBatchRow> out;
  if (row.ok() && *row) out = RelayBatchRow{sha256, s->Text(0), s->Text(1), s->Text(2), s->Int(3)};
  s->Reset();
  if (!row.ok()) return row.error();
  return out;
}

Result<std::optional<RecordFactsRow>> SqliteStorage::FindRecordFacts(const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      conn->Stmt("SELECT time_on_page_ms, device_key, disposable_email, relay_batch FROM "
                 "record_facts WHERE record_id = ?"));
  s->Bind(1, record_id);
  auto row = s->Step();
  std::optional<RecordFactsRow> out;
  if (row.ok() && *row) {
    RecordFactsRow f;
    f.record_id = record_id;
    if (!s->IsNull(0)) f.time_on_page_ms = s->Int(0);
    f.device_key = s->Text(1);
    f.disposable_email = s->Int(2) != 0;
    if (!s->IsNull(3)) f.relay_batch = Digest(s->Blob(3));
    out = std::move(f);
  }
  s->Reset();
  if (!row.ok()) return row.error();
  if (!out) return out;
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * flags,
      conn->Stmt("SELECT flag, detail FROM record_flags WHERE record_id = ? ORDER BY flag"));
  flags->Bind(1, record_id);
  for (;;) {
    auto next = flags->Step();
    if (!next.ok()) {
      flags->Reset();
      return next.error();
    }
    if (!*next) break;
    out->flags.push_back(RecordFlag{flags->Text(0), flags->Text(1)});
  }
  flags->Reset();
  return out;
}

capture::Status SqliteStorage::AddRefusals(const std::vector<RefusalRow>& rows) {
  if (rows.empty()) return capture::OkStatus();
  auto lock = LockWriter();
  SqliteTxn txn(writer_.db());
  CAPTURE_RETURN_IF_ERROR(txn.Begin());
  CAPTURE_ASSIGN_OR_RETURN(
      SqliteStmt * s,
      writer_.Stmt("INSERT INTO refusals (day, campaign, source, reason, count) VALUES "
                   "(?,?,?,?,?) ON CONFLICT (day, campaign, source, reason) DO UPDATE SET "
                   "count = count + excluded.count"));
  for (const auto& r : rows) {
    s->Bind(1, r.day).Bind(2, r.campaign).Bind(3, r.source).Bind(4, r.reason).Bind(5, r.count);
    CAPTURE_RETURN_IF_ERROR(s->Run());
  }
  return txn.Commit();
}

}  // namespace optin::server
