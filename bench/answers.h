// What each benchmark query returns, reduced to a few numbers so that integra's and
// PostgreSQL's answers to the same query can be checked against each other: a benchmark that
// compares speed must first show that both sides computed the same thing.
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

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

// Peer band: per year the unit's value and the group's n, Q1, median, Q3.
struct BandAnswer {
  struct Point {
    int year = 0;
    bool has_value = false;
    double value = 0;
    int n = 0;
    double q1 = 0, median = 0, q3 = 0;
  };
  std::vector<Point> points;
};

// League table: (rank, unit key) per row in order, and the sum of the values.
struct LeagueAnswer {
  std::vector<std::pair<int, std::string>> ranks;
  double sum = 0;
};

// Scorecard: per indicator with a value (by code), the figures PostgreSQL can reproduce: the
// unit's value, n and median of the peers, the unit's percentile, and the OLS slope over the
// trend window (absent with fewer than 2 points).
struct ScorecardAnswer {
  struct Row {
    std::string code;
    double value = 0;
    int n = 0;
    double median = 0;
    double percentile = 0;
    bool has_slope = false;
    double slope = 0;
  };
  std::vector<Row> rows;  // by code
};

// A cell read back after the unary writes (row 10): its latest value and revision number.
struct CellAnswer {
  bool found = false;
  double value = 0;
  int revision = 0;
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

inline bool Same(const CellAnswer& a, const CellAnswer& b) {
  return a.found == b.found && a.revision == b.revision && Close(a.value, b.value);
}

inline bool Same(const BandAnswer& a, const BandAnswer& b) {
  if (a.points.size() != b.points.size()) return false;
  for (size_t i = 0; i < a.points.size(); ++i) {
    const auto &x = a.points[i], &y = b.points[i];
    if (x.year != y.year || x.has_value != y.has_value || x.n != y.n) return false;
    if ((x.has_value && !Close(x.value, y.value)) || !Close(x.q1, y.q1) ||
        !Close(x.median, y.median) || !Close(x.q3, y.q3)) {
      return false;
    }
  }
  return true;
}
inline bool Same(const LeagueAnswer& a, const LeagueAnswer& b) {
  return a.ranks == b.ranks && Close(a.sum, b.sum);
}
inline bool Same(const ScorecardAnswer& a, const ScorecardAnswer& b) {
  if (a.rows.size() != b.rows.size()) return false;
  for (size_t i = 0; i < a.rows.size(); ++i) {
    const auto &x = a.rows[i], &y = b.rows[i];
    if (x.code != y.code || x.n != y.n || x.has_slope != y.has_slope) return false;
    if (!Close(x.value, y.value) || !Close(x.median, y.median) ||
        !Close(x.percentile, y.percentile) || (x.has_slope && !Close(x.slope, y.slope))) {
      return false;
    }
  }
  return true;
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
