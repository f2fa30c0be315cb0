#include "services/monitoring/periods.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring {
namespace {

TEST(PeriodTest, ParsesAndFormatsAllKinds) {
  ASSERT_OK_AND_ASSIGN(Period y, ParsePeriod("2016"));
  EXPECT_EQ(y.periodicity(), Periodicity::kYear);
  EXPECT_EQ(y.ToString(), "2016");
  ASSERT_OK_AND_ASSIGN(Period q, ParsePeriod("2016-Q3"));
  EXPECT_EQ(q.periodicity(), Periodicity::kQuarter);
  EXPECT_EQ(q.ToString(), "2016-Q3");
  ASSERT_OK_AND_ASSIGN(Period m, ParsePeriod("2016-07"));
  EXPECT_EQ(m.periodicity(), Periodicity::kMonth);
  EXPECT_EQ(m.ToString(), "2016-07");
  EXPECT_EQ(Period::FromCode(m.code()), m);
}

TEST(PeriodTest, CodesSortInTimeOrder) {
  auto code = [](const char* text) { return ParsePeriod(text).value().code(); };
  EXPECT_LT(code("2015"), code("2016"));
  EXPECT_LT(code("2016-Q1"), code("2016-Q4"));
  EXPECT_LT(code("2016-Q4"), code("2017-Q1"));
  EXPECT_LT(code("2016-09"), code("2016-10"));
  EXPECT_LT(code("2016-12"), code("2017-01"));
}

TEST(PeriodTest, RejectsMalformedWithReason) {
  EXPECT_STATUS(ParsePeriod("16"), absl::StatusCode::kInvalidArgument, "4-digit year");
  EXPECT_STATUS(ParsePeriod("20166"), absl::StatusCode::kInvalidArgument, "four digits");
  EXPECT_STATUS(ParsePeriod("2016-13"), absl::StatusCode::kInvalidArgument, "month 13");
  EXPECT_STATUS(ParsePeriod("2016-Q5"), absl::StatusCode::kInvalidArgument, "quarter 5");
  EXPECT_STATUS(ParsePeriod("1700"), absl::StatusCode::kInvalidArgument, "outside");
  EXPECT_STATUS(ParsePeriod("2016-H1"), absl::StatusCode::kInvalidArgument, "unrecognised");
}

TEST(PeriodTest, MustMatchThePeriodicity) {
  EXPECT_OK(ParsePeriodFor("2016", Periodicity::kYear));
  EXPECT_STATUS(ParsePeriodFor("2016-Q3", Periodicity::kYear), absl::StatusCode::kInvalidArgument,
                "is a quarter");
  EXPECT_STATUS(ParsePeriodFor("2016", Periodicity::kMonth), absl::StatusCode::kInvalidArgument,
                "observed per month");
}

}  // namespace
}  // namespace integra::monitoring
