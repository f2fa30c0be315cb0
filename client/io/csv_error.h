// Row-level problems found while reading a file, and a bounded list to collect them.
//
// Readers never stop at a bad row: they record a CsvError and go on, so the CLI can offer
// `--on-error abort` (write nothing if any row is bad) and `--on-error skip`, and `--dry-run`
// can list every problem in one pass. Problems that make the rest of the file unreadable
// (wrong encoding, broken quoting, I/O) are not CsvErrors but the reader's status().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace integra::io {

struct CsvError {
  int line = 0;        // 1-based physical line (XLSX: row) where the record starts; 0 = whole file
  std::string column;  // header name of the cell; empty when the whole row is at fault
  std::string reason;  // e.g. "'abc' is not a number"
  std::string sheet;   // XLSX: the sheet; empty for text files
  std::string cell;    // XLSX: the cell reference ("C17") when one cell is at fault

  // "line 17, column value: 'abc' is not a number"; from a sheet "sheet Daten, cell C17
  // (Wert): 'abc' is not a number", "sheet Daten, row 17, column Wert: ..." when the cell is
  // not known, "sheet Daten, row 17: ..." for the whole row (parts that are empty are left out).
  std::string ToString() const;
  bool operator==(const CsvError&) const = default;
};

// Keeps the first `max_kept` errors and counts all of them, so a file with a million bad rows
// cannot exhaust memory. Not thread-safe.
class ErrorList {
 public:
  explicit ErrorList(size_t max_kept = 1000) : max_kept_(max_kept) {}
  void Add(CsvError error);
  void Add(int line, std::string column, std::string reason) {
    Add(CsvError{line, std::move(column), std::move(reason)});
  }
  const std::vector<CsvError>& kept() const { return kept_; }
  // Hands out the kept errors and forgets them (count() stays), so a caller that reports errors
  // as they come can keep memory flat and still see every one: after Take, up to max_kept
  // further errors are kept again.
  std::vector<CsvError> Take();
  int64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  size_t max_kept_;
  std::vector<CsvError> kept_;
  int64_t count_ = 0;
};

}  // namespace integra::io
