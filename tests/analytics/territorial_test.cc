#include "services/analytics/territorial.h"

#include <map>

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

std::map<std::string, ConvertedValue> ByKey(const std::vector<ConvertedValue>& v) {
  std::map<std::string, ConvertedValue> m;
  for (const ConvertedValue& c : v) m.emplace(c.unit_key, c);
  return m;
}

// Merge A+B -> C, split D -> E (60 %) and F (40 %), X unchanged.
const std::vector<BoundaryChange> kReform = {
    {"A", "C", 1.0}, {"B", "C", 1.0}, {"D", "E", 0.6}, {"D", "F", 0.4}};

TEST(TerritorialTest, MergeAndSplitOfASumIndicator) {
  ASSERT_OK_AND_ASSIGN(std::vector<ConvertedValue> out,
                       ConvertToBoundaries({{"A", 100}, {"B", 50}, {"D", 1000}, {"X", 7}}, kReform,
                                           AggregationKind::kSum));
  ASSERT_EQ(out.size(), 4u);        // C, E, F, X: A, B, D no longer exist
  EXPECT_EQ(out[0].unit_key, "C");  // sorted by key
  auto m = ByKey(out);
  EXPECT_DOUBLE_EQ(*m["C"].value.value, 150);
  EXPECT_TRUE(m["C"].changed);
  EXPECT_EQ(m["C"].inputs, (std::vector<std::string>{"A", "B"}));
  EXPECT_DOUBLE_EQ(*m["E"].value.value, 600);
  EXPECT_DOUBLE_EQ(*m["F"].value.value, 400);
  EXPECT_EQ(m["F"].inputs, std::vector<std::string>{"D"});
  EXPECT_DOUBLE_EQ(*m["X"].value.value, 7);
  EXPECT_FALSE(m["X"].changed);
}

TEST(TerritorialTest, IncompleteInputsAreMarkedNotDropped) {
  ASSERT_OK_AND_ASSIGN(std::vector<ConvertedValue> out,
                       ConvertToBoundaries({{"A", 100}, {"B", std::nullopt}, {"X", std::nullopt}},
                                           kReform, AggregationKind::kSum));
  auto m = ByKey(out);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_FALSE(m["C"].value.defined());
  EXPECT_NE(m["C"].value.reason.find("B has no value"), std::string::npos) << m["C"].value.reason;
  EXPECT_NE(m["E"].value.reason.find("D is absent"), std::string::npos) << m["E"].value.reason;
  EXPECT_FALSE(m["F"].value.defined());
  EXPECT_EQ(m["X"].value.reason, "no value");
}

TEST(TerritorialTest, MissingShareIsMarked) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<ConvertedValue> out,
      ConvertToBoundaries({{"D", 1000}}, {{"D", "E", 0.6}, {"D", "F", std::nullopt}},
                          AggregationKind::kSum));
  auto m = ByKey(out);
  EXPECT_DOUBLE_EQ(*m["E"].value.value, 600);
  EXPECT_NE(m["F"].value.reason.find("share of D in F unknown"), std::string::npos);
}

TEST(TerritorialTest, NonSumIndicatorsOnlyPassUnchangedUnits) {
  ASSERT_OK_AND_ASSIGN(std::vector<ConvertedValue> out,
                       ConvertToBoundaries({{"A", 10.5}, {"B", 8.0}, {"D", 5}, {"X", 7.25}},
                                           kReform, AggregationKind::kRatio));
  auto m = ByKey(out);
  EXPECT_NE(m["C"].value.reason.find("not additive"), std::string::npos);
  EXPECT_FALSE(m["E"].value.defined());
  EXPECT_FALSE(m["F"].value.defined());
  EXPECT_DOUBLE_EQ(*m["X"].value.value, 7.25);
}

TEST(TerritorialTest, AbsorbingUnitKeepsItsOwnTerritory) {
  // C existed before and absorbs A.
  ASSERT_OK_AND_ASSIGN(
      std::vector<ConvertedValue> out,
      ConvertToBoundaries({{"A", 100}, {"C", 40}}, {{"A", "C", 1.0}}, AggregationKind::kSum));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_DOUBLE_EQ(*out[0].value.value, 140);
  EXPECT_EQ(out[0].inputs, (std::vector<std::string>{"C", "A"}));
  // Part of G moves to H; G stays with 70 % (explicit G -> G).
  ASSERT_OK_AND_ASSIGN(std::vector<ConvertedValue> part,
                       ConvertToBoundaries({{"G", 1000}, {"H", 10}},
                                           {{"G", "G", 0.7}, {"G", "H", 0.3}}, AggregationKind::kSum));
  auto m = ByKey(part);
  EXPECT_DOUBLE_EQ(*m["G"].value.value, 700);
  EXPECT_DOUBLE_EQ(*m["H"].value.value, 310);
}

TEST(TerritorialTest, ChainsApplyOneChangeAtATime) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<ConvertedValue> step1,
      ConvertToBoundaries({{"A", 100}, {"B", 50}, {"D", 1000}}, kReform, AggregationKind::kSum));
  CrossSection mid;
  for (const ConvertedValue& c : step1) mid.push_back({c.unit_key, c.value.value});
  ASSERT_OK_AND_ASSIGN(
      std::vector<ConvertedValue> step2,
      ConvertToBoundaries(mid, {{"C", "Z", 1.0}, {"E", "Z", 1.0}}, AggregationKind::kSum));
  auto m = ByKey(step2);
  EXPECT_DOUBLE_EQ(*m["Z"].value.value, 750);
  EXPECT_DOUBLE_EQ(*m["F"].value.value, 400);
}

TEST(TerritorialTest, InvalidMappings) {
  EXPECT_STATUS(
      ConvertToBoundaries({{"D", 1}}, {{"D", "E", 0.7}, {"D", "F", 0.4}}, AggregationKind::kSum),
      absl::StatusCode::kInvalidArgument, "add up to");
  EXPECT_STATUS(ConvertToBoundaries({{"D", 1}}, {{"D", "E", 1.5}}, AggregationKind::kSum),
                absl::StatusCode::kInvalidArgument, "[0, 1]");
  EXPECT_STATUS(
      ConvertToBoundaries({{"D", 1}}, {{"D", "E", 0.5}, {"D", "E", 0.5}}, AggregationKind::kSum),
      absl::StatusCode::kInvalidArgument, "listed twice");
  EXPECT_STATUS(ConvertToBoundaries({{"D", 1}, {"D", 2}}, {}, AggregationKind::kSum),
                absl::StatusCode::kInvalidArgument, "twice");
  EXPECT_STATUS(ConvertToBoundaries({}, {{"", "E", 1}}, AggregationKind::kSum),
                absl::StatusCode::kInvalidArgument, "empty");
}

}  // namespace
}  // namespace integra::monitoring::analytics
