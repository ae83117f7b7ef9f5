// The PostgreSQL engine (issue 8): several stateless optin-server instances on one database.
// The sequencer of each instance appends under a row lock on ledger_head (LockLedger), so the
// ledger stays one log; readers lease pooled connections and see committed batches only.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pg_db.h"
#include "storage.h"

// PostgreSQL's twins of OPTIN_SQLITE_FIRST_RECORD and its kin (sqlite_storage.h), with $1 the
// kind, $2 the key, $3 the campaign and $4 the leaf; one seek of the index record_keys_first each.
#define OPTIN_PG_FIRST_RECORD                                                          \
  "(SELECT record_id, leaf_index FROM record_keys WHERE kind = $1 AND key = $2 ORDER " \
  "BY leaf_index LIMIT 1)"
#define OPTIN_PG_FIRST_DELIVERY_IN_CAMPAIGN_FROM                                      \
  "(SELECT MAX(d.queued_at) FROM " OPTIN_PG_FIRST_RECORD                              \
  " f JOIN records r ON r.id = f.record_id AND r.campaign = $3 JOIN deliveries d ON " \
  "d.record_id = f.record_id"
#define OPTIN_PG_FIRST_DELIVERY_IN_CAMPAIGN OPTIN_PG_FIRST_DELIVERY_IN_CAMPAIGN_FROM ")"
#define OPTIN_PG_FIRST_LEAF \
  "(SELECT leaf_index FROM record_keys WHERE kind = $1 AND key = $2 ORDER BY leaf_index LIMIT 1)"
#define OPTIN_PG_FIRST_DELIVERY_IN_CAMPAIGN_BEFORE \
  OPTIN_PG_FIRST_DELIVERY_IN_CAMPAIGN_FROM " WHERE f.leaf_index < $4)"

namespace optin::server {

class PgStorage final : public Storage {
 public:
  [[nodiscard]] static capture::Result<std::unique_ptr<PgStorage>> Open(const std::string& url);

  capture::Status Migrate() override;
  capture::Result<int> SchemaVersion() override;
  capture::Status CommitBatch(const BatchWrite& batch) override;
  capture::Result<std::optional<capture::Bytes>> WriterSubjectKey(
      const capture::Bytes& subject) override;
  capture::Result<std::optional<RecordRow>> WriterFindRecord(const std::string& id) override;

  capture::Result<std::uint64_t> LedgerSize() override;
  capture::Result<capture::Hash> SubtreeHash(std::uint64_t begin, std::uint64_t end) override;
  capture::Result<std::vector<EntryRow>> Entries(std::uint64_t begin, std::uint64_t end) override;
  capture::Result<std::optional<std::uint64_t>> FindLeaf(const capture::Hash& leaf) override;
  capture::Result<std::optional<CheckpointRow>> LatestCheckpoint() override;
  capture::Result<std::optional<CheckpointRow>> CheckpointOfSize(std::uint64_t size) override;
  capture::Result<std::optional<RecordRow>> FindRecord(const std::string& id) override;
  capture::Result<std::optional<DisclosureRow>> FindDisclosure(
      const std::string& record_id) override;
  capture::Result<std::vector<CampaignRow>> Campaigns() override;
  capture::Result<std::vector<RecordKeyRow>> RecordKeys(const std::string& record_id) override;
  capture::Result<std::vector<std::string>> RecordsWithKey(const std::string& kind,
                                                           const capture::Bytes& key) override;
  capture::Result<std::uint64_t> Position(const std::string& name) override;
  capture::Result<std::vector<RecordRow>> RecordsFrom(std::uint64_t from,
                                                      std::size_t limit) override;
  capture::Result<bool> IsSuppressed(const std::string& kind, const capture::Bytes& key) override;
  capture::Result<bool> IsCustomer(const std::string& kind, const capture::Bytes& key) override;
  capture::Result<std::optional<std::int64_t>> LastContact(const std::string& kind,
                                                           const capture::Bytes& key,
                                                           const std::string& campaign) override;
  capture::Status SaveClassifications(const std::vector<ClassificationRow>& rows,
                                      const std::vector<DeliveryRow>& deliveries,
                                      const std::vector<ContactRow>& contacts,
                                      const std::string& position_name,
                                      std::uint64_t position) override;
  capture::Status PutCallCentre(const CallCentreRow& row) override;
  capture::Result<std::vector<CallCentreRow>> CallCentres() override;
  capture::Result<std::vector<DeliveryRow>> DeliveriesAfter(const std::string& call_centre,
                                                            std::uint64_t after,
                                                            std::size_t limit) override;
  capture::Status MarkDelivered(const std::string& call_centre,
                                const std::vector<std::uint64_t>& seqs, std::int64_t now) override;
  capture::Result<std::size_t> AckLeads(const std::string& call_centre,
                                        const std::vector<std::string>& record_ids,
                                        std::int64_t now) override;
  capture::Result<std::optional<ClassificationRow>> FindClassification(
      const std::string& record_id) override;
  capture::Result<std::vector<ClassificationRow>> HeldBackDue(std::int64_t now,
                                                              std::size_t limit) override;
  capture::Result<std::size_t> AddCustomerKeys(const std::vector<CustomerKeyRow>& rows,
                                               std::int64_t now) override;
  capture::Result<std::optional<DeliveryRow>> FindDelivery(const std::string& call_centre,
                                                           const std::string& record_id) override;
  capture::Result<std::vector<bool>> SaveOutcomes(const std::vector<OutcomeRow>& rows) override;
  capture::Result<std::optional<WithdrawalRow>> FindWithdrawal(
      const std::string& record_id) override;
  capture::Result<std::optional<RecordRow>> FindRecordByLegacyWithdrawalToken(
      const capture::Sha256Digest& digest) override;
  capture::Result<std::vector<WithdrawalNoticeRow>> WithdrawalNotices(
      const std::string& call_centre, std::uint64_t after, std::size_t limit) override;
  capture::Result<std::size_t> AckWithdrawals(const std::string& call_centre,
                                              const std::vector<std::string>& record_ids,
                                              std::int64_t now) override;
  capture::Result<std::vector<WithdrawalNoticeRow>> UnackedWithdrawals(
      std::int64_t older_than) override;
  capture::Status PutPartner(const PartnerRow& row) override;
  capture::Result<std::vector<PartnerRow>> Partners() override;
  capture::Result<std::vector<BlockRow>> Blocks() override;
  capture::Result<std::optional<RelayBatchRow>> FindRelayBatch(
      const capture::Sha256Digest& sha256) override;
  capture::Result<std::optional<RecordFactsRow>> FindRecordFacts(
      const std::string& record_id) override;
  capture::Status AddRefusals(const std::vector<RefusalRow>& rows) override;
  capture::Result<std::vector<SourceCountsRow>> SourceCounts(
      const SourceReportQuery& query) override;
  capture::Result<std::vector<RefusalRow>> RefusalCounts(const SourceReportQuery& query) override;
  capture::Status InsertToken(const TokenRow& token) override;
  capture::Result<std::optional<TokenRow>> FindToken(const capture::Sha256Digest& hash) override;

  // issue 5: verification and push (pg_verifications.cc).
  capture::Status SaveVerdicts(const std::vector<ClassificationRow>& rows,
                               const std::vector<DeliveryRow>& deliveries,
                               const std::vector<ContactRow>& contacts,
                               const std::vector<VerificationRow>& verifications,
                               const std::string& position_name, std::uint64_t position) override;
  capture::Result<std::optional<VerificationRow>> FindVerification(
      const std::string& record_id) override;
  capture::Result<std::vector<VerificationRow>> VerificationsToSend(std::int64_t now,
                                                                    std::size_t limit) override;
  capture::Status MarkVerificationSend(const std::string& record_id, std::int64_t now,
                                       const std::string& error, std::int64_t next_at) override;
  capture::Result<std::int64_t> CountWrongCode(const std::string& record_id) override;
  capture::Result<std::vector<VerificationRow>> VerifiedNotQueued(std::size_t limit) override;
  capture::Status QueueVerified(const std::vector<std::string>& record_ids,
                                const std::vector<DeliveryRow>& deliveries,
                                const std::vector<ContactRow>& contacts) override;
  capture::Result<std::vector<ContactRow>> ContactsOfKey(const std::string& kind,
                                                         const capture::Bytes& key,
                                                         const std::string& except_record_id,
                                                         bool except_is_first_of_key) override;
  capture::Result<std::vector<PushDueRow>> PushDue(const std::string& call_centre, std::int64_t now,
                                                   std::size_t limit) override;
  capture::Result<KeyFactsRow> KeyFacts(const std::string& kind, const capture::Bytes& key,
                                        const std::string& campaign,
                                        std::uint64_t for_leaf) override;
  capture::Status MarkPushFailed(const std::string& call_centre,
                                 const std::vector<std::uint64_t>& seqs, std::int64_t next_at,
                                 const std::string& error) override;
  capture::Result<std::uint64_t> LockLedger() override;
  void ReleaseLedger() override;
  capture::Status WriterPrefetch(const std::vector<std::string>& ids,
                                 const std::vector<capture::Bytes>& keys) override;

 private:
  PgStorage(std::string url, std::unique_ptr<PgConn> seq)
      : url_(std::move(url)), seq_(std::move(seq)) {}

  // Borrows a pooled connection for one call; returned afterwards (dropped when broken).
  class Lease;
  [[nodiscard]] capture::Result<Lease> Conn();
  void Return(std::unique_ptr<PgConn> conn);
  // With seq_mu_ held: BEGIN, lock ledger_head, remember its size.
  [[nodiscard]] capture::Result<std::uint64_t> LockLedgerHeld();
  void ReleaseLedgerHeld();
  // CommitBatch's parts (pg_withdrawals.cc, pg_sources.cc), on seq_ inside its transaction.
  [[nodiscard]] capture::Status WriteWithdrawals(const BatchWrite& b);
  [[nodiscard]] capture::Status WriteSources(const BatchWrite& b);
  [[nodiscard]] capture::Status WriteVerified(const BatchWrite& b);  // pg_verifications.cc

  std::string url_;
  std::mutex seq_mu_;  // the sequencer's connection (also migrations)
  std::unique_ptr<PgConn> seq_;
  std::optional<std::uint64_t> locked_size_;  // set while the ledger lock is held
  // WriterPrefetch's answers, valid while the lock is held (no other writer can change them);
  // an id or key in the map without a value is known to be absent.
  std::map<std::string, std::optional<RecordRow>> prefetched_records_;
  std::map<capture::Bytes, std::optional<capture::Bytes>> prefetched_keys_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<PgConn>> pool_;
};

class PgStorage::Lease {
 public:
  Lease(PgStorage* owner, std::unique_ptr<PgConn> conn) : owner_(owner), conn_(std::move(conn)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (conn_) owner_->Return(std::move(conn_));
  }
  PgConn& operator*() { return *conn_; }
  PgConn* operator->() { return conn_.get(); }

 private:
  PgStorage* owner_;
  std::unique_ptr<PgConn> conn_;
};

// Shared by the pg_*.cc files.
// A records row from a result whose columns are the records table's, in table order.
[[nodiscard]] RecordRow PgRecordRow(const PgResult& r, int row);
[[nodiscard]] capture::Hash PgHash(const capture::Bytes& b);
// One multi-row INSERT: `head` is "INSERT INTO t (a, b)", each row adds `columns` parameters to
// `params`, `tail` follows the VALUES list (for example "ON CONFLICT DO NOTHING").
[[nodiscard]] capture::Result<PgResult> PgInsertRows(PgConn& conn, const std::string& head,
                                                     int columns, const PgParams& params,
                                                     const std::string& tail = "");

// Verdicts, deliveries and contacts on `conn` inside its transaction, leaving out the records in
// `skipped` (saved by another instance already): SaveVerdicts' and QueueVerified's common part.
[[nodiscard]] capture::Status PgWriteVerdicts(PgConn& conn,
                                              const std::vector<ClassificationRow>& rows,
                                              const std::vector<DeliveryRow>& deliveries,
                                              const std::vector<ContactRow>& contacts,
                                              const std::set<std::string>& skipped);

// OpenStorage's choice for postgresql:// URLs.
[[nodiscard]] capture::Result<std::unique_ptr<Storage>> OpenPostgresStorage(const std::string& url);

}  // namespace optin::server
