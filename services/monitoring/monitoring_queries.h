// MonitoringQueries: the analyses of issue "Indicator monitoring (2/2)" over stored data. Each
// query reads the ranges it needs (analytics_reader.h), resolves peers (peer_resolver.h) and
// hands plain values to the pure analytics (trends.h, targets.h, peer_stats.h, gaps.h,
// rollup.h, territorial.h), whose definitions are in docs/analytics.md.
//
// Read paths (docs/monitoring.md "Analyses: how they read"):
//   Trend, target status   one obs_series range per unit (two for a gap indicator)
//   ComparePeers           one point read per packed section chunk the peer set spans
//                          (indicator|BD|period|level|chunk; Gemeinden: one per Land) merged
//                          with the in-memory peer set (twice for a gap indicator)
//   RankTrajectory         the same per period
//   PeerBand               the unit's series (one obs_series range, two for a gap) plus one
//                          peer cross-section per period, read as ComparePeers reads it
//   LeagueTable            one cross-section of the level's units (as ComparePeers reads a peer
//                          set) plus the ranked units' flags (one obs_series range per unit)
//   RollUp                 one scan of the Gemeinden's chunks per input indicator (1 for SUM,
//                          2 for RATIO and WEIGHTED_MEAN) plus one of the target level (official
//                          values), whatever the number of Kreise/Länder rolled up
//   SeriesOnBoundaries     one obs_series range per unit involved in the reforms
//
// Rankings: a comparison ranks only if the deployment allows it (QueryOptions, integrad
// --no-rankings) and the indicator does (Indicator::ranking_allowed). Otherwise rank and the
// better/tied/worse counts are left out; percentile, quartile and distance to the median stay.
//
// Thread-safety: thread-safe (the stores are; queries hold no state).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/gaps.h"
#include "services/analytics/peer_stats.h"
#include "services/analytics/rollup.h"
#include "services/analytics/targets.h"
#include "services/analytics/trends.h"
#include "services/monitoring/analytics_reader.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"

namespace integra::monitoring {

struct QueryOptions {
  bool rankings_enabled = true;  // false: no league places anywhere (integrad --no-rankings)
};

struct Rankings {
  bool enabled = true;
  std::string note;  // why they are off ("" when enabled)
};

// ---------------------------------------------------------------------------- trend

struct TrendQuery {
  std::string indicator_code;
  std::string unit_key;
  Breakdown breakdown;
  std::string from_period;  // "" = the first stored period
  std::string to_period;    // "" = the last stored period
  int window = 3;           // moving-average window (series points), >= 1
};

struct TrendResult {
  std::shared_ptr<const Indicator> indicator;
  std::string unit_key;
  PeriodSeries series;               // every period of the range, gaps as points
  analytics::Series moving_average;  // aligned with series.series
  analytics::TrendSummary summary;
  int window = 3;
};

// ---------------------------------------------------------------------------- peers

struct CompareQuery {
  std::string indicator_code;
  std::string unit_key;
  Breakdown breakdown;
  std::string period;
  PeerSelection peers;
  // Also list every unit of the peer set (CompareResult::rows).
  bool include_peers = false;
  // For the rows: whether the caller receives a SUPPRESSED value of this unit (the API passes
  // security::RevealsValue); unset = never. The statistics do not use it: they treat suppressed
  // values as missing for everyone.
  std::function<bool(const std::string& unit_key)> reveals_suppressed;
};

// One unit of a comparison's peer set.
struct ComparePeerRow {
  std::string unit_key;
  std::string name;
  std::optional<double> value;  // the stored value; absent: none, or suppressed and not revealed
  uint8_t flags = 0;            // kFlag* of the stored observation
  std::optional<int> rank;      // competition rank among the values the statistics use
                                // (rankings enabled only); absent for units without one
};

struct CompareResult {
  std::shared_ptr<const Indicator> indicator;
  Period period;
  PeerSet peers;
  Rankings rankings;
  analytics::PeerComparison comparison;
  std::vector<ComparePeerRow> rows;  // include_peers: every unit of peers, in key order
};

struct TrajectoryQuery {
  std::string indicator_code;
  std::string unit_key;
  Breakdown breakdown;
  std::string from_period;  // "" = the unit's first stored period
  std::string to_period;    // "" = the unit's last stored period
  PeerSelection peers;
};

struct TrajectoryResult {
  std::shared_ptr<const Indicator> indicator;
  std::string peer_description;  // of the last period's peer set
  Rankings rankings;
  std::vector<Period> periods;  // periods[i] belongs to points[i]
  std::vector<analytics::RankTrajectoryPoint> points;
};

// Peer band: per period of a range, the unit's value and its peer group's n / Q1 / median / Q3,
// each period exactly as Compare would report it (same peer resolution at that period, same
// read, same quantile definition; suppressed values are missing, gap indicators computed).
struct BandQuery {
  std::string indicator_code;
  std::string unit_key;
  Breakdown breakdown;
  std::string from_period;  // "" = the unit's first stored period
  std::string to_period;    // "" = the unit's last stored period
  PeerSelection peers;
};

struct BandPoint {
  Period period;
  std::optional<double> value;  // the unit's usable value (absent: missing or suppressed)
  uint8_t flags = 0;            // the unit's observation flags (kFlag*), also when suppressed
  int peer_count = 0;           // units in the peer set that period (the unit included)
  int n = 0;                    // peers with a value
  int missing = 0;              // peers without a value
  // Type-7 quantiles of the n values (peer_stats.h); absent when n = 0.
  std::optional<double> q1, median, q3;
};

struct BandResult {
  std::shared_ptr<const Indicator> indicator;
  std::string unit_key;
  std::string peer_description;      // of the last period's peer set
  std::vector<BandPoint> points;     // every period of the range, in order
  std::vector<std::string> sources;  // distinct sources of the unit's values in the range
};

// ---------------------------------------------------------------------------- league table

// League table: every unit of one level (optionally below a parent key prefix) with a value in
// one period, ranked as RankCrossSection ranks (competition ranking "1224", ties ordered by key).
struct LeagueQuery {
  std::string indicator_code;
  Breakdown breakdown;
  std::string period;
  UnitLevel level = UnitLevel::kKreis;
  std::string within;  // a unit key; only units whose key starts with it ("" = all)
};

struct LeagueRow {
  int rank = 0;  // 1 = best
  std::string unit_key;
  std::string name;
  double value = 0;
  uint8_t flags = 0;             // kFlag* of the ranked value
  analytics::Figure percentile;  // mid-rank, 100 = best; undefined for a single unit
};

struct LeagueResult {
  std::shared_ptr<const Indicator> indicator;
  Period period;
  UnitLevel level = UnitLevel::kKreis;
  std::string within;
  int units = 0;                // units of the level (within) valid during the period
  int missing = 0;              // of those, without a value (missing or suppressed): not ranked
  std::vector<LeagueRow> rows;  // best first
  std::vector<std::string> sources;  // distinct sources of the ranked values
};

// ---------------------------------------------------------------------------- gaps

struct GapQuery {
  std::string gap_code;                     // a gap indicator of the catalog, or
  std::optional<GapDefinition> definition;  // an ad-hoc gap (not stored)
  std::string unit_key;
  std::string from_period;
  std::string to_period;
  std::string target_period;  // "" = no assessment; else parity by this period
  double tolerance = 0;       // for the parity assessment
};

struct GapResult {
  GapDefinition definition;
  std::string code;  // the gap indicator's code ("" for an ad-hoc gap)
  std::vector<Period> periods;
  std::vector<analytics::GapPoint> points;
  double parity = 0;
  std::optional<analytics::TargetAssessment> parity_assessment;
  std::vector<std::string> sources;
};

// ---------------------------------------------------------------------------- targets

struct TargetStatusResult {
  IndicatorTarget target;
  analytics::TargetAssessment assessment;
  std::string note;  // e.g. why the baseline fell back to the first observed point
};

// ---------------------------------------------------------------------------- roll-ups

struct RollUpQuery {
  std::string indicator_code;
  std::string period;
  UnitLevel level = UnitLevel::kKreis;  // kKreis, kLand or kBund
  std::string parent_key;               // only units below this one ("" = all)
  Breakdown breakdown;
  double min_coverage = 0;
};

// The quality flags a roll-up passes on from the member values it adds up: a sum of
// provisional, estimated, low-reliability or SYNTHETIC values is all of that too.
inline constexpr uint8_t kRollUpFlags =
    kFlagProvisional | kFlagEstimated | kFlagSynthetic | kFlagLowReliability;

struct RollUpRow {
  std::string unit_key;
  std::string name;
  analytics::RollUpResult rollup;
  analytics::OfficialVsComputed values;
  // kRollUpFlags of the member values the computed value uses (all inputs: values, weights,
  // numerators, denominators); 0 when it uses none.
  uint8_t computed_flags = 0;
};

struct RollUpResultSet {
  std::shared_ptr<const Indicator> indicator;
  std::vector<RollUpRow> rows;
};

// Every query that reads more than one key reads one storage snapshot (storage::ReadScope).
class MonitoringQueries {
 public:
  // Every pointer must outlive the queries.
  MonitoringQueries(storage::Store* store, const UnitStore* units, const IndicatorCatalog* catalog,
                    const ObservationStore* observations, const PeerResolver* peers,
                    const TargetStore* targets, const ReformStore* reforms, QueryOptions options)
      : store_(store),
        reader_(store, units, catalog, observations),
        units_(units),
        peers_(peers),
        targets_(targets),
        reforms_(reforms),
        options_(options) {}

  const AnalyticsReader& reader() const { return reader_; }
  // The store the queries read (for callers that join several queries in one ReadScope).
  const storage::Store& store() const { return *store_; }

  // Whether comparisons of this indicator may rank units, and why not.
  Rankings RankingsFor(const Indicator& indicator) const;

  // Trend figures and moving average of one unit's series. InvalidArgument (malformed input,
  // window < 1), NotFound (indicator or unit).
  absl::StatusOr<TrendResult> Trend(const TrendQuery& query) const;

  // The unit's position among its peers in one period. InvalidArgument, NotFound (indicator,
  // unit, group), FailedPrecondition (no peer has a value).
  absl::StatusOr<CompareResult> Compare(const CompareQuery& query) const;

  // The unit's rank/percentile/quartile in each period of a range. NotFound also when the unit
  // has no stored value and no range is given.
  absl::StatusOr<TrajectoryResult> Trajectory(const TrajectoryQuery& query) const;

  // The unit's series with its peers' n / Q1 / median / Q3 per period of the range (BandQuery).
  // InvalidArgument, NotFound (indicator, unit, group; also when the unit has no stored value
  // and no range is given). A period where no peer has a value is a point with n = 0 and no
  // quantiles, not an error.
  absl::StatusOr<BandResult> PeerBand(const BandQuery& query) const;

  // The ranked units of a level for one period (LeagueQuery). FailedPrecondition when rankings
  // are off (integrad --no-rankings, or the indicator does not allow them): the message names
  // the switch. InvalidArgument (malformed input, level bund, a `within` unit below the level),
  // NotFound (indicator).
  absl::StatusOr<LeagueResult> LeagueTable(const LeagueQuery& query) const;

  // A gap series computed on read, optionally assessed against parity. InvalidArgument (neither
  // or both of code and definition, a code that is no gap indicator, a malformed definition),
  // NotFound.
  absl::StatusOr<GapResult> Gap(const GapQuery& query) const;

  // Status of stored targets: all of an indicator and/or unit, or the one of `target_period`.
  // NotFound if a named target does not exist.
  absl::StatusOr<std::vector<TargetStatusResult>> TargetStatus(
      const std::string& indicator_code, const std::string& unit_key, const Breakdown& breakdown,
      const std::string& target_period) const;

  // Kreis / Land / Bund values from member Gemeinden (territorial_queries.cc).
  // InvalidArgument (level not kreis/land/bund, malformed parent), NotFound, FailedPrecondition
  // (aggregation NONE or a gap indicator).
  absl::StatusOr<RollUpResultSet> RollUp(const RollUpQuery& query) const;

  // Series of `query.unit_keys` on the boundaries of `territory_date` (territorial_queries.cc):
  // values of periods ending before a reform in (period end, territory_date] are converted
  // along the reforms (SUM indicators only), others pass through; converted points carry a
  // derivation, points that cannot be converted carry no value and the reason as footnote.
  // FailedPrecondition for a unit that no longer exists on that date (names its successors).
  absl::StatusOr<std::vector<UnitSeries>> SeriesOnBoundaries(
      const SeriesQuery& query, const std::string& territory_date) const;

 private:
  // The register as roll-ups and league tables read it: the snapshot the peer resolver shares
  // (UnitStore::Register(), register_snapshot.h).
  using RegisterIndex = RegisterSnapshot;
  std::shared_ptr<const RegisterIndex> Register() const { return units_->Register(); }
  // Compare's rows (include_peers): names, values and flags (one read of the packed section;
  // series reads only for revealed suppressed values and gap indicators), ranks over `values`
  // (what the statistics used, in peer-code order).
  absl::StatusOr<std::vector<ComparePeerRow>> PeerRows(
      const CompareQuery& q, const CompareResult& compared,
      const std::vector<std::optional<double>>& values) const;

  storage::Store* store_;
  AnalyticsReader reader_;
  const UnitStore* units_;
  const PeerResolver* peers_;
  const TargetStore* targets_;
  const ReformStore* reforms_;
  QueryOptions options_;
};

}  // namespace integra::monitoring
