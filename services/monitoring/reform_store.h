// ReformStore: territorial reforms (Gebietsreformen) as predecessor -> successor mappings with a
// population share, so series can be shown on a chosen boundary date (Gebietsstand).
//
// A reform takes effect on `effective_date`, the first day on the new boundaries. Each change
// (predecessor P, successor S, share w) says that the fraction w of P's population lies in S
// (territorial.h, docs/analytics.md "Territorial conversion"): a merger A + B -> C is (A, C, 1),
// (B, C, 1); a split D -> E 60 %, F 40 % is (D, E, 0.6), (D, F, 0.4); a unit that loses part of
// its territory is its own predecessor (G, G, 0.7), (G, H, 0.3). Predecessor and successor
// keys are registered units of one level; a new key (C) must be registered before the reform.
//
// Recording a reform ends the validity of every predecessor that is not also a successor
// (valid_to = the day before effective_date), in the same WriteBatch as the reform record
// (UnitStore::EndValidity): the old units keep their keys and their data, and drop out of
// peer sets of later periods.
//
// Storage: family `reforms`, key Str(effective_date) | Str(id) (chronological), value record
// version 1:
//   U8 version | Str description | U32 n | n x (Str predecessor | Str successor | Bool has_share
//   | F64 share) | StrList ended_units | I64 created_micros | Str created_by
// All reforms (few) are loaded at Open and kept in memory.
//
// Thread-safety: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/analytics/territorial.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"

namespace integra::monitoring {

struct Reform {
  std::string id;              // [a-z0-9][a-z0-9_.-]{0,63}, e.g. "nds-2016-goettingen"
  std::string effective_date;  // "YYYY-MM-DD", first day on the new boundaries
  std::string description;
  std::vector<analytics::BoundaryChange> changes;
  // Set by the store.
  std::vector<std::string> ended_units;  // predecessors whose validity the reform ended
  int64_t created_micros = 0;
  std::string created_by;
};

// Decodes one stored record of this family, key and value, as Open does (integrad verify).
// DataLoss / InvalidArgument naming what does not decode.
absl::Status CheckStoredReform(std::string_view key, std::string_view value);

class ReformStore {
 public:
  // Loads every reform. DataLoss if a record is unreadable. `units` and `clock` (creation
  // stamps) must outlive the store.
  static absl::StatusOr<std::unique_ptr<ReformStore>> Open(
      storage::Store* store, UnitStore* units, const common::Clock* clock = &common::SystemClock());
  // Reads the stored state again, replacing what was loaded at Open: on a read replica after
  // each catch-up with its primary (engine::Engine::CatchUp), which holds the store's write lock
  // (Internal without it). Errors of Open.
  absl::Status Refresh(const storage::WriteLock& lock);

  // Records a reform and ends the validity of the predecessors that vanish, atomically.
  // InvalidArgument: malformed id or date, no changes, malformed keys, predecessor and successor
  // of different levels, a share outside [0, 1], a duplicate pair, a predecessor whose shares
  // add up to more than 1, a predecessor no longer valid the day before the reform or a
  // successor not valid on its date. NotFound: a unit is not registered. AlreadyExists: the id
  // is taken.
  absl::StatusOr<Reform> Create(Reform reform, const std::string& actor);
  // Reforms in effective-date order; with a unit key only those naming it.
  absl::StatusOr<std::vector<Reform>> List(const std::string& unit_key) const;
  // Reforms with after < effective_date <= up_to (DayNumbers), oldest first: the boundary
  // changes between a value's reference date and a chosen Gebietsstand.
  std::vector<Reform> Between(int32_t after, int32_t up_to) const;

 private:
  ReformStore(storage::Store* store, UnitStore* units, const common::Clock* clock)
      : store_(store), units_(units), clock_(clock) {}

  storage::Store* store_;
  UnitStore* units_;
  const common::Clock* clock_;
  // Writers hold the Store's one write lock (storage::WriteLock).
  mutable std::shared_mutex mu_;
  std::vector<Reform> reforms_;  // by (effective_date, id)
};

}  // namespace integra::monitoring
