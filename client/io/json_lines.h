// JSON Lines (https://jsonlines.org) of observations: one JSON object per line,
//   {"ags":"05315000","indicator":"share_foreign","period":"2021","breakdown":{"sex":"female"},
//    "value":12.5,"flags":["provisional"],"source":"...","footnote":"...","series_break":false}
// A missing value is null. Strings are escaped by common::JsonString (RFC 8259; also
// U+2028/U+2029 so the lines are valid JavaScript; invalid UTF-8 becomes U+FFFD so every line
// parses). Streaming, not thread-safe.
//
// Reading (JsonLinesSource) parses each line with nlohmann/json (nlohmann-json3-dev) and hands
// it to the long-format reader as a record of the nine columns above, so a JSON line is checked
// exactly as a CSV row: keys are those nine (any order; an unknown key makes the line an error
// unless unknown columns are ignored); "breakdown" is an object {"sex":"female"} or the text
// "sex=female;..."; "flags" a list or the text "a|b"; "value" a number, null (missing) or the
// text of a Destatis symbol ("."); "series_break" true/false. A key that is absent is a field
// the line does not carry (docs/io.md: the stored one is kept), unlike "" or null, which clear
// it. Blank lines are skipped; a line that is not a JSON object is a row error with its line.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/io/byte_source.h"
#include "client/io/csv_reader.h"
#include "client/io/observation_writer.h"
#include "client/io/record_source.h"
#include "client/io/rows.h"

namespace integra::io {

// One observation as a JSON object (no newline).
std::string ObservationToJson(const ObservationRow& row);

class ObservationJsonLinesWriter : public ObservationWriter {
 public:
  explicit ObservationJsonLinesWriter(std::ostream& out) : out_(out) {}
  // Internal when the stream failed.
  absl::Status Write(const ObservationRow& row) override;
  absl::Status Finish() override;
  int64_t rows_written() const override { return rows_; }

 private:
  std::ostream& out_;
  std::string line_;
  int64_t rows_ = 0;
};

// JSON Lines of observations as records of the long format's columns (see above).
class JsonLinesSource : public RecordSource {
 public:
  // `options`: decimal_mark (for values written as text), chunk_bytes, max_record_bytes (the
  // longest line). With `ignore_unknown_keys` keys other than the nine are skipped.
  static absl::StatusOr<std::unique_ptr<JsonLinesSource>> Open(std::unique_ptr<ByteSource> source,
                                                               const CsvOptions& options,
                                                               bool ignore_unknown_keys);
  // The column names, in record order: ags, indicator, period, breakdown, value, flags, source,
  // footnote, series_break.
  static const std::vector<std::string>& Columns();

  const CsvRecord& header() const override { return header_; }
  bool Next(CsvRecord* record) override;
  const absl::Status& status() const override { return status_; }
  NumberStyle number_style() const override { return style_; }
  const std::string& name() const override { return source_->name(); }
  uint64_t bytes_consumed() const override { return consumed_; }
  std::optional<uint64_t> total_bytes() const override { return source_->total_bytes(); }
  size_t max_buffered_bytes() const override { return max_buffered_; }

 private:
  JsonLinesSource() = default;
  // The next physical line (without its line end) into `line`; false at the end or on error.
  bool ReadLine(std::string* line);
  // Fills `record` from one line of JSON (record->error when it is not an object of the keys).
  void Convert(const std::string& line, CsvRecord* record) const;

  std::unique_ptr<ByteSource> source_;
  CsvOptions options_;
  bool ignore_unknown_keys_ = false;
  NumberStyle style_ = NumberStyle::kPoint;
  CsvRecord header_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  int line_ = 0;
  uint64_t consumed_ = 0;
  absl::Status status_;
  size_t max_buffered_ = 0;
};

}  // namespace integra::io
