#include "storage/store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/slice.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "storage/data_dir.h"
#include "storage/key_codec.h"
#include "storage/rocks_status.h"

namespace integra::storage {
namespace {

constexpr std::string_view kSchemaVersionKey = "schema_version";

bool IsLockError(const rocksdb::Status& s) {
  const std::string text = s.ToString();
  return s.IsIOError() &&
         (text.find("lock") != std::string::npos || text.find("LOCK") != std::string::npos);
}

rocksdb::ColumnFamilyOptions FamilyOptions(Family family,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.compression = rocksdb::kLZ4Compression;
  cf.bottommost_compression = rocksdb::kZSTD;
  if (family == Family::kObsSections) {
    // Packed cross-section chunks are read whole by every comparison and roll-up: a block-cache
    // miss then costs one copy from the OS page cache instead of decompressing up to ~35 KB (a
    // Land's Gemeinden; ~165 KB before schema 3 split them by Land). Unit codes and doubles
    // compress poorly anyway.
    cf.compression = rocksdb::kNoCompression;
    cf.bottommost_compression = rocksdb::kNoCompression;
  }
  return cf;
}

// Creates `path` owner-only (0700) if it is missing: RocksDB creates its files with
// 0644 & ~umask, so the directory is what keeps them from other users whatever the umask.
// Parents are created with the usual mode; an existing dir is left as it is.
absl::Status CreateDataDir(const std::string& path) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(path).lexically_normal();
  if (dir.has_parent_path() && dir.filename().empty()) dir = dir.parent_path();  // "a/b/"
  if (!std::filesystem::exists(dir, ec) && !ec) {
    if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
    if (!ec && ::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      ec = std::error_code(errno, std::system_category());
    }
  }
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create data dir ", path, ": ", ec.message()));
  }
  return absl::OkStatus();
}

// The schema version stored in the meta family, checked against what this build reads.
absl::StatusOr<uint32_t> ParseSchemaVersion(const std::string& path, const std::string& text) {
  uint32_t v = 0;
  try {
    v = static_cast<uint32_t>(std::stoul(text));
  } catch (const std::exception&) {
    return absl::DataLossError(
        absl::StrCat("data dir ", path, " has an unreadable schema version '", text, "'"));
  }
  if (v > kSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("data dir ", path, " has schema version ", v,
                     " but this integra supports up to version ", kSchemaVersion,
                     ": it was written by a newer integra"));
  }
  if (v < kOldestReadableSchemaVersion) {
    return absl::DataLossError(absl::StrCat("data dir ", path, " has invalid schema version ", v));
  }
  return v;
}

// The unique id RocksDB gave the database in `dir` (its IDENTITY file), "" if unreadable.
std::string ReadIdentity(const std::string& dir) {
  std::ifstream in(std::filesystem::path(dir) / "IDENTITY");
  std::string identity;
  std::getline(in, identity);
  return identity;
}

// The innermost ReadScope of the calling thread (scopes nest on the stack).
thread_local const ReadScope* tls_scope = nullptr;
thread_local AuditScope* tls_audit = nullptr;

}  // namespace

// ---------------------------------------------------------------------------- WriteBatch

WriteBatch::WriteBatch(const Store* store)
    : store_(store), batch_(std::make_unique<rocksdb::WriteBatch>()) {}
WriteBatch::~WriteBatch() = default;
WriteBatch::WriteBatch(WriteBatch&&) noexcept = default;
WriteBatch& WriteBatch::operator=(WriteBatch&&) noexcept = default;

void WriteBatch::Put(Family family, std::string_view key, std::string_view value) {
  // rocksdb::WriteBatch::Put only fails for keys/values over 4 GiB, which integra never writes.
  batch_
      ->Put(store_->handle(family), rocksdb::Slice(key.data(), key.size()),
            rocksdb::Slice(value.data(), value.size()))
      .PermitUncheckedError();
}

void WriteBatch::Delete(Family family, std::string_view key) {
  batch_->Delete(store_->handle(family), rocksdb::Slice(key.data(), key.size()))
      .PermitUncheckedError();
}

void WriteBatch::DeleteRange(Family family, std::string_view begin, std::string_view end) {
  batch_
      ->DeleteRange(store_->handle(family), rocksdb::Slice(begin.data(), begin.size()),
                    rocksdb::Slice(end.data(), end.size()))
      .PermitUncheckedError();
}

int WriteBatch::Count() const { return static_cast<int>(batch_->Count()); }

// ---------------------------------------------------------------------------- Iterator

Iterator::Iterator(std::unique_ptr<rocksdb::Iterator> it, std::string lower, std::string upper)
    : lower_(std::move(lower)), upper_(std::move(upper)), it_(std::move(it)) {}
Iterator::~Iterator() = default;
bool Iterator::Valid() const { return it_->Valid(); }
void Iterator::Next() { it_->Next(); }
void Iterator::Prev() { it_->Prev(); }
void Iterator::SeekToFirst() { it_->SeekToFirst(); }
void Iterator::SeekToLast() { it_->SeekToLast(); }
void Iterator::Seek(std::string_view target) {
  it_->Seek(rocksdb::Slice(target.data(), target.size()));
}
void Iterator::SeekForPrev(std::string_view target) {
  it_->SeekForPrev(rocksdb::Slice(target.data(), target.size()));
}
std::string_view Iterator::key() const {
  rocksdb::Slice k = it_->key();
  return {k.data(), k.size()};
}
std::string_view Iterator::value() const {
  rocksdb::Slice v = it_->value();
  return {v.data(), v.size()};
}
absl::Status Iterator::status() const { return FromRocks(it_->status(), "scan"); }

// ---------------------------------------------------------------------------- Snapshots

Snapshot::~Snapshot() {
  if (snapshot_ != nullptr) store_->db_->ReleaseSnapshot(snapshot_);
  store_->SnapshotReleased();
}

ReadScope::ReadScope(const Store& store) : previous_(tls_scope) {
  for (const ReadScope* s = tls_scope; s != nullptr; s = s->previous_) {
    if (s->snapshot_->store() == &store) {
      snapshot_ = s->snapshot_;
      break;
    }
  }
  if (snapshot_ == nullptr) snapshot_ = store.GetSnapshot();
  tls_scope = this;
}

ReadScope::ReadScope(std::shared_ptr<const Snapshot> snapshot)
    : snapshot_(std::move(snapshot)), previous_(tls_scope) {
  tls_scope = this;
}

ReadScope::~ReadScope() { tls_scope = previous_; }

std::shared_ptr<const Snapshot> ReadScope::Latest(const Store& store) { return store.GetSnapshot(); }

std::shared_ptr<const Snapshot> Store::GetSnapshot() const {
  SnapshotOpened();
  // A replica reads without a RocksDB snapshot (its scans refuse one, its point reads ignore
  // one): what keeps a ReadScope on one state there is that no catch-up runs while it lives.
  return std::shared_ptr<const Snapshot>(
      new Snapshot(this, secondary_of_.empty() ? db_->GetSnapshot() : nullptr));
}

void Store::SnapshotOpened() const {
  if (secondary_of_.empty()) return;
  std::lock_guard lock(catch_up_mu_);  // waits while a catch-up runs
  ++open_snapshots_;
}

void Store::SnapshotReleased() const {
  if (secondary_of_.empty()) return;
  std::lock_guard lock(catch_up_mu_);
  if (--open_snapshots_ == 0) snapshots_released_.notify_all();
}

std::shared_ptr<const Snapshot> Store::ScopedSnapshot() const {
  for (const ReadScope* s = tls_scope; s != nullptr; s = s->previous_) {
    if (s->snapshot()->store() == this) return s->snapshot();
  }
  return nullptr;
}

const rocksdb::Snapshot* Store::Raw(const std::shared_ptr<const Snapshot>& snapshot) {
  return snapshot == nullptr ? nullptr : snapshot->snapshot_;
}

// ---------------------------------------------------------------------------- Store

absl::StatusOr<std::unique_ptr<Store>> Store::OpenReadOnly(const Options& options,
                                                           const DataDirInspection& inspection) {
  if (!inspection.holds_database) {
    return absl::NotFoundError(
        absl::StrCat("data dir ", options.path, " holds no integra database"));
  }
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::DBOptions db_options;
  // Every table file is opened now and stays open, so a running integrad that deletes one by
  // compaction while this store reads (integrad verify beside it) cannot pull it away.
  db_options.max_open_files = -1;
  if (options.env != nullptr) db_options.env = options.env;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  std::vector<Family> opened;
  for (const FamilySpec& spec : AllFamilies()) {
    if (std::find(inspection.families.begin(), inspection.families.end(), spec.name) ==
        inspection.families.end()) {
      continue;
    }
    descriptors.emplace_back(std::string(spec.name), FamilyOptions(spec.family, cache));
    opened.push_back(spec.family);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(db_options, options.path, descriptors, &handles, &raw);
  RETURN_IF_ERROR(FromRocks(s, absl::StrCat("opening data dir ", options.path, " read-only")));
  std::unique_ptr<Store> store(new Store());
  store->path_ = options.path;
  store->read_only_ = true;
  store->schema_version_ = inspection.schema_version;
  store->db_.reset(raw);
  store->handles_.assign(AllFamilies().size(), nullptr);
  for (size_t i = 0; i < opened.size(); ++i) {
    store->handles_[static_cast<size_t>(opened[i])] = handles[i];
  }
  return store;
}

absl::StatusOr<std::unique_ptr<Store>> Store::OpenSecondary(const Options& options) {
  const std::string& primary = options.secondary_of;
  std::error_code same_ec;
  if (std::filesystem::equivalent(primary, options.path, same_ec)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a read replica needs its own data dir: ", options.path, " is the primary's ", primary));
  }
  // The primary's dir is only looked at (never created or changed): a replica of a dir that
  // holds no integra database, a foreign, newer or damaged one is refused here.
  ASSIGN_OR_RETURN(
      const DataDirInspection inspection,
      InspectDataDir(primary, {.verify_checksums = options.verify_checksums_on_open,
                               .env = options.env}));
  if (!inspection.holds_database) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot replicate ", primary,
        ": it holds no integra database (start the primary integrad on it first)"));
  }
  if (inspection.schema_version < kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot replicate ", primary, ": its schema version ", inspection.schema_version,
        " is older than this integra's ", kSchemaVersion,
        "; a replica cannot migrate it: start the primary with this integra first"));
  }
  RETURN_IF_ERROR(CreateDataDir(options.path));
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::DBOptions db_options;
  db_options.max_open_files = -1;  // RocksDB's requirement for a secondary instance
  if (options.env != nullptr) db_options.env = options.env;
  db_options.statistics = rocksdb::CreateDBStatistics();
  db_options.statistics->set_stats_level(rocksdb::StatsLevel::kExceptHistogramOrTimers);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  std::vector<Family> opened;
  for (const FamilySpec& spec : AllFamilies()) {
    if (std::find(inspection.families.begin(), inspection.families.end(), spec.name) ==
        inspection.families.end()) {
      continue;  // an older primary's dir lacks it: reads of it are empty
    }
    descriptors.emplace_back(std::string(spec.name), FamilyOptions(spec.family, cache));
    opened.push_back(spec.family);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenAsSecondary(db_options, primary, options.path, descriptors,
                                                   &handles, &raw);
  RETURN_IF_ERROR(FromRocks(s, absl::StrCat("opening ", primary, " as a read replica in ",
                                            options.path)));
  std::unique_ptr<Store> store(new Store());
  store->path_ = options.path;
  store->secondary_of_ = primary;
  store->read_only_ = true;
  store->db_.reset(raw);
  store->handles_.assign(AllFamilies().size(), nullptr);
  for (size_t i = 0; i < opened.size(); ++i) {
    store->handles_[static_cast<size_t>(opened[i])] = handles[i];
  }
  ASSIGN_OR_RETURN(auto version, store->Get(Family::kMeta, kSchemaVersionKey));
  if (!version.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot replicate ", primary, ": it holds no schema version"));
  }
  ASSIGN_OR_RETURN(store->schema_version_, ParseSchemaVersion(primary, *version));
  store->identity_ = ReadIdentity(primary);
  return store;
}

absl::StatusOr<bool> Store::CatchUp(std::chrono::milliseconds max_wait) {
  if (secondary_of_.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("data dir ", path_, " is not a read replica: there is nothing to catch up"));
  }
  std::unique_lock lock(catch_up_mu_);
  if (!snapshots_released_.wait_for(lock, max_wait, [this] { return open_snapshots_ == 0; })) {
    return absl::UnavailableError(absl::StrCat(
        "catch-up deferred: ", open_snapshots_, " consistent reads still open after ",
        max_wait.count(), " ms"));
  }
  // RocksDB's catch-up reads nothing, and says OK, when the primary's dir has gone; it does
  // not notice a different database put in its place either. Its IDENTITY file tells both.
  const std::string identity = ReadIdentity(secondary_of_);
  if (identity.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot catch up: the primary's data dir ", secondary_of_,
                     " is gone or holds no database any more (no IDENTITY file)"));
  }
  if (identity != identity_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot catch up: the primary's data dir ", secondary_of_,
        " now holds another database (restored or replaced); restart the replica"));
  }
  const uint64_t before = db_->GetLatestSequenceNumber();
  RETURN_IF_ERROR(FromRocks(db_->TryCatchUpWithPrimary(),
                            absl::StrCat("catching up with the primary ", secondary_of_)));
  return db_->GetLatestSequenceNumber() != before;
}

uint64_t Store::LatestSequence() const { return db_->GetLatestSequenceNumber(); }

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const Options& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("data dir path is empty");
  if (!options.secondary_of.empty()) return OpenSecondary(options);
  // First look, changing nothing: a dir that is refused stays exactly as it was.
  ASSIGN_OR_RETURN(
      const DataDirInspection inspection,
      InspectDataDir(options.path,
                     {.verify_checksums = options.verify_checksums_on_open, .env = options.env}));
  if (options.read_only) return OpenReadOnly(options, inspection);
  RETURN_IF_ERROR(CreateDataDir(options.path));

  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_open_files = 512;
  if (options.env != nullptr) db_options.env = options.env;
  // All memtables together (every column family) stay within this, and with them the
  // write-ahead log (RocksDB keeps at most four times this in WAL files). Without the cap each
  // busy family held two 64 MiB memtables, and after the full-scale benchmark's load the data
  // dir held 4.6 GiB, most of it WAL that a restart would replay; with it, 1.1 GiB.
  db_options.db_write_buffer_size = options.memtable_bytes;
  // Tickers only (block-cache hits and misses for /metrics; Store::Stats); no timers and no
  // histograms, which cost time on every read.
  db_options.statistics = rocksdb::CreateDBStatistics();
  db_options.statistics->set_stats_level(rocksdb::StatsLevel::kExceptHistogramOrTimers);

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const FamilySpec& spec : AllFamilies()) {
    descriptors.emplace_back(std::string(spec.name), FamilyOptions(spec.family, cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw);
  if (!s.ok()) {
    if (IsLockError(s)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data dir ", options.path,
          " is in use by another process (RocksDB LOCK held); stop that integrad first or "
          "choose another --data-dir. Detail: ",
          s.ToString()));
    }
    return FromRocks(s, absl::StrCat("opening data dir ", options.path));
  }

  std::unique_ptr<Store> store(new Store());
  store->path_ = options.path;
  store->sync_writes_ = options.sync_writes;
  store->db_.reset(raw);
  store->handles_ = std::move(handles);

  // Schema version: written on first open, checked on every later one.
  auto version = store->Get(Family::kMeta, kSchemaVersionKey);
  if (!version.ok()) return version.status();
  if (!version->has_value()) {
    WriteBatch batch = store->NewBatch();
    batch.Put(Family::kMeta, kSchemaVersionKey, std::to_string(kSchemaVersion));
    absl::Status w = store->Write(batch);
    if (!w.ok()) return w;
    store->schema_version_ = kSchemaVersion;
  } else {
    ASSIGN_OR_RETURN(store->schema_version_, ParseSchemaVersion(options.path, **version));
  }
  // The audit trail continues after its last record.
  auto last = store->NewIterator(Family::kAudit, "", "");
  last->SeekToLast();
  if (last->Valid()) {
    KeyReader key(last->key());
    ASSIGN_OR_RETURN(uint64_t sequence, key.U64());
    store->audit_sequence_ = sequence;
  }
  RETURN_IF_ERROR(last->status());
  return store;
}

Store::~Store() {
  if (db_ == nullptr) return;
  // Flush the memtables, so that the next open replays no write-ahead log (a quick restart, a
  // compact data dir). RocksDB does not do this on close while the WAL is on. Best effort:
  // whatever is not flushed stays in the WAL and is replayed on open, as after a crash.
  if (!read_only_) {
    rocksdb::FlushOptions flush;
    flush.wait = true;
    db_->Flush(flush, handles_).PermitUncheckedError();
  }
  for (auto* h : handles_) {
    if (h != nullptr) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

rocksdb::ColumnFamilyHandle* Store::handle(Family family) const {
  return handles_[static_cast<size_t>(family)];
}

namespace {
uint64_t ThisThreadTag() {
  // Never 0 (0 means "free").
  return static_cast<uint64_t>(std::hash<std::thread::id>{}(std::this_thread::get_id())) | 1;
}
}  // namespace

WriteLock::WriteLock(const Store* store, std::unique_lock<std::mutex> lock)
    : store_(store), lock_(std::move(lock)) {}

WriteLock::WriteLock(WriteLock&& other) noexcept
    : store_(other.store_), lock_(std::move(other.lock_)) {
  other.store_ = nullptr;
}

WriteLock::~WriteLock() {
  if (store_ != nullptr && lock_.owns_lock()) {
    const_cast<Store*>(store_)->write_owner_.store(0, std::memory_order_relaxed);
    lock_.unlock();
  }
}

bool WriteLock::Holds(const Store& store) const { return store_ == &store && lock_.owns_lock(); }

absl::Status WriteLock::Require(const Store& store, std::string_view what) const {
  if (Holds(store)) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(std::string(what), " needs the store's write lock"));
}

WriteLock Store::LockWrites() {
  const uint64_t me = ThisThreadTag();
  if (write_owner_.load(std::memory_order_relaxed) == me) {
    // Re-entry would deadlock; it is a bug in the caller, so fail loudly.
    std::fprintf(stderr,
                 "integra: storage::Store::LockWrites called by a thread that already holds the "
                 "write lock (a write path calls another locking write; pass the WriteLock)\n");
    std::abort();
  }
  std::unique_lock<std::mutex> lock(write_mu_);
  write_owner_.store(me, std::memory_order_relaxed);
  return WriteLock(this, std::move(lock));
}

WriteBatch Store::NewBatch() const { return WriteBatch(this); }

AuditScope::AuditScope(Encoder encode) : encode_(std::move(encode)), previous_(tls_audit) {
  tls_audit = this;
}

AuditScope::~AuditScope() { tls_audit = previous_; }

void AuditScope::Note(std::string note) {
  if (tls_audit != nullptr) tls_audit->notes_.push_back(std::move(note));
}

std::optional<std::string> AuditScope::TakeRecord() {
  if (tls_audit == nullptr) return std::nullopt;
  std::string record = tls_audit->encode_(tls_audit->notes_);
  tls_audit->notes_.clear();
  return record;
}

absl::Status Store::Write(WriteBatch& batch) {
  if (!secondary_of_.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("this integrad is a read replica of ", secondary_of_,
                     ": it refuses every write; send writes to the primary"));
  }
  if (read_only_) {
    return absl::FailedPreconditionError(
        absl::StrCat("data dir ", path_, " is open read-only: nothing can be written"));
  }
  if (batch.Count() > 0) {
    if (std::optional<std::string> audit = AuditScope::TakeRecord()) {
      batch.Put(Family::kAudit, KeyWriter().U64(++audit_sequence_).Take(), *audit);
    }
  }
  if (before_write_hook_) {
    absl::Status hook = before_write_hook_(batch);
    if (!hook.ok()) return hook;
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync_writes_;
  return WriteStatus(db_->Write(wo, batch.batch_.get()));
}

absl::Status Store::WriteStatus(const rocksdb::Status& s) const {
  if (s.IsNoSpace()) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "write refused: the disk holding data dir ", path_,
        " is full; nothing of this write was stored and earlier writes are kept. Free disk "
        "space, then restart integrad (RocksDB stops writing after a full disk). Detail: ",
        s.ToString()));
  }
  return FromRocks(s, "write");
}

absl::Status Store::CommitMigration(WriteBatch& batch, uint32_t version) {
  if (read_only_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "data dir ", path_, " (schema ", schema_version_,
        ") needs a migration, which a read-only open cannot do: open it with integrad first"));
  }
  if (version != schema_version_ + 1) {
    return absl::InvalidArgumentError(absl::StrCat("a migration goes from schema version ",
                                                   schema_version_, " to ", schema_version_ + 1,
                                                   ", not to ", version));
  }
  batch.Put(Family::kMeta, kSchemaVersionKey, std::to_string(version));
  rocksdb::WriteOptions wo;
  wo.sync = true;  // a migration is rare and rewrites much: make its end durable
  RETURN_IF_ERROR(WriteStatus(db_->Write(wo, batch.batch_.get())));
  schema_version_ = version;
  return absl::OkStatus();
}

absl::Status Store::View(Family family, std::string_view key,
                         absl::FunctionRef<absl::Status(std::optional<std::string_view>)> fn) const {
  if (handle(family) == nullptr) return fn(std::nullopt);
  rocksdb::ReadOptions ro;
  auto snapshot = ScopedSnapshot();
  ro.snapshot = Raw(snapshot);
  rocksdb::PinnableSlice value;
  rocksdb::Status s =
      db_->Get(ro, handle(family), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return fn(std::nullopt);
  if (!s.ok()) return FromRocks(s, "read");
  return fn(std::string_view(value.data(), value.size()));
}

absl::StatusOr<std::optional<std::string>> Store::Get(Family family, std::string_view key) const {
  if (handle(family) == nullptr) return std::optional<std::string>();
  std::string value;
  rocksdb::ReadOptions ro;
  auto snapshot = ScopedSnapshot();
  ro.snapshot = Raw(snapshot);
  rocksdb::Status s = db_->Get(ro, handle(family),
                               rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "read");
  return std::optional<std::string>(std::move(value));
}

absl::StatusOr<std::vector<std::optional<std::string>>> Store::MultiGet(
    Family family, const std::vector<std::string>& keys) const {
  if (handle(family) == nullptr) return std::vector<std::optional<std::string>>(keys.size());
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (const auto& k : keys) slices.emplace_back(k.data(), k.size());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  rocksdb::ReadOptions ro;
  auto snapshot = ScopedSnapshot();
  ro.snapshot = Raw(snapshot);
  db_->MultiGet(ro, handle(family), keys.size(), slices.data(), values.data(), statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocks(statuses[i], "multi-read");
    out[i] = values[i].ToString();
  }
  return out;
}

std::unique_ptr<Iterator> Store::NewIterator(Family family, std::string_view lower,
                                             std::string_view upper) const {
  std::unique_ptr<Iterator> out(new Iterator(nullptr, std::string(lower), std::string(upper)));
  rocksdb::ReadOptions ro;
  out->snapshot_ = ScopedSnapshot();
  ro.snapshot = Raw(out->snapshot_);
  if (!out->lower_.empty()) {
    out->lower_slice_ = std::make_unique<rocksdb::Slice>(out->lower_);
    ro.iterate_lower_bound = out->lower_slice_.get();
  }
  if (!out->upper_.empty()) {
    out->upper_slice_ = std::make_unique<rocksdb::Slice>(out->upper_);
    ro.iterate_upper_bound = out->upper_slice_.get();
  }
  out->it_.reset(handle(family) == nullptr ? rocksdb::NewEmptyIterator()
                                           : db_->NewIterator(ro, handle(family)));
  return out;
}

std::unique_ptr<Iterator> Store::NewPrefixIterator(Family family, std::string_view prefix) const {
  return NewIterator(family, prefix, PrefixSuccessor(prefix));
}

StoreStats Store::Stats() const {
  StoreStats stats;
  const auto& statistics = db_->GetDBOptions().statistics;
  if (statistics != nullptr) {
    stats.block_cache_hits = statistics->getTickerCount(rocksdb::BLOCK_CACHE_HIT);
    stats.block_cache_misses = statistics->getTickerCount(rocksdb::BLOCK_CACHE_MISS);
  }
  uint64_t v = 0;
  // Aggregated over every column family; the block cache is shared, so any one family's
  // figure is the cache's.
  if (db_->GetAggregatedIntProperty("rocksdb.estimate-pending-compaction-bytes", &v)) {
    stats.pending_compaction_bytes = v;
  }
  if (db_->GetAggregatedIntProperty("rocksdb.estimate-live-data-size", &v)) {
    stats.live_data_bytes = v;
  }
  if (db_->GetAggregatedIntProperty("rocksdb.total-sst-files-size", &v)) stats.sst_bytes = v;
  for (auto* h : handles_) {
    if (h == nullptr) continue;
    if (db_->GetIntProperty(h, "rocksdb.block-cache-usage", &v)) stats.block_cache_usage_bytes = v;
    if (db_->GetIntProperty(h, "rocksdb.block-cache-capacity", &v)) {
      stats.block_cache_capacity_bytes = v;
    }
    break;
  }
  return stats;
}

uint64_t Store::ApproximateDiskBytes() const {
  uint64_t total = 0;
  for (auto* h : handles_) {
    uint64_t v = 0;
    if (h != nullptr && db_->GetIntProperty(h, "rocksdb.total-sst-files-size", &v)) total += v;
  }
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(secondary_of_.empty() ? path_ : secondary_of_, ec)) {
    if (entry.path().extension() == ".log") total += entry.file_size(ec);
  }
  return total;
}

void Store::SetBeforeWriteHookForTesting(std::function<absl::Status(const WriteBatch&)> hook) {
  before_write_hook_ = std::move(hook);
}

}  // namespace integra::storage
