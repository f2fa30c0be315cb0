// Analyses of one unit's series through storage: trends, targets (stored, assessed by the
// projected trend with polarity), gap indicators computed on read.
#include <cmath>

#include "tests/monitoring/analytics_fixture.h"

namespace integra::monitoring {
namespace {

using analytics::TargetStatus;

class SeriesQueriesTest : public AnalyticsFixture {
 protected:
  void PutSeries(const std::string& code, const std::string& unit,
                 const std::vector<std::pair<std::string, double>>& points,
                 const Breakdown& bd = {}) {
    for (const auto& [period, value] : points) Put(code, unit, period, value, bd);
  }
};

TEST_F(SeriesQueriesTest, TrendSpellsOutMissingPeriodsAndComputesTheFigures) {
  CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
  PutSeries("ALQ", "01051001", {{"2010", 10}, {"2011", 9}, {"2013", 7}, {"2014", 6}});
  Put("ALQ", "01051001", "2015", std::nullopt, {}, kFlagSuppressed);
  ASSERT_OK_AND_ASSIGN(
      TrendResult t,
      queries_->Trend({.indicator_code = "ALQ", .unit_key = "01051001", .window = 2}));
  ASSERT_EQ(t.series.periods.size(), 6u);  // 2010..2015, 2012 and 2015 as gaps
  EXPECT_FALSE(t.series.series[2].value.has_value());
  EXPECT_FALSE(t.series.series[5].value.has_value());  // suppressed
  EXPECT_EQ(t.summary.observed_points, 4);
  EXPECT_DOUBLE_EQ(*t.summary.absolute_change.value, -4);
  EXPECT_DOUBLE_EQ(*t.summary.relative_change.value, -0.4);
  EXPECT_NEAR(*t.summary.cagr.value, std::pow(0.6, 1.0 / 4) - 1, 1e-12);
  EXPECT_NEAR(*t.summary.linear.slope.value, -1, 1e-12);
  EXPECT_NEAR(*t.summary.linear.r_squared.value, 1, 1e-12);
  // Window 2: defined only where both points of the window have a value.
  ASSERT_EQ(t.moving_average.size(), 6u);
  EXPECT_FALSE(t.moving_average[0].value.has_value());
  EXPECT_DOUBLE_EQ(*t.moving_average[1].value, 9.5);
  EXPECT_FALSE(t.moving_average[2].value.has_value());
  EXPECT_FALSE(t.moving_average[3].value.has_value());
  EXPECT_DOUBLE_EQ(*t.moving_average[4].value, 6.5);
  EXPECT_EQ(t.series.sources, std::vector<std::string>{"test"});

  // A range restricts the series.
  ASSERT_OK_AND_ASSIGN(t, queries_->Trend({.indicator_code = "ALQ",
                                           .unit_key = "01051001",
                                           .from_period = "2013",
                                           .to_period = "2014"}));
  EXPECT_EQ(t.series.periods.size(), 2u);
  EXPECT_DOUBLE_EQ(*t.summary.absolute_change.value, -1);
  EXPECT_STATUS(queries_->Trend({.indicator_code = "ALQ", .unit_key = "01051001", .window = 0}),
                absl::StatusCode::kInvalidArgument, "window");
  EXPECT_STATUS(queries_->Trend({.indicator_code = "NOPE", .unit_key = "01051001"}),
                absl::StatusCode::kNotFound, "NOPE");
}

TEST_F(SeriesQueriesTest, TargetsAreStoredAndAssessedWithPolarity) {
  CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
  PutSeries("ALQ", "01051001", {{"2010", 8}, {"2011", 7}, {"2012", 6}, {"2013", 5}});
  auto target = [](const std::string& period, double value) {
    return IndicatorTarget{.ref = {"ALQ", "1051001", {}, period}, .target_value = value};
  };
  // A malformed key is refused; the canonical form "01051001" needs the leading zero.
  EXPECT_STATUS(targets_->Set(target("2016", 2), "t"), absl::StatusCode::kInvalidArgument,
                "1051001");
  auto set = [&](const std::string& period, double value) {
    IndicatorTarget t = target(period, value);
    t.ref.unit_key = "01051001";
    return targets_->Set(t, "planner");
  };
  ASSERT_OK(set("2016", 2));  // projection 2016 = 2: met            -> on track
  ASSERT_OK(set("2015", 2));  // projection 3: 2 of 3 needed points  -> at risk
  ASSERT_OK(set("2014", 2));  // projection 4: 1 of 3                -> off track
  EXPECT_STATUS(set("2016-Q1", 2), absl::StatusCode::kInvalidArgument, "quarter");
  EXPECT_STATUS(set("2016", 120), absl::StatusCode::kInvalidArgument, "0-100");

  ReopenAll();  // targets persist
  ASSERT_OK_AND_ASSIGN(auto statuses, queries_->TargetStatus("ALQ", "01051001", {}, ""));
  ASSERT_EQ(statuses.size(), 3u);
  EXPECT_EQ(statuses[0].target.ref.target_period, "2014");
  EXPECT_EQ(statuses[0].assessment.status, TargetStatus::kOffTrack);
  EXPECT_EQ(statuses[1].assessment.status, TargetStatus::kAtRisk);
  EXPECT_EQ(statuses[2].assessment.status, TargetStatus::kOnTrack);
  EXPECT_EQ(statuses[2].target.updated_by, "planner");
  EXPECT_NEAR(*statuses[2].assessment.projected_value.value, 2, 1e-9);

  // Higher is better: the same falling series heads away from a target of 10.
  CreateRateIndicator("QUOTE", Polarity::kHigherIsBetter);
  PutSeries("QUOTE", "01051001", {{"2010", 8}, {"2011", 7}, {"2012", 6}, {"2013", 5}});
  ASSERT_OK(targets_->Set({.ref = {"QUOTE", "01051001", {}, "2016"}, .target_value = 10}, "t"));
  ASSERT_OK_AND_ASSIGN(statuses, queries_->TargetStatus("QUOTE", "01051001", {}, "2016"));
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].assessment.status, TargetStatus::kOffTrack);

  // Baseline by period: its value is read from the series.
  ASSERT_OK(targets_->Set(
      {.ref = {"ALQ", "01051001", {}, "2020"}, .target_value = 4, .baseline_period = "2011"}, "t"));
  ASSERT_OK_AND_ASSIGN(statuses, queries_->TargetStatus("ALQ", "01051001", {}, "2020"));
  EXPECT_NEAR(*statuses[0].assessment.progress.value, (5.0 - 7) / (4.0 - 7), 1e-12);

  ASSERT_OK(targets_->Delete({"ALQ", "01051001", {}, "2014"}));
  EXPECT_STATUS(targets_->Get({"ALQ", "01051001", {}, "2014"}), absl::StatusCode::kNotFound,
                "no target");
  ASSERT_OK_AND_ASSIGN(auto all, targets_->List("", ""));
  EXPECT_EQ(all.size(), 4u);
  // Deleting the indicator deletes its targets.
  ASSERT_OK(observations_->DeleteIndicator("QUOTE", /*force=*/true, "t"));
  ASSERT_OK_AND_ASSIGN(all, targets_->List("", ""));
  EXPECT_EQ(all.size(), 3u);
}

class GapTest : public SeriesQueriesTest {
 protected:
  void SetUp() override {
    SeriesQueriesTest::SetUp();
    CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
    ASSERT_NO_FATAL_FAILURE(CreateGapIndicator());
    const Breakdown foreign{{"nationality", "foreign"}}, german{{"nationality", "german"}};
    PutSeries("ALQ", "01051001", {{"2014", 15}, {"2015", 14}, {"2016", 12}}, foreign);
    PutSeries("ALQ", "01051001", {{"2014", 6}, {"2015", 6}}, german);
    PutSeries("ALQ", "01051002", {{"2016", 10}}, foreign);
    PutSeries("ALQ", "01051002", {{"2016", 7}}, german);
    PutSeries("ALQ", "05962004", {{"2016", 11}}, foreign);
    PutSeries("ALQ", "05962004", {{"2016", 4}}, german);
  }
};

TEST_F(GapTest, GapValuesAreComputedOnReadAndNeverStored) {
  ASSERT_OK_AND_ASSIGN(auto series, queries_->reader().Series(
                                        {.indicator_code = "ALQ_GAP", .unit_keys = {"01051001"}}));
  ASSERT_EQ(series[0].points.size(), 3u);
  EXPECT_EQ(series[0].points[0].value, 9);
  EXPECT_EQ(series[0].points[1].value, 8);
  EXPECT_FALSE(series[0].points[2].value.has_value());
  EXPECT_EQ(series[0].points[2].footnote, "reference group has no value");
  EXPECT_NE(series[0].points[0].derivation.find("nationality=foreign (15)"), std::string::npos)
      << series[0].points[0].derivation;
  EXPECT_EQ(series[0].points[0].source, "test");

  // Nothing is stored under the gap indicator, and nothing can be.
  EXPECT_EQ(*observations_->CountObservations("ALQ_GAP"), 0);
  ASSERT_OK_AND_ASSIGN(IngestResult r,
                       observations_->Ingest({Obs("ALQ_GAP", "01051001", "2016", 1)}, "t"));
  ASSERT_FALSE(r.applied);
  EXPECT_EQ(r.rejected[0].status.code(), absl::StatusCode::kFailedPrecondition);
  // The base cannot go while the gap needs it.
  EXPECT_STATUS(observations_->DeleteIndicator("ALQ", true, "t"),
                absl::StatusCode::kFailedPrecondition, "base of gap indicator ALQ_GAP");
  // A correction of the base shows up at once.
  Put("ALQ", "01051001", "2016", 8, {{"nationality", "german"}});
  ASSERT_OK_AND_ASSIGN(
      series, queries_->reader().Series({.indicator_code = "ALQ_GAP", .unit_keys = {"01051001"}}));
  EXPECT_EQ(series[0].points[2].value, 4);

  // The definition survives a restart.
  ReopenAll();
  ASSERT_OK_AND_ASSIGN(IndicatorInfo info, catalog_->Get("ALQ_GAP"));
  ASSERT_TRUE(info.indicator.gap.has_value());
  EXPECT_EQ(info.indicator.gap->reference, "german");
  EXPECT_EQ(info.indicator.periodicity, Periodicity::kYear);
}

TEST_F(GapTest, GapIndicatorsWorkInTrendsComparisonsTargetsAndParity) {
  ASSERT_OK_AND_ASSIGN(TrendResult t,
                       queries_->Trend({.indicator_code = "ALQ_GAP", .unit_key = "01051001"}));
  EXPECT_EQ(t.summary.observed_points, 2);
  EXPECT_DOUBLE_EQ(*t.summary.absolute_change.value, -1);

  // 2016 gaps: 01051002 3, 05962004 7; 01051001 has none (no German value).
  ASSERT_OK_AND_ASSIGN(
      CompareResult c,
      queries_->Compare({.indicator_code = "ALQ_GAP", .unit_key = "01051002", .period = "2016"}));
  EXPECT_EQ(c.comparison.distribution.n, 2);
  EXPECT_EQ(c.comparison.position->rank, 1);  // lower gap is better

  ASSERT_OK(targets_->Set({.ref = {"ALQ_GAP", "01051001", {}, "2023"}, .target_value = 0}, "t"));
  ASSERT_OK_AND_ASSIGN(auto statuses, queries_->TargetStatus("ALQ_GAP", "01051001", {}, ""));
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].assessment.status, TargetStatus::kOnTrack);  // 8 in 2015, -1/yr

  ASSERT_OK_AND_ASSIGN(
      GapResult g,
      queries_->Gap({.gap_code = "ALQ_GAP", .unit_key = "01051001", .target_period = "2030"}));
  ASSERT_EQ(g.points.size(), 3u);
  EXPECT_EQ(g.periods[2].ToString(), "2016");
  EXPECT_EQ(g.points[0].focus, 15);
  EXPECT_EQ(g.points[0].reference, 6);
  EXPECT_FALSE(g.points[2].gap.defined());
  EXPECT_EQ(g.parity, 0);
  ASSERT_TRUE(g.parity_assessment.has_value());
  EXPECT_NE(g.parity_assessment->status, TargetStatus::kUnknown);

  // An ad-hoc ratio gap, nothing stored.
  ASSERT_OK_AND_ASSIGN(
      g, queries_->Gap({.definition = GapDefinition{.base = "ALQ",
                                                    .dimension = "nationality",
                                                    .focus = "foreign",
                                                    .reference = "german",
                                                    .kind = analytics::GapKind::kRatio},
                        .unit_key = "01051001"}));
  EXPECT_DOUBLE_EQ(*g.points[0].gap.value, 2.5);
  EXPECT_EQ(g.parity, 1);
  EXPECT_STATUS(queries_->Gap({.gap_code = "ALQ", .unit_key = "01051001"}),
                absl::StatusCode::kInvalidArgument, "no gap indicator");
  EXPECT_STATUS(queries_->Gap({.definition = GapDefinition{.base = "ALQ",
                                                           .dimension = "nationality",
                                                           .focus = "foreign",
                                                           .reference = "swiss"},
                               .unit_key = "01051001"}),
                absl::StatusCode::kInvalidArgument, "swiss");
}

TEST_F(GapTest, GapDefinitionsAreChecked) {
  Indicator gap;
  gap.code = "BAD_GAP";
  gap.name_de = "x";
  gap.gap = GapDefinition{.base = "ALQ", .dimension = "sex", .focus = "f", .reference = "m"};
  EXPECT_STATUS(catalog_->Create(gap, {}, "t"), absl::StatusCode::kInvalidArgument,
                "no dimension 'sex'");
  gap.gap = GapDefinition{
      .base = "ALQ", .dimension = "nationality", .focus = "foreign", .reference = "foreign"};
  EXPECT_STATUS(catalog_->Create(gap, {}, "t"), absl::StatusCode::kInvalidArgument, "differ");
  gap.gap = GapDefinition{
      .base = "ALQ_GAP", .dimension = "nationality", .focus = "foreign", .reference = "german"};
  EXPECT_STATUS(catalog_->Create(gap, {}, "t"), absl::StatusCode::kInvalidArgument, "itself a gap");
}

}  // namespace
// Twins: Bochum is Kreis 05911 and Gemeinde 05911000, one territory. A series read with twins
// fills the periods one key lacks from the other (keeping the key a point is stored under) and
// lists the periods in which both hold different usable values.
TEST_F(SeriesQueriesTest, TwinsFillEachOthersPeriodsAndListWhereTheyDiffer) {
  CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
  PutSeries("ALQ", "05911", {{"2019", 10}, {"2020", 9}, {"2022", 7}});
  PutSeries("ALQ", "05911000", {{"2020", 9}, {"2021", 8.5}, {"2022", 7.4}});
  Put("ALQ", "05911000", "2023", 6, {}, kFlagSuppressed);
  Put("ALQ", "05911", "2023", 5);  // differs from a suppressed value: not listed

  ASSERT_OK_AND_ASSIGN(
      std::vector<UnitSeries> own,
      queries_->reader().Series({.indicator_code = "ALQ", .unit_keys = {"05911"}}));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].points.size(), 4u);  // 2019, 2020, 2022, 2023: the asked key only
  EXPECT_EQ(own[0].twin_key, "");

  ASSERT_OK_AND_ASSIGN(std::vector<UnitSeries> both,
                       queries_->reader().Series({.indicator_code = "ALQ",
                                                  .unit_keys = {"05911", "05962", "05911000"},
                                                  .with_twins = true}));
  ASSERT_EQ(both.size(), 3u);
  auto periods_and_keys = [](const UnitSeries& s) {
    std::vector<std::string> out;
    for (const Observation& o : s.points) out.push_back(o.period + "@" + o.unit_key);
    return out;
  };
  EXPECT_EQ(both[0].twin_key, "05911000");
  EXPECT_EQ(periods_and_keys(both[0]),
            (std::vector<std::string>{"2019@05911", "2020@05911", "2021@05911000", "2022@05911",
                                      "2023@05911"}));
  EXPECT_DOUBLE_EQ(*both[0].points[2].value, 8.5);
  ASSERT_EQ(both[0].twin_differences.size(), 1u);  // 2020 agrees, 2023's twin is suppressed
  EXPECT_EQ(both[0].twin_differences[0].period, "2022");
  EXPECT_DOUBLE_EQ(both[0].twin_differences[0].value, 7);
  EXPECT_DOUBLE_EQ(both[0].twin_differences[0].twin_value, 7.4);
  EXPECT_EQ(both[0].twin_differences[0].twin_source, "test");

  EXPECT_EQ(both[1].twin_key, "");  // a Landkreis has one key
  EXPECT_TRUE(both[1].points.empty());

  EXPECT_EQ(both[2].twin_key, "05911");
  EXPECT_EQ(periods_and_keys(both[2]),
            (std::vector<std::string>{"2019@05911", "2020@05911000", "2021@05911000",
                                      "2022@05911000", "2023@05911000"}));
  ASSERT_EQ(both[2].twin_differences.size(), 1u);
  EXPECT_DOUBLE_EQ(both[2].twin_differences[0].value, 7.4);
  EXPECT_DOUBLE_EQ(both[2].twin_differences[0].twin_value, 7);

  // The range applies to both keys.
  ASSERT_OK_AND_ASSIGN(both, queries_->reader().Series({.indicator_code = "ALQ",
                                                        .unit_keys = {"05911"},
                                                        .from_period = "2021",
                                                        .to_period = "2021",
                                                        .with_twins = true}));
  EXPECT_EQ(periods_and_keys(both[0]), (std::vector<std::string>{"2021@05911000"}));
}

}  // namespace integra::monitoring
