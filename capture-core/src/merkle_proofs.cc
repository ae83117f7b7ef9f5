// Proof generation (RFC 9162 sections 2.1.3.1 and 2.1.4.1) from stored subtree hashes. The
// recursions of the RFC meet ragged ranges on the right edge of the tree; those are decomposed
// here into complete aligned subtrees, so the callback (and the storage behind it) only ever
// deals with nodes that never change once written.
#include <cstdint>
#include <vector>

#include "capture/ledger.h"
#include "merkle_math.h"

namespace capture {
namespace {

// MTH(D[begin:begin+size]) for a range the RFC recursion produces: begin is a multiple of the
// power of two at or above size, so the range splits into complete subtrees whose sizes are the
// set bits of `size`, largest first, and the MTH folds them from the right.
Result<Hash> RangeHash(std::uint64_t begin, std::uint64_t size, const SubtreeHashFn& subtree) {
  if (size == 0) return EmptyRootHash();
  std::vector<Hash> parts;
  std::uint64_t pos = begin;
  for (int bit = 63; bit >= 0; --bit) {
    const std::uint64_t part = std::uint64_t{1} << bit;
    if ((size & part) == 0) continue;
    CAPTURE_ASSIGN_OR_RETURN(Hash hash, subtree(pos, pos + part));
    parts.push_back(hash);
    pos += part;
  }
  Hash root = parts.back();
  for (std::size_t i = parts.size() - 1; i-- > 0;) root = NodeHash(parts[i], root);
  return root;
}

// PATH(m, D[begin:begin+n]) appended to `out`, deepest sibling first.
Status AppendPath(std::uint64_t m, std::uint64_t begin, std::uint64_t n,
                  const SubtreeHashFn& subtree, std::vector<Hash>& out) {
  if (n <= 1) return OkStatus();
  const std::uint64_t k = internal::SplitPoint(n);
  if (m < k) {
    CAPTURE_RETURN_IF_ERROR(AppendPath(m, begin, k, subtree, out));
    CAPTURE_ASSIGN_OR_RETURN(Hash sibling, RangeHash(begin + k, n - k, subtree));
    out.push_back(sibling);
  } else {
    CAPTURE_RETURN_IF_ERROR(AppendPath(m - k, begin + k, n - k, subtree, out));
    CAPTURE_ASSIGN_OR_RETURN(Hash sibling, RangeHash(begin, k, subtree));
    out.push_back(sibling);
  }
  return OkStatus();
}

// SUBPROOF(m, D[begin:begin+n], b) appended to `out`.
Status AppendSubproof(std::uint64_t m, std::uint64_t begin, std::uint64_t n, bool whole,
                      const SubtreeHashFn& subtree, std::vector<Hash>& out) {
  if (m == n) {
    if (whole) return OkStatus();  // the verifier already holds this root
    CAPTURE_ASSIGN_OR_RETURN(Hash hash, RangeHash(begin, n, subtree));
    out.push_back(hash);
    return OkStatus();
  }
  const std::uint64_t k = internal::SplitPoint(n);
  if (m <= k) {
    CAPTURE_RETURN_IF_ERROR(AppendSubproof(m, begin, k, whole, subtree, out));
    CAPTURE_ASSIGN_OR_RETURN(Hash right, RangeHash(begin + k, n - k, subtree));
    out.push_back(right);
  } else {
    CAPTURE_RETURN_IF_ERROR(AppendSubproof(m - k, begin + k, n - k, false, subtree, out));
    CAPTURE_ASSIGN_OR_RETURN(Hash left, RangeHash(begin, k, subtree));
    out.push_back(left);
  }
  return OkStatus();
}

}  // namespace

Result<Hash> RootFromSubtrees(std::uint64_t size, const SubtreeHashFn& subtree) {
  if (size == 0) return EmptyRootHash();
  return RangeHash(0, size, subtree);
}

Result<std::vector<Hash>> MakeInclusionProof(std::uint64_t index, std::uint64_t size,
                                             const SubtreeHashFn& subtree) {
  if (index >= size) {
    return MakeError(ErrorCode::kIndexOutOfRange, "leaf index must be below the tree size");
  }
  std::vector<Hash> proof;
  CAPTURE_RETURN_IF_ERROR(AppendPath(index, 0, size, subtree, proof));
  return proof;
}

Result<std::vector<Hash>> MakeConsistencyProof(std::uint64_t size1, std::uint64_t size2,
                                               const SubtreeHashFn& subtree) {
  if (size1 > size2) {
    return MakeError(ErrorCode::kIndexOutOfRange, "the first tree size exceeds the second");
  }
  if (size1 == 0) {
    return MakeError(ErrorCode::kIndexOutOfRange, "no consistency proof from an empty tree");
  }
  std::vector<Hash> proof;
  CAPTURE_RETURN_IF_ERROR(AppendSubproof(size1, 0, size2, true, subtree, proof));
  return proof;
}

}  // namespace capture
