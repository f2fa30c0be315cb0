#include "services/analytics/trends.h"

#include <cmath>
#include <random>

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

Series Annual(double first_year, std::vector<std::optional<double>> values) {
  Series s;
  for (size_t i = 0; i < values.size(); ++i) s.push_back({first_year + i, values[i]});
  return s;
}

TEST(SeriesTest, ValidationRejectsMalformedSeries) {
  EXPECT_OK(ValidateSeries({}));
  EXPECT_OK(ValidateSeries(Annual(2020, {1, std::nullopt, 3})));
  EXPECT_STATUS(ValidateSeries({{2021, 1}, {2020, 2}}), absl::StatusCode::kInvalidArgument,
                "strictly increasing");
  EXPECT_STATUS(ValidateSeries({{2021, 1}, {2021, 2}}), absl::StatusCode::kInvalidArgument,
                "strictly increasing");
  EXPECT_STATUS(ValidateSeries({{2021, NAN}}), absl::StatusCode::kInvalidArgument, "not finite");
  EXPECT_STATUS(ValidateSeries({{INFINITY, 1}}), absl::StatusCode::kInvalidArgument,
                "period is not finite");
  EXPECT_STATUS(FitLinearTrend({{2021, INFINITY}}), absl::StatusCode::kInvalidArgument,
                "not finite");
}

TEST(TrendsTest, CagrKnownValue) {
  Figure cagr = Cagr(2020, 100, 2022, 121);
  ASSERT_TRUE(cagr.defined());
  EXPECT_NEAR(*cagr.value, 0.10, 1e-12);
  EXPECT_NEAR(*Cagr(2000, 50, 2001, 25).value, -0.5, 1e-12);
  EXPECT_NEAR(*Cagr(0, 7, 10, 7).value, 0.0, 1e-15);
}

TEST(TrendsTest, CagrOutsideItsDomainIsUndefinedWithReason) {
  Figure f = Cagr(2020, 0, 2022, 121);
  EXPECT_FALSE(f.defined());
  EXPECT_NE(f.reason.find("positive start value"), std::string::npos) << f.reason;
  EXPECT_NE(Cagr(2020, -5, 2022, 10).reason.find("positive start value"), std::string::npos);
  EXPECT_NE(Cagr(2020, 5, 2022, 0).reason.find("positive end value"), std::string::npos);
  EXPECT_NE(Cagr(2022, 5, 2022, 6).reason.find("end period after"), std::string::npos);
  EXPECT_NE(Cagr(2022, 5, 2020, 6).reason.find("end period after"), std::string::npos);
  EXPECT_FALSE(Cagr(2020, NAN, 2022, 1).defined());
}

TEST(TrendsTest, RelativeChange) {
  EXPECT_NEAR(*RelativeChange(100, 121).value, 0.21, 1e-12);
  EXPECT_NEAR(*RelativeChange(-10, -5).value, 0.5, 1e-12);  // went up: positive
  EXPECT_NEAR(*RelativeChange(-10, -15).value, -0.5, 1e-12);
  Figure f = RelativeChange(0, 5);
  EXPECT_FALSE(f.defined());
  EXPECT_NE(f.reason.find("from 0"), std::string::npos);
}

TEST(TrendsTest, ExactLineHasKnownSlopeAndPerfectFit) {
  Series s;
  for (int y = 2010; y <= 2020; ++y) s.push_back({double(y), 3.0 + 2.0 * y});
  ASSERT_OK_AND_ASSIGN(LinearTrend fit, FitLinearTrend(s));
  EXPECT_EQ(fit.points, 11);
  EXPECT_NEAR(*fit.slope.value, 2.0, 1e-12);
  EXPECT_NEAR(*fit.intercept.value, 3.0, 1e-8);
  EXPECT_NEAR(*fit.r_squared.value, 1.0, 1e-12);
  EXPECT_NEAR(*fit.ValueAt(2030).value, 4063.0, 1e-9);
}

TEST(TrendsTest, SmallHandComputedFit) {
  // x = 1,2,3; y = 1,3,2: Sxx = 2, Sxy = 1, Syy = 2 -> slope 0.5, intercept 1, R^2 = 0.25.
  ASSERT_OK_AND_ASSIGN(LinearTrend fit, FitLinearTrend({{1, 1}, {2, 3}, {3, 2}}));
  EXPECT_NEAR(*fit.slope.value, 0.5, 1e-15);
  EXPECT_NEAR(*fit.intercept.value, 1.0, 1e-15);
  EXPECT_NEAR(*fit.r_squared.value, 0.25, 1e-15);
}

TEST(TrendsTest, FitSkipsGaps) {
  ASSERT_OK_AND_ASSIGN(
      LinearTrend with_gaps,
      FitLinearTrend(Annual(2015, {std::nullopt, 4, std::nullopt, 8, 9, std::nullopt})));
  ASSERT_OK_AND_ASSIGN(LinearTrend observed, FitLinearTrend({{2016, 4}, {2018, 8}, {2019, 9}}));
  EXPECT_EQ(with_gaps.points, 3);
  EXPECT_DOUBLE_EQ(*with_gaps.slope.value, *observed.slope.value);
  EXPECT_DOUBLE_EQ(*with_gaps.r_squared.value, *observed.r_squared.value);
}

TEST(TrendsTest, TooFewPointsAndZeroVarianceAreExplicit) {
  ASSERT_OK_AND_ASSIGN(LinearTrend one, FitLinearTrend(Annual(2020, {5, std::nullopt})));
  EXPECT_EQ(one.points, 1);
  EXPECT_FALSE(one.slope.defined());
  EXPECT_NE(one.slope.reason.find("at least 2"), std::string::npos);
  EXPECT_FALSE(one.ValueAt(2030).defined());
  ASSERT_OK_AND_ASSIGN(LinearTrend none, FitLinearTrend({}));
  EXPECT_FALSE(none.r_squared.defined());

  // 0.1 is not exact in binary; the mean of three 0.1s must still give slope exactly 0.
  ASSERT_OK_AND_ASSIGN(LinearTrend flat, FitLinearTrend(Annual(2020, {0.1, 0.1, 0.1})));
  EXPECT_EQ(*flat.slope.value, 0.0);
  EXPECT_EQ(*flat.intercept.value, 0.1);
  EXPECT_FALSE(flat.r_squared.defined());
  EXPECT_NE(flat.r_squared.reason.find("no variance"), std::string::npos);
  EXPECT_EQ(*flat.ValueAt(2050).value, 0.1);

  ASSERT_OK_AND_ASSIGN(LinearTrend two, FitLinearTrend(Annual(2020, {1, 4})));
  EXPECT_NEAR(*two.r_squared.value, 1.0, 1e-15);
}

// Independent reference: textbook raw-sum normal equations on small integer periods.
TEST(TrendsTest, RandomSeriesMatchNormalEquations) {
  std::mt19937 rng(20240501);
  std::uniform_real_distribution<double> value(-50, 50);
  std::bernoulli_distribution gap(0.2);
  for (int trial = 0; trial < 300; ++trial) {
    const int len = 2 + static_cast<int>(rng() % 20);
    Series s;
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    for (int i = 0; i < len; ++i) {
      if (gap(rng)) {
        s.push_back({double(i), std::nullopt});
        continue;
      }
      const double y = value(rng);
      s.push_back({double(i), y});
      n += 1, sx += i, sy += y, sxx += i * i, sxy += i * y, syy += y * y;
    }
    ASSERT_OK_AND_ASSIGN(LinearTrend fit, FitLinearTrend(s));
    if (n < 2) {
      EXPECT_FALSE(fit.slope.defined());
      continue;
    }
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const double intercept = (sy - slope * sx) / n;
    const double r = (n * sxy - sx * sy) / std::sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    EXPECT_NEAR(*fit.slope.value, slope, 1e-9);
    EXPECT_NEAR(*fit.intercept.value, intercept, 1e-8);
    EXPECT_NEAR(*fit.r_squared.value, r * r, 1e-9);
    EXPECT_NEAR(*fit.ValueAt(len + 5).value, intercept + slope * (len + 5), 1e-8);
  }
}

TEST(TrendsTest, MovingAverageTrailingWindow) {
  ASSERT_OK_AND_ASSIGN(Series ma, MovingAverage(Annual(2018, {1, 2, 3, 4, 5}), {.window = 3}));
  ASSERT_EQ(ma.size(), 5u);
  EXPECT_EQ(ma[0], (SeriesPoint{2018, std::nullopt}));  // no shrinking window at the start
  EXPECT_EQ(ma[1], (SeriesPoint{2019, std::nullopt}));
  EXPECT_EQ(ma[2], (SeriesPoint{2020, 2.0}));
  EXPECT_EQ(ma[3], (SeriesPoint{2021, 3.0}));
  EXPECT_EQ(ma[4], (SeriesPoint{2022, 4.0}));

  ASSERT_OK_AND_ASSIGN(Series identity,
                       MovingAverage(Annual(2018, {1, std::nullopt, 3}), {.window = 1}));
  EXPECT_EQ(identity, Annual(2018, {1, std::nullopt, 3}));
}

TEST(TrendsTest, MovingAverageGaps) {
  const Series s = Annual(2018, {2, std::nullopt, 4, 6, 8});
  // Default: every value in the window must be observed.
  ASSERT_OK_AND_ASSIGN(Series strict, MovingAverage(s, {.window = 2}));
  EXPECT_EQ(strict, Annual(2018, {std::nullopt, std::nullopt, std::nullopt, 5, 7}));
  // min_observed 1: average of what is there.
  ASSERT_OK_AND_ASSIGN(Series lenient, MovingAverage(s, {.window = 2, .min_observed = 1}));
  EXPECT_EQ(lenient, Annual(2018, {std::nullopt, 2, 4, 5, 7}));

  EXPECT_STATUS(MovingAverage(s, {.window = 0}), absl::StatusCode::kInvalidArgument, ">= 1");
  EXPECT_STATUS(MovingAverage(s, {.window = 2, .min_observed = 3}),
                absl::StatusCode::kInvalidArgument, "min_observed");
  ASSERT_OK_AND_ASSIGN(Series longer_than_series, MovingAverage(s, {.window = 9}));
  EXPECT_EQ(ObservedPoints(longer_than_series).size(), 0u);
}

TEST(TrendsTest, SummaryUsesFirstAndLastObservedPoints) {
  ASSERT_OK_AND_ASSIGN(
      TrendSummary s,
      SummarizeTrend(Annual(2019, {std::nullopt, 100, std::nullopt, 121, std::nullopt})));
  EXPECT_EQ(s.points, 5);
  EXPECT_EQ(s.observed_points, 2);
  EXPECT_EQ(s.first, (SeriesPoint{2020, 100}));
  EXPECT_EQ(s.last, (SeriesPoint{2022, 121}));
  EXPECT_DOUBLE_EQ(*s.absolute_change.value, 21);
  EXPECT_NEAR(*s.relative_change.value, 0.21, 1e-12);
  EXPECT_NEAR(*s.cagr.value, 0.10, 1e-12);  // over the observed span of two years
  EXPECT_NEAR(*s.linear.slope.value, 10.5, 1e-12);
}

TEST(TrendsTest, SummaryOfNegativeOrSparseSeries) {
  ASSERT_OK_AND_ASSIGN(TrendSummary neg, SummarizeTrend(Annual(2020, {-2, -1})));
  EXPECT_DOUBLE_EQ(*neg.absolute_change.value, 1);
  EXPECT_NEAR(*neg.relative_change.value, 0.5, 1e-12);
  EXPECT_FALSE(neg.cagr.defined());
  EXPECT_NE(neg.cagr.reason.find("positive"), std::string::npos);

  ASSERT_OK_AND_ASSIGN(TrendSummary one, SummarizeTrend(Annual(2020, {std::nullopt, 3})));
  EXPECT_EQ(one.first, one.last);
  EXPECT_FALSE(one.absolute_change.defined());
  EXPECT_FALSE(one.cagr.defined());

  ASSERT_OK_AND_ASSIGN(TrendSummary empty, SummarizeTrend({}));
  EXPECT_FALSE(empty.first.has_value());
  EXPECT_FALSE(empty.relative_change.defined());
}

}  // namespace
}  // namespace integra::monitoring::analytics
