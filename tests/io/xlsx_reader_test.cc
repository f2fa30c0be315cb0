// XLSX reading: serial dates, number formats and string escapes against values worked out by
// hand (and by std::chrono); the hand-made workbooks of tests/fixtures (make_xlsx_fixtures.py);
// workbooks written by libxlsxwriter in both of its modes; and every kind of file that is
// refused, built here as ZIP archives with minizip.
#include "client/io/xlsx_reader.h"

#include <xlsxwriter.h>
#include <zip.h>

#include <chrono>
#include <fstream>

#include "client/io/catalog_readers.h"
#include "client/io/observation_reader.h"
#include "client/io/table_source.h"
#include "common/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;

std::string Fixture(const std::string& name) {
  return std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/" + name;
}

// All records of a sheet after its header.
std::vector<CsvRecord> ReadAll(RecordSource& source) {
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (source.Next(&record)) records.push_back(record);
  return records;
}

// Writes a ZIP archive of `parts` (name, content) with minizip.
void WriteZip(const std::string& path,
              const std::vector<std::pair<std::string, std::string>>& parts) {
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  ASSERT_NE(zip, nullptr);
  for (const auto& [name, content] : parts) {
    ASSERT_EQ(zipOpenNewFileInZip(zip, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr,
                                  Z_DEFLATED, Z_DEFAULT_COMPRESSION),
              ZIP_OK);
    ASSERT_EQ(zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size())),
              ZIP_OK);
    ASSERT_EQ(zipCloseFileInZip(zip), ZIP_OK);
  }
  ASSERT_EQ(zipClose(zip, nullptr), ZIP_OK);
}

constexpr char kMain[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

// The parts of a workbook with one sheet "Tabelle1" holding `sheet_data` (the inside of
// <sheetData>), and `shared` as the shared strings part when not empty.
std::vector<std::pair<std::string, std::string>> Workbook(const std::string& sheet_data,
                                                          const std::string& shared = "") {
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml",
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"_rels/.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" +
                          rel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + rel +
                              "\"><sheets><sheet name=\"Tabelle1\" sheetId=\"1\" "
                              "r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
           "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" +
           rel + "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml", std::string("<worksheet xmlns=\"") + kMain + "\"><sheetData>" +
                                       sheet_data + "</sheetData></worksheet>"},
  };
  if (!shared.empty()) {
    parts.emplace_back("xl/sharedStrings.xml",
                       std::string("<sst xmlns=\"") + kMain + "\">" + shared + "</sst>");
  }
  return parts;
}

// Opens the first sheet of a workbook made of `parts`.
absl::StatusOr<std::unique_ptr<XlsxSheetReader>> OpenParts(
    const testing::TempDir& dir, const std::vector<std::pair<std::string, std::string>>& parts,
    XlsxReadOptions options = {}) {
  const std::string path = dir.Sub("book.xlsx");
  WriteZip(path, parts);
  ASSIGN_OR_RETURN(std::shared_ptr<XlsxWorkbook> book, XlsxWorkbook::Open(path, options));
  return book->OpenSheet("");
}

// ---- pure helpers ---------------------------------------------------------------------------

TEST(XlsxSerialTest, The1900SystemWithItsPhantomLeapDay) {
  EXPECT_EQ(XlsxSerialToIso(1, false, false), "1900-01-01");
  EXPECT_EQ(XlsxSerialToIso(59, false, false), "1900-02-28");
  EXPECT_EQ(XlsxSerialToIso(60, false, false), "1900-02-29");  // Excel's, not the calendar's
  EXPECT_EQ(XlsxSerialToIso(61, false, false), "1900-03-01");
  EXPECT_EQ(XlsxSerialToIso(0, false, false), "1900-01-00");
  EXPECT_EQ(XlsxSerialToIso(25569, false, false), "1970-01-01");
  EXPECT_EQ(XlsxSerialToIso(45260, false, false), "2023-11-30");
  EXPECT_EQ(XlsxSerialToIso(2958465, false, false), "9999-12-31");
  EXPECT_EQ(XlsxSerialToIso(2958466, false, false), std::nullopt);
  EXPECT_EQ(XlsxSerialToIso(-1, false, false), std::nullopt);
  // The time of day only when the format shows it; rounded to the second.
  EXPECT_EQ(XlsxSerialToIso(44926.5, false, true), "2022-12-31T12:00:00");
  EXPECT_EQ(XlsxSerialToIso(44926.5, false, false), "2022-12-31");
  EXPECT_EQ(XlsxSerialToIso(44926.0 + 3661.0 / 86400, false, true), "2022-12-31T01:01:01");
  EXPECT_EQ(XlsxSerialToIso(44926, false, true), "2022-12-31");
  EXPECT_EQ(XlsxSerialToIso(44926.99999999, false, true), "2023-01-01");
}

TEST(XlsxSerialTest, AgreesWithTheCalendarFrom1900March) {
  // std::chrono's proleptic Gregorian calendar as the independent reference: serial s (s > 60)
  // is 1899-12-30 + s days in the 1900 system, 1904-01-01 + s days in the 1904 system.
  using namespace std::chrono;
  const sys_days base1900 = sys_days(year(1899) / December / 30);
  const sys_days base1904 = sys_days(year(1904) / January / 1);
  auto iso = [](sys_days d) {
    year_month_day ymd(d);
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(buf);
  };
  for (int serial = 61; serial <= 2958465; serial += 997) {
    EXPECT_EQ(XlsxSerialToIso(serial, false, false), iso(base1900 + days(serial))) << serial;
    if (serial <= 2957003) {  // 9999-12-31 in the 1904 system
      EXPECT_EQ(XlsxSerialToIso(serial, true, false), iso(base1904 + days(serial))) << serial;
    } else {
      EXPECT_EQ(XlsxSerialToIso(serial, true, false), std::nullopt) << serial;
    }
  }
}

TEST(XlsxSerialTest, The1904System) {
  EXPECT_EQ(XlsxSerialToIso(0, true, false), "1904-01-01");
  EXPECT_EQ(XlsxSerialToIso(43464, true, false), "2022-12-31");
  EXPECT_EQ(XlsxSerialToIso(43464, false, false), "2018-12-30");  // the same serial, 1900
}

TEST(XlsxNumberFormatTest, TellsDatesFromNumbersAndTimes) {
  auto date = [](std::string_view code) { return ClassifyNumberFormat(code).date; };
  auto time = [](std::string_view code) { return ClassifyNumberFormat(code).time; };
  EXPECT_TRUE(date("dd.mm.yyyy"));
  EXPECT_TRUE(date("mmm yy"));
  EXPECT_TRUE(date("[$-407]dddd, d. mmmm yyyy"));
  EXPECT_TRUE(date("mmmm"));
  EXPECT_TRUE(date("yyyy-mm-dd hh:mm"));
  EXPECT_TRUE(time("yyyy-mm-dd hh:mm"));
  EXPECT_FALSE(time("dd.mm.yyyy"));
  EXPECT_FALSE(date("General"));
  EXPECT_FALSE(date("0.00E+00"));
  EXPECT_FALSE(date("#,##0.00"));
  EXPECT_FALSE(date("h:mm"));
  EXPECT_FALSE(date("mm:ss"));
  EXPECT_FALSE(date("[h]:mm:ss"));
  EXPECT_FALSE(date("[Red]#,##0.00\" days\""));
  EXPECT_FALSE(date("#,##0 \"Tage\";\\-#,##0"));
  EXPECT_FALSE(date("@"));
}

TEST(XlsxEscapesTest, DecodesUtf16CodeUnits) {
  EXPECT_EQ(DecodeXlsxEscapes("a_x000D_b"), "a\rb");
  EXPECT_EQ(DecodeXlsxEscapes("_x005F_x000D_"), "_x000D_");            // an escaped underscore
  EXPECT_EQ(DecodeXlsxEscapes("_xD83D__xDE00_"), "\xF0\x9F\x98\x80");  // U+1F600, a pair
  EXPECT_EQ(DecodeXlsxEscapes("_xD83D_"), "\xEF\xBF\xBD");             // a lone surrogate: U+FFFD
  EXPECT_EQ(DecodeXlsxEscapes("_x12G4_ and _x12"), "_x12G4_ and _x12");
  EXPECT_EQ(DecodeXlsxEscapes("K\xC3\xB6ln"), "K\xC3\xB6ln");
}

// ---- hand-made workbooks -----------------------------------------------------------------------

TEST(XlsxReaderTest, HandMadeWorkbookFirstSheet) {
  ASSERT_OK_AND_ASSIGN(auto book, XlsxWorkbook::Open(Fixture("hand_made.xlsx"), {}));
  // The chart sheet has no table and is not listed.
  EXPECT_THAT(book->sheet_names(), ElementsAre("Daten", "Einheiten", "Zellen", "Fehler"));
  EXPECT_FALSE(book->date1904());
  ASSERT_OK_AND_ASSIGN(auto sheet, book->OpenSheet(""));
  EXPECT_EQ(sheet->sheet(), "Daten");
  // The header is the first non-empty row (row 3): shared strings and one inline string.
  EXPECT_EQ(sheet->header().line, 3);
  EXPECT_THAT(sheet->header().fields,
              ElementsAre("AGS", "Indikator", "Jahr", "Wert", "Quelle", "Fu\xC3\x9Fnote"));
  std::vector<CsvRecord> rows = ReadAll(*sheet);
  ASSERT_OK(sheet->status());
  ASSERT_EQ(rows.size(), 3u);  // the note in row 9 is not a row
  EXPECT_EQ(rows[0].line, 4);
  // Numbers in the sheet's number style (decimal comma by default), rich text joined, the
  // escaped CR decoded.
  EXPECT_THAT(rows[0].fields, ElementsAre("05315", "AUSL_ANTEIL", "2021", "19,25",
                                          "INKAR, BBSR Bonn", "Zeile 1\r\nZeile 2"));
  EXPECT_EQ(rows[1].line, 6);  // row 5 does not exist; row 6 ends after D, padded
  EXPECT_THAT(rows[1].fields, ElementsAre("05316", "AUSL_ANTEIL", "2021", ".", "", ""));
  // Row 7 has no references: its cells follow each other from A; a formula's cached value.
  EXPECT_EQ(rows[2].line, 7);
  EXPECT_THAT(rows[2].fields, ElementsAre("05334", "AUSL_ANTEIL", "2020", "0,0015", "", ""));
}

TEST(XlsxReaderTest, HandMadeSheetReadsAsAnObservationTable) {
  TableReadOptions table;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RecordSource> source,
                       OpenTableSource(Fixture("hand_made.xlsx"), table));
  ObservationReadOptions options;
  ASSERT_OK_AND_ASSIGN(auto reader, OpenObservationReader(std::move(source), options));
  EXPECT_EQ(reader->format(), ObservationFormat::kLong);  // AGS;Indikator;Jahr;Wert
  std::vector<ObservationRow> rows;
  ObservationRow row;
  while (reader->Next(&row)) rows.push_back(row);
  ASSERT_OK(reader->status());
  ASSERT_TRUE(reader->errors().empty()) << reader->errors()[0].ToString();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].unit_key, "05315");
  EXPECT_EQ(rows[0].period, "2021");
  EXPECT_EQ(rows[0].value, 19.25);
  EXPECT_EQ(rows[0].source, "INKAR, BBSR Bonn");
  EXPECT_EQ(rows[0].footnote, "Zeile 1\r\nZeile 2");
  EXPECT_EQ(rows[0].line, 4);
  EXPECT_EQ(rows[1].value, std::nullopt);
  EXPECT_THAT(rows[1].flags, ElementsAre("suppressed"));  // the Destatis symbol "."
  EXPECT_EQ(rows[2].value, 0.0015);
  EXPECT_EQ(rows[2].period, "2020");
}

TEST(XlsxReaderTest, NamedSheetWithDatesAndErrorsThatNameTheCell) {
  TableReadOptions table;
  table.sheet = "einheiten";  // as Excel: case does not matter
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RecordSource> source,
                       OpenTableSource(Fixture("hand_made.xlsx"), table));
  ASSERT_OK_AND_ASSIGN(auto reader, UnitCsvReader::Open(std::move(source), table));
  std::vector<UnitRow> rows;
  UnitRow row;
  while (reader->Next(&row)) rows.push_back(row);
  ASSERT_OK(reader->status());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].key, "05315");
  EXPECT_EQ(rows[0].name, "K\xC3\xB6ln");  // the phonetic run is not part of the text
  EXPECT_EQ(rows[0].population, 1084831);
  EXPECT_EQ(rows[0].territory_date, "2023-11-30");  // built-in date format 14
  EXPECT_EQ(rows[1].territory_date, "2022-12-31");  // custom "dd/mm/yyyy"
  // Row 4 holds a date with a time of day, which is no Gebietsstand.
  ASSERT_EQ(reader->errors().size(), 1u);
  EXPECT_EQ(reader->errors()[0].ToString(),
            "sheet Einheiten, cell D4 (territory_date): '2022-12-31T12:00:00' is not a date "
            "(expected YYYY-MM-DD or DD.MM.YYYY)");
}

TEST(XlsxReaderTest, EveryOtherKindOfCell) {
  ASSERT_OK_AND_ASSIGN(auto book, XlsxWorkbook::Open(Fixture("hand_made.xlsx"), {}));
  ASSERT_OK_AND_ASSIGN(auto sheet, book->OpenSheet("Zellen"));
  std::vector<CsvRecord> rows = ReadAll(*sheet);
  ASSERT_EQ(rows.size(), 1u);
  // Booleans, an error value, a time of day (a number), a number whose format has date
  // letters in quotes and a colour, and the serials 60, 61 and 0 in a date format.
  EXPECT_THAT(rows[0].fields, ElementsAre("true", "false", "#N/A", "0,75", "12,5", "1900-02-29",
                                          "1900-03-01", "1900-01-00"));
  // With decimal points the numbers come in that style.
  sheet.reset();
  XlsxReadOptions point;
  point.decimal_mark = DecimalMark::kPoint;
  ASSERT_OK_AND_ASSIGN(auto book_point, XlsxWorkbook::Open(Fixture("hand_made.xlsx"), point));
  ASSERT_OK_AND_ASSIGN(auto sheet_point, book_point->OpenSheet("Zellen"));
  rows = ReadAll(*sheet_point);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields[3], "0.75");
  EXPECT_EQ(sheet_point->number_style(), NumberStyle::kPoint);
}

TEST(XlsxReaderTest, The1904DateSystem) {
  TableReadOptions table;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RecordSource> source,
                       OpenTableSource(Fixture("dates_1904.xlsx"), table));
  ASSERT_OK_AND_ASSIGN(auto reader, UnitCsvReader::Open(std::move(source), table));
  std::vector<UnitRow> rows;
  UnitRow row;
  while (reader->Next(&row)) rows.push_back(row);
  ASSERT_EQ(rows.size(), 2u) << (reader->errors().empty() ? "" : reader->errors()[0].ToString());
  EXPECT_EQ(rows[0].territory_date, "2022-12-31");
  EXPECT_EQ(rows[1].territory_date, "1904-01-01");
}

TEST(XlsxReaderTest, UnknownSheetListsTheSheets) {
  ASSERT_OK_AND_ASSIGN(auto book, XlsxWorkbook::Open(Fixture("hand_made.xlsx"), {}));
  EXPECT_STATUS(book->OpenSheet("Daten2"), absl::StatusCode::kNotFound,
                "has no sheet 'Daten2' (sheets: Daten, Einheiten, Zellen, Fehler)");
  EXPECT_STATUS(book->OpenSheet("Diagramm"), absl::StatusCode::kNotFound, "has no sheet");
  // One sheet at a time.
  ASSERT_OK_AND_ASSIGN(auto first, book->OpenSheet("Daten"));
  EXPECT_STATUS(book->OpenSheet("Zellen"), absl::StatusCode::kFailedPrecondition, "another sheet");
  first.reset();
  EXPECT_OK(book->OpenSheet("Zellen").status());
}

TEST(XlsxReaderTest, SheetNamesCompareWithoutCaseUmlautsIncluded) {
  testing::TempDir dir;
  auto parts = Workbook("<row r=\"1\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>");
  const std::string name =
      "\xC3\x9C"
      "bersicht";  // Übersicht
  parts[2].second.replace(parts[2].second.find("Tabelle1"), 8, name);
  WriteZip(dir.Sub("u.xlsx"), parts);
  ASSERT_OK_AND_ASSIGN(auto book, XlsxWorkbook::Open(dir.Sub("u.xlsx"), {}));
  EXPECT_EQ(book->FindSheet("\xC3\xBC"
                            "BERSICHT"),
            name);  // üBERSICHT
  EXPECT_EQ(book->FindSheet("Uebersicht"), std::nullopt);
  ASSERT_OK_AND_ASSIGN(auto sheet, book->OpenSheet("\xC3\xBC"
                                                   "bersicht"));
  EXPECT_EQ(sheet->sheet(), name);
}

TEST(XlsxReaderTest, SheetOptionOnATextFileIsRefused) {
  testing::TempDir dir;
  std::ofstream(dir.Sub("a.csv")) << "ags,indicator,period,value\n";
  TableReadOptions table;
  table.sheet = "Daten";
  EXPECT_STATUS(OpenTableSource(dir.Sub("a.csv"), table), absl::StatusCode::kInvalidArgument,
                "--sheet applies to XLSX workbooks");
}

// ---- workbooks written by libxlsxwriter ------------------------------------------------------

TEST(XlsxReaderTest, LibxlsxwriterWorkbookWithSharedStringsAndDates) {
  // libxlsxwriter's default mode writes shared strings (its constant_memory mode, which
  // XlsxWriter uses, writes inline strings: see the export round trip in observation_file_test).
  testing::TempDir dir;
  const std::string path = dir.Sub("lxw.xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Gemeinden");
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "dd.mm.yyyy");
  worksheet_write_string(sheet, 0, 0, "key", nullptr);
  worksheet_write_string(sheet, 0, 1, "name", nullptr);
  worksheet_write_string(sheet, 0, 2, "area_km2", nullptr);
  worksheet_write_string(sheet, 0, 3, "territory_date", nullptr);
  worksheet_write_string(sheet, 1, 0, "05315000", nullptr);
  worksheet_write_string(sheet, 1, 1, "K\xC3\xB6ln", nullptr);
  worksheet_write_number(sheet, 1, 2, 405.01, nullptr);
  lxw_datetime when = {2023, 12, 31, 0, 0, 0};
  worksheet_write_datetime(sheet, 1, 3, &when, date);
  worksheet_write_string(sheet, 2, 0, "05315000", nullptr);  // the same string again
  worksheet_write_string(sheet, 2, 1, "Zeile\nzwei \"quoted\" & <tag>", nullptr);
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);

  ASSERT_OK_AND_ASSIGN(auto book, XlsxWorkbook::Open(path, {}));
  ASSERT_OK_AND_ASSIGN(auto reader, book->OpenSheet("Gemeinden"));
  std::vector<CsvRecord> rows = ReadAll(*reader);
  ASSERT_OK(reader->status());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("05315000", "K\xC3\xB6ln", "405,01", "2023-12-31"));
  EXPECT_THAT(rows[1].fields, ElementsAre("05315000", "Zeile\nzwei \"quoted\" & <tag>", "", ""));
}

// ---- refused and malformed files -------------------------------------------------------------

TEST(XlsxRefusalTest, Ole2FilesXlsAndPasswordProtected) {
  testing::TempDir dir;
  std::string ole2("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole2 += std::string(600, '\0');
  std::ofstream(dir.Sub("old.xls"), std::ios::binary) << ole2;
  EXPECT_STATUS(XlsxWorkbook::Open(dir.Sub("old.xls"), {}), absl::StatusCode::kInvalidArgument,
                "is an Excel 97-2003 workbook (.xls, BIFF)");
  EXPECT_STATUS(OpenTableSource(dir.Sub("old.xls"), {}), absl::StatusCode::kInvalidArgument,
                "save it as .xlsx or as CSV UTF-8");
  std::string utf16;
  for (char c : std::string("EncryptedPackage")) utf16 += std::string(1, c) + '\0';
  std::ofstream(dir.Sub("locked.xlsx"), std::ios::binary) << ole2 + utf16;
  EXPECT_STATUS(OpenTableSource(dir.Sub("locked.xlsx"), {}), absl::StatusCode::kInvalidArgument,
                "is a password-protected (encrypted) workbook");
  // On stdin the CSV reader meets the bytes and says the same about .xls.
  EXPECT_STATUS(CsvReader::FromString(ole2, {}), absl::StatusCode::kInvalidArgument,
                "Excel 97-2003");
  std::string zip;
  EXPECT_STATUS(CsvReader::FromString(std::string("PK\x03\x04", 4) + "rest", {}),
                absl::StatusCode::kInvalidArgument, "is a ZIP archive, not CSV text");
}

TEST(XlsxRefusalTest, OdsXlsbAndOtherZips) {
  testing::TempDir dir;
  WriteZip(dir.Sub("table.ods"), {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                  {"content.xml", "<x/>"}});
  EXPECT_STATUS(OpenTableSource(dir.Sub("table.ods"), {}), absl::StatusCode::kInvalidArgument,
                "is an OpenDocument file (.ods)");
  auto parts = Workbook("");
  parts.emplace_back("xl/workbook.bin", "binary");
  WriteZip(dir.Sub("table.xlsb"), parts);
  EXPECT_STATUS(OpenTableSource(dir.Sub("table.xlsb"), {}), absl::StatusCode::kInvalidArgument,
                "binary Excel workbook (.xlsb)");
  WriteZip(dir.Sub("other.zip"), {{"readme.txt", "hello"}});
  EXPECT_STATUS(OpenTableSource(dir.Sub("other.zip"), {}), absl::StatusCode::kInvalidArgument,
                "is a ZIP archive but not an XLSX workbook");
  std::ofstream(dir.Sub("broken.xlsx"), std::ios::binary) << std::string("PK\x03\x04", 4) + "x";
  EXPECT_STATUS(OpenTableSource(dir.Sub("broken.xlsx"), {}), absl::StatusCode::kInvalidArgument,
                "not a readable ZIP archive");
}

// Found by fuzzing (tests/fuzz/corpus/xlsx/regress-long-entry-name): an entry name of 1024
// bytes or more was copied into a fixed buffer that minizip does not terminate when the name
// fills it, and read past its end (AddressSanitizer: stack-buffer-overflow). Long names are
// now read whole: the workbook opens, and a part with a long name is found by that name.
TEST(XlsxReaderTest, ZipEntryNamesLongerThanAKilobyte) {
  testing::TempDir dir;
  auto parts = Workbook(
      "<row><c t=\"inlineStr\"><is><t>ags</t></is></c></row>"
      "<row><c t=\"inlineStr\"><is><t>05315</t></is></c></row>");
  const std::string long_name = "xl/media/" + std::string(1500, 'a') + ".png";
  parts.emplace_back(long_name, "not an image");
  parts.emplace_back(std::string(1024, 'b'), "");
  ASSERT_OK_AND_ASSIGN(auto sheet, OpenParts(dir, parts));
  EXPECT_THAT(sheet->header().fields, ElementsAre("ags"));
  std::vector<CsvRecord> records = ReadAll(*sheet);
  ASSERT_OK(sheet->status());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("05315"));
}

TEST(XlsxRefusalTest, EncryptedZipEntry) {
  testing::TempDir dir;
  const std::string path = dir.Sub("enc.xlsx");
  WriteZip(path, Workbook("<row r=\"1\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>"));
  // Set the "encrypted" bit (general purpose flag bit 0) of every entry, in the local headers
  // and the central directory, as a password-protected ZIP has it.
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  for (size_t at = bytes.find("PK\x03\x04"); at != std::string::npos;
       at = bytes.find("PK\x03\x04", at + 4)) {
    bytes[at + 6] = static_cast<char>(bytes[at + 6] | 1);
  }
  for (size_t at = bytes.find("PK\x01\x02"); at != std::string::npos;
       at = bytes.find("PK\x01\x02", at + 4)) {
    bytes[at + 8] = static_cast<char>(bytes[at + 8] | 1);
  }
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_STATUS(OpenTableSource(path, {}), absl::StatusCode::kInvalidArgument,
                "is encrypted (a password-protected ZIP)");
}

TEST(XlsxRefusalTest, MalformedSheets) {
  testing::TempDir dir;
  // A DOCTYPE (entity tricks) is refused before anything is expanded.
  auto parts = Workbook("");
  parts[4].second = "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>";
  EXPECT_STATUS(OpenParts(dir, parts), absl::StatusCode::kInvalidArgument,
                "sheet Tabelle1: the sheet's XML contains a DOCTYPE declaration");
  EXPECT_STATUS(OpenParts(dir, Workbook("<row r=\"1\"><c><v>1</v></row>")),
                absl::StatusCode::kInvalidArgument,
                "sheet Tabelle1: the sheet's XML is not well-formed XML (line 1");
  EXPECT_STATUS(OpenParts(dir, Workbook("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>",
                                        "<si><t>x</t></si>")),
                absl::StatusCode::kInvalidArgument,
                "sheet Tabelle1, cell A1: shared string '7' does not exist in the workbook");
  EXPECT_STATUS(OpenParts(dir, Workbook("<row r=\"1\"><c r=\"B2\"><v>1</v></c></row>")),
                absl::StatusCode::kInvalidArgument,
                "sheet Tabelle1, row 1: cell reference 'B2' is malformed or not in row 1");
  EXPECT_STATUS(OpenParts(dir, Workbook("<row r=\"1\"><c><v>abc</v></c></row>")),
                absl::StatusCode::kInvalidArgument,
                "sheet Tabelle1, cell A1: 'abc' is not a number (the cell says it is one)");
  EXPECT_STATUS(OpenParts(dir, Workbook("")), absl::StatusCode::kInvalidArgument,
                "sheet Tabelle1 is empty: expected a header row");
  // Rows out of order. (A fatal problem in the first chunk of XML stops the reading already
  // while the header is read, as the CSV reader's do.)
  EXPECT_STATUS(OpenParts(dir, Workbook("<row r=\"1\"><c><v>1</v></c></row>"
                                        "<row r=\"3\"><c><v>1</v></c></row>"
                                        "<row r=\"2\"><c><v>1</v></c></row>")),
                absl::StatusCode::kInvalidArgument,
                "sheet Tabelle1, row 2: rows are out of order (row 2 after row 3)");
}

TEST(XlsxRefusalTest, SheetXmlOverTheLimitStops) {
  // A zip bomb in small: 4 MiB of XML that deflate packs into a few KiB, against a 1 MiB limit.
  testing::TempDir dir;
  std::string rows;
  for (int r = 1; rows.size() < (4u << 20); ++r) {
    rows +=
        "<row r=\"" + std::to_string(r) + "\"><c><v>1</v></c>" + std::string(400, ' ') + "</row>";
  }
  XlsxReadOptions options;
  options.max_sheet_xml_bytes = 1 << 20;
  ASSERT_OK_AND_ASSIGN(auto sheet, OpenParts(dir, Workbook(rows), options));
  CsvRecord record;
  int read = 0;
  while (sheet->Next(&record)) ++read;
  EXPECT_GT(read, 100);
  EXPECT_LT(read, (1 << 20) / 400);  // stopped after 1 MiB, long before the 4 MiB
  EXPECT_STATUS(sheet->status(), absl::StatusCode::kInvalidArgument,
                "sheet Tabelle1 unpacks to more than 1 MiB of XML, integra's limit for it");
  EXPECT_LT(sheet->max_buffered_bytes(), 256u * 1024);
}

TEST(XlsxRefusalTest, RowOverTheRecordLimit) {
  testing::TempDir dir;
  XlsxReadOptions options;
  options.max_record_bytes = 100;
  const std::string cell = "<c t=\"inlineStr\"><is><t>" + std::string(60, 'x') + "</t></is></c>";
  EXPECT_STATUS(
      OpenParts(dir,
                Workbook("<row r=\"1\">" + cell + "</row><row r=\"2\">" + cell + cell + "</row>"),
                options),
      absl::StatusCode::kInvalidArgument, "sheet Tabelle1, row 2: row is longer than 100 bytes");
}

TEST(XlsxReaderTest, NotesUnderTheTableOnlyAtTheEnd) {
  testing::TempDir dir;
  auto row = [](int r, const std::vector<std::string>& cells) {
    std::string xml = "<row r=\"" + std::to_string(r) + "\">";
    for (const std::string& c : cells) xml += "<c t=\"inlineStr\"><is><t>" + c + "</t></is></c>";
    return xml + "</row>";
  };
  // A column-A-only row after a gap is held back; the table going on after it makes it a row
  // again (here an error row for the table readers); at the end it is a note.
  ASSERT_OK_AND_ASSIGN(
      auto sheet, OpenParts(dir, Workbook(row(1, {"a", "b"}) + row(2, {"1", "2"}) + row(4, {"x"}) +
                                          row(5, {"3", "4"}) + row(7, {"Quelle: Destatis"}) +
                                          row(8, {"Lizenz: dl-de/by-2-0"}))));
  std::vector<CsvRecord> rows = ReadAll(*sheet);
  ASSERT_OK(sheet->status());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[1].line, 4);
  EXPECT_THAT(rows[1].fields, ElementsAre("x", ""));
  EXPECT_EQ(rows[2].line, 5);
}

}  // namespace
}  // namespace integra::io
