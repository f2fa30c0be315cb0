// Open SDG: the bundle's exact files for a small hand-made dataset (every header and row below
// was written by hand from the layout in open_sdg.h), directory and zip alike, ids and their
// mapping file, and reading the data files back.
#include "client/io/open_sdg.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/io/row_builder.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The hand-made dataset: a percentage with two breakdown dimensions (Bund, Köln, Düsseldorf)
// and a count; every kind of status once.
std::vector<ObservationRow> Dataset() {
  std::vector<ObservationRow> rows;
  ObservationRow a = Row("DG", "AUSL_ANTEIL", "2021", 13.1);
  a.source = "Destatis";
  rows.push_back(a);
  ObservationRow b = Row("DG", "AUSL_ANTEIL", "2021", 12.9);
  b.breakdown = {{"sex", "f"}};
  b.flags = {"provisional", "estimated"};  // two flags: OBS_STATUS says E, INTEGRA_FLAGS both
  b.source = "Destatis";
  rows.push_back(b);
  ObservationRow c = Row("05315", "AUSL_ANTEIL", "2021", 19.5);
  c.footnote = "Gebietsstand 2021, \"vorläufig\"";
  c.source = "INKAR, BBSR Bonn";
  c.series_break = true;
  rows.push_back(c);
  ObservationRow d = Row("05315", "AUSL_ANTEIL", "2022", std::nullopt);
  d.flags = {"suppressed"};
  rows.push_back(d);
  ObservationRow e = Row("05111", "AUSL_ANTEIL", "2021", 20);
  e.breakdown = {{"nationality", "nicht deutsch"}};
  e.flags = {"suppressed"};
  rows.push_back(e);
  ObservationRow f = Row("DG", "BEV", "2021", 83237124);
  f.source = "Destatis";
  rows.push_back(f);
  ObservationRow g = Row("05315", "BEV", "2021", 1084831);
  g.flags = {"synthetic"};
  g.source = "integra demo (synthetisch)";
  rows.push_back(g);
  return rows;
}

OpenSdgBundleOptions BundleOptions() {
  OpenSdgBundleOptions options;
  OpenSdgIndicator ausl;
  ausl.code = "AUSL_ANTEIL";
  ausl.id = DefaultOpenSdgId("AUSL_ANTEIL");
  ausl.standalone = true;
  ausl.name = "Anteil ausländischer Bevölkerung";
  ausl.units = "Prozent";
  ausl.dimensions = {"nationality", "sex"};
  ausl.definition = "Ausländische Bevölkerung je 100 Einwohner.";
  ausl.data_source = "INKAR, BBSR Bonn";
  options.indicators["AUSL_ANTEIL"] = ausl;
  OpenSdgIndicator bev;
  bev.code = "BEV";
  bev.id = "1-1-1";  // as a mapping file gives it
  bev.name = "Bevölkerung";
  bev.units = "Anzahl";
  bev.relevance = "Bezugsgröße\nfür Anteile";
  options.indicators["BEV"] = bev;
  options.headline_unit = "DG";
  options.area_label = [](const std::string& key) -> std::string {
    if (key == "DG") return "Deutschland";
    if (key == "05315") return "Köln";
    if (key == "05111") return "Düsseldorf";
    return key;
  };
  return options;
}

constexpr char kAuslData[] =
    "Year,Gebiet,nationality,sex,Units,Series,Observation status,COMMENT_OBS,SOURCE_DETAIL,"
    "INTEGRA_FLAGS,GeoCode,Value\n"
    "2021,,,,Prozent,AUSL_ANTEIL,,,Destatis,,DG,13.1\n"
    "2021,,,f,Prozent,AUSL_ANTEIL,E,,Destatis,provisional|estimated,DG,12.9\n"
    "2021,Köln,,,Prozent,AUSL_ANTEIL,B,\"Gebietsstand 2021, \"\"vorläufig\"\"\","
    "\"INKAR, BBSR Bonn\",,05315,19.5\n"
    "2022,Köln,,,Prozent,AUSL_ANTEIL,Q,,,suppressed,05315,\n"
    "2021,Düsseldorf,nicht deutsch,,Prozent,AUSL_ANTEIL,C,,,suppressed,05111,20\n";

constexpr char kAuslMeta[] =
    "---\n"
    "integra_code: \"AUSL_ANTEIL\"\n"
    "indicator_name: \"Anteil ausländischer Bevölkerung\"\n"
    "graph_title: \"Anteil ausländischer Bevölkerung\"\n"
    "graph_type: line\n"
    "reporting_status: complete\n"
    "data_non_statistical: false\n"
    "standalone: true\n"
    "computation_units: \"Prozent\"\n"
    "national_geographical_coverage: \"Deutschland\"\n"
    "STAT_CONC_DEF: \"Ausländische Bevölkerung je 100 Einwohner.\"\n"
    "DATA_SOURCE: \"INKAR, BBSR Bonn\"\n"
    "copyright: \"Quelle: Destatis; INKAR, BBSR Bonn – Datenlizenz Deutschland – Namensnennung "
    "2.0 (dl-de/by-2-0, https://www.govdata.de/dl-de/by-2-0).\"\n"
    "---\n";

constexpr char kBevData[] =
    "Year,Gebiet,Units,Series,Observation status,COMMENT_OBS,SOURCE_DETAIL,INTEGRA_FLAGS,GeoCode,"
    "Value\n"
    "2021,,Anzahl,BEV,,,Destatis,,DG,83237124\n"
    "2021,Köln,Anzahl,BEV,G,,integra demo (synthetisch),synthetic,05315,1084831\n";

constexpr char kBevMeta[] =
    "---\n"
    "integra_code: \"BEV\"\n"
    "indicator_name: \"Bevölkerung\"\n"
    "graph_title: \"Bevölkerung\"\n"
    "graph_type: line\n"
    "reporting_status: complete\n"
    "data_non_statistical: false\n"
    "computation_units: \"Anzahl\"\n"
    "national_geographical_coverage: \"Deutschland\"\n"
    "RATIONALE: \"Bezugsgröße\\nfür Anteile\"\n"
    "copyright: \"Quelle: Destatis – Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0, "
    "https://www.govdata.de/dl-de/by-2-0). Weitere Quellen: integra demo (synthetisch). Enthält "
    "synthetische Demo-Werte (Flag synthetic), keine amtlichen Daten.\"\n"
    "---\n";

TEST(OpenSdgIdTest, DefaultIdsAreReversibleAndMappedIdsAreChecked) {
  EXPECT_EQ(DefaultOpenSdgId("AUSL_ANTEIL"), "integra-ausl-anteil");
  EXPECT_EQ(DefaultOpenSdgId("BEV"), "integra-bev");
  EXPECT_EQ(CodeOfDefaultOpenSdgId("integra-ausl-anteil"), "AUSL_ANTEIL");
  EXPECT_EQ(CodeOfDefaultOpenSdgId("integra-betreuung-3-6"), "BETREUUNG_3_6");
  EXPECT_EQ(CodeOfDefaultOpenSdgId("1-1-1"), std::nullopt);
  EXPECT_EQ(CodeOfDefaultOpenSdgId("integra-"), std::nullopt);
  EXPECT_EQ(CodeOfDefaultOpenSdgId("integra-3x"), std::nullopt);  // codes start with a letter

  EXPECT_EQ(*ParseOpenSdgId("1-1-1"), "1-1-1");
  EXPECT_EQ(*ParseOpenSdgId(" 1.2.3 "), "1-2-3");
  EXPECT_EQ(*ParseOpenSdgId("10-a-1"), "10-a-1");
  for (const char* bad : {"1", "", "1--1", "1-1-", "-1-1", "1-A-1", "1_1", "1-1 1"}) {
    EXPECT_STATUS(ParseOpenSdgId(bad), absl::StatusCode::kInvalidArgument, "is not an Open SDG id");
  }

  testing::TempDir dir;
  std::ofstream(dir.Sub("ids.csv")) << "code,id\nAUSL_ANTEIL,1.1.1\nBEV,1-1-2\n";
  ASSERT_OK_AND_ASSIGN(auto map, ReadOpenSdgIdMap(dir.Sub("ids.csv")));
  EXPECT_THAT(
      map, ElementsAre(::testing::Pair("AUSL_ANTEIL", "1-1-1"), ::testing::Pair("BEV", "1-1-2")));
  std::ofstream(dir.Sub("twice.csv")) << "code,id\nAUSL_ANTEIL,1-1-1\nBEV,1.1.1\n";
  EXPECT_STATUS(ReadOpenSdgIdMap(dir.Sub("twice.csv")), absl::StatusCode::kInvalidArgument,
                "line 3, column id: id 1-1-1 is already used for AUSL_ANTEIL");
  std::ofstream(dir.Sub("bad.csv")) << "code,id\nAUSL_ANTEIL,eins\n";
  EXPECT_STATUS(ReadOpenSdgIdMap(dir.Sub("bad.csv")), absl::StatusCode::kInvalidArgument,
                "line 2, column id: 'eins' is not an Open SDG id");
  std::ofstream(dir.Sub("nocols.csv")) << "indicator,goal\nAUSL_ANTEIL,1\n";
  EXPECT_STATUS(ReadOpenSdgIdMap(dir.Sub("nocols.csv")), absl::StatusCode::kInvalidArgument,
                "needs the columns code,id");
}

TEST(OpenSdgBundleTest, DirectoryHoldsTheDataAndMetadataFilesExactly) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto tree, OpenDirectoryTree(dir.Sub("bundle")));
  OpenSdgBundleWriter writer(std::move(tree), BundleOptions());
  for (const ObservationRow& row : Dataset()) ASSERT_OK(writer.Write(row));
  ASSERT_OK(writer.Finish());
  EXPECT_EQ(writer.rows_written(), 7);
  EXPECT_THAT(writer.files(),
              ElementsAre("data/indicator_integra-ausl-anteil.csv", "meta/integra-ausl-anteil.md",
                          "data/indicator_1-1-1.csv", "meta/1-1-1.md"));
  const std::string root = dir.Sub("bundle/");
  EXPECT_EQ(ReadFile(root + "data/indicator_integra-ausl-anteil.csv"), kAuslData);
  EXPECT_EQ(ReadFile(root + "meta/integra-ausl-anteil.md"), kAuslMeta);
  EXPECT_EQ(ReadFile(root + "data/indicator_1-1-1.csv"), kBevData);
  EXPECT_EQ(ReadFile(root + "meta/1-1-1.md"), kBevMeta);
  // Nothing else (no temporary files left behind).
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    files += e.is_regular_file();
  }
  EXPECT_EQ(files, 4);
}

// A second export into the directory of an earlier one: the earlier export's data and metadata
// files of indicators this one does not hold go; files of other kinds stay.
TEST(OpenSdgBundleTest, StaleFilesOfAnEarlierExportAreRemoved) {
  testing::TempDir dir;
  const std::string root = dir.Sub("bundle/");
  std::filesystem::create_directories(root + "data");
  std::filesystem::create_directories(root + "meta");
  for (const char* name : {"data/indicator_old.csv", "meta/old.md", "data/notes.txt",
                           "meta/integra-ausl-anteil.md", "README.md"}) {
    std::ofstream(root + name) << "earlier";
  }
  ASSERT_OK_AND_ASSIGN(auto tree, OpenDirectoryTree(dir.Sub("bundle")));
  OpenSdgBundleWriter writer(std::move(tree), BundleOptions());
  for (const ObservationRow& row : Dataset()) ASSERT_OK(writer.Write(row));
  ASSERT_OK(writer.Finish());
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> removed,
                       RemoveStaleBundleFiles(dir.Sub("bundle"), writer.files()));
  EXPECT_THAT(removed, ElementsAre("data/indicator_old.csv", "meta/old.md"));
  EXPECT_FALSE(std::filesystem::exists(root + "data/indicator_old.csv"));
  EXPECT_FALSE(std::filesystem::exists(root + "meta/old.md"));
  EXPECT_EQ(ReadFile(root + "data/notes.txt"), "earlier");
  EXPECT_EQ(ReadFile(root + "README.md"), "earlier");
  EXPECT_EQ(ReadFile(root + "meta/integra-ausl-anteil.md"), kAuslMeta);  // rewritten
  // A directory without bundle folders: nothing to remove.
  ASSERT_OK_AND_ASSIGN(removed, RemoveStaleBundleFiles(dir.Sub("none"), {}));
  EXPECT_TRUE(removed.empty());
}

TEST(OpenSdgBundleTest, ZipHoldsTheSameFilesAndIsReproducible) {
  testing::TempDir dir;
  for (const char* name : {"a.zip", "b.zip"}) {
    ASSERT_OK_AND_ASSIGN(auto tree, OpenZipTree(dir.Sub(name)));
    OpenSdgBundleWriter writer(std::move(tree), BundleOptions());
    for (const ObservationRow& row : Dataset()) ASSERT_OK(writer.Write(row));
    ASSERT_OK(writer.Finish());
  }
  const std::string zip = ReadFile(dir.Sub("a.zip"));
  EXPECT_EQ(zip.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(zip, ReadFile(dir.Sub("b.zip")));  // fixed entry times: byte-identical
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("a.zip.tmp")));
  ASSERT_OK_AND_ASSIGN(auto entries, ListZipEntries(dir.Sub("a.zip")));
  EXPECT_THAT(entries,
              ElementsAre("data/indicator_integra-ausl-anteil.csv", "meta/integra-ausl-anteil.md",
                          "data/indicator_1-1-1.csv", "meta/1-1-1.md"));
  ASSERT_OK(ExtractZipEntry(dir.Sub("a.zip"), "data/indicator_integra-ausl-anteil.csv",
                            dir.Sub("x.csv")));
  EXPECT_EQ(ReadFile(dir.Sub("x.csv")), kAuslData);
  ASSERT_OK(ExtractZipEntry(dir.Sub("a.zip"), "meta/1-1-1.md", dir.Sub("x.md")));
  EXPECT_EQ(ReadFile(dir.Sub("x.md")), kBevMeta);
  EXPECT_STATUS(ExtractZipEntry(dir.Sub("a.zip"), "data/none.csv", dir.Sub("y")),
                absl::StatusCode::kNotFound, "has no entry data/none.csv");
  std::ofstream(dir.Sub("not.zip")) << "Year,Value\n";
  EXPECT_STATUS(ListZipEntries(dir.Sub("not.zip")), absl::StatusCode::kInvalidArgument,
                "is not a readable zip archive");
}

TEST(OpenSdgBundleTest, AFailedExportLeavesNoHalfWrittenZip) {
  testing::TempDir dir;
  std::ofstream(dir.Sub("old.zip")) << "previous export";
  {
    ASSERT_OK_AND_ASSIGN(auto tree, OpenZipTree(dir.Sub("old.zip")));
    OpenSdgBundleWriter writer(std::move(tree), BundleOptions());
    ASSERT_OK(writer.Write(Dataset()[0]));
    EXPECT_STATUS(writer.Write(Row("DG", "UNKNOWN", "2021", 1)), absl::StatusCode::kInvalidArgument,
                  "indicator UNKNOWN is not among the bundle's indicators");
    // No Finish: the export failed.
  }
  EXPECT_EQ(ReadFile(dir.Sub("old.zip")), "previous export");
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("old.zip.tmp")));

  ASSERT_OK_AND_ASSIGN(auto tree, OpenDirectoryTree(dir.Sub("d")));
  OpenSdgBundleWriter writer(std::move(tree), BundleOptions());
  ASSERT_OK(writer.Write(Dataset()[0]));
  ASSERT_OK(writer.Write(Dataset()[5]));  // BEV
  EXPECT_STATUS(writer.Write(Dataset()[1]), absl::StatusCode::kInvalidArgument,
                "rows of indicator AUSL_ANTEIL must come together");
}

TEST(OpenSdgReaderTest, BundleDataFilesReadBackWithoutIndicatorOption) {
  std::vector<ObservationRow> expected = Dataset();
  for (const char* text : {kAuslData, kBevData}) {
    auto csv = CsvReader::FromString(text, {});
    ASSERT_OK(csv);
    ObservationReadOptions options;  // no --indicator: Series names it
    ASSERT_OK_AND_ASSIGN(auto reader, OpenObservationReader(std::move(*csv), options));
    EXPECT_EQ(reader->format(), ObservationFormat::kOpenSdg);
    ObservationRow row;
    while (reader->Next(&row)) {
      row.line = 0;
      ASSERT_FALSE(expected.empty());
      // An empty SOURCE_DETAIL cell is a source the file does not carry (the import keeps it).
      EXPECT_EQ(row.absent, expected.front().source.empty() ? kFieldSource : 0);
      row.absent = 0;
      EXPECT_EQ(row, expected.front());
      expected.erase(expected.begin());
    }
    EXPECT_OK(reader->status());
    EXPECT_THAT(reader->errors(), ::testing::IsEmpty());
  }
  EXPECT_TRUE(expected.empty());
}

TEST(OpenSdgReaderTest, UnitsSeriesAndAreaRules) {
  const std::string text =
      "Year,Gebiet,Units,Series,OBS_STATUS,GeoCode,Value\n"
      "2020,,Prozent,AUSL_ANTEIL,,DG,12.5\n"
      "2020,Köln,Prozent,BEV,,05315,13\n"
      "2021,Köln,Anzahl,AUSL_ANTEIL,E,05315,14\n"
      "2021,,Prozent,,U,DG,\n";
  ObservationReadOptions options;
  options.indicator = "AUSL_ANTEIL";
  auto csv = CsvReader::FromString(text, {});
  ASSERT_OK(csv);
  ASSERT_OK_AND_ASSIGN(auto reader, OpenObservationReader(std::move(*csv), options));
  std::vector<ObservationRow> rows;
  ObservationRow row;
  while (reader->Next(&row)) rows.push_back(row);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].unit_key, "DG");
  EXPECT_TRUE(rows[0].breakdown.empty());       // neither Units nor Gebiet is a breakdown
  EXPECT_EQ(rows[1].indicator, "AUSL_ANTEIL");  // empty Series: --indicator
  EXPECT_THAT(rows[1].flags, ElementsAre("unreliable"));
  ASSERT_EQ(reader->errors().size(), 2u);
  EXPECT_EQ(reader->errors()[0].ToString(),
            "line 3, column Series: Series 'BEV' is not the indicator given with --indicator "
            "(AUSL_ANTEIL)");
  EXPECT_THAT(reader->errors()[1].ToString(),
              HasSubstr("line 4, column Units: 'Anzahl' is not the unit of line 2 ('Prozent')"));

  // Without GeoCode the area column is a breakdown; without Series --indicator is required.
  csv = CsvReader::FromString("Year,Gebiet,Value\n2020,Köln,1\n", {});
  ASSERT_OK(csv);
  EXPECT_STATUS(OpenObservationReader(std::move(*csv), ObservationReadOptions{}),
                absl::StatusCode::kInvalidArgument, "no Series column): pass --indicator");
  options.unit_key = "05";
  csv = CsvReader::FromString("Year,Gebiet,Value\n2020,Köln,1\n", {});
  ASSERT_OK(csv);
  ASSERT_OK_AND_ASSIGN(reader, OpenObservationReader(std::move(*csv), options));
  ASSERT_TRUE(reader->Next(&row));
  EXPECT_EQ(row.unit_key, "05");
  EXPECT_THAT(row.breakdown, ElementsAre(::testing::Pair("gebiet", "Köln")));

  csv = CsvReader::FromString("Year,OBS_STATUS,Observation status,GeoCode,Value\n", {});
  ASSERT_OK(csv);
  EXPECT_STATUS(OpenObservationReader(std::move(*csv), options), absl::StatusCode::kInvalidArgument,
                "are the same column");
}

}  // namespace
}  // namespace integra::io
