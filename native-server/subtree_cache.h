// Recently used Merkle tree nodes in memory, in front of storage. A complete subtree (or a leaf)
// never changes once committed, so a cached hash can never be stale; the cache only saves the
// O(log n) storage reads of each receipt and proof. Its size is fixed at construction: memory
// stays flat however long the log grows.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "capture/ledger.h"
#include "storage.h"

namespace optin::server {

class SubtreeCache {
 public:
  // slots is rounded up to a power of two; each holds one node (about 56 bytes).
  explicit SubtreeCache(std::size_t slots = std::size_t{1} << 16);

  // The hash of the complete subtree [begin, end) if it is cached.
  [[nodiscard]] std::optional<capture::Hash> Find(std::uint64_t begin, std::uint64_t end) const;
  // Only for nodes that are committed: a node of an uncommitted batch may be numbered again.
  void Put(std::uint64_t begin, std::uint64_t end, const capture::Hash& hash);

 private:
  struct Slot {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;  // 0: empty (no node ends at 0)
    capture::Hash hash{};
  };
  static constexpr std::size_t kStripes = 64;
  [[nodiscard]] std::size_t SlotOf(std::uint64_t begin, std::uint64_t end) const;

  std::vector<Slot> slots_;
  std::size_t mask_;
  mutable std::array<std::mutex, kStripes> stripes_;
};

// Subtree hashes for proofs: from the cache, else from storage (and then cached).
[[nodiscard]] capture::SubtreeHashFn CachedSubtrees(Storage& storage, SubtreeCache& cache);

}  // namespace optin::server
