// Storage::HoldReadSnapshot for SQLite: a reader connection taken out of the pool for this
// thread with BEGIN, so the reads until the guard ends are one WAL read transaction (one
// snapshot, the shared-memory locks taken once) instead of one each (issue 5's profile: the
// fcntl lock calls were about a tenth of classifying and delivering).
#include "sqlite_storage.h"

namespace optin::server {

SqliteSnapshotPin& ThisThreadSnapshot() {
  thread_local SqliteSnapshotPin pin;
  return pin;
}

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
  pin.depth = 1;
}

void SqliteStorage::EndReadSnapshot() {
  SqliteSnapshotPin& pin = ThisThreadSnapshot();
  if (pin.owner != this || --pin.depth > 0) return;
  // Read only, so nothing to keep: ROLLBACK ends it even if a statement was left unreset.
  if (!pin.conn->db().Exec("ROLLBACK").ok()) {
    pin.conn.reset();  // a connection in an unknown state is closed, not pooled
  } else {
    Return(std::move(pin.conn));
  }
  pin.owner = nullptr;
}

}  // namespace optin::server
