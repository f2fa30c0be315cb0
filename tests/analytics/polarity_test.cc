#include "services/analytics/polarity.h"

#include "gtest/gtest.h"
#include "services/analytics/aggregation.h"
#include "services/analytics/peer_stats.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring {
namespace {

TEST(PolarityTest, PersistedValuesAreStable) {
  // Persisted: these numbers must never change.
  EXPECT_EQ(static_cast<int>(Polarity::kHigherIsBetter), 1);
  EXPECT_EQ(static_cast<int>(Polarity::kLowerIsBetter), 2);
  EXPECT_EQ(static_cast<int>(Polarity::kNeutral), 3);
  EXPECT_EQ(static_cast<int>(AggregationKind::kNone), 1);
  EXPECT_EQ(static_cast<int>(AggregationKind::kSum), 2);
  EXPECT_EQ(static_cast<int>(AggregationKind::kRatio), 3);
  EXPECT_EQ(static_cast<int>(AggregationKind::kWeightedMean), 4);
}

TEST(PolarityTest, NamesRoundTrip) {
  for (Polarity p : kAllPolarities) {
    ASSERT_OK_AND_ASSIGN(Polarity back, ParsePolarity(PolarityName(p)));
    EXPECT_EQ(back, p);
  }
  for (AggregationKind a : kAllAggregationKinds) {
    ASSERT_OK_AND_ASSIGN(AggregationKind back, ParseAggregationKind(AggregationKindName(a)));
    EXPECT_EQ(back, a);
  }
  ASSERT_OK_AND_ASSIGN(Polarity upper, ParsePolarity("Lower_Is_Better"));
  EXPECT_EQ(upper, Polarity::kLowerIsBetter);
  EXPECT_STATUS(ParsePolarity("up"), absl::StatusCode::kInvalidArgument, "higher_is_better");
  EXPECT_STATUS(ParseAggregationKind("avg"), absl::StatusCode::kInvalidArgument, "weighted_mean");
  EXPECT_EQ(analytics::QuartilePositionName(analytics::QuartilePosition::kUpperMiddle),
            "upper_middle");
}

TEST(PolarityTest, Sign) {
  EXPECT_EQ(PolaritySign(Polarity::kHigherIsBetter), 1);
  EXPECT_EQ(PolaritySign(Polarity::kLowerIsBetter), -1);
  EXPECT_EQ(PolaritySign(Polarity::kNeutral), 0);
}

}  // namespace
}  // namespace integra::monitoring
