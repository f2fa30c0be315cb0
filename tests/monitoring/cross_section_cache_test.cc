// The cross-section cache: sequence stamps, admission on a repeated miss, byte-bounded LRU;
// the background filler.
#include "services/monitoring/cross_section_cache.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
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

TEST(CrossSectionCacheTest, AdmitsAKeyOnceItsMissesHaveScannedTheLevel) {
  CrossSectionCache cache(1 << 20);
  // Peers spanning the whole level: the second miss buys (never the first).
  EXPECT_FALSE(cache.AdmitOnMiss("a", 100, 100));
  EXPECT_FALSE(cache.AdmitOnMiss("b", 100, 100));
  EXPECT_TRUE(cache.AdmitOnMiss("a", 100, 100));
  EXPECT_FALSE(cache.AdmitOnMiss("a", 100, 100));  // remembered again from scratch
  // A fifth of the level per miss: the fifth miss buys.
  for (int miss = 1; miss <= 4; ++miss) EXPECT_FALSE(cache.AdmitOnMiss("c", 20, 100)) << miss;
  EXPECT_TRUE(cache.AdmitOnMiss("c", 20, 100));
  // Keys beyond kGhostKeys are forgotten, with what they had scanned.
  EXPECT_FALSE(cache.AdmitOnMiss("d", 60, 100));
  for (size_t k = 0; k < CrossSectionCache::kGhostKeys; ++k) {
    cache.AdmitOnMiss(absl::StrCat("other", k), 1, 100);
  }
  EXPECT_FALSE(cache.AdmitOnMiss("d", 60, 100));
  EXPECT_TRUE(cache.AdmitOnMiss("d", 60, 100));
  CrossSectionCache off(0);
  EXPECT_FALSE(off.enabled());
  EXPECT_FALSE(off.AdmitOnMiss("a", 100, 100));
  EXPECT_FALSE(off.AdmitOnMiss("a", 100, 100));
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

TEST(BackgroundFillerTest, FillsEachPendingKeyOnceAndWaitsForIdle) {
  std::mutex mu;
  std::condition_variable release;
  bool open = false;
  std::vector<std::string> filled;
  BackgroundFiller filler(
      [&](const std::string& key) {
        std::unique_lock lock(mu);
        release.wait(lock, [&] { return open; });  // hold the first fill until released
        filled.push_back(key);
      },
      /*max_pending=*/2);
  EXPECT_TRUE(filler.Request("a"));
  EXPECT_FALSE(filler.Request("a"));  // already pending
  EXPECT_TRUE(filler.Request("b"));
  EXPECT_FALSE(filler.Request("c"));  // queue full: dropped
  {
    std::lock_guard lock(mu);
    open = true;
  }
  release.notify_all();
  filler.WaitIdle();
  std::lock_guard lock(mu);
  EXPECT_EQ(filled, (std::vector<std::string>{"a", "b"}));
}

TEST(BackgroundFillerTest, DestructionDropsQueuedWorkWithoutHanging) {
  std::atomic<int> runs = 0;
  std::atomic<bool> started = false;
  {
    BackgroundFiller filler([&](const std::string&) {
      ++runs;
      started = true;
      // Long enough for the destructor below to clear the queue meanwhile.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(filler.Request(std::to_string(i)));
    while (!started) std::this_thread::yield();
  }  // lets the running fill finish, drops the other nine, joins
  EXPECT_EQ(runs.load(), 1);
  BackgroundFiller unused([](const std::string&) {});  // never started: nothing to join
}

}  // namespace
}  // namespace integra::monitoring
