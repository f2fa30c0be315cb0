#include "services/analytics/trends.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace integra::monitoring::analytics {
namespace {

constexpr char kNeedTwoPoints[] = "needs at least 2 observed points";

LinearTrend FitObserved(const Series& observed) {
  LinearTrend fit;
  fit.points = static_cast<int>(observed.size());
  if (observed.size() < 2) {
    fit.slope = fit.intercept = fit.r_squared = Figure::Undefined(kNeedTwoPoints);
    return fit;
  }
  // Centred sums (two passes) keep precision when periods are years around 2000.
  const double n = static_cast<double>(observed.size());
  double sum_t = 0, sum_v = 0;
  bool constant = true;
  for (const SeriesPoint& p : observed) {
    sum_t += p.period;
    sum_v += *p.value;
    constant = constant && *p.value == *observed.front().value;
  }
  const double mean_t = sum_t / n;
  const double mean_v = constant ? *observed.front().value : sum_v / n;
  double stt = 0, stv = 0, svv = 0;
  for (const SeriesPoint& p : observed) {
    const double dt = p.period - mean_t;
    const double dv = *p.value - mean_v;
    stt += dt * dt;
    stv += dt * dv;
    svv += dv * dv;
  }
  fit.centroid_period = mean_t;
  fit.centroid_value = mean_v;
  // Periods are strictly increasing (ValidateSeries), so with 2+ points stt > 0.
  const double slope = constant ? 0.0 : stv / stt;
  fit.slope = FiniteOr(slope, "slope overflows");
  fit.intercept = FiniteOr(mean_v - slope * mean_t, "intercept overflows");
  if (constant) {
    fit.r_squared = Figure::Undefined("all observed values are equal: no variance to explain");
  } else {
    // Clamp: rounding can push a perfect fit a hair above 1.
    const double r2 = std::min(1.0, std::max(0.0, (stv * stv) / (stt * svv)));
    fit.r_squared = FiniteOr(r2, "r_squared overflows");
  }
  return fit;
}

}  // namespace

Figure RelativeChange(double from, double to) {
  if (!std::isfinite(from) || !std::isfinite(to)) {
    return Figure::Undefined("relative change needs finite values");
  }
  if (from == 0) return Figure::Undefined("relative change from 0 is not defined");
  return FiniteOr((to - from) / std::fabs(from), "relative change overflows");
}

Figure Cagr(double start_period, double start_value, double end_period, double end_value) {
  if (!std::isfinite(start_period) || !std::isfinite(end_period) || !std::isfinite(start_value) ||
      !std::isfinite(end_value)) {
    return Figure::Undefined("CAGR needs finite periods and values");
  }
  if (!(end_period > start_period)) {
    return Figure::Undefined("CAGR needs an end period after the start period");
  }
  if (!(start_value > 0)) {
    return Figure::Undefined(absl::StrCat("CAGR needs a positive start value, got ", start_value));
  }
  if (!(end_value > 0)) {
    return Figure::Undefined(absl::StrCat("CAGR needs a positive end value, got ", end_value));
  }
  const double years = end_period - start_period;
  return FiniteOr(std::pow(end_value / start_value, 1.0 / years) - 1.0, "CAGR overflows");
}

Figure LinearTrend::ValueAt(double period) const {
  if (!slope.defined()) return Figure::Undefined(slope.reason);
  if (!std::isfinite(period)) return Figure::Undefined("period is not finite");
  return FiniteOr(centroid_value + *slope.value * (period - centroid_period),
                  "projection overflows");
}

absl::StatusOr<LinearTrend> FitLinearTrend(const Series& series) {
  RETURN_IF_ERROR(ValidateSeries(series));
  return FitObserved(ObservedPoints(series));
}

absl::StatusOr<Series> MovingAverage(const Series& series, const MovingAverageOptions& options) {
  RETURN_IF_ERROR(ValidateSeries(series));
  const int k = options.window;
  if (k < 1) {
    return absl::InvalidArgumentError(absl::StrCat("moving average window must be >= 1, got ", k));
  }
  if (options.min_observed < 0 || options.min_observed > k) {
    return absl::InvalidArgumentError(absl::StrCat(
        "min_observed must be between 0 and the window (", k, "), got ", options.min_observed));
  }
  const int need = options.min_observed == 0 ? k : options.min_observed;
  Series out(series.size());
  // Direct sums per window: O(n*k), exact (no drift from running add/subtract), and series
  // are short (annual data since 1995).
  for (size_t i = 0; i < series.size(); ++i) {
    out[i].period = series[i].period;
    if (i + 1 < static_cast<size_t>(k)) continue;  // window would reach before the series
    double sum = 0;
    int count = 0;
    for (size_t j = i + 1 - k; j <= i; ++j) {
      if (series[j].value) {
        sum += *series[j].value;
        ++count;
      }
    }
    if (count >= need && std::isfinite(sum / count)) out[i].value = sum / count;
  }
  return out;
}

absl::StatusOr<TrendSummary> SummarizeTrend(const Series& series) {
  RETURN_IF_ERROR(ValidateSeries(series));
  const Series observed = ObservedPoints(series);
  TrendSummary s;
  s.points = static_cast<int>(series.size());
  s.observed_points = static_cast<int>(observed.size());
  s.linear = FitObserved(observed);
  if (observed.empty()) {
    s.absolute_change = s.relative_change = s.cagr = Figure::Undefined(kNeedTwoPoints);
    return s;
  }
  s.first = observed.front();
  s.last = observed.back();
  if (observed.size() < 2) {
    s.absolute_change = s.relative_change = s.cagr = Figure::Undefined(kNeedTwoPoints);
    return s;
  }
  const double a = *s.first->value, b = *s.last->value;
  s.absolute_change = FiniteOr(b - a, "absolute change overflows");
  s.relative_change = RelativeChange(a, b);
  s.cagr = Cagr(s.first->period, a, s.last->period, b);
  return s;
}

}  // namespace integra::monitoring::analytics
