// Every format integra writes reads back, through the real CLI and real integrad servers:
// export from a seeded store, import into a fresh store, and compare every value, flag,
// source, footnote, period, breakdown and series break (the fresh store's integra CSV export
// against the seeded store's: CSV carries every field exactly). Re-importing an export into the
// store it came from creates no revision. Also: XLSX workbooks made elsewhere (German header,
// named sheets, errors that name sheet and cell), and the catalog files of a catalog whose
// ratio indicator sorts before its numerator.
#include <filesystem>

#include "tests/e2e/exchange_fixture.h"

namespace integra {
namespace {

// Every field in use: breakdowns, flags (two on one value), a suppressed missing value, a
// footnote with a quote, a comma and a line break, series breaks, several sources (official
// and not), a quarterly indicator, a Gemeinde-level key.
constexpr char kSeed[] =
    "ags,indicator,period,value,flags,source,breakdown,footnote,series_break\n"
    "05315,AUSL_ANTEIL,2020,18.6,,\"INKAR, BBSR Bonn\",,\"Zensus-korrigiert, "
    "\"\"vorl\xC3\xA4ufig\"\""
    "\",false\n"
    "05315,AUSL_ANTEIL,2021,19.25,provisional|estimated,\"INKAR, BBSR Bonn\",,,true\n"
    "05315,AUSL_ANTEIL,2021,40.5,estimated,\"INKAR, BBSR Bonn\",nationality=auslaendisch;sex=f,"
    "\"Zeile 1\nZeile 2\",false\n"
    "05316,AUSL_ANTEIL,2021,,suppressed,Zensus 2022,,,false\n"
    "05316,BEV,2021,163905,,Destatis,,,false\n"
    "05334,BEV,2021,557026,synthetic,integra demo (synthetisch),,,false\n"
    "05315,ALO_Q,2021-Q3,7.5,,BA,,,true\n"
    "05315,ALO_Q,2021-Q4,7.25,low_reliability,BA,,Schätzung der BA,false\n";
constexpr int kSeedRows = 8;

class ExchangeRoundTripTest : public ExchangeCliTest {
 protected:
  void SetUp() override {
    ExchangeCliTest::SetUp();
    auto r = Cli({"import", "observations", Write("seed.csv", kSeed)});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    seeded_ = Export();
    ASSERT_EQ(Lines(seeded_), static_cast<size_t>(kSeedRows + 2)) << seeded_;  // + header, a
                                                                               // 2-line footnote
  }

  // Re-imports `file` into the seeded store and checks that nothing changed.
  void ExpectReimportChangesNothing(const std::vector<std::string>& import_args) {
    const uint64_t before = LastSequence();
    std::vector<std::string> args = {"import", "observations"};
    args.insert(args.end(), import_args.begin(), import_args.end());
    auto r = Cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(Has(r.out, "written:     0 new revision(s)")) << r.out;
    EXPECT_EQ(LastSequence(), before);
    EXPECT_EQ(Export(), seeded_);
  }

  std::string seeded_;  // the seeded store's integra CSV export
};

TEST_F(ExchangeRoundTripTest, CsvJsonLinesAndXlsxIntoAFreshStore) {
  struct Case {
    std::string format;
    std::string file;
  };
  const std::vector<Case> cases = {
      {"csv", "export.csv"}, {"jsonl", "export.jsonl"}, {"xlsx", "export.xlsx"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.format);
    const std::string path = dir_.Sub(c.file);
    auto r = Cli({"export", "observations", "--format", c.format, "--output", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(std::filesystem::exists(path));

    Server fresh;
    ASSERT_NO_FATAL_FAILURE(StartServer("fresh_" + c.format, &fresh));
    r = CliAt(fresh.address, {"import", "observations", path});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(Has(r.out, std::to_string(kSeedRows) + " new revision(s), 0 unchanged")) << r.out;
    EXPECT_EQ(ExportAt(fresh.address), seeded_);

    // Into the store it came from: no revision, nothing changed.
    ASSERT_NO_FATAL_FAILURE(ExpectReimportChangesNothing({path}));
  }
}

TEST_F(ExchangeRoundTripTest, XlsxReimportKeepsValuesBeyondSixteenDigits) {
  // XLSX stores 16 significant digits: 0.1 + 0.2 = 0.30000000000000004 comes back as 0.3, which
  // the import takes as the stored value, not as a change.
  auto r = Cli({"import", "observations",
                Write("digits.csv",
                      "ags,indicator,period,value\n05334,AUSL_ANTEIL,2021,"
                      "0.30000000000000004\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  seeded_ = Export();
  ASSERT_TRUE(Has(seeded_, "05334,AUSL_ANTEIL,2021,0.30000000000000004,")) << seeded_;
  const std::string path = dir_.Sub("digits.xlsx");
  r = Cli({"export", "observations", "--output", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_NO_FATAL_FAILURE(ExpectReimportChangesNothing({path}));
  // A value really changed in the workbook is a change (here: through a CSV of the same cells).
  r = Cli({"import", "observations",
           Write("changed.csv", "ags,indicator,period,value\n05334,AUSL_ANTEIL,2021,0.3\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "1 new revision(s)")) << r.out;
}

TEST_F(ExchangeRoundTripTest, SdmxCsvReimportCreatesNoRevision) {
  const std::string path = dir_.Sub("export.sdmx.csv");
  auto r = Cli({"export", "observations", "--format", "sdmx-csv", "--output", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_NO_FATAL_FAILURE(ExpectReimportChangesNothing({path}));
}

TEST_F(ExchangeRoundTripTest, OpenSdgReimportKeepsSourcesAndCreatesNoRevision) {
  // Open SDG carries no source and one status per value: re-importing its files into the store
  // they came from once wrote a revision with an empty source for every value.
  const std::string out_dir = dir_.Sub("opensdg");
  auto r = Cli({"export", "observations", "--format", "opensdg", "--output", out_dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The bundle (data/indicator_<id>.csv for every indicator) as one import.
  ASSERT_NO_FATAL_FAILURE(ExpectReimportChangesNothing({out_dir}));
}

TEST_F(ExchangeRoundTripTest, PlainTableKeepsWhatItDoesNotCarry) {
  // A table of key, indicator, period and value (no source, flags, footnote or series break
  // column): the same values change nothing; a new value keeps the source and the series break
  // and comes without the old value's flags and footnote.
  auto r = Cli({"import", "observations",
                Write("plain.csv",
                      "AGS;Indikator;Jahr;Wert\n05315;AUSL_ANTEIL;2021;19,25\n"
                      "05315;ALO_Q;2021-Q4;7,25\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "0 new revision(s), 2 unchanged")) << r.out;
  r = Cli({"import", "observations",
           Write("plain2.csv", "AGS;Indikator;Jahr;Wert\n05315;AUSL_ANTEIL;2021;19,5\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "1 new revision(s)")) << r.out;
  EXPECT_TRUE(Has(Export(), "05315,AUSL_ANTEIL,2021,19.5,,\"INKAR, BBSR Bonn\",,,true\n"))
      << Export();
  // An empty cell in a column that is there clears the field.
  r = Cli(
      {"import", "observations",
       Write("clear.csv", "ags,indicator,period,value,source\n05315,AUSL_ANTEIL,2021,19.5,\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(Export(), "05315,AUSL_ANTEIL,2021,19.5,,,,,true\n")) << Export();
}

TEST_F(ExchangeRoundTripTest, HandMadeWorkbookWithGermanHeaderAndNamedSheets) {
  const std::string book = std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/hand_made.xlsx";
  // The first sheet, "Daten": AGS;Indikator;Jahr;Wert;Quelle;Fußnote, shared and inline
  // strings, a Destatis symbol, a note under the table. It has no flags and no series break
  // column: for the same value the seed's flags stay, and the break stays anyway; its empty
  // Quelle cell clears a source.
  auto r = Cli({"import", "observations", book});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "3 new revision(s)")) << r.out;
  std::string out = Export({"--indicator", "AUSL_ANTEIL", "--from", "2020", "--to", "2021"});
  EXPECT_TRUE(Has(out,
                  "05315,AUSL_ANTEIL,2021,19.25,provisional|estimated,\"INKAR, BBSR Bonn\",,"
                  "\"Zeile 1\r\nZeile 2\",true\n"))
      << out;
  EXPECT_TRUE(Has(out, "05316,AUSL_ANTEIL,2021,,suppressed,,,,false\n")) << out;
  EXPECT_TRUE(Has(out, "05334,AUSL_ANTEIL,2020,0.0015,,,,,false\n")) << out;

  // Sheet "Fehler": the server's rejections and the reader's errors name sheet and cell.
  r = Cli({"import", "observations", book, "--sheet", "Fehler"});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_TRUE(Has(r.err, "sheet Fehler, cell A3 (AGS): unit 05999 is not registered")) << r.err;
  EXPECT_TRUE(Has(r.err, "sheet Fehler, cell D4 (Wert): ")) << r.err;
  EXPECT_TRUE(Has(r.err, "sheet Fehler, cell C5 (Jahr): '20x1' is not a period")) << r.err;
  r = Cli({"import", "observations", book, "--sheet", "Nirgends"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "has no sheet 'Nirgends' (sheets: Daten, Einheiten, Zellen, Fehler)"))
      << r.err;
  // Units from a named sheet: dates in date formats; a date with a time of day is no
  // Gebietsstand.
  r = Cli({"import", "units", book, "--sheet", "Einheiten", "--dry-run"});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_TRUE(
      Has(r.err, "sheet Einheiten, cell D4 (territory_date): '2022-12-31T12:00:00' is not a date"))
      << r.err;
  // A workbook that is no XLSX is refused with what to do.
  r = Cli({"import", "observations",
           Write("old.xls",
                 std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'))});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "Excel 97-2003 workbook (.xls, BIFF)")) << r.err;
}

TEST_F(ExchangeRoundTripTest, CatalogFilesIntoAFreshStore) {
  // A ratio whose code sorts before its numerator: the export lists it first.
  auto r = Cli({"import", "indicators",
                Write("ratio.csv",
                      "code,name_de,unit,polarity,aggregation,numerator,denominator\n"
                      "AUSL_ZAHL,Ausländer,count,neutral,sum,,\n"
                      "ANTEIL_AUSL,Ausländeranteil (berechnet),percent,neutral,ratio,AUSL_ZAHL,"
                      "BEV\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = Cli({"import", "targets",
           Write("targets.csv",
                 "indicator,ags,target_period,target_value,baseline_period,tolerance,note\n"
                 "AUSL_ANTEIL,05315,2030,20,2020,0.5,\"Ratsbeschluss, 2024\"\n"
                 "ALO_Q,05315,2030-Q4,5.5,,,\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::map<std::string, std::string> exported;
  for (const char* what : {"units", "indicators", "targets"}) {
    const std::string path = dir_.Sub(std::string(what) + ".csv");
    r = Cli({"export", what, "--output", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    exported[what] = Read(path);
  }
  ASSERT_LT(exported["indicators"].find("ANTEIL_AUSL,"), exported["indicators"].find("AUSL_ZAHL,"))
      << exported["indicators"];

  Server fresh;
  ASSERT_NO_FATAL_FAILURE(StartBare(dir_.Sub("fresh"), &fresh));
  for (const char* what : {"units", "indicators", "targets"}) {
    SCOPED_TRACE(what);
    r = CliAt(fresh.address, {"import", what, dir_.Sub(std::string(what) + ".csv")});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    r = CliAt(fresh.address, {"export", what});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, exported[what]);
    // Again into the same store: unchanged.
    r = CliAt(fresh.address, {"import", what, dir_.Sub(std::string(what) + ".csv")});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(Has(r.out, "written:     0 new or changed")) << r.out;
  }
  // And the observations, whose indicators are now all there.
  const std::string path = dir_.Sub("observations.csv");
  std::ofstream(path, std::ios::binary) << seeded_;
  r = CliAt(fresh.address, {"import", "observations", path});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ExportAt(fresh.address), seeded_);
}

}  // namespace
}  // namespace integra
