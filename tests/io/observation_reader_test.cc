// Observation import: long and wide format, German spreadsheet exports, encodings, and every
// class of row error with its line and column.
#include "client/io/observation_reader.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

struct ReadResult {
  std::vector<ObservationRow> rows;
  std::vector<std::string> errors;  // CsvError::ToString()
  absl::Status status;
};

absl::StatusOr<std::unique_ptr<ObservationReader>> OpenText(std::string text,
                                                            const ObservationReadOptions& options) {
  absl::StatusOr<std::unique_ptr<CsvReader>> csv =
      CsvReader::FromString(std::move(text), options.csv);
  if (!csv.ok()) return csv.status();
  return OpenObservationReader(std::move(*csv), options);
}

ReadResult ReadText(std::string text, const ObservationReadOptions& options = {}) {
  ReadResult result;
  absl::StatusOr<std::unique_ptr<ObservationReader>> reader = OpenText(std::move(text), options);
  if (!reader.ok()) {
    result.status = reader.status();
    return result;
  }
  ObservationRow row;
  while ((*reader)->Next(&row)) result.rows.push_back(row);
  result.status = (*reader)->status();
  for (const CsvError& e : (*reader)->errors()) result.errors.push_back(e.ToString());
  return result;
}

TEST(ObservationReaderTest, LongFormatWithAllColumns) {
  ReadResult r = ReadText(
      "AGS,Indicator,Period,Value,Flags,Source,Breakdown,Footnote,Series_Break\n"
      "05315000,share_foreign,2021,19.5,provisional,\"INKAR, "
      "BBSR\",\"sex=female;nationality=foreign\","
      "\"note, with comma\nand newline\",true\n"
      "05315000,share_foreign,2022-q1,,suppressed,,,,\n");
  ASSERT_OK(r.status);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  ASSERT_EQ(r.rows.size(), 2u);
  const ObservationRow& a = r.rows[0];
  EXPECT_EQ(a.unit_key, "05315000");
  EXPECT_EQ(a.indicator, "share_foreign");
  EXPECT_EQ(a.period, "2021");
  EXPECT_EQ(a.value, 19.5);
  EXPECT_THAT(a.flags, ElementsAre("provisional"));
  EXPECT_EQ(a.source, "INKAR, BBSR");
  EXPECT_THAT(a.breakdown, ElementsAre(Pair("nationality", "foreign"), Pair("sex", "female")));
  EXPECT_EQ(a.footnote, "note, with comma\nand newline");
  EXPECT_TRUE(a.series_break);
  EXPECT_EQ(a.line, 2);
  const ObservationRow& b = r.rows[1];
  EXPECT_EQ(b.period, "2022-Q1");
  EXPECT_FALSE(b.value.has_value());  // empty cell: missing, never zero
  EXPECT_THAT(b.flags, ElementsAre("suppressed"));
  EXPECT_FALSE(b.series_break);
  EXPECT_EQ(b.line, 4);  // the footnote above spans two lines
}

TEST(ObservationReaderTest, GermanExportSemicolonDecimalCommaBomCrlf) {
  ReadResult r = ReadText(
      "\xEF\xBB\xBF"
      "ags;indicator;period;value\r\n"
      "09162000;share_foreign;2021;28,4\r\n"
      "09162000;population;2021;1.488.202\r\n"
      "09162000;rate;2021;0.25\r\n");
  ASSERT_OK(r.status);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].value, 28.4);
  EXPECT_EQ(r.rows[1].value, 1488202);
  EXPECT_EQ(r.rows[2].value, 0.25);  // a plain decimal point is still fine
}

TEST(ObservationReaderTest, DecimalCommaForcedAndAmbiguityReported) {
  std::string text = "ags;indicator;period;value\n09162000;x;2021;1.234\n";
  ReadResult automatic = ReadText(text);
  EXPECT_THAT(automatic.errors,
              ElementsAre("line 2, column value: '1.234' is ambiguous in a ';'-separated file "
                          "(thousands separator or decimal point?); pass --decimal-comma or "
                          "--decimal-point"));
  ObservationReadOptions comma;
  comma.csv.decimal_mark = DecimalMark::kComma;
  ReadResult forced = ReadText(text, comma);
  ASSERT_EQ(forced.rows.size(), 1u);
  EXPECT_EQ(forced.rows[0].value, 1234);
  ObservationReadOptions point;
  point.csv.decimal_mark = DecimalMark::kPoint;
  ReadResult as_point = ReadText(text, point);
  ASSERT_EQ(as_point.rows.size(), 1u);
  EXPECT_EQ(as_point.rows[0].value, 1.234);
  // A comma file with a decimal comma in a quoted cell, forced.
  ReadResult quoted = ReadText("ags,indicator,period,value\n09162000,x,2021,\"12,5\"\n", comma);
  ASSERT_EQ(quoted.rows.size(), 1u);
  EXPECT_EQ(quoted.rows[0].value, 12.5);
}

TEST(ObservationReaderTest, Latin1RefusedWithClearMessageOrConverted) {
  std::string text =
      "ags;indicator;period;value;footnote\n"
      "09162000;x;2021;1;M\xFCnchen\n";
  ReadResult refused = ReadText(text);
  EXPECT_TRUE(refused.rows.empty());
  EXPECT_STATUS(
      refused.status, absl::StatusCode::kInvalidArgument,
      "line 2: file is not UTF-8 (looks like Latin-1/Windows-1252: byte 0xFC '\xC3\xBC'); "
      "re-save as UTF-8 or pass --encoding latin1");
  ObservationReadOptions latin1;
  latin1.csv.encoding = Encoding::kLatin1;
  ReadResult converted = ReadText(text, latin1);
  ASSERT_OK(converted.status);
  ASSERT_EQ(converted.rows.size(), 1u);
  EXPECT_EQ(converted.rows[0].footnote, "M\xC3\xBCnchen");
}

TEST(ObservationReaderTest, WideFormatOneRowPerPeriodCell) {
  ReadResult r = ReadText(
      "ags,indicator,breakdown,2019,2020,2021-Q1,2021-07\n"
      "05315000,share_foreign,,18.1,18.9,,.\n"
      "05111000,share_foreign,sex=female,17,abc,17.5,\n");
  ASSERT_OK(r.status);
  ASSERT_EQ(r.rows.size(), 5u);
  EXPECT_EQ(r.rows[0].period, "2019");
  EXPECT_EQ(r.rows[0].value, 18.1);
  EXPECT_EQ(r.rows[1].period, "2020");
  EXPECT_EQ(r.rows[2].period, "2021-07");  // "." = missing value, empty = no observation
  EXPECT_FALSE(r.rows[2].value.has_value());
  EXPECT_EQ(r.rows[3].unit_key, "05111000");
  EXPECT_THAT(r.rows[3].breakdown, ElementsAre(Pair("sex", "female")));
  EXPECT_EQ(r.rows[4].period, "2021-Q1");
  EXPECT_EQ(r.rows[4].line, 3);
  EXPECT_THAT(r.errors, ElementsAre("line 3, column 2020: 'abc' is not a number"));
}

TEST(ObservationReaderTest, WideTableOfOneIndicatorWithIndicatorOption) {
  ObservationReadOptions options;
  options.indicator = "unemployment_rate";
  options.source = "INKAR 2024";
  ReadResult r = ReadText("ags;2020;2021\n05315000;8,1;7,9\n", options);
  ASSERT_OK(r.status);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].indicator, "unemployment_rate");
  EXPECT_EQ(r.rows[1].value, 7.9);
  EXPECT_EQ(r.rows[1].source, "INKAR 2024");
}

TEST(ObservationReaderTest, HeaderErrors) {
  EXPECT_STATUS(ReadText("ags,indicator,period\n").status, absl::StatusCode::kInvalidArgument,
                "cannot tell the format from the header");
  ObservationReadOptions long_format;
  long_format.format = ObservationFormat::kLong;
  EXPECT_STATUS(ReadText("ags,period\n", long_format).status, absl::StatusCode::kInvalidArgument,
                "line 1: missing required column(s): indicator, value");
  EXPECT_STATUS(ReadText("ags,indicator,period,vaule,value\n").status,
                absl::StatusCode::kInvalidArgument,
                "line 1: unknown column(s): 'vaule' (expected: ags, indicator, period, value");
  EXPECT_STATUS(ReadText("ags,indicator,period,value,Value\n").status,
                absl::StatusCode::kInvalidArgument,
                "line 1: column 'Value' appears twice (columns 4 and 5)");
  ObservationReadOptions wide;
  wide.format = ObservationFormat::kWide;
  EXPECT_STATUS(ReadText("ags,indicator\n", wide).status, absl::StatusCode::kInvalidArgument,
                "line 1: no period columns");
}

TEST(ObservationReaderTest, UnknownColumnsIgnoredWithWarningWhenAsked) {
  ObservationReadOptions options;
  options.ignore_unknown_columns = true;
  absl::StatusOr<std::unique_ptr<ObservationReader>> reader =
      OpenText("ags,indicator,period,value,comment\n05315000,x,2021,1,hi\n", options);
  ASSERT_OK(reader);
  ASSERT_EQ((*reader)->warnings().size(), 1u);
  EXPECT_EQ((*reader)->warnings()[0].ToString(), "line 1, column comment: unknown column ignored");
  ObservationRow row;
  EXPECT_TRUE((*reader)->Next(&row));
}

TEST(ObservationReaderTest, EveryRowErrorHasLineColumnAndReason) {
  ReadResult r = ReadText(
      "ags,indicator,period,value,flags,breakdown,series_break\n"
      "05315000,x,2021,1,,,\n"             // 2 good
      "05315000,x,2021,abc,,,\n"           // 3 value
      "5315000,x,2021,1,,,\n"              // 4 ags lost its leading zero
      "05315000,x,21,1,,,\n"               // 5 period
      "05315000,x,2021,1,guess,,\n"        // 6 flags
      "05315000,x,2021,1,,sex,\n"          // 7 breakdown
      "05315000,x,2021,1,,,maybe\n"        // 8 series_break
      "05315000,,2021,1,,,\n"              // 9 indicator
      "05315000,x,2021,1\n"                // 10 cell count
      "05315000,x,2021,1,,,,extra\n"       // 11 cell count
      "05315000,x,2021,12,5,,\n"           // 12 an unquoted decimal comma shifts the cells
      "05315000,bad code,2021-13,zz,,,\n"  // 13 three errors in one row
      "05315000,x,2022,2,,,\n");           // 14 good
  ASSERT_OK(r.status);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].line, 2);
  EXPECT_EQ(r.rows[1].line, 14);
  EXPECT_THAT(
      r.errors,
      ElementsAre(
          "line 3, column value: 'abc' is not a number",
          "line 4, column ags: '5315000' has 7 digits; keys have 2, 3, 5, 8 (AGS) or 12 (ARS) (a "
          "spreadsheet dropped the leading zero? use '05315000' and format the column as text)",
          "line 5, column period: '21' is not a period (expected YYYY, YYYY-Qn or YYYY-MM)",
          "line 6, column flags: unknown flag 'guess' (flags: provisional, estimated, "
          "suppressed, synthetic, low_reliability, blocked, unreliable, not_yet_available; "
          "separate several with '|')",
          "line 7, column breakdown: 'sex' is not 'dimension=value' (breakdowns look like "
          "'nationality=foreign;sex=female')",
          "line 8, column series_break: 'maybe' is not a yes/no value (use true or false)",
          "line 9, column indicator: indicator is empty",
          "line 10: 4 cells, but the header has 7 columns",
          "line 11: 8 cells, but the header has 7 columns (a delimiter inside an unquoted value?)",
          "line 12, column flags: unknown flag '5' (flags: provisional, estimated, suppressed, "
          "synthetic, low_reliability, blocked, unreliable, not_yet_available; separate "
          "several with '|')",
          "line 13, column indicator: 'bad code' is not an indicator code (letters, digits, '_', "
          "'.', '-'; at most 64)",
          "line 13, column period: '2021-13' is not a period (expected YYYY, YYYY-Qn or YYYY-MM)",
          "line 13, column value: 'zz' is not a number"));
}

TEST(ObservationReaderTest, ErrorListIsBoundedButCountsAll) {
  ObservationReadOptions options;
  options.max_errors_kept = 3;
  std::string text = "ags,indicator,period,value\n";
  for (int i = 0; i < 50; ++i) text += "05315000,x,2021,bad\n";
  absl::StatusOr<std::unique_ptr<ObservationReader>> reader = OpenText(text, options);
  ASSERT_OK(reader);
  ObservationRow row;
  while ((*reader)->Next(&row)) {
  }
  EXPECT_EQ((*reader)->errors().size(), 3u);
  EXPECT_EQ((*reader)->error_count(), 50);
  EXPECT_EQ((*reader)->records_read(), 50);
}

TEST(ObservationReaderTest, UnnamedColumnsFromSpreadsheetsAreTolerated) {
  ReadResult r =
      ReadText("ags;indicator;period;value;;\n05315000;x;2021;1;;\n05315000;x;2022;2;;oops\n");
  ASSERT_OK(r.status);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_THAT(r.errors, ElementsAre("line 3, column #6: 'oops' is under a column without a name"));
}

// A table as Destatis writes it: ';', German header names, a name column, every symbol of
// the Zeichenerklärung, space thousands separators (also U+00A0), a 12-digit ARS and "DE".
TEST(ObservationReaderTest, DestatisTableWithGermanHeaderAndSymbols) {
  ObservationReadOptions options;
  absl::StatusOr<std::unique_ptr<ObservationReader>> reader = OpenText(
      "AGS;Gemeinde;Indikator;Jahr;Wert;Quelle;Fu\xC3\x9Fnote\n"
      "05315000;K\xC3\xB6ln;EINW;2021;1 083 498;Destatis;\n"
      "05315000;K\xC3\xB6ln;EINW;2022;1\xC2\xA0"
      "084\xC2\xA0"
      "831;Destatis;\n"
      "05315000;K\xC3\xB6ln;ANT;2021;-;;genau null\n"
      "05315000;K\xC3\xB6ln;ANT;2022;(12,5);;\n"
      "05315000;K\xC3\xB6ln;ANT;2023;.;;\n"
      "05315000;K\xC3\xB6ln;ANT;2024;x;;\n"
      "05315000;K\xC3\xB6ln;ANT;2025;/;;\n"
      "05315000;K\xC3\xB6ln;ANT;2026;...;;\n"
      "053150000000;K\xC3\xB6ln;ANT;2020;12,5;;\n"
      "DE;Deutschland;ANT;2020;(7);;\n",
      options);
  ASSERT_OK(reader);
  EXPECT_EQ((*reader)->format(), ObservationFormat::kLong);
  // The name column is a note, once, not an error.
  ASSERT_EQ((*reader)->warnings().size(), 1u);
  EXPECT_EQ((*reader)->warnings()[0].ToString(),
            "line 1: column(s) Gemeinde hold unit names and are not read (names come from the "
            "unit register; the key column identifies the unit)");
  std::vector<ObservationRow> rows;
  ObservationRow row;
  while ((*reader)->Next(&row)) rows.push_back(row);
  ASSERT_OK((*reader)->status());
  EXPECT_EQ((*reader)->error_count(), 0);
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0].indicator, "EINW");
  EXPECT_EQ(rows[0].period, "2021");
  EXPECT_EQ(rows[0].value, 1083498.0);
  EXPECT_EQ(rows[0].source, "Destatis");
  EXPECT_EQ(rows[1].value, 1084831.0);
  EXPECT_EQ(rows[2].value, 0.0);
  EXPECT_TRUE(rows[2].flags.empty());
  EXPECT_EQ(rows[2].footnote, "genau null");
  EXPECT_EQ(rows[3].value, 12.5);
  EXPECT_THAT(rows[3].flags, ElementsAre("low_reliability"));
  const std::pair<int, std::string_view> missing[] = {
      {4, "suppressed"}, {5, "blocked"}, {6, "unreliable"}, {7, "not_yet_available"}};
  for (const auto& [i, flag] : missing) {
    EXPECT_FALSE(rows[static_cast<size_t>(i)].value.has_value()) << i;
    EXPECT_THAT(rows[static_cast<size_t>(i)].flags, ElementsAre(flag)) << i;
  }
  EXPECT_EQ(rows[8].unit_key, "053150000000");  // the service maps the ARS to 05315000
  EXPECT_EQ(rows[9].unit_key, "DE");
  EXPECT_EQ(rows[9].value, 7.0);
  EXPECT_THAT(rows[9].flags, ElementsAre("low_reliability"));
}

TEST(ObservationReaderTest, SymbolFlagJoinsTheFlagsColumn) {
  ReadResult r = ReadText(
      "ags,indicator,period,value,flags\n"
      "05315000,ANT,2021,(3),provisional\n"
      "05315000,ANT,2022,.,suppressed\n");
  ASSERT_OK(r.status);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_THAT(r.rows[0].flags, ElementsAre("provisional", "low_reliability"));
  EXPECT_THAT(r.rows[1].flags, ElementsAre("suppressed"));
}

TEST(ObservationReaderTest, WideTableWithSymbols) {
  ObservationReadOptions options;
  options.indicator = "ANT";
  ReadResult r = ReadText(
      "Schl\xC3\xBCssel;Name;2020;2021;2022\n"
      "05315;K\xC3\xB6ln;(4,5);x;\n",
      options);
  ASSERT_OK(r.status);
  ASSERT_EQ(r.rows.size(), 2u);  // the empty 2022 cell is no observation
  EXPECT_EQ(r.rows[0].unit_key, "05315");
  EXPECT_EQ(r.rows[0].value, 4.5);
  EXPECT_THAT(r.rows[0].flags, ElementsAre("low_reliability"));
  EXPECT_EQ(r.rows[1].period, "2021");
  EXPECT_FALSE(r.rows[1].value.has_value());
  EXPECT_THAT(r.rows[1].flags, ElementsAre("blocked"));
}

TEST(ObservationReaderTest, ColumnMapNamesAnyHeader) {
  ASSERT_OK(
      ParseColumnMap("Kennung=ags, Merkmal=indicator,Stichjahr=period,Anzahl=value,"
                     "Bemerkung=ignore"));
  ObservationReadOptions options;
  options.column_map = *ParseColumnMap(
      "Kennung=ags,Merkmal=indicator,Stichjahr=period,Anzahl=value,Bemerkung=ignore");
  ReadResult r = ReadText(
      "Kennung,Merkmal,Stichjahr,Anzahl,Bemerkung\n"
      "05315000,EINW,2021,1083498,whatever\n",
      options);
  ASSERT_OK(r.status);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].unit_key, "05315000");
  EXPECT_EQ(r.rows[0].indicator, "EINW");
  EXPECT_EQ(r.rows[0].period, "2021");
  EXPECT_EQ(r.rows[0].value, 1083498.0);
  // Without the map the same header is not understood.
  EXPECT_STATUS(ReadText("Kennung,Merkmal,Stichjahr,Anzahl\n1,2,3,4\n").status,
                absl::StatusCode::kInvalidArgument, "cannot tell the format");
  // A mapped column the file does not have, a field that does not exist.
  options.column_map = *ParseColumnMap("Gibtsnicht=ags");
  EXPECT_STATUS(ReadText("ags,indicator,period,value\n", options).status,
                absl::StatusCode::kInvalidArgument,
                "line 1: --map names column 'gibtsnicht', which the header does not have");
  EXPECT_STATUS(ParseColumnMap("Kennung=unit"), absl::StatusCode::kInvalidArgument,
                "--map: 'unit' is not a field");
  EXPECT_STATUS(ParseColumnMap("Kennung"), absl::StatusCode::kInvalidArgument, "is not SRC=FIELD");
  EXPECT_STATUS(ParseColumnMap("a=ags,A=value"), absl::StatusCode::kInvalidArgument,
                "column 'a' is mapped twice");
  // Two columns for one field are refused, as any duplicate column.
  EXPECT_STATUS(ReadText("AGS;ARS;Indikator;Jahr;Wert\n").status,
                absl::StatusCode::kInvalidArgument, "appears twice");
}

TEST(ObservationReaderTest, FormatDetection) {
  EXPECT_EQ(DetectObservationFormat({"ags", "indicator", "period", "value"}),
            ObservationFormat::kLong);
  EXPECT_EQ(DetectObservationFormat({"ags", "2020", "2021"}), ObservationFormat::kWide);
  EXPECT_EQ(DetectObservationFormat({"Year", "Sex", "GeoCode", "Value"}),
            ObservationFormat::kOpenSdg);
  EXPECT_EQ(DetectObservationFormat({"DATAFLOW", "REF_AREA", "TIME_PERIOD", "OBS_VALUE"}),
            ObservationFormat::kSdmxCsv);
  EXPECT_EQ(DetectObservationFormat({"STRUCTURE: x", "STRUCTURE_ID"}), ObservationFormat::kSdmxCsv);
  EXPECT_EQ(*ParseObservationFormat("Open-SDG"), ObservationFormat::kOpenSdg);
  EXPECT_FALSE(ParseObservationFormat("xml").has_value());
}

}  // namespace
}  // namespace integra::io
