// A full disk during ingest: the write fails with RESOURCE_EXHAUSTED saying so, nothing of its
// batch is stored, and every write acknowledged before is still there after a reopen.
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/store.h"
#include "tests/testing/fillable_disk.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::storage {
namespace {

using testing::FillableDisk;
using testing::TempDir;

absl::Status WriteBatchOf(Store& store, const std::string& tag, int keys, size_t value_bytes) {
  WriteBatch batch = store.NewBatch();
  for (int i = 0; i < keys; ++i) {
    batch.Put(Family::kObsSeries, absl::StrCat(tag, "/", i), std::string(value_bytes, 'v'));
    batch.Put(Family::kObsChanges, absl::StrCat(tag, "/", i), tag);
  }
  return store.Write(batch);
}

TEST(DiskFullTest, AWriteOnAFullDiskIsRefusedWholeAndEarlierWritesSurvive) {
  TempDir tmp;
  FillableDisk disk;
  {
    auto store = Store::Open({.path = tmp.path(), .env = disk.env()});
    ASSERT_OK(store);
    for (int b = 0; b < 5; ++b) ASSERT_OK(WriteBatchOf(**store, absl::StrCat("acked", b), 50, 200));
    // The next write-ahead-log record finds 1000 bytes of space; it needs ~50 KB.
    disk.Arm(1000);
    absl::Status full = WriteBatchOf(**store, "refused", 200, 256);
    EXPECT_STATUS(full, absl::StatusCode::kResourceExhausted,
                  absl::StrCat("the disk holding data dir ", tmp.path(), " is full"));
    EXPECT_STATUS(full, absl::StatusCode::kResourceExhausted, "nothing of this write was stored");
    EXPECT_GE(disk.refused_appends(), 1);
    // Nothing of the refused batch is visible, every acknowledged key is.
    for (int i = 0; i < 200; ++i) {
      ASSERT_OK_AND_ASSIGN(auto v, (*store)->Get(Family::kObsSeries, absl::StrCat("refused/", i)));
      EXPECT_FALSE(v.has_value()) << i;
    }
    // While the disk stays full, later writes are refused the same way.
    EXPECT_STATUS(WriteBatchOf(**store, "later", 1, 10), absl::StatusCode::kResourceExhausted,
                  "is full");
    disk.Disarm();
  }
  // After a restart with space again: every acknowledged write, nothing of the refused ones.
  auto reopened = Store::Open({.path = tmp.path()});
  ASSERT_OK(reopened);
  for (int b = 0; b < 5; ++b) {
    for (int i = 0; i < 50; ++i) {
      ASSERT_OK_AND_ASSIGN(auto v,
                           (*reopened)->Get(Family::kObsSeries, absl::StrCat("acked", b, "/", i)));
      ASSERT_TRUE(v.has_value()) << b << "/" << i;
      EXPECT_EQ(*v, std::string(200, 'v'));
      ASSERT_OK_AND_ASSIGN(auto c,
                           (*reopened)->Get(Family::kObsChanges, absl::StrCat("acked", b, "/", i)));
      EXPECT_EQ(c, absl::StrCat("acked", b));
    }
  }
  for (const char* tag : {"refused", "later"}) {
    auto it = (*reopened)->NewPrefixIterator(Family::kObsChanges, tag);
    it->SeekToFirst();
    EXPECT_FALSE(it->Valid()) << tag << " left " << it->key();
  }
  // And the reopened store writes again.
  EXPECT_OK(WriteBatchOf(**reopened, "after", 3, 10));
}

}  // namespace
}  // namespace integra::storage
