// The cross-section cache: sequence stamps, admission on a repeated miss, byte-bounded LRU.
#include "services/monitoring/cross_section_cache.h"

#include "gtest/gtest.h"

namespace integra::monitoring {
namespace {

std::shared_ptr<const CachedCrossSection> Values(size_t n) {
  return std::make_shared<const CachedCrossSection>(n, CachedValue{1, true, 2.5});
}

TEST(CrossSectionCacheTest, ServesOnlyEntriesOfTheCurrentSequence) {
  CrossSectionCache cache(1 << 20);
  cache.Put("a", 7, Values(3));
  ASSERT_NE(cache.Get("a", 7), nullptr);
  EXPECT_EQ(cache.Get("a", 7)->size(), 3u);
  EXPECT_EQ(cache.Get("a", 8), nullptr);  // a write happened: dropped
  EXPECT_EQ(cache.Get("a", 7), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(CrossSectionCacheTest, AdmitsAKeyOnItsSecondMiss) {
  CrossSectionCache cache(1 << 20);
  EXPECT_FALSE(cache.AdmitOnMiss("a"));
  EXPECT_FALSE(cache.AdmitOnMiss("b"));
  EXPECT_TRUE(cache.AdmitOnMiss("a"));
  EXPECT_FALSE(cache.AdmitOnMiss("a"));  // remembered again from scratch
  CrossSectionCache off(0);
  EXPECT_FALSE(off.enabled());
  EXPECT_FALSE(off.AdmitOnMiss("a"));
  EXPECT_FALSE(off.AdmitOnMiss("a"));
  off.Put("a", 1, Values(1));
  EXPECT_EQ(off.Get("a", 1), nullptr);
}

TEST(CrossSectionCacheTest, EvictsTheLeastRecentlyUsedBeyondItsBytes) {
  const size_t entry = 1000 * sizeof(CachedValue) + 1 + 64;
  CrossSectionCache cache(2 * entry + 10);
  cache.Put("a", 1, Values(1000));
  cache.Put("b", 1, Values(1000));
  ASSERT_NE(cache.Get("a", 1), nullptr);  // a is now the most recent
  cache.Put("c", 1, Values(1000));
  EXPECT_NE(cache.Get("a", 1), nullptr);
  EXPECT_EQ(cache.Get("b", 1), nullptr);
  EXPECT_NE(cache.Get("c", 1), nullptr);
  EXPECT_LE(cache.bytes(), 2 * entry + 10);
  cache.Put("huge", 1, Values(100000));  // larger than the whole cache: not kept
  EXPECT_EQ(cache.Get("huge", 1), nullptr);
  EXPECT_NE(cache.Get("a", 1), nullptr);
}

}  // namespace
}  // namespace integra::monitoring
