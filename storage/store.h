// Store: the RocksDB database of one integra server, behind integra's own types.
//
// A Store owns one RocksDB instance with every column family from column_families.h. The meta
// family records the schema version. Before opening a data dir, Open inspects it without
// changing it (storage/data_dir.h): a dir written by a newer integra, holding column families
// this binary does not know, or holding a RocksDB database that is not integra's is refused
// with FailedPrecondition; a damaged one (missing, truncated or corrupt files) with DataLoss.
// A refused dir is left byte for byte as it was. Opening a data dir another process holds fails
// with FailedPrecondition naming the lock. A write that finds the disk full fails with
// ResourceExhausted and stores nothing of its batch.
//
// Read replica: Options::secondary_of opens a RocksDB secondary instance of another (running)
// integrad's data dir on the same host or a shared file system. It reads what the primary has
// written up to its last CatchUp and refuses every write with FailedPrecondition; the primary's
// dir is never written (the replica's own dir holds only RocksDB's info log).
//
// Thread-safety: all methods are thread-safe (RocksDB is); a WriteBatch or Iterator must be used
// by one thread at a time. Multi-key changes go through one WriteBatch so they apply atomically.
//
// Consistent reads: a read that touches more than one key (a series of several units, a gap from
// two breakdowns, a roll-up, a scorecard, an export) opens a ReadScope first. Every Get, MultiGet,
// View and iterator of that Store on the same thread then reads ONE snapshot, so it sees each
// WriteBatch entirely or not at all. Scopes nest (an inner scope reads the outer one's snapshot),
// and a Snapshot can be handed to another thread (ReadScope(snapshot)) for work that continues
// there, such as a streamed export.
//
// One write path: every domain change that reads state to decide what it writes (a check for
// an existing key, a sequence number, an in-memory index updated after the write) holds the
// store's ONE write lock (Store::LockWrites) from the read until the Write has returned and the
// in-memory state is updated. A change that spans stores (an indicator with its knowledge node,
// an indicator deletion with its observations, node and edges) builds one WriteBatch under that
// one lock: the functions that append to another store's batch take the caller's WriteLock as
// proof. Reads never take it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/column_families.h"

namespace rocksdb {
class DB;
class Env;
class ColumnFamilyHandle;
class Iterator;
class Slice;
class Snapshot;
class Status;
class WriteBatch;
}  // namespace rocksdb

namespace integra::storage {

// The schema version this binary writes. Versions 1 (per-cell obs_cross) and 2 (one packed
// cross-section per level) are still opened; the observation store migrates them to 3 (packed
// sections split into chunks, the Gemeinden by Land) on open, see
// services/monitoring/schema_migration.h.
inline constexpr uint32_t kSchemaVersion = 3;
inline constexpr uint32_t kOldestReadableSchemaVersion = 1;

class Store;
struct BackupRequest;  // storage/backup.h
struct BackupResult;
struct DataDirInspection;  // storage/data_dir.h

// One consistent point-in-time view of a Store (a RocksDB snapshot), released when the last
// reference goes. Obtained from Store::GetSnapshot; read through a ReadScope.
class Snapshot {
 public:
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  const Store* store() const { return store_; }

 private:
  friend class Store;
  Snapshot(const Store* store, const rocksdb::Snapshot* snapshot)
      : store_(store), snapshot_(snapshot) {}
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
};

// Makes every read of one Store on the calling thread read one snapshot until the scope ends.
// Not movable; create it on the stack at the start of a multi-key read.
class ReadScope {
 public:
  // Reads a new snapshot of `store`, or the one an enclosing scope on this thread already reads.
  explicit ReadScope(const Store& store);
  // Reads `snapshot` (which may come from another thread).
  explicit ReadScope(std::shared_ptr<const Snapshot> snapshot);
  // Reads a new snapshot of `store` even inside an enclosing scope: for the reads of a write
  // path, which must see the latest state (under the writer's lock), never an older snapshot.
  static std::shared_ptr<const Snapshot> Latest(const Store& store);
  ~ReadScope();
  ReadScope(const ReadScope&) = delete;
  ReadScope& operator=(const ReadScope&) = delete;
  // The snapshot this scope reads (to hand on to another thread).
  const std::shared_ptr<const Snapshot>& snapshot() const { return snapshot_; }

 private:
  friend class Store;
  std::shared_ptr<const Snapshot> snapshot_;
  const ReadScope* previous_;
};

// The audit record of the write the calling thread is doing on behalf of someone (an RPC).
// While an AuditScope lives, Store::Write adds a record to every non-empty WriteBatch this
// thread writes, under the next key of the `audit` family (U64 big-endian sequence, per Store):
// the record is in the same WriteBatch as the change, so a change is never without its audit
// record and an audit record never without its change. The record's bytes are the owner's
// (services/security/audit_records.h): `encode` makes them from the notes the domain added for
// this batch (Note: e.g. the values a write replaces, known only under the domain's write lock).
// Scopes do not nest (the inner one wins until it ends). Not movable: create it on the stack for
// the duration of the write.
class AuditScope {
 public:
  using Encoder = std::function<std::string(const std::vector<std::string>& notes)>;
  explicit AuditScope(Encoder encode);
  ~AuditScope();
  AuditScope(const AuditScope&) = delete;
  AuditScope& operator=(const AuditScope&) = delete;
  // Adds a note to the record of the next batch this thread writes; nothing without a scope.
  static void Note(std::string note);
  // The record for the next batch of this thread (its notes then cleared), or nullopt if no
  // scope is live.
  static std::optional<std::string> TakeRecord();

 private:
  Encoder encode_;
  std::vector<std::string> notes_;
  AuditScope* previous_;
};

// Proof that the calling thread holds a Store's write lock (Store::LockWrites); released when
// destroyed. Move-only. Taking the lock again on the same thread is a programming error and
// aborts with a message instead of deadlocking.
class WriteLock {
 public:
  WriteLock(WriteLock&& other) noexcept;
  WriteLock& operator=(WriteLock&&) = delete;
  WriteLock(const WriteLock&) = delete;
  ~WriteLock();
  // True if this lock is held and belongs to `store`.
  bool Holds(const Store& store) const;
  // OK if Holds(store), else Internal naming `what` (for functions that take the lock as proof).
  absl::Status Require(const Store& store, std::string_view what) const;

 private:
  friend class Store;
  WriteLock(const Store* store, std::unique_lock<std::mutex> lock);
  const Store* store_;
  std::unique_lock<std::mutex> lock_;
};

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
  std::shared_ptr<const Snapshot> snapshot_;  // kept alive while the cursor reads it
  std::unique_ptr<rocksdb::Iterator> it_;
};

// RocksDB's own figures for monitoring (Store::Stats; integrad's /metrics).
struct StoreStats {
  uint64_t block_cache_hits = 0;    // since open (0 in a read-only store: no statistics)
  uint64_t block_cache_misses = 0;  // since open
  uint64_t block_cache_usage_bytes = 0;
  uint64_t block_cache_capacity_bytes = 0;
  uint64_t pending_compaction_bytes = 0;  // estimate, all families
  uint64_t live_data_bytes = 0;           // estimate, all families
  uint64_t sst_bytes = 0;                 // table files, all families
};

class Store {
 public:
  struct Options {
    std::string path;               // data directory; created if missing, with mode 0700.
    bool sync_writes = false;       // fsync the WAL on every write (default: WAL written, not
                                    // fsynced: survives a process crash, not a power loss).
    size_t block_cache_bytes = 256ull << 20;  // shared LRU block cache (default 256 MiB).
    size_t memtable_bytes = 128ull << 20;     // all memtables together (default 128 MiB).
    // Open with RocksDB's read-only mode (integrad verify, tests): nothing in the dir is created
    // or changed, no lock is taken (a running integrad may hold the dir), writes fail with
    // FailedPrecondition, and families the dir lacks (an older schema) read as empty. The dir
    // must hold a database (else NotFound). Default false.
    bool read_only = false;
    // Open as a read replica of the integra data dir at this path (RocksDB OpenAsSecondary,
    // with every table file kept open as RocksDB requires); `path` is then the replica's own dir
    // (created 0700 if missing), which holds RocksDB's info log only. Writes fail with
    // FailedPrecondition; CatchUp reads what the primary wrote since. Default "" (a primary).
    std::string secondary_of;
    // Read every block of every table file and compare its checksum before opening (the
    // inspection of storage/data_dir.h): finds a corrupt block inside a file of the right size,
    // at the cost of reading the whole data dir once. Default false: the open compares file
    // sizes only, which finds truncated and missing files.
    bool verify_checksums_on_open = false;
    // The RocksDB Env for all file I/O; nullptr = the default. Tests pass a fault-injecting one.
    rocksdb::Env* env = nullptr;
  };

  // Opens (creating if missing, unless read_only or a replica) the database at options.path.
  // Errors: FailedPrecondition if the dir is locked by another process, was written by a newer
  // integra, holds unknown column families or is a RocksDB database that is not integra's;
  // DataLoss if it is damaged; Internal for other I/O errors. A refused dir is not changed.
  // A replica (secondary_of) also fails with FailedPrecondition if the primary's dir holds no
  // integra database yet or an older schema that its primary has still to migrate.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const Options& options);
  ~Store();

  // The one write lock (see the header comment). Blocks until it is free.
  WriteLock LockWrites();

  WriteBatch NewBatch() const;
  // Applies all writes of `batch` atomically. On error nothing of the batch is applied.
  // Inside an AuditScope the scope's record is added to the batch first (see AuditScope).
  // ResourceExhausted: the disk holding the data dir is full (the message says so); earlier
  // writes stay readable. FailedPrecondition: a read-only store.
  absl::Status Write(WriteBatch& batch);

  // Point read. Returns nullopt if the key is absent.
  absl::StatusOr<std::optional<std::string>> Get(Family family, std::string_view key) const;
  // Point read without copying the value: `fn` sees the value (nullopt if absent) in place, in
  // the block cache or memtable, valid only during the call. Returns fn's status or a read error.
  absl::Status View(Family family, std::string_view key,
                    absl::FunctionRef<absl::Status(std::optional<std::string_view>)> fn) const;

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

  // A snapshot of the whole store as of now (see ReadScope).
  std::shared_ptr<const Snapshot> GetSnapshot() const;

  // Reads what the primary has written since the last catch-up (RocksDB
  // TryCatchUpWithPrimary; a replica only). A catch-up never runs while a Snapshot of this store
  // is alive, so a ReadScope never sees a catch-up halfway: RocksDB 7.8's secondary instance
  // refuses scans with a snapshot and reads point lookups at its latest state whatever the
  // snapshot, so a replica's Snapshot holds no RocksDB snapshot; it only keeps catch-ups out.
  // Waits up to `max_wait` for open snapshots to be released, while new ones are still handed
  // out. Returns whether anything
  // new was read. Errors: FailedPrecondition (not a replica), Unavailable (snapshots still open
  // after `max_wait`: nothing was read; try again), or the RocksDB error (the primary's dir is
  // gone or unreadable).
  absl::StatusOr<bool> CatchUp(std::chrono::milliseconds max_wait);
  // The primary's data dir of a replica; "" for a primary or a read-only store.
  const std::string& secondary_of() const { return secondary_of_; }
  // The last sequence number this store has read or written (RocksDB's; for replica lag).
  uint64_t LatestSequence() const;

  const std::string& path() const { return path_; }
  // The schema version of the data dir: kSchemaVersion, or an older readable version that a
  // migration has yet to bring up to date (CommitMigration).
  uint32_t schema_version() const { return schema_version_; }
  // Writes `batch` together with the new schema version `version`, atomically: the last step of
  // a migration. InvalidArgument unless version == schema_version() + 1.
  absl::Status CommitMigration(WriteBatch& batch, uint32_t version);

  // RocksDB's statistics and size estimates now. Thread-safe; cheap (no I/O).
  StoreStats Stats() const;

  // Approximate on-disk size of all families in bytes (SST + WAL).
  uint64_t ApproximateDiskBytes() const;

  // Backs the whole store up into `backup_dir` (RocksDB BackupEngine; storage/backup.h), online:
  // writes continue meanwhile and the backup holds one consistent point of every family.
  // See storage/backup.h for the contract.
  absl::StatusOr<BackupResult> CreateBackup(const BackupRequest& request);
  bool read_only() const { return read_only_; }

  // Test seam: called before every Write; a non-OK status aborts the write with that status.
  // Used by tests to prove that a failed multi-key change leaves nothing half-written.
  void SetBeforeWriteHookForTesting(std::function<absl::Status(const WriteBatch&)> hook);

 private:
  friend class WriteBatch;
  friend class WriteLock;
  Store() = default;
  static absl::StatusOr<std::unique_ptr<Store>> OpenReadOnly(const Options& options,
                                                             const DataDirInspection& inspection);
  static absl::StatusOr<std::unique_ptr<Store>> OpenSecondary(const Options& options);
  // Counts the snapshots alive (a replica's catch-up waits for none).
  void SnapshotOpened() const;
  void SnapshotReleased() const;
  // A RocksDB write status for callers: a full disk said as such (ResourceExhausted).
  absl::Status WriteStatus(const rocksdb::Status& s) const;
  // The family's handle; nullptr only in a read-only store whose dir lacks the family.
  rocksdb::ColumnFamilyHandle* handle(Family family) const;
  friend class Snapshot;
  // The snapshot the calling thread's ReadScope reads for this store, or nullptr (latest).
  std::shared_ptr<const Snapshot> ScopedSnapshot() const;
  // ReadOptions reading `snapshot` (nullptr: the latest state).
  static const rocksdb::Snapshot* Raw(const std::shared_ptr<const Snapshot>& snapshot);

  std::string path_;
  bool read_only_ = false;
  std::string secondary_of_;  // a replica's primary dir
  std::string identity_;      // of the primary's database (RocksDB IDENTITY) at the open
  mutable std::mutex catch_up_mu_;  // guards open_snapshots_; held during a catch-up
  mutable std::condition_variable snapshots_released_;
  mutable int open_snapshots_ = 0;
  uint32_t schema_version_ = 0;
  bool sync_writes_ = false;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by Family value
  std::function<absl::Status(const WriteBatch&)> before_write_hook_;
  std::atomic<uint64_t> audit_sequence_ = 0;  // the last audit key written (or found on open)
  std::mutex write_mu_;                        // the one write lock (LockWrites)
  std::atomic<uint64_t> write_owner_ = 0;      // hash of the holding thread's id, 0 if free
  std::mutex backup_mu_;                       // one backup at a time (BackupEngine's rule)
};

}  // namespace integra::storage
