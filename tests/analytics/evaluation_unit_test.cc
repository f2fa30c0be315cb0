// The evaluation's building blocks against values derived by hand: synthetic-control weights of
// an exact convex combination, permutation p-values, difference-in-differences on a tiny panel,
// and every verdict with its edge case (docs/evaluation.md).
#include <cmath>

#include "gtest/gtest.h"
#include "services/analytics/evaluation.h"
#include "services/analytics/evaluation_text.h"
#include "services/analytics/synthetic_control.h"
#include "tests/analytics/evaluation_panels.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

EvaluationUnit Unit(std::string key, int first_year, std::vector<std::optional<double>> values) {
  EvaluationUnit u{std::move(key), {}};
  for (size_t i = 0; i < values.size(); ++i) {
    u.series.push_back({first_year + static_cast<int>(i), values[i]});
  }
  return u;
}

// `n` peers on parallel smooth paths with a little idiosyncratic wiggle, 2010-2019.
std::vector<EvaluationUnit> SmoothPeers(int n) {
  std::vector<EvaluationUnit> peers;
  for (int i = 0; i < n; ++i) {
    std::vector<std::optional<double>> v;
    v.reserve(10);
    for (int t = 0; t < 10; ++t) v.push_back(10 + i + 0.5 * t + 0.1 * std::sin(i * 7.0 + t * 3.0));
    peers.push_back(Unit("P" + std::to_string(i), 2010, v));
  }
  return peers;
}

TEST(SyntheticControlTest, RecoversTheWeightsOfAnExactConvexCombination) {
  const std::vector<double> d1 = {1, 3, 2, 5, 4, 6};
  const std::vector<double> d2 = {10, 9, 12, 11, 14, 13};
  const std::vector<double> d3 = {50, 20, 70, 10, 90, 0};  // far away: must get weight 0
  std::vector<double> target;
  for (size_t t = 0; t < d1.size(); ++t) target.push_back(0.3 * d1[t] + 0.7 * d2[t]);
  ASSERT_OK_AND_ASSIGN(SyntheticControlFit fit, FitSyntheticControl(target, {d1, d2, d3}, false));
  EXPECT_NEAR(fit.weights[0], 0.3, 1e-6);
  EXPECT_NEAR(fit.weights[1], 0.7, 1e-6);
  EXPECT_NEAR(fit.weights[2], 0.0, 1e-6);
  EXPECT_NEAR(fit.rmspe, 0, 1e-5);
  EXPECT_EQ(fit.intercept, 0);

  // With an intercept the same weights and the level shift come back.
  for (double& v : target) v += 5;
  ASSERT_OK_AND_ASSIGN(fit, FitSyntheticControl(target, {d1, d2, d3}, true));
  EXPECT_NEAR(fit.weights[0], 0.3, 1e-6);
  EXPECT_NEAR(fit.weights[1], 0.7, 1e-6);
  EXPECT_NEAR(fit.intercept, 5, 1e-5);
  const std::vector<double> synthetic = SyntheticSeries(fit, {d1, d2, d3});
  for (size_t t = 0; t < target.size(); ++t) EXPECT_NEAR(synthetic[t], target[t], 1e-5);
}

TEST(SyntheticControlTest, OutsideTheConvexHullTheNearestVertexWins) {
  // The target lies above every donor: all weight on the highest donor (no extrapolation).
  ASSERT_OK_AND_ASSIGN(SyntheticControlFit fit,
                       FitSyntheticControl({20, 21, 22}, {{1, 2, 3}, {5, 6, 7}}, false));
  EXPECT_NEAR(fit.weights[1], 1, 1e-6);
  EXPECT_NEAR(fit.rmspe, 15, 1e-5);
  ASSERT_OK_AND_ASSIGN(fit, FitSyntheticControl({4, 4}, {{1, 1}}, false));
  EXPECT_EQ(fit.weights, std::vector<double>{1});
  EXPECT_NEAR(fit.rmspe, 3, 1e-12);
}

TEST(SyntheticControlTest, RejectsMalformedInput) {
  EXPECT_STATUS(FitSyntheticControl({1, 2}, {}, false), absl::StatusCode::kInvalidArgument,
                "at least one donor");
  EXPECT_STATUS(FitSyntheticControl({}, {{}}, false), absl::StatusCode::kInvalidArgument,
                "fitting periods");
  EXPECT_STATUS(FitSyntheticControl({1, 2}, {{1}}, false), absl::StatusCode::kInvalidArgument,
                "has 1 values");
  EXPECT_STATUS(FitSyntheticControl({1, NAN}, {{1, 2}}, false), absl::StatusCode::kInvalidArgument,
                "not finite");
}

TEST(PermutationPValueTest, CountsPlacebosAtLeastAsExtreme) {
  EXPECT_DOUBLE_EQ(PermutationPValue(3, {1, 2, 3, 4, 5}), 4.0 / 6);  // 3, 4, 5 and the unit
  EXPECT_DOUBLE_EQ(PermutationPValue(9, {1, 2, 3, 4, 5}), 1.0 / 6);  // the floor
  EXPECT_DOUBLE_EQ(PermutationPValue(0, {1, 2, 3, 4, 5}), 1.0);
  EXPECT_DOUBLE_EQ(PermutationPValue(2, {}), 1.0);
  // Equal up to rounding counts as "at least as large".
  EXPECT_DOUBLE_EQ(PermutationPValue(0.3, {0.1 + 0.2}), 1.0);
}

TEST(EvaluationTest, DifferenceInDifferencesOnATinyPanel) {
  // Pre 2010-2012, start 2013. Unit: pre mean 12, then 20 and 22 -> changes 8 and 10.
  // Peer changes from their pre means: 2013: 1, 2, 3 (median 2); 2014: 2, 3, 3 (median 3).
  EvaluationUnit unit = Unit("U", 2010, {10, 12, 14, 20, 22});
  std::vector<EvaluationUnit> peers = {Unit("P1", 2010, {5, 5, 5, 6, 7}),
                                       Unit("P2", 2010, {1, 2, 3, 4, 5}),
                                       Unit("P3", 2010, {0, 0, 0, 3, 3})};
  EvaluationOptions mean;
  mean.baseline = EvaluationBaseline::kPreMean;
  ASSERT_OK_AND_ASSIGN(EvaluationResult r,
                       EvaluateMeasure(unit, peers, 2013, Polarity::kHigherIsBetter, mean));
  ASSERT_EQ(r.did.size(), 2u);
  EXPECT_EQ(r.did[0].year, 2013);
  EXPECT_DOUBLE_EQ(r.did[0].unit_change, 8);
  EXPECT_DOUBLE_EQ(r.did[0].peer_median_change, 2);
  EXPECT_DOUBLE_EQ(r.did[0].estimate, 6);
  EXPECT_DOUBLE_EQ(r.did[1].estimate, 10 - 3);
  EXPECT_DOUBLE_EQ(*r.did_mean.value, 6.5);
  EXPECT_EQ(r.pre_years, (std::vector<int>{2010, 2011, 2012}));
  EXPECT_EQ(r.post_years, (std::vector<int>{2013, 2014}));
  // Three peers: the p-value cannot go below 1/4 > 0.1.
  EXPECT_EQ(r.verdict, EvaluationVerdict::kTooFewPeers);
  EXPECT_DOUBLE_EQ(r.inference->p_value_floor, 0.25);
  EXPECT_NE(r.verdict_en.find("not evidence that the measure had no effect"), std::string::npos);
  EXPECT_NE(r.verdict_de.find("kein Beleg"), std::string::npos);
  EXPECT_NE(r.verdict_en.find("at alpha = 0.1:"), std::string::npos);
  EXPECT_NE(r.verdict_de.find("bei alpha = 0,1 "), std::string::npos);

  // With the last pre year as baseline (the default): unit 20 - 14 = 6, peers 1, 1, 3 ->
  // median 1; 2014: 8 - median(2, 2, 3) = 6.
  ASSERT_OK_AND_ASSIGN(r, EvaluateMeasure(unit, peers, 2013, Polarity::kHigherIsBetter));
  EXPECT_DOUBLE_EQ(r.did[0].estimate, 5);
  EXPECT_DOUBLE_EQ(r.did[1].estimate, 6);
}

TEST(EvaluationTest, PlaceboRankAndPValueMatchAnIndependentCount) {
  testing::GeneratedPanelSpec spec;
  spec.peers = 19;
  spec.effect = 8;
  spec.seed = 7;
  testing::GeneratedPanel panel = testing::GeneratePanel(spec);
  ASSERT_OK_AND_ASSIGN(EvaluationResult r,
                       EvaluateMeasure(panel.unit, panel.peers, 2010, Polarity::kHigherIsBetter));
  // Recount from the placebos' own evaluations: peer i as the unit, the others (not the unit)
  // as its peers, is exactly the placebo run.
  int at_least = 0;
  for (size_t i = 0; i < panel.peers.size(); ++i) {
    std::vector<EvaluationUnit> others;
    for (size_t j = 0; j < panel.peers.size(); ++j) {
      if (j != i) others.push_back(panel.peers[j]);
    }
    ASSERT_OK_AND_ASSIGN(EvaluationResult p,
                         EvaluateMeasure(panel.peers[i], others, 2010, Polarity::kHigherIsBetter));
    at_least += p.inference->unit_statistic >= r.inference->unit_statistic ? 1 : 0;
  }
  EXPECT_EQ(r.inference->placebos, 19);
  EXPECT_EQ(r.inference->placebos_at_least, at_least);
  EXPECT_DOUBLE_EQ(r.inference->p_value, (1.0 + at_least) / 20);
  EXPECT_EQ(r.verdict, EvaluationVerdict::kEffectImprovement) << r.verdict_en;
}

TEST(EvaluationTest, DirectionFollowsThePolarity) {
  testing::GeneratedPanelSpec spec;
  spec.peers = 30;
  spec.effect = 10;
  testing::GeneratedPanel panel = testing::GeneratePanel(spec);
  ASSERT_OK_AND_ASSIGN(EvaluationResult up,
                       EvaluateMeasure(panel.unit, panel.peers, 2010, Polarity::kHigherIsBetter));
  EXPECT_EQ(up.verdict, EvaluationVerdict::kEffectImprovement) << up.verdict_en;
  EXPECT_NE(up.verdict_en.find("an improvement"), std::string::npos);
  EXPECT_NE(up.verdict_en.find("does not prove it"), std::string::npos);
  EXPECT_NE(up.verdict_de.find("Verbesserung"), std::string::npos);
  EXPECT_NE(up.verdict_de.find("beweist sie aber nicht"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(EvaluationResult down,
                       EvaluateMeasure(panel.unit, panel.peers, 2010, Polarity::kLowerIsBetter));
  EXPECT_EQ(down.verdict, EvaluationVerdict::kEffectDeterioration);
  EXPECT_NE(down.verdict_de.find("Verschlechterung"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(EvaluationResult neutral,
                       EvaluateMeasure(panel.unit, panel.peers, 2010, Polarity::kNeutral));
  EXPECT_EQ(neutral.verdict, EvaluationVerdict::kEffectChange);
  EXPECT_NE(neutral.verdict_en.find("not judged"), std::string::npos);
  // Top donors: at most 5, weights descending, all from the donor pool.
  const SyntheticControlResult& sc = *up.synthetic_control;
  ASSERT_FALSE(sc.top_donors.empty());
  EXPECT_LE(sc.top_donors.size(), 5u);
  for (size_t i = 1; i < sc.top_donors.size(); ++i) {
    EXPECT_GE(sc.top_donors[i - 1].weight, sc.top_donors[i].weight);
  }
  EXPECT_EQ(sc.donor_pool, 10);
  EXPECT_EQ(sc.years.size(), 12u);  // 10 pre + 2 post
  EXPECT_NEAR(sc.mean_post_gap, 10, 2.5);
}

TEST(EvaluationTest, StartInTheFirstOrAfterTheLastObservedYear) {
  std::vector<EvaluationUnit> peers = SmoothPeers(12);
  EvaluationUnit unit = Unit("U", 2010, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  ASSERT_OK_AND_ASSIGN(EvaluationResult first,
                       EvaluateMeasure(unit, peers, 2010, Polarity::kHigherIsBetter));
  EXPECT_EQ(first.verdict, EvaluationVerdict::kNotEnoughPrePeriod);
  EXPECT_NE(first.verdict_en.find("only 0 values before the start year 2010"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(EvaluationResult third,
                       EvaluateMeasure(unit, peers, 2012, Polarity::kHigherIsBetter));
  EXPECT_EQ(third.verdict, EvaluationVerdict::kNotEnoughPrePeriod);
  EXPECT_NE(third.verdict_de.find("nur 2 Werte"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(EvaluationResult after,
                       EvaluateMeasure(unit, peers, 2020, Polarity::kHigherIsBetter));
  EXPECT_EQ(after.verdict, EvaluationVerdict::kNoPostPeriod);
  // The start in the last observed year: one post year, evaluable.
  ASSERT_OK_AND_ASSIGN(EvaluationResult last,
                       EvaluateMeasure(unit, peers, 2019, Polarity::kHigherIsBetter));
  EXPECT_EQ(last.post_years, std::vector<int>{2019});
  EXPECT_EQ(last.pre_years.size(), 9u);
  EXPECT_TRUE(last.inference.has_value());
}

TEST(EvaluationTest, GapsShrinkTheWindowAndDropIncompletePeers) {
  std::vector<EvaluationUnit> peers = SmoothPeers(12);
  peers[3].series[1].value.reset();  // 2011: inside the window -> dropped
  peers[4].series[2].value.reset();  // 2012: the unit has no value then -> kept
  EvaluationUnit unit = Unit("U", 2010, {10, 10.5, std::nullopt, 11.5, 12, 12.5, 13});
  ASSERT_OK_AND_ASSIGN(EvaluationResult r,
                       EvaluateMeasure(unit, peers, 2015, Polarity::kHigherIsBetter));
  EXPECT_EQ(r.pre_years, (std::vector<int>{2010, 2011, 2013, 2014}));
  EXPECT_EQ(r.post_years, (std::vector<int>{2015, 2016}));
  EXPECT_EQ(r.peers_given, 12);
  EXPECT_EQ(r.peers_used, 11);
  EXPECT_EQ(r.peers_dropped_incomplete, 1);
  EXPECT_NE(r.verdict_en.find("1 of 12 peers were left out"), std::string::npos);
  EXPECT_NE(r.verdict_de.find("1 von 12 Vergleichseinheiten"), std::string::npos);

  // Every peer incomplete: nothing to compare with.
  for (EvaluationUnit& p : peers) p.series[0].value.reset();
  ASSERT_OK_AND_ASSIGN(r, EvaluateMeasure(unit, peers, 2015, Polarity::kHigherIsBetter));
  EXPECT_EQ(r.verdict, EvaluationVerdict::kNoPeers);
  EXPECT_EQ(r.peers_dropped_incomplete, 12);
  EXPECT_NE(r.verdict_en.find("none of the 12 peers"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(r, EvaluateMeasure(unit, {}, 2015, Polarity::kHigherIsBetter));
  EXPECT_EQ(r.verdict, EvaluationVerdict::kNoPeers);
  EXPECT_NE(r.verdict_de.find("keine Vergleichseinheiten"), std::string::npos);
}

TEST(EvaluationTest, SeriesBreaksInsideTheWindow) {
  std::vector<EvaluationUnit> peers = SmoothPeers(12);
  EvaluationUnit unit = Unit("U", 2010, {10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14, 14.5});
  EvaluationUnit broken = unit;
  broken.series[2].series_break = true;  // 2012: the pre-period starts there
  broken.series[8].series_break = true;  // 2018: the post-period ends in 2017
  EvaluationOptions five_years;
  five_years.max_post_years = 5;
  ASSERT_OK_AND_ASSIGN(EvaluationResult r,
                       EvaluateMeasure(broken, peers, 2015, Polarity::kHigherIsBetter, five_years));
  EXPECT_EQ(r.pre_years, (std::vector<int>{2012, 2013, 2014}));
  EXPECT_EQ(r.post_years, (std::vector<int>{2015, 2016, 2017}));
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_EQ(r.notes[1], "series break in 2018: the post-period ends in 2017");
  EXPECT_NE(r.verdict_en.find("Window shortened"), std::string::npos);
  EXPECT_NE(r.verdict_de.find("Reihenbruchs"), std::string::npos);

  broken.series[3].series_break = true;  // 2013: only 2 pre years left
  ASSERT_OK_AND_ASSIGN(r,
                       EvaluateMeasure(broken, peers, 2015, Polarity::kHigherIsBetter, five_years));
  EXPECT_EQ(r.verdict, EvaluationVerdict::kNotEnoughPrePeriod);

  EvaluationUnit at_start = unit;
  at_start.series[5].series_break = true;
  ASSERT_OK_AND_ASSIGN(r, EvaluateMeasure(at_start, peers, 2015, Polarity::kHigherIsBetter));
  EXPECT_EQ(r.verdict, EvaluationVerdict::kSeriesBreakAtStart);
  EXPECT_NE(r.verdict_de.find("Bruch"), std::string::npos);

  // A peer's break inside the window drops it; one before the window does not.
  peers[0].series[6].series_break = true;
  peers[1].series[0].series_break = true;
  ASSERT_OK_AND_ASSIGN(r, EvaluateMeasure(unit, peers, 2015, Polarity::kHigherIsBetter));
  EXPECT_EQ(r.peers_dropped_break, 1);
  EXPECT_EQ(r.peers_used, 11);
}

TEST(EvaluationTest, NamesProvisionalAndSyntheticValues) {
  std::vector<EvaluationUnit> peers = SmoothPeers(12);
  peers[2].series[6].provisional = true;
  EvaluationUnit unit = Unit("U", 2010, {10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14, 14.5});
  unit.series[5].provisional = true;
  unit.series[6].provisional = true;
  unit.series[8].provisional = true;  // 2018: outside the default window (2015-2016)
  unit.series[1].synthetic = true;
  ASSERT_OK_AND_ASSIGN(EvaluationResult r,
                       EvaluateMeasure(unit, peers, 2015, Polarity::kHigherIsBetter));
  EXPECT_EQ(r.provisional_years, (std::vector<int>{2015, 2016}));
  EXPECT_EQ(r.synthetic_years, std::vector<int>{2011});
  EXPECT_EQ(r.peer_flagged_values, 1);
  EXPECT_NE(r.verdict_en.find("Provisional values in the window: 2015, 2016."), std::string::npos);
  EXPECT_NE(r.verdict_de.find("Vorläufige Werte im Zeitfenster: 2015, 2016."), std::string::npos);
  EXPECT_NE(r.verdict_en.find("Synthetic (demo, not official) values in the window: 2011."),
            std::string::npos);
  EXPECT_NE(r.verdict_en.find("1 peer values"), std::string::npos);
}

TEST(EvaluationTest, PoorPreFitIsNotEvaluated) {
  // The unit zigzags; every peer climbs steeply and smoothly: no convex combination follows.
  std::vector<EvaluationUnit> peers;
  for (int i = 0; i < 12; ++i) {
    std::vector<std::optional<double>> v;
    v.reserve(8);
    for (int t = 0; t < 8; ++t) v.push_back(i + (10 + i) * t);
    peers.push_back(Unit("P" + std::to_string(i), 2010, v));
  }
  EvaluationUnit unit = Unit("U", 2010, {0, 10, 0, 10, 0, 10, 0, 10});
  ASSERT_OK_AND_ASSIGN(EvaluationResult r,
                       EvaluateMeasure(unit, peers, 2015, Polarity::kHigherIsBetter));
  EXPECT_EQ(r.verdict, EvaluationVerdict::kPoorPreFit);
  EXPECT_GT(r.synthetic_control->pre_rmspe, 5);
  EXPECT_NE(r.verdict_en.find("does not track"), std::string::npos);
}

TEST(EvaluationTest, RejectsMalformedInput) {
  std::vector<EvaluationUnit> peers = SmoothPeers(3);
  EvaluationUnit unit = Unit("U", 2010, {1, 2, 3, 4});
  EvaluationOptions o;
  o.alpha = 1;
  EXPECT_STATUS(EvaluateMeasure(unit, peers, 2013, Polarity::kNeutral, o),
                absl::StatusCode::kInvalidArgument, "alpha");
  EXPECT_STATUS(EvaluateMeasure(unit, {peers[0], peers[0]}, 2013, Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "duplicate peer P0");
  EXPECT_STATUS(EvaluateMeasure(unit, {unit}, 2013, Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "among its own peers");
  EvaluationUnit bad = unit;
  bad.series[2].year = 2010;
  EXPECT_STATUS(EvaluateMeasure(bad, peers, 2013, Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "strictly increasing");
  bad = unit;
  bad.series[1].value = INFINITY;
  EXPECT_STATUS(EvaluateMeasure(unit, {peers[0], bad}, 2013, Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "not finite");
}

TEST(EvaluationTest, NumbersInTheTexts) {
  EXPECT_EQ(FormatEvaluationNumber(1.23456, false), "1.23");
  EXPECT_EQ(FormatEvaluationNumber(1.23456, true), "1,23");
  EXPECT_EQ(FormatEvaluationNumber(1234.6, false), "1235");
  EXPECT_EQ(FormatEvaluationNumber(-0.012345, true), "-0,0123");
  EXPECT_EQ(FormatEvaluationNumber(0, false), "0.00");
  EXPECT_EQ(FormatEvaluationNumber(-0.0000001, false), "0.000000");
}

}  // namespace
}  // namespace integra::monitoring::analytics
