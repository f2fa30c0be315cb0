// Roll-ups from Gemeinden (coverage, official values taking precedence) and territorial reforms:
// a merger and a split recorded through storage, series converted to a chosen Gebietsstand.
#include "tests/monitoring/analytics_fixture.h"

namespace integra::monitoring {
namespace {

using analytics::ValueSource;

class RollUpQueriesTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    CreateShareIndicators();  // BEV, AUSL (sum), AUSL_ANTEIL = AUSL / BEV x 100
    for (const auto& [unit, bev, ausl] :
         std::vector<std::tuple<std::string, double, double>>{{"01051001", 10000, 1000},
                                                              {"01051002", 8000, 400},
                                                              {"01051003", 1000, 100},
                                                              {"01001000", 92550, 9255},
                                                              {"01002000", 247717, 24772}}) {
      Put("BEV", unit, "2016", bev);
      Put("AUSL", unit, "2016", ausl);
    }
    // 01051004 reports nothing. The official Kreis figure for Dithmarschen differs.
    Put("BEV", "01051", "2016", 26000);
  }
  absl::StatusOr<RollUpResultSet> Run(const std::string& code, UnitLevel level,
                                      const std::string& parent = "") {
    return queries_->RollUp(
        {.indicator_code = code, .period = "2016", .level = level, .parent_key = parent});
  }
};

TEST_F(RollUpQueriesTest, KreisValuesFromGemeindenWithCoverageAndOfficialPrecedence) {
  ASSERT_OK_AND_ASSIGN(RollUpResultSet r, Run("BEV", UnitLevel::kKreis, "01"));
  ASSERT_EQ(r.rows.size(), 3u);  // 01001, 01002, 01051
  const RollUpRow& dith = r.rows[2];
  EXPECT_EQ(dith.unit_key, "01051");
  EXPECT_EQ(dith.name, "Dithmarschen");
  EXPECT_EQ(dith.rollup.members_total, 4);
  EXPECT_EQ(dith.rollup.members_reporting, 3);
  EXPECT_DOUBLE_EQ(*dith.rollup.coverage.value, 0.75);
  EXPECT_EQ(dith.rollup.not_reporting, std::vector<std::string>{"01051004"});
  EXPECT_DOUBLE_EQ(*dith.values.computed.value, 19000);
  EXPECT_EQ(dith.values.official, 26000);
  EXPECT_EQ(dith.values.source, ValueSource::kOfficial);
  EXPECT_DOUBLE_EQ(*dith.values.effective.value, 26000);
  EXPECT_DOUBLE_EQ(*dith.values.difference.value, -7000);
  // A kreisfreie Stadt's Kreis value comes from its single Gemeinde.
  EXPECT_EQ(r.rows[0].unit_key, "01001");
  EXPECT_DOUBLE_EQ(*r.rows[0].values.effective.value, 92550);
  EXPECT_EQ(r.rows[0].values.source, ValueSource::kComputed);
  EXPECT_EQ(r.rows[0].rollup.members_total, 1);
}

TEST_F(RollUpQueriesTest, RollUpsFollowRegisterWritesAndValidity) {
  ASSERT_OK_AND_ASSIGN(RollUpResultSet r, Run("BEV", UnitLevel::kKreis, "01051"));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].rollup.members_total, 4);
  // A new Gemeinde of Dithmarschen, valid from 2017: not a member in 2016; once its validity
  // starts earlier, it is (the register index follows every unit write).
  Unit neu{.key = "01051005",
           .name = "Wesselburen",
           .type = UnitType::kKreisangehoerigeGemeinde,
           .population = 3300,
           .valid_from = "2017-01-01"};
  ASSERT_OK(units_->Upsert(neu));
  Put("BEV", "01051005", "2016", 3300);
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kKreis, "01051"));
  EXPECT_EQ(r.rows[0].rollup.members_total, 4);
  EXPECT_DOUBLE_EQ(*r.rows[0].values.computed.value, 19000);
  neu.valid_from = "2016-01-01";
  ASSERT_OK(units_->Upsert(neu));
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kKreis, "01051"));
  EXPECT_EQ(r.rows[0].rollup.members_total, 5);
  EXPECT_DOUBLE_EQ(*r.rows[0].values.computed.value, 22300);
  // Land and Bund sum every reporting Gemeinde below them.
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kLand, "01"));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(*r.rows[0].values.computed.value, 10000 + 8000 + 1000 + 92550 + 247717 + 3300);
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kBund));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].unit_key, "DG");
  EXPECT_GE(*r.rows[0].values.computed.value, 10000 + 8000 + 1000 + 92550 + 247717 + 3300);
}

TEST_F(RollUpQueriesTest, RatiosRollUpFromNumeratorAndDenominator) {
  ASSERT_OK_AND_ASSIGN(RollUpResultSet r, Run("AUSL_ANTEIL", UnitLevel::kLand, ""));
  ASSERT_EQ(r.rows.size(), 2u);  // 01 and 05
  EXPECT_EQ(r.rows[0].unit_key, "01");
  const double ausl = 1000 + 400 + 100 + 9255 + 24772, bev = 10000 + 8000 + 1000 + 92550 + 247717;
  EXPECT_NEAR(*r.rows[0].values.computed.value, 100 * ausl / bev, 1e-9);
  EXPECT_EQ(r.rows[0].rollup.members_total, 6);
  EXPECT_FALSE(r.rows[1].values.computed.defined());  // NRW: no member reports
  EXPECT_EQ(r.rows[1].rollup.members_reporting, 0);

  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kBund));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].unit_key, "DG");
  EXPECT_DOUBLE_EQ(*r.rows[0].values.computed.value, bev);
  EXPECT_EQ(r.rows[0].rollup.members_total, 11);

  EXPECT_STATUS(Run("BEV", UnitLevel::kGemeinde), absl::StatusCode::kInvalidArgument,
                "kreis, land or bund");
  CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);  // aggregation none
  EXPECT_STATUS(Run("ALQ", UnitLevel::kKreis), absl::StatusCode::kFailedPrecondition,
                "cannot be rolled up");
}

// Regression (issue 15): the inhabited gemeindefreie Gebiete (register type 65, e.g. 03351501
// Lohheide, 748 inhabitants) were left out of every roll-up while coverage said 100 %.
// Uninhabited ones (type 66) are members only when they hold a value.
TEST_F(RollUpQueriesTest, QualityFlagsOfTheMembersValuesPassToTheComputedValue) {
  // Heide's BEV becomes provisional and (12)-like low-reliability, Albersdorf's AUSL SYNTHETIC;
  // Brunsbüttel's AUSL stays plain. A suppressed value counts for nothing.
  Put("BEV", "01051001", "2016", 10000, {}, kFlagProvisional | kFlagLowReliability);
  Put("AUSL", "01051003", "2016", 100, {}, kFlagSynthetic);
  Put("AUSL", "01051004", "2016", 50, {}, kFlagSuppressed | kFlagEstimated);
  ASSERT_OK_AND_ASSIGN(RollUpResultSet r, Run("BEV", UnitLevel::kKreis, "01051"));
  EXPECT_EQ(r.rows[0].computed_flags, kFlagProvisional | kFlagLowReliability);
  ASSERT_OK_AND_ASSIGN(r, Run("AUSL", UnitLevel::kKreis, "01051"));
  EXPECT_EQ(r.rows[0].computed_flags, kFlagSynthetic);  // the suppressed value is not added
  // A ratio uses numerator and denominator: both members' flags.
  ASSERT_OK_AND_ASSIGN(r, Run("AUSL_ANTEIL", UnitLevel::kKreis, "01051"));
  EXPECT_EQ(r.rows[0].computed_flags, kFlagProvisional | kFlagLowReliability | kFlagSynthetic);
  // Kiel's values carry no flag.
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kKreis, "01002"));
  EXPECT_EQ(r.rows[0].computed_flags, 0);
  // The Land adds Dithmarschen's Gemeinden too.
  ASSERT_OK_AND_ASSIGN(r, Run("AUSL", UnitLevel::kLand, "01"));
  EXPECT_EQ(r.rows[0].computed_flags, kFlagSynthetic);
}

TEST_F(RollUpQueriesTest, InhabitedGemeindefreieGebieteAreMembersOfEveryRollUp) {
  auto gebiet = [](const std::string& key, const std::string& code, int64_t population) {
    return Unit{.key = key,
                .name = "Gebiet " + key,
                .type = UnitType::kGemeindefreiesGebiet,
                .population = population,
                .official_type_code = code};
  };
  ASSERT_OK_AND_ASSIGN(UnitBatchResult b,
                       units_->UpsertBatch({gebiet("01051501", "65", 748),  // inhabited
                                            gebiet("01051502", "66", 0),    // forest
                                            gebiet("05962501", "65", 4437)}));
  ASSERT_TRUE(b.applied);
  Put("BEV", "01051501", "2016", 748);  // 05962501 reports nothing

  ASSERT_OK_AND_ASSIGN(RollUpResultSet r, Run("BEV", UnitLevel::kKreis, "01051"));
  ASSERT_EQ(r.rows.size(), 1u);
  // Heide 10,000 + Brunsbüttel 8,000 + Albersdorf 1,000 + Gebiet 748; Meldorf missing; the forest
  // without a value is no member.
  EXPECT_DOUBLE_EQ(*r.rows[0].values.computed.value, 19748);
  EXPECT_EQ(r.rows[0].rollup.members_total, 5);
  EXPECT_EQ(r.rows[0].rollup.members_reporting, 4);
  EXPECT_DOUBLE_EQ(*r.rows[0].rollup.coverage.value, 0.8);

  // Märkischer Kreis: the inhabited Gebiet without a value lowers coverage (4 members, 0 report).
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kKreis, "05962"));
  EXPECT_EQ(r.rows[0].rollup.members_total, 4);
  EXPECT_EQ(r.rows[0].rollup.not_reporting,
            (std::vector<std::string>{"05962004", "05962008", "05962012", "05962501"}));

  // Land 01: 19,748 + Flensburg 92,550 + Kiel 247,717.
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kLand, "01"));
  EXPECT_DOUBLE_EQ(*r.rows[0].values.computed.value, 360015);
  EXPECT_EQ(r.rows[0].rollup.members_total, 7);
  // Bund: the same sum; 11 Gemeinden + 2 inhabited Gebiete, 6 of them report.
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kBund));
  EXPECT_DOUBLE_EQ(*r.rows[0].values.computed.value, 360015);
  EXPECT_EQ(r.rows[0].rollup.members_total, 13);
  EXPECT_EQ(r.rows[0].rollup.members_reporting, 6);

  // A value stored at an uninhabited Gebiet is summed too, never dropped.
  Put("BEV", "01051502", "2016", 2);
  ASSERT_OK_AND_ASSIGN(r, Run("BEV", UnitLevel::kKreis, "01051"));
  EXPECT_DOUBLE_EQ(*r.rows[0].values.computed.value, 19750);
  EXPECT_EQ(r.rows[0].rollup.members_total, 6);
  EXPECT_EQ(r.rows[0].rollup.members_reporting, 5);
}

class ReformTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    CreateShareIndicators();
    // New units created by the reforms exist from their effective date.
    ASSERT_OK(units_->Upsert({.key = "01051010",
                              .name = "Heide-Brunsbüttel",
                              .type = UnitType::kKreisangehoerigeGemeinde,
                              .population = 18000,
                              .valid_from = "2017-01-01"}));
    for (const char* key : {"05962020", "05962021"}) {
      ASSERT_OK(units_->Upsert({.key = key,
                                .name = key,
                                .type = UnitType::kKreisangehoerigeGemeinde,
                                .population = 3000,
                                .valid_from = "2018-01-01"}));
    }
    // BEV on old boundaries until the reforms, on new ones after.
    Put("BEV", "01051001", "2015", 1000);
    Put("BEV", "01051001", "2016", 1010);
    Put("BEV", "01051002", "2016", 505);
    Put("BEV", "01051010", "2017", 1530);
    Put("BEV", "05962012", "2016", 6000);
    Put("BEV", "05962012", "2017", 6100);
    Put("BEV", "05962020", "2018", 3700);
    Put("AUSL_ANTEIL", "01051001", "2016", 10);
    Put("AUSL_ANTEIL", "01051002", "2016", 5);
  }
  void RecordReforms() {
    ASSERT_OK_AND_ASSIGN(Reform merger,
                         reforms_->Create({.id = "sh-2017-heide",
                                           .effective_date = "2017-01-01",
                                           .description = "Heide + Brunsbüttel",
                                           .changes = {{"01051001", "01051010", 1.0},
                                                       {"01051002", "01051010", 1.0}}},
                                          "tester"));
    EXPECT_EQ(merger.ended_units, (std::vector<std::string>{"01051001", "01051002"}));
    ASSERT_OK(reforms_->Create(
        {.id = "nrw-2018-balve",
         .effective_date = "2018-01-01",
         .changes = {{"05962012", "05962020", 0.6}, {"05962012", "05962021", 0.4}}},
        "tester"));
  }
  absl::StatusOr<std::vector<UnitSeries>> OnBoundaries(const std::string& code,
                                                       std::vector<std::string> units,
                                                       const std::string& date) {
    return queries_->SeriesOnBoundaries({.indicator_code = code, .unit_keys = std::move(units)},
                                        date);
  }
};

TEST_F(ReformTest, RecordingAReformEndsThePredecessorsValidity) {
  RecordReforms();
  ASSERT_OK_AND_ASSIGN(Unit heide, units_->Get("01051001"));
  EXPECT_EQ(heide.valid_to, "2016-12-31");
  ASSERT_OK_AND_ASSIGN(Unit balve, units_->Get("05962012"));
  EXPECT_EQ(balve.valid_to, "2017-12-31");
  // Peers of 2016 still include Heide, peers of 2017 the merged town instead.
  ASSERT_OK_AND_ASSIGN(PeerSet p2016, peers_->Resolve("01051004", {}, Period{2016, 0}));
  ASSERT_OK_AND_ASSIGN(PeerSet p2017, peers_->Resolve("01051004", {}, Period{2017, 0}));
  auto has = [](const PeerSet& s, const std::string& key) {
    return std::find(s.codes.begin(), s.codes.end(), UnitCodeOf(key)) != s.codes.end();
  };
  EXPECT_TRUE(has(p2016, "01051001"));
  EXPECT_FALSE(has(p2017, "01051001"));

  ReopenAll();
  ASSERT_OK_AND_ASSIGN(auto all, reforms_->List(""));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "sh-2017-heide");
  EXPECT_EQ(all[1].changes[1].share, 0.4);
  ASSERT_OK_AND_ASSIGN(auto touching, reforms_->List("05962021"));
  EXPECT_EQ(touching.size(), 1u);

  EXPECT_STATUS(reforms_->Create({.id = "sh-2017-heide",
                                  .effective_date = "2019-01-01",
                                  .changes = {{"01051003", "01051004", 1.0}}},
                                 "t"),
                absl::StatusCode::kAlreadyExists, "already exists");
  // Heide no longer exists in 2018.
  EXPECT_STATUS(reforms_->Create({.id = "late",
                                  .effective_date = "2018-06-01",
                                  .changes = {{"01051001", "01051004", 1.0}}},
                                 "t"),
                absl::StatusCode::kInvalidArgument, "not valid on 2018-05-31");
}

TEST_F(ReformTest, InvalidReformsWriteNothing) {
  EXPECT_STATUS(
      reforms_->Create({.id = "over",
                        .effective_date = "2017-01-01",
                        .changes = {{"05962012", "05962020", 0.7}, {"05962012", "05962021", 0.4}}},
                       "t"),
      absl::StatusCode::kInvalidArgument, "add up to");
  EXPECT_STATUS(reforms_->Create({.id = "ghost",
                                  .effective_date = "2017-01-01",
                                  .changes = {{"05962099", "05962020", 1.0}}},
                                 "t"),
                absl::StatusCode::kNotFound, "05962099");
  EXPECT_STATUS(
      reforms_->Create(
          {.id = "levels", .effective_date = "2017-01-01", .changes = {{"05962", "05962020", 1.0}}},
          "t"),
      absl::StatusCode::kInvalidArgument, "different levels");
  EXPECT_STATUS(reforms_->Create({.id = "Bad Id", .effective_date = "2017-01-01"}, "t"),
                absl::StatusCode::kInvalidArgument, "reform id");
  // A failing write leaves neither the reform nor the ended validity behind.
  store_->SetBeforeWriteHookForTesting(
      [](const storage::WriteBatch&) { return absl::UnavailableError("disk gone"); });
  EXPECT_STATUS(reforms_->Create({.id = "sh-2017-heide",
                                  .effective_date = "2017-01-01",
                                  .changes = {{"01051001", "01051010", 1.0}}},
                                 "t"),
                absl::StatusCode::kUnavailable, "disk gone");
  store_->SetBeforeWriteHookForTesting(nullptr);
  ReopenAll();
  EXPECT_TRUE(reforms_->List("")->empty());
  EXPECT_EQ(units_->Get("01051001")->valid_to, "");
}

TEST_F(ReformTest, SeriesOnAGebietsstandConvertsMergersAndSplits) {
  RecordReforms();
  ASSERT_OK_AND_ASSIGN(auto series, OnBoundaries("BEV", {"01051010", "05962020"}, "2018-01-01"));
  ASSERT_EQ(series.size(), 2u);
  // Merger: 2015 cannot be converted (Brunsbüttel has no value), 2016 sums both, 2017 is stored.
  const auto& merged = series[0].points;
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].period, "2015");
  EXPECT_FALSE(merged[0].value.has_value());
  EXPECT_NE(merged[0].footnote.find("01051002 has no value"), std::string::npos)
      << merged[0].footnote;
  EXPECT_EQ(merged[1].value, 1515);
  EXPECT_NE(merged[1].derivation.find("sh-2017-heide"), std::string::npos) << merged[1].derivation;
  EXPECT_EQ(merged[1].source, "test");
  EXPECT_EQ(merged[2].value, 1530);
  EXPECT_TRUE(merged[2].derivation.empty());
  EXPECT_EQ(merged[2].revision, 1u);  // the stored observation itself
  // Split: 60 % of Balve's population lies in 05962020.
  const auto& split = series[1].points;
  ASSERT_EQ(split.size(), 3u);
  EXPECT_DOUBLE_EQ(*split[0].value, 3600);
  EXPECT_DOUBLE_EQ(*split[1].value, 3660);
  EXPECT_NE(split[1].derivation.find("0.6 x 05962012"), std::string::npos) << split[1].derivation;
  EXPECT_EQ(split[2].value, 3700);

  // On a Gebietsstand before the reforms the old units are served unchanged.
  ASSERT_OK_AND_ASSIGN(series, OnBoundaries("BEV", {"01051001"}, "2016-12-31"));
  ASSERT_EQ(series[0].points.size(), 2u);
  EXPECT_TRUE(series[0].points[1].derivation.empty());
  // After the merger the old unit is gone: the error names its successor.
  EXPECT_STATUS(OnBoundaries("BEV", {"01051001"}, "2018-01-01"),
                absl::StatusCode::kFailedPrecondition, "successor(s) 01051010");
  // Rates are not additive: marked, not converted.
  ASSERT_OK_AND_ASSIGN(series, OnBoundaries("AUSL_ANTEIL", {"01051010"}, "2018-01-01"));
  ASSERT_EQ(series[0].points.size(), 1u);
  EXPECT_FALSE(series[0].points[0].value.has_value());
  EXPECT_NE(series[0].points[0].footnote.find("not additive"), std::string::npos);
}

}  // namespace
}  // namespace integra::monitoring
