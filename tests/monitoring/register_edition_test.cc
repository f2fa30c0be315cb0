// Register editions (services/monitoring/register_edition.h): units from the records of each
// Satzart, what each product states and keeps, later and older editions, validity, the
// population rule, population observations in the same write, atomicity, and DEGURBA as a peer
// dimension.
//
// The editions are written by hand. Keys, names, types and the Flensburg and Albersdorf figures
// are from data/reference/ (gemeinden_gv100ad_2023-11-30.csv); the other Gemeinden of
// Dithmarschen below are TEST DATA (areas of 0.01 km² make the Kreis sum a case where adding
// doubles is not exact: 17.12 + 0.01 + 0.01 = 17.140000000000004).
#include "services/monitoring/register_edition.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/periods.h"
#include "tests/testing/engine_parts.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

EditionRecord Rec(int line, int satzart, std::string key, std::string name,
                  std::string type_code = "", std::string verband = "",
                  std::optional<double> area = std::nullopt,
                  std::optional<int64_t> population = std::nullopt) {
  return EditionRecord{.line = line,
                       .satzart = satzart,
                       .key = std::move(key),
                       .verband = std::move(verband),
                       .name = std::move(name),
                       .type_code = std::move(type_code),
                       .area_km2 = area,
                       .population = population};
}

// Schleswig-Holstein with Flensburg and three Gemeinden of Dithmarschen, as of `date`.
RegisterEdition Sh(const std::string& date = "2023-11-30",
                   RegisterProduct product = RegisterProduct::kGv100ad) {
  RegisterEdition e;
  e.product = product;
  e.population_date = absl::StrCat(std::stoi(date.substr(0, 4)) - 1, "-12-31");
  e.records = {Rec(1, 10, "01", "Schleswig-Holstein"),
               Rec(2, 40, "01001", "Flensburg, Stadt", "41"),
               Rec(3, 50, "010010000", "Flensburg, Stadt", "50"),
               Rec(4, 60, "01001000", "Flensburg, Stadt", "61", "0000", 56.73, 92550),
               Rec(5, 40, "01051", "Dithmarschen", "43"),
               Rec(6, 50, "010515175", "Mitteldithmarschen", "51"),
               Rec(7, 60, "01051001", "Albersdorf", "64", "5175", 17.12, 3774),
               Rec(8, 60, "01051002", "Arkebek", "64", "5175", 0.01, 200),
               Rec(9, 60, "01051003", "Bargenstedt", "64", "5175", 0.01, 300)};
  for (EditionRecord& r : e.records) r.territory_date = date;
  if (product == RegisterProduct::kGv100ad) {
    e.records[0].seat = "Kiel";
    e.records[1].seat = "Flensburg";
    e.records[4].seat = "Heide";
  }
  return e;
}

class RegisterEditionTest : public ::testing::Test, protected testing::EngineParts {
 protected:
  void SetUp() override { OpenEngine({.data_dir = dir_.path()}); }
  void TearDown() override { CloseEngine(); }

  EditionImportResult MustImport(const RegisterEdition& e) {
    auto r = editions_->Import(e, "tester");
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    EXPECT_TRUE(r->batch.applied) << (r->batch.rejected.empty()
                                          ? std::string()
                                          : r->batch.rejected[0].status.ToString());
    return *r;
  }
  std::vector<std::string> Rejections(const EditionImportResult& r) {
    std::vector<std::string> out;
    for (const RowRejection& x : r.batch.rejected) out.push_back(std::string(x.status.message()));
    return out;
  }
  void CreatePopulationIndicator() {
    Indicator ind;
    ind.code = "BEV_INSGESAMT";
    ind.name_de = "Bevölkerung insgesamt";
    ind.unit = MeasureUnit::kCount;
    ind.aggregation.kind = AggregationKind::kSum;
    ASSERT_OK(catalog_->Create(ind, {}, "tester"));
  }

  testing::TempDir dir_;
};

TEST_F(RegisterEditionTest, BuildsUnitsFromTheRecordsOfEachSatzart) {
  EditionImportResult r = MustImport(Sh());
  EXPECT_EQ(r.rows, 9);
  // DG (implicit), 01, 01001, 01001000, 01051 and its three Gemeinden; the Verbände are none.
  EXPECT_EQ(r.batch.upserted, 8);
  EXPECT_EQ(units_->size(), 8u);
  EXPECT_TRUE(r.ended.empty());
  EXPECT_TRUE(r.added.empty());  // a fresh store holds no earlier edition

  ASSERT_OK_AND_ASSIGN(Unit land, units_->Get("01"));
  EXPECT_EQ(land.type, UnitType::kLand);
  EXPECT_EQ(land.seat, "Kiel");
  EXPECT_FALSE(land.population.has_value());  // no product gives a Land's population
  ASSERT_OK_AND_ASSIGN(Unit kreis, units_->Get("01051"));
  EXPECT_EQ(kreis.type, UnitType::kLandkreis);
  EXPECT_EQ(kreis.official_type_code, "43");
  EXPECT_EQ(kreis.official_type, "Kreis");
  EXPECT_EQ(kreis.seat, "Heide");
  EXPECT_EQ(kreis.population, 3774 + 200 + 300);
  EXPECT_EQ(kreis.population_year, 2022);
  // 1712 + 1 + 1 hectares: exact, where 17.12 + 0.01 + 0.01 in doubles is not.
  EXPECT_EQ(*kreis.area_km2, 17.14);
  EXPECT_NE(17.12 + 0.01 + 0.01, 17.14);
  ASSERT_OK_AND_ASSIGN(Unit flensburg, units_->Get("01001"));
  EXPECT_EQ(flensburg.type, UnitType::kKreisfreieStadt);
  EXPECT_EQ(flensburg.official_type, "Kreisfreie Stadt");
  EXPECT_EQ(flensburg.population, 92550);
  EXPECT_EQ(*flensburg.area_km2, 56.73);

  ASSERT_OK_AND_ASSIGN(Unit albersdorf, units_->Get("01051001"));
  EXPECT_EQ(albersdorf.type, UnitType::kKreisangehoerigeGemeinde);
  EXPECT_EQ(albersdorf.official_type, "Kreisangehörige Gemeinde");
  EXPECT_EQ(albersdorf.population, 3774);
  EXPECT_EQ(albersdorf.population_year, 2022);
  EXPECT_EQ(albersdorf.territory_date, "2023-11-30");
  EXPECT_EQ(albersdorf.verband_key, "010515175");
  EXPECT_EQ(albersdorf.verband_name, "Mitteldithmarschen");
  EXPECT_EQ(albersdorf.verband_type_code, "51");
  EXPECT_EQ(albersdorf.verband_type, "Amt");
  EXPECT_EQ(albersdorf.ars(), "010515175001");
  EXPECT_EQ(albersdorf.seat, "");
  EXPECT_EQ(albersdorf.degurba, Degurba::kUnknown);

  // The same edition again changes nothing.
  EditionImportResult again = MustImport(Sh());
  EXPECT_EQ(again.batch.upserted, 0);
  EXPECT_EQ(again.batch.unchanged, 7);
}

TEST_F(RegisterEditionTest, EachProductReplacesWhatItStatesAndKeepsTheRest) {
  MustImport(Sh());
  // The Auszug: DEGURBA, no seats.
  RegisterEdition auszug = Sh("2023-12-31", RegisterProduct::kGvAuszug);
  auszug.records[6].degurba = Degurba::kLaendlicheGebiete;
  auszug.records[3].degurba = Degurba::kKleinereStaedteUndVororte;
  MustImport(auszug);
  ASSERT_OK_AND_ASSIGN(Unit albersdorf, units_->Get("01051001"));
  EXPECT_EQ(albersdorf.degurba, Degurba::kLaendlicheGebiete);
  EXPECT_EQ(albersdorf.territory_date, "2023-12-31");
  ASSERT_OK_AND_ASSIGN(Unit kreis, units_->Get("01051"));
  EXPECT_EQ(kreis.seat, "Heide");  // kept: the Auszug has no seats
  // GV100AD again: seats, no DEGURBA; the stored DEGURBA stays.
  MustImport(Sh("2024-01-31"));
  ASSERT_OK_AND_ASSIGN(albersdorf, units_->Get("01051001"));
  EXPECT_EQ(albersdorf.degurba, Degurba::kLaendlicheGebiete);
  EXPECT_EQ(albersdorf.territory_date, "2024-01-31");
  EXPECT_EQ(albersdorf.population_year, 2023);
  // A Land's stored population (from elsewhere) is no edition's to erase.
  ASSERT_OK_AND_ASSIGN(Unit land, units_->Get("01"));
  land.population = 2953270;
  land.population_year = 2022;
  ASSERT_OK(units_->Upsert(land));
  MustImport(Sh("2024-01-31"));
  ASSERT_OK_AND_ASSIGN(land, units_->Get("01"));
  EXPECT_EQ(land.population, 2953270);
}

TEST_F(RegisterEditionTest, ALaterEditionEndsWhatItLeavesOutAndDatesWhatIsNew) {
  MustImport(Sh());
  // A second Land, which the later edition does not list: untouched.
  ASSERT_OK(
      units_->UpsertBatch({Unit{.key = "02", .name = "Hamburg", .type = UnitType::kStadtstaat},
                           Unit{.key = "02000",
                                .name = "Hamburg",
                                .type = UnitType::kKreisfreieStadt,
                                .territory_date = "2023-11-30"}}));
  // TEST DATA: Arkebek and Bargenstedt merge into a new Gemeinde 01051004; Albersdorf is renamed.
  RegisterEdition next = Sh("2024-12-31");
  next.records.pop_back();
  next.records.pop_back();
  next.records.push_back(Rec(8, 60, "01051004", "Arkebek-Bargenstedt", "64", "5175", 0.02, 500));
  next.records.back().territory_date = "2024-12-31";
  next.records[6].name = "Albersdorf (Holstein)";
  EditionImportResult r = MustImport(next);
  EXPECT_THAT(r.ended, ElementsAre("01051002 Arkebek", "01051003 Bargenstedt"));
  EXPECT_THAT(r.added, ElementsAre("01051004 Arkebek-Bargenstedt"));
  EXPECT_THAT(r.notes, ::testing::Contains(HasSubstr("no territorial reform was recorded")));

  ASSERT_OK_AND_ASSIGN(Unit arkebek, units_->Get("01051002"));
  EXPECT_EQ(arkebek.valid_to, "2024-12-30");  // the day before the edition's Gebietsstand
  EXPECT_EQ(arkebek.population, 200);         // keeps its data
  ASSERT_OK_AND_ASSIGN(Unit merged, units_->Get("01051004"));
  EXPECT_EQ(merged.valid_from, "2023-12-01");  // the day after the stored edition's
  ASSERT_OK_AND_ASSIGN(Unit albersdorf, units_->Get("01051001"));
  EXPECT_EQ(albersdorf.name, "Albersdorf (Holstein)");
  EXPECT_EQ(albersdorf.valid_from, "");
  ASSERT_OK_AND_ASSIGN(Unit hamburg, units_->Get("02000"));
  EXPECT_EQ(hamburg.valid_to, "");
  ASSERT_OK_AND_ASSIGN(std::vector<Reform> reforms, reforms_->List(""));
  EXPECT_TRUE(reforms.empty());

  // Peers of 2025 leave the ended Gemeinden out; those of 2023 still hold them.
  ASSERT_OK_AND_ASSIGN(Period y2025, ParsePeriod("2025"));
  ASSERT_OK_AND_ASSIGN(PeerSet later, peers_->Resolve("01051001", {}, y2025));
  EXPECT_FALSE(std::binary_search(later.codes.begin(), later.codes.end(), UnitCodeOf("01051002")));
  EXPECT_TRUE(std::binary_search(later.codes.begin(), later.codes.end(), UnitCodeOf("01051004")));
  ASSERT_OK_AND_ASSIGN(Period y2023, ParsePeriod("2023"));
  ASSERT_OK_AND_ASSIGN(PeerSet earlier, peers_->Resolve("01051001", {}, y2023));
  EXPECT_TRUE(
      std::binary_search(earlier.codes.begin(), earlier.codes.end(), UnitCodeOf("01051002")));

  // The wide dates leave room for the reform recorded afterwards, on its real date.
  Reform reform{.id = "sh-2024-arkebek-bargenstedt",
                .effective_date = "2024-07-01",
                .changes = {{"01051002", "01051004", 1.0}, {"01051003", "01051004", 1.0}}};
  ASSERT_OK(reforms_->Create(reform, "tester"));
  ASSERT_OK_AND_ASSIGN(arkebek, units_->Get("01051002"));
  EXPECT_EQ(arkebek.valid_to, "2024-06-30");

  // The same edition again: nothing ends, nothing is new, the reform's date stays.
  EditionImportResult again = MustImport(next);
  EXPECT_TRUE(again.ended.empty());
  EXPECT_TRUE(again.added.empty());
  ASSERT_OK_AND_ASSIGN(arkebek, units_->Get("01051002"));
  EXPECT_EQ(arkebek.valid_to, "2024-06-30");
}

TEST_F(RegisterEditionTest, AnOlderEditionOrAnEndedUnitListedAgainIsRefused) {
  MustImport(Sh("2024-12-31"));
  const size_t units = units_->size();
  ASSERT_OK_AND_ASSIGN(EditionImportResult r, editions_->Import(Sh("2023-11-30"), "tester"));
  EXPECT_FALSE(r.batch.applied);
  ASSERT_FALSE(r.batch.rejected.empty());
  EXPECT_EQ(r.batch.rejected[0].index, 1);
  EXPECT_EQ(Rejections(r)[0],
            "line 1: unit 01 is stored with Gebietsstand 2024-12-31, later than this edition's "
            "2023-11-30: an older edition does not roll the register back");

  ASSERT_OK_AND_ASSIGN(Unit arkebek, units_->Get("01051002"));
  arkebek.valid_to = "2025-03-31";
  ASSERT_OK(units_->Upsert(arkebek));
  ASSERT_OK_AND_ASSIGN(r, editions_->Import(Sh("2025-12-31"), "tester"));
  EXPECT_FALSE(r.batch.applied);
  EXPECT_THAT(Rejections(r),
              ElementsAre("line 8: unit 01051002 ended on 2025-03-31 (integra reform list --unit "
                          "01051002), but this edition of 2025-12-31 lists it"));
  EXPECT_EQ(units_->size(), units);
}

TEST_F(RegisterEditionTest, MalformedRecordsAreRejectedByLineAndNothingIsWritten) {
  RegisterEdition e = Sh();
  e.records.push_back(Rec(10, 60, "0105100X", "Kaputt", "64", "5175"));
  e.records.push_back(Rec(11, 30, "0811", "Region Stuttgart"));
  e.records.push_back(Rec(12, 60, "01051005", "Typlos", "99", "5175"));
  e.records.push_back(Rec(13, 60, "01051006", "Ohne Verband", "64", "9999"));
  e.records.push_back(Rec(14, 60, "01051001", "Albersdorf zweimal", "64", "5175"));
  e.records.push_back(Rec(15, 50, "010519999", "Verband", "57"));
  for (size_t i = 9; i < e.records.size(); ++i) e.records[i].territory_date = "2023-11-30";
  e.records.push_back(Rec(16, 10, "02", "Hamburg"));
  e.records.back().territory_date = "2023-02-30";
  ASSERT_OK_AND_ASSIGN(EditionImportResult r, editions_->Import(e, "tester"));
  EXPECT_FALSE(r.batch.applied);
  EXPECT_THAT(
      Rejections(r),
      ElementsAre("line 10: '0105100X' is not the key of a gemeinde (Satzart 60)",
                  "line 11: Satzart 30 (Region, Baden-Württemberg) is no level of integra's "
                  "register; leave such records out",
                  "line 12: Gemeinde 01051005 has Textkennzeichen '99' (expected 60-67)",
                  "line 13: Gemeinde 01051006 names Gemeindeverband 010519999, which has no "
                  "record (Satzart 50) in the edition",
                  "line 14: unit 01051001 appears twice (line 7 and here)",
                  "line 15: Gemeindeverband 010519999 has Textkennzeichen '57' (expected 50-58)",
                  "line 16: Gebietsstand '2023-02-30' is not a date"));
  EXPECT_EQ(units_->size(), 0u);

  RegisterEdition no_date = Sh();
  no_date.population_date.clear();
  EXPECT_STATUS(editions_->Import(no_date, "tester"), absl::StatusCode::kInvalidArgument,
                "carry populations but the edition gives no population date");
  no_date.population_date = "2022-06-30";
  EXPECT_STATUS(editions_->Import(no_date, "tester"), absl::StatusCode::kInvalidArgument,
                "is not a 31 December");
  EXPECT_STATUS(editions_->Import(RegisterEdition{}, "tester"), absl::StatusCode::kInvalidArgument,
                "no records");
}

TEST_F(RegisterEditionTest, ARecordWithoutPopulationDoesNotEraseTheStoredOne) {
  MustImport(Sh());
  RegisterEdition e = Sh("2024-12-31");
  e.records[6].population.reset();  // Albersdorf
  ASSERT_OK_AND_ASSIGN(EditionImportResult r, editions_->Import(e, "tester"));
  EXPECT_FALSE(r.batch.applied);
  // Albersdorf, and its Kreis, whose sum is now incomplete.
  ASSERT_EQ(r.batch.rejected.size(), 2u);
  EXPECT_EQ(r.batch.rejected[0].index, 5);
  EXPECT_EQ(r.batch.rejected[1].index, 7);
  EXPECT_STATUS(r.batch.rejected[1].status, absl::StatusCode::kFailedPrecondition,
                "line 7: the record has no population, but unit 01051001 has the stored "
                "population 3774 (31.12.2022); importing would erase it and change its size "
                "class and peer groups. Import with --keep-population to keep the stored "
                "population");
  e.keep_population = true;
  r = MustImport(e);
  EXPECT_THAT(r.notes, ::testing::Contains("warning: 2 unit(s) without population in the edition "
                                           "keep their stored population (--keep-population)"));
  ASSERT_OK_AND_ASSIGN(Unit albersdorf, units_->Get("01051001"));
  EXPECT_EQ(albersdorf.population, 3774);
  EXPECT_EQ(albersdorf.population_year, 2022);
  EXPECT_EQ(albersdorf.territory_date, "2024-12-31");
}

TEST_F(RegisterEditionTest, PopulationsBecomeObservationsInTheSameWrite) {
  RegisterEdition e = Sh();
  e.population_indicator = "BEV_INSGESAMT";
  e.source = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, dl-de/by-2-0";
  EXPECT_STATUS(editions_->Import(e, "tester"), absl::StatusCode::kNotFound,
                "population indicator BEV_INSGESAMT is not in the catalog: create it "
                "(data/demo/indicators.csv defines BEV_INSGESAMT), name another with "
                "--population-indicator CODE, or import without observations "
                "(--population-indicator none)");
  EXPECT_EQ(units_->size(), 0u);
  CreatePopulationIndicator();

  // One write: 8 units, 6 observations (2 Kreise, 4 Gemeinden) x (series + change), the
  // packed sections of 2022 for Kreise and for the Gemeinden of Land 01 x (values + state),
  // and the batch's time: 8 + 12 + 4 + 1 = 25 puts.
  int writes = 0;
  store_->SetBeforeWriteHookForTesting([&](const storage::WriteBatch& b) {
    ++writes;
    EXPECT_EQ(b.Count(), 25);
    return absl::OkStatus();
  });
  EditionImportResult r = MustImport(e);
  store_->SetBeforeWriteHookForTesting(nullptr);
  EXPECT_EQ(writes, 1);
  EXPECT_EQ(r.observations.accepted, 6);
  ASSERT_OK_AND_ASSIGN(Observation albersdorf,
                       observations_->Get({"BEV_INSGESAMT", "01051001", "2022", {}}, std::nullopt));
  EXPECT_EQ(albersdorf.value, 3774);
  EXPECT_EQ(albersdorf.source, e.source);
  ASSERT_OK_AND_ASSIGN(Observation kreis,
                       observations_->Get({"BEV_INSGESAMT", "01051", "2022", {}}, std::nullopt));
  EXPECT_EQ(kreis.value, 4274);
  EXPECT_EQ(observations_->last_sequence(), 6u);

  // Again: unchanged, no new revision.
  r = MustImport(e);
  EXPECT_EQ(r.observations.accepted, 0);
  EXPECT_EQ(r.observations.unchanged, 6);
  EXPECT_EQ(observations_->last_sequence(), 6u);

  Indicator share;
  share.code = "ANTEIL";
  share.name_de = "Anteil";
  share.unit = MeasureUnit::kPercent;
  ASSERT_OK(catalog_->Create(share, {}, "tester"));
  e.population_indicator = "ANTEIL";
  EXPECT_STATUS(editions_->Import(e, "tester"), absl::StatusCode::kInvalidArgument,
                "must be an annual count indicator");
}

TEST_F(RegisterEditionTest, AFailedWriteLeavesNothingHalfWritten) {
  CreatePopulationIndicator();
  RegisterEdition e = Sh();
  e.population_indicator = "BEV_INSGESAMT";
  store_->SetBeforeWriteHookForTesting(
      [](const storage::WriteBatch&) { return absl::UnavailableError("disk gone"); });
  EXPECT_STATUS(editions_->Import(e, "tester"), absl::StatusCode::kUnavailable, "disk gone");
  store_->SetBeforeWriteHookForTesting(nullptr);
  EXPECT_EQ(units_->size(), 0u);
  EXPECT_FALSE(units_->ContainsCode(UnitCodeOf("01051001")));
  EXPECT_EQ(observations_->last_sequence(), 0u);
  EXPECT_FALSE(observations_->Get({"BEV_INSGESAMT", "01051001", "2022", {}}, std::nullopt).ok());
  // Nothing on disk either: a reopened engine sees no unit.
  CloseEngine();
  OpenEngine({.data_dir = dir_.path()});
  EXPECT_EQ(units_->size(), 0u);
  EditionImportResult r = MustImport(e);
  EXPECT_EQ(r.observations.last_sequence, 6u);  // the failed write used up no sequence
}

TEST_F(RegisterEditionTest, DegurbaIsAPeerDimension) {
  RegisterEdition e = Sh("2023-12-31", RegisterProduct::kGvAuszug);
  // TEST DATA: Albersdorf and Bargenstedt rural, Arkebek a suburb.
  e.records[6].degurba = Degurba::kLaendlicheGebiete;
  e.records[7].degurba = Degurba::kKleinereStaedteUndVororte;
  e.records[8].degurba = Degurba::kLaendlicheGebiete;
  MustImport(e);
  // Default peers of Albersdorf (kreisangehörige Landgemeinden): all three; with DEGURBA only
  // the rural ones.
  ASSERT_OK_AND_ASSIGN(PeerSet all, peers_->Resolve("01051001", {}, std::nullopt));
  EXPECT_EQ(all.codes.size(), 3u);
  ASSERT_OK_AND_ASSIGN(PeerSelection degurba, ParsePeerSelection("degurba"));
  ASSERT_OK_AND_ASSIGN(PeerSet rural, peers_->Resolve("01051001", degurba, std::nullopt));
  EXPECT_THAT(rural.codes, ElementsAre(UnitCodeOf("01051001"), UnitCodeOf("01051003")));
  EXPECT_THAT(rural.description, HasSubstr("DEGURBA 3 (ländliche Gebiete)"));
  ASSERT_OK_AND_ASSIGN(PeerSelection land_degurba, ParsePeerSelection("land+degurba"));
  ASSERT_OK_AND_ASSIGN(PeerSet in_land, peers_->Resolve("01051002", land_degurba, std::nullopt));
  EXPECT_THAT(in_land.codes, ElementsAre(UnitCodeOf("01051002")));
  // A unit without DEGURBA cannot have such peers; a custom group is not narrowed.
  EXPECT_STATUS(peers_->Resolve("01051", degurba, std::nullopt),
                absl::StatusCode::kFailedPrecondition, "has no degree of urbanisation");
  EXPECT_STATUS(peers_->Resolve("01051001", {PeerScope::kGroup, "x", true}, std::nullopt),
                absl::StatusCode::kInvalidArgument, "cannot be narrowed by DEGURBA");
  EXPECT_STATUS(ParsePeerSelection("Degurba+Gruppe"), absl::StatusCode::kInvalidArgument, "");
  // The unit filter.
  ASSERT_OK_AND_ASSIGN(UnitPage page,
                       units_->List({.degurba = Degurba::kLaendlicheGebiete}, 100, ""));
  ASSERT_EQ(page.units.size(), 2u);
  EXPECT_EQ(page.units[0].key, "01051001");
  EXPECT_EQ(page.units[1].key, "01051003");
}

}  // namespace
}  // namespace integra::monitoring
