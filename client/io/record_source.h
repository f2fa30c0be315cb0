// Where the typed readers (table_reader.h and its subclasses) get their rows from: a CSV file,
// a JSON Lines file, or one sheet of an XLSX workbook. Every source hands out a header and then
// one record of text cells at a time, each with the row number it starts on, so the row logic
// (header matching, cell parsing, error collection) is one code path for all of them.
//
// Cells are text. A source whose cells are typed converts them to the text the readers parse
// (an XLSX number cell becomes its shortest exact decimal in the source's number style, a
// date cell an ISO date), see the implementation's header.
//
// Not thread-safe; one source per input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "client/io/cells.h"
#include "client/io/csv_error.h"

namespace integra::io {

struct CsvRecord {
  int line = 0;  // physical line (CSV, JSON Lines) or row number (XLSX) it starts on, 1-based
  std::vector<std::string> fields;
  // Columns (index < 32) the record has no cell for at all, as opposed to an empty cell: a
  // JSON line without the key. Readers treat such a field as not carried by the file.
  uint32_t missing = 0;
  // Non-empty when the source could not read this record (a JSON line that does not parse):
  // the reader reports it as a row error and skips the record.
  std::string error;
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;

  // The header record (fields as written, unnormalised).
  virtual const CsvRecord& header() const = 0;
  // Fills `record` with the next data record and returns true; returns false at the end of
  // the input or after a fatal problem, which status() then describes.
  virtual bool Next(CsvRecord* record) = 0;
  virtual const absl::Status& status() const = 0;

  // How numbers in text cells are written (decimal mark).
  virtual NumberStyle number_style() const = 0;
  // The input's name for messages (the path).
  virtual const std::string& name() const = 0;
  // XLSX: the sheet being read; "" for text files. Messages then name sheet and cell
  // ("sheet Daten, cell C17 (Wert): ...") instead of the line.
  virtual const std::string& sheet() const;
  // Significant decimal digits the input's numbers carry: 0 = exact (text formats write
  // the shortest exact form); XLSX stores numbers with 16 (see xlsx_reader.h).
  virtual int value_digits() const { return 0; }

  // Header name of column `index` (0-based) as written, or "#<index+1>" when the header
  // cell is empty or the index is past the header's end.
  std::string ColumnName(size_t index) const;
  // The column whose header is `name` (trimmed, case-insensitive), or -1.
  int ColumnIndex(std::string_view name) const;
  // A problem at `line`, column `column` (-1: the whole row), located for this source:
  // CsvError{line, column name, reason}, plus sheet and cell reference for XLSX.
  CsvError Locate(int line, int column, std::string reason) const;

  // Progress: input bytes processed so far and the input size when known (XLSX: the sheet's
  // uncompressed XML).
  virtual uint64_t bytes_consumed() const = 0;
  virtual std::optional<uint64_t> total_bytes() const = 0;
  // The largest number of bytes this source has held at once: the proof that memory stays
  // flat.
  virtual size_t max_buffered_bytes() const = 0;
};

// "A" for 0, "Z" for 25, "AA" for 26: the spreadsheet name of a 0-based column.
std::string ColumnLetters(size_t index);

// What the first bytes of a file say it is.
enum class FileKind {
  kText,  // anything else: CSV or JSON Lines
  kZip,   // a ZIP archive: XLSX (or ODS, XLSB, ... which are refused)
  kOle2,  // an OLE2 compound file: Excel 97-2003 (.xls, BIFF) or a password-protected XLSX
};
FileKind SniffFileKind(std::string_view head);
// InvalidArgument for an OLE2 file, saying what to do ("... save it as .xlsx without a
// password or as CSV UTF-8"); `encrypted` tells a password-protected workbook from an .xls.
absl::Status RefuseOle2(const std::string& name, bool encrypted);

}  // namespace integra::io
