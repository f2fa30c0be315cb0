// MeasureEvaluator over real RocksDB in a temp dir, on the constructed case of
// evaluation_scenario.h: hand-derived DiD, placebo inference and verdict, flags and breaks
// mapped from stored observations, peers skipped for lack of data, peer choice, and the errors
// for unknown, generic and unlinked measures and unlinked indicators.
#include "services/monitoring/measure_evaluation.h"

#include <utility>

#include "gtest/gtest.h"
#include "tests/monitoring/evaluation_scenario.h"
#include "tests/testing/engine_parts.h"
#include "tests/testing/temp_dir.h"

namespace integra::monitoring {
namespace {

namespace es = evaluation_scenario;
using analytics::EvaluationVerdict;

class MeasureEvaluationTest : public ::testing::Test, protected testing::EngineParts {
 protected:
  void SetUp() override {
    OpenEngine({.data_dir = dir_.path()});
    es::Load(*engine_);
  }
  void TearDown() override { CloseEngine(); }

  absl::StatusOr<MeasureEvaluation> Evaluate(const std::string& measure,
                                             const std::string& indicator = "",
                                             PeerSelection peers = {}) const {
    return engine_->evaluator().Evaluate(
        {.measure_id = measure, .indicator_code = indicator, .peers = std::move(peers)});
  }

  testing::TempDir dir_;
};

TEST_F(MeasureEvaluationTest, EstimatesMatchTheHandDerivedDifferenceInDifferences) {
  ASSERT_OK_AND_ASSIGN(MeasureEvaluation e, Evaluate(es::kMeasure, "eva_a"));
  EXPECT_EQ(e.unit_key, es::kUnit);
  EXPECT_EQ(e.unit_name, "Dithmarschen");
  EXPECT_EQ(e.start_year, 2014);
  EXPECT_EQ(e.goal_ids, std::vector<std::string>{"goal.01051.ziel"});
  ASSERT_EQ(e.indicators.size(), 1u);
  const IndicatorEvaluation& a = e.indicators[0];
  EXPECT_EQ(a.indicator->code, "EVA_A");
  const analytics::EvaluationResult& r = a.result;
  EXPECT_EQ(r.pre_years, (std::vector<int>{2010, 2011, 2012, 2013}));
  EXPECT_EQ(r.post_years, (std::vector<int>{2014, 2015}));
  ASSERT_EQ(r.did.size(), 2u);
  EXPECT_EQ(r.did[0].year, 2014);
  EXPECT_NEAR(r.did[0].unit_change, 5.0, 1e-9);
  EXPECT_NEAR(r.did[0].peer_median_change, 0.55, 1e-9);
  EXPECT_NEAR(r.did[0].estimate, es::kDid2014, 1e-9);
  EXPECT_NEAR(r.did[1].estimate, es::kDid2015, 1e-9);
  ASSERT_TRUE(r.did_mean.defined());
  EXPECT_NEAR(*r.did_mean.value, (es::kDid2014 + es::kDid2015) / 2, 1e-9);

  // Peers: 12 Landkreise besides the unit; 03153 has no value (skipped here), 03154 a gap
  // (dropped by the method); the ten complete ones are used and each is a placebo.
  EXPECT_EQ(a.peers_in_set, 12);
  EXPECT_EQ(a.peers_without_data, 1);
  EXPECT_EQ(r.peers_given, 11);
  EXPECT_EQ(r.peers_dropped_incomplete, 1);
  EXPECT_EQ(r.peers_used, 10);
  ASSERT_TRUE(r.inference.has_value());
  EXPECT_EQ(r.inference->placebos, 10);
  EXPECT_NEAR(r.inference->p_value_floor, 1.0 / 11, 1e-12);
  EXPECT_NEAR(r.inference->p_value, 1.0 / 11, 1e-12);
  EXPECT_EQ(r.inference->rank, 1);
  EXPECT_EQ(r.verdict, EvaluationVerdict::kEffectImprovement);
  EXPECT_NE(r.verdict_de.find("2015"), std::string::npos) << r.verdict_de;

  // The synthetic control tracks the pre-period and its effect is about the unit's jump.
  ASSERT_TRUE(r.synthetic_control.has_value());
  EXPECT_LT(r.synthetic_control->pre_rmspe, 0.2);
  EXPECT_GT(r.synthetic_control->mean_post_gap, 4.0);
  EXPECT_LT(r.synthetic_control->mean_post_gap, 6.0);
  ASSERT_FALSE(a.top_donors.empty());
  EXPECT_EQ(a.top_donors.front().name, "Kreis " + a.top_donors.front().unit_key);

  // Flags of stored observations: the unit's provisional 2015 value is named; the peer's
  // synthetic 2014 value is counted.
  ASSERT_EQ(a.flagged_values.size(), 1u);
  EXPECT_EQ(a.flagged_values[0].year, 2015);
  EXPECT_TRUE(a.flagged_values[0].provisional);
  EXPECT_FALSE(a.flagged_values[0].synthetic);
  EXPECT_EQ(r.peer_flagged_values, 1);
}

TEST_F(MeasureEvaluationTest, EveryIndicatorOfTheGoalsAndAStoredSeriesBreak) {
  ASSERT_OK_AND_ASSIGN(MeasureEvaluation e, Evaluate(es::kMeasure));
  ASSERT_EQ(e.indicators.size(), 2u);
  EXPECT_EQ(e.indicators[0].indicator->code, "EVA_A");
  EXPECT_EQ(e.indicators[1].indicator->code, "EVA_B");
  EXPECT_EQ(e.indicators[1].result.verdict, EvaluationVerdict::kSeriesBreakAtStart);
  EXPECT_TRUE(e.indicators[1].result.did.empty());
}

TEST_F(MeasureEvaluationTest, LandPeersAreTheUnitsLandOnly) {
  ASSERT_OK_AND_ASSIGN(PeerSelection land, ParsePeerSelection("land"));
  ASSERT_OK_AND_ASSIGN(MeasureEvaluation e, Evaluate(es::kMeasure, "EVA_A", land));
  const IndicatorEvaluation& a = e.indicators[0];
  EXPECT_EQ(a.peers_in_set, 9);  // 01053 ... 01061
  EXPECT_EQ(a.peers_without_data, 0);
  EXPECT_EQ(a.result.peers_used, 9);
  // Peers' 2014 changes 0.1 .. 0.9 (k = 1 .. 9): median 0.5.
  EXPECT_NEAR(a.result.did[0].estimate, 5.0 - 0.5, 1e-9);
  ASSERT_TRUE(a.result.inference.has_value());
  EXPECT_NEAR(a.result.inference->p_value_floor, 0.1, 1e-12);
}

TEST_F(MeasureEvaluationTest, AnIndicatorNodeWithoutCatalogEntryIsReportedNotFailed) {
  using knowledge::EdgeType;
  using knowledge::NodeType;
  knowledge::KnowledgeDocument doc;
  doc.nodes = {
      {.id = "ind.ohne_katalog", .type = NodeType::kIndicator, .title_de = "Ohne Katalog"},
      {.id = "goal.01051.zwei", .type = NodeType::kGoal, .title_de = "Ziel", .owner = es::kUnit},
      {.id = "ms.01051.zwei",
       .type = NodeType::kMeasure,
       .title_de = "Zweite",
       .owner = es::kUnit,
       .measure = {.start_date = "2014-01-01", .status = knowledge::MeasureStatus::kPlanned}}};
  doc.edges = {
      {.from = "ind.ohne_katalog", .to = "goal.01051.zwei", .type = EdgeType::kMeasures},
      {.from = "ind.eva_a", .to = "goal.01051.zwei", .type = EdgeType::kMeasures},
      {.from = "ms.01051.zwei", .to = "goal.01051.zwei", .type = EdgeType::kContributesTo}};
  ASSERT_OK(knowledge_->Apply(doc, {}, "tester").status());
  ASSERT_OK_AND_ASSIGN(MeasureEvaluation e, Evaluate("ms.01051.zwei"));
  ASSERT_EQ(e.indicators.size(), 2u);
  EXPECT_EQ(e.indicators[0].indicator->code, "EVA_A");
  EXPECT_EQ(e.indicators[0].result.verdict, EvaluationVerdict::kEffectImprovement);
  EXPECT_EQ(e.indicators[1].indicator->code, "OHNE_KATALOG");
  EXPECT_NE(e.indicators[1].not_evaluated.find("no entry in the indicator catalog"),
            std::string::npos)
      << e.indicators[1].not_evaluated;
}

TEST_F(MeasureEvaluationTest, ClearErrors) {
  EXPECT_STATUS(Evaluate("ms.unknown").status(), absl::StatusCode::kNotFound, "ms.unknown");
  EXPECT_STATUS(Evaluate("ms.generic").status(), absl::StatusCode::kFailedPrecondition,
                "INSTANCE_OF");
  EXPECT_STATUS(Evaluate("af.eva").status(), absl::StatusCode::kFailedPrecondition,
                "not a unit's own measure");
  EXPECT_STATUS(Evaluate("ms.01051.ohne-ziel").status(), absl::StatusCode::kFailedPrecondition,
                "CONTRIBUTES_TO");
  EXPECT_STATUS(Evaluate("ms.01051.ohne-ind").status(), absl::StatusCode::kFailedPrecondition,
                "link an indicator to one of them with MEASURES");
  EXPECT_STATUS(Evaluate(es::kMeasure, "EVA_C").status(), absl::StatusCode::kInvalidArgument,
                "EVA_A, EVA_B");
  EXPECT_STATUS(Evaluate(es::kMeasure, "", {.scope = PeerScope::kGroup, .group = "nope"}).status(),
                absl::StatusCode::kNotFound, "nope");
}

}  // namespace
}  // namespace integra::monitoring
