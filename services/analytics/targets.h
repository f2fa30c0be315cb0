// Target tracking: is a unit on course to reach an indicator's target by the target period?
//
// The rule (also in docs/analytics.md, "Targets"; keep both in step). Let L be the latest
// observed value (period tL), T the target value, tT the target period, tol the tolerance and
// P the OLS projection (trends.h) of the series to tT. "Meets" means: higher_is_better v >= T,
// lower_is_better v <= T, neutral |v - T| <= tol. "Within tolerance" means |v - T| <= tol.
//   1. No observed value                                   -> UNKNOWN
//   2. L meets the target                                  -> ON_TRACK  (already met)
//   3. tT <= tL (target period reached, not met)           -> AT_RISK if L within tolerance,
//                                                             else OFF_TRACK
//   4. Fewer than 2 observed points (no trend)             -> AT_RISK if L within tolerance,
//                                                             else UNKNOWN
//   5. P meets the target                                  -> ON_TRACK
//   6. L within tolerance, or P within tolerance, or the projection covers at least
//      `at_risk_share` (default 50 %) of the needed change -> AT_RISK
//   7. otherwise                                           -> OFF_TRACK
// "Covers share s of the needed change": directional: sign*(P - L) >= s * sign*(T - L) with
// sign +1 (higher is better) / -1 (lower is better), i.e. the projection moves in the good
// direction by at least s of the remaining gap; neutral: |P - T| <= (1 - s) * |L - T|, i.e. the
// projection closes at least s of the distance (overshooting counts as distance).
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/analytics/analytics.h"
#include "services/analytics/polarity.h"
#include "services/analytics/trends.h"

namespace integra::monitoring::analytics {

// Persisted and sent over the API: never renumber, only append.
enum class TargetStatus : uint8_t {
  kUnknown = 0,
  kOnTrack = 1,
  kAtRisk = 2,
  kOffTrack = 3,
};
// "unknown", "on_track", "at_risk", "off_track".
std::string TargetStatusName(TargetStatus status);

struct Target {
  double target_period = 0;  // e.g. 2030
  double target_value = 0;
  // Reference point for progress reporting; defaults to the first observed point.
  std::optional<double> baseline_period;
  std::optional<double> baseline_value;
  double tolerance = 0;  // absolute, in the indicator's unit; >= 0
};

struct TargetOptions {
  double at_risk_share = 0.5;  // rule 6; in (0, 1]
  // Fit the projection to the last `trend_points` observed points (0 = all). Long histories
  // (1995-2022) otherwise let old behaviour dominate the projection.
  int trend_points = 0;
};

struct TargetAssessment {
  TargetStatus status = TargetStatus::kUnknown;
  std::string reason;                 // which rule decided, in words
  std::optional<SeriesPoint> latest;  // latest observed point
  Figure projected_value;             // P, the trend's value at the target period
  Figure needed_change;               // T - L (signed, raw units)
  Figure projected_change;            // P - L (signed, raw units)
  // (L - B) / (T - B) for baseline B: 0 = at baseline, 1 = target reached; may be negative or
  // above 1. Undefined when T == B or there is no baseline.
  Figure progress;
  LinearTrend trend;  // the fit behind P
};

// Applies the rule above to `series` (one unit, one indicator).
// InvalidArgument: invalid series, non-finite target fields, negative tolerance, at_risk_share
// outside (0, 1], negative trend_points, or a baseline with only one of period/value set.
absl::StatusOr<TargetAssessment> AssessTarget(const Series& series, const Target& target,
                                              Polarity polarity, const TargetOptions& options = {});

}  // namespace integra::monitoring::analytics
