// The embedded SQLite engine (the default): one writer connection for the sequencer, a pool of
// reader connections for the HTTP threads (WAL lets them read beside the writer).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sqlite_db.h"
#include "storage.h"

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
  capture::Result<std::optional<capture::Bytes>> FindSubjectKey(
      const capture::Bytes& subject) override;
  capture::Result<std::vector<CampaignRow>> Campaigns() override;
  capture::Result<std::vector<RecordKeyRow>> RecordKeys(const std::string& record_id) override;
  capture::Result<std::vector<std::string>> RecordsWithKey(const std::string& kind,
                                                           const capture::Bytes& key) override;
  capture::Result<std::optional<WithdrawalRow>> FindWithdrawal(
      const std::string& record_id) override;
  capture::Result<std::optional<RecordRow>> FindRecordByWithdrawalToken(
      const capture::Sha256Digest& digest) override;
  capture::Result<std::vector<WithdrawalNoticeRow>> WithdrawalNotices(
      const std::string& call_centre, std::uint64_t after, std::size_t limit) override;
  capture::Result<std::size_t> AckWithdrawals(const std::string& call_centre,
                                              const std::vector<std::string>& record_ids,
                                              std::int64_t now) override;
  capture::Result<std::vector<WithdrawalNoticeRow>> UnackedWithdrawals(
      std::int64_t older_than) override;
  capture::Status InsertToken(const TokenRow& token) override;
  capture::Result<std::optional<TokenRow>> FindToken(const capture::Sha256Digest& hash) override;

 private:
  explicit SqliteStorage(std::string path, std::unique_ptr<SqliteDb> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}

  // Borrows a reader connection for one call; returned to the pool afterwards.
  class Lease;
  [[nodiscard]] capture::Result<Lease> Reader();
  void Return(std::unique_ptr<SqliteConn> conn);
  // CommitBatch's part for withdrawals, suppressions and notices (sqlite_withdrawals.cc).
  [[nodiscard]] capture::Status WriteWithdrawals(const BatchWrite& b);

  std::string path_;
  std::mutex writer_mu_;  // the sequencer, migrations and token inserts share the writer
  SqliteConn writer_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<SqliteConn>> pool_;
};

}  // namespace optin::server
