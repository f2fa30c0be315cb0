// Reading XLSX workbooks (Office Open XML spreadsheets) for imports: the ZIP container with
// minizip (libminizip), the XML parts with expat (libexpat). Debian 12 packages no C++ XLSX
// reader; what is written here is the small part of SpreadsheetML that tables need.
//
// What is read:
// - The workbook's worksheets in tab order (xl/workbook.xml through the package
//   relationships), chart sheets left out; one sheet is read at a time, as rows of text cells
//   (XlsxSheetReader is a RecordSource, so the typed readers consume a sheet exactly as they
//   consume a CSV file).
// - Cells: shared strings (rich-text runs joined, phonetic runs left out), inline strings,
//   formula results (the cached value), booleans ("true"/"false"), error values as their text
//   ("#N/A"), and numbers. A number is handed on as its shortest exact decimal in the sheet's
//   number style ("12.5", or "12,5" with a decimal comma), so text cells and number cells read
//   alike. The _xHHHH_ escapes of OOXML strings are decoded ("_x000D_" = CR).
// - Dates: a number cell whose format is a date format (the built-in ids 14-17, 22, 27-36,
//   50-58, or a custom format with y or d outside quotes and brackets, or m without h/s)
//   becomes ISO "YYYY-MM-DD"; with time tokens in the format and a time of day,
//   "YYYY-MM-DDTHH:MM:SS". Serial numbers count from the workbook's date system: 1900
//   (serial 1 = 1900-01-01, with Excel's phantom 1900-02-29 as serial 60, so 61 = 1900-03-01;
//   serial 0 and 60 come out as the non-dates "1900-01-00" and "1900-02-29" that the date
//   parser then refuses) or 1904 (<workbookPr date1904="1"/>; serial 0 = 1904-01-01).
//   Time-only formats (h:mm) keep the number.
// - Sparse rows and cells: cell references (r="C5") place cells in their columns with empty
//   cells in between; rows and cells without references follow the previous one. Empty rows
//   are skipped, as the CSV reader skips empty lines; the first non-empty row is the header.
//   Rows are padded with empty cells to the header's width. Text in column A only, after an
//   empty row and up to the end of the sheet, is a note under the table (a source line, a
//   licence) and is not handed out.
//
// Refused with a clear message: Excel 97-2003 (.xls, BIFF) and password-protected workbooks
// (both OLE2 files), OpenDocument (.ods), binary workbooks (.xlsb), encrypted ZIP entries,
// other ZIP files, a DOCTYPE in any part (no entity tricks), malformed XML.
//
// Limits (zip bombs, memory): at most XlsxReadOptions::max_sheet_xml_bytes (1 GiB) of
// uncompressed XML are read from one sheet, max_shared_strings_bytes (256 MiB) from the shared
// strings and max_part_bytes (16 MiB) from each other part, counted as the bytes come out of
// inflate, whatever the ZIP headers claim. The sheet XML is streamed through expat in chunks
// (memory holds one chunk and the rows not yet handed out, not the sheet); the shared strings
// table is held in memory (cells refer to it by index), as one buffer.
//
// Errors name the sheet and the cell: "sheet Daten, cell C17: ...". Not thread-safe; a
// workbook reads one sheet at a time.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/io/cells.h"
#include "client/io/record_source.h"

namespace integra::io {

struct XlsxReadOptions {
  // Decimal mark of numbers written as text in cells; kAuto = comma or point (as a
  // ';'-separated CSV file: "12,5" and "12.5", "1.234" is ambiguous). Number cells are
  // handed on in the resolved style, so they always read back exactly.
  DecimalMark decimal_mark = DecimalMark::kAuto;
  uint64_t max_sheet_xml_bytes = uint64_t{1} << 30;
  uint64_t max_shared_strings_bytes = uint64_t{256} << 20;
  uint64_t max_part_bytes = uint64_t{16} << 20;
  // Longest row accepted (bytes of cell text), as CsvOptions::max_record_bytes.
  size_t max_record_bytes = size_t{1024} * 1024;
  size_t chunk_bytes = size_t{64} * 1024;
};

// The significant digits XLSX carries: libxlsxwriter (and Excel) write numbers with at most
// 16 ("%.16G"), so a value that needs 17 comes back differing in its last digit.
inline constexpr int kXlsxValueDigits = 16;

// The date a serial number stands for, as "YYYY-MM-DD" (whole days), with "THH:MM:SS" when
// `with_time` and the fraction is not midnight; nullopt for serials no date format shows
// (negative, or after 9999-12-31). Serial 0 and 60 in the 1900 system give "1900-01-00" and
// "1900-02-29", as Excel shows them.
std::optional<std::string> XlsxSerialToIso(double serial, bool date1904, bool with_time);
// Whether a number format code shows a date ("dd.mm.yyyy", "mmm yy") rather than a number or
// a time of day ("0.0", "h:mm", "[h]:mm:ss"); and whether it shows a time of day as well.
struct XlsxDateFormat {
  bool date = false;
  bool time = false;
};
XlsxDateFormat ClassifyNumberFormat(std::string_view format_code);
// Decodes OOXML's _xHHHH_ escapes ("a_x000D_b" -> "a\rb"; "_x005F_" is a literal '_').
std::string DecodeXlsxEscapes(std::string_view text);

class XlsxSheetReader;

class XlsxWorkbook : public std::enable_shared_from_this<XlsxWorkbook> {
 public:
  // Opens the workbook at `path` and reads its structure (sheets, date system, number
  // formats, shared strings). InvalidArgument for files that are no XLSX workbook (see the
  // list above), NotFound / Internal when the file cannot be read.
  static absl::StatusOr<std::shared_ptr<XlsxWorkbook>> Open(const std::string& path,
                                                            const XlsxReadOptions& options);
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  const std::string& path() const { return path_; }
  // Worksheet names in tab order.
  std::vector<std::string> sheet_names() const;
  bool date1904() const { return date1904_; }

  // The name of the sheet called `name` as the workbook writes it (compared as Excel does,
  // without regard to case, umlauts included), or nullopt.
  std::optional<std::string> FindSheet(std::string_view name) const;
  // Opens the sheet called `name` (compared as FindSheet does), or the first
  // worksheet when `name` is empty, and reads its header row. NotFound naming the sheets there
  // are; InvalidArgument for an empty sheet or a malformed one; FailedPrecondition while
  // another sheet of this workbook is open.
  absl::StatusOr<std::unique_ptr<XlsxSheetReader>> OpenSheet(std::string_view name);

 private:
  friend class XlsxSheetReader;
  struct Zip;
  struct Sheet {
    std::string name;
    std::string part;  // zip entry, e.g. "xl/worksheets/sheet1.xml"
  };
  XlsxWorkbook() = default;
  absl::Status Load();
  absl::Status LoadStyles(const std::string& part);
  absl::Status LoadSharedStrings(const std::string& part);
  std::string_view SharedString(size_t index) const;

  std::string path_;
  XlsxReadOptions options_;
  std::unique_ptr<Zip> zip_;
  std::vector<Sheet> sheets_;
  bool date1904_ = false;
  std::vector<XlsxDateFormat> xf_formats_;  // by cell style (cellXfs) index
  std::string strings_;                     // the shared strings, one after the other
  std::vector<uint64_t> string_ends_;       // end offset of each in strings_
  bool sheet_open_ = false;
};

// One worksheet as a RecordSource: header() is its first non-empty row, Next() the rows after
// it (see the header comment). Fatal problems (malformed XML, the size limit, a row over
// max_record_bytes, a shared string index out of range) end reading with status() saying
// where: "sheet Daten, row 17: ...".
class XlsxSheetReader : public RecordSource {
 public:
  ~XlsxSheetReader() override;
  XlsxSheetReader(const XlsxSheetReader&) = delete;
  XlsxSheetReader& operator=(const XlsxSheetReader&) = delete;

  const CsvRecord& header() const override { return header_; }
  bool Next(CsvRecord* record) override;
  const absl::Status& status() const override { return status_; }
  NumberStyle number_style() const override { return style_; }
  const std::string& name() const override { return book_->path(); }
  const std::string& sheet() const override { return sheet_; }
  int value_digits() const override { return kXlsxValueDigits; }
  uint64_t bytes_consumed() const override { return bytes_fed_; }
  std::optional<uint64_t> total_bytes() const override { return total_bytes_; }
  size_t max_buffered_bytes() const override { return max_buffered_; }

 private:
  friend class XlsxWorkbook;
  struct Parser;
  XlsxSheetReader(std::shared_ptr<XlsxWorkbook> book, std::string sheet);
  absl::Status Start(const std::string& part);
  // The next non-empty row from the XML, or false at the end / on a fatal problem.
  bool Pull(CsvRecord* record);
  void Fail(int row, const std::string& cell, const std::string& reason);
  void NoteBuffered();

  std::shared_ptr<XlsxWorkbook> book_;
  std::string sheet_;
  NumberStyle style_ = NumberStyle::kCommaOrPoint;
  std::unique_ptr<Parser> parser_;
  std::vector<char> chunk_;
  bool eof_ = false;
  absl::Status status_;
  CsvRecord header_;
  std::deque<CsvRecord> ready_;  // rows parsed, not yet handed out
  size_t ready_bytes_ = 0;
  std::deque<CsvRecord> notes_;  // candidate notes under the table
  std::deque<CsvRecord> out_;    // rows decided, in order
  int last_row_ = 0;             // the last non-empty row pulled
  uint64_t bytes_fed_ = 0;
  std::optional<uint64_t> total_bytes_;
  size_t max_buffered_ = 0;
};

}  // namespace integra::io
