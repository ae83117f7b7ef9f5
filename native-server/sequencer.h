// Group commit (DESIGN.md, "Sequencing"): HTTP threads verify in parallel and enqueue; one
// sequencer thread takes up to max_batch entries (waiting a little while more keep arriving),
// assigns indexes, writes entries, tree nodes and records in one transaction with one signed
// checkpoint for the batch, commits, and only then answers every waiter.
#pragma once

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

namespace optin::server {

struct ConsentWork {
  RecordRow row;                 // leaf_index and checkpoint_size are filled by the sequencer
  std::string disclosures_json;  // sealed under the subject key
  std::string subject_kind;      // "phone", "email" or "record"
  std::string subject_value;
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

 private:
  struct Pending {
    LedgerWork work;
    std::promise<capture::Result<Sequenced>> done;
  };
  void Run();
  void Process(std::vector<Pending>& batch);
  [[nodiscard]] capture::Status SignAndCommit(BatchWrite& write);
  // Rebuilds the view (right edge, published campaigns) from a ledger another instance extended.
  [[nodiscard]] capture::Status Resync(std::uint64_t size);

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

  // Sequencer thread only.
  capture::CompactRange range_;
  std::set<std::pair<std::string, std::int64_t>> published_;
};

}  // namespace optin::server
