#include "services/analytics/gaps.h"

#include "gtest/gtest.h"
#include "services/analytics/targets.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

TEST(GapsTest, DifferenceAlignsByPeriodAndKeepsMissingVisible) {
  // Unemployment rate of foreign nationals vs Germans.
  const Series foreigners = {{2019, 14.0}, {2020, 15.5}, {2021, std::nullopt}, {2022, 13.0}};
  const Series germans = {{2018, 5.0}, {2019, 5.5}, {2020, 6.0}, {2021, 5.5}, {2022, 5.0}};
  ASSERT_OK_AND_ASSIGN(std::vector<GapPoint> g,
                       ComputeGapSeries(foreigners, germans, GapKind::kDifference));
  ASSERT_EQ(g.size(), 5u);
  EXPECT_EQ(g[0].period, 2018);
  EXPECT_FALSE(g[0].gap.defined());
  EXPECT_EQ(g[0].gap.reason, "focus group has no value");  // absent from the focus series
  EXPECT_DOUBLE_EQ(*g[1].gap.value, 8.5);
  EXPECT_DOUBLE_EQ(*g[2].gap.value, 9.5);
  EXPECT_EQ(g[3].gap.reason, "focus group has no value");  // a gap point in the focus series
  EXPECT_EQ(*g[3].reference, 5.5);
  EXPECT_DOUBLE_EQ(*g[4].gap.value, 8.0);

  const Series as_series = GapAsSeries(g);
  EXPECT_EQ(
      as_series,
      (Series{{2018, std::nullopt}, {2019, 8.5}, {2020, 9.5}, {2021, std::nullopt}, {2022, 8.0}}));
}

TEST(GapsTest, RatioWithZeroDenominator) {
  const Series focus = {{2020, 3}, {2021, 4}, {2022, 2}, {2023, std::nullopt}};
  const Series reference = {{2020, 2}, {2021, 0}, {2022, 2}, {2023, std::nullopt}, {2024, 1}};
  ASSERT_OK_AND_ASSIGN(std::vector<GapPoint> g,
                       ComputeGapSeries(focus, reference, GapKind::kRatio));
  ASSERT_EQ(g.size(), 5u);
  EXPECT_DOUBLE_EQ(*g[0].gap.value, 1.5);
  EXPECT_FALSE(g[1].gap.defined());
  EXPECT_NE(g[1].gap.reason.find("reference value is 0"), std::string::npos);
  EXPECT_DOUBLE_EQ(*g[2].gap.value, 1.0);
  EXPECT_EQ(g[3].gap.reason, "both groups have no value");
  EXPECT_EQ(g[4].gap.reason, "focus group has no value");
  // Difference with a zero reference is fine.
  ASSERT_OK_AND_ASSIGN(std::vector<GapPoint> d,
                       ComputeGapSeries(focus, reference, GapKind::kDifference));
  EXPECT_DOUBLE_EQ(*d[1].gap.value, 4);
}

TEST(GapsTest, ReferenceMissing) {
  ASSERT_OK_AND_ASSIGN(std::vector<GapPoint> g,
                       ComputeGapSeries({{2020, 1}}, {{2020, std::nullopt}}, GapKind::kRatio));
  EXPECT_EQ(g[0].gap.reason, "reference group has no value");
  EXPECT_STATUS(ComputeGapSeries({{2021, 1}, {2020, 1}}, {}, GapKind::kRatio),
                absl::StatusCode::kInvalidArgument, "strictly increasing");
}

TEST(GapsTest, ParityIsTheNaturalTarget) {
  EXPECT_EQ(ParityValue(GapKind::kDifference), 0.0);
  EXPECT_EQ(ParityValue(GapKind::kRatio), 1.0);
  // A closing gap 10 -> 6 (2018..2022, -1/yr) reaches parity by 2028: on track for 2030.
  Series focus, reference;
  for (int y = 2018; y <= 2022; ++y) {
    focus.push_back({double(y), 15.0 - (y - 2018)});
    reference.push_back({double(y), 5.0});
  }
  ASSERT_OK_AND_ASSIGN(std::vector<GapPoint> g,
                       ComputeGapSeries(focus, reference, GapKind::kDifference));
  ASSERT_OK_AND_ASSIGN(TargetAssessment a,
                       AssessTarget(GapAsSeries(g),
                                    {.target_period = 2028,
                                     .target_value = ParityValue(GapKind::kDifference),
                                     .tolerance = 0.5},
                                    Polarity::kNeutral));
  EXPECT_EQ(a.status, TargetStatus::kOnTrack) << a.reason;
}

TEST(GapsTest, KindNames) {
  ASSERT_OK_AND_ASSIGN(GapKind k, ParseGapKind("Ratio"));
  EXPECT_EQ(k, GapKind::kRatio);
  EXPECT_EQ(GapKindName(GapKind::kDifference), "difference");
  EXPECT_STATUS(ParseGapKind("quotient"), absl::StatusCode::kInvalidArgument, "difference");
}

}  // namespace
}  // namespace integra::monitoring::analytics
