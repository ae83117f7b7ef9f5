#include "subtree_cache.h"

#include <bit>

namespace optin::server {

SubtreeCache::SubtreeCache(std::size_t slots)
    : slots_(std::bit_ceil(std::max<std::size_t>(slots, kStripes))), mask_(slots_.size() - 1) {}

std::size_t SubtreeCache::SlotOf(std::uint64_t begin, std::uint64_t end) const {
  // A subtree is named by its begin and width; mixing both spreads the right edge's many small
  // nodes and the few large ones over the slots (splitmix64's finaliser).
  std::uint64_t x = begin * 0x9E3779B97F4A7C15ULL ^ (end - begin);
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return static_cast<std::size_t>(x) & mask_;
}

std::optional<capture::Hash> SubtreeCache::Find(std::uint64_t begin, std::uint64_t end) const {
  const std::size_t i = SlotOf(begin, end);
  std::lock_guard lock(stripes_[i % kStripes]);
  const Slot& s = slots_[i];
  if (s.end != end || s.begin != begin || end == 0) return std::nullopt;
  return s.hash;
}

void SubtreeCache::Put(std::uint64_t begin, std::uint64_t end, const capture::Hash& hash) {
  const std::size_t i = SlotOf(begin, end);
  std::lock_guard lock(stripes_[i % kStripes]);
  slots_[i] = Slot{begin, end, hash};
}

capture::SubtreeHashFn CachedSubtrees(Storage& storage, SubtreeCache& cache) {
  return
      [&storage, &cache](std::uint64_t begin, std::uint64_t end) -> capture::Result<capture::Hash> {
        if (auto hit = cache.Find(begin, end)) return *hit;
        CAPTURE_ASSIGN_OR_RETURN(capture::Hash hash, storage.SubtreeHash(begin, end));
        cache.Put(begin, end, hash);
        return hash;
      };
}

}  // namespace optin::server
