#include "services/analytics/peer_stats.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace integra::monitoring::analytics {
namespace {

// One validating pass over a cross-section: the values present, in no particular order (the
// statistics select order statistics instead of sorting: O(n)).
struct Collected {
  std::vector<double> values;
  int missing = 0;
  const PeerValue* unit = nullptr;  // the entry for the requested unit, if asked and present
};

// Counts a missing value or appends a finite one to c.values; `name` names the peer in errors.
template <typename Name>
absl::Status Add(Collected& c, const std::optional<double>& value, Name&& name) {
  if (!value.has_value()) {
    ++c.missing;
    return absl::OkStatus();
  }
  if (!std::isfinite(*value)) {
    return absl::InvalidArgumentError(absl::StrCat(name(), ": value is not finite"));
  }
  c.values.push_back(*value);
  return absl::OkStatus();
}

absl::StatusOr<Collected> Collect(const CrossSection& peers, const std::string* unit_key) {
  Collected c;
  c.values.reserve(peers.size());
  std::unordered_set<std::string_view> seen;
  seen.reserve(peers.size());
  for (const PeerValue& p : peers) {
    if (!seen.insert(p.unit_key).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit '", p.unit_key, "' appears twice in the cross-section"));
    }
    if (unit_key != nullptr && p.unit_key == *unit_key) c.unit = &p;
    RETURN_IF_ERROR(Add(c, p.value, [&] { return absl::StrCat("unit '", p.unit_key, "'"); }));
  }
  return c;
}

// Quantiles by selection, with QuantileOfSorted's definition (linear interpolation between the
// order statistics at floor(h) and floor(h) + 1, h = (n - 1) p): the median is selected over all
// values, q1 among those left of it and q3 among those right of it, so the three cost about two
// passes instead of a sort. Permutes `v` (non-empty).
struct Quartiles {
  double q1, median, q3;
};
Quartiles SelectQuartiles(std::vector<double>& v) {
  const size_t n = v.size();
  auto rank_of = [n](double p, double* frac) {
    const double h = (static_cast<double>(n) - 1) * p;
    const size_t lo = static_cast<size_t>(std::floor(h));
    *frac = h - static_cast<double>(lo);
    return lo;
  };
  // The quantile whose lower order statistic v[lo] is in place and whose upper one is the
  // smallest value of [lo + 1, end) (every value there is >= v[lo]).
  auto interpolate = [&](size_t lo, double frac, size_t end) {
    if (frac == 0 || lo + 1 >= n) return v[lo];  // exact order statistic, as QuantileOfSorted
    const double hi = *std::min_element(v.begin() + lo + 1, v.begin() + end);
    return v[lo] + frac * (hi - v[lo]);
  };
  double f1 = 0, fm = 0, f3 = 0;
  const size_t l1 = rank_of(0.25, &f1), lm = rank_of(0.5, &fm), l3 = rank_of(0.75, &f3);
  std::nth_element(v.begin(), v.begin() + lm, v.end());
  Quartiles q;
  q.median = interpolate(lm, fm, n);
  // Left of lm: values <= v[lm]; the upper neighbour of l1 < lm is within [l1 + 1, lm].
  if (l1 < lm) std::nth_element(v.begin(), v.begin() + l1, v.begin() + lm);
  q.q1 = interpolate(l1, f1, l1 < lm ? lm + 1 : n);
  // Right of lm: values >= v[lm].
  if (l3 > lm) std::nth_element(v.begin() + lm + 1, v.begin() + l3, v.end());
  q.q3 = interpolate(l3, f3, n);
  return q;
}

// The distribution of `values` (non-empty; permuted).
PeerDistribution Describe(std::vector<double>& values, int missing) {
  PeerDistribution d;
  d.n = static_cast<int>(values.size());
  d.missing = missing;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  d.min = *lo;
  d.max = *hi;
  double sum = 0;
  for (double v : values) sum += v;
  const Quartiles q = SelectQuartiles(values);
  d.q1 = q.q1;
  d.median = q.median;
  d.q3 = q.q3;
  d.mean = sum / d.n;
  if (!std::isfinite(d.mean)) {  // the sum of huge finite values overflowed: scale first
    d.mean = 0;
    for (double v : values) d.mean += v / d.n;
  }
  if (d.n < 2) {
    d.sd = Figure::Undefined("standard deviation needs at least 2 peers with a value");
  } else {
    double ss = 0;  // two-pass: numerically stable for large means
    for (double v : values) ss += (v - d.mean) * (v - d.mean);
    d.sd = FiniteOr(std::sqrt(ss / (d.n - 1)), "standard deviation overflows");
  }
  return d;
}

Figure MidRankPercentile(int worse, int tied, int n) {
  if (n < 2) return Figure::Undefined("percentile needs at least one other peer with a value");
  return Figure::Of(100.0 * (worse + 0.5 * tied) / (n - 1));
}

QuartilePosition QuartileOf(double v, const PeerDistribution& d, Polarity polarity) {
  if (polarity == Polarity::kLowerIsBetter) {
    if (v <= d.q1) return QuartilePosition::kTop;
    if (v <= d.median) return QuartilePosition::kUpperMiddle;
    if (v <= d.q3) return QuartilePosition::kLowerMiddle;
    return QuartilePosition::kBottom;
  }
  if (v >= d.q3) return QuartilePosition::kTop;
  if (v >= d.median) return QuartilePosition::kUpperMiddle;
  if (v >= d.q1) return QuartilePosition::kLowerMiddle;
  return QuartilePosition::kBottom;
}

// Position of `v` (which is one of `values`): one counting pass.
UnitPosition PositionIn(const std::vector<double>& values, const PeerDistribution& d, double v,
                        Polarity polarity, const PeerOptions& options) {
  int less = 0, greater = 0;
  for (double x : values) {
    less += x < v;
    greater += x > v;
  }
  const int tied = static_cast<int>(values.size()) - less - greater - 1;  // other peers, same value
  const bool low_good = polarity == Polarity::kLowerIsBetter;
  const int better = low_good ? less : greater;
  const int worse = low_good ? greater : less;

  UnitPosition pos;
  pos.value = v;
  if (options.rankings_enabled) {
    pos.rank = better + 1;
    pos.better = better;
    pos.tied = tied;
    pos.worse = worse;
  }
  pos.percentile = MidRankPercentile(worse, tied, d.n);
  if (!d.sd.defined()) {
    pos.z_score = Figure::Undefined(d.sd.reason);
  } else if (*d.sd.value == 0) {
    pos.z_score = Figure::Undefined("all peers have the same value: standard deviation is 0");
  } else {
    pos.z_score = FiniteOr((v - d.mean) / *d.sd.value, "z-score overflows");
  }
  pos.quartile = QuartileOf(v, d, polarity);
  pos.diff_to_median = v - d.median;
  pos.relative_diff_to_median =
      d.median == 0 ? Figure::Undefined("peer median is 0: relative distance not defined")
                    : FiniteOr((v - d.median) / std::fabs(d.median), "relative distance overflows");
  return pos;
}

}  // namespace

std::string QuartilePositionName(QuartilePosition quartile) {
  switch (quartile) {
    case QuartilePosition::kBottom:
      return "bottom";
    case QuartilePosition::kLowerMiddle:
      return "lower_middle";
    case QuartilePosition::kUpperMiddle:
      return "upper_middle";
    case QuartilePosition::kTop:
      return "top";
  }
  return "unknown";
}

double QuantileOfSorted(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  const double frac = h - static_cast<double>(lo);
  // frac == 0 returns the order statistic exactly (no 0 * inf or rounding from the difference).
  return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

absl::StatusOr<PeerDistribution> DescribePeers(const CrossSection& peers) {
  ASSIGN_OR_RETURN(Collected c, Collect(peers, nullptr));
  if (c.values.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no peer has a value (", c.missing, " missing)"));
  }
  return Describe(c.values, c.missing);
}

namespace {

// The comparison once the values are collected (permutes them).
absl::StatusOr<PeerComparison> CompareCollected(Collected& c,
                                                const std::optional<double>& unit_value,
                                                const std::string& unit_key, Polarity polarity,
                                                const PeerOptions& options) {
  if (c.values.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no peer has a value (", c.missing, " missing)"));
  }
  PeerComparison out;
  out.unit_key = unit_key;
  out.distribution = Describe(c.values, c.missing);
  if (unit_value.has_value()) {
    out.position = PositionIn(c.values, out.distribution, *unit_value, polarity, options);
  } else {
    out.position_reason =
        absl::StrCat("unit '", unit_key, "' has no value (missing or suppressed)");
  }
  return out;
}

}  // namespace

absl::StatusOr<PeerComparison> ComparePeers(const CrossSection& peers, const std::string& unit_key,
                                            Polarity polarity, const PeerOptions& options) {
  ASSIGN_OR_RETURN(Collected c, Collect(peers, &unit_key));
  if (c.unit == nullptr) {
    return absl::NotFoundError(absl::StrCat("unit '", unit_key, "' is not in the peer group"));
  }
  return CompareCollected(c, c.unit->value, unit_key, polarity, options);
}

absl::StatusOr<PeerComparison> ComparePeerValues(const std::vector<std::optional<double>>& values,
                                                 size_t unit_index, const std::string& unit_key,
                                                 Polarity polarity, const PeerOptions& options) {
  if (unit_index >= values.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unit '", unit_key, "': entry ", unit_index, " of ", values.size(), " peers"));
  }
  Collected c;
  c.values.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    RETURN_IF_ERROR(Add(c, values[i], [&] { return absl::StrCat("peer ", i); }));
  }
  return CompareCollected(c, values[unit_index], unit_key, polarity, options);
}

absl::StatusOr<PeerQuartiles> QuartilesOfValues(const std::vector<std::optional<double>>& values) {
  Collected c;
  c.values.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    RETURN_IF_ERROR(Add(c, values[i], [&] { return absl::StrCat("peer ", i); }));
  }
  if (c.values.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no peer has a value (", c.missing, " missing)"));
  }
  PeerQuartiles out;
  out.n = static_cast<int>(c.values.size());
  out.missing = c.missing;
  const Quartiles q = SelectQuartiles(c.values);
  out.q1 = q.q1;
  out.median = q.median;
  out.q3 = q.q3;
  return out;
}

absl::StatusOr<std::vector<RankedUnit>> RankCrossSection(const CrossSection& peers,
                                                         Polarity polarity) {
  ASSIGN_OR_RETURN(Collected c, Collect(peers, nullptr));
  std::vector<const PeerValue*> order;
  order.reserve(c.values.size());
  for (const PeerValue& p : peers) {
    if (p.value.has_value()) order.push_back(&p);
  }
  const bool low_good = polarity == Polarity::kLowerIsBetter;
  // One sort, best first; ties by key so the table is deterministic.
  std::sort(order.begin(), order.end(), [low_good](const PeerValue* a, const PeerValue* b) {
    if (*a->value != *b->value) return low_good ? *a->value < *b->value : *a->value > *b->value;
    return a->unit_key < b->unit_key;
  });
  const int n = static_cast<int>(order.size());
  std::vector<RankedUnit> out;
  out.reserve(n);
  for (int start = 0; start < n;) {
    int end = start;
    while (end < n && *order[end]->value == *order[start]->value) ++end;
    const int tied = end - start - 1;
    const int worse = n - end;
    for (int i = start; i < end; ++i) {
      out.push_back(RankedUnit{order[i]->unit_key, *order[i]->value, start + 1,
                               MidRankPercentile(worse, tied, n)});
    }
    start = end;
  }
  return out;
}

absl::StatusOr<std::vector<RankTrajectoryPoint>> RankTrajectory(
    const std::vector<PeriodCrossSection>& periods, const std::string& unit_key, Polarity polarity,
    const PeerOptions& options) {
  std::vector<RankTrajectoryPoint> out;
  out.reserve(periods.size());
  bool found = false;
  for (size_t i = 0; i < periods.size(); ++i) {
    const PeriodCrossSection& pcs = periods[i];
    if (!std::isfinite(pcs.period) || (i > 0 && !(periods[i - 1].period < pcs.period))) {
      return absl::InvalidArgumentError(
          absl::StrCat("cross-section ", i, ": periods must be finite and strictly increasing"));
    }
    auto c = Collect(pcs.peers, &unit_key);
    if (!c.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("period ", pcs.period, ": ", std::string(c.status().message())));
    }
    RankTrajectoryPoint point;
    point.period = pcs.period;
    point.n = static_cast<int>(c->values.size());
    found = found || c->unit != nullptr;
    if (c->unit == nullptr) {
      point.percentile = Figure::Undefined("unit is not in the cross-section for this period");
    } else if (!c->unit->value.has_value()) {
      point.percentile = Figure::Undefined("unit has no value for this period");
    } else {
      const PeerDistribution d = Describe(c->values, c->missing);
      const UnitPosition pos = PositionIn(c->values, d, *c->unit->value, polarity, options);
      point.value = pos.value;
      point.rank = pos.rank;
      point.percentile = pos.percentile;
      point.quartile = pos.quartile;
    }
    out.push_back(std::move(point));
  }
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("unit '", unit_key, "' is in none of the cross-sections"));
  }
  return out;
}

}  // namespace integra::monitoring::analytics
