// Gap indicators: a derived series comparing two breakdowns of one indicator, e.g. the
// unemployment rate of foreign nationals minus that of Germans. Parity is the natural target:
// difference 0, ratio 1. Definitions in docs/analytics.md ("Gap indicators").
//
// To track a gap against parity, feed GapAsSeries(...) to trends.h, or to AssessTarget
// (targets.h) with Polarity::kNeutral and target_value = ParityValue(kind).
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/analytics.h"

namespace integra::monitoring::analytics {

// Persisted with a gap indicator's definition: never renumber, only append.
enum class GapKind : uint8_t {
  kDifference = 1,  // focus - reference
  kRatio = 2,       // focus / reference
};
// "difference", "ratio".
std::string GapKindName(GapKind kind);
// Case-insensitive; InvalidArgument listing the valid names otherwise.
absl::StatusOr<GapKind> ParseGapKind(const std::string& name);
// 0 for a difference, 1 for a ratio.
double ParityValue(GapKind kind);

struct GapPoint {
  double period = 0;
  std::optional<double> focus;      // e.g. foreign nationals
  std::optional<double> reference;  // e.g. Germans
  Figure gap;                       // undefined with the reason when not computable
};

// Aligns the two series by period (the union of both series' periods, ascending) and computes
// the gap where both values are present. A period where either side is missing (a gap point or
// absent from that series) yields an undefined gap naming the missing side; a ratio with a
// reference value of 0 is undefined ("reference value is 0"). Nothing is dropped silently.
// InvalidArgument if either series fails ValidateSeries.
absl::StatusOr<std::vector<GapPoint>> ComputeGapSeries(const Series& focus, const Series& reference,
                                                       GapKind kind);

// The gap as a plain series (undefined gaps become gap points) for trends and targets.
Series GapAsSeries(const std::vector<GapPoint>& gaps);

}  // namespace integra::monitoring::analytics
