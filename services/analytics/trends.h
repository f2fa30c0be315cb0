// Trends over one unit's time series: change first -> last, CAGR, least-squares line, moving
// average. Definitions in docs/analytics.md ("Trends").
//
// Gaps (points without value) are skipped by every trend except the moving average, which sees
// them through its window: "first" and "last" mean the first and last OBSERVED points, the OLS
// line is fitted to observed points only. Series must pass ValidateSeries (analytics.h), else
// InvalidArgument. Nothing here returns NaN: undefined figures carry their reason.
// All functions are pure and thread-safe.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "services/analytics/analytics.h"

namespace integra::monitoring::analytics {

// (to - from) / |from|: a fraction (0.1 = +10 %). Dividing by |from| keeps the sign meaning
// "went up" for negative bases. Undefined when from == 0 or an input is not finite.
Figure RelativeChange(double from, double to);

// Compound annual growth rate (end/start)^(1/(end_period - start_period)) - 1, as a fraction;
// periods are read as years. Defined only for start_value > 0, end_value > 0 and
// end_period > start_period (a growth rate between values of different sign or from zero has no
// meaning); otherwise Undefined with the violated condition as reason.
// Example: 100 -> 121 over two years gives 0.10.
Figure Cagr(double start_period, double start_value, double end_period, double end_value);

// Ordinary least squares line value = intercept + slope * period over the observed points.
struct LinearTrend {
  int points = 0;    // observed points used
  Figure slope;      // change per period unit (per year for annual series)
  Figure intercept;  // value at period 0 (for years: an extrapolation to year 0)
  Figure r_squared;  // share of variance explained, in [0, 1]
  // The line's value at `period`; undefined (same reason as slope) when no line exists.
  // Computed around the points' centroid, so it stays exact for year-valued periods.
  Figure ValueAt(double period) const;

  double centroid_period = 0;  // mean period of the points used
  double centroid_value = 0;   // mean value of the points used (the line passes through both)
};

// Fits the observed points of `series`. Fewer than 2 observed points: slope, intercept and
// r_squared undefined ("needs at least 2 observed points"). All observed values equal: slope 0,
// intercept = that value, r_squared undefined (no variance to explain). Exactly 2 points give
// r_squared 1. InvalidArgument if the series fails ValidateSeries.
absl::StatusOr<LinearTrend> FitLinearTrend(const Series& series);

struct MovingAverageOptions {
  int window = 3;        // k >= 1 consecutive series points, ending at the current one
  int min_observed = 0;  // observed values required in a window; 0 means "all k" (default)
};

// Trailing moving average. Output point i has the period of input point i and the mean of the
// observed values among input points i-k+1 .. i, provided the window lies fully inside the
// series (no shrinking windows at the start: the first k-1 points are gaps) and holds at least
// `min_observed` observed values; otherwise it is a gap. The window counts series points, so
// a regular series must spell out missing periods as gap points.
// InvalidArgument for a window < 1, min_observed outside 0..k, or an invalid series.
absl::StatusOr<Series> MovingAverage(const Series& series, const MovingAverageOptions& options);

// Everything a trend view shows, in one pass.
struct TrendSummary {
  int points = 0;                    // series points, gaps included
  int observed_points = 0;           // points with a value
  std::optional<SeriesPoint> first;  // first observed point
  std::optional<SeriesPoint> last;   // last observed point
  Figure absolute_change;            // last - first (undefined with < 2 observed points)
  Figure relative_change;            // RelativeChange(first, last)
  Figure cagr;                       // Cagr(first, last)
  LinearTrend linear;
};
absl::StatusOr<TrendSummary> SummarizeTrend(const Series& series);

}  // namespace integra::monitoring::analytics
