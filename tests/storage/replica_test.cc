// Store as a read replica (Options::secondary_of): a RocksDB secondary instance of a primary's
// data dir, both open in this process as they would be in two integrads on one host.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::storage {
namespace {

using testing::TempDir;

std::unique_ptr<Store> OpenPrimary(const std::string& dir) {
  auto store = Store::Open({.path = dir});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

absl::StatusOr<std::unique_ptr<Store>> OpenReplica(const std::string& primary,
                                                   const std::string& own) {
  return Store::Open({.path = own, .secondary_of = primary});
}

void Put(Store& store, std::string_view key, std::string_view value) {
  WriteBatch batch = store.NewBatch();
  batch.Put(Family::kUnits, key, value);
  ASSERT_OK(store.Write(batch));
}

std::optional<std::string> Read(const Store& store, std::string_view key) {
  auto value = store.Get(Family::kUnits, key);
  EXPECT_TRUE(value.ok()) << value.status();
  return value.ok() ? *value : std::nullopt;
}

// The keys of the units family starting with `prefix` (a scan), -1 on a read error.
int CountUnits(const Store& store, std::string_view prefix) {
  auto it = store.NewPrefixIterator(Family::kUnits, prefix);
  int count = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  EXPECT_OK(it->status());
  return it->status().ok() ? count : -1;
}

constexpr std::chrono::milliseconds kNoWait{0};

TEST(ReplicaTest, SeesThePrimarysWritesAfterEachCatchUp) {
  TempDir tmp;
  auto primary = OpenPrimary(tmp.Sub("primary"));
  ASSERT_NE(primary, nullptr);
  Put(*primary, "before", "1");
  ASSERT_OK_AND_ASSIGN(auto replica, OpenReplica(tmp.Sub("primary"), tmp.Sub("replica")));
  EXPECT_EQ(replica->secondary_of(), tmp.Sub("primary"));
  EXPECT_EQ(replica->schema_version(), kSchemaVersion);
  EXPECT_EQ(Read(*replica, "before"), "1");  // what the primary had when the replica opened

  Put(*primary, "after", "2");
  WriteBatch change = primary->NewBatch();
  change.Put(Family::kUnits, "before", "1b");
  change.Put(Family::kIndicators, "other", "3");
  ASSERT_OK(primary->Write(change));
  EXPECT_EQ(Read(*replica, "after"), std::nullopt);  // not before the catch-up
  ASSERT_OK_AND_ASSIGN(bool changed, replica->CatchUp(kNoWait));
  EXPECT_TRUE(changed);
  EXPECT_EQ(Read(*replica, "after"), "2");
  EXPECT_EQ(Read(*replica, "before"), "1b");
  ASSERT_OK_AND_ASSIGN(auto other, replica->Get(Family::kIndicators, "other"));
  EXPECT_EQ(other, "3");
  EXPECT_EQ(replica->LatestSequence(), primary->LatestSequence());
  ASSERT_OK_AND_ASSIGN(changed, replica->CatchUp(kNoWait));
  EXPECT_FALSE(changed);  // nothing new

  // Many batches, some in table files the primary flushed and compacted away from the WAL the
  // replica tailed before (the primary's close flushes; a restart starts a new WAL).
  for (int i = 0; i < 2000; ++i) Put(*primary, absl::StrCat("bulk-", i), std::string(100, 'x'));
  primary.reset();
  primary = OpenPrimary(tmp.Sub("primary"));
  ASSERT_NE(primary, nullptr);
  Put(*primary, "after-restart", "4");
  ASSERT_OK(replica->CatchUp(kNoWait));
  EXPECT_EQ(Read(*replica, "bulk-1999"), std::string(100, 'x'));
  EXPECT_EQ(Read(*replica, "after-restart"), "4");
  EXPECT_EQ(CountUnits(*replica, "bulk-"), 2000);
}

TEST(ReplicaTest, RefusesEveryWriteNamingThePrimary) {
  TempDir tmp;
  auto primary = OpenPrimary(tmp.Sub("primary"));
  ASSERT_NE(primary, nullptr);
  ASSERT_OK_AND_ASSIGN(auto replica, OpenReplica(tmp.Sub("primary"), tmp.Sub("replica")));
  WriteBatch batch = replica->NewBatch();
  batch.Put(Family::kUnits, "k", "v");
  EXPECT_STATUS(replica->Write(batch), absl::StatusCode::kFailedPrecondition,
                absl::StrCat("this integrad is a read replica of ", tmp.Sub("primary"),
                             ": it refuses every write; send writes to the primary"));
  EXPECT_TRUE(replica->read_only());
  ASSERT_OK(replica->CatchUp(kNoWait));
  EXPECT_EQ(Read(*primary, "k"), std::nullopt);
  EXPECT_STATUS(primary->CatchUp(kNoWait), absl::StatusCode::kFailedPrecondition,
                "is not a read replica");
}

TEST(ReplicaTest, ACatchUpWaitsForOpenSnapshotsSoAReadScopeSeesOneState) {
  TempDir tmp;
  auto primary = OpenPrimary(tmp.Sub("primary"));
  ASSERT_NE(primary, nullptr);
  Put(*primary, "a", "1");
  ASSERT_OK_AND_ASSIGN(auto replica, OpenReplica(tmp.Sub("primary"), tmp.Sub("replica")));
  {
    ReadScope scope(*replica);
    WriteBatch both = primary->NewBatch();
    both.Put(Family::kUnits, "a", "2");
    both.Put(Family::kUnits, "b", "2");
    ASSERT_OK(primary->Write(both));
    EXPECT_STATUS(replica->CatchUp(std::chrono::milliseconds(20)), absl::StatusCode::kUnavailable,
                  "1 consistent reads still open");
    EXPECT_EQ(Read(*replica, "a"), "1");
    EXPECT_EQ(Read(*replica, "b"), std::nullopt);
  }
  ASSERT_OK_AND_ASSIGN(bool changed, replica->CatchUp(kNoWait));
  EXPECT_TRUE(changed);
  ReadScope scope(*replica);
  EXPECT_EQ(Read(*replica, "a"), "2");
  EXPECT_EQ(Read(*replica, "b"), "2");
  EXPECT_EQ(CountUnits(*replica, ""), 2);  // a scan in a scope works too
}

TEST(ReplicaTest, RefusesAMissingEmptyForeignOrOlderPrimaryAndChangesNothingThere) {
  TempDir tmp;
  EXPECT_STATUS(OpenReplica(tmp.Sub("nowhere"), tmp.Sub("r1")),
                absl::StatusCode::kFailedPrecondition, "holds no integra database");
  EXPECT_FALSE(std::filesystem::exists(tmp.Sub("nowhere")));

  const std::string foreign = tmp.Sub("foreign");
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, foreign, &db).ok());
    ASSERT_TRUE(db->Put({}, "customer:1", "Erika Mustermann").ok());
    delete db;
  }
  const auto foreign_before = testing::FileContents(foreign);
  EXPECT_STATUS(OpenReplica(foreign, tmp.Sub("r2")), absl::StatusCode::kFailedPrecondition,
                "not an integra data dir");
  EXPECT_EQ(testing::FileContents(foreign), foreign_before);

  const std::string old = tmp.Sub("old");
  {
    auto store = OpenPrimary(old);
    ASSERT_NE(store, nullptr);
    WriteBatch batch = store->NewBatch();
    batch.Put(Family::kMeta, "schema_version", std::to_string(kSchemaVersion - 1));
    ASSERT_OK(store->Write(batch));
  }
  const auto old_before = testing::FileContents(old);
  auto refused = OpenReplica(old, tmp.Sub("r3"));
  EXPECT_STATUS(refused, absl::StatusCode::kFailedPrecondition, "a replica cannot migrate it");
  EXPECT_EQ(testing::FileContents(old), old_before);

  EXPECT_STATUS(OpenReplica(old, old), absl::StatusCode::kInvalidArgument,
                "a read replica needs its own data dir");
}

TEST(ReplicaTest, ReadsAndCatchesUpWithoutChangingThePrimarysDir) {
  TempDir tmp;
  const std::string dir = tmp.Sub("primary");
  {
    auto primary = OpenPrimary(dir);
    ASSERT_NE(primary, nullptr);
    for (int i = 0; i < 100; ++i) Put(*primary, absl::StrCat("k", i), "v");
  }
  const auto before = testing::FileContents(dir);
  {
    ASSERT_OK_AND_ASSIGN(auto replica, OpenReplica(dir, tmp.Sub("replica")));
    EXPECT_EQ(Read(*replica, "k99"), "v");
    ASSERT_OK(replica->CatchUp(kNoWait));
  }
  EXPECT_EQ(testing::FileContents(dir), before);
  EXPECT_FALSE(testing::FileContents(tmp.Sub("replica")).empty());  // its info log lives there
}

}  // namespace
}  // namespace integra::storage

namespace integra::storage {
namespace {

TEST(ReplicaTest, CatchUpFailsOnceThePrimarysDirIsGoneWhileReadsGoOn) {
  TempDir tmp;
  {
    auto primary = OpenPrimary(tmp.Sub("primary"));
    ASSERT_NE(primary, nullptr);
    Put(*primary, "k", "v");
  }
  ASSERT_OK_AND_ASSIGN(auto replica, OpenReplica(tmp.Sub("primary"), tmp.Sub("replica")));
  std::filesystem::rename(tmp.Sub("primary"), tmp.Sub("moved"));
  EXPECT_STATUS(replica->CatchUp(kNoWait), absl::StatusCode::kFailedPrecondition,
                absl::StrCat("the primary's data dir ", tmp.Sub("primary"),
                             " is gone or holds no database any more"));
  EXPECT_EQ(Read(*replica, "k"), "v");  // from the table files it holds open

  // Another database in its place (a restore into the same path) is no longer the primary.
  {
    auto other = OpenPrimary(tmp.Sub("primary"));
    ASSERT_NE(other, nullptr);
    Put(*other, "k", "other");
  }
  EXPECT_STATUS(replica->CatchUp(kNoWait), absl::StatusCode::kFailedPrecondition,
                "now holds another database (restored or replaced); restart the replica");
  EXPECT_EQ(Read(*replica, "k"), "v");
}

}  // namespace
}  // namespace integra::storage
