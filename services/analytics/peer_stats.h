// Peer comparison: where one unit stands within a peer group's cross-section (one indicator,
// one period), and how its position moves over time. Definitions in docs/analytics.md
// ("Peer comparison"); summary:
//  - Units without a value (missing or suppressed) are excluded from every statistic and
//    counted in `missing`.
//  - Orientation: "better" follows the polarity; neutral indicators are ordered as if higher
//    were better, so their rank/percentile/quartile describe position, not merit.
//  - rank: competition ranking ("1224"): 1 + the number of peers strictly better; tied units
//    share the best rank of their group.
//  - percentile: mid-rank percentile over the OTHER peers, 100 * (worse + tied/2) / (n - 1):
//    100 = better than all others, 0 = worse than all others, 50 = median or all tied.
//    Undefined for n = 1.
//  - quantiles (min, Q1, median, Q3, max): linear interpolation between order statistics,
//    Hyndman-Fan type 7 = R's default = Excel PERCENTILE.INC = numpy's default = PostgreSQL
//    percentile_cont.
//  - sd: sample standard deviation (divisor n - 1), undefined for n = 1.
//  - z_score: raw (value - mean) / sd, NOT oriented (multiply by PolaritySign for "positive =
//    better"); undefined when sd is undefined or 0.
//  - quartile: Q1/median/Q3 as cut points, boundaries inclusive towards the better side.
// Cost: one sort of the n values, O(n log n); no pairwise comparisons.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/analytics.h"
#include "services/analytics/polarity.h"

namespace integra::monitoring::analytics {

// One unit's value in a cross-section; nullopt = missing or suppressed.
struct PeerValue {
  std::string unit_key;  // AGS / Kreis code
  std::optional<double> value;
};
using CrossSection = std::vector<PeerValue>;

// Sent over the API: never renumber, only append.
enum class QuartilePosition : uint8_t {
  kBottom = 1,  // worst quarter
  kLowerMiddle = 2,
  kUpperMiddle = 3,
  kTop = 4,  // best quarter
};
// "bottom", "lower_middle", "upper_middle", "top".
std::string QuartilePositionName(QuartilePosition quartile);

// Type-7 quantile of ascending `sorted` values for p in [0, 1]: with h = (n - 1) * p,
// x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h]) (0-based).
// Preconditions (checked by the callers in this library): non-empty, sorted, 0 <= p <= 1.
double QuantileOfSorted(const std::vector<double>& sorted, double p);

struct PeerDistribution {
  int n = 0;        // peers with a value
  int missing = 0;  // peers without a value (excluded)
  double min = 0, q1 = 0, median = 0, q3 = 0, max = 0, mean = 0;
  Figure sd;  // sample sd (n - 1); undefined for n = 1
};

struct PeerOptions {
  // When false (a peer group that opted out of league tables) rank and the better/tied/worse
  // counts are left unset; percentile, quartile and distance to the median remain.
  bool rankings_enabled = true;
};

struct UnitPosition {
  double value = 0;
  std::optional<int> rank;    // 1 = best; unset when rankings are disabled
  std::optional<int> better;  // other peers strictly better
  std::optional<int> tied;    // other peers with exactly the same value
  std::optional<int> worse;   // other peers strictly worse
  Figure percentile;          // 0..100, 100 = best
  Figure z_score;             // raw, not oriented
  QuartilePosition quartile = QuartilePosition::kBottom;
  double diff_to_median = 0;       // value - median (raw units)
  Figure relative_diff_to_median;  // (value - median) / |median|; undefined for median 0
};

struct PeerComparison {
  std::string unit_key;
  PeerDistribution distribution;
  // Unset when the unit is in the cross-section without a value; `position_reason` says so.
  std::optional<UnitPosition> position;
  std::string position_reason;
};

// Distribution of the peers with a value.
// InvalidArgument: duplicate unit keys, or a non-finite value.
// FailedPrecondition: no peer has a value.
absl::StatusOr<PeerDistribution> DescribePeers(const CrossSection& peers);

// The distribution plus `unit_key`'s position in it.
// NotFound: `unit_key` is not in the cross-section. Otherwise as DescribePeers.
absl::StatusOr<PeerComparison> ComparePeers(const CrossSection& peers, const std::string& unit_key,
                                            Polarity polarity, const PeerOptions& options = {});

// The same comparison over plain values, without keys: `values[i]` is the i-th peer's value
// (nullopt = missing or suppressed), `unit_index` the compared unit's entry. For peer sets whose
// members are distinct by construction (a PeerSet's unit codes), so no duplicate check is made;
// `unit_key` only names the unit in the result and in messages.
// InvalidArgument: unit_index out of range, a non-finite value. FailedPrecondition: no peer
// has a value.
absl::StatusOr<PeerComparison> ComparePeerValues(const std::vector<std::optional<double>>& values,
                                                 size_t unit_index, const std::string& unit_key,
                                                 Polarity polarity,
                                                 const PeerOptions& options = {});

// Only the quartiles of plain peer values (what a peer band shows per period): the same figures
// as ComparePeerValues' distribution, without mean, deviation and position.
// InvalidArgument: a non-finite value. FailedPrecondition: no peer has a value.
struct PeerQuartiles {
  int n = 0;        // peers with a value
  int missing = 0;  // peers without
  double q1 = 0, median = 0, q3 = 0;
};
absl::StatusOr<PeerQuartiles> QuartilesOfValues(const std::vector<std::optional<double>>& values);

// League table: every unit with a value, best first (ties ordered by unit key), with
// competition rank and mid-rank percentile as defined above. Units without a value are left
// out. InvalidArgument as DescribePeers; an all-missing cross-section gives an empty table.
struct RankedUnit {
  std::string unit_key;
  double value = 0;
  int rank = 0;
  Figure percentile;
};
absl::StatusOr<std::vector<RankedUnit>> RankCrossSection(const CrossSection& peers,
                                                         Polarity polarity);

// Rank trajectory: the unit's position in each period's cross-section.
struct PeriodCrossSection {
  double period = 0;
  CrossSection peers;
};
struct RankTrajectoryPoint {
  double period = 0;
  int n = 0;                    // peers with a value that period
  std::optional<double> value;  // the unit's value, if any
  std::optional<int> rank;      // unset without value or when rankings are disabled
  Figure percentile;            // undefined without value (reason says why) or for n = 1
  std::optional<QuartilePosition> quartile;
};
// One point per period, in input order. A period where the unit is absent or has no value
// yields a point without value (reason in `percentile`), so reforms and gaps stay visible.
// InvalidArgument: periods not finite and strictly increasing, or a cross-section invalid as in
// DescribePeers. NotFound: the unit is in none of the cross-sections.
absl::StatusOr<std::vector<RankTrajectoryPoint>> RankTrajectory(
    const std::vector<PeriodCrossSection>& periods, const std::string& unit_key, Polarity polarity,
    const PeerOptions& options = {});

}  // namespace integra::monitoring::analytics
