// Group commit (DESIGN.md, "Sequencing"): HTTP threads verify in parallel and enqueue; one
// sequencer thread takes up to max_batch entries (waiting a little while more keep arriving),
// assigns indexes, writes entries, tree nodes and records in one transaction with one signed
// checkpoint for the batch, commits, and only then answers every waiter.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "capture/crypto.h"
#include "capture/ledger.h"
#include "metrics.h"
#include "storage.h"
#include "subject_vault.h"
#include "subtree_cache.h"

namespace optin::server {

struct ConsentWork {
  RecordRow row;                 // leaf_index and checkpoint_size are filled by the sequencer
  std::string disclosures_json;  // sealed under the subject key
  // The person the disclosures belong to, as the vault's match key of their phone, else e-mail,
  // else the record id (SubjectVault::MatchKey): computed on the HTTP thread, looked up here.
  capture::Bytes subject;
  std::vector<RecordKeyRow> keys;  // every phone / e-mail disclosed, as match keys
  RecordFactsRow facts;            // quality signals, written with the record
  // Relayed: the countersigned batch, shared by every record of it and stored once.
  std::shared_ptr<const RelayBatchRow> relay;
};

struct LedgerWork {
  std::string type;
  std::string entry;  // exact bytes
  capture::Hash leaf{};
  std::optional<ConsentWork> consent;
  std::optional<CampaignRow> campaign;
  // A withdrawal: its rows and suppressions commit in the entry's transaction (the sequencer
  // fills leaf_index), so it is effective exactly when the answer says it is.
  std::vector<WithdrawalRow> withdrawals;
  std::vector<SuppressionRow> suppressions;
  // An erasure: the subject keys to destroy and the records that become unreadable.
  std::vector<ErasureRow> erasures;
  std::vector<capture::Bytes> erased_subjects;
  // A source_blocked / source_unblocked entry: the block set or lifted in its transaction.
  std::optional<BlockRow> block;
  std::optional<BlockRow> unblock;
  // Issue 5: a verification entry completes this verification in its transaction (the
  // sequencer fills leaf_index), so a retried confirmation sees it verified.
  std::optional<VerificationRow> verified;
};

struct Sequenced {
  std::uint64_t leaf_index = 0;
  std::uint64_t checkpoint_size = 0;
  std::string checkpoint;           // the signed note of that size
  std::optional<RecordRow> record;  // the stored row (the earlier one for a repeat)
};

struct SequencerOptions {
  std::string origin;  // checkpoint origin and note key name
  std::size_t max_batch = 256;
  int wait_us = 2000;
  std::size_t max_outstanding = 20000;
  // After a failed commit (disk full, fsync error, database locked elsewhere) new work is refused
  // at once with that error for this long; then one batch probes whether the fault is gone.
  int refuse_after_failure_ms = 1000;
  // The wall clock may step back this much (NTP slews, leap smearing) before new entries are
  // refused: a ledger whose times run backwards would be doubted by every auditor.
  std::int64_t clock_step_back_tolerance_ms = 2000;
  // Where each committed batch's leaves and complete subtrees go, so its receipts are built
  // without reading them back (optional).
  SubtreeCache* committed_nodes = nullptr;
};

class Sequencer {
 public:
  Sequencer(Storage& storage, const SubjectVault& vault, const capture::SigningKey& key,
            SequencerOptions options, Metrics& metrics);
  ~Sequencer();

  // Rebuilds the right edge of the tree from storage and starts the thread. On an empty log it
  // signs the checkpoint of size 0 so the log always has one.
  [[nodiscard]] capture::Status Start(
      const std::set<std::pair<std::string, std::int64_t>>& published);
  // Answers everything already queued, then stops.
  void Stop();

  // All or nothing: when the queue cannot take every item, returns `overloaded`.
  [[nodiscard]] capture::Result<std::vector<std::future<capture::Result<Sequenced>>>> Submit(
      std::vector<LedgerWork> work);

  [[nodiscard]] std::size_t outstanding() const;

  // Whether new entries are taken now: not for a moment after a failed commit (the error says
  // why), nor while the wall clock is behind the newest entry (clock_went_back). Intake asks
  // before judging a record's times, /readyz asks for the load balancer.
  [[nodiscard]] capture::Status Admits();

 private:
  struct Pending {
    LedgerWork work;
    std::promise<capture::Result<Sequenced>> done;
  };
  void Run();
  void Process(std::vector<Pending>& batch);
  [[nodiscard]] capture::Status SignAndCommit(BatchWrite& write);
  // Rebuilds the view (right edge, published campaigns, newest entry time) from the stored
  // ledger: one another instance extended (issue 8), or ours after a failed commit (issue 9).
  [[nodiscard]] capture::Status FollowStoredLedger(std::uint64_t size);
  [[nodiscard]] std::optional<capture::Error> RefusalLocked();  // under mu_

  Storage& storage_;
  const SubjectVault& vault_;
  const capture::SigningKey& key_;
  SequencerOptions options_;
  Metrics& metrics_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
  // The last commit failed with this error; new work is refused with it until `failing_until_`.
  std::optional<capture::Error> failing_;
  std::chrono::steady_clock::time_point failing_until_{};
  // The newest wall-clock time seen on an entry (seeded from the last entry at start).
  std::int64_t newest_ms_ = 0;

  // Sequencer thread only.
  capture::CompactRange range_;
  std::set<std::pair<std::string, std::int64_t>> published_;
};

}  // namespace optin::server
