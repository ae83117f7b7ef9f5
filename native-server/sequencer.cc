#include "sequencer.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "capture/checkpoint.h"
#include "capture/json.h"
#include "capture/time.h"
#include "thread_name.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;
using Clock = std::chrono::steady_clock;

// What happened to one queued item before the commit.
struct Plan {
  std::optional<capture::Error> error;
  std::optional<RecordRow> existing;   // a repeat of a committed record
  std::optional<std::size_t> same_as;  // a repeat of an earlier item of this batch
  bool appended = false;
  std::uint64_t index = 0;
};

std::int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The wall-clock time an entry carries ("received_at" for records, "at" or "published_at" for
// the others), or 0 when it has none.
std::int64_t EntryTime(const std::string& bytes) {
  auto json = capture::ParseJson(bytes);
  if (!json.ok() || !json->is_object()) return 0;
  for (const char* key : {"received_at", "at", "published_at"}) {
    auto it = json->find(key);
    if (it == json->end() || !it->is_string()) continue;
    auto ms = capture::ParseRfc3339Millis(it->get<std::string>());
    if (ms.ok()) return *ms;
  }
  return 0;
}

}  // namespace

Sequencer::Sequencer(Storage& storage, const SubjectVault& vault, const capture::SigningKey& key,
                     SequencerOptions options, Metrics& metrics)
    : storage_(storage),
      vault_(vault),
      key_(key),
      options_(std::move(options)),
      metrics_(metrics) {}

Sequencer::~Sequencer() { Stop(); }

capture::Status Sequencer::Start(const std::set<std::pair<std::string, std::int64_t>>& published) {
  published_ = published;
  // Under the ledger lock, so of several instances starting together on one database only the
  // first signs the empty log's checkpoint.
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t size, storage_.LockLedger());
  capture::Status started = [&]() -> capture::Status {
    auto subtree = [this](std::uint64_t b, std::uint64_t e) { return storage_.SubtreeHash(b, e); };
    CAPTURE_ASSIGN_OR_RETURN(range_, capture::CompactRange::FromSubtrees(size, subtree));
    if (size > 0) {
      CAPTURE_ASSIGN_OR_RETURN(auto last, storage_.Entries(size - 1, size));
      if (!last.empty()) newest_ms_ = EntryTime(last.back().bytes);
    }
    CAPTURE_ASSIGN_OR_RETURN(auto latest, storage_.LatestCheckpoint());
    if (!latest) {
      BatchWrite empty;
      CAPTURE_RETURN_IF_ERROR(SignAndCommit(empty));
    }
    return capture::OkStatus();
  }();
  storage_.ReleaseLedger();
  CAPTURE_RETURN_IF_ERROR(started);
  metrics_.SetLedgerSize(size);
  thread_ = std::thread([this] { Run(); });
  return capture::OkStatus();
}

void Sequencer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t Sequencer::outstanding() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

capture::Result<std::vector<std::future<capture::Result<Sequenced>>>> Sequencer::Submit(
    std::vector<LedgerWork> work) {
  std::vector<std::future<capture::Result<Sequenced>>> futures;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return MakeError(ErrorCode::kOverloaded, "the server is shutting down");
    if (auto refused = RefusalLocked()) return *refused;
    if (queue_.size() + work.size() > options_.max_outstanding) {
      return MakeError(ErrorCode::kOverloaded, "too many entries waiting to be committed");
    }
    for (auto& w : work) {
      queue_.push_back(Pending{std::move(w), {}});
      futures.push_back(queue_.back().done.get_future());
    }
  }
  cv_.notify_one();
  return futures;
}

capture::Status Sequencer::Admits() {
  std::lock_guard lock(mu_);
  if (auto refused = RefusalLocked()) return *refused;
  return capture::OkStatus();
}

std::optional<capture::Error> Sequencer::RefusalLocked() {
  if (failing_ && Clock::now() < failing_until_) {
    capture::Error e = *failing_;
    e.message += " (the last commit failed; the server retries by itself)";
    return e;
  }
  const std::int64_t now = WallMillis();
  if (now + options_.clock_step_back_tolerance_ms < newest_ms_) {
    metrics_.CountClockWentBack();
    return MakeError(ErrorCode::kClockWentBack,
                     "the server clock is " + std::to_string(newest_ms_ - now) +
                         " ms behind the newest ledger entry (" +
                         capture::FormatRfc3339Millis(newest_ms_) +
                         "); fix the clock, new entries resume by themselves");
  }
  newest_ms_ = std::max(newest_ms_, now);
  return std::nullopt;
}

void Sequencer::Run() {
  NameThisThread("optin-sequence");
  // Every request waits for this one thread: ask Linux to schedule it ahead of the connection
  // threads (a per-thread nice value; refused without privilege, which is harmless).
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), -10);
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // Group commit: keep collecting while entries keep arriving, up to the batch size or the
      // wait limit; an idle gap ends the wait early so a lone request is not held back.
      const auto deadline = Clock::now() + std::chrono::microseconds(options_.wait_us);
      std::size_t seen = queue_.size();
      while (!stopping_ && queue_.size() < options_.max_batch && Clock::now() < deadline) {
        const auto gap = std::min(deadline, Clock::now() + std::chrono::microseconds(250));
        cv_.wait_until(lock, gap, [&] { return stopping_ || queue_.size() != seen; });
        if (queue_.size() == seen) break;
        seen = queue_.size();
      }
      const std::size_t n = std::min(queue_.size(), options_.max_batch);
      batch.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    Process(batch);
  }
}

capture::Status Sequencer::SignAndCommit(BatchWrite& write) {
  capture::Checkpoint cp;
  cp.origin = options_.origin;
  cp.size = range_.size();
  cp.root = range_.Root();
  CAPTURE_ASSIGN_OR_RETURN(std::string note, capture::SignCheckpoint(cp, options_.origin, key_));
  write.checkpoint = CheckpointRow{cp.size, std::move(note)};
  for (auto& r : write.records) r.checkpoint_size = cp.size;
  return storage_.CommitBatch(write);
}

capture::Status Sequencer::FollowStoredLedger(std::uint64_t size) {
  auto subtree = [this](std::uint64_t b, std::uint64_t e) { return storage_.SubtreeHash(b, e); };
  CAPTURE_ASSIGN_OR_RETURN(range_, capture::CompactRange::FromSubtrees(size, subtree));
  CAPTURE_ASSIGN_OR_RETURN(auto campaigns, storage_.Campaigns());
  for (const auto& c : campaigns) published_.insert({c.id, c.version});
  // Another instance's entries count for the clock check too (newest_ms_ is read under mu_).
  if (size > 0) {
    CAPTURE_ASSIGN_OR_RETURN(auto last, storage_.Entries(size - 1, size));
    const std::int64_t newest = last.empty() ? 0 : EntryTime(last.back().bytes);
    std::lock_guard lock(mu_);
    newest_ms_ = std::max(newest_ms_, newest);
  }
  return capture::OkStatus();
}

void Sequencer::Process(std::vector<Pending>& batch) {
  const auto started = Clock::now();
  // Take the ledger first (several instances on one database append in turn): when the stored
  // ledger is not the one in memory (another instance appended since our last batch, or our
  // last commit failed and left uncommitted leaves in range_), continue from what is stored.
  // When the stored size cannot be read, the batch is refused with that failure rather than
  // numbered from a view that may include lost leaves.
  capture::Status ready = capture::OkStatus();
  auto locked = storage_.LockLedger();
  if (!locked.ok()) {
    ready = locked.error();
  } else if (*locked != range_.size()) {
    ready = FollowStoredLedger(*locked);
  }
  if (!ready.ok()) {
    storage_.ReleaseLedger();
    for (auto& p : batch) p.done.set_value(ready.error());
    std::lock_guard lock(mu_);  // as after a failed commit: refuse new work for a moment
    failing_ = ready.error();
    failing_until_ = Clock::now() + std::chrono::milliseconds(options_.refuse_after_failure_ms);
    return;
  }
  {
    // What the plan below looks up, fetched at once (a failure only costs the shortcut).
    std::vector<std::string> record_ids;
    std::vector<capture::Bytes> subjects;
    for (const auto& p : batch) {
      if (!p.work.consent) continue;
      record_ids.push_back(p.work.consent->row.id);
      subjects.push_back(p.work.consent->subject);
    }
    if (!record_ids.empty()) (void)storage_.WriterPrefetch(record_ids, subjects);
  }
  BatchWrite write;
  std::vector<Plan> plans(batch.size());
  std::map<std::string, std::size_t> ids;  // record id -> batch position
  std::map<capture::Bytes, capture::SecretBytes> new_keys;
  std::set<capture::Sha256Digest> relays;  // relay batches already in this write
  std::uint64_t next = range_.size();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    LedgerWork& w = batch[i].work;
    Plan& p = plans[i];
    if (w.consent) {
      ConsentWork& c = *w.consent;
      if (auto it = ids.find(c.row.id); it != ids.end()) {
        const auto& first = batch[it->second].work.consent->row;
        if (first.record_sha256 == c.row.record_sha256) {
          p.same_as = it->second;
        } else {
          p.error = MakeError(ErrorCode::kRecordIdConflict,
                              "another record with this id is in the same batch", "record.id");
        }
        continue;
      }
      auto existing = storage_.WriterFindRecord(c.row.id);
      if (!existing.ok()) {
        p.error = existing.error();
        continue;
      }
      if (*existing) {
        if ((*existing)->record_sha256 == c.row.record_sha256) {
          p.existing = **existing;
        } else {
          p.error = MakeError(ErrorCode::kRecordIdConflict, "", "record.id");
        }
        continue;
      }
      const capture::Bytes& subject = c.subject;
      std::optional<capture::SecretBytes> key;
      if (auto it = new_keys.find(subject); it != new_keys.end()) key = it->second;
      if (!key) {
        auto wrapped = storage_.WriterSubjectKey(subject);
        if (!wrapped.ok()) {
          p.error = wrapped.error();
          continue;
        }
        if (*wrapped) {
          auto unwrapped = vault_.UnwrapSubjectKey(**wrapped, subject);
          if (!unwrapped.ok()) {
            p.error = unwrapped.error();
            continue;
          }
          key = std::move(*unwrapped);
        } else {
          key = vault_.NewSubjectKey();
          auto sealed_key = vault_.WrapSubjectKey(*key, subject);
          if (!sealed_key.ok()) {
            p.error = sealed_key.error();
            continue;
          }
          write.subject_keys.push_back(SubjectKeyRow{subject, std::move(*sealed_key)});
          new_keys.emplace(subject, *key);
        }
      }
      auto sealed = SubjectVault::Seal(*key, c.disclosures_json, c.row.id);
      if (!sealed.ok()) {
        p.error = sealed.error();
        continue;
      }
      ids.emplace(c.row.id, i);
      c.row.leaf_index = next;
      write.records.push_back(c.row);
      write.disclosures.push_back(
          DisclosureRow{c.row.id, subject, std::move(*sealed), std::nullopt});
      for (auto k : c.keys) {
        k.leaf_index = next;
        write.record_keys.push_back(std::move(k));
      }
      write.record_facts.push_back(c.facts);
      if (c.relay && relays.insert(c.relay->sha256).second) {
        write.relay_batches.push_back(*c.relay);
      }
    }
    if (w.campaign) {
      const auto key = std::make_pair(w.campaign->id, w.campaign->version);
      if (published_.count(key) != 0) {
        p.error = MakeError(ErrorCode::kCampaignVersionExists, "", "manifest.campaign.version");
        continue;
      }
      w.campaign->leaf_index = next;
      write.campaigns.push_back(*w.campaign);
    }
    for (auto& wd : w.withdrawals) {
      wd.leaf_index = next;
      write.withdrawals.push_back(wd);
    }
    write.suppressions.insert(write.suppressions.end(), w.suppressions.begin(),
                              w.suppressions.end());
    for (auto& e : w.erasures) {
      e.leaf_index = next;
      write.erasures.push_back(e);
    }
    write.erased_subjects.insert(write.erased_subjects.end(), w.erased_subjects.begin(),
                                 w.erased_subjects.end());
    if (w.block) {
      w.block->leaf_index = next;
      write.block_changes.push_back({true, *w.block});
    }
    if (w.unblock) write.block_changes.push_back({false, *w.unblock});
    if (w.verified) {
      w.verified->leaf_index = next;
      write.verified.push_back(*w.verified);
    }
    p.appended = true;
    p.index = next++;
    write.entries.push_back(EntryRow{p.index, w.type, w.entry, w.leaf});
    range_.Append(w.leaf, [&](std::uint64_t b, std::uint64_t e, const capture::Hash& h) {
      if (e - b > 1) write.subtrees.push_back(BatchWrite::Subtree{b, e, h});
    });
  }

  capture::Status committed = capture::OkStatus();
  if (!write.entries.empty()) committed = SignAndCommit(write);
  storage_.ReleaseLedger();  // after a commit the engine released it already
  if (!committed.ok()) {
    // Whatever the engine did, the next batch continues from what is durably stored (the size
    // check above); refuse new work for a moment so clients hear of the fault at once instead
    // of queueing behind it.
    metrics_.CountCommitFailure();
    std::lock_guard lock(mu_);
    failing_ = committed.error();
    failing_until_ = Clock::now() + std::chrono::milliseconds(options_.refuse_after_failure_ms);
  } else if (!write.entries.empty()) {
    {
      std::lock_guard lock(mu_);
      failing_.reset();
    }
    for (const auto& c : write.campaigns) published_.insert({c.id, c.version});
    if (SubtreeCache* nodes = options_.committed_nodes) {
      for (const auto& e : write.entries) nodes->Put(e.index, e.index + 1, e.leaf);
      for (const auto& t : write.subtrees) nodes->Put(t.begin, t.end, t.hash);
    }
    metrics_.SetLedgerSize(range_.size());
    metrics_.ObserveBatch(write.entries.size(),
                          std::chrono::duration<double>(Clock::now() - started).count());
  }

  std::map<std::string, const RecordRow*> stored;
  for (const auto& r : write.records) stored[r.id] = &r;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Plan& p = plans[i];
    if (p.same_as) p = plans[*p.same_as];
    if (p.error) {
      batch[i].done.set_value(*p.error);
    } else if (p.existing) {
      batch[i].done.set_value(
          Sequenced{p.existing->leaf_index, p.existing->checkpoint_size, {}, p.existing});
    } else if (!committed.ok()) {
      batch[i].done.set_value(committed.error());
    } else {
      Sequenced s{p.index, write.checkpoint.size, write.checkpoint.note, std::nullopt};
      if (batch[i].work.consent) s.record = *stored[batch[i].work.consent->row.id];
      batch[i].done.set_value(std::move(s));
    }
  }
}

}  // namespace optin::server
