// TargetStore: targets per (indicator, unit, breakdown, target period), e.g. "Ausländer-
// arbeitslosenquote in Kiel 2030: 8 %". Whether a unit is on track is computed on read from its
// series (monitoring_queries.h TargetStatus, rule in docs/analytics.md "Targets").
//
// Storage: family `targets`, key
//   U32 indicator id | BD | U32 unit code | P target period
// (components as in monitoring_keys.h), so an indicator's targets are one prefix (deleted with
// the indicator, see ObservationStore::DeleteIndicator) and a unit's targets sit together.
// Value, record version 1:
//   U8 version | F64 target_value | Str baseline_period | Bool has_baseline_value |
//   F64 baseline_value | F64 tolerance | U32 trend_points | Str note | I64 updated_micros |
//   Str updated_by
//
// Thread-safety: thread-safe (writers serialised; readers use RocksDB iterators).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/indicators.h"
#include "services/monitoring/row_rejection.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"

namespace integra::monitoring {

// Names one target.
struct TargetRef {
  std::string indicator_code;
  std::string unit_key;
  Breakdown breakdown;  // empty = total
  std::string target_period;
};

struct IndicatorTarget {
  TargetRef ref;
  double target_value = 0;
  // Reference point for progress: "" = the first observed point. A period without a value
  // takes the observed value of that period when assessed.
  std::string baseline_period;
  std::optional<double> baseline_value;
  double tolerance = 0;  // absolute, in the indicator's unit; >= 0
  int trend_points = 0;  // fit the projection to the last k observed points (0 = all, else >= 2)
  std::string note;      // e.g. the council decision the target comes from
  // Set by the store.
  int64_t updated_micros = 0;
  std::string updated_by;
};

// Decodes one stored target record's value (integrad verify; its key's breakdown decodes only
// with the indicator). DataLoss naming what does not decode.
absl::Status CheckStoredTarget(std::string_view value);

struct TargetBatchResult {
  bool applied = false;  // false: validate_only, or rows were rejected and nothing was written
  int changed = 0;       // targets created or changed (or that would be)
  int unchanged = 0;     // equal to the stored target (all fields but the update stamp)
  std::vector<RowRejection> rejected;  // index = position in the batch
};

class TargetStore {
 public:
  // The unit store, catalog and clock (update stamps) must outlive the target store.
  TargetStore(storage::Store* store, const UnitStore* units, const IndicatorCatalog* catalog,
              const common::Clock* clock = &common::SystemClock())
      : store_(store), units_(units), catalog_(catalog), clock_(clock) {}

  // Creates or replaces a target; returns it canonicalised (unit key, period text).
  // InvalidArgument (malformed key/period/breakdown, period not of the indicator's periodicity,
  // non-finite value, negative tolerance, trend_points 1 or negative, baseline period not before
  // the target period, a percent target outside 0-100), NotFound (indicator or unit unknown).
  absl::StatusOr<IndicatorTarget> Set(IndicatorTarget target, const std::string& actor);
  // Creates or replaces many targets (a target file) in one write: each is checked as Set
  // checks it (rejections name the field at fault, see row_rejection.h), a target named twice
  // is refused, and if any is rejected nothing is written. Targets equal to the stored ones are
  // unchanged and not rewritten, so importing a file again changes nothing. With validate_only
  // nothing is written. Error status only for storage failures.
  absl::StatusOr<TargetBatchResult> SetBatch(std::vector<IndicatorTarget> targets,
                                             const std::string& actor, bool validate_only);
  // InvalidArgument as Set; NotFound if there is no such target.
  absl::StatusOr<IndicatorTarget> Get(const TargetRef& ref) const;
  // Targets in key order (indicator id, breakdown, unit, period), filtered by indicator code
  // and/or unit key ("" = any). InvalidArgument / NotFound for a malformed or unknown filter.
  absl::StatusOr<std::vector<IndicatorTarget>> List(const std::string& indicator_code,
                                                    const std::string& unit_key) const;
  // NotFound if there is no such target.
  absl::Status Delete(const TargetRef& ref);

 private:
  struct Resolved {
    std::shared_ptr<const Indicator> indicator;
    std::string key;
    TargetRef canonical;
  };
  absl::StatusOr<Resolved> Resolve(const TargetRef& ref) const;
  // Set's checks; canonicalises `t` (ref, baseline period) and returns its storage key.
  absl::StatusOr<std::string> Check(IndicatorTarget& t) const;

  storage::Store* store_;
  const UnitStore* units_;
  const IndicatorCatalog* catalog_;
  const common::Clock* clock_;
  // Writers hold the Store's one write lock (storage::WriteLock).
};

}  // namespace integra::monitoring
