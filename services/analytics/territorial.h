// Territorial conversion: values published on old boundaries (before mergers, splits or
// transfers of territory) converted to a chosen later boundary. Rules in docs/analytics.md
// ("Territorial conversion"):
//  - A change (predecessor P -> successor S, share w) says: the fraction w of P's population
//    (the weight) lies in S. A merger A+B->C is (A,C,1) and (B,C,1); a split D->E 60 %, F 40 %
//    is (D,E,0.6) and (D,F,0.4).
//  - Units that are not a predecessor keep their territory: they map to themselves with share 1
//    (so a unit C that absorbs A keeps its own value plus A's).
//  - Converted value of S = sum over its inputs of w * value(input). Only additive (SUM)
//    indicators can be converted this way; rates should be rebuilt from converted numerators
//    and denominators.
//  - A successor whose value cannot be converted (non-SUM indicator, a missing share, an input
//    without value or absent from the old values) is returned with an undefined value and the
//    reason; nothing is dropped silently. Unchanged units pass through for every aggregation.
// Chains of reforms: apply the conversion once per boundary change, oldest first.
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/aggregation.h"
#include "services/analytics/analytics.h"
#include "services/analytics/peer_stats.h"

namespace integra::monitoring::analytics {

struct BoundaryChange {
  std::string predecessor;
  std::string successor;
  std::optional<double> share;  // fraction of the predecessor's population in the successor
};

struct ConvertedValue {
  std::string unit_key;             // a unit on the chosen (new) boundaries
  Figure value;                     // undefined with the reason if not convertible
  bool changed = false;             // false: territory unchanged, value passed through
  std::vector<std::string> inputs;  // old units feeding this one (itself, if unchanged)
};

// Converts `old_values` (one period, old boundaries) along `changes`. Result: every successor
// and every unchanged unit of `old_values`, sorted by unit key; predecessors that are not also
// successors no longer exist and are not listed.
// InvalidArgument: duplicate unit keys in old_values, non-finite values, empty keys, a
// duplicate (predecessor, successor) pair, a share outside [0, 1], or a predecessor whose
// known shares add up to more than 1 (it would be counted more than once).
absl::StatusOr<std::vector<ConvertedValue>> ConvertToBoundaries(
    const CrossSection& old_values, const std::vector<BoundaryChange>& changes,
    AggregationKind aggregation);

}  // namespace integra::monitoring::analytics
