// Fuzzes proof verification with arbitrary sizes, indices and proof hashes (they arrive from
// outside in receipts and evidence bundles): it must never crash. The same sizes also drive proof
// generation over a tree whose leaves are all equal (so any 64-bit size is cheap to serve), and
// every generated proof must verify. Input: index, size, size1, size2 (8 bytes each, little
// endian), then 32-byte proof hashes.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "capture/ledger.h"

namespace {

std::uint64_t ReadU64(const std::uint8_t* data) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | data[i];
  return value;
}

const std::vector<capture::Hash>& ByHeight() {
  static const std::vector<capture::Hash> hashes = [] {
    std::vector<capture::Hash> out = {capture::LeafHash(capture::AsBytes("leaf"))};
    for (int h = 1; h < 64; ++h) out.push_back(capture::NodeHash(out.back(), out.back()));
    return out;
  }();
  return hashes;
}

capture::Result<capture::Hash> Uniform(std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t size = end - begin;
  if (end <= begin || !std::has_single_bit(size) || begin % size != 0) __builtin_trap();
  return ByHeight()[static_cast<std::size_t>(std::countr_zero(size))];
}

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 32) return 0;
  const std::uint64_t index = ReadU64(data);
  const std::uint64_t tree_size = ReadU64(data + 8);
  const std::uint64_t size1 = ReadU64(data + 16);
  const std::uint64_t size2 = ReadU64(data + 24);
  std::vector<capture::Hash> proof;
  for (std::size_t at = 32; at + 32 <= size && proof.size() < 130; at += 32) {
    capture::Hash hash{};
    std::memcpy(hash.data(), data + at, hash.size());
    proof.push_back(hash);
  }
  const capture::Hash first = proof.empty() ? capture::Hash{} : proof.front();
  (void)capture::VerifyInclusion(index, tree_size, first, proof, first);
  (void)capture::RootFromInclusionProof(index, tree_size, first, proof);
  (void)capture::VerifyConsistency(size1, size2, proof, first, first);

  if (index < tree_size) {
    auto root = capture::RootFromSubtrees(tree_size, Uniform);
    auto made = capture::MakeInclusionProof(index, tree_size, Uniform);
    Check(root.ok() && made.ok());
    Check(capture::VerifyInclusion(index, tree_size, ByHeight()[0], *made, *root).ok());
  }
  if (size1 > 0 && size1 <= size2) {
    auto root1 = capture::RootFromSubtrees(size1, Uniform);
    auto root2 = capture::RootFromSubtrees(size2, Uniform);
    auto made = capture::MakeConsistencyProof(size1, size2, Uniform);
    Check(root1.ok() && root2.ok() && made.ok());
    Check(capture::VerifyConsistency(size1, size2, *made, *root1, *root2).ok());
  }
  return 0;
}
