// How an indicator's values combine from member units into a higher-level unit (roll-up) and
// whether they can be converted across boundary changes.
//
// Shared by the indicator catalog (which persists it) and the analytics (rollup.h,
// territorial.h). Persisted enum: never renumber, only append.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace integra::monitoring {

enum class AggregationKind : uint8_t {
  kNone = 1,          // not aggregatable (e.g. a median income): roll-up is an error
  kSum = 2,           // counts: population, unemployed persons
  kRatio = 3,         // rates: sum of numerators / sum of denominators x factor
  kWeightedMean = 4,  // means weighted by a member weight (e.g. population)
};
inline constexpr AggregationKind kAllAggregationKinds[] = {
    AggregationKind::kNone, AggregationKind::kSum, AggregationKind::kRatio,
    AggregationKind::kWeightedMean};

// "none", "sum", "ratio", "weighted_mean".
std::string AggregationKindName(AggregationKind aggregation);
// Case-insensitive; InvalidArgument listing the valid names otherwise.
absl::StatusOr<AggregationKind> ParseAggregationKind(const std::string& name);

}  // namespace integra::monitoring
