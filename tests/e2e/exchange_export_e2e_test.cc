// `integra export` and `integra watch` through the real CLI against real integrad servers:
// export -> import into a fresh store -> the same data, for every format that imports (integra
// CSV, SDMX-CSV with its structure, Open SDG bundles as directory and zip), plus JSON Lines,
// XLSX, filters, catalog files, the knowledge graph, and the change feed (history, live tail,
// shutdown).
#include <chrono>
#include <filesystem>
#include <thread>

#include "gmock/gmock.h"
#include "tests/e2e/exchange_fixture.h"
#include "tests/testing/sdmx_check.h"

namespace integra {
namespace {

// Breakdowns, flags, a suppressed missing value, footnotes with quotes and line breaks, a
// series break, a quarterly indicator.
constexpr char kRichData[] =
    "ags,indicator,period,value,flags,source,breakdown,footnote,series_break\n"
    "05315,AUSL_ANTEIL,2020,18.6,,\"INKAR, BBSR Bonn\",,\"Zensus-korrigiert, \"\"vorläufig\"\"\","
    "false\n"
    "05315,AUSL_ANTEIL,2021,19.25,provisional,\"INKAR, BBSR Bonn\",,,true\n"
    "05315,AUSL_ANTEIL,2021,40.5,estimated,\"INKAR, BBSR Bonn\",nationality=auslaendisch;sex=f,"
    "\"Zeile 1\nZeile 2\",false\n"
    "05316,AUSL_ANTEIL,2021,,suppressed,Zensus 2022,,,false\n"
    "05316,BEV,2021,163905,,Destatis,,,false\n"
    "05334,BEV,2021,557026,synthetic,integra demo (synthetisch),,,false\n"
    "05315,ALO_Q,2021-Q3,7.5,,BA,,,false\n"
    "05315,ALO_Q,2021-Q4,7.25,,BA,,,false\n";

class ExchangeExportTest : public ExchangeCliTest {
 protected:
  void SetUp() override {
    ExchangeCliTest::SetUp();
    auto r = Cli({"import", "observations", Write("rich.csv", kRichData)});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
};

TEST_F(ExchangeExportTest, CsvAndSdmxCsvRoundTripIntoAFreshStore) {
  const std::string csv = Export();
  EXPECT_EQ(Lines(csv), 10u) << csv;  // header + 8 rows (one with an embedded line break)
  const std::string sdmx_path = dir_.Sub("export.sdmx.csv");
  auto r = Cli({"export", "observations", "--format", "sdmx-csv", "--output", sdmx_path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string structure_path = dir_.Sub("export.sdmx.structure.xml");
  EXPECT_TRUE(Has(r.err, "data structure (SDMX-ML 2.1): " + structure_path)) << r.err;
  const std::string sdmx = Read(sdmx_path);
  EXPECT_EQ(sdmx, Export({"--format", "sdmx-csv"}));  // stdout: the same data, no structure
  // Every dimension of the dataflow in every row: _T for a total, _Z where the indicator has
  // no such dimension; UNIT_MEASURE coded.
  EXPECT_TRUE(Has(sdmx,
                  "DATAFLOW,REF_AREA,INDICATOR,NATIONALITY,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,"
                  "OBS_STATUS,CONF_STATUS,COMMENT_OBS,SOURCE_DETAIL,INTEGRA_FLAGS\n"))
      << sdmx;
  EXPECT_TRUE(Has(sdmx,
                  "\nINTEGRA:DF_INTEGRATION(1.0),05315,AUSL_ANTEIL,auslaendisch,f,2021,40.5,"
                  "PERCENT,E,,\"Zeile 1\nZeile 2\",\"INKAR, BBSR Bonn\",estimated\n"))
      << sdmx;
  EXPECT_TRUE(Has(sdmx,
                  "\nINTEGRA:DF_INTEGRATION(1.0),05316,AUSL_ANTEIL,_T,_T,2021,,PERCENT,Q,C,,"
                  "Zensus 2022,suppressed\n"))
      << sdmx;
  EXPECT_TRUE(Has(sdmx,
                  "\nINTEGRA:DF_INTEGRATION(1.0),05316,BEV,_Z,_Z,2021,163905,COUNT,A,,,"
                  "Destatis,\n"))
      << sdmx;
  // The structure holds every code the file uses (checked with expat, independently).
  const std::string structure = Read(structure_path);
  EXPECT_THAT(testing::CheckSdmxCsvAgainstStructure(structure, sdmx), ::testing::IsEmpty());
  EXPECT_TRUE(Has(structure,
                  "<str:Code id=\"05315\">\n          <com:Name xml:lang=\"de\">"
                  "Köln, Stadt</com:Name>"))
      << structure.substr(0, 2000);
  // One column set per dataflow: an export of one indicator has all the columns too.
  const std::string bev = Export({"--format", "sdmx-csv", "--indicator", "BEV"});
  EXPECT_EQ(bev.substr(0, bev.find('\n')), sdmx.substr(0, sdmx.find('\n')));
  r = Cli({"export", "observations", "--format", "sdmx-csv", "--dataflow", "DF_X"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "'DF_X' is not AGENCY:ID(VERSION)")) << r.err;

  Server fresh;
  ASSERT_NO_FATAL_FAILURE(StartServer("fresh_csv", &fresh));
  r = CliAt(fresh.address, {"import", "observations", Write("export.csv", csv)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ExportAt(fresh.address), csv);

  Server fresh_sdmx;
  ASSERT_NO_FATAL_FAILURE(StartServer("fresh_sdmx", &fresh_sdmx));
  r = CliAt(fresh_sdmx.address, {"import", "observations", sdmx_path});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ExportAt(fresh_sdmx.address, {"--format", "sdmx-csv"}), sdmx);
  EXPECT_EQ(ExportAt(fresh_sdmx.address), csv);  // nothing lost on the way through SDMX
}

TEST_F(ExchangeExportTest, OpenSdgBundleRoundTripsThroughDirectoryAndZip) {
  const std::string out_dir = dir_.Sub("opensdg");
  auto r = Cli({"export", "observations", "--format", "opensdg", "--output", out_dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "(6 files)")) << r.err;  // data + metadata of 3 indicators
  const std::string ausl = Read(out_dir + "/data/indicator_integra-ausl-anteil.csv");
  EXPECT_TRUE(Has(ausl,
                  "Year,Gebiet,nationality,sex,Units,Series,Observation status,COMMENT_OBS,"
                  "SOURCE_DETAIL,INTEGRA_FLAGS,GeoCode,Value\n"))
      << ausl;
  // No Bund values here: every row names its area (the register's name).
  EXPECT_TRUE(Has(ausl,
                  "\n2021,\"Köln, Stadt\",auslaendisch,f,Prozent,AUSL_ANTEIL,E,\"Zeile 1\nZeile "
                  "2\",\"INKAR, BBSR Bonn\",estimated,05315,40.5\n"))
      << ausl;
  const std::string meta = Read(out_dir + "/meta/integra-ausl-anteil.md");
  EXPECT_TRUE(
      Has(meta, "---\nintegra_code: \"AUSL_ANTEIL\"\nindicator_name: \"Ausländeranteil\"\n"))
      << meta;
  EXPECT_TRUE(Has(meta,
                  "\nstandalone: true\ncomputation_units: \"Prozent\"\n"
                  "national_geographical_coverage: \"Deutschland\"\n"
                  "STAT_CONC_DEF: \"Ausländer je 100 Einwohner\"\nDATA_SOURCE: \"INKAR\"\n"
                  "copyright: \"Quelle: INKAR; INKAR, BBSR Bonn; Zensus 2022 – Datenlizenz "
                  "Deutschland – Namensnennung 2.0 (dl-de/by-2-0, "
                  "https://www.govdata.de/dl-de/by-2-0).\"\n---\n"))
      << meta;
  EXPECT_TRUE(std::filesystem::exists(out_dir + "/data/indicator_integra-alo-q.csv"));
  EXPECT_TRUE(std::filesystem::exists(out_dir + "/meta/integra-bev.md"));

  // Into a fresh store: the same values, flags, periods, footnotes and sources, and the same
  // bundle again.
  Server fresh;
  ASSERT_NO_FATAL_FAILURE(StartServer("fresh", &fresh));
  r = CliAt(fresh.address, {"import", "observations", out_dir});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "8 new revision(s)")) << r.out;
  EXPECT_EQ(ExportAt(fresh.address), Export());
  const std::string again_dir = dir_.Sub("opensdg_again");
  r = CliAt(fresh.address,
            {"export", "observations", "--format", "opensdg", "--output", again_dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* file : {"data/indicator_integra-ausl-anteil.csv", "meta/integra-ausl-anteil.md",
                           "data/indicator_integra-bev.csv", "meta/integra-bev.md",
                           "data/indicator_integra-alo-q.csv", "meta/integra-alo-q.md"}) {
    EXPECT_EQ(Read(again_dir + "/" + file), Read(out_dir + "/" + file)) << file;
  }

  // The same as a zip, with mapped ids and another headline area.
  const std::string ids = Write("ids.csv", "code,id\nAUSL_ANTEIL,1.1.1\nBEV,1.2.1\n");
  const std::string zip = dir_.Sub("bundle.zip");
  r = Cli({"export", "observations", "--format", "opensdg", "--output", zip, "--opensdg-ids", ids,
           "--headline", "05315"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Read(zip).substr(0, 4), std::string("PK\x03\x04", 4));
  Server fresh_zip;
  ASSERT_NO_FATAL_FAILURE(StartServer("fresh_zip", &fresh_zip));
  r = CliAt(fresh_zip.address, {"import", "observations", zip});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ExportAt(fresh_zip.address), Export());
  // Köln is the headline now: its rows leave the area empty. A stdout export of one indicator
  // is the bundle's data file.
  r = Cli({"export", "observations", "--format", "opensdg", "--indicator", "AUSL_ANTEIL",
           "--headline", "05315"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\n2021,,auslaendisch,f,Prozent,AUSL_ANTEIL,E,")) << r.out;
  EXPECT_TRUE(Has(r.out, "\n2021,\"Leverkusen, Stadt\",,,Prozent,AUSL_ANTEIL,Q,")) << r.out;

  // Usage errors.
  r = Cli({"export", "observations", "--format", "opensdg"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "an Open SDG data file holds one indicator")) << r.err;
  r = Cli({"export", "observations", "--format", "opensdg", "--output", out_dir, "--headline",
           "05999"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--headline 05999 is not a registered unit")) << r.err;
  r = Cli({"export", "observations", "--format", "csv", "--headline", "DG"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--headline belongs to --format opensdg")) << r.err;
  r = Cli({"import", "observations", dir_.Sub("fresh")});  // a directory without data files
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "holds no Open SDG data files")) << r.err;
}

// Exporting and importing the unchanged export into the same store writes nothing, for the
// formats this file owns (the store's general skipping of identical rows may change how this
// is counted).
TEST_F(ExchangeExportTest, ReimportingAnUnchangedExportWritesNoRevision) {
  const uint64_t before = LastSequence();
  const std::string sdmx = dir_.Sub("again.sdmx.csv");
  auto r = Cli({"export", "observations", "--format", "sdmx-csv", "--output", sdmx});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"import", "observations", sdmx});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "0 new revision(s), 8 unchanged")) << r.out;
  const std::string bundle = dir_.Sub("again.zip");
  r = Cli({"export", "observations", "--format", "opensdg", "--output", bundle});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"import", "observations", bundle});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "0 new revision(s), 8 unchanged")) << r.out;
  EXPECT_EQ(LastSequence(), before);
}

TEST_F(ExchangeExportTest, FiltersJsonLinesXlsxAndGermanExcel) {
  // Units below a Kreis / a Land, explicit lists, period range, breakdown.
  std::string out = Export({"--within", "05", "--level", "kreis", "--indicator", "BEV"});
  EXPECT_EQ(Lines(out), 3u) << out;
  out = Export(
      {"--unit", "05315", "--indicator", "AUSL_ANTEIL", "--breakdown", "total", "--from", "2021"});
  EXPECT_EQ(Lines(out), 2u) << out;
  EXPECT_TRUE(Has(out, "05315,AUSL_ANTEIL,2021,19.25,provisional,")) << out;
  out = Export({"--breakdown", "nationality=auslaendisch,sex=f"});
  EXPECT_EQ(Lines(out), 3u) << out;  // one row, its footnote on two lines
  out = Export({"--indicator", "ALO_Q", "--to", "2021-Q3"});
  EXPECT_EQ(Lines(out), 2u) << out;
  auto r = Cli({"export", "observations", "--within", "05999"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "NOT_FOUND")) << r.err;

  r = Cli({"export", "observations", "--format", "jsonl", "--indicator", "AUSL_ANTEIL"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out), 4u) << r.out;
  EXPECT_TRUE(Has(r.out,
                  "{\"ags\":\"05316\",\"indicator\":\"AUSL_ANTEIL\",\"period\":\"2021\","
                  "\"breakdown\":{},\"value\":null,\"flags\":[\"suppressed\"]"))
      << r.out;

  const std::string xlsx = dir_.Sub("export.xlsx");
  r = Cli({"export", "observations", "--output", xlsx});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string book = Read(xlsx);
  ASSERT_GT(book.size(), 1000u);
  EXPECT_EQ(book.substr(0, 4), std::string("PK\x03\x04", 4));  // a zip, as XLSX is
  // The attribution names the sources, the licence for the official ones and the synthetic
  // values.
  EXPECT_TRUE(Has(r.err,
                  "Quelle: Destatis; INKAR, BBSR Bonn; Zensus 2022 – Datenlizenz "
                  "Deutschland – Namensnennung 2.0"))
      << r.err;
  EXPECT_TRUE(Has(r.err, "Weitere Quellen: BA")) << r.err;
  EXPECT_TRUE(Has(r.err, "synthetische Demo-Werte")) << r.err;

  r = Cli({"export", "observations", "--indicator", "AUSL_ANTEIL", "--delimiter", ";",
           "--decimal-comma", "--bom"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_TRUE(Has(r.out, "05315;AUSL_ANTEIL;2021;19,25;provisional;")) << r.out;
  Server fresh;
  ASSERT_NO_FATAL_FAILURE(StartServer("fresh", &fresh));
  r = CliAt(fresh.address, {"import", "observations", Write("excel.csv", r.out)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ExportAt(fresh.address), Export({"--indicator", "AUSL_ANTEIL"}));
}

TEST_F(ExchangeExportTest, CatalogFilesAndTheKnowledgeGraph) {
  std::string units = dir_.Sub("units.csv");
  auto r = Cli({"export", "units", "--output", units});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Bund, 16 Länder, the 29 Regierungsbezirke the Kreise file names, 400 Kreise.
  EXPECT_TRUE(Has(r.err, "exported 446 unit(s)")) << r.err;
  // A file name promising another format gets no CSV content: refused, nothing written.
  const std::string xlsx = dir_.Sub("units.xlsx");
  r = Cli({"export", "units", "--output", xlsx});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "--output " + xlsx + " names a .xlsx file: give a .csv file name"))
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(xlsx));
  std::string indicators = dir_.Sub("indicators.csv");
  r = Cli({"export", "indicators", "--output", indicators});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(Read(indicators), "\"nationality=deutsch,auslaendisch|sex=m,f\""))
      << Read(indicators);

  testing::TempDir other;
  Server other_server;
  ASSERT_NO_FATAL_FAILURE(StartBare(other.Sub("data"), &other_server));
  const std::string& address = other_server.address;
  r = CliAt(address, {"import", "units", units});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = CliAt(address, {"import", "indicators", indicators});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = CliAt(address, {"export", "units"});
  EXPECT_EQ(r.out, Read(units));
  r = CliAt(address, {"export", "indicators"});
  EXPECT_EQ(r.out, Read(indicators));
  EXPECT_TRUE(Has(r.out, "AUSL_GAP,")) << r.out;
  // ... gap columns, then min and max (empty: the unit's default value domain).
  EXPECT_TRUE(Has(r.out, ",AUSL_ANTEIL,nationality,auslaendisch,deutsch,difference,,\n")) << r.out;

  // Targets too.
  r = Cli({"import", "targets",
           Write("targets.csv",
                 "indicator,ags,target_period,target_value,tolerance,trend_points\n"
                 "AUSL_ANTEIL,05315,2030,20,0.5,4\nBEV,05316,2025,170000,,\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string targets = dir_.Sub("targets_export.csv");
  r = Cli({"export", "targets", "--output", targets});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = CliAt(address, {"import", "targets", targets});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = CliAt(address, {"export", "targets"});
  EXPECT_EQ(r.out, Read(targets));
  EXPECT_TRUE(Has(r.out, "AUSL_ANTEIL,05315,2030,20,,,,0.5,4,\n")) << r.out;

  r = Cli({"kb", "load", std::string(INTEGRA_SOURCE_DIR) + "/data/knowledge/seed.textproto"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"export", "kb", "--format", "dot"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 7), "digraph") << r.out.substr(0, 200);
  r = Cli({"export", "kb", "--format", "graphml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "<graphml")) << r.out.substr(0, 200);
}

TEST_F(ExchangeExportTest, WatchPrintsHistoryFollowsLiveChangesAndResumes) {
  auto r = Cli({"watch", "--after", "0", "--until-caught-up", "--format", "jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out), 8u) << r.out;
  EXPECT_TRUE(Has(r.out, "{\"sequence\":\"1\",\"kind\":\"OBSERVATION_CHANGE_KIND_REVISION\""))
      << r.out;
  r = Cli({"watch", "--after", "6", "--limit", "1", "--format", "jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out), 1u);
  EXPECT_TRUE(Has(r.out, "{\"sequence\":\"7\"")) << r.out;

  // A running watch receives a change written after it started.
  testing::Child watch({testing::IntegraPath(), "--server", main_.address, "--token-file",
                        main_.token_file, "watch", "--after", "8"});
  // Live: wait until it has caught up with the backlog (it says so on stderr).
  for (int i = 0; i < 750 && !Has(watch.err(), "caught up at sequence 8"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(Has(watch.err(), "caught up at sequence 8")) << watch.err();
  r = Cli({"obs", "put", "--indicator", "BEV", "--unit", "05316", "--period", "2021", "--value",
           "163906", "--source", "Destatis", "--footnote", "berichtigt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(watch.WaitForOutput("BEV")) << watch.out() << watch.err();
  EXPECT_TRUE(Has(watch.out(), "       9  ")) << watch.out();
  EXPECT_TRUE(Has(watch.out(), "163906  rev 2")) << watch.out();

  // Server shutdown ends the watch with a hint where to resume.
  main_.child->Signal(SIGTERM);
  EXPECT_EQ(main_.child->Wait(), 0) << main_.child->err();
  EXPECT_EQ(watch.Wait(), 1) << watch.err();
  EXPECT_TRUE(Has(watch.err(), "UNAVAILABLE")) << watch.err();
  EXPECT_TRUE(Has(watch.err(), "resume with: integra watch --after 9")) << watch.err();
}

}  // namespace
}  // namespace integra
