// UnitStore: the persisted register of territorial units, mirrored in memory.
//
// Storage: family `units`, key = the canonical unit key bytes (see monitoring_keys.h), value =
// unit record (format version 3; field order in unit_store.cc; versions 1 and 2 still read). The
// whole register (~11,400 units, a few MB) is loaded at Open and kept in memory, so the observation
// write path checks units without touching RocksDB and listing with filters is a walk over an
// ordered map.
//
// Referential rule: a unit's parent (units.h ParentKey) must be registered, or be part of the
// same batch; the Bund "DG" is created implicitly when a Land is stored without it. Units are
// never deleted: a unit that ceases to exist in a territorial reform gets a valid_to (see
// EndValidity and reform_store.h) and keeps its data.
//
// Every change bumps generation(), so in-memory indexes built over the register (peer groups,
// peer_groups.h) can tell cheaply whether they are stale.
//
// Thread-safety: thread-safe. Writers are serialised; readers share a lock and never wait on
// RocksDB writes for longer than the in-memory update.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "absl/status/statusor.h"
#include "services/monitoring/register_snapshot.h"
#include "services/monitoring/row_rejection.h"
#include "services/monitoring/units.h"
#include "storage/store.h"

namespace integra::monitoring {

// Decodes one stored record of this family, key and value, as Open does (integrad verify).
// DataLoss / InvalidArgument naming what does not decode.
absl::Status CheckStoredUnit(std::string_view key, std::string_view value);

struct UnitBatchResult {
  bool applied = false;  // false: at least one row was rejected and nothing was written
  int upserted = 0;      // units created or changed (including an implicitly created Bund)
  int unchanged = 0;     // units identical to the stored ones (not rewritten)
  std::vector<RowRejection> rejected;  // index = position in the batch
};

struct UnitFilter {
  std::string parent_key;  // direct children of this unit ("" = any)
  std::optional<UnitType> type;
  std::optional<SizeClass> size_class;
  std::optional<UnitLevel> level;
  std::optional<Degurba> degurba;
};

struct UnitPage {
  std::vector<Unit> units;
  std::string next_page_token;  // empty when there are no more units
};

class UnitStore {
 public:
  // Loads every stored unit. DataLoss if a stored record is unreadable.
  static absl::StatusOr<std::unique_ptr<UnitStore>> Open(storage::Store* store);
  // Reads the stored state again, replacing what was loaded at Open: on a read replica after
  // each catch-up with its primary (engine::Engine::CatchUp), which holds the store's write lock
  // (Internal without it). Errors of Open. Moves generation().
  absl::Status Refresh(const storage::WriteLock& lock);

  // Creates or replaces one unit. InvalidArgument (see NormalizeUnit), FailedPrecondition if the
  // parent unit is not registered. Returns the stored (canonical) unit.
  absl::StatusOr<Unit> Upsert(Unit unit);

  // Creates or replaces many units atomically: if any row is invalid, nothing is written and
  // every rejected row is reported (applied = false). Error status only for storage failures.
  // `complete` (may be empty) is called under the write lock for every unit that is already
  // stored, with the stored record, before the batch is checked: what a file does not carry is
  // taken from the record the write replaces (no other write can come between).
  using Completion = std::function<void(const Unit& stored, Unit& unit)>;
  absl::StatusOr<UnitBatchResult> UpsertBatch(std::vector<Unit> units,
                                              const Completion& complete = nullptr);
  // UpsertBatch in two steps, for a write that joins units with other stores' changes in one
  // WriteBatch (register_edition.h): StageBatch checks `units` as UpsertBatch does and, if no
  // row is rejected, adds the changed units (and an implicitly created Bund) to `batch`;
  // after the caller has written `batch`, CommitStaged makes them visible. The caller holds
  // `write_lock` (the Store's write lock) across both: Internal otherwise. A staged batch that
  // is never committed (the write failed) leaves the store as it was.
  struct StagedBatch {
    UnitBatchResult result;     // applied = true once staged without rejections
    std::vector<Unit> changed;  // canonical units to put in memory after the write
  };
  absl::StatusOr<StagedBatch> StageBatch(const storage::WriteLock& write_lock,
                                         std::vector<Unit> units, storage::WriteBatch& batch) const;
  absl::Status CommitStaged(const storage::WriteLock& write_lock, StagedBatch staged);
  // Checks a batch exactly as UpsertBatch would and writes nothing: the rejected rows, and
  // `upserted` / `unchanged` as they would be (the implicit Bund not counted). applied = false.
  UnitBatchResult ValidateBatch(std::vector<Unit> units,
                                const Completion& complete = nullptr) const;

  // InvalidArgument for a malformed key, NotFound if not registered.
  absl::StatusOr<Unit> Get(const std::string& key) const;

  // Units in key order matching `filter`. page_size 0 means 100; max 1000. InvalidArgument for a
  // malformed parent key or page token.
  absl::StatusOr<UnitPage> List(const UnitFilter& filter, int page_size,
                                const std::string& page_token) const;

  // Sets valid_to = `last_day` on the units `keys` and writes them together with whatever
  // `batch` already holds (a territorial reform's record), atomically: all or nothing.
  // NotFound for an unregistered key; InvalidArgument for a malformed date or one before a
  // unit's valid_from. The caller holds `write_lock` (the Store's write lock, Internal if not),
  // so no concurrent unit change is lost between its checks and this write.
  absl::Status EndValidity(const storage::WriteLock& write_lock,
                           const std::vector<std::string>& keys, const std::string& last_day,
                           storage::WriteBatch batch);

  // Every unit in key order, and the generation it belongs to (for cache builders).
  std::vector<Unit> Snapshot(uint64_t* generation) const;
  // Incremented by every write that changes a unit. Lock-free.
  uint64_t generation() const { return generation_.load(); }
  // The register indexed for bulk reads (register_snapshot.h), built once per generation and
  // shared by every caller until the next unit write.
  std::shared_ptr<const RegisterSnapshot> Register() const;

  // Whether a unit with this code (UnitCodeOf) is registered. Lock-shared, no I/O.
  bool ContainsCode(uint32_t code) const;
  size_t size() const;
  // Registered units of one level (ended ones included: their values stay stored). Lock-shared.
  size_t CountAtLevel(UnitLevel level) const;

 private:
  explicit UnitStore(storage::Store* store) : store_(store) {}
  // Validates `units` against the register plus the batch itself; fills result.rejected.
  void Check(std::vector<Unit>& units, UnitBatchResult& result) const;

  storage::Store* store_;
  // Writers hold the Store's one write lock (storage::WriteLock).
  mutable std::shared_mutex mu_;  // guards units_ and codes_
  std::map<std::string, Unit> units_;
  std::unordered_set<uint32_t> codes_;
  std::array<size_t, 8> level_counts_{};  // by UnitLevel value; units are never removed
  std::atomic<uint64_t> generation_{1};
  mutable std::mutex register_mu_;  // guards register_ (the snapshot of the last generation)
  mutable std::shared_ptr<const RegisterSnapshot> register_;
};

}  // namespace integra::monitoring
