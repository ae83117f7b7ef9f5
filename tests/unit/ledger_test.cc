// RFC 9162 Merkle tree: proof generation from complete subtrees against an independent naive
// implementation of the RFC's recursive definitions, verification, and the compact range.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "capture/encoding.h"
#include "capture/ledger.h"
#include "test_support.h"

namespace capture {
namespace {

Hash HexHash(std::string_view hex) {
  auto bytes = HexDecodeFixed<32>(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  return bytes.ok() ? *bytes : Hash{};
}

std::vector<Hash> Slice(const std::vector<Hash>& v, std::size_t b, std::size_t e) {
  return {v.begin() + static_cast<std::ptrdiff_t>(b), v.begin() + static_cast<std::ptrdiff_t>(e)};
}

// ---- The RFC 9162 definitions, written as literally as possible on vectors. ----
std::uint64_t K(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Hash NaiveMth(const std::vector<Hash>& d) {
  if (d.empty()) return Sha256(std::string_view());
  if (d.size() == 1) return d[0];
  const std::size_t k = K(d.size());
  return NodeHash(NaiveMth(Slice(d, 0, k)), NaiveMth(Slice(d, k, d.size())));
}

std::vector<Hash> NaivePath(std::size_t m, const std::vector<Hash>& d) {
  if (d.size() == 1) return {};
  const std::size_t k = K(d.size());
  std::vector<Hash> out;
  if (m < k) {
    out = NaivePath(m, Slice(d, 0, k));
    out.push_back(NaiveMth(Slice(d, k, d.size())));
  } else {
    out = NaivePath(m - k, Slice(d, k, d.size()));
    out.push_back(NaiveMth(Slice(d, 0, k)));
  }
  return out;
}

std::vector<Hash> NaiveSubproof(std::size_t m, const std::vector<Hash>& d, bool b) {
  if (m == d.size()) return b ? std::vector<Hash>{} : std::vector<Hash>{NaiveMth(d)};
  const std::size_t k = K(d.size());
  std::vector<Hash> out;
  if (m <= k) {
    out = NaiveSubproof(m, Slice(d, 0, k), b);
    out.push_back(NaiveMth(Slice(d, k, d.size())));
  } else {
    out = NaiveSubproof(m - k, Slice(d, k, d.size()), false);
    out.push_back(NaiveMth(Slice(d, 0, k)));
  }
  return out;
}

// ---- A store of complete subtrees, as the server keeps them. ----
class SubtreeStore {
 public:
  explicit SubtreeStore(const std::vector<Hash>& leaves) {
    levels_.push_back(leaves);
    while (levels_.back().size() >= 2) {
      const auto& below = levels_.back();
      std::vector<Hash> up;
      for (std::size_t i = 0; i + 1 < below.size(); i += 2) {
        up.push_back(NodeHash(below[i], below[i + 1]));
      }
      levels_.push_back(up);
    }
  }
  // Fails the test when asked for anything but a stored (complete, aligned) subtree.
  SubtreeHashFn Fn(std::uint64_t tree_size) {
    return [this, tree_size](std::uint64_t begin, std::uint64_t end) -> Result<Hash> {
      ++calls_;
      const std::uint64_t size = end - begin;
      const bool complete = end > begin && std::has_single_bit(size) && begin % size == 0;
      EXPECT_TRUE(complete) << "asked for [" << begin << ", " << end << ")";
      EXPECT_LE(end, tree_size) << "asked beyond the tree";
      if (!complete || end > tree_size) return MakeError(ErrorCode::kIndexOutOfRange);
      const auto level = static_cast<std::size_t>(std::countr_zero(size));
      return levels_[level][begin / size];
    };
  }
  int calls() const { return calls_; }
  Hash Node(std::size_t level, std::size_t i) const { return levels_[level][i]; }

 private:
  std::vector<std::vector<Hash>> levels_;
  int calls_ = 0;
};

std::vector<Hash> Leaves(std::size_t n) {
  std::vector<Hash> leaves;
  for (std::size_t i = 0; i < n; ++i)
    leaves.push_back(LeafHash(AsBytes("entry " + std::to_string(i))));
  return leaves;
}

TEST(LedgerTest, EmptyTreeRootIsSha256OfTheEmptyString) {
  const Hash want = HexHash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(EmptyRootHash(), want);
  EXPECT_EQ(RootFromLeafHashes({}), want);
  EXPECT_EQ(CompactRange().Root(), want);
  auto root = RootFromSubtrees(0, [](std::uint64_t, std::uint64_t) -> Result<Hash> {
    ADD_FAILURE() << "no subtree is needed for the empty tree";
    return MakeError(ErrorCode::kIndexOutOfRange);
  });
  ASSERT_OK(root);
  EXPECT_EQ(*root, want);
}

// Roots of the RFC 6962 reference tree (the leaves of the Certificate Transparency test suite,
// also used by transparency-dev/merkle): an independent known answer.
TEST(LedgerTest, RootsMatchTheCertificateTransparencyReferenceTree) {
  const std::vector<std::string> data = {"",
                                         "00",
                                         "10",
                                         "2021",
                                         "3031",
                                         "40414243",
                                         "5051525354555657",
                                         "606162636465666768696a6b6c6d6e6f"};
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  std::vector<Hash> leaves;
  CompactRange range;
  for (std::size_t i = 0; i < data.size(); ++i) {
    auto bytes = HexDecode(data[i]);
    ASSERT_OK(bytes);
    leaves.push_back(LeafHash(*bytes));
    range.Append(leaves.back(), nullptr);
    EXPECT_EQ(RootFromLeafHashes(leaves), HexHash(roots[i])) << i;
    EXPECT_EQ(range.Root(), HexHash(roots[i])) << i;
  }
  // The reference inclusion proof of leaf 6 (index 5) in the tree of 8 leaves.
  SubtreeStore store(leaves);
  auto proof = MakeInclusionProof(5, 8, store.Fn(8));
  ASSERT_OK(proof);
  EXPECT_EQ(*proof,
            (std::vector<Hash>{
                HexHash("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                HexHash("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                HexHash("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")}));
}

TEST(LedgerTest, InclusionProofsForEverySizeUpTo200AndEveryIndex) {
  const std::vector<Hash> all = Leaves(200);
  SubtreeStore store(all);
  for (std::uint64_t size = 1; size <= 200; ++size) {
    const std::vector<Hash> leaves = Slice(all, 0, size);
    const Hash root = NaiveMth(leaves);
    auto from_subtrees = RootFromSubtrees(size, store.Fn(size));
    ASSERT_OK(from_subtrees);
    ASSERT_EQ(*from_subtrees, root) << size;
    ASSERT_EQ(RootFromLeafHashes(leaves), root) << size;
    for (std::uint64_t index = 0; index < size; ++index) {
      SCOPED_TRACE("size " + std::to_string(size) + " index " + std::to_string(index));
      auto proof = MakeInclusionProof(index, size, store.Fn(size));
      ASSERT_OK(proof);
      ASSERT_EQ(*proof, NaivePath(index, leaves));
      ASSERT_OK(VerifyInclusion(index, size, leaves[index], *proof, root));
      auto computed = RootFromInclusionProof(index, size, leaves[index], *proof);
      ASSERT_OK(computed);
      ASSERT_EQ(*computed, root);
      if (size > 1) {
        const std::uint64_t other = (index + 1) % size;
        EXPECT_FALSE(VerifyInclusion(other, size, leaves[index], *proof, root).ok());
        EXPECT_ERROR_CODE(VerifyInclusion(index, size, leaves[(index + 1) % size], *proof, root),
                          ErrorCode::kProofInvalid);
      }
      EXPECT_ERROR_CODE(VerifyInclusion(size, size, leaves[index], *proof, root),
                        ErrorCode::kIndexOutOfRange);
    }
  }
}

TEST(LedgerTest, TamperedInclusionProofsAreRefused) {
  const std::vector<Hash> leaves = Leaves(77);
  SubtreeStore store(leaves);
  const Hash root = NaiveMth(leaves);
  for (std::uint64_t index = 0; index < 77; ++index) {
    auto proof = MakeInclusionProof(index, 77, store.Fn(77));
    ASSERT_OK(proof);
    for (std::size_t i = 0; i < proof->size(); ++i) {
      std::vector<Hash> bad = *proof;
      bad[i][i % 32] ^= 0x10;
      EXPECT_ERROR_CODE(VerifyInclusion(index, 77, leaves[index], bad, root),
                        ErrorCode::kProofInvalid);
    }
    std::vector<Hash> longer = *proof;
    longer.push_back(root);
    EXPECT_ERROR_CODE(VerifyInclusion(index, 77, leaves[index], longer, root),
                      ErrorCode::kProofMalformed);
    std::vector<Hash> shorter(proof->begin(), proof->end() - 1);
    EXPECT_ERROR_CODE(VerifyInclusion(index, 77, leaves[index], shorter, root),
                      ErrorCode::kProofMalformed);
    // A wrong tree height changes the proof shape (the size is only structure, so a neighbouring
    // size with the same shape may legitimately compute the same root).
    EXPECT_FALSE(VerifyInclusion(index, 77 * 2, leaves[index], *proof, root).ok());
    EXPECT_FALSE(VerifyInclusion(index, 77 / 2, leaves[index], *proof, root).ok());
  }
}

TEST(LedgerTest, ConsistencyProofsForAllPairsUpTo64) {
  const std::vector<Hash> all = Leaves(64);
  SubtreeStore store(all);
  for (std::uint64_t size2 = 1; size2 <= 64; ++size2) {
    const std::vector<Hash> leaves2 = Slice(all, 0, size2);
    const Hash root2 = NaiveMth(leaves2);
    for (std::uint64_t size1 = 1; size1 <= size2; ++size1) {
      SCOPED_TRACE(std::to_string(size1) + " -> " + std::to_string(size2));
      const Hash root1 = NaiveMth(Slice(all, 0, size1));
      auto proof = MakeConsistencyProof(size1, size2, store.Fn(size2));
      ASSERT_OK(proof);
      ASSERT_EQ(*proof, NaiveSubproof(size1, leaves2, true));
      ASSERT_OK(VerifyConsistency(size1, size2, *proof, root1, root2));
      if (size1 == size2) {
        EXPECT_TRUE(proof->empty());
        EXPECT_ERROR_CODE(VerifyConsistency(size1, size2, {root1}, root1, root2),
                          ErrorCode::kProofMalformed);
        continue;
      }
      EXPECT_ERROR_CODE(VerifyConsistency(size1, size2, *proof, root2, root2),
                        ErrorCode::kProofInvalid);
      EXPECT_ERROR_CODE(VerifyConsistency(size1, size2, *proof, root1, root1),
                        ErrorCode::kProofInvalid);
      for (std::size_t i = 0; i < proof->size(); ++i) {
        std::vector<Hash> bad = *proof;
        bad[i][0] ^= 0x01;
        EXPECT_ERROR_CODE(VerifyConsistency(size1, size2, bad, root1, root2),
                          ErrorCode::kProofInvalid)
            << "element " << i;
      }
      std::vector<Hash> longer = *proof;
      longer.push_back(root2);
      EXPECT_ERROR_CODE(VerifyConsistency(size1, size2, longer, root1, root2),
                        ErrorCode::kProofMalformed);
      EXPECT_ERROR_CODE(VerifyConsistency(size1, size2, {}, root1, root2),
                        ErrorCode::kProofMalformed);
      EXPECT_ERROR_CODE(VerifyConsistency(size2, size1, *proof, root2, root1),
                        ErrorCode::kIndexOutOfRange);
    }
  }
}

TEST(LedgerTest, SizeZeroAndOutOfRangeRequestsAreErrors) {
  const std::vector<Hash> leaves = Leaves(8);
  SubtreeStore store(leaves);
  const Hash root = NaiveMth(leaves);
  EXPECT_ERROR_CODE(MakeInclusionProof(8, 8, store.Fn(8)), ErrorCode::kIndexOutOfRange);
  EXPECT_ERROR_CODE(MakeInclusionProof(0, 0, store.Fn(0)), ErrorCode::kIndexOutOfRange);
  EXPECT_ERROR_CODE(MakeConsistencyProof(0, 8, store.Fn(8)), ErrorCode::kIndexOutOfRange);
  EXPECT_ERROR_CODE(MakeConsistencyProof(5, 3, store.Fn(5)), ErrorCode::kIndexOutOfRange);
  EXPECT_ERROR_CODE(VerifyConsistency(0, 0, {}, EmptyRootHash(), EmptyRootHash()),
                    ErrorCode::kIndexOutOfRange);
  EXPECT_ERROR_CODE(VerifyConsistency(0, 8, {}, EmptyRootHash(), root),
                    ErrorCode::kIndexOutOfRange);
  EXPECT_ERROR_CODE(VerifyInclusion(0, 0, leaves[0], {}, EmptyRootHash()),
                    ErrorCode::kIndexOutOfRange);
}

TEST(LedgerTest, CallbackErrorsPropagate) {
  const SubtreeHashFn failing = [](std::uint64_t, std::uint64_t) -> Result<Hash> {
    return MakeError(ErrorCode::kCryptoUnavailable, "storage down");
  };
  EXPECT_ERROR_CODE(MakeInclusionProof(3, 10, failing), ErrorCode::kCryptoUnavailable);
  EXPECT_ERROR_CODE(MakeConsistencyProof(3, 10, failing), ErrorCode::kCryptoUnavailable);
  EXPECT_ERROR_CODE(RootFromSubtrees(10, failing), ErrorCode::kCryptoUnavailable);
  EXPECT_ERROR_CODE(CompactRange::FromSubtrees(10, failing), ErrorCode::kCryptoUnavailable);
}

// Trees far too large to build: every leaf equal, so a complete subtree's hash depends only on its
// height and the callback can answer for any aligned range in O(1).
TEST(LedgerTest, ProofsForHugeTreesVerify) {
  std::vector<Hash> by_height = {LeafHash(AsBytes("same"))};
  for (int h = 1; h < 64; ++h) by_height.push_back(NodeHash(by_height.back(), by_height.back()));
  const SubtreeHashFn uniform = [&](std::uint64_t begin, std::uint64_t end) -> Result<Hash> {
    const std::uint64_t size = end - begin;
    EXPECT_TRUE(std::has_single_bit(size) && begin % size == 0);
    return by_height[static_cast<std::size_t>(std::countr_zero(size))];
  };
  const std::vector<std::uint64_t> sizes = {(std::uint64_t{1} << 40) + 12345,
                                            (std::uint64_t{1} << 63) + 5, ~std::uint64_t{0}};
  for (std::uint64_t size : sizes) {
    auto root = RootFromSubtrees(size, uniform);
    ASSERT_OK(root);
    for (std::uint64_t index : {std::uint64_t{0}, size / 3, size - 2, size - 1}) {
      auto proof = MakeInclusionProof(index, size, uniform);
      ASSERT_OK(proof);
      EXPECT_OK(VerifyInclusion(index, size, by_height[0], *proof, *root)) << size << " " << index;
    }
    for (std::uint64_t size1 : {std::uint64_t{1}, size / 2, size - 1}) {
      auto root1 = RootFromSubtrees(size1, uniform);
      ASSERT_OK(root1);
      auto proof = MakeConsistencyProof(size1, size, uniform);
      ASSERT_OK(proof);
      EXPECT_OK(VerifyConsistency(size1, size, *proof, *root1, *root)) << size1 << " " << size;
    }
  }
}

TEST(LedgerTest, CompactRangeMatchesTheNaiveRootAndReportsExactlyTheCompletedSubtrees) {
  const std::vector<Hash> leaves = Leaves(1000);
  SubtreeStore store(leaves);
  CompactRange range;
  std::set<std::pair<std::uint64_t, std::uint64_t>> reported;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    std::set<std::pair<std::uint64_t, std::uint64_t>> now;
    range.Append(leaves[i], [&](std::uint64_t begin, std::uint64_t end, const Hash& hash) {
      const std::uint64_t size = end - begin;
      ASSERT_TRUE(std::has_single_bit(size) && begin % size == 0);
      EXPECT_EQ(hash, store.Node(static_cast<std::size_t>(std::countr_zero(size)), begin / size));
      EXPECT_TRUE(now.insert({begin, end}).second) << "reported twice";
      EXPECT_TRUE(reported.insert({begin, end}).second) << "reported twice";
    });
    const std::uint64_t n = i + 1;
    ASSERT_EQ(range.size(), n);
    // Exactly the aligned subtrees that end at n: sizes 2^j dividing n.
    std::set<std::pair<std::uint64_t, std::uint64_t>> want;
    for (std::uint64_t s = 1; s <= n && n % s == 0; s *= 2) want.insert({n - s, n});
    ASSERT_EQ(now, want) << n;
    ASSERT_EQ(range.Root(), NaiveMth(Slice(leaves, 0, n))) << n;
  }
  // Over the whole run, every complete aligned subtree of [0, 1000) exactly once.
  std::size_t complete = 0;
  for (std::uint64_t s = 1; s <= 1000; s *= 2) complete += 1000 / s;
  EXPECT_EQ(reported.size(), complete);
}

TEST(LedgerTest, CompactRangeRebuiltFromSubtreesContinuesIdentically) {
  const std::vector<Hash> leaves = Leaves(300);
  SubtreeStore store(leaves);
  for (std::uint64_t size : {0, 1, 2, 3, 7, 8, 100, 255, 256, 257}) {
    auto range = CompactRange::FromSubtrees(size, store.Fn(size));
    ASSERT_OK(range);
    EXPECT_EQ(range->size(), size);
    EXPECT_EQ(range->Root(), NaiveMth(Slice(leaves, 0, size))) << size;
    for (std::uint64_t i = size; i < size + 20; ++i) range->Append(leaves[i], nullptr);
    EXPECT_EQ(range->Root(), NaiveMth(Slice(leaves, 0, size + 20))) << size;
  }
}

}  // namespace
}  // namespace capture
