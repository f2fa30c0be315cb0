#include "services/analytics/analytics.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace integra::monitoring::analytics {

absl::Status ValidateSeries(const Series& series) {
  for (size_t i = 0; i < series.size(); ++i) {
    const SeriesPoint& p = series[i];
    if (!std::isfinite(p.period)) {
      return absl::InvalidArgumentError(absl::StrCat("series point ", i, ": period is not finite"));
    }
    if (p.value.has_value() && !std::isfinite(*p.value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("series point ", i, " (period ", p.period,
                       "): value is not finite; represent missing values as absent"));
    }
    if (i > 0 && !(series[i - 1].period < p.period)) {
      return absl::InvalidArgumentError(absl::StrCat("series point ", i,
                                                     ": periods must be strictly increasing, got ",
                                                     series[i - 1].period, " then ", p.period));
    }
  }
  return absl::OkStatus();
}

Series ObservedPoints(const Series& series) {
  Series out;
  out.reserve(series.size());
  for (const SeriesPoint& p : series) {
    if (p.value.has_value()) out.push_back(p);
  }
  return out;
}

Figure FiniteOr(double v, const std::string& why) {
  return std::isfinite(v) ? Figure::Of(v) : Figure::Undefined(why);
}

}  // namespace integra::monitoring::analytics
