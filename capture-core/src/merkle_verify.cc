// Proof verification exactly as RFC 9162 sections 2.1.3.2 and 2.1.4.2 describe it. The proof
// length is checked first against the length the sizes imply, so a wrong-length proof is reported
// as malformed rather than as a root mismatch.
#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "capture/ledger.h"
#include "merkle_math.h"

namespace capture {
namespace {

bool Lsb(std::uint64_t x) { return (x & 1) != 0; }

Error WrongLength(std::size_t got, std::size_t want) {
  return MakeError(
      ErrorCode::kProofMalformed,
      "proof has " + std::to_string(got) + " hashes, the tree sizes need " + std::to_string(want));
}

}  // namespace

Result<Hash> RootFromInclusionProof(std::uint64_t index, std::uint64_t size, const Hash& leaf_hash,
                                    const std::vector<Hash>& proof) {
  if (index >= size) {
    return MakeError(ErrorCode::kIndexOutOfRange, "leaf index must be below the tree size");
  }
  const internal::ProofShape shape = internal::InclusionShape(index, size);
  if (proof.size() != shape.inner + shape.border) {
    return WrongLength(proof.size(), shape.inner + shape.border);
  }
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return WrongLength(proof.size(), shape.inner + shape.border);
    if (Lsb(fn) || fn == sn) {
      r = NodeHash(p, r);
      if (!Lsb(fn)) {
        while (!Lsb(fn) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return WrongLength(proof.size(), shape.inner + shape.border);
  return r;
}

Status VerifyInclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root) {
  CAPTURE_ASSIGN_OR_RETURN(Hash computed, RootFromInclusionProof(index, size, leaf_hash, proof));
  if (computed != root) {
    return MakeError(ErrorCode::kProofInvalid, "the inclusion proof does not lead to the root");
  }
  return OkStatus();
}

Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2, const std::vector<Hash>& proof,
                         const Hash& root1, const Hash& root2) {
  if (size1 > size2) {
    return MakeError(ErrorCode::kIndexOutOfRange, "the first tree size exceeds the second");
  }
  if (size1 == 0) {
    // Every tree extends the empty tree; a proof from size 0 proves nothing (transparency-dev).
    return MakeError(ErrorCode::kIndexOutOfRange, "no consistency proof from an empty tree");
  }
  if (size1 == size2) {
    if (!proof.empty()) return WrongLength(proof.size(), 0);
    if (root1 != root2) {
      return MakeError(ErrorCode::kProofInvalid, "equal tree sizes with different roots");
    }
    return OkStatus();
  }
  // Expected length: the inclusion proof of leaf size1 - 1 in size2, minus the levels below the
  // complete subtree that ends at size1, plus that subtree's hash unless it is the whole tree 1.
  internal::ProofShape shape = internal::InclusionShape(size1 - 1, size2);
  const auto shift = static_cast<unsigned>(std::countr_zero(size1));
  const unsigned seed = std::has_single_bit(size1) ? 0 : 1;
  const std::size_t want = seed + (shape.inner - shift) + shape.border;
  if (proof.size() != want) return WrongLength(proof.size(), want);

  // RFC 9162 section 2.1.4.2, steps 2 to 7.
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = size1 - 1;
  std::uint64_t sn = size2 - 1;
  while (Lsb(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return WrongLength(proof.size(), want);
    if (Lsb(fn) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if (!Lsb(fn)) {
        while (!Lsb(fn) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return WrongLength(proof.size(), want);
  if (fr != root1) {
    return MakeError(ErrorCode::kProofInvalid, "the consistency proof does not lead to root 1");
  }
  if (sr != root2) {
    return MakeError(ErrorCode::kProofInvalid, "the consistency proof does not lead to root 2");
  }
  return OkStatus();
}

}  // namespace capture
