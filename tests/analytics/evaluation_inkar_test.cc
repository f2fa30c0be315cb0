// Validation on real data: the INKAR Kreis series in data/reference ("INKAR, BBSR Bonn",
// dl-de/by-2-0). Power: an additive effect of k x SD(the unit's pre-period year-on-year
// changes), k in {1, 2, 4}, injected after a random start year. False positives: random
// (unit, indicator, start year) draws without injection. Each draw evaluates one Kreis against
// the other 399 (every peer is a placebo). Seeds are fixed, so the printed rates are exact and
// reproducible; the measured figures are recorded in docs/evaluation.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>

#include "gtest/gtest.h"
#include "services/analytics/evaluation.h"
#include "tests/analytics/evaluation_panels.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

using testing::IndicatorPanel;

struct Draw {
  size_t panel = 0;
  size_t unit = 0;
  int start = 0;
  double change_sd = 0;
};

// Draws evaluable situations: the unit has >= 3 values in the pre-period window, >= 1 from the
// start on, and its pre-period changes vary (else k x SD is no effect at all).
std::vector<Draw> MakeDraws(const std::vector<IndicatorPanel>& panels, int n, unsigned seed,
                            const EvaluationOptions& o) {
  std::mt19937_64 rng(seed);
  std::vector<Draw> draws;
  while (static_cast<int>(draws.size()) < n) {
    Draw d;
    d.panel = std::uniform_int_distribution<size_t>(0, panels.size() - 1)(rng);
    const auto& units = panels[d.panel].units;
    d.unit = std::uniform_int_distribution<size_t>(0, units.size() - 1)(rng);
    const EvaluationSeries& s = units[d.unit].series;
    std::vector<int> years;
    for (const EvaluationPoint& p : s) {
      if (p.value) years.push_back(p.year);
    }
    if (years.size() < 4) continue;
    d.start = std::uniform_int_distribution<int>(years[3], years.back())(rng);
    int pre = 0, post = 0;
    for (int y : years) {
      pre += y >= d.start - o.max_pre_years && y < d.start;
      post += y >= d.start && y < d.start + o.max_post_years;
    }
    d.change_sd = testing::ChangeSdOfYears(s, d.start - o.max_pre_years, d.start - 1);
    if (pre < 3 || post < 1 || d.change_sd <= 0) continue;
    draws.push_back(d);
  }
  return draws;
}

struct Rates {
  int draws = 0;
  int effects = 0;     // effect verdicts (any direction)
  int detections = 0;  // effect verdicts in the injected direction
  std::map<EvaluationVerdict, int> verdicts;
  double seconds = 0;
  double rate() const { return draws ? static_cast<double>(detections) / draws : 0; }
  double effect_rate() const { return draws ? static_cast<double>(effects) / draws : 0; }
};

// Evaluates every draw with `k` x SD injected (k = 0: none).
Rates Measure(const std::vector<IndicatorPanel>& panels, const std::vector<Draw>& draws, double k,
              const EvaluationOptions& o) {
  Rates rates;
  const auto begin = std::chrono::steady_clock::now();
  for (const Draw& d : draws) {
    const IndicatorPanel& panel = panels[d.panel];
    const int sign = PolaritySign(panel.polarity) == 0 ? 1 : PolaritySign(panel.polarity);
    EvaluationUnit unit = panel.units[d.unit];
    unit.series = testing::WithEffect(unit.series, d.start, sign * k * d.change_sd);
    std::vector<EvaluationUnit> peers;
    for (size_t i = 0; i < panel.units.size(); ++i) {
      if (i != d.unit) peers.push_back(panel.units[i]);
    }
    auto result = EvaluateMeasure(unit, peers, d.start, panel.polarity, o);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) continue;
    ++rates.draws;
    ++rates.verdicts[result->verdict];
    if (std::getenv("INTEGRA_SWEEP_VERBOSE")) {
      std::printf(
          "  %-26s %s start %d pre %zu post %zu sd %.4g stat %.3g p %.3f gap %.4g did %.4g "
          "pre_rmspe %.4g %s\n",
          panel.code.c_str(), unit.unit_key.c_str(), d.start, result->pre_years.size(),
          result->post_years.size(), d.change_sd,
          result->inference ? result->inference->unit_statistic : -1,
          result->inference ? result->inference->p_value : -1,
          result->synthetic_control ? result->synthetic_control->mean_post_gap : 0,
          result->did_mean.value.value_or(0),
          result->synthetic_control ? result->synthetic_control->pre_rmspe : 0,
          EvaluationVerdictName(result->verdict).c_str());
    }
    if (!IsEffectVerdict(result->verdict)) continue;
    ++rates.effects;
    const double gap = result->synthetic_control->mean_post_gap;
    if ((gap > 0) == (sign > 0)) ++rates.detections;
  }
  rates.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return rates;
}

void Print(const char* what, const Rates& r) {
  std::printf(
      "%-28s draws %3d  effect verdicts %5.1f %%  in the injected direction %5.1f %%"
      "  (%.2f s, %.1f ms per evaluation)\n",
      what, r.draws, 100 * r.effect_rate(), 100 * r.rate(), r.seconds,
      1000 * r.seconds / std::max(1, r.draws));
  std::printf("    verdicts:");
  for (const auto& [v, n] : r.verdicts) std::printf(" %s %d", EvaluationVerdictName(v).c_str(), n);
  std::printf("\n");
}

class InkarEvaluationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    panels_ = new std::vector<IndicatorPanel>(testing::LoadInkarPanels());
  }
  static void TearDownTestSuite() { delete panels_; }
  static std::vector<IndicatorPanel>* panels_;
};
std::vector<IndicatorPanel>* InkarEvaluationTest::panels_ = nullptr;

// False positives: placebo start dates on the real series, nothing injected. Under the null the
// evaluated Kreis is exchangeable with its placebos, so about alpha = 10 % of the draws may end
// in an "effect" verdict (fewer when some draws are not evaluable). Goal <= 11 %; with 200
// draws the binomial SD at 10 % is 2.1 points, so the assertion allows 14 %.
TEST_F(InkarEvaluationTest, FalsePositiveRateStaysNearAlpha) {
  ASSERT_FALSE(panels_->empty());
  const EvaluationOptions o;
  const Rates r = Measure(*panels_, MakeDraws(*panels_, 200, 20261204, o), 0, o);
  Print("false positives (k = 0)", r);
  EXPECT_EQ(r.draws, 200);
  EXPECT_LE(r.effect_rate(), 0.14);
}

// Power: k x SD(pre-period year-on-year changes) added from a random start year on. Goal
// >= 80 % detections in the injected direction at k = 4; 100 draws give a binomial SD of
// 4 points, so the assertion allows 72 %. The rates must grow with k.
TEST_F(InkarEvaluationTest, DetectsInjectedEffects) {
  ASSERT_FALSE(panels_->empty());
  const EvaluationOptions o;
  const std::vector<Draw> draws = MakeDraws(*panels_, 100, 4711, o);
  const Rates k1 = Measure(*panels_, draws, 1, o);
  Print("power k = 1", k1);
  const Rates k2 = Measure(*panels_, draws, 2, o);
  Print("power k = 2", k2);
  const Rates k4 = Measure(*panels_, draws, 4, o);
  Print("power k = 4", k4);
  EXPECT_LE(k1.rate(), k2.rate());
  EXPECT_LE(k2.rate(), k4.rate());
  EXPECT_GE(k4.rate(), 0.72);
}

// A sweep over the design choices (donor pool, statistic, intercept); the table in
// docs/evaluation.md. Slow: run with --gtest_also_run_disabled_tests.
TEST_F(InkarEvaluationTest, DISABLED_DesignSweep) {
  ASSERT_FALSE(panels_->empty());
  struct Variant {
    const char* name;
    EvaluationOptions o;
  };
  std::vector<Variant> variants;
  auto add = [&](const char* name, int pool, EvaluationStatistic stat, bool intercept, int post,
                 EvaluationBaseline baseline) {
    EvaluationOptions o;
    o.donor_pool_size = pool;
    o.statistic = stat;
    o.fit_intercept = intercept;
    o.max_post_years = post;
    o.baseline = baseline;
    variants.push_back({name, o});
  };
  const auto stdgap = EvaluationStatistic::kStandardizedGap;
  const auto ratio = EvaluationStatistic::kRmspeRatio;
  const auto mean = EvaluationBaseline::kPreMean;
  const auto last = EvaluationBaseline::kLastPreYear;
  const char* only = std::getenv("INTEGRA_SWEEP_ONLY");
  auto want = [&](const char* tag) { return only == nullptr || std::strstr(only, tag) != nullptr; };
  if (want("A")) add("A 5 nearest, stdgap, icpt, post 5, mean", 5, stdgap, true, 5, mean);
  if (want("B")) add("B 5 nearest, stdgap, icpt, post 3, mean", 5, stdgap, true, 3, mean);
  if (want("C")) add("C 5 nearest, stdgap, icpt, post 5, last", 5, stdgap, true, 5, last);
  if (want("D")) add("D 5 nearest, stdgap, icpt, post 3, last", 5, stdgap, true, 3, last);
  if (want("E")) add("E 5 nearest, stdgap, icpt, post 2, last", 5, stdgap, true, 2, last);
  if (want("F")) add("F 10 nearest, ratio, plain, post 5, mean", 10, ratio, false, 5, mean);
  if (want("G")) add("G 10 nearest, stdgap, icpt, post 3, last", 10, stdgap, true, 3, last);
  const auto raw = EvaluationStatistic::kRawGap;
  const auto moderated = EvaluationStatistic::kModeratedGap;
  if (want("I")) add("I 5 nearest, raw gap, icpt, post 3, last", 5, raw, true, 3, last);
  if (want("J")) add("J 5 nearest, moderated, icpt, post 3, last", 5, moderated, true, 3, last);
  if (want("K")) add("K 5 nearest, moderated, icpt, post 2, last", 5, moderated, true, 2, last);
  if (want("L")) add("L 5 nearest, moderated, icpt, post 3, mean", 5, moderated, true, 3, mean);
  if (want("M")) add("M 5 nearest, moderated, icpt, post 1, last", 5, moderated, true, 1, last);
  if (want("N")) add("N 10 nearest, moderated, icpt, post 2, last", 10, moderated, true, 2, last);
  if (want("O")) add("O 5 nearest, moderated, icpt, post 2, mean", 5, moderated, true, 2, mean);
  const int n =
      std::getenv("INTEGRA_SWEEP_DRAWS") ? std::atoi(std::getenv("INTEGRA_SWEEP_DRAWS")) : 60;
  for (const Variant& v : variants) {
    const std::vector<Draw> draws = MakeDraws(*panels_, n, 20261204, v.o);
    std::printf("== %s\n", v.name);
    std::fflush(stdout);
    Print("k = 0 (false positives)", Measure(*panels_, draws, 0, v.o));
    Print("k = 2", Measure(*panels_, draws, 2, v.o));
    Print("k = 4", Measure(*panels_, draws, 4, v.o));
    std::fflush(stdout);
  }
}

}  // namespace
}  // namespace integra::monitoring::analytics
