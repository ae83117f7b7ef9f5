// Bit arithmetic of RFC 9162 trees, shared by proof generation, verification and the compact
// range. A subtree [begin, end) is "complete and aligned" when end - begin is a power of two and
// begin is a multiple of it: exactly the nodes a log stores.
#pragma once

#include <bit>
#include <cstdint>

namespace capture::internal {

// The k of RFC 9162 section 2.1.1: the largest power of two smaller than n (n >= 2).
[[nodiscard]] inline std::uint64_t SplitPoint(std::uint64_t n) { return std::bit_floor(n - 1); }

[[nodiscard]] inline bool IsCompleteSubtree(std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t size = end - begin;
  return end > begin && std::has_single_bit(size) && begin % size == 0;
}

// Length of an inclusion proof for `index` in a tree of `size` (index < size), split into the
// part below the point where the paths to `index` and `size - 1` meet (inner) and the part along
// the right border above it (border).
struct ProofShape {
  unsigned inner;
  unsigned border;
};
[[nodiscard]] inline ProofShape InclusionShape(std::uint64_t index, std::uint64_t size) {
  const auto inner = static_cast<unsigned>(std::bit_width(index ^ (size - 1)));
  const auto border = static_cast<unsigned>(std::popcount(inner >= 64 ? 0 : index >> inner));
  return {inner, border};
}

}  // namespace capture::internal
