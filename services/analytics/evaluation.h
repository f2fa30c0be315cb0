// Evaluation of a measure against its peers: did the unit's indicator move after the measure's
// start more than it moved in comparable units? Method, assumptions and the measured power and
// false-positive rates in docs/evaluation.md; summary:
//
//  - Window: up to `max_pre_years` calendar years before the start year (the pre-period) and up
//    to `max_post_years` from the start year on (the post-period), restricted to the years in
//    which the evaluated unit has a value. A series break (method change) of the unit inside
//    the window shortens it: a break in the pre-period drops the years before it, a break after
//    the start ends the post-period before it, a break in the start year makes pre and post
//    incomparable (verdict kSeriesBreakAtStart). Peers need a value in every window year and no
//    break inside the window; the others are dropped and counted.
//  - Baseline (default kLastPreYear): what post-period values are compared with, for DiD and
//    synthetic control alike.
//  - Difference-in-differences: per post year, the unit's change from its baseline minus the
//    median of the peers' changes from their baselines.
//  - Synthetic control (synthetic_control.h): weights >= 0 summing to 1 over a donor pool,
//    fitted on the pre-period. Default: the `donor_pool_size` = 10 peers nearest to the unit in
//    the pre-period, with an intercept (demeaned synthetic control). Gap = actual -
//    counterfactual; the effect estimate is the mean post gap minus the baseline gap.
//  - Placebo inference: the same fit with every peer as the pretend-treated unit (its donors:
//    the nearest of the OTHER peers; never the evaluated unit, whose post-period may carry the
//    effect). Statistic (default kModeratedGap): |effect| divided by the unit's SD of pre-period
//    year-on-year changes, shrunk towards the panel's median SD. It does not divide by the
//    pre-period fit error, so an exact pre-period fit (few years, many donors) does not destroy
//    its power as it does for Abadie's RMSPE ratio. p = (1 + #placebos with a statistic >= the
//    unit's) / (1 + #placebos); its floor is 1 / (1 + #placebos).
//  - Verdict, in order: no peers; no post-period value; < 3 pre-period values; break in the
//    start year; poor pre-period fit (pre-RMSPE > poor_fit_ratio * SD of the unit's pre-period
//    values: the synthetic control tracks the unit worse than its own pre-period mean would);
//    p-value floor > alpha (too few peers to detect anything, NOT "no effect"); p > alpha (no
//    effect distinguishable from the placebos); else an effect, its direction judged by the
//    polarity. The texts name provisional and synthetic values inside the window and never
//    claim more than an association consistent with an effect.
//
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

// One year of a series as the evaluation needs it: the value and the quality marks it must
// name. The caller maps stored observation flags (PROVISIONAL, SYNTHETIC) and series-break
// notes onto these fields; a year without value (missing, suppressed) is a gap.
struct EvaluationPoint {
  int year = 0;
  std::optional<double> value;
  bool provisional = false;   // vorläufig
  bool synthetic = false;     // synthetic demo value, never official
  bool series_break = false;  // the series breaks before this value (method change)
};
using EvaluationSeries = std::vector<EvaluationPoint>;  // years strictly increasing

struct EvaluationUnit {
  std::string unit_key;  // AGS / Kreis code
  EvaluationSeries series;
};

// Sent over the API: never renumber, only append.
enum class EvaluationStatistic : uint8_t {
  // |mean post gap - mean pre gap| / SD of the unit's pre-period year-on-year changes. Keeps
  // its power when the pre-period is fitted exactly (it does not divide by the fit error).
  kStandardizedGap = 1,
  // Abadie et al.: post-period RMSPE / pre-period RMSPE. Loses its power when many placebos
  // fit their pre-period (almost) exactly; kept for comparison.
  kRmspeRatio = 2,
  // |mean post gap - baseline gap| in the indicator's units: every unit on the same scale.
  kRawGap = 3,
  // As kStandardizedGap, with each unit's SD of changes shrunk towards the panel's median SD
  // (a moderated variance: (n_i s_i^2 + 4 m^2) / (n_i + 4) for n_i changes), so a unit whose
  // few pre-period changes happen to be nearly equal does not get an inflated statistic.
  kModeratedGap = 4,
};
// "standardized_gap", "rmspe_ratio".
std::string EvaluationStatisticName(EvaluationStatistic statistic);

// What post-period values are compared with. Sent over the API: never renumber, only append.
enum class EvaluationBaseline : uint8_t {
  kPreMean = 1,      // the mean over the pre-period: robust to one noisy year
  kLastPreYear = 2,  // the last pre-period year: follows a drifting series more closely
};

struct EvaluationOptions {
  double alpha = 0.1;      // significance level, in (0, 1)
  int max_pre_years = 10;  // calendar years before the start year, >= 1
  // Calendar years from the start year on, >= 1. Two by default: on the INKAR Kreis series a
  // longer window lost power (the counterfactual drifts away with the horizon); see
  // docs/evaluation.md. A caller asking about later years sets more.
  int max_post_years = 2;
  // Donors of each synthetic control: the nearest peers in the pre-period (Euclidean distance
  // of the pre-period paths, demeaned when fit_intercept). 0 = every available peer: slow
  // (the solver's cost grows with the cube of the pool, and every peer is fitted as a placebo;
  // about 0.25 s per fit at 100 donors) and prone to exact pre-period fits.
  int donor_pool_size = 10;
  bool fit_intercept = true;
  EvaluationStatistic statistic = EvaluationStatistic::kModeratedGap;
  double poor_fit_ratio = 1.0;  // see "poor pre-period fit" above; > 0
  int top_donors = 5;           // donor weights reported, largest first
  // Baseline of the DiD changes and of the synthetic-control effect (gap after the start minus
  // the gap at the baseline).
  EvaluationBaseline baseline = EvaluationBaseline::kLastPreYear;
};

// Sent over the API: never renumber, only append.
enum class EvaluationVerdict : uint8_t {
  kNoPeers = 1,              // no peer given, or none with a complete window
  kNoPostPeriod = 2,         // the unit has no value from the start year on
  kNotEnoughPrePeriod = 3,   // fewer than 3 pre-period values
  kSeriesBreakAtStart = 4,   // the unit's series breaks in the start year
  kPoorPreFit = 5,           // the synthetic control does not track the pre-period
  kTooFewPeers = 6,          // p-value floor 1/(1 + placebos) > alpha
  kNoEffect = 7,             // not distinguishable from the placebos at alpha
  kEffectImprovement = 8,    // p <= alpha, better by the polarity
  kEffectDeterioration = 9,  // p <= alpha, worse by the polarity
  kEffectChange = 10,        // p <= alpha, neutral indicator: a change without judgement
};
// "no_peers", "no_post_period", ..., "effect_change".
std::string EvaluationVerdictName(EvaluationVerdict verdict);
// A short label for tables and the scorecard, German ("Verbesserung", "kein Effekt erkennbar",
// ...) or English; the full texts are EvaluationResult::verdict_de / verdict_en.
std::string EvaluationVerdictLabel(EvaluationVerdict verdict, bool german);
// True for the three kEffect* verdicts.
bool IsEffectVerdict(EvaluationVerdict verdict);

struct DidYear {
  int year = 0;
  double unit_change = 0;         // value - unit's pre-period mean
  double peer_median_change = 0;  // median over the peers of (value - own pre-period mean)
  double estimate = 0;            // unit_change - peer_median_change
};

struct SyntheticYear {
  int year = 0;
  bool post = false;  // year >= start year
  double actual = 0;
  double counterfactual = 0;
  double gap = 0;  // actual - counterfactual
};

struct DonorWeight {
  std::string unit_key;
  double weight = 0;
};

struct SyntheticControlResult {
  std::vector<SyntheticYear> years;  // the window, pre and post
  std::vector<DonorWeight> top_donors;
  int donor_pool = 0;    // donors offered to the fit
  double intercept = 0;  // 0 without fit_intercept
  double pre_rmspe = 0;
  double post_rmspe = 0;
  double mean_post_gap = 0;  // mean post gap - baseline gap: the effect estimate
};

struct PlaceboInference {
  EvaluationStatistic statistic = EvaluationStatistic::kModeratedGap;
  double unit_statistic = 0;
  int placebos = 0;           // peers evaluated as pretend-treated
  int placebos_at_least = 0;  // placebos whose statistic >= the unit's
  int rank = 0;               // 1 + placebos with a strictly larger statistic
  double p_value = 1;         // (1 + placebos_at_least) / (1 + placebos)
  double p_value_floor = 1;   // 1 / (1 + placebos)
  // The unit's signed standardised gap in units of the placebos' SD of the same quantity:
  // how unusual the effect is; undefined with < 2 placebos or no spread.
  Figure effect_in_placebo_sd;
};

struct EvaluationResult {
  EvaluationVerdict verdict = EvaluationVerdict::kNoPeers;
  std::string verdict_en;
  std::string verdict_de;

  int start_year = 0;
  std::vector<int> pre_years;          // window years with a unit value, before the start
  std::vector<int> post_years;         // window years with a unit value, from the start on
  std::vector<int> provisional_years;  // of the unit, inside the window
  std::vector<int> synthetic_years;    // of the unit, inside the window
  int peer_flagged_values = 0;         // provisional or synthetic peer values in the window
  std::vector<std::string> notes;      // window adjustments (breaks), in English

  int peers_given = 0;
  int peers_used = 0;
  int peers_dropped_incomplete = 0;  // no value in some window year
  int peers_dropped_break = 0;       // series break inside the window

  std::vector<DidYear> did;  // empty when not computed
  Figure did_mean;           // mean of the per-year estimates
  std::optional<SyntheticControlResult> synthetic_control;
  std::optional<PlaceboInference> inference;
};

// Evaluates `unit` against `peers` around `start_year`.
// InvalidArgument: options out of range, a series with years not strictly increasing or a
// non-finite value, an empty or duplicate unit key, the unit among its own peers.
// Internal: the optimiser failed. Every data situation (gaps, breaks, too few peers, ...) is
// an OK result with the matching verdict.
absl::StatusOr<EvaluationResult> EvaluateMeasure(const EvaluationUnit& unit,
                                                 const std::vector<EvaluationUnit>& peers,
                                                 int start_year, Polarity polarity,
                                                 const EvaluationOptions& options = {});

// Permutation p-value (1 + #{placebo >= statistic}) / (1 + #placebos). The comparison allows a
// relative tolerance of 1e-12 so a placebo equal to the unit up to rounding counts as ">=".
double PermutationPValue(double statistic, const std::vector<double>& placebo_statistics);

}  // namespace integra::monitoring::analytics
