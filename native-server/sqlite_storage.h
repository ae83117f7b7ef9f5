// The embedded SQLite engine (the default): one writer connection for the sequencer, a pool of
// reader connections for the HTTP threads (WAL lets them read beside the writer).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sqlite_db.h"
#include "storage.h"

// The first record (by leaf) with the key ?1 (kind), ?2 (key), as f (record_id, leaf_index);
// the latest delivery of that record in the campaign ?3, which is a contact of the key not
// stored as a row (first_delivery.h); and its leaf. Each one seek of record_keys' primary key
// (kind, key, leaf_index, record_id).
#define OPTIN_SQLITE_FIRST_RECORD                                                      \
  "(SELECT record_id, leaf_index FROM record_keys WHERE kind = ?1 AND key = ?2 ORDER " \
  "BY leaf_index LIMIT 1)"
#define OPTIN_SQLITE_FIRST_DELIVERY_IN_CAMPAIGN_FROM                                  \
  "(SELECT MAX(d.queued_at) FROM " OPTIN_SQLITE_FIRST_RECORD                          \
  " f JOIN records r ON r.id = f.record_id AND r.campaign = ?3 JOIN deliveries d ON " \
  "d.record_id = f.record_id"
#define OPTIN_SQLITE_FIRST_DELIVERY_IN_CAMPAIGN OPTIN_SQLITE_FIRST_DELIVERY_IN_CAMPAIGN_FROM ")"
#define OPTIN_SQLITE_FIRST_LEAF \
  "(SELECT leaf_index FROM record_keys WHERE kind = ?1 AND key = ?2 ORDER BY leaf_index LIMIT 1)"
// That delivery only when the first record comes before the leaf ?4: classifying the record at
// ?4, which is most often the key's first record itself, not yet delivered, needs no read of
// its row in records and deliveries.
#define OPTIN_SQLITE_FIRST_DELIVERY_IN_CAMPAIGN_BEFORE \
  OPTIN_SQLITE_FIRST_DELIVERY_IN_CAMPAIGN_FROM " WHERE f.leaf_index < ?4)"

namespace optin::server {

// A connection with its prepared statements, prepared once per SQL text.
class SqliteConn {
 public:
  explicit SqliteConn(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  [[nodiscard]] capture::Result<SqliteStmt*> Stmt(const char* sql);
  [[nodiscard]] SqliteDb& db() { return *db_; }

 private:
  std::unique_ptr<SqliteDb> db_;
  std::map<const char*, SqliteStmt> stmts_;
};

class SqliteStorage final : public Storage {
 public:
  [[nodiscard]] static capture::Result<std::unique_ptr<SqliteStorage>> Open(
      const std::string& path);

  capture::Status Migrate() override;
  capture::Result<int> SchemaVersion() override;
  void BeginReadSnapshot() override;
  void BeginWriterReadSnapshot() override;
  void EndReadSnapshot() override;
  capture::Status CommitBatch(const BatchWrite& batch) override;
  capture::Result<std::optional<capture::Bytes>> WriterSubjectKey(
      const capture::Bytes& subject) override;
  capture::Result<std::optional<RecordRow>> WriterFindRecord(const std::string& id) override;
  // The stored size before each batch, read on the writer (see the .cc).
  capture::Result<std::uint64_t> LockLedger() override;

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
  // issue 5: verification and push (sqlite_verifications.cc).
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

 private:
  explicit SqliteStorage(std::string path, std::unique_ptr<SqliteDb> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}

  // Borrows a reader connection for one call; returned to the pool afterwards. Inside this
  // thread's read snapshot it is the snapshot's connection, which stays out of the pool.
  class Lease;
  [[nodiscard]] capture::Result<Lease> Reader();
  // writer_mu_ for a write. A write inside this thread's HoldWriterReadSnapshot would wait for
  // itself forever; that is a bug in the caller, so it stops the process with a message instead.
  [[nodiscard]] std::unique_lock<std::mutex> LockWriter();
  // A pooled reader connection, or a new one when the pool is empty.
  [[nodiscard]] capture::Result<std::unique_ptr<SqliteConn>> TakeReader();
  void Return(std::unique_ptr<SqliteConn> conn);
  // CommitBatch's part for withdrawals, suppressions and notices (sqlite_withdrawals.cc).
  [[nodiscard]] capture::Status WriteWithdrawals(const BatchWrite& b);
  // CommitBatch's part for record facts, relay batches and source blocks (sqlite_sources.cc).
  [[nodiscard]] capture::Status WriteSources(const BatchWrite& b);
  // Issue 5 (sqlite_verifications.cc): the verifications a batch's entries complete, and the
  // body shared by SaveClassifications and SaveVerdicts (writer_mu_ held, transaction open).
  [[nodiscard]] capture::Status WriteVerified(const BatchWrite& b);
  [[nodiscard]] capture::Status WriteVerdicts(const std::vector<ClassificationRow>& rows,
                                              const std::vector<DeliveryRow>& deliveries,
                                              const std::vector<ContactRow>& contacts);

  std::string path_;
  std::mutex writer_mu_;  // the sequencer, migrations and token inserts share the writer
  // When a thread that never reads on the writer last asked for it (steady clock, ms):
  // BeginWriterReadSnapshot leaves the writer alone while such writers are about.
  std::atomic<std::int64_t> other_writer_at_ms_{0};
  SqliteConn writer_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<SqliteConn>> pool_;
};

// The connection a thread's read snapshot holds open (sqlite_snapshot.cc).
struct SqliteSnapshotPin {
  SqliteStorage* owner = nullptr;
  SqliteConn* raw = nullptr;                 // the connection the snapshot's reads use
  std::unique_ptr<SqliteConn> conn;          // a pooled reader's (empty when on the writer)
  std::unique_lock<std::mutex> writer_lock;  // held by a snapshot on the writer's connection
  int depth = 0;
};
[[nodiscard]] SqliteSnapshotPin& ThisThreadSnapshot();

class SqliteStorage::Lease {
 public:
  Lease(SqliteStorage* owner, std::unique_ptr<SqliteConn> conn)
      : owner_(owner), conn_(std::move(conn)), raw_(conn_.get()) {}
  // The snapshot's connection, borrowed: not returned to the pool by this lease.
  explicit Lease(SqliteConn* borrowed) : owner_(nullptr), raw_(borrowed) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (conn_) owner_->Return(std::move(conn_));
  }
  SqliteConn& operator*() { return *raw_; }
  SqliteConn* operator->() { return raw_; }

 private:
  SqliteStorage* owner_;
  std::unique_ptr<SqliteConn> conn_;
  SqliteConn* raw_;
};

// A records row read by a statement that selects the columns in table order.
[[nodiscard]] RecordRow ReadRecordRow(const SqliteStmt& s);

}  // namespace optin::server
