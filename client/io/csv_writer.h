// Streaming CSV writers for integra's own formats: observations (long format), units,
// indicators and targets. Each writes exactly the columns the matching reader accepts, so
// export -> import round-trips. One row at a time, nothing buffered beyond the stream.
//
// Numbers are written in their shortest exact form ("12.5", "0.1"); missing values as empty
// cells. Not thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "client/io/observation_writer.h"
#include "client/io/rows.h"

namespace integra::io {

struct CsvWriteOptions {
  char delimiter = ',';
  // Write numbers with a decimal comma. Only sensible with delimiter ';' (German Excel);
  // such files read back through auto-detection.
  bool decimal_comma = false;
  // Start with a UTF-8 byte-order mark: Excel on Windows needs it to read UTF-8 correctly.
  bool utf8_bom = false;
};

// RFC 4180 quoting: quoted when the value contains the delimiter, a quote, CR or LF, or
// starts or ends with a space or tab (which readers would otherwise trim).
std::string QuoteCsvField(std::string_view value, char delimiter);

// Writes delimited lines to a stream.
class CsvLineWriter {
 public:
  CsvLineWriter(std::ostream& out, const CsvWriteOptions& options);
  void WriteLine(const std::vector<std::string>& cells);
  // OK, or Internal when the stream failed (disk full, closed pipe).
  absl::Status status() const;
  const CsvWriteOptions& options() const { return options_; }
  std::string Number(double value) const;

 private:
  std::ostream& out_;
  CsvWriteOptions options_;
  std::string line_;
};

// Long format: ags,indicator,period,value,flags,source,breakdown,footnote,series_break.
// The header is written by the constructor, so an empty export is still a valid file.
class ObservationCsvWriter : public ObservationWriter {
 public:
  explicit ObservationCsvWriter(std::ostream& out, const CsvWriteOptions& options = {});
  // Writes one row; Internal when the stream failed.
  absl::Status Write(const ObservationRow& row) override;
  // Flushes; Internal when the stream failed.
  absl::Status Finish() override;
  int64_t rows_written() const override { return rows_; }

 private:
  std::ostream& out_;
  CsvLineWriter line_;
  int64_t rows_ = 0;
};

// The unit columns of UnitColumns() in that order.
class UnitCsvWriter {
 public:
  explicit UnitCsvWriter(std::ostream& out, const CsvWriteOptions& options = {});
  absl::Status Write(const UnitRow& row);
  absl::Status Finish();

 private:
  std::ostream& out_;
  CsvLineWriter line_;
};

// The indicator columns of IndicatorColumns() in that order; lists joined with '|'.
class IndicatorCsvWriter {
 public:
  explicit IndicatorCsvWriter(std::ostream& out, const CsvWriteOptions& options = {});
  absl::Status Write(const IndicatorRow& row);
  absl::Status Finish();

 private:
  std::ostream& out_;
  CsvLineWriter line_;
};

// The target columns of TargetColumns() in that order.
class TargetCsvWriter {
 public:
  explicit TargetCsvWriter(std::ostream& out, const CsvWriteOptions& options = {});
  absl::Status Write(const TargetRow& row);
  absl::Status Finish();

 private:
  std::ostream& out_;
  CsvLineWriter line_;
};

// Column names of the unit and indicator catalog formats, in the order the writers use.
const std::vector<std::string_view>& UnitColumns();
const std::vector<std::string_view>& IndicatorColumns();
const std::vector<std::string_view>& TargetColumns();
// Joins list items with '|'.
std::string JoinList(const std::vector<std::string>& items);
// "nationality=deutsch,auslaendisch|sex=f,m" (the indicator format's dimensions cell).
std::string FormatDimensions(const std::vector<DimensionSpec>& dimensions);

}  // namespace integra::io
