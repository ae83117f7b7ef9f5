// The node cache in front of storage: it may forget, it must never answer with another node's
// hash.
#include "subtree_cache.h"

#include <gtest/gtest.h>

namespace optin::server {
namespace {

capture::Hash HashOf(std::uint64_t begin, std::uint64_t end) {
  capture::Hash h{};
  for (std::size_t i = 0; i < 8; ++i) {
    h[i] = static_cast<std::uint8_t>(begin >> (8 * i));
    h[8 + i] = static_cast<std::uint8_t>(end >> (8 * i));
  }
  return h;
}

TEST(SubtreeCacheTest, FindsWhatWasPutAndNothingElse) {
  SubtreeCache cache(1024);
  EXPECT_FALSE(cache.Find(0, 1));
  EXPECT_FALSE(cache.Find(0, 0));
  cache.Put(0, 1, HashOf(0, 1));
  cache.Put(0, 2, HashOf(0, 2));
  EXPECT_EQ(cache.Find(0, 1), HashOf(0, 1));
  EXPECT_EQ(cache.Find(0, 2), HashOf(0, 2));
  EXPECT_FALSE(cache.Find(1, 2));
  EXPECT_FALSE(cache.Find(0, 4));
}

TEST(SubtreeCacheTest, AFullCacheForgetsButNeverAnswersWrong) {
  SubtreeCache cache(64);  // far fewer slots than nodes: most puts evict another node
  std::size_t found = 0;
  for (std::uint64_t width = 1; width <= 64; width *= 2) {
    for (std::uint64_t begin = 0; begin < 4096; begin += width) {
      cache.Put(begin, begin + width, HashOf(begin, begin + width));
    }
  }
  for (std::uint64_t width = 1; width <= 64; width *= 2) {
    for (std::uint64_t begin = 0; begin < 4096; begin += width) {
      if (auto h = cache.Find(begin, begin + width)) {
        ++found;
        EXPECT_EQ(*h, HashOf(begin, begin + width)) << begin << " " << width;
      }
    }
  }
  EXPECT_GT(found, 0u);
  EXPECT_LE(found, 64u);
}

}  // namespace
}  // namespace optin::server
