// RFC 9162 section 2.1.1 hashing: leaves and interior nodes are domain separated by a prefix byte
// so a leaf can never be passed off as a node (second-preimage resistance of the tree).
#include <cstdint>
#include <vector>

#include "capture/ledger.h"
#include "merkle_math.h"

namespace capture {
namespace {

constexpr std::uint8_t kLeafPrefix = 0x00;
constexpr std::uint8_t kNodePrefix = 0x01;

// MTH(D[begin:end]) over leaf hashes already in memory; end > begin.
Hash Mth(const std::vector<Hash>& leaves, std::size_t begin, std::size_t end) {
  if (end - begin == 1) return leaves[begin];
  const auto k = static_cast<std::size_t>(internal::SplitPoint(end - begin));
  return NodeHash(Mth(leaves, begin, begin + k), Mth(leaves, begin + k, end));
}

}  // namespace

Hash LeafHash(ByteView entry) {
  Sha256Hasher hasher;
  const std::uint8_t prefix = kLeafPrefix;
  hasher.Update(ByteView(&prefix, 1));
  hasher.Update(entry);
  return hasher.Finish();
}

Hash NodeHash(const Hash& l, const Hash& r) {
  Sha256Hasher hasher;
  const std::uint8_t prefix = kNodePrefix;
  hasher.Update(ByteView(&prefix, 1));
  hasher.Update(l);
  hasher.Update(r);
  return hasher.Finish();
}

Hash EmptyRootHash() { return Sha256(ByteView()); }

Hash RootFromLeafHashes(const std::vector<Hash>& leaves) {
  if (leaves.empty()) return EmptyRootHash();
  return Mth(leaves, 0, leaves.size());
}

Result<Hash> HashFromBytes(ByteView bytes) {
  if (bytes.size() != kSha256Size) {
    return MakeError(ErrorCode::kProofMalformed, "a tree hash has 32 bytes");
  }
  Hash out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = bytes[i];
  return out;
}

Result<std::vector<Hash>> ProofFromBytes(const std::vector<Bytes>& proof) {
  std::vector<Hash> out;
  out.reserve(proof.size());
  for (const Bytes& bytes : proof) {
    CAPTURE_ASSIGN_OR_RETURN(Hash hash, HashFromBytes(bytes));
    out.push_back(hash);
  }
  return out;
}

}  // namespace capture
