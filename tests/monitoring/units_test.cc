#include "services/monitoring/units.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring {
namespace {

TEST(UnitKeyTest, ParsesEveryLevel) {
  ASSERT_OK_AND_ASSIGN(UnitKey bund, ParseUnitKey("DG"));
  EXPECT_EQ(bund.level, UnitLevel::kBund);
  ASSERT_OK_AND_ASSIGN(UnitKey alias, ParseUnitKey("00"));
  EXPECT_EQ(alias.key, "DG");
  ASSERT_OK_AND_ASSIGN(UnitKey land, ParseUnitKey("16"));
  EXPECT_EQ(land.level, UnitLevel::kLand);
  ASSERT_OK_AND_ASSIGN(UnitKey rb, ParseUnitKey("091"));
  EXPECT_EQ(rb.level, UnitLevel::kRegierungsbezirk);
  ASSERT_OK_AND_ASSIGN(UnitKey kreis, ParseUnitKey("01001"));
  EXPECT_EQ(kreis.level, UnitLevel::kKreis);
  ASSERT_OK_AND_ASSIGN(UnitKey ags, ParseUnitKey("09162000"));
  EXPECT_EQ(ags.level, UnitLevel::kGemeinde);
}

// The key forms of official files, canonicalised in one place.
TEST(UnitKeyTest, AcceptsDeForTheBundAndArsForGemeinden) {
  for (const char* bund : {"DE", "de", "DG", "dg", "00"}) {
    ASSERT_OK_AND_ASSIGN(UnitKey k, ParseUnitKey(bund));
    EXPECT_EQ(k.key, "DG") << bund;
    EXPECT_EQ(k.level, UnitLevel::kBund) << bund;
  }
  // ARS = Land 2, RB 1, Kreis 2, Verband 4, Gemeinde 3; the AGS is the first 5 and the last 3
  // (values from the GV100AD reference file: Albersdorf in Amt Mitteldithmarschen, Düren).
  ASSERT_OK_AND_ASSIGN(UnitKey albersdorf, ParseUnitKey("010515175001"));
  EXPECT_EQ(albersdorf.key, "01051001");
  EXPECT_EQ(albersdorf.level, UnitLevel::kGemeinde);
  ASSERT_OK_AND_ASSIGN(UnitKey dueren, ParseUnitKey("053580008008"));
  EXPECT_EQ(dueren.key, "05358008");
  // A zero-padded Kreis ARS is the Gemeinde LLRKK000: for a kreisfreie Stadt, the city.
  ASSERT_OK_AND_ASSIGN(UnitKey koeln, ParseUnitKey("053150000000"));
  EXPECT_EQ(koeln.key, "05315000");
  EXPECT_STATUS(ParseUnitKey("173150000000"), absl::StatusCode::kInvalidArgument,
                "Land 17 does not exist");
  EXPECT_STATUS(ParseUnitKey("053580008"), absl::StatusCode::kInvalidArgument,
                "9 digits, a Gemeindeverband key (LLRKKVVVV); integra keeps no Gemeindeverband");
  EXPECT_STATUS(ParseUnitKey("DEU"), absl::StatusCode::kInvalidArgument, "digits only");
}

TEST(UnitKeyTest, RejectsWithReason) {
  EXPECT_STATUS(ParseUnitKey("17001"), absl::StatusCode::kInvalidArgument,
                "Land 17 does not exist");
  EXPECT_STATUS(ParseUnitKey("00001000"), absl::StatusCode::kInvalidArgument,
                "Land 00 does not exist");
  EXPECT_STATUS(ParseUnitKey("0100"), absl::StatusCode::kInvalidArgument, "4 digits");
  EXPECT_STATUS(ParseUnitKey("010010001"), absl::StatusCode::kInvalidArgument, "9 digits");
  EXPECT_STATUS(ParseUnitKey("01A01"), absl::StatusCode::kInvalidArgument, "digits only");
  EXPECT_STATUS(ParseUnitKey(""), absl::StatusCode::kInvalidArgument, "0 digits");
}

TEST(UnitKeyTest, HierarchyFollowsFromTheKey) {
  EXPECT_EQ(ParentKey("01001000"), "01001");
  EXPECT_EQ(ParentKey("01001"), "01");
  EXPECT_EQ(ParentKey("091"), "09");
  EXPECT_EQ(ParentKey("01"), "DG");
  EXPECT_EQ(ParentKey("DG"), "");
  EXPECT_EQ(LevelOfKey("DG"), UnitLevel::kBund);
  EXPECT_EQ(LevelOfKey("01"), UnitLevel::kLand);
  // Hamburg and Berlin: LL000 is a real Kreis.
  EXPECT_EQ(ParentKey("02000000"), "02000");
  EXPECT_EQ(ParentKey("11000000"), "11000");
  // The condominium areas have no Kreis: their parent is the Land.
  EXPECT_EQ(ParentKey("07000999"), "07");
  EXPECT_EQ(ParentKey("13000999"), "13");
}

TEST(UnitKeyTest, CodesRoundTripAndPreservePrefixes) {
  for (const char* key : {"DG", "01", "091", "01001", "01001000", "16077999", "11000000"}) {
    uint32_t code = UnitCodeOf(key);
    ASSERT_OK_AND_ASSIGN(std::string back, UnitKeyOfCode(code));
    EXPECT_EQ(back, key);
  }
  EXPECT_EQ(UnitCodeOf("01001"), 0x01001FFFu);
  EXPECT_EQ(UnitCodeOf("DG"), 0xFFFFFFFFu);
  EXPECT_NE(UnitCodeOf("10"), UnitCodeOf("010"));
  EXPECT_STATUS(UnitKeyOfCode(0x0A000000u), absl::StatusCode::kDataLoss, "malformed");
}

TEST(SizeClassTest, FollowsTheBbsrThresholds) {
  EXPECT_EQ(SizeClassOfPopulation(100000), SizeClass::kGrossstadt);
  EXPECT_EQ(SizeClassOfPopulation(99999), SizeClass::kMittelstadt);
  EXPECT_EQ(SizeClassOfPopulation(20000), SizeClass::kMittelstadt);
  EXPECT_EQ(SizeClassOfPopulation(19999), SizeClass::kKleinstadt);
  EXPECT_EQ(SizeClassOfPopulation(5000), SizeClass::kKleinstadt);
  EXPECT_EQ(SizeClassOfPopulation(4999), SizeClass::kLandgemeinde);
  EXPECT_EQ(SizeClassOfPopulation(0), SizeClass::kLandgemeinde);
}

TEST(SizeClassTest, AppliesToTownsOnly) {
  Unit kreisfrei{
      .key = "01001", .name = "Flensburg", .type = UnitType::kKreisfreieStadt, .population = 92550};
  EXPECT_EQ(kreisfrei.size_class(), SizeClass::kMittelstadt);
  EXPECT_EQ(kreisfrei.twin_key(), "01001000");
  Unit landkreis{
      .key = "01051", .name = "Dithmarschen", .type = UnitType::kLandkreis, .population = 300000};
  EXPECT_EQ(landkreis.size_class(), SizeClass::kNotApplicable);
  EXPECT_EQ(landkreis.twin_key(), "");
  Unit forest{.key = "01053105",
              .name = "Sachsenwald",
              .type = UnitType::kGemeindefreiesGebiet,
              .population = 0};
  EXPECT_EQ(forest.size_class(), SizeClass::kNotApplicable);
  Unit village{.key = "01051001",
               .name = "Albersdorf",
               .type = UnitType::kKreisangehoerigeGemeinde,
               .population = 3600};
  EXPECT_EQ(village.size_class(), SizeClass::kLandgemeinde);
  village.population.reset();
  EXPECT_EQ(village.size_class(), SizeClass::kNotApplicable);
}

TEST(NormalizeUnitTest, ChecksTypeAgainstLevel) {
  Unit u{.key = "00", .name = "Deutschland", .type = UnitType::kBund};
  ASSERT_OK(NormalizeUnit(u));
  EXPECT_EQ(u.key, "DG");
  Unit hamburg{.key = "02", .name = "Hamburg", .type = UnitType::kLand};
  EXPECT_STATUS(NormalizeUnit(hamburg), absl::StatusCode::kInvalidArgument, "STADTSTAAT");
  Unit gemeinde_as_landkreis{.key = "01051001", .name = "X", .type = UnitType::kLandkreis};
  EXPECT_STATUS(NormalizeUnit(gemeinde_as_landkreis), absl::StatusCode::kInvalidArgument,
                "cannot be of type LANDKREIS");
  Unit fake_city{.key = "01051001", .name = "X", .type = UnitType::kKreisfreieStadt};
  EXPECT_STATUS(NormalizeUnit(fake_city), absl::StatusCode::kInvalidArgument, "LLRKK000");
  Unit nameless{.key = "01051", .name = " ", .type = UnitType::kLandkreis};
  EXPECT_STATUS(NormalizeUnit(nameless), absl::StatusCode::kInvalidArgument, "no name");
  Unit negative{.key = "01051", .name = "X", .type = UnitType::kLandkreis, .population = -1};
  EXPECT_STATUS(NormalizeUnit(negative), absl::StatusCode::kInvalidArgument, "negative");
}

TEST(UnitNamesTest, ParseIsCaseInsensitiveAndListsChoices) {
  ASSERT_OK_AND_ASSIGN(UnitType t, ParseUnitType("kreisfreie_stadt"));
  EXPECT_EQ(t, UnitType::kKreisfreieStadt);
  EXPECT_STATUS(ParseUnitType("city"), absl::StatusCode::kInvalidArgument, "LANDKREIS");
  ASSERT_OK_AND_ASSIGN(SizeClass s, ParseSizeClass("Grossstadt"));
  EXPECT_EQ(s, SizeClass::kGrossstadt);
  ASSERT_OK_AND_ASSIGN(UnitLevel l, ParseUnitLevel("KREIS"));
  EXPECT_EQ(l, UnitLevel::kKreis);
}

}  // namespace
}  // namespace integra::monitoring
