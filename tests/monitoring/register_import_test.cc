// The CSV reader and the import of the real official register (data/reference/).
#include "services/monitoring/register_import.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/monitoring/csv_reader.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::monitoring {
namespace {

using testing::ReadReference;

TEST(CsvReaderTest, HandlesQuotesCrlfAndBom) {
  std::string text =
      "\xEF\xBB\xBF"
      "a,b,c\r\n"
      "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
      "\n"
      "2,\"two\nlines\",\r\n";
  CsvReader r(text);
  std::vector<std::string> f;
  ASSERT_OK_AND_ASSIGN(bool more, r.Next(f));
  ASSERT_TRUE(more);
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_OK_AND_ASSIGN(more, r.Next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ(r.line(), 2);
  ASSERT_OK_AND_ASSIGN(more, r.Next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"2", "two\nlines", ""}));
  EXPECT_EQ(r.line(), 4);
  ASSERT_OK_AND_ASSIGN(more, r.Next(f));
  EXPECT_FALSE(more);
}

TEST(CsvReaderTest, ReportsUnterminatedQuote) {
  CsvReader r("a,\"b\n");
  std::vector<std::string> f;
  EXPECT_STATUS(r.Next(f), absl::StatusCode::kInvalidArgument, "not closed");
}

class RegisterImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::Store::Open({.path = dir_.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto units = UnitStore::Open(store_.get());
    ASSERT_TRUE(units.ok()) << units.status();
    units_ = std::move(*units);
  }
  testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<UnitStore> units_;
};

TEST_F(RegisterImportTest, DetectsFileByHeader) {
  EXPECT_STATUS(ParseRegister("foo,bar\n1,2\n"), absl::StatusCode::kInvalidArgument,
                "Gemeinden need: ags");
  ASSERT_OK_AND_ASSIGN(RegisterRows laender, ParseRegister(ReadReference("laender.csv")));
  EXPECT_EQ(laender.kind, RegisterKind::kLaender);
  EXPECT_EQ(laender.units.size(), 17u);  // Bund + 16 Länder
  ASSERT_OK_AND_ASSIGN(RegisterRows kreise,
                       ParseRegister(ReadReference("kreise_gv100ad_2023-11-30.csv")));
  EXPECT_EQ(kreise.kind, RegisterKind::kKreise);
  // 400 Kreise, and the 16 Länder and 29 Regierungsbezirke the file names (rb_name not empty).
  EXPECT_EQ(kreise.units.size(), 445u);
  EXPECT_EQ(kreise.named_by_kreise.size(), 16u + 29);
  EXPECT_EQ(kreise.data_rows, 400);
}

TEST_F(RegisterImportTest, GemeindenNeedTheirKreiseFirst) {
  ASSERT_OK_AND_ASSIGN(RegisterImportResult r,
                       ImportRegister(*units_, ReadReference("gemeinden_gv100ad_2023-11-30.csv")));
  EXPECT_FALSE(r.batch.applied);
  EXPECT_EQ(r.batch.rejected.size(), 10981u);
  EXPECT_EQ(r.batch.rejected.front().index, 2);  // file line of the first data row
  EXPECT_STATUS(r.batch.rejected.front().status, absl::StatusCode::kFailedPrecondition,
                "line 2: parent Kreis 01001 of unit 01001000 is not registered");
  EXPECT_EQ(units_->size(), 0u);
}

TEST_F(RegisterImportTest, ImportsTheFullRegister) {
  auto start = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(RegisterImportResult l,
                       ImportRegister(*units_, ReadReference("laender.csv")));
  ASSERT_TRUE(l.batch.applied);
  EXPECT_EQ(l.rows, 16);
  EXPECT_EQ(l.batch.upserted, 17);
  ASSERT_OK_AND_ASSIGN(RegisterImportResult k,
                       ImportRegister(*units_, ReadReference("kreise_gv100ad_2023-11-30.csv")));
  ASSERT_TRUE(k.batch.applied) << k.batch.rejected.front().status;
  EXPECT_EQ(k.rows, 400);
  // With the 29 Regierungsbezirke, and the 16 Länder, which get the file's Gebietsstand.
  EXPECT_EQ(k.batch.upserted, 429 + 16);
  ASSERT_OK_AND_ASSIGN(RegisterImportResult g,
                       ImportRegister(*units_, ReadReference("gemeinden_gv100ad_2023-11-30.csv")));
  ASSERT_TRUE(g.batch.applied) << g.batch.rejected.front().status;
  EXPECT_EQ(g.kind, RegisterKind::kGemeinden);
  EXPECT_EQ(g.rows, 10981);
  EXPECT_EQ(g.batch.upserted, 10981);
  std::cerr << "full register import took "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - start)
                   .count()
            << " ms\n";
  EXPECT_EQ(units_->size(), 1u + 16 + 29 + 400 + 10981);

  // Samples checked against the file's rows.
  ASSERT_OK_AND_ASSIGN(Unit muenchen, units_->Get("09162000"));
  EXPECT_EQ(muenchen.name, "München, Landeshauptstadt");
  EXPECT_EQ(muenchen.type, UnitType::kKreisfreieStadt);
  EXPECT_EQ(muenchen.population, 1512491);
  EXPECT_EQ(muenchen.population_year, 2022);
  EXPECT_DOUBLE_EQ(*muenchen.area_km2, 310.70);
  EXPECT_EQ(muenchen.size_class(), SizeClass::kGrossstadt);
  EXPECT_EQ(muenchen.parent_key(), "09162");
  EXPECT_EQ(muenchen.twin_key(), "09162");
  EXPECT_EQ(muenchen.territory_date, "2023-11-30");
  ASSERT_OK_AND_ASSIGN(Unit albersdorf, units_->Get("01051001"));
  EXPECT_EQ(albersdorf.type, UnitType::kKreisangehoerigeGemeinde);
  EXPECT_EQ(albersdorf.official_type_code, "64");
  EXPECT_EQ(albersdorf.population, 3774);
  EXPECT_EQ(albersdorf.size_class(), SizeClass::kLandgemeinde);
  ASSERT_OK_AND_ASSIGN(Unit dithmarschen, units_->Get("01051"));
  EXPECT_EQ(dithmarschen.type, UnitType::kLandkreis);
  EXPECT_EQ(dithmarschen.official_type, "Kreis");
  EXPECT_EQ(dithmarschen.seat, "Heide");
  EXPECT_EQ(dithmarschen.population, 135252);
  ASSERT_OK_AND_ASSIGN(Unit condominium, units_->Get("07000999"));
  EXPECT_EQ(condominium.type, UnitType::kGemeindefreiesGebiet);
  EXPECT_EQ(condominium.parent_key(), "07");
  ASSERT_OK_AND_ASSIGN(Unit hamburg, units_->Get("02"));
  EXPECT_EQ(hamburg.type, UnitType::kStadtstaat);
  EXPECT_EQ(hamburg.seat, "Hamburg");               // laender.csv
  EXPECT_EQ(hamburg.territory_date, "2023-11-30");  // the Kreise file

  // Filters: the Gemeinden of Kreis Dithmarschen, the Großstädte of Bayern's Gemeinden.
  ASSERT_OK_AND_ASSIGN(UnitPage children, units_->List({.parent_key = "01051"}, 1000, ""));
  EXPECT_EQ(children.units.size(), 116u);  // n_gemeinden in the Kreise file
  ASSERT_OK_AND_ASSIGN(UnitPage laender, units_->List({.parent_key = "DG"}, 1000, ""));
  EXPECT_EQ(laender.units.size(), 16u);
  ASSERT_OK_AND_ASSIGN(UnitPage kreise_sh, units_->List({.parent_key = "01"}, 1000, ""));
  EXPECT_EQ(kreise_sh.units.size(), 15u);
  ASSERT_OK_AND_ASSIGN(UnitPage big, units_->List({.size_class = SizeClass::kGrossstadt,
                                                   .level = UnitLevel::kGemeinde},
                                                  1000, ""));
  EXPECT_EQ(big.units.size(), 82u);  // every German Großstadt (>= 100,000 at 31.12.2022)

  // Idempotent re-import.
  ASSERT_OK_AND_ASSIGN(RegisterImportResult again,
                       ImportRegister(*units_, ReadReference("kreise_gv100ad_2023-11-30.csv")));
  EXPECT_EQ(again.batch.upserted, 0);
  EXPECT_EQ(again.batch.unchanged, 445);

  // The register survives a restart.
  units_.reset();
  ASSERT_OK_AND_ASSIGN(units_, UnitStore::Open(store_.get()));
  EXPECT_EQ(units_->size(), 11427u);

  // kreise_gv100ad_2023-11-30.csv names Regierungsbezirk 053 "Reg.-Bez. Köln"; the Gemeinden
  // file the Gemeindeverband of Albersdorf: 010515175 Mitteldithmarschen, 51 Amt.
  ASSERT_OK_AND_ASSIGN(Unit rb, units_->Get("053"));
  EXPECT_EQ(rb.name, "Reg.-Bez. Köln");
  EXPECT_EQ(rb.type, UnitType::kRegierungsbezirk);
  EXPECT_EQ(rb.territory_date, "2023-11-30");
  EXPECT_STATUS(units_->Get("010"), absl::StatusCode::kNotFound, "not registered");
  ASSERT_OK_AND_ASSIGN(albersdorf, units_->Get("01051001"));
  EXPECT_EQ(albersdorf.verband_key, "010515175");
  EXPECT_EQ(albersdorf.verband_name, "Mitteldithmarschen");
  EXPECT_EQ(albersdorf.verband_type_code, "51");
  EXPECT_EQ(albersdorf.verband_type, "Amt");
  EXPECT_EQ(albersdorf.ars(), "010515175001");
}

TEST_F(RegisterImportTest, PaginatesListing) {
  ASSERT_OK(ImportRegister(*units_, ReadReference("laender.csv")));
  std::vector<std::string> keys;
  std::string token;
  do {
    ASSERT_OK_AND_ASSIGN(UnitPage page, units_->List({}, 5, token));
    for (const Unit& u : page.units) keys.push_back(u.key);
    token = page.next_page_token;
  } while (!token.empty());
  EXPECT_EQ(keys.size(), 17u);
  EXPECT_EQ(keys.front(), "01");
  EXPECT_EQ(keys.back(), "DG");
  EXPECT_STATUS(units_->List({}, 5, "!!"), absl::StatusCode::kInvalidArgument, "page_token");
}

TEST_F(RegisterImportTest, RejectsBadRowsAndWritesNothing) {
  std::string csv =
      "land_code,name,sitz_landesregierung\n"
      "01,Schleswig-Holstein,Kiel\n"
      "17,Atlantis,Poseidonis\n"
      "02,Hamburg\n";
  ASSERT_OK_AND_ASSIGN(RegisterImportResult r, ImportRegister(*units_, csv));
  EXPECT_FALSE(r.batch.applied);
  ASSERT_EQ(r.batch.rejected.size(), 2u);
  EXPECT_EQ(r.batch.rejected[0].index, 3);
  EXPECT_STATUS(r.batch.rejected[0].status, absl::StatusCode::kInvalidArgument, "Land 17");
  EXPECT_EQ(r.batch.rejected[1].index, 4);
  EXPECT_STATUS(r.batch.rejected[1].status, absl::StatusCode::kInvalidArgument, "2 fields");
  EXPECT_EQ(units_->size(), 0u);
}

// Kreise rows in the register file layout; `population` and `population_date` optional.
std::string KreiseCsv(const std::string& extra_header, const std::vector<std::string>& rows,
                      bool with_population = true) {
  std::string csv = absl::StrCat("kreis_code,name,sitz_verwaltung,kreis_type_code,kreis_type,",
                                 with_population ? "population," : "", "area_km2,gebietsstand",
                                 extra_header, "\n");
  for (const std::string& r : rows) absl::StrAppend(&csv, r, "\n");
  return csv;
}

// Regression (issue 15): population_year was the Gebietsstand's year minus one even when the file
// states the population date. A stated date wins; the GV100AD convention applies (and is named)
// only when the file states none; the option overrides both.
TEST_F(RegisterImportTest, PopulationDateStatedByTheFileOrOptionOrByTheGv100adConvention) {
  ASSERT_OK(ImportRegister(*units_, ReadReference("laender.csv")));
  const std::string dated = KreiseCsv(
      ",population_date",
      {"01001,\"Flensburg, Stadt\",Flensburg,41,Kreisfreie Stadt,92550,56.73,20231231,2023-12-31",
       "01002,\"Kiel, Landeshauptstadt\",Kiel,41,Kreisfreie Stadt,247717,118.65,20231231,"
       "20231231"});
  ASSERT_OK_AND_ASSIGN(RegisterRows rows, ParseRegister(dated));
  ASSERT_TRUE(rows.rejected.empty()) << rows.rejected[0].status;
  EXPECT_EQ(rows.units[0].population_year, 2023);  // was 2022
  EXPECT_EQ(rows.units[1].population_year, 2023);
  EXPECT_TRUE(rows.notes.empty());

  // No date in the file: the documented GV100AD convention, said in a note.
  const std::string undated = KreiseCsv(
      "", {"01001,\"Flensburg, Stadt\",Flensburg,41,Kreisfreie Stadt,92550,56.73,20231130"});
  ASSERT_OK_AND_ASSIGN(rows, ParseRegister(undated));
  EXPECT_EQ(rows.units[0].population_year, 2022);
  ASSERT_EQ(rows.notes.size(), 1u);
  EXPECT_NE(rows.notes[0].find("31.12.2022 by the GV100AD convention"), std::string::npos);

  // The option overrides the file's column and the convention.
  ASSERT_OK_AND_ASSIGN(rows, ParseRegister(dated, {.population_date = "2021-12-31"}));
  EXPECT_EQ(rows.units[0].population_year, 2021);
  ASSERT_OK_AND_ASSIGN(rows, ParseRegister(undated, {.population_date = "2021-12-31"}));
  EXPECT_EQ(rows.units[0].population_year, 2021);
  EXPECT_TRUE(rows.notes.empty());

  // Only a 31 December fits population_year; a malformed date is named with its line.
  EXPECT_STATUS(ParseRegister(undated, {.population_date = "2023-11-30"}),
                absl::StatusCode::kInvalidArgument, "is not a 31 December");
  ASSERT_OK_AND_ASSIGN(
      rows, ParseRegister(KreiseCsv(",population_date",
                                    {"01001,\"Flensburg, Stadt\",Flensburg,41,Kreisfreie Stadt,"
                                     "92550,56.73,20231130,2023-06-30",
                                     "01002,Kiel,Kiel,41,Kreisfreie Stadt,247717,118.65,20231130,"
                                     "31.12.2022"})));
  ASSERT_EQ(rows.rejected.size(), 2u);
  EXPECT_EQ(rows.rejected[0].index, 2);
  EXPECT_STATUS(rows.rejected[0].status, absl::StatusCode::kInvalidArgument,
                "line 2: population_date '2023-06-30' is not a 31 December");
  EXPECT_STATUS(rows.rejected[1].status, absl::StatusCode::kInvalidArgument,
                "line 3: population_date '31.12.2022' is not a date");

  // Imported through ImportRegister, the stated year is what the store holds.
  ASSERT_OK_AND_ASSIGN(RegisterImportResult r, ImportRegister(*units_, dated));
  ASSERT_TRUE(r.batch.applied);
  ASSERT_OK_AND_ASSIGN(Unit kiel, units_->Get("01002"));
  EXPECT_EQ(kiel.population_year, 2023);
}

// Regression (issue 15): a Kreise file without population erased the stored populations, and
// with them size classes and peer groups, silently. Now refused (line, column, unit and the
// option named), or with keep_population the stored population is kept with a warning.
TEST_F(RegisterImportTest, KreiseFileWithoutPopulationIsRefusedOrKeepsTheStoredOne) {
  ASSERT_OK(ImportRegister(*units_, ReadReference("laender.csv")));
  ASSERT_OK_AND_ASSIGN(
      RegisterImportResult r,
      ImportRegister(*units_, KreiseCsv("", {"01001,Flensburg,Flensburg,41,Kreisfreie Stadt,"
                                             "92550,56.73,20231130",
                                             "01002,Kiel,Kiel,41,Kreisfreie Stadt,247717,118.65,"
                                             "20231130"})));
  ASSERT_TRUE(r.batch.applied);

  const std::string empty_cell =
      KreiseCsv("", {"01001,Flensburg,Flensburg,41,Kreisfreie Stadt,,56.73,20231130",
                     "01002,Kiel,Kiel,41,Kreisfreie Stadt,247717,118.65,20231130",
                     "01003,\"Lübeck, Hansestadt\",Lübeck,41,Kreisfreie Stadt,,214.19,20231130"});
  ASSERT_OK_AND_ASSIGN(r, ImportRegister(*units_, empty_cell));
  EXPECT_FALSE(r.batch.applied);
  ASSERT_EQ(r.batch.rejected.size(), 1u);  // Lübeck is new: its population is just unknown
  EXPECT_EQ(r.batch.rejected[0].index, 2);
  EXPECT_STATUS(r.batch.rejected[0].status, absl::StatusCode::kFailedPrecondition,
                "line 2: column 'population' is empty, but unit 01001 has the stored population "
                "92550 (31.12.2022); importing would erase it and change its size class and peer "
                "groups. Fill the column, or import with --keep-population");
  ASSERT_OK_AND_ASSIGN(Unit flensburg, units_->Get("01001"));
  EXPECT_EQ(flensburg.population, 92550);
  EXPECT_EQ(flensburg.size_class(), SizeClass::kMittelstadt);
  EXPECT_STATUS(units_->Get("01003"), absl::StatusCode::kNotFound, "not registered");

  const std::string no_column =
      KreiseCsv("", {"01001,Flensburg,Flensburg,41,Kreisfreie Stadt,56.73,20231130"}, false);
  ASSERT_OK_AND_ASSIGN(r, ImportRegister(*units_, no_column));
  EXPECT_FALSE(r.batch.applied);
  ASSERT_EQ(r.batch.rejected.size(), 1u);
  EXPECT_STATUS(r.batch.rejected[0].status, absl::StatusCode::kFailedPrecondition,
                "line 2: the file has no column 'population', but unit 01001");

  // Kept: the stored population and its year, a warning, and the rest of the row applied.
  ASSERT_OK_AND_ASSIGN(r, ImportRegister(*units_, empty_cell, {.keep_population = true}));
  ASSERT_TRUE(r.batch.applied);
  ASSERT_EQ(r.notes.size(), 2u);  // the convention (Kiel's row), the kept population
  EXPECT_EQ(r.notes[1],
            "warning: 1 unit(s) without population in the file keep their stored population "
            "(--keep-population)");
  ASSERT_OK_AND_ASSIGN(flensburg, units_->Get("01001"));
  EXPECT_EQ(flensburg.population, 92550);
  EXPECT_EQ(flensburg.population_year, 2022);
  EXPECT_EQ(flensburg.size_class(), SizeClass::kMittelstadt);
  EXPECT_EQ(flensburg.name, "Flensburg");
  ASSERT_OK_AND_ASSIGN(Unit luebeck, units_->Get("01003"));
  EXPECT_FALSE(luebeck.population.has_value());
}

TEST_F(RegisterImportTest, UpsertCreatesTheBundImplicitlyAndChecksParents) {
  EXPECT_STATUS(
      units_->Upsert({.key = "01001", .name = "Flensburg", .type = UnitType::kKreisfreieStadt}),
      absl::StatusCode::kFailedPrecondition, "parent Land 01");
  ASSERT_OK(units_->Upsert({.key = "01", .name = "Schleswig-Holstein", .type = UnitType::kLand}));
  ASSERT_OK_AND_ASSIGN(Unit bund, units_->Get("00"));
  EXPECT_EQ(bund.name, "Deutschland");
  ASSERT_OK(units_->Upsert({.key = "01001",
                            .name = "Flensburg",
                            .type = UnitType::kKreisfreieStadt,
                            .population = 92550}));
  EXPECT_STATUS(units_->Get("01002"), absl::StatusCode::kNotFound, "not registered");
  EXPECT_STATUS(units_->Get("1"), absl::StatusCode::kInvalidArgument, "1 digits");
}

// A register file states some fields of a unit; the rest of the stored unit stays: its validity
// (set by a reform), its DEGURBA (only the Auszug states it), and what the file has no column
// for. Before, re-importing the register erased a reform's valid_to.
TEST_F(RegisterImportTest, AFileKeepsWhatItDoesNotState) {
  ASSERT_OK(ImportRegister(*units_, ReadReference("laender.csv")));
  const std::string kreise = KreiseCsv(
      "", {"01001,\"Flensburg, Stadt\",Flensburg,41,Kreisfreie Stadt,92550,56.73,20231130"});
  ASSERT_OK(ImportRegister(*units_, kreise));
  const std::string gemeinden =
      "ags,name,gemeinde_type_code,gemeinde_type,population,area_km2,gebietsstand\n"
      "01001000,\"Flensburg, Stadt\",61,Kreisfreie Stadt,92550,56.73,20231130\n";
  ASSERT_OK(ImportRegister(*units_, gemeinden));
  ASSERT_OK_AND_ASSIGN(Unit g, units_->Get("01001000"));
  g.valid_to = "2024-12-31";
  g.degurba = Degurba::kKleinereStaedteUndVororte;
  g.verband_key = "010010000";
  g.verband_name = "Flensburg, Stadt";
  ASSERT_OK(units_->Upsert(g));
  ASSERT_OK_AND_ASSIGN(Unit k, units_->Get("01001"));
  k.valid_from = "2000-01-01";
  k.population = 1;  // stated by the file: replaced
  ASSERT_OK(units_->Upsert(k));

  ASSERT_OK_AND_ASSIGN(RegisterImportResult r, ImportRegister(*units_, gemeinden));
  ASSERT_TRUE(r.batch.applied);
  EXPECT_EQ(r.batch.unchanged, 1);  // nothing the file states changed
  ASSERT_OK_AND_ASSIGN(Unit after, units_->Get("01001000"));
  EXPECT_EQ(after.valid_to, "2024-12-31");
  EXPECT_EQ(after.degurba, Degurba::kKleinereStaedteUndVororte);
  EXPECT_EQ(after.verband_key, "010010000");  // the file has no Verband columns
  ASSERT_OK(ImportRegister(*units_, kreise));
  ASSERT_OK_AND_ASSIGN(Unit kreis, units_->Get("01001"));
  EXPECT_EQ(kreis.valid_from, "2000-01-01");
  EXPECT_EQ(kreis.population, 92550);

  // The Länder file has no Gebietsstand, population or area: a stored one stays.
  ASSERT_OK_AND_ASSIGN(Unit land, units_->Get("01"));
  land.population = 2953270;
  land.territory_date = "2023-11-30";
  ASSERT_OK(units_->Upsert(land));
  ASSERT_OK(ImportRegister(*units_, ReadReference("laender.csv")));
  ASSERT_OK_AND_ASSIGN(land, units_->Get("01"));
  EXPECT_EQ(land.population, 2953270);
  EXPECT_EQ(land.territory_date, "2023-11-30");
}

TEST_F(RegisterImportTest, GebietsstandOptionOverridesTheColumn) {
  const std::string kreise = KreiseCsv(
      "", {"01001,\"Flensburg, Stadt\",Flensburg,41,Kreisfreie Stadt,92550,56.73,20231130"});
  ASSERT_OK_AND_ASSIGN(RegisterRows rows, ParseRegister(kreise, {.gebietsstand = "2024-12-31"}));
  ASSERT_EQ(rows.units.size(), 1u);
  EXPECT_EQ(rows.units[0].territory_date, "2024-12-31");
  // The GV100AD convention follows the Gebietsstand in force: 2024 -> 31.12.2023.
  EXPECT_EQ(rows.units[0].population_year, 2023);
  // The Länder file has no Gebietsstand; the option gives it one.
  ASSERT_OK_AND_ASSIGN(rows,
                       ParseRegister(ReadReference("laender.csv"), {.gebietsstand = "2024-12-31"}));
  EXPECT_EQ(rows.units[1].territory_date, "2024-12-31");
  EXPECT_TRUE(rows.carried.territory_date);
  EXPECT_STATUS(ParseRegister(kreise, {.gebietsstand = "2023-02-30"}),
                absl::StatusCode::kInvalidArgument, "--gebietsstand");
  ASSERT_OK_AND_ASSIGN(rows, ParseRegister(KreiseCsv("", {"01001,F,F,41,Kreisfreie Stadt,1,1,"
                                                          "20231131"})));
  ASSERT_EQ(rows.rejected.size(), 1u);
  EXPECT_STATUS(rows.rejected[0].status, absl::StatusCode::kInvalidArgument,
                "line 2: gebietsstand '2023-11-31' is not a date: no such day");
}

}  // namespace
}  // namespace integra::monitoring
