// `integra import` through the real CLI against a real integrad: every CSV variant, every error
// class with its line (client-side parse errors and server-side rejections), all-or-nothing
// imports across batches, --on-error skip, --dry-run, stdin, idempotent re-import, and the
// catalog files (units, indicators).
#include <filesystem>

#include "tests/e2e/exchange_fixture.h"

namespace integra {
namespace {

constexpr char kHeader[] =
    "ags,indicator,period,value,flags,source,breakdown,footnote,series_break\n";

using ExchangeImportTest = ExchangeCliTest;

TEST_F(ExchangeImportTest, LongFormatWithBomQuotesAndEmbeddedLineBreaks) {
  std::string file = Write("long.csv",
                           "\xEF\xBB\xBF"
                           "ags,indicator,period,value,flags,source,breakdown,footnote\r\n"
                           "05315,AUSL_ANTEIL,2020,18.6,,\"INKAR, BBSR Bonn\",,\"Zeile 1\r\n"
                           "Zeile 2, mit \"\"Zitat\"\"\"\r\n"
                           "05315,AUSL_ANTEIL,2021,19.5,PROVISIONAL|estimated,\"INKAR, BBSR Bonn\","
                           "sex=f,\r\n");
  auto r = Cli({"import", "observations", file});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "2 new revision(s)")) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;  // quiet but for the summary
  std::string out = Export();
  EXPECT_TRUE(Has(out,
                  "05315,AUSL_ANTEIL,2020,18.6,,\"INKAR, BBSR Bonn\",,\"Zeile 1\r\nZeile 2, "
                  "mit \"\"Zitat\"\"\",false\n"))
      << out;
  EXPECT_TRUE(Has(out,
                  "05315,AUSL_ANTEIL,2021,19.5,provisional|estimated,\"INKAR, BBSR Bonn\","
                  "sex=f,,false\n"))
      << out;
}

TEST_F(ExchangeImportTest, GermanSpreadsheetExportWithSemicolonsAndDecimalCommas) {
  std::string file = Write("de.csv",
                           "AGS;Indicator;Period;Value;Breakdown\n"
                           "05315;AUSL_ANTEIL;2020;18,6;\"nationality=auslaendisch;sex=m\"\n"
                           "05316;BEV;2020;1.234.567;\n"
                           "05316;AUSL_ANTEIL;2020;12.25;\n");
  auto r = Cli({"import", "observations", file});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string out = Export();
  EXPECT_TRUE(Has(out, "05315,AUSL_ANTEIL,2020,18.6,,,nationality=auslaendisch;sex=m,,false"))
      << out;
  EXPECT_TRUE(Has(out, "05316,BEV,2020,1234567,")) << out;
  EXPECT_TRUE(Has(out, "05316,AUSL_ANTEIL,2020,12.25,")) << out;

  // "1.234" in a ';' file could be either; the import says so and --decimal-comma decides.
  std::string ambiguous =
      Write("ambiguous.csv", "ags;indicator;period;value\n05315;BEV;2021;1.234\n");
  r = Cli({"import", "observations", ambiguous});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 2, column value: '1.234' is ambiguous")) << r.err;
  EXPECT_TRUE(Has(r.err, "--decimal-comma")) << r.err;
  r = Cli({"import", "observations", ambiguous, "--decimal-comma"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(Export(), "05315,BEV,2021,1234,")) << Export();
}

// tests/fixtures/destatis_symbols.csv as delivered: German header with a name column, every
// Destatis symbol, space thousands separators, an ARS and "DE", through the real CLI and server.
TEST_F(ExchangeImportTest, DestatisTableAsDelivered) {
  // Düren (05358008) is a Gemeinde; the fixture registers Länder and Kreise only.
  auto r = Cli({"import", "units",
                Write("dueren.csv",
                      "key,name,type\n05358008,\"D\xC3\xBCren, Stadt\","
                      "kreisangehoerige_gemeinde\n")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string file = std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/destatis_symbols.csv";
  r = Cli({"import", "observations", file});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "12 new revision(s)")) << r.out;
  // The name column is tolerated with one note.
  const std::string note = "column(s) Gemeinde hold unit names and are not read";
  EXPECT_TRUE(Has(r.err, "warning: line 1: " + note)) << r.err;
  EXPECT_EQ(r.err.find(note), r.err.rfind(note)) << r.err;

  // What the store holds, value and flags, as integra's CSV export shows it (columns: ags,
  // indicator, period, value, flags, source, breakdown, footnote, series_break).
  std::string out = Export();
  for (const char* line : {
           "05315,BEV,2020,1083498,,Destatis,,,false\n",
           "05315,BEV,2021,1084831,,Destatis,,,false\n",              // U+00A0 groups
           "05315,BEV,2022,1084831,,Destatis,,,false\n",              // U+202F groups
           "05315,AUSL_ANTEIL,2015,0,,Destatis,,genau null,false\n",  // "-": exactly zero
           "05315,AUSL_ANTEIL,2016,12.5,low_reliability,Destatis,,,false\n",
           "05315,AUSL_ANTEIL,2017,,suppressed,Destatis,,,false\n",
           "05315,AUSL_ANTEIL,2018,,blocked,Destatis,,,false\n",
           "05315,AUSL_ANTEIL,2019,,unreliable,Destatis,,,false\n",
           "05315,AUSL_ANTEIL,2020,,not_yet_available,Destatis,,,false\n",
           "05315,AUSL_ANTEIL,2021,19.5,,Destatis,,,false\n",
           "05358008,BEV,2021,93207,,Destatis,,ARS statt AGS,false\n",  // 053580008008
           "DG,BEV,2021,83237124,,Destatis,,,false\n",                  // DE
       }) {
    EXPECT_TRUE(Has(out, line)) << line << " not in\n" << out;
  }
  EXPECT_EQ(Lines(out), 13u);  // header + 12 cells

  // SDMX-CSV carries the flags as OBS_STATUS / CONF_STATUS codes (docs/io.md), the unit as a
  // code of CL_UNIT_MEASURE.
  std::string sdmx = Export({"--format", "sdmx-csv", "--indicator", "AUSL_ANTEIL"});
  EXPECT_TRUE(Has(sdmx, ",2016,12.5,PERCENT,U,,")) << sdmx;
  EXPECT_TRUE(Has(sdmx, ",2017,,PERCENT,Q,C,")) << sdmx;
  EXPECT_TRUE(Has(sdmx, ",2018,,PERCENT,M,,")) << sdmx;
  EXPECT_TRUE(Has(sdmx, ",2019,,PERCENT,U,,")) << sdmx;
  EXPECT_TRUE(Has(sdmx, ",2020,,PERCENT,L,,")) << sdmx;

  // The same file again: nothing new.
  r = Cli({"import", "observations", file});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "0 new revision(s), 12 unchanged")) << r.out;
}

// `integra obs import FILE --map SRC=FIELD,...`: any header, mapped by the user.
TEST_F(ExchangeImportTest, ObsImportMapsAnyHeader) {
  std::string file = Write("mapped.csv",
                           "Kennung;Merkmal;Stichjahr;Anzahl;Bemerkung\n"
                           "05315;BEV;2019;1 087 863;irgendwas\n");
  auto r = Cli({"obs", "import", file});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_TRUE(Has(r.err, "cannot tell the format from the header")) << r.err;
  r = Cli({"obs", "import", file, "--map",
           "Kennung=ags,Merkmal=indicator,Stichjahr=period,Anzahl=value,Bemerkung=ignore"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(Export(), "05315,BEV,2019,1087863,,,,,false\n")) << Export();
  r = Cli({"obs", "import", file, "--map", "Kennung=unit"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(Has(r.err, "--map: 'unit' is not a field")) << r.err;
}

TEST_F(ExchangeImportTest, Latin1IsRefusedWithAHintOrReadWhenAsked) {
  std::string file = Write("latin1.csv",
                           "ags,indicator,period,value,footnote\n"
                           "05315,AUSL_ANTEIL,2020,18.6,K\xF6ln (Stadt)\n");
  auto r = Cli({"import", "observations", file});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 2: file is not UTF-8 (looks like Latin-1/Windows-1252: byte 0xF6"))
      << r.err;
  EXPECT_TRUE(Has(r.err, "--encoding latin1")) << r.err;
  EXPECT_TRUE(Has(r.out, "nothing imported")) << r.out;
  EXPECT_EQ(Lines(Export()), 1u);  // header only

  r = Cli({"import", "observations", file, "--encoding", "latin1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(Export(), "K\xC3\xB6ln (Stadt)")) << Export();
}

TEST_F(ExchangeImportTest, WideTablesOneColumnPerPeriod) {
  std::string file = Write("wide.csv",
                           "ags,source,2019,2020,2021\n"
                           "05315,INKAR,17.9,18.6,\n"
                           "05316,INKAR,abc,12.0,12.5\n");
  auto r = Cli({"import", "observations", file, "--indicator", "AUSL_ANTEIL"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 3, column 2019: 'abc' is not a number")) << r.err;
  EXPECT_TRUE(Has(r.out, "(wide)")) << r.out;
  r = Cli({"import", "observations", file, "--indicator", "AUSL_ANTEIL", "--on-error", "skip"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  std::string out = Export();
  EXPECT_EQ(Lines(out), 5u) << out;  // 2 + 2 periods; the empty cell is no observation
  EXPECT_TRUE(Has(out, "05316,AUSL_ANTEIL,2021,12.5,,INKAR,")) << out;

  // A server-side problem in a wide table points at the period's column.
  std::string over = Write("over.csv", "ags,2022\n05315,140\n");
  r = Cli({"import", "observations", over, "--indicator", "AUSL_ANTEIL"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 2, column 2022: ")) << r.err;
  EXPECT_TRUE(Has(r.err, "percentage (0-100)")) << r.err;
}

TEST_F(ExchangeImportTest, OpenSdgAndSdmxCsvFiles) {
  std::string sdg = Write("sdg.csv",
                          "Year,Sex,GeoCode,OBS_STATUS,COMMENT_OBS,Value\n"
                          "2020,,05315,,,18.6\n"
                          "2020,f,05315,P,vorläufig,20.1\n");
  auto r = Cli({"import", "observations", sdg, "--indicator", "AUSL_ANTEIL"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "(opensdg)")) << r.out;
  std::string sdmx = Write("sdmx.csv",
                           "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS,"
                           "SOURCE_DETAIL\n"
                           "INTEGRA:DF_INTEGRATION(1.0),05316,BEV,2021,163905,P,Destatis\n"
                           "ESTAT:X(1.0),05316,ALO_Q,2021-Q3,6.5,A,BA\n");
  r = Cli({"import", "observations", sdmx});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "(sdmx-csv)")) << r.out;
  std::string out = Export();
  EXPECT_TRUE(Has(out, "05315,AUSL_ANTEIL,2020,18.6,,,,,false")) << out;
  EXPECT_TRUE(Has(out, "05315,AUSL_ANTEIL,2020,20.1,provisional,,sex=f,vorläufig,false")) << out;
  EXPECT_TRUE(Has(out, "05316,BEV,2021,163905,provisional,Destatis,,,false")) << out;
  EXPECT_TRUE(Has(out, "05316,ALO_Q,2021-Q3,6.5,,BA,,,false")) << out;
}

// A bundle (directory) is one import: every data file is checked before any is written, and
// problems name their file, whether the reader or the server finds them.
TEST_F(ExchangeImportTest, OpenSdgBundleIsCheckedWholeBeforeAnythingIsWritten) {
  const std::string bundle = dir_.Sub("bundle");
  std::filesystem::create_directories(bundle + "/data");
  std::filesystem::create_directories(bundle + "/meta");
  Write("bundle/data/indicator_integra-bev.csv",
        "Year,Gebiet,Units,Series,GeoCode,Value\n"
        "2021,,Anzahl,BEV,05316,163905\n");
  Write("bundle/data/indicator_integra-ausl-anteil.csv",
        "Year,Gebiet,sex,GeoCode,Value\n"  // no Series: the file name's default id names it
        "2021,,,05315,abc\n"
        "2021,,f,05999,12\n"
        "2021,,,05315,19.5\n");
  Write("bundle/meta/integra-bev.md", "---\nindicator_name: \"Bevölkerung\"\n---\n");
  Write("bundle/README.md", "not a data file\n");
  auto r = Cli({"import", "observations", bundle});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_TRUE(Has(r.err,
                  "data/indicator_integra-ausl-anteil.csv: line 2, column Value: 'abc' is not a "
                  "number"))
      << r.err;
  EXPECT_TRUE(Has(r.err,
                  "data/indicator_integra-ausl-anteil.csv: line 3, column GeoCode: unit 05999 is "
                  "not registered"))
      << r.err;
  EXPECT_TRUE(Has(r.out, "rows read:  3")) << r.out;
  EXPECT_EQ(Lines(Export()), 1u);  // nothing written, not even the good file's row

  r = Cli({"import", "observations", bundle, "--on-error", "skip"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const std::string out = Export();
  EXPECT_EQ(Lines(out), 3u) << out;
  EXPECT_TRUE(Has(out, "05315,AUSL_ANTEIL,2021,19.5,")) << out;
  EXPECT_TRUE(Has(out, "05316,BEV,2021,163905,")) << out;
  r = Cli({"import", "observations", bundle, "--indicator", "BEV"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--indicator is for single files")) << r.err;
}

TEST_F(ExchangeImportTest, StdinIsReadTwiceThroughASpool) {
  std::string data = std::string(kHeader) + "05315,AUSL_ANTEIL,2020,18.6,,INKAR,,,\n" +
                     "05316,AUSL_ANTEIL,2020,12,,INKAR,,,\n";
  auto r = Cli({"import", "observations", "-", "--dry-run"}, data);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "would write: 2 new revision(s)")) << r.out;
  EXPECT_EQ(LastSequence(), 0u);
  r = Cli({"--format", "json", "import", "observations", "-"}, data);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"file\":\"stdin\"")) << r.out;
  EXPECT_TRUE(Has(r.out, "\"written\":2")) << r.out;
  EXPECT_TRUE(Has(r.out, "\"last_sequence\":2")) << r.out;
}

TEST_F(ExchangeImportTest, EveryErrorClassIsReportedWithItsLineAndNothingIsWritten) {
  std::string file = Write("errors.csv",
                           "ags,indicator,period,value,flags,breakdown\n"  // 1
                           "05315,AUSL_ANTEIL,2020,18.6,,\n"               // 2 good
                           "05315,AUSL_ANTEIL,2021,abc,,\n"                // 3 number
                           "5315000,AUSL_ANTEIL,2020,1,,\n"                // 4 unit key
                           "05315,AUSL_ANTEIL,21,1,,\n"                    // 5 period
                           "05315,AUSL_ANTEIL,2019,1,guess,\n"             // 6 flags
                           "05315,AUSL_ANTEIL,2018\n"                      // 7 row shape
                           "05999,AUSL_ANTEIL,2020,1,,\n"                  // 8 unknown unit
                           "05315,NOPE,2020,1,,\n"                         // 9 unknown indicator
                           "05315,AUSL_ANTEIL,2017,140,,\n"                // 10 over 100 %
                           "05315,ALO_Q,2020,5,,\n"                        // 11 periodicity
                           "05315,AUSL_ANTEIL,2016,1,,religion=x\n"        // 12 breakdown
                           "05315,AUSL_ANTEIL,2015,,,\n"                   // 13 missing value
                           "05316,AUSL_ANTEIL,2020,12,,\n");               // 14 good
  const std::vector<std::string> expected = {
      "line 3, column value: 'abc' is not a number",
      "line 4, column ags: '5315000' has 7 digits",
      "line 5, column period: '21' is not a period",
      "line 6, column flags: unknown flag 'guess'",
      "line 7: 3 cells, but the header has 6 columns",
      "line 8, column ags: unit 05999 is not registered",
      "line 9, column indicator: indicator 'NOPE' not found",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message over two lines
      "line 10, column value: observation AUSL_ANTEIL / 05315 / 2017 has value 140, but "
      "indicator AUSL_ANTEIL is a percentage (0-100)",
      "line 11, column period: ",
      "line 12, column breakdown: breakdown dimension 'religion' is not declared",
      "line 13, column value: observation AUSL_ANTEIL / 05315 / 2015 has no value",
  };
  for (const char* mode : {"--dry-run", "--on-error=abort"}) {
    auto r = Cli({"import", "observations", file, mode});
    EXPECT_EQ(r.exit_code, 4) << mode;
    for (const std::string& e : expected) EXPECT_TRUE(Has(r.err, e)) << e << "\n" << r.err;
    EXPECT_EQ(Lines(r.err), expected.size()) << r.err;
    EXPECT_TRUE(Has(r.out, "problems:   11 on 11 line(s)")) << r.out;
    // Nothing written, the two good rows included.
    EXPECT_EQ(Lines(Export()), 1u);
    EXPECT_EQ(LastSequence(), 0u);
  }
  auto r = Cli({"import", "observations", file, "--on-error", "skip"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Has(r.out, "partially imported")) << r.out;
  EXPECT_EQ(Lines(r.err), expected.size()) << r.err;  // reported once, not again while writing
  std::string out = Export();
  EXPECT_EQ(Lines(out), 3u) << out;
  EXPECT_TRUE(Has(out, "05315,AUSL_ANTEIL,2020,18.6,")) << out;
  EXPECT_TRUE(Has(out, "05316,AUSL_ANTEIL,2020,12,")) << out;

  // A header problem stops before any row.
  std::string typo = Write("typo.csv", "ags,indicator,period,vaule\n05315,BEV,2020,1\n");
  r = Cli({"import", "observations", typo});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 1: cannot tell the format from the header")) << r.err;
  EXPECT_TRUE(Has(r.err, "pass --layout")) << r.err;
  r = Cli({"import", "observations", typo, "--layout", "long"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 1: missing required column(s): value")) << r.err;
}

// All Kreise x `years` years, one value each, in integra's long format.
std::string KreisFile(const std::vector<std::string>& kreise, int years, double value) {
  std::string out = kHeader;
  for (const std::string& k : kreise) {
    for (int y = 2000; y < 2000 + years; ++y) {
      out += k + ",BEV," + std::to_string(y) + "," + std::to_string(value) + ",,Destatis,,,\n";
    }
  }
  return out;
}

TEST_F(ExchangeImportTest, AbortAcrossManyBatchesWritesNothingAndReimportIsIdempotent) {
  auto list = Cli({"unit", "list", "--level", "kreis", "--format", "csv"});
  ASSERT_EQ(list.exit_code, 0);
  std::vector<std::string> kreise;
  std::istringstream lines(list.out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) kreise.push_back(line.substr(0, 5));
  ASSERT_EQ(kreise.size(), 400u);
  // 1,200 good rows in 12 batches, and one row only the server can refuse, in the last batch.
  std::string good = KreisFile(kreise, 3, 1000);
  std::string file = Write("kreise.csv", good + "05999,BEV,2000,1,,Destatis,,,\n");
  auto r = Cli({"import", "observations", file, "--batch-size", "100"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_TRUE(Has(r.err, "line 1202, column ags: unit 05999 is not registered")) << r.err;
  EXPECT_EQ(Lines(Export()), 1u);
  EXPECT_EQ(LastSequence(), 0u);

  r = Cli({"import", "observations", file, "--batch-size", "100", "--on-error", "skip"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Has(r.out, "written:     1,200 new revision(s), 0 unchanged")) << r.out;
  EXPECT_EQ(LastSequence(), 1200u);

  // The same good rows again: nothing new, the sequence stands still.
  std::string again = Write("again.csv", good);
  r = Cli({"import", "observations", again, "--batch-size", "100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "written:     0 new revision(s), 1,200 unchanged")) << r.out;
  EXPECT_EQ(LastSequence(), 1200u);

  // A corrected file: only the changed values become revisions.
  std::string corrected = good;
  const std::string old_row = "05315,BEV,2001,1000.000000,";
  corrected.replace(corrected.find(old_row), old_row.size(), "05315,BEV,2001,1084831,");
  r = Cli({"import", "observations", Write("corrected.csv", corrected)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "1 new revision(s), 1,199 unchanged")) << r.out;
  EXPECT_EQ(LastSequence(), 1201u);
  r = Cli({"obs", "history", "--indicator", "BEV", "--unit", "05315", "--period", "2001",
           "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out), 3u) << r.out;  // header + 2 revisions
}

TEST_F(ExchangeImportTest, UnitAndIndicatorCatalogFiles) {
  std::string units = Write("units.csv",
                            "key,name,type,population,population_year,area_km2,territory_date\n"
                            "05315000,\"Köln, Stadt\",kreisfreie_stadt,1084831,2022,405.02,"
                            "2023-11-30\n"
                            "05316000,\"Leverkusen, Stadt\",kreisfreie_stadt,167453,2022,78.87,\n"
                            "05999001,Nirgendwo,gemeinde,,,,\n"
                            "5315001,Tippfehler,gemeinde,,,,\n");
  auto r = Cli({"import", "units", units});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 4: parent Kreis 05999 of unit 05999001 is not registered")) << r.err;
  EXPECT_TRUE(Has(r.err, "line 5, column key: '5315001' has 7 digits")) << r.err;
  EXPECT_EQ(Cli({"unit", "get", "05315000"}).exit_code, 1);  // nothing written
  r = Cli({"import", "units", units, "--on-error", "skip"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Has(r.out, "2 new or changed")) << r.out;
  r = Cli({"unit", "get", "05315000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "population:     1084831 (31.12.2022)")) << r.out;
  r = Cli(
      {"import", "units", Write("units_ok.csv", Read(units).substr(0, Read(units).find("05999")))});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "0 new or changed, 2 unchanged")) << r.out;

  // Indicators: vocabulary errors with their column; an entry that differs from the stored one
  // is refused (import does not edit the catalog); the same file again changes nothing.
  r = Cli({"import", "indicators", dir_.Sub("catalog.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "0 new or changed, 3 unchanged")) << r.out;  // the gap has its own file
  std::string changed = Write("changed.csv",
                              "code,name_de,unit,polarity,periodicity\n"
                              "BEV,Bevölkerung,count,up,annual\n"
                              "ALO_Q,Arbeitslosenquote,percent,lower_is_better,monthly\n"
                              "NEU,Neu,EUR je m²,neutral,annual\n");
  r = Cli({"import", "indicators", changed});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 2, column polarity: 'up' is not a polarity")) << r.err;
  EXPECT_TRUE(Has(r.err, "line 3: indicator ALO_Q exists and differs in: ")) << r.err;
  EXPECT_TRUE(Has(r.err, "periodicity (import does not change catalog entries")) << r.err;
  r = Cli({"import", "indicators", changed, "--on-error", "skip"});
  EXPECT_EQ(r.exit_code, 3);
  r = Cli({"indicator", "get", "NEU", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"unit\":\"MEASURE_UNIT_OTHER\"")) << r.out;
  EXPECT_TRUE(Has(r.out, "\"unit_label\":\"EUR je m²\"")) << r.out;
}

TEST_F(ExchangeImportTest, TargetFiles) {
  std::string file = Write("targets.csv",
                           "indicator,ags,target_period,target_value,baseline_period,breakdown,"
                           "note\n"
                           "AUSL_ANTEIL,05315,2030,20,2020,,\"Ratsbeschluss, 2021\"\n"
                           "AUSL_ANTEIL,05315,2030,21,,sex=f,\n"
                           "AUSL_ANTEIL,05999,2030,20,,,\n"
                           "AUSL_ANTEIL,05316,2030,120,,,\n"
                           "AUSL_ANTEIL,05316,2030,abc,,,\n");
  auto r = Cli({"import", "targets", file});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Has(r.err, "line 4, column ags: unit 05999 is not registered")) << r.err;
  EXPECT_TRUE(Has(r.err,
                  "line 5, column target_value: target for AUSL_ANTEIL / 05316 / 2030: a "
                  "percentage target must lie within 0-100"))
      << r.err;
  EXPECT_TRUE(Has(r.err, "line 6, column target_value: 'abc' is not a number")) << r.err;
  EXPECT_LT(r.err.find("line 4"), r.err.find("line 6"));  // client and server problems in order
  auto list = Cli({"export", "targets"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(Lines(list.out), 1u) << list.out;  // nothing written

  r = Cli({"import", "targets", file, "--on-error", "skip"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Has(r.out, "2 new or changed")) << r.out;
  list = Cli({"export", "targets"});
  EXPECT_EQ(Lines(list.out), 3u) << list.out;
  EXPECT_TRUE(Has(list.out, "AUSL_ANTEIL,05315,2030,20,2020,,,,,\"Ratsbeschluss, 2021\"\n"))
      << list.out;
  EXPECT_TRUE(Has(list.out, "AUSL_ANTEIL,05315,2030,21,,,sex=f,,,\n")) << list.out;

  // The exported file imports again without a change.
  r = Cli({"import", "targets", Write("targets_export.csv", list.out)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "0 new or changed, 2 unchanged")) << r.out;
}

TEST_F(ExchangeImportTest, TargetsImportAllOrNothing) {
  // One unknown indicator: nothing is written (abort is the default) and the line is named.
  std::string bad = Write("targets_bad.csv",
                          "indicator,ags,target_period,target_value,baseline_period\n"
                          "AUSL_ANTEIL,05315,2030,20,2020\n"
                          "NO_SUCH_CODE,05315,2030,5,2020\n");
  auto r = Cli({"import", "targets", bad});
  EXPECT_EQ(r.exit_code, 4 /* rejected: nothing imported */) << r.out << r.err;
  EXPECT_TRUE(Has(r.err, "line 3")) << r.err;
  EXPECT_TRUE(Has(r.err, "line 3, column indicator: indicator 'NO_SUCH_CODE' not found")) << r.err;
  auto list = Cli({"--format", "json", "target", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_FALSE(Has(list.out, "AUSL_ANTEIL")) << list.out;

  std::string good = Write("targets.csv",
                           "indicator,ags,target_period,target_value,baseline_period\n"
                           "AUSL_ANTEIL,05315,2030,20,2020\n");
  r = Cli({"import", "targets", good});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  list = Cli({"--format", "json", "target", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(Has(list.out, "AUSL_ANTEIL")) << list.out;
  EXPECT_TRUE(Has(list.out, "2030")) << list.out;
}

}  // namespace
}  // namespace integra
