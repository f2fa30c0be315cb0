// A small RFC 4180 CSV reader: comma-separated fields, optional double quotes around a field,
// "" for a quote inside a quoted field, CRLF or LF line ends, line breaks inside quoted fields.
// Enough for the official register files; the general importer of a later issue builds on it.
//
// Not thread-safe (holds a cursor); reads from a caller-owned buffer that must outlive it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::monitoring {

class CsvReader {
 public:
  // A leading UTF-8 byte-order mark is skipped.
  explicit CsvReader(std::string_view text);

  // Reads the next record into `fields` (replacing its contents). Returns false at the end of
  // the input. Blank lines are skipped. InvalidArgument (naming the line) for a quoted field that
  // is never closed or a quote followed by anything but a comma or line end.
  absl::StatusOr<bool> Next(std::vector<std::string>& fields);

  // The 1-based line on which the record last returned by Next starts.
  int line() const { return record_line_; }

 private:
  std::string_view rest_;
  int line_ = 1;
  int record_line_ = 0;
};

}  // namespace integra::monitoring
