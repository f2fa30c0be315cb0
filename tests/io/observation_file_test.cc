// Import files of every kind integra writes, read back through ObservationFile: the XLSX
// workbook of XlsxWriter (metadata sheet, one sheet per indicator, breakdown columns, the
// attribution under the data), JSON Lines, and what each row says its file does not carry.
#include "client/io/observation_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "client/io/json_lines.h"
#include "client/io/xlsx_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/io/row_builder.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Table {
  std::string sheet;
  std::vector<ObservationRow> rows;
  std::vector<std::string> errors;
};

// Every table of `path`, every row and error of each.
absl::StatusOr<std::vector<Table>> ReadFile(const std::string& path,
                                            const ObservationReadOptions& options = {}) {
  absl::StatusOr<std::unique_ptr<ObservationFile>> file = ObservationFile::Open(path, options);
  if (!file.ok()) return file.status();
  std::vector<Table> tables;
  for (size_t i = 0; i < (*file)->tables(); ++i) {
    absl::StatusOr<std::unique_ptr<ObservationReader>> reader = (*file)->OpenTable(i);
    if (!reader.ok()) return reader.status();
    Table table;
    table.sheet = (*file)->sheet(i);
    ObservationRow row;
    while ((*reader)->Next(&row)) table.rows.push_back(row);
    if (!(*reader)->status().ok()) return (*reader)->status();
    for (const CsvError& e : (*reader)->errors()) table.errors.push_back(e.ToString());
    tables.push_back(std::move(table));
  }
  return tables;
}

// Rows as the XLSX export gets them, for two indicators: breakdowns, flags, a missing value,
// a footnote over two lines, a series break; one indicator code longer than a sheet name.
std::vector<ObservationRow> ExportRows() {
  std::vector<ObservationRow> rows;
  ObservationRow a = Row("05315", "AUSL_ANTEIL", "2020", 18.6);
  a.source = "INKAR, BBSR Bonn";
  a.footnote = "Zensus-korrigiert, \"vorl\xC3\xA4ufig\"";
  rows.push_back(a);
  ObservationRow b = Row("05315", "AUSL_ANTEIL", "2021", 19.25);
  b.flags = {"provisional"};
  b.source = "INKAR, BBSR Bonn";
  b.series_break = true;
  rows.push_back(b);
  ObservationRow c = Row("05315", "AUSL_ANTEIL", "2021", 40.5);
  c.breakdown = {{"nationality", "auslaendisch"}, {"sex", "f"}};
  c.flags = {"estimated"};
  c.footnote = "Zeile 1\nZeile 2";
  rows.push_back(c);
  ObservationRow d = Row("05316", "AUSL_ANTEIL", "2021", std::nullopt);
  d.flags = {"suppressed"};
  d.source = "Zensus 2022";
  rows.push_back(d);
  ObservationRow e =
      Row("05334000", "BEVOELKERUNG_MIT_MIGRATIONSHINTERGRUND_INSGESAMT", "2021-Q3", 557026);
  e.flags = {"provisional", "synthetic"};
  e.source = "integra demo (synthetisch)";
  rows.push_back(e);
  return rows;
}

std::string WriteExport(const testing::TempDir& dir, const std::vector<ObservationRow>& rows) {
  std::string path = dir.Sub("export.xlsx");
  XlsxOptions options;
  options.attribution = "Quelle: INKAR, BBSR Bonn; Zensus 2022 \xE2\x80\x93 dl-de/by-2-0";
  options.title = "Integrationsmonitoring";
  options.tmpdir = dir.path();
  auto writer = XlsxWriter::Create(path, options);
  EXPECT_OK(writer.status());
  IndicatorRow ausl;
  ausl.code = "AUSL_ANTEIL";
  ausl.name_de = "Ausl\xC3\xA4nderanteil";
  ausl.dimensions = {{"nationality", {"deutsch", "auslaendisch"}}, {"sex", {"m", "f"}}};
  EXPECT_OK((*writer)->AddIndicator(ausl));
  for (const ObservationRow& row : rows) EXPECT_OK((*writer)->Write(row));
  EXPECT_OK((*writer)->Close());
  return path;
}

TEST(ObservationFileTest, XlsxExportReadsBackWhole) {
  testing::TempDir dir;
  const std::vector<ObservationRow> rows = ExportRows();
  const std::string path = WriteExport(dir, rows);
  ASSERT_OK_AND_ASSIGN(auto file, ObservationFile::Open(path, {}));
  EXPECT_TRUE(file->integra_workbook());
  ASSERT_EQ(file->tables(), 2u);
  EXPECT_EQ(file->sheet(0), "AUSL_ANTEIL");
  // The long code's sheet name is cut to Excel's 31 characters; the metadata sheet maps it back.
  EXPECT_EQ(file->sheet(1), "BEVOELKERUNG_MIT_MIGRATIONSHINT");
  EXPECT_EQ(file->indicator(1), "BEVOELKERUNG_MIT_MIGRATIONSHINTERGRUND_INSGESAMT");
  ASSERT_OK_AND_ASSIGN(std::vector<Table> tables, ReadFile(path));
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_THAT(tables[0].errors, ElementsAre());
  EXPECT_THAT(tables[1].errors, ElementsAre());
  std::vector<ObservationRow> read = tables[0].rows;
  read.insert(read.end(), tables[1].rows.begin(), tables[1].rows.end());
  ASSERT_EQ(read.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    ObservationRow expected = rows[i];
    expected.line = static_cast<int>(i < 4 ? i + 2 : i - 4 + 2);  // row 1 is the header
    EXPECT_EQ(read[i], expected) << "row " << i << ": " << read[i].unit_key << " " << read[i].period
                                 << " absent=" << int(read[i].absent);
  }
  // Through --sheet, one indicator sheet alone, read the same way.
  ObservationReadOptions one;
  one.sheet = "bevoelkerung_mit_migrationshint";
  ASSERT_OK_AND_ASSIGN(tables, ReadFile(path, one));
  ASSERT_EQ(tables.size(), 1u);
  ASSERT_EQ(tables[0].rows.size(), 1u);
  EXPECT_EQ(tables[0].rows[0].indicator, "BEVOELKERUNG_MIT_MIGRATIONSHINTERGRUND_INSGESAMT");
}

TEST(ObservationFileTest, XlsxCarriesSixteenDigits) {
  // libxlsxwriter writes numbers with "%.16G": a value that needs 17 significant digits comes
  // back rounded (the import keeps the stored value when the two agree to 16 digits).
  testing::TempDir dir;
  ObservationRow row = Row("05315", "AUSL_ANTEIL", "2021", 0.1 + 0.2);    // 0.30000000000000004
  ObservationRow exact = Row("05315", "AUSL_ANTEIL", "2022", 1.0 / 3.0);  // 16 digits suffice
  const std::string path = WriteExport(dir, {row, exact});
  ASSERT_OK_AND_ASSIGN(auto file, ObservationFile::Open(path, {}));
  ASSERT_OK_AND_ASSIGN(auto reader, file->OpenTable(0));
  EXPECT_EQ(reader->source().value_digits(), kXlsxValueDigits);
  ObservationRow read;
  ASSERT_TRUE(reader->Next(&read));
  EXPECT_EQ(read.value, 0.3);
  EXPECT_NE(read.value, 0.1 + 0.2);
  ASSERT_TRUE(reader->Next(&read));
  EXPECT_EQ(read.value, 1.0 / 3.0);
}

TEST(ObservationFileTest, WorkbookWithoutIntegraMetadataReadsItsFirstSheet) {
  ASSERT_OK_AND_ASSIGN(
      auto tables, ReadFile(std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/hand_made.xlsx"));
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].sheet, "");
  EXPECT_EQ(tables[0].rows.size(), 3u);
  ObservationReadOptions options;
  options.sheet = "Nirgends";
  EXPECT_STATUS(
      ReadFile(std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/hand_made.xlsx", options),
      absl::StatusCode::kNotFound, "has no sheet 'Nirgends'");
}

TEST(ObservationFileTest, JsonLinesExportReadsBack) {
  testing::TempDir dir;
  std::vector<ObservationRow> rows = ExportRows();
  std::ostringstream out;
  ObservationJsonLinesWriter writer(out);
  for (const ObservationRow& row : rows) ASSERT_OK(writer.Write(row));
  ASSERT_OK(writer.Finish());
  const std::string path = dir.Sub("export.jsonl");
  std::ofstream(path, std::ios::binary) << out.str();
  ASSERT_OK_AND_ASSIGN(std::vector<Table> tables, ReadFile(path));
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_THAT(tables[0].errors, ElementsAre());
  ASSERT_EQ(tables[0].rows.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].line = static_cast<int>(i + 1);
    EXPECT_EQ(tables[0].rows[i], rows[i]) << i;
  }
  // Also from stdin-like input: a JsonLinesSource over bytes.
  ASSERT_OK_AND_ASSIGN(auto source,
                       JsonLinesSource::Open(ByteSource::FromString(out.str()), {}, false));
  ASSERT_OK_AND_ASSIGN(auto reader, OpenObservationReader(std::move(source), {}));
  EXPECT_EQ(reader->format(), ObservationFormat::kLong);
}

// A FIFO (as a shell's `<(zcat x.csv.gz)` gives) can be read only once: nothing may open it
// before the reader, or the rows it took are lost.
TEST(ObservationFileTest, AFifoIsReadOnceWhole) {
  testing::TempDir dir;
  const std::string fifo = dir.Sub("rows.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string content =
      "ags;indicator;period;value\n05315;AUSL_ANTEIL;2020;18,6\n05316;AUSL_ANTEIL;2020;9,5\n";
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);  // blocks until the reader opens it
    if (fd < 0) return;
    EXPECT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    ::close(fd);
  });
  ObservationReadOptions options;
  options.csv.decimal_mark = DecimalMark::kComma;
  absl::StatusOr<std::vector<Table>> tables = ReadFile(fifo, options);
  writer.join();
  ASSERT_OK(tables.status());
  ASSERT_EQ(tables->size(), 1u);
  EXPECT_THAT((*tables)[0].errors, ElementsAre());
  ASSERT_EQ((*tables)[0].rows.size(), 2u);
  EXPECT_EQ((*tables)[0].rows[0].unit_key, "05315");
  EXPECT_EQ((*tables)[0].rows[1].value, 9.5);
}

TEST(ObservationFileTest, JsonLinesKeysTypesAndErrors) {
  testing::TempDir dir;
  const std::string path = dir.Sub("mixed.jsonl");
  std::ofstream(path, std::ios::binary)
      << "\xEF\xBB\xBF{\"period\": 2021, \"ags\": \"05315\", \"indicator\": \"X\", \"value\": "
         "1.5}\n"
      << "\n"
      << "{\"ags\":\"05315\",\"indicator\":\"X\",\"period\":\"2022\",\"value\":\".\","
         "\"breakdown\":\"sex=f\",\"flags\":\"provisional\",\"source\":\"\",\"footnote\":null,"
         "\"series_break\":true}\r\n"
      << "{\"ags\":\"05315\",\"indicator\":\"X\",\"period\":\"2023\",\"value\":2,\"soruce\":\"a\"}"
         "\n"
      << "[1, 2]\n"
      << "{\"ags\":\"05315\",\"indicator\":\"X\",\"period\":\"2024\",\"value\":2,\n"
      << "{\"ags\":\"05315\",\"indicator\":\"X\",\"period\":\"2025\",\"value\":\"abc\"}\n"
      << "{\"ags\":\"05315\",\"indicator\":\"X\",\"period\":\"2026\",\"value\":3,"
         "\"breakdown\":{\"sex\":{\"x\":1}}}\n";
  ASSERT_OK_AND_ASSIGN(std::vector<Table> tables, ReadFile(path));
  ASSERT_EQ(tables.size(), 1u);
  ASSERT_EQ(tables[0].rows.size(), 2u);
  const ObservationRow& first = tables[0].rows[0];
  EXPECT_EQ(first.line, 1);
  EXPECT_EQ(first.period, "2021");
  EXPECT_EQ(first.value, 1.5);
  // Keys that are not there: fields the line does not carry.
  EXPECT_EQ(first.absent, kFieldSource | kFieldFootnote | kFieldFlags | kFieldSeriesBreak);
  const ObservationRow& second = tables[0].rows[1];
  EXPECT_EQ(second.line, 3);
  EXPECT_EQ(second.value, std::nullopt);
  EXPECT_THAT(second.flags, ElementsAre("provisional", "suppressed"));
  EXPECT_THAT(second.breakdown, ElementsAre(std::pair<std::string, std::string>("sex", "f")));
  EXPECT_TRUE(second.series_break);
  EXPECT_EQ(second.absent, 0);  // "" and null clear; they are carried
  EXPECT_THAT(tables[0].errors,
              ElementsAre("line 4: unknown key 'soruce' (expected: ags, indicator, period, "
                          "breakdown, value, flags, source, footnote, series_break; pass "
                          "--ignore-unknown-columns to skip it)",
                          "line 5: a JSON Lines row must be an object ({\"ags\": ..., ...})",
                          HasSubstr("line 6: not valid JSON: parse error at line 1, column"),
                          "line 7, column value: 'abc' is not a number",
                          "line 8: key 'breakdown': the value of 'sex' must be a string"));
}

// Found by fuzzing (tests/fuzz/corpus/json_lines/regress-number-overflow): nlohmann/json
// throws out_of_range, not parse_error, for a number beyond double, and the exception ended the
// import (std::terminate) instead of making the line a row error.
TEST(ObservationFileTest, JsonLinesNumberOutOfRangeIsARowError) {
  testing::TempDir dir;
  const std::string path = dir.Sub("overflow.jsonl");
  std::ofstream(path, std::ios::binary)
      << "{\"ags\":\"05315\",\"indicator\":\"X\",\"period\":\"2021\",\"value\":99e9999999999999}\n"
      << "{\"ags\":\"05315\",\"indicator\":\"X\",\"period\":\"2022\",\"value\":-1e400}\n"
      << "{\"ags\":\"05315\",\"indicator\":\"X\",\"period\":\"2023\",\"value\":2.5}\n";
  ASSERT_OK_AND_ASSIGN(std::vector<Table> tables, ReadFile(path));
  ASSERT_EQ(tables.size(), 1u);
  ASSERT_EQ(tables[0].rows.size(), 1u);
  EXPECT_EQ(tables[0].rows[0].period, "2023");
  EXPECT_EQ(tables[0].rows[0].value, 2.5);
  EXPECT_THAT(tables[0].errors,
              ElementsAre("line 1: not valid JSON: number overflow parsing '99e9999999999999'",
                          "line 2: not valid JSON: number overflow parsing '-1e400'"));
}

TEST(ObservationFileTest, WhatEachFormatDoesNotCarry) {
  testing::TempDir dir;
  auto absent_of = [&](const std::string& name, const std::string& text,
                       const ObservationReadOptions& options = {}) -> std::vector<int> {
    std::ofstream(dir.Sub(name), std::ios::binary) << text;
    absl::StatusOr<std::vector<Table>> tables = ReadFile(dir.Sub(name), options);
    EXPECT_OK(tables.status());
    std::vector<int> out;
    if (!tables.ok()) return out;
    for (const ObservationRow& r : (*tables)[0].rows) out.push_back(r.absent);
    EXPECT_THAT((*tables)[0].errors, ElementsAre());
    return out;
  };
  // Long format with every column: nothing absent; without: source, footnote, flags, series
  // break absent, unless a symbol gives a flag or --source a source.
  EXPECT_THAT(absent_of("all.csv",
                        "ags,indicator,period,value,flags,source,footnote,series_break\n"
                        "05315,X,2021,1,,,,\n"),
              ElementsAre(0));
  EXPECT_THAT(absent_of("few.csv", "AGS;Indikator;Jahr;Wert\n05315;X;2021;1\n05315;X;2022;.\n"),
              ElementsAre(kFieldSource | kFieldFootnote | kFieldFlags | kFieldSeriesBreak,
                          kFieldSource | kFieldFootnote | kFieldSeriesBreak));
  ObservationReadOptions with_source;
  with_source.source = "Destatis";
  EXPECT_THAT(absent_of("few2.csv", "ags,indicator,period,value\n05315,X,2021,1\n", with_source),
              ElementsAre(kFieldFootnote | kFieldFlags | kFieldSeriesBreak));
  // Wide format: never a series break column.
  EXPECT_THAT(absent_of("wide.csv", "ags,indicator,flags,source,footnote,2020\n05315,X,,,,1\n"),
              ElementsAre(kFieldSeriesBreak));
  // SDMX-CSV: the attributes there are carried; B without INTEGRA_FLAGS says nothing of flags.
  EXPECT_THAT(absent_of("sdmx.csv",
                        "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS,COMMENT_OBS\n"
                        "A:B(1.0),05315,X,2021,1,B,\nA:B(1.0),05315,X,2022,1,P,\n"),
              ElementsAre(kFieldSource | kFieldFlags, kFieldSource));
  // Open SDG: never a source; without OBS_STATUS no flags or series break.
  ObservationReadOptions sdg;
  sdg.indicator = "X";
  EXPECT_THAT(absent_of("sdg.csv", "Year,GeoCode,Value\n2021,05315,1\n", sdg),
              ElementsAre(kFieldSource | kFieldFootnote | kFieldFlags | kFieldSeriesBreak));
}

}  // namespace
}  // namespace integra::io
