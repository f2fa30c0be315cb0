#include "services/monitoring/indicators.h"

#include "gtest/gtest.h"
#include "services/monitoring/observations.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring {
namespace {

Indicator Share() {
  Indicator ind;
  ind.code = "AUSL_ANTEIL";
  ind.name_de = "Ausländeranteil";
  ind.unit = MeasureUnit::kPercent;
  ind.aggregation = {
      .kind = AggregationKind::kRatio, .numerator = "AUSL", .denominator = "BEV", .scale = 100};
  ind.dimensions = {{"sex", {"m", "f"}}, {"age_group", {"0-17", "18-64", "65+"}}};
  return ind;
}

TEST(IndicatorTest, CodeSyntax) {
  EXPECT_OK(ValidateIndicatorCode("AUSL_ANTEIL"));
  EXPECT_OK(ValidateIndicatorCode("SGB2_QUOTE"));
  EXPECT_STATUS(ValidateIndicatorCode("ausl_anteil"), absl::StatusCode::kInvalidArgument,
                "upper-case");
  EXPECT_STATUS(ValidateIndicatorCode("2ND"), absl::StatusCode::kInvalidArgument, "letter");
  EXPECT_STATUS(ValidateIndicatorCode("A-B"), absl::StatusCode::kInvalidArgument, "A-Z");
  EXPECT_STATUS(ValidateIndicatorCode("A"), absl::StatusCode::kInvalidArgument, "2-64");
  EXPECT_EQ(IndicatorNodeId("AUSL_ANTEIL"), "ind.ausl_anteil");
}

TEST(IndicatorTest, ValidatesAggregationAndDimensions) {
  EXPECT_OK(ValidateIndicator(Share()));
  Indicator no_den = Share();
  no_den.aggregation.denominator.clear();
  EXPECT_STATUS(ValidateIndicator(no_den), absl::StatusCode::kInvalidArgument,
                "needs a denominator");
  Indicator self = Share();
  self.aggregation.numerator = "AUSL_ANTEIL";
  EXPECT_STATUS(ValidateIndicator(self), absl::StatusCode::kInvalidArgument, "itself");
  Indicator sum_with_ref = Share();
  sum_with_ref.aggregation = {.kind = AggregationKind::kSum, .weight = "BEV"};
  EXPECT_STATUS(ValidateIndicator(sum_with_ref), absl::StatusCode::kInvalidArgument,
                "names no other");
  Indicator dup = Share();
  dup.dimensions.push_back({"sex", {"x"}});
  EXPECT_STATUS(ValidateIndicator(dup), absl::StatusCode::kInvalidArgument, "declared twice");
  Indicator bad_value = Share();
  bad_value.dimensions[0].values.push_back("a b");
  EXPECT_STATUS(ValidateIndicator(bad_value), absl::StatusCode::kInvalidArgument, "value 'a b'");
  Indicator other = Share();
  other.unit = MeasureUnit::kOther;
  EXPECT_STATUS(ValidateIndicator(other), absl::StatusCode::kInvalidArgument, "unit label");
}

TEST(BreakdownTest, EncodesCanonicallyAndRoundTrips) {
  Indicator ind = Share();
  ASSERT_OK_AND_ASSIGN(Breakdown bd, ParseBreakdown("age_group=65+, sex=f"));
  EXPECT_EQ(BreakdownText(ind, bd), "sex=f,age_group=65+");
  ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeBreakdown(ind, bd));
  EXPECT_EQ(bytes, std::string("\x02\x00\x01\x01\x02", 5));
  ASSERT_OK_AND_ASSIGN(Breakdown back, DecodeBreakdown(ind, bytes));
  EXPECT_EQ(back, bd);
  ASSERT_OK_AND_ASSIGN(std::string total, EncodeBreakdown(ind, {}));
  EXPECT_EQ(total, std::string(1, '\0'));
}

TEST(BreakdownTest, RejectsUnknownDimensionOrValue) {
  Indicator ind = Share();
  EXPECT_STATUS(EncodeBreakdown(ind, {{"nationality", "foreign"}}),
                absl::StatusCode::kInvalidArgument, "dimension 'nationality' is not declared");
  EXPECT_STATUS(EncodeBreakdown(ind, {{"sex", "d"}}), absl::StatusCode::kInvalidArgument,
                "allowed: m, f");
  EXPECT_STATUS(ParseBreakdown("sex"), absl::StatusCode::kInvalidArgument, "malformed");
  EXPECT_STATUS(ParseBreakdown("sex=m,sex=f"), absl::StatusCode::kInvalidArgument, "twice");
  EXPECT_STATUS(DecodeBreakdown(ind, std::string("\x01\x07\x00", 3)), absl::StatusCode::kDataLoss,
                "undeclared");
}

TEST(ObservationCheckTest, RejectsBadValuesWithReason) {
  Indicator ind = Share();
  Observation o{
      .indicator_code = "AUSL_ANTEIL", .unit_key = "01001", .period = "2016", .value = 12.5};
  ASSERT_OK_AND_ASSIGN(CheckedObservation c, CheckObservation(ind, o));
  EXPECT_EQ(c.level, UnitLevel::kKreis);
  o.value = 100.5;
  EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument, "percentage");
  o.value = -0.1;
  EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument, "percentage");
  o.value = std::nan("");
  EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument, "NaN");
  o.value = std::numeric_limits<double>::infinity();
  EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument, "infinity");
  o.value.reset();
  EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument, "SUPPRESSED");
  o.flags = kFlagSuppressed;
  EXPECT_OK(CheckObservation(ind, o));
  o.value = 5;
  o.period = "2016-07";
  EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument, "is a month");
  o.period = "2016";
  o.unit_key = "99001";
  EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument, "Land 99");
}

// Destatis symbols: "(12)" keeps the value; "x", "/", "..." mean there is none.
TEST(ObservationFlagTest, DestatisFlagsAndTheValue) {
  Indicator ind;
  ind.code = "ANT";
  ind.unit = MeasureUnit::kPercent;
  ind.periodicity = Periodicity::kYear;
  Observation o;
  o.indicator_code = "ANT";
  o.unit_key = "05315";
  o.period = "2021";
  o.value = 12;
  o.flags = kFlagLowReliability;
  EXPECT_OK(CheckObservation(ind, o));
  o.value.reset();
  EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument,
                "has no value; only a SUPPRESSED, BLOCKED, UNRELIABLE or NOT_YET_AVAILABLE");
  for (uint8_t flag : {kFlagBlocked, kFlagUnreliable, kFlagNotYetAvailable}) {
    o.flags = flag;
    o.value.reset();
    EXPECT_OK(CheckObservation(ind, o)) << FlagNames(flag);
    o.value = 3;
    EXPECT_STATUS(CheckObservation(ind, o), absl::StatusCode::kInvalidArgument,
                  "has value 3 but is flagged " + FlagNames(flag) +
                      ", which means there is no value");
  }
  o.flags = kFlagSuppressed;  // a suppressed value may be kept for those allowed to see it
  EXPECT_OK(CheckObservation(ind, o));
  o.unit_key = "DE";
  ASSERT_OK_AND_ASSIGN(CheckedObservation de, CheckObservation(ind, o));
  EXPECT_EQ(de.unit_key, "DG");
  o.unit_key = "053150000000";
  ASSERT_OK_AND_ASSIGN(CheckedObservation ars, CheckObservation(ind, o));
  EXPECT_EQ(ars.unit_key, "05315000");
}

TEST(ObservationFlagTest, NamesRoundTrip) {
  EXPECT_EQ(FlagNames(kFlagProvisional | kFlagSynthetic), "PROVISIONAL,SYNTHETIC");
  EXPECT_EQ(FlagNames(kAllFlags),
            "PROVISIONAL,ESTIMATED,SUPPRESSED,SYNTHETIC,LOW_RELIABILITY,BLOCKED,UNRELIABLE,"
            "NOT_YET_AVAILABLE");
  for (const char* name : {"low_reliability", "BLOCKED", "Unreliable", "not_yet_available"}) {
    EXPECT_OK(ParseFlag(name)) << name;
  }
  ASSERT_OK_AND_ASSIGN(ObservationFlag f, ParseFlag("suppressed"));
  EXPECT_EQ(f, kFlagSuppressed);
  EXPECT_STATUS(ParseFlag("final"), absl::StatusCode::kInvalidArgument, "PROVISIONAL");
}

}  // namespace
}  // namespace integra::monitoring
