// JSON Lines (https://jsonlines.org) export of observations: one JSON object per line,
//   {"ags":"05315000","indicator":"share_foreign","period":"2021","breakdown":{"sex":"female"},
//    "value":12.5,"flags":["provisional"],"source":"...","footnote":"...","series_break":false}
// A missing value is null. Strings are escaped by common::JsonString (RFC 8259; also
// U+2028/U+2029 so the lines are valid JavaScript; invalid UTF-8 becomes U+FFFD so every line
// parses). Streaming, not thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "client/io/observation_writer.h"
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

}  // namespace integra::io
