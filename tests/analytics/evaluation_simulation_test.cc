// Generated panels with a known injected effect (tests/analytics/evaluation_panels.h: a common
// random-walk factor with unit-specific loadings plus AR(1) noise): the synthetic-control
// estimate recovers the effect within a stated tolerance and the placebo test detects it at a
// stated rate, over fixed seeds. Without an effect the share of "effect" verdicts stays near
// alpha. The measured rates are printed and recorded in docs/evaluation.md.
#include <cmath>
#include <cstdio>

#include "gtest/gtest.h"
#include "services/analytics/evaluation.h"
#include "tests/analytics/evaluation_panels.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

struct Outcome {
  double detection = 0;   // share of effect verdicts in the injected direction
  double mean_error = 0;  // mean of (estimate - effect)
  double rmse = 0;        // root mean squared (estimate - effect)
};

Outcome Simulate(double effect, double noise, int peers, int seeds) {
  Outcome out;
  int detected = 0;
  double err = 0, sq = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    testing::GeneratedPanelSpec spec;
    spec.peers = peers;
    spec.effect = effect;
    spec.noise = noise;
    spec.seed = static_cast<unsigned>(1000 * peers + seed);
    testing::GeneratedPanel panel = testing::GeneratePanel(spec);
    auto r = EvaluateMeasure(panel.unit, panel.peers, spec.start_year, Polarity::kHigherIsBetter);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) continue;
    const double e = r->synthetic_control->mean_post_gap - effect;
    err += e;
    sq += e * e;
    detected += r->verdict == EvaluationVerdict::kEffectImprovement ? 1 : 0;
  }
  out.detection = static_cast<double>(detected) / seeds;
  out.mean_error = err / seeds;
  out.rmse = std::sqrt(sq / seeds);
  std::printf("effect %4.1f noise %3.1f peers %3d: detection %5.1f %%, bias %+.3f, rmse %.3f\n",
              effect, noise, peers, 100 * out.detection, out.mean_error, out.rmse);
  return out;
}

TEST(EvaluationSimulationTest, RecoversAndDetectsAnInjectedEffect) {
  for (int peers : {20, 60}) {
    for (double noise : {0.5, 1.0}) {
      // The noise is AR(1) with innovation SD `noise` (marginal SD 1.15 x noise); the estimate
      // (mean of two post gaps minus the last pre-period gap) carries the noise of three
      // years and the counterfactual's error, so its RMSE is about 1.2-1.5 x noise.
      // Tolerances: bias within 0.5 x noise, RMSE below 2 x noise, detection of a 6 x noise
      // effect >= 90 %, of a 3 x noise effect >= 50 %.
      const Outcome big = Simulate(6 * noise, noise, peers, 30);
      EXPECT_NEAR(big.mean_error, 0, 0.5 * noise);
      EXPECT_LT(big.rmse, 2 * noise);
      EXPECT_GE(big.detection, 0.9);
      const Outcome medium = Simulate(3 * noise, noise, peers, 30);
      EXPECT_NEAR(medium.mean_error, 0, 0.5 * noise);
      EXPECT_GE(medium.detection, 0.5);
      EXPECT_LE(medium.detection, big.detection);
    }
  }
}

TEST(EvaluationSimulationTest, WithoutAnEffectTheFalsePositiveRateStaysNearAlpha) {
  int effects = 0, draws = 0;
  for (int peers : {20, 60}) {
    for (double noise : {0.5, 1.0}) {
      for (int seed = 1; seed <= 50; ++seed) {
        testing::GeneratedPanelSpec spec;
        spec.peers = peers;
        spec.noise = noise;
        spec.seed = static_cast<unsigned>(7000 + 100 * peers + seed);
        testing::GeneratedPanel panel = testing::GeneratePanel(spec);
        ASSERT_OK_AND_ASSIGN(EvaluationResult r,
                             EvaluateMeasure(panel.unit, panel.peers, 2010, Polarity::kNeutral));
        ++draws;
        effects += IsEffectVerdict(r.verdict) ? 1 : 0;
      }
    }
  }
  const double rate = static_cast<double>(effects) / draws;
  std::printf("generated panels without effect: %d of %d draws (%.1f %%) gave an effect verdict\n",
              effects, draws, 100 * rate);
  // 200 draws at a true rate of 10 %: SD 2.1 points; 16 % is about 3 SD above.
  EXPECT_LE(rate, 0.16);
}

}  // namespace
}  // namespace integra::monitoring::analytics

namespace integra::monitoring::analytics {
namespace {

// The known pitfall, measured: 3 pre-period years, 50 peers, every peer a donor. The synthetic
// control then fits the pre-period of the unit and of most placebos (almost) exactly, and the
// post/pre RMSPE ratio ranks units by how exact that fit happened to be rather than by the
// post-period gap. Slow (50-donor fits): run with --gtest_also_run_disabled_tests; the
// figures are in docs/evaluation.md.
TEST(EvaluationSimulationTest, DISABLED_PitfallExactPreFitAndTheRmspeRatio) {
  struct Variant {
    const char* name;
    EvaluationOptions o;
  };
  EvaluationOptions abadie;
  abadie.max_pre_years = 3;
  abadie.donor_pool_size = 0;
  abadie.fit_intercept = false;
  abadie.statistic = EvaluationStatistic::kRmspeRatio;
  abadie.baseline = EvaluationBaseline::kPreMean;
  EvaluationOptions chosen;
  chosen.max_pre_years = 3;
  for (const Variant& v : {Variant{"all 50 donors, RMSPE ratio", abadie},
                           Variant{"10 nearest, moderated gap (default)", chosen}}) {
    for (double effect : {0.0, 6.0}) {
      int detected = 0, exact = 0;
      const int seeds = 20;
      for (int seed = 1; seed <= seeds; ++seed) {
        testing::GeneratedPanelSpec spec;
        spec.peers = 50;
        spec.effect = effect;
        spec.seed = static_cast<unsigned>(9000 + seed);
        testing::GeneratedPanel panel = testing::GeneratePanel(spec);
        ASSERT_OK_AND_ASSIGN(EvaluationResult r, EvaluateMeasure(panel.unit, panel.peers, 2010,
                                                                 Polarity::kHigherIsBetter, v.o));
        detected += IsEffectVerdict(r.verdict) ? 1 : 0;
        exact += r.synthetic_control->pre_rmspe < 1e-3 ? 1 : 0;
      }
      std::printf("%-38s effect %.0f: %2d of %d effect verdicts, %2d exact pre-period fits\n",
                  v.name, effect, detected, seeds, exact);
      std::fflush(stdout);
    }
  }
}

}  // namespace
}  // namespace integra::monitoring::analytics
