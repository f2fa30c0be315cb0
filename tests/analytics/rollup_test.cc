#include "services/analytics/rollup.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

TEST(RollUpTest, SumReportsCoverage) {
  const std::vector<MemberValue> members = {{.unit_key = "a", .value = 100},
                                            {.unit_key = "b", .value = 50},
                                            {.unit_key = "c"},
                                            {.unit_key = "d", .value = 0}};
  ASSERT_OK_AND_ASSIGN(RollUpResult r, RollUp(members, AggregationKind::kSum));
  EXPECT_DOUBLE_EQ(*r.value.value, 150);
  EXPECT_EQ(r.members_total, 4);
  EXPECT_EQ(r.members_reporting, 3);
  EXPECT_DOUBLE_EQ(*r.coverage.value, 0.75);
  EXPECT_EQ(r.not_reporting, std::vector<std::string>{"c"});

  ASSERT_OK_AND_ASSIGN(RollUpResult strict,
                       RollUp(members, AggregationKind::kSum, {.min_coverage = 1}));
  EXPECT_FALSE(strict.value.defined());
  EXPECT_NE(strict.value.reason.find("coverage 3/4"), std::string::npos) << strict.value.reason;
  EXPECT_DOUBLE_EQ(*strict.coverage.value, 0.75);
}

TEST(RollUpTest, RatioOfSums) {
  // Unemployment rate of a Kreis from its Gemeinden: 100 * sum(unemployed) / sum(labour force).
  const std::vector<MemberValue> members = {
      {.unit_key = "a", .value = 10, .numerator = 50, .denominator = 500},
      {.unit_key = "b", .value = 5, .numerator = 25, .denominator = 500},
      {.unit_key = "c", .value = 99, .numerator = 9},  // no denominator: not reporting
  };
  ASSERT_OK_AND_ASSIGN(RollUpResult r, RollUp(members, AggregationKind::kRatio, {.ratio_factor = 100}));
  EXPECT_DOUBLE_EQ(*r.value.value, 7.5);  // 75 / 1000, member c excluded
  EXPECT_EQ(r.members_reporting, 2);
  EXPECT_EQ(r.not_reporting, std::vector<std::string>{"c"});

  // Unequal denominators show the difference to a plain mean of rates.
  ASSERT_OK_AND_ASSIGN(RollUpResult skewed,
                       RollUp({{.unit_key = "a", .numerator = 10, .denominator = 100},
                               {.unit_key = "b", .numerator = 30, .denominator = 900}},
                              AggregationKind::kRatio, {.ratio_factor = 100}));
  EXPECT_DOUBLE_EQ(*skewed.value.value, 4.0);

  ASSERT_OK_AND_ASSIGN(
      RollUpResult zero,
      RollUp({{.unit_key = "a", .numerator = 0, .denominator = 0}}, AggregationKind::kRatio));
  EXPECT_EQ(zero.value.reason, "sum of denominators is 0");
}

TEST(RollUpTest, WeightedMean) {
  ASSERT_OK_AND_ASSIGN(RollUpResult r, RollUp({{.unit_key = "a", .value = 10, .weight = 1000},
                                               {.unit_key = "b", .value = 20, .weight = 3000},
                                               {.unit_key = "c", .value = 99}},  // no weight
                                              AggregationKind::kWeightedMean));
  EXPECT_DOUBLE_EQ(*r.value.value, 17.5);
  EXPECT_EQ(r.members_reporting, 2);
  ASSERT_OK_AND_ASSIGN(RollUpResult zero, RollUp({{.unit_key = "a", .value = 1, .weight = 0}},
                                                 AggregationKind::kWeightedMean));
  EXPECT_EQ(zero.value.reason, "sum of weights is 0");
}

TEST(RollUpTest, NotAggregatableAndInvalidInput) {
  EXPECT_STATUS(RollUp({{.unit_key = "a", .value = 1}}, AggregationKind::kNone),
                absl::StatusCode::kFailedPrecondition, "not aggregatable");
  EXPECT_STATUS(
      RollUp({{.unit_key = "a", .value = 1}, {.unit_key = "a", .value = 2}}, AggregationKind::kSum),
      absl::StatusCode::kInvalidArgument, "twice");
  EXPECT_STATUS(RollUp({{.unit_key = "a", .value = 1, .weight = -1}}, AggregationKind::kWeightedMean),
                absl::StatusCode::kInvalidArgument, "weight must be >= 0");
  EXPECT_STATUS(RollUp({{.unit_key = "a", .numerator = 1, .denominator = -5}}, AggregationKind::kRatio),
                absl::StatusCode::kInvalidArgument, "denominator");
  EXPECT_STATUS(RollUp({{.unit_key = "a", .value = NAN}}, AggregationKind::kSum),
                absl::StatusCode::kInvalidArgument, "not finite");
  EXPECT_STATUS(RollUp({}, AggregationKind::kSum, {.min_coverage = 2}),
                absl::StatusCode::kInvalidArgument, "min_coverage");
}

TEST(RollUpTest, EmptyAndNothingReporting) {
  ASSERT_OK_AND_ASSIGN(RollUpResult empty, RollUp({}, AggregationKind::kSum));
  EXPECT_EQ(empty.members_total, 0);
  EXPECT_FALSE(empty.coverage.defined());
  EXPECT_FALSE(empty.value.defined());
  ASSERT_OK_AND_ASSIGN(RollUpResult none, RollUp({{.unit_key = "a"}}, AggregationKind::kSum));
  EXPECT_DOUBLE_EQ(*none.coverage.value, 0);
  EXPECT_EQ(none.value.reason, "no member reports a value");
}

TEST(RollUpTest, OfficialValueTakesPrecedence) {
  OfficialVsComputed both = CompareWithOfficial(1000.0, Figure::Of(990));
  EXPECT_EQ(both.source, ValueSource::kOfficial);
  EXPECT_DOUBLE_EQ(*both.effective.value, 1000);
  EXPECT_DOUBLE_EQ(*both.computed.value, 990);
  EXPECT_DOUBLE_EQ(*both.difference.value, -10);
  EXPECT_DOUBLE_EQ(*both.relative_difference.value, -0.01);

  OfficialVsComputed computed_only = CompareWithOfficial(std::nullopt, Figure::Of(990));
  EXPECT_EQ(computed_only.source, ValueSource::kComputed);
  EXPECT_DOUBLE_EQ(*computed_only.effective.value, 990);
  EXPECT_EQ(computed_only.difference.reason, "no official value");

  OfficialVsComputed official_only =
      CompareWithOfficial(5.0, Figure::Undefined("no member reports a value"));
  EXPECT_EQ(official_only.source, ValueSource::kOfficial);
  EXPECT_FALSE(official_only.difference.defined());

  OfficialVsComputed neither = CompareWithOfficial(std::nullopt, Figure::Undefined("no members"));
  EXPECT_EQ(neither.source, ValueSource::kNone);
  EXPECT_NE(neither.effective.reason.find("no members"), std::string::npos);

  EXPECT_FALSE(CompareWithOfficial(0.0, Figure::Of(3)).relative_difference.defined());
}

}  // namespace
}  // namespace integra::monitoring::analytics
