// The CSV reader and the import of the real official register (data/reference/).
#include "services/monitoring/register_import.h"

#include <chrono>

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
  EXPECT_EQ(kreise.units.size(), 400u);
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
  EXPECT_EQ(k.batch.upserted, 400);
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
  EXPECT_EQ(units_->size(), 1u + 16 + 400 + 10981);

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
  EXPECT_EQ(again.batch.unchanged, 400);

  // The register survives a restart.
  units_.reset();
  ASSERT_OK_AND_ASSIGN(units_, UnitStore::Open(store_.get()));
  EXPECT_EQ(units_->size(), 11398u);
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

}  // namespace
}  // namespace integra::monitoring
