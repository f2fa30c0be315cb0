// Store::Open on foreign, newer and damaged data dirs: a clear error, and not one byte of the
// dir changed (names, sizes and contents of every file compared before and after).
#include "storage/data_dir.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::storage {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::map<std::string, std::string> Contents(const std::string& dir) {
  return testing::FileContents(dir);
}

// Fills an integra store with enough data for table files, and closes it (which flushes).
void MakeStore(const std::string& dir) {
  auto store = Store::Open({.path = dir});
  ASSERT_OK(store);
  for (int b = 0; b < 20; ++b) {
    WriteBatch batch = (*store)->NewBatch();
    for (int i = 0; i < 500; ++i) {
      batch.Put(Family::kUnits, absl::StrCat("unit-", b, "-", i), std::string(64, 'u'));
    }
    ASSERT_OK((*store)->Write(batch));
  }
}

// Puts `key` = `value` into `family` of a closed store with RocksDB directly (what a newer
// integra might have written).
void PutRaw(const std::string& dir, const std::string& family, const std::string& key,
            const std::string& value) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  cfs.reserve(names.size());
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  rocksdb::DBOptions options;
  options.create_missing_column_families = true;
  if (std::find(names.begin(), names.end(), family) == names.end()) {
    cfs.emplace_back(family, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, cfs, &handles, &db).ok());
  for (size_t i = 0; i < cfs.size(); ++i) {
    if (cfs[i].name == family) {
      ASSERT_TRUE(db->Put({}, handles[i], key, value).ok());
    }
  }
  ASSERT_TRUE(db->FlushWAL(true).ok());
  for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  delete db;
}

std::string LargestFileWithExtension(const std::string& dir, const std::string& ext) {
  std::string best;
  uintmax_t size = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ext && entry.file_size() >= size) {
      best = entry.path();
      size = entry.file_size();
    }
  }
  return best;
}

TEST(DataDirTest, RefusesADirWrittenByANewerIntegraAndLeavesItUnchanged) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  MakeStore(dir);
  PutRaw(dir, "meta", "schema_version", std::to_string(kSchemaVersion + 1));
  const auto before = Contents(dir);
  auto opened = Store::Open({.path = dir});
  EXPECT_STATUS(opened, absl::StatusCode::kFailedPrecondition,
                absl::StrCat("written by a newer integra: schema ", kSchemaVersion + 1,
                             ", this build knows up to ", kSchemaVersion));
  EXPECT_STATUS(opened, absl::StatusCode::kFailedPrecondition, dir);
  EXPECT_EQ(Contents(dir), before);
}

TEST(DataDirTest, RefusesUnknownColumnFamiliesAndLeavesTheDirUnchanged) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  MakeStore(dir);
  PutRaw(dir, "obs_future", "k", "v");
  const auto before = Contents(dir);
  EXPECT_STATUS(Store::Open({.path = dir}), absl::StatusCode::kFailedPrecondition,
                "column families this integra does not know (obs_future)");
  EXPECT_EQ(Contents(dir), before);
}

TEST(DataDirTest, RefusesARocksDbThatIsNotIntegrasAndLeavesItUnchanged) {
  TempDir tmp;
  const std::string dir = tmp.Sub("foreign");
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir, &db).ok());
    ASSERT_TRUE(db->Put({}, "customer:1", "Erika Mustermann").ok());
    delete db;
  }
  PutRaw(dir, "orders", "order:1", "42");
  const auto before = Contents(dir);
  auto opened = Store::Open({.path = dir});
  EXPECT_STATUS(opened, absl::StatusCode::kFailedPrecondition, "not an integra data dir");
  EXPECT_STATUS(opened, absl::StatusCode::kFailedPrecondition, "default, orders");
  EXPECT_EQ(Contents(dir), before);
  EXPECT_STATUS(Store::Open({.path = dir, .read_only = true}),
                absl::StatusCode::kFailedPrecondition, "not an integra data dir");
  EXPECT_EQ(Contents(dir), before);
}

TEST(DataDirTest, RefusesATruncatedTableFileWithDataLossAndLeavesTheDirUnchanged) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  MakeStore(dir);
  const std::string sst = LargestFileWithExtension(dir, ".sst");
  ASSERT_FALSE(sst.empty());
  fs::resize_file(sst, fs::file_size(sst) - 100);
  const auto before = Contents(dir);
  auto opened = Store::Open({.path = dir});
  EXPECT_STATUS(opened, absl::StatusCode::kDataLoss, absl::StrCat("data dir ", dir, " is damaged"));
  EXPECT_STATUS(opened, absl::StatusCode::kDataLoss, fs::path(sst).filename().string());
  EXPECT_STATUS(opened, absl::StatusCode::kDataLoss, "integrad verify --data-dir");
  EXPECT_STATUS(opened, absl::StatusCode::kDataLoss, "integrad restore");
  EXPECT_EQ(Contents(dir), before);
}

TEST(DataDirTest, RefusesACorruptManifestWithDataLossAndLeavesTheDirUnchanged) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  MakeStore(dir);
  std::string name;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("MANIFEST-", 0) == 0) name = entry.path();
  }
  ASSERT_FALSE(name.empty());
  {
    std::fstream f(name, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(name) / 2));
    f.write("\xde\xad\xbe\xef\xde\xad\xbe\xef", 8);
  }
  const auto before = Contents(dir);
  EXPECT_STATUS(Store::Open({.path = dir}), absl::StatusCode::kDataLoss, "is damaged");
  EXPECT_EQ(Contents(dir), before);
}

TEST(DataDirTest, FindsACorruptBlockOfTheRightSizeOnlyWhenChecksumsAreVerified) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  MakeStore(dir);
  const std::string sst = LargestFileWithExtension(dir, ".sst");
  {
    std::fstream f(sst, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);  // inside the first data block
    f.write("\xde\xad\xbe\xef", 4);
  }
  const auto before = Contents(dir);
  auto opened = Store::Open({.path = dir, .verify_checksums_on_open = true});
  EXPECT_STATUS(opened, absl::StatusCode::kDataLoss, "verifying the checksums");
  EXPECT_EQ(Contents(dir), before);
  auto inspected = InspectDataDir(dir);  // sizes only: the file looks whole
  EXPECT_OK(inspected);
  EXPECT_EQ(Contents(dir), before);
}

TEST(DataDirTest, RefusesRocksDbFilesWithoutCurrent) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  MakeStore(dir);
  fs::remove(fs::path(dir) / "CURRENT");
  const auto before = Contents(dir);
  EXPECT_STATUS(Store::Open({.path = dir}), absl::StatusCode::kDataLoss, "no CURRENT file");
  EXPECT_EQ(Contents(dir), before);
}

TEST(DataDirTest, ReadOnlyOpenChangesNothingAndRefusesWrites) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  MakeStore(dir);
  const auto before = Contents(dir);
  {
    auto store = Store::Open({.path = dir, .read_only = true});
    ASSERT_OK(store);
    ASSERT_OK_AND_ASSIGN(auto value, (*store)->Get(Family::kUnits, "unit-3-7"));
    EXPECT_EQ(value, std::string(64, 'u'));
    WriteBatch batch = (*store)->NewBatch();
    batch.Put(Family::kUnits, "x", "y");
    EXPECT_STATUS((*store)->Write(batch), absl::StatusCode::kFailedPrecondition, "read-only");
  }
  EXPECT_EQ(Contents(dir), before);
  EXPECT_STATUS(Store::Open({.path = tmp.Sub("missing"), .read_only = true}),
                absl::StatusCode::kNotFound, "holds no integra database");
  EXPECT_FALSE(fs::exists(tmp.Sub("missing")));
}

TEST(DataDirTest, AFirstOpenCutShortBeforeItsFirstWriteIsCompleted) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir, &db).ok());  // default family only, empty
    delete db;
  }
  auto store = Store::Open({.path = dir});
  ASSERT_OK(store);
  EXPECT_EQ((*store)->schema_version(), kSchemaVersion);
}

}  // namespace
}  // namespace integra::storage
