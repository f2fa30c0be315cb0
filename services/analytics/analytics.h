// Shared vocabulary of the monitoring analytics: figures that may be undefined (with the reason)
// and time series with gaps.
//
// The analytics (trends.h, targets.h, peer_stats.h, gaps.h, rollup.h, territorial.h) are pure
// functions over plain C++ values: no storage, no RPC. They never return NaN or infinity: a
// figure that is mathematically undefined for the given data comes back as an undefined Figure
// carrying a human-readable reason. absl::Status errors are reserved for malformed input
// (INVALID_ARGUMENT), absent keys (NOT_FOUND) and requests that cannot be answered at all
// (FAILED_PRECONDITION). Every definition is written down in docs/analytics.md.
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace integra::monitoring::analytics {

// A computed number, or why it is not defined (never NaN or infinity).
struct Figure {
  std::optional<double> value;
  std::string reason;  // empty when defined

  static Figure Of(double v) { return Figure{v, ""}; }
  static Figure Undefined(std::string why) { return Figure{std::nullopt, std::move(why)}; }
  bool defined() const { return value.has_value(); }
  bool operator==(const Figure&) const = default;
};

// One period of a series. `period` is a year (2021) or a period index; trends that need a time
// unit (CAGR) read it as years. A point without value is a gap: missing or suppressed. Keeping
// gaps as points (rather than dropping them) lets window functions see them.
struct SeriesPoint {
  double period = 0;
  std::optional<double> value;
  bool operator==(const SeriesPoint&) const = default;
};
using Series = std::vector<SeriesPoint>;

// OK iff every period is finite, periods are strictly increasing, and every present value is
// finite. InvalidArgument naming the first offending point otherwise. An empty series is valid.
absl::Status ValidateSeries(const Series& series);

// The points that carry a value, in order.
Series ObservedPoints(const Series& series);

// Figure::Of(v) if v is finite, else Undefined(why): the last line of defence against NaN.
Figure FiniteOr(double v, const std::string& why);

}  // namespace integra::monitoring::analytics
