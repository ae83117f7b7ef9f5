// RFC 9162 Merkle tree hashing and proofs. Pure functions: the browser, the CLI and the server
// verify with the same code. Proof generation reads subtree hashes through a callback, so the
// server serves proofs from stored nodes without holding the tree.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "capture/crypto.h"
#include "capture/encoding.h"
#include "capture/result.h"

namespace capture {

using Hash = Sha256Digest;

[[nodiscard]] Hash LeafHash(ByteView entry);                // SHA-256(0x00 || entry)
[[nodiscard]] Hash NodeHash(const Hash& l, const Hash& r);  // SHA-256(0x01 || l || r)
[[nodiscard]] Hash EmptyRootHash();                         // SHA-256("")

// Hashes and proofs arrive from outside as byte strings (JSON, base64): anything that is not
// exactly 32 bytes is proof_malformed.
[[nodiscard]] Result<Hash> HashFromBytes(ByteView bytes);
[[nodiscard]] Result<std::vector<Hash>> ProofFromBytes(const std::vector<Bytes>& proof);

// MTH over leaf hashes (in memory; for tests, small trees and the CLI).
[[nodiscard]] Hash RootFromLeafHashes(const std::vector<Hash>& leaves);

// Returns MTH(D[begin:end]) of the log. The generators only ask for ranges that are complete,
// aligned subtrees (end - begin a power of two, begin a multiple of it), so storage can keep just
// those (and tiles of them).
using SubtreeHashFn = std::function<Result<Hash>(std::uint64_t begin, std::uint64_t end)>;

// MTH of the first `size` leaves from complete subtrees (the root of any size).
[[nodiscard]] Result<Hash> RootFromSubtrees(std::uint64_t size, const SubtreeHashFn& subtree);

[[nodiscard]] Result<std::vector<Hash>> MakeInclusionProof(std::uint64_t index, std::uint64_t size,
                                                           const SubtreeHashFn& subtree);
[[nodiscard]] Result<std::vector<Hash>> MakeConsistencyProof(std::uint64_t size1,
                                                             std::uint64_t size2,
                                                             const SubtreeHashFn& subtree);

// RFC 9162 section 2.1.3.2 / 2.1.4.2. Errors: proof_malformed (wrong length, not 32 bytes),
// index_out_of_range, proof_invalid (does not reach the root).
[[nodiscard]] Status VerifyInclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf_hash,
                                     const std::vector<Hash>& proof, const Hash& root);
[[nodiscard]] Result<Hash> RootFromInclusionProof(std::uint64_t index, std::uint64_t size,
                                                  const Hash& leaf_hash,
                                                  const std::vector<Hash>& proof);
// A consistency proof from size 0 is an error (as in transparency-dev/merkle).
[[nodiscard]] Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2,
                                       const std::vector<Hash>& proof, const Hash& root1,
                                       const Hash& root2);

// Appends leaves and keeps only the right edge (O(log n) memory): the server's running root and
// the source of newly completed subtrees to store.
class CompactRange {
 public:
  CompactRange() = default;
  // Rebuild from the stored complete subtrees covering [0, size).
  [[nodiscard]] static Result<CompactRange> FromSubtrees(std::uint64_t size,
                                                         const SubtreeHashFn& subtree);
  // Appends a leaf hash; calls `completed(begin, end, hash)` for every subtree it completes
  // (including the leaf itself as [i, i+1)).
  void Append(const Hash& leaf,
              const std::function<void(std::uint64_t, std::uint64_t, const Hash&)>& completed);
  [[nodiscard]] std::uint64_t size() const { return size_; }
  [[nodiscard]] Hash Root() const;

 private:
  std::uint64_t size_ = 0;
  std::vector<Hash> peaks_;  // one per set bit of size_, largest (leftmost) first
};

}  // namespace capture
