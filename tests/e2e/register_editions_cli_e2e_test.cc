// `integra unit import` of Destatis' register products through the real CLI and integrad:
// detection by content, the reference-date notes and refusals, malformed records, DEGURBA in
// unit listings and peer sets, and the time to import the whole GV100AD (printed).
#include <chrono>
#include <fstream>
#include <iostream>

#include "gtest/gtest.h"
#include "tests/testing/gv100ad_writer.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/reference_data.h"

namespace integra {
namespace {

using testing::RunResult;

std::string FixturePath(const std::string& name) {
  return std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/" + name;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

using RegisterEditionsCliTest = testing::IntegradTest;

TEST_F(RegisterEditionsCliTest, Gv100adFixtureWithItsConventionNoted) {
  // The file name says nothing: the content does.
  const std::string copy = dir_.Sub("register.dat");
  {
    std::ifstream in(FixturePath("gv100ad_bremen_saarland.txt"), std::ios::binary);
    std::ofstream(copy, std::ios::binary) << in.rdbuf();
  }
  RunResult r = Cli({"unit", "import", copy});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(Has(r.err, "note: population taken as of 31.12.2022 by the GV100AD convention"))
      << r.err;
  EXPECT_TRUE(Has(r.out, "gv100ad")) << r.out;
  r = Cli({"unit", "get", "10041100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Saarbrücken, Landeshauptstadt")) << r.out;
  EXPECT_TRUE(Has(r.out, "100410100 Saarbrücken, Landeshauptstadt (50 Verbandsfreie Gemeinde)"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "100410100100")) << r.out;  // the ARS

  // --population-date overrides the convention and says so.
  r = Cli({"unit", "import", copy, "--population-date", "2021-12-31"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "note: population as of 31.12.2021 (--population-date)")) << r.err;
  r = Cli({"--format", "json", "unit", "get", "10041100"});
  EXPECT_TRUE(Has(r.out, "\"population_year\":2021")) << r.out;
}

TEST_F(RegisterEditionsCliTest, MalformedRecordsAreNamedByLineAndNothingIsImported) {
  std::ifstream in(FixturePath("gv100ad_bremen_saarland.txt"), std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Line 4 (the Bremen Gemeinde): a letter in its population.
  size_t at = 0;
  for (int line = 1; line < 4; ++line) at = text.find('\n', at) + 1;
  text[at + 145] = 'X';
  const std::string path = dir_.Sub("bad.txt");
  std::ofstream(path, std::ios::binary) << text;
  RunResult r = Cli({"unit", "import", path});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err,
                  "line 4, column Bevölkerung insgesamt: '000005X9396' (characters "
                  "140-150) is not a whole number"))
      << r.err;
  EXPECT_TRUE(Has(r.err, "error: 1 malformed record(s) in " + path + "; nothing was imported"))
      << r.err;
  r = Cli({"unit", "get", "04"});
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(RegisterEditionsCliTest, AuszugCsvDatesDegurbaAndPeers) {
  // Saved without its title rows: the dates must be given.
  std::ifstream in(FixturePath("gv_auszug_bremen_saarland.csv"), std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string bare = text.substr(text.find("\r\n;;", 0) + 2);  // from the blank row on
  ASSERT_TRUE(bare.starts_with(";;;")) << bare.substr(0, 40);
  const std::string path = dir_.Sub("auszug.csv");
  std::ofstream(path, std::ios::binary) << bare;
  RunResult r = Cli({"unit", "import", path, "--population-indicator", "none"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "pass --gebietsstand YYYY-MM-DD and --population-date YYYY-MM-DD"))
      << r.err;
  r = Cli({"unit", "import", path, "--population-indicator", "none", "--gebietsstand", "31.12.2023",
           "--population-date", "31.12.2022"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(Has(r.err, "note: Gebietsstand 31.12.2023 for every record (--gebietsstand)"))
      << r.err;

  // With its title rows, and the population indicator: the observations follow.
  r = Cli({"indicator", "create", "BEV_INSGESAMT", "--name", "Bevölkerung insgesamt", "--unit",
           "count", "--polarity", "neutral"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"unit", "import", FixturePath("gv_auszug_bremen_saarland.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(Has(r.err, "note: Gebietsstand 31.12.2023 as the file's title states")) << r.err;
  EXPECT_TRUE(Has(r.err, "note: population as of 31.12.2022 as the file states")) << r.err;
  r = Cli({"--format", "json", "unit", "import", FixturePath("gv_auszug_bremen_saarland.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"observations_unchanged\":63")) << r.out;

  // DEGURBA (test data in the fixture): Bremen 1, Saarbrücken 2.
  r = Cli({"unit", "list", "--degurba", "1", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "04011000")) << r.out;
  EXPECT_FALSE(Has(r.out, "10041100")) << r.out;
  r = Cli({"unit", "get", "10041100"});
  EXPECT_TRUE(Has(r.out, "degurba:        2 (kleinere Städte und Vororte)")) << r.out;
  r = Cli({"peers", "of", "10046118", "--peers", "degurba"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "DEGURBA 3 (ländliche Gebiete)")) << r.out;
  r = Cli({"peers", "of", "10041", "--peers", "land+degurba"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "FAILED_PRECONDITION")) << r.err;
  EXPECT_TRUE(Has(r.err, "has no degree of urbanisation")) << r.err;
  r = Cli({"unit", "list", "--degurba", "4"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(RegisterEditionsCliTest, TheWholeGv100adImportsAndIsTimed) {
  auto records = testing::GvRecordsFromReferenceCsvs(
      testing::ReadReference("laender.csv"),
      testing::ReadReference("kreise_gv100ad_2023-11-30.csv"),
      testing::ReadReference("gemeinden_gv100ad_2023-11-30.csv"));
  ASSERT_TRUE(records.ok()) << records.status();
  const std::string path = dir_.Sub("GV100AD_301123.txt");
  std::ofstream(path, std::ios::binary) << testing::GvFile(*records, "20231130");
  const auto start = std::chrono::steady_clock::now();
  RunResult r = Cli({"--format", "json", "unit", "import", path});
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(Has(r.out, "\"upserted\":11427")) << r.out;
  std::cerr << "integra unit import of the whole GV100AD (" << records->size()
            << " records, 10,981 Gemeinden): " << ms << " ms wall time\n";
  r = Cli({"unit", "list", "--level", "gemeinde", "--format", "csv"});
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1 + 10981);
}

}  // namespace
}  // namespace integra
