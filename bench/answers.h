// What each benchmark query returns, reduced to a few numbers so that integra's and
// PostgreSQL's answers to the same query can be checked against each other: a benchmark that
// compares speed must first show that both sides computed the same thing.
#pragma once

#include <cmath>
#include <string>

namespace integra::bench {

struct PointAnswer {
  std::string key;  // the unit found ("" if none)
};

struct PeerAnswer {
  int n = 0;              // peers with a value
  double median = 0;      // type-7 quantile (percentile_cont)
  double percentile = 0;  // mid-rank percentile of the unit, 100 = best (docs/analytics.md)
};

struct SeriesAnswer {
  int points = 0;
  double sum = 0;  // of the values
};

struct RollupAnswer {
  int kreise = 0;  // Kreise with a computed value
  double sum = 0;  // of the Kreis values
};

inline bool Close(double a, double b) {
  return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::max(std::fabs(a), std::fabs(b)));
}
inline bool Same(const PointAnswer& a, const PointAnswer& b) { return a.key == b.key; }
inline bool Same(const PeerAnswer& a, const PeerAnswer& b) {
  return a.n == b.n && Close(a.median, b.median) && Close(a.percentile, b.percentile);
}
inline bool Same(const SeriesAnswer& a, const SeriesAnswer& b) {
  return a.points == b.points && Close(a.sum, b.sum);
}
inline bool Same(const RollupAnswer& a, const RollupAnswer& b) {
  return a.kreise == b.kreise && Close(a.sum, b.sum);
}

// Mid-rank percentile over the other peers from counts of values below / equal (excluding the
// unit itself) / above, oriented by polarity; 50 for a single peer (the API leaves it undefined).
inline double MidRankPercentile(int below, int tied_others, int above, bool higher_is_better) {
  const int others = below + tied_others + above;
  if (others == 0) return 50;
  const int worse = higher_is_better ? below : above;
  return 100.0 * (worse + tied_others / 2.0) / others;
}

}  // namespace integra::bench
