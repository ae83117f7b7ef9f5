// Storage::HoldReadSnapshot for SQLite: a reader connection taken out of the pool for this
// thread with BEGIN, so the reads until the guard ends are one WAL read transaction (one
// snapshot, the shared-memory locks taken once) instead of one each (issue 5's profile: the
// fcntl lock calls were about a tenth of classifying and delivering). HoldWriterReadSnapshot
// runs the same on the writer's connection, whose page cache outlives the commits (storage.h).
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "sqlite_storage.h"

namespace optin::server {

SqliteSnapshotPin& ThisThreadSnapshot() {
  thread_local SqliteSnapshotPin pin;
  return pin;
}

namespace {

// Set on a thread once it asks for a writer read snapshot (the lead processor): its own writes
// do not count as another writer being about.
bool& ThisThreadReadsOnTheWriter() {
  thread_local bool reads_on_the_writer = false;
  return reads_on_the_writer;
}

std::int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void SqliteStorage::BeginReadSnapshot() {
  SqliteSnapshotPin& pin = ThisThreadSnapshot();
  if (pin.owner == this) {
    ++pin.depth;
    return;
  }
  // Held for another storage on this thread (tests with two): this one reads as before.
  if (pin.owner != nullptr) return;
  auto conn = TakeReader();
  // No connection or no transaction: each read runs on its own, as without a snapshot.
  if (!conn.ok()) return;
  if (!(*conn)->db().Exec("BEGIN").ok()) {
    Return(std::move(*conn));
    return;
  }
  pin.owner = this;
  pin.conn = std::move(*conn);
  pin.raw = pin.conn.get();
  pin.depth = 1;
}

void SqliteStorage::BeginWriterReadSnapshot() {
  SqliteSnapshotPin& pin = ThisThreadSnapshot();
  if (pin.owner == this) {
    ++pin.depth;  // inside a snapshot already: its connection serves
    return;
  }
  if (pin.owner != nullptr) return;
  ThisThreadReadsOnTheWriter() = true;
  // Another thread wrote within the last quarter second (the intake is busy) or holds the writer
  // now: a pooled reader, as HoldReadSnapshot, so a busy writer never waits for a batch's reads,
  // and a sparse one waits at most for one batch's (a few ms at 512 records).
  constexpr std::int64_t kQuietMs = 250;
  std::unique_lock lock(writer_mu_, std::try_to_lock);
  if (!lock.owns_lock() || SteadyMs() - other_writer_at_ms_.load() < kQuietMs) {
    if (lock.owns_lock()) lock.unlock();
    BeginReadSnapshot();
    return;
  }
  // A deferred BEGIN: a read transaction until something writes, and nothing does before the
  // guard ends (the header's contract), so the next writer's BEGIN IMMEDIATE just waits.
  if (!writer_.db().Exec("BEGIN").ok()) return;
  pin.owner = this;
  pin.raw = &writer_;
  pin.writer_lock = std::move(lock);
  pin.depth = 1;
}

std::unique_lock<std::mutex> SqliteStorage::LockWriter() {
  if (const SqliteSnapshotPin& pin = ThisThreadSnapshot();
      pin.owner == this && pin.writer_lock.owns_lock()) {
    std::fputs("optin: a write inside a HoldWriterReadSnapshot on the same thread\n", stderr);
    std::abort();
  }
  if (!ThisThreadReadsOnTheWriter()) other_writer_at_ms_.store(SteadyMs());
  return std::unique_lock(writer_mu_);
}

void SqliteStorage::EndReadSnapshot() {
  SqliteSnapshotPin& pin = ThisThreadSnapshot();
  if (pin.owner != this || --pin.depth > 0) return;
  // Read only, so nothing to keep: ROLLBACK ends it even if a statement was left unreset.
  const bool ended = pin.raw->db().Exec("ROLLBACK").ok();
  if (pin.writer_lock.owns_lock()) {
    // The writer cannot be replaced like a reader: left inside this transaction, every later
    // BEGIN IMMEDIATE would fail and a write without one would never commit. Once more, then stop.
    if (!ended && sqlite3_get_autocommit(writer_.db().raw()) == 0 &&
        (!writer_.db().Exec("ROLLBACK").ok() || sqlite3_get_autocommit(writer_.db().raw()) == 0)) {
      std::fputs("optin: the writer's read transaction cannot be ended (ROLLBACK failed)\n",
                 stderr);
      std::abort();
    }
    pin.writer_lock.unlock();
  } else if (!ended) {
    pin.conn.reset();  // a connection in an unknown state is closed, not pooled
  } else {
    Return(std::move(pin.conn));
  }
  pin.raw = nullptr;
  pin.owner = nullptr;
}

}  // namespace optin::server
