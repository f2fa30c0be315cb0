#include "storage/store.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/key_codec.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::storage {
namespace {

using testing::TempDir;

std::unique_ptr<Store> OpenOrDie(const std::string& path) {
  auto store = Store::Open({.path = path});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

TEST(StoreTest, RecordsSchemaVersionAndPersistsAcrossReopen) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->schema_version(), kSchemaVersion);
    WriteBatch batch = store->NewBatch();
    batch.Put(Family::kUnits, "k1", "v1");
    batch.Put(Family::kIndicators, "k1", "other family");
    ASSERT_OK(store->Write(batch));
  }
  auto store = OpenOrDie(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_OK_AND_ASSIGN(auto v, store->Get(Family::kUnits, "k1"));
  EXPECT_EQ(v, "v1");
  ASSERT_OK_AND_ASSIGN(auto w, store->Get(Family::kIndicators, "k1"));
  EXPECT_EQ(w, "other family");
  ASSERT_OK_AND_ASSIGN(auto missing, store->Get(Family::kMeta, "nope"));
  EXPECT_FALSE(missing.has_value());
}

TEST(StoreTest, CloseFlushesSoNoWriteAheadLogIsLeftToReplay) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    ASSERT_NE(store, nullptr);
    WriteBatch batch = store->NewBatch();
    for (int i = 0; i < 1000; ++i) batch.Put(Family::kObsSeries, absl::StrCat("k", i), "value");
    ASSERT_OK(store->Write(batch));
  }
  uintmax_t wal_bytes = 0;
  int sst_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().extension() == ".log") wal_bytes += entry.file_size();
    if (entry.path().extension() == ".sst") ++sst_files;
  }
  EXPECT_EQ(wal_bytes, 0u);
  EXPECT_GT(sst_files, 0);
  auto store = OpenOrDie(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_OK_AND_ASSIGN(auto v, store->Get(Family::kObsSeries, "k999"));
  EXPECT_EQ(v, "value");
}

// Owner-only whatever the process umask: in-process users (tests, tools, the bench) set none.
TEST(StoreTest, CreatesTheDataDirOwnerOnlyAndLeavesAnExistingOneAsItIs) {
  TempDir dir;
  for (const std::string& path : {dir.Sub("a/b/data"), dir.Sub("trailing/")}) {
    ASSERT_NE(OpenOrDie(path), nullptr);
    EXPECT_EQ(std::filesystem::status(path).permissions(), std::filesystem::perms::owner_all)
        << path;
  }
  const std::string existing = dir.Sub("existing");
  std::filesystem::create_directory(existing);
  std::filesystem::permissions(existing, std::filesystem::perms::owner_all |
                                             std::filesystem::perms::group_read |
                                             std::filesystem::perms::group_exec);
  ASSERT_NE(OpenOrDie(existing), nullptr);
  EXPECT_EQ(std::filesystem::status(existing).permissions(),
            std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                std::filesystem::perms::group_exec);
}

TEST(StoreTest, RefusesNewerSchemaVersion) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    WriteBatch batch = store->NewBatch();
    batch.Put(Family::kMeta, "schema_version", std::to_string(kSchemaVersion + 1));
    ASSERT_OK(store->Write(batch));
  }
  auto reopened = Store::Open({.path = dir.path()});
  EXPECT_STATUS(reopened, absl::StatusCode::kFailedPrecondition, "newer integra");
}

TEST(StoreTest, SecondOpenOfSameDirFailsWithLockMessage) {
  TempDir dir;
  auto first = OpenOrDie(dir.path());
  auto second = Store::Open({.path = dir.path()});
  EXPECT_STATUS(second, absl::StatusCode::kFailedPrecondition, "in use by another process");
}

TEST(StoreTest, FailedWriteAppliesNothing) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  store->SetBeforeWriteHookForTesting(
      [](const WriteBatch&) { return absl::UnavailableError("injected"); });
  WriteBatch batch = store->NewBatch();
  batch.Put(Family::kUnits, "a", "1");
  batch.Put(Family::kUnits, "b", "2");
  EXPECT_STATUS(store->Write(batch), absl::StatusCode::kUnavailable, "injected");
  store->SetBeforeWriteHookForTesting(nullptr);
  ASSERT_OK_AND_ASSIGN(auto a, store->Get(Family::kUnits, "a"));
  EXPECT_FALSE(a.has_value());
}

TEST(StoreTest, PrefixIteratorStaysInsidePrefixAndSeeksBackwards) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  WriteBatch batch = store->NewBatch();
  for (int unit : {1, 2, 3}) {
    for (int year : {2019, 2020, 2021}) {
      batch.Put(Family::kObsSeries, KeyWriter().U32(unit).I32(year).Take(),
                std::to_string(unit * 10000 + year));
    }
  }
  ASSERT_OK(store->Write(batch));
  auto it = store->NewPrefixIterator(Family::kObsSeries, KeyWriter().U32(2).Take());
  std::vector<std::string> seen;
  for (it->SeekToFirst(); it->Valid(); it->Next()) seen.emplace_back(it->value());
  ASSERT_OK(it->status());
  EXPECT_EQ(seen, (std::vector<std::string>{"22019", "22020", "22021"}));
  // Latest year <= 2020 for unit 2.
  it->SeekForPrev(KeyWriter().U32(2).I32(2020).Take());
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->value(), "22020");
  it->SeekToLast();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->value(), "22021");
}

TEST(StoreTest, WriteLockIsOnePerStoreAndReleasedWhenDestroyed) {
  TempDir dir;
  auto a = OpenOrDie(dir.path() + "/a");
  auto b = OpenOrDie(dir.path() + "/b");
  {
    WriteLock lock = a->LockWrites();
    EXPECT_TRUE(lock.Holds(*a));
    EXPECT_FALSE(lock.Holds(*b));
    WriteLock moved = std::move(lock);
    EXPECT_TRUE(moved.Holds(*a));
    EXPECT_FALSE(lock.Holds(*a));  // NOLINT(bugprone-use-after-move): the moved-from lock
    WriteLock other = b->LockWrites();  // another store's lock is independent
    EXPECT_TRUE(other.Holds(*b));
  }
  WriteLock again = a->LockWrites();  // released: taking it again does not block
  EXPECT_TRUE(again.Holds(*a));
}

TEST(StoreDeathTest, TakingTheWriteLockTwiceOnOneThreadAbortsWithAMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  EXPECT_DEATH(
      {
        WriteLock first = store->LockWrites();
        WriteLock second = store->LockWrites();
      },
      "already holds the write lock");
}

}  // namespace
}  // namespace integra::storage
