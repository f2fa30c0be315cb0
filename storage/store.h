// Store: the RocksDB database of one integra server, behind integra's own types.
//
// A Store owns one RocksDB instance with every column family from column_families.h. The meta
// family records the schema version; opening a data dir written by a newer schema, or holding
// column families this binary does not know, fails with FailedPrecondition and says so.
// Opening a data dir another process holds fails with FailedPrecondition naming the lock.
//
// Thread-safety: all methods are thread-safe (RocksDB is); a WriteBatch or Iterator must be used
// by one thread at a time. Multi-key changes go through one WriteBatch so they apply atomically.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/column_families.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Iterator;
class Slice;
class Snapshot;
class WriteBatch;
}  // namespace rocksdb

namespace integra::storage {

// The schema version this binary writes and understands.
inline constexpr uint32_t kSchemaVersion = 1;

class Store;

// An atomic group of writes. Created by Store::NewBatch; applied by Store::Write.
class WriteBatch {
 public:
  ~WriteBatch();
  WriteBatch(WriteBatch&&) noexcept;
  WriteBatch& operator=(WriteBatch&&) noexcept;

  void Put(Family family, std::string_view key, std::string_view value);
  void Delete(Family family, std::string_view key);
  // Deletes every key in [begin, end) of `family` (one range tombstone, however many keys).
  void DeleteRange(Family family, std::string_view begin, std::string_view end);
  // Number of Put/Delete operations recorded so far.
  int Count() const;

 private:
  friend class Store;
  explicit WriteBatch(const Store* store);
  const Store* store_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
};

// A bounded forward/backward cursor over one column family. Keys are within [lower, upper).
class Iterator {
 public:
  ~Iterator();
  bool Valid() const;
  void Next();
  void Prev();
  void SeekToFirst();
  void SeekToLast();
  // Positions at the first key >= target.
  void Seek(std::string_view target);
  // Positions at the last key <= target.
  void SeekForPrev(std::string_view target);
  std::string_view key() const;
  std::string_view value() const;
  // Non-OK if the scan hit an I/O or corruption error (check after Valid() turns false).
  absl::Status status() const;

 private:
  friend class Store;
  Iterator(std::unique_ptr<rocksdb::Iterator> it, std::string lower, std::string upper);
  std::string lower_;  // must outlive the rocksdb iterator (bounds are referenced, not copied)
  std::string upper_;
  std::unique_ptr<rocksdb::Slice> lower_slice_;
  std::unique_ptr<rocksdb::Slice> upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

class Store {
 public:
  struct Options {
    std::string path;               // data directory; created if missing.
    bool sync_writes = false;       // fsync the WAL on every write (default: WAL written, not
                                    // fsynced: survives a process crash, not a power loss).
    size_t block_cache_bytes = 256ull << 20;  // shared LRU block cache (default 256 MiB).
    size_t memtable_bytes = 128ull << 20;     // all memtables together (default 128 MiB).
  };

  // Opens (creating if missing) the database at options.path.
  // Errors: FailedPrecondition if the dir is locked by another process, was written by a newer
  // schema or holds unknown column families; Internal/DataLoss for I/O or corruption.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const Options& options);
  ~Store();

  WriteBatch NewBatch() const;
  // Applies all writes of `batch` atomically. On error nothing of the batch is applied.
  absl::Status Write(WriteBatch& batch);

  // Point read. Returns nullopt if the key is absent.
  absl::StatusOr<std::optional<std::string>> Get(Family family, std::string_view key) const;

  // Point reads of many keys of one family in one call (RocksDB MultiGet: batched bloom-filter
  // and block lookups). Result i belongs to keys[i]; nullopt where the key is absent. Any read
  // error fails the whole call.
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      Family family, const std::vector<std::string>& keys) const;

  // Cursor over [lower, upper) (empty upper = to the end of the family), unpositioned:
  // call Seek/SeekToFirst/SeekToLast first.
  std::unique_ptr<Iterator> NewIterator(Family family, std::string_view lower,
                                        std::string_view upper) const;
  // Cursor over all keys starting with `prefix`.
  std::unique_ptr<Iterator> NewPrefixIterator(Family family, std::string_view prefix) const;

  const std::string& path() const { return path_; }
  uint32_t schema_version() const { return schema_version_; }

  // Approximate on-disk size of all families in bytes (SST + WAL).
  uint64_t ApproximateDiskBytes() const;

  // Test seam: called before every Write; a non-OK status aborts the write with that status.
  // Used by tests to prove that a failed multi-key change leaves nothing half-written.
  void SetBeforeWriteHookForTesting(std::function<absl::Status(const WriteBatch&)> hook);

 private:
  friend class WriteBatch;
  Store() = default;
  rocksdb::ColumnFamilyHandle* handle(Family family) const;

  std::string path_;
  uint32_t schema_version_ = 0;
  bool sync_writes_ = false;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by Family value
  std::function<absl::Status(const WriteBatch&)> before_write_hook_;
};

}  // namespace integra::storage
