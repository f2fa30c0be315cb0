#include "services/analytics/targets.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace integra::monitoring::analytics {
namespace {

absl::Status ValidateTarget(const Target& t, const TargetOptions& o) {
  if (!std::isfinite(t.target_period) || !std::isfinite(t.target_value)) {
    return absl::InvalidArgumentError("target period and value must be finite");
  }
  if (!std::isfinite(t.tolerance) || t.tolerance < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("target tolerance must be finite and >= 0, got ", t.tolerance));
  }
  if (t.baseline_period.has_value() != t.baseline_value.has_value()) {
    return absl::InvalidArgumentError("baseline needs both period and value, or neither");
  }
  if (t.baseline_value &&
      (!std::isfinite(*t.baseline_value) || !std::isfinite(*t.baseline_period))) {
    return absl::InvalidArgumentError("baseline period and value must be finite");
  }
  if (!(o.at_risk_share > 0 && o.at_risk_share <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("at_risk_share must be in (0, 1], got ", o.at_risk_share));
  }
  if (o.trend_points < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("trend_points must be >= 0, got ", o.trend_points));
  }
  return absl::OkStatus();
}

TargetAssessment Decide(TargetAssessment a, TargetStatus status, std::string reason) {
  a.status = status;
  a.reason = std::move(reason);
  return a;
}

}  // namespace

std::string TargetStatusName(TargetStatus status) {
  switch (status) {
    case TargetStatus::kUnknown:
      return "unknown";
    case TargetStatus::kOnTrack:
      return "on_track";
    case TargetStatus::kAtRisk:
      return "at_risk";
    case TargetStatus::kOffTrack:
      return "off_track";
  }
  return "unknown";
}

absl::StatusOr<TargetAssessment> AssessTarget(const Series& series, const Target& target,
                                              Polarity polarity, const TargetOptions& options) {
  RETURN_IF_ERROR(ValidateSeries(series));
  RETURN_IF_ERROR(ValidateTarget(target, options));
  Series observed = ObservedPoints(series);
  if (options.trend_points > 0 && observed.size() > static_cast<size_t>(options.trend_points)) {
    observed.erase(observed.begin(), observed.end() - options.trend_points);
  }
  // The fit (FitLinearTrend) re-validates; `observed` is a valid series by construction.
  ASSIGN_OR_RETURN(LinearTrend trend, FitLinearTrend(observed));

  TargetAssessment a;
  a.trend = trend;
  if (observed.empty()) {
    a.projected_value = a.needed_change = a.projected_change = a.progress =
        Figure::Undefined("no observed value");
    return Decide(std::move(a), TargetStatus::kUnknown, "no observed value");
  }
  const SeriesPoint latest = observed.back();
  const double L = *latest.value, T = target.target_value, tol = target.tolerance;
  a.latest = latest;
  a.needed_change = FiniteOr(T - L, "needed change overflows");
  a.projected_value = trend.ValueAt(target.target_period);
  a.projected_change = a.projected_value.defined()
                           ? FiniteOr(*a.projected_value.value - L, "projected change overflows")
                           : Figure::Undefined(a.projected_value.reason);
  // Progress from the baseline (explicit, else the first observed point of the whole series).
  const double B =
      target.baseline_value ? *target.baseline_value : *ObservedPoints(series).front().value;
  a.progress = T == B ? Figure::Undefined("target equals baseline: no change needed")
                      : FiniteOr((L - B) / (T - B), "progress overflows");

  const int sign = PolaritySign(polarity);
  auto within = [&](double v) { return std::fabs(v - T) <= tol; };
  auto meets = [&](double v) { return sign == 0 ? within(v) : sign * (v - T) >= 0; };

  if (meets(L)) {
    return Decide(std::move(a), TargetStatus::kOnTrack, "target already met at latest value");
  }
  if (target.target_period <= latest.period) {
    return within(L) ? Decide(std::move(a), TargetStatus::kAtRisk,
                              "target period reached; latest value within tolerance")
                     : Decide(std::move(a), TargetStatus::kOffTrack,
                              "target period reached without meeting the target");
  }
  if (!a.projected_value.defined()) {
    return within(L) ? Decide(std::move(a), TargetStatus::kAtRisk,
                              "latest value within tolerance; too few points for a trend")
                     : Decide(std::move(a), TargetStatus::kUnknown,
                              "too few observed points for a trend (needs at least 2)");
  }
  const double P = *a.projected_value.value;
  if (meets(P)) {
    return Decide(std::move(a), TargetStatus::kOnTrack, "projected trend reaches the target");
  }
  if (within(L)) {
    return Decide(std::move(a), TargetStatus::kAtRisk, "latest value within tolerance");
  }
  if (within(P)) {
    return Decide(std::move(a), TargetStatus::kAtRisk, "projected value within tolerance");
  }
  const double s = options.at_risk_share;
  const bool covers = sign == 0 ? std::fabs(P - T) <= (1 - s) * std::fabs(L - T)
                                : sign * (P - L) >= s * sign * (T - L);
  if (covers) {
    return Decide(std::move(a), TargetStatus::kAtRisk,
                  absl::StrCat("projection covers at least ", s * 100, " % of the needed change"));
  }
  return Decide(std::move(a), TargetStatus::kOffTrack,
                absl::StrCat("projection covers less than ", s * 100, " % of the needed change"));
}

}  // namespace integra::monitoring::analytics
