// The right edge of the log: one peak (complete aligned subtree) per set bit of the size. Appending
// merges equal-sized peaks like a binary counter carries, and every merge is a subtree that is now
// final, which the server stores so proofs can later be served from disk.
#include <bit>
#include <cstdint>

#include "capture/ledger.h"

namespace capture {

Result<CompactRange> CompactRange::FromSubtrees(std::uint64_t size, const SubtreeHashFn& subtree) {
  CompactRange range;
  std::uint64_t pos = 0;
  for (int bit = 63; bit >= 0; --bit) {
    const std::uint64_t part = std::uint64_t{1} << bit;
    if ((size & part) == 0) continue;
    CAPTURE_ASSIGN_OR_RETURN(Hash hash, subtree(pos, pos + part));
    range.peaks_.push_back(hash);
    pos += part;
  }
  range.size_ = size;
  return range;
}

void CompactRange::Append(
    const Hash& leaf,
    const std::function<void(std::uint64_t, std::uint64_t, const Hash&)>& completed) {
  const std::uint64_t end = size_ + 1;
  if (completed) completed(size_, end, leaf);
  Hash hash = leaf;
  // Each trailing one bit of the old size is a peak of the same size as `hash`: merge them.
  const int merges = std::countr_one(size_);
  for (int level = 1; level <= merges; ++level) {
    hash = NodeHash(peaks_.back(), hash);
    peaks_.pop_back();
    if (completed) completed(end - (std::uint64_t{1} << level), end, hash);
  }
  peaks_.push_back(hash);
  size_ = end;
}

Hash CompactRange::Root() const {
  if (peaks_.empty()) return EmptyRootHash();
  Hash root = peaks_.back();
  for (std::size_t i = peaks_.size() - 1; i-- > 0;) root = NodeHash(peaks_[i], root);
  return root;
}

}  // namespace capture
