// Shared machinery of the typed readers (observations, units, indicators, targets) over any
// RecordSource (CSV, JSON Lines, an XLSX sheet: table_source.h opens the right one): header
// matching, cell-count checks and error collection.
//
// Header names are matched case-insensitively after trimming. Unknown columns are an error by
// default, because a misspelt column ("vaule") would otherwise be dropped without a word;
// TableReadOptions::ignore_unknown_columns turns them into warnings. Columns whose header
// cell is empty are ignored as long as their cells are empty too (spreadsheets add such
// columns). Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "client/io/csv_error.h"
#include "client/io/csv_reader.h"
#include "client/io/record_source.h"

namespace integra::io {

struct TableReadOptions {
  CsvOptions csv;  // CSV input; decimal_mark and max_record_bytes also for XLSX
  // XLSX: the sheet to read (compared case-insensitively, as Excel does); "" = the first
  // sheet (observations: every indicator sheet of a workbook integra exported).
  std::string sheet;
  // false (default): unknown columns make Open fail; true: they are ignored with a warning.
  bool ignore_unknown_columns = false;
  // How many row errors errors() keeps; error_count() counts all of them.
  size_t max_errors_kept = 1000;
};

class TableReader {
 public:
  virtual ~TableReader() = default;
  TableReader(const TableReader&) = delete;
  TableReader& operator=(const TableReader&) = delete;

  // OK, or the fatal problem that stopped reading early (encoding, quoting, I/O). When it is
  // not OK, the rows read so far must not be trusted to be the whole file.
  const absl::Status& status() const { return csv_->status(); }
  // Rows that were skipped because of bad cells, first max_errors_kept of them, in file
  // order. A row with several bad cells has one error per cell.
  const std::vector<CsvError>& errors() const { return errors_.kept(); }
  int64_t error_count() const { return errors_.count(); }
  // Hands out the errors kept so far and forgets them (error_count() stays): for callers that
  // print errors as they go, so that every one is reported and memory stays flat.
  std::vector<CsvError> TakeErrors() { return errors_.Take(); }
  // Problems that did not cost a row (e.g. ignored unknown columns).
  const std::vector<CsvError>& warnings() const { return warnings_; }
  // Data records read so far, good and bad.
  int64_t records_read() const { return records_read_; }
  // The underlying source: progress (bytes_consumed/total_bytes), memory bound, the sheet.
  const RecordSource& source() const { return *csv_; }

 protected:
  TableReader(std::unique_ptr<RecordSource> source, const TableReadOptions& options);

  // Finds `names` (lower-case) in the header: `index[i]` is the column of names[i] or -1.
  // Header columns matching none of them go to `others` (empty-named ones are remembered
  // separately). InvalidArgument when a column name appears twice.
  absl::Status MatchHeader(const std::vector<std::string_view>& names, std::vector<int>* index,
                           std::vector<int>* others);
  // InvalidArgument "line 1: missing required column(s): period, value" unless every
  // `required` name has a column.
  absl::Status RequireColumns(const std::vector<std::string_view>& names,
                              const std::vector<int>& index,
                              const std::vector<std::string_view>& required) const;
  // Handles columns nobody claimed: InvalidArgument "line 1: unknown column(s): 'vaule'
  // (expected: ...)" or, with ignore_unknown_columns, one warning per column.
  absl::Status RejectUnknown(const std::vector<int>& others, const std::string& expected);
  // The three above for a fixed column set: MatchHeader into `index`, RequireColumns
  // `required`, RejectUnknown (expected: every name of `names`).
  absl::Status MatchColumns(const std::vector<std::string_view>& names,
                            const std::vector<std::string_view>& required, std::vector<int>* index);

  // Next record whose cell count matches the header, or false at the end / on a fatal error.
  // Records with a different count, or with text under an unnamed column, are reported and
  // skipped.
  bool NextRecord(CsvRecord* record);
  // Cell `index` of `record` (trimmed), or "" when index is -1.
  std::string_view Cell(const CsvRecord& record, int index) const;
  // Cell `index` untrimmed, for free text: a writer quotes leading and trailing spaces, so
  // what a quoted cell holds is meant. "" when index is -1.
  std::string_view RawCell(const CsvRecord& record, int index) const;
  // Column name for messages: the header cell as written.
  std::string ColumnName(int index) const { return csv_->ColumnName(static_cast<size_t>(index)); }
  void AddError(int line, int column, const std::string& reason);
  void AddError(int line, int column, const absl::Status& status) {
    AddError(line, column, std::string(status.message()));
  }
  int header_line() const { return csv_->header().line; }
  // InvalidArgument for a problem with the header (column -1: the header as a whole), located
  // as the source does it ("line 1: ..." or "sheet Daten, row 1: ...").
  absl::Status HeaderError(int column, const std::string& reason) const {
    return absl::InvalidArgumentError(csv_->Locate(header_line(), column, reason).ToString());
  }
  // A problem that costs no row, shown once (e.g. a tolerated column).
  void AddWarning(CsvError warning) { warnings_.push_back(std::move(warning)); }

  // Parses cell `column` of `record` with `parse` (returning absl::StatusOr<T>) into `*out`.
  // On failure records "line N, column C: reason" and returns false, so a reader can check
  // every cell of a row and report them all. A column of -1 (absent) leaves `*out` alone.
  template <typename T, typename Parse>
  bool ParseInto(const CsvRecord& record, int column, Parse parse, T* out) {
    if (column < 0) return true;
    return ParseText(record.line, column, Cell(record, column), parse, out);
  }
  // Same for text already taken from the cell (e.g. with a label stripped).
  template <typename T, typename Parse>
  bool ParseText(int line, int column, std::string_view text, Parse parse, T* out) {
    auto result = parse(text);
    if (!result.ok()) {
      AddError(line, column, result.status());
      return false;
    }
    *out = *std::move(result);
    return true;
  }
  // Records `status` for the cell unless it is OK; returns status.ok().
  bool Check(int line, int column, const absl::Status& status) {
    if (!status.ok()) AddError(line, column, status);
    return status.ok();
  }

  std::unique_ptr<RecordSource> csv_;
  TableReadOptions options_;
  NumberStyle number_style_;
  // Normalised header names (lower-case, trimmed); a subclass may rewrite them before
  // MatchHeader (SDMX-CSV's "ID: label" headers).
  std::vector<std::string> names_;

 private:
  ErrorList errors_;
  std::vector<CsvError> warnings_;
  std::vector<int> unnamed_;
  int64_t records_read_ = 0;
};

}  // namespace integra::io
