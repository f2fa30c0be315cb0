#include "services/analytics/peer_stats.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace integra::monitoring::analytics {
namespace {

// One validating pass over a cross-section: values with a value, ascending.
struct Collected {
  std::vector<double> sorted;
  int missing = 0;
  const PeerValue* unit = nullptr;  // the entry for the requested unit, if asked and present
};

// Counts a missing value or appends a finite one to c.sorted; `name` names the peer in errors.
template <typename Name>
absl::Status Add(Collected& c, const std::optional<double>& value, Name&& name) {
  if (!value.has_value()) {
    ++c.missing;
    return absl::OkStatus();
  }
  if (!std::isfinite(*value)) {
    return absl::InvalidArgumentError(absl::StrCat(name(), ": value is not finite"));
  }
  c.sorted.push_back(*value);
  return absl::OkStatus();
}

absl::StatusOr<Collected> Collect(const CrossSection& peers, const std::string* unit_key) {
  Collected c;
  c.sorted.reserve(peers.size());
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
  std::sort(c.sorted.begin(), c.sorted.end());
  return c;
}

PeerDistribution DescribeSorted(const std::vector<double>& sorted, int missing) {
  PeerDistribution d;
  d.n = static_cast<int>(sorted.size());
  d.missing = missing;
  d.min = sorted.front();
  d.max = sorted.back();
  d.q1 = QuantileOfSorted(sorted, 0.25);
  d.median = QuantileOfSorted(sorted, 0.5);
  d.q3 = QuantileOfSorted(sorted, 0.75);
  double sum = 0;
  for (double v : sorted) sum += v;
  d.mean = sum / d.n;
  if (!std::isfinite(d.mean)) {  // the sum of huge finite values overflowed: scale first
    d.mean = 0;
    for (double v : sorted) d.mean += v / d.n;
  }
  if (d.n < 2) {
    d.sd = Figure::Undefined("standard deviation needs at least 2 peers with a value");
  } else {
    double ss = 0;  // two-pass: numerically stable for large means
    for (double v : sorted) ss += (v - d.mean) * (v - d.mean);
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

// Position of `v` (which is one of `sorted`) via two binary searches.
UnitPosition PositionIn(const std::vector<double>& sorted, const PeerDistribution& d, double v,
                        Polarity polarity, const PeerOptions& options) {
  const auto lo = std::lower_bound(sorted.begin(), sorted.end(), v);
  const auto hi = std::upper_bound(lo, sorted.end(), v);
  const int less = static_cast<int>(lo - sorted.begin());
  const int tied = static_cast<int>(hi - lo) - 1;  // other peers with the same value
  const int greater = static_cast<int>(sorted.end() - hi);
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
  if (c.sorted.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no peer has a value (", c.missing, " missing)"));
  }
  return DescribeSorted(c.sorted, c.missing);
}

namespace {

// The comparison once the values are collected and sorted.
absl::StatusOr<PeerComparison> CompareCollected(const Collected& c,
                                                const std::optional<double>& unit_value,
                                                const std::string& unit_key, Polarity polarity,
                                                const PeerOptions& options) {
  if (c.sorted.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no peer has a value (", c.missing, " missing)"));
  }
  PeerComparison out;
  out.unit_key = unit_key;
  out.distribution = DescribeSorted(c.sorted, c.missing);
  if (unit_value.has_value()) {
    out.position = PositionIn(c.sorted, out.distribution, *unit_value, polarity, options);
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
  c.sorted.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    RETURN_IF_ERROR(Add(c, values[i], [&] { return absl::StrCat("peer ", i); }));
  }
  std::sort(c.sorted.begin(), c.sorted.end());
  return CompareCollected(c, values[unit_index], unit_key, polarity, options);
}

absl::StatusOr<std::vector<RankedUnit>> RankCrossSection(const CrossSection& peers,
                                                         Polarity polarity) {
  ASSIGN_OR_RETURN(Collected c, Collect(peers, nullptr));
  std::vector<const PeerValue*> order;
  order.reserve(c.sorted.size());
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
    point.n = static_cast<int>(c->sorted.size());
    found = found || c->unit != nullptr;
    if (c->unit == nullptr) {
      point.percentile = Figure::Undefined("unit is not in the cross-section for this period");
    } else if (!c->unit->value.has_value()) {
      point.percentile = Figure::Undefined("unit has no value for this period");
    } else {
      const PeerDistribution d = DescribeSorted(c->sorted, c->missing);
      const UnitPosition pos = PositionIn(c->sorted, d, *c->unit->value, polarity, options);
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
