// SDMX-CSV (the CSV format of SDMX 2.1, "SDMX-CSV 1.0"; SDMX 3.0 files are read too) for
// observations.
//
// Written columns, one observation per line:
//   DATAFLOW          "INTEGRA:DF_INTEGRATION(1.0)" (agency:id(version), configurable)
//   REF_AREA          dimension: unit key (AGS)
//   INDICATOR         dimension: indicator code
//   <BREAKDOWN...>    one dimension per breakdown key, upper-case (NATIONALITY, SEX); "_T"
//                     (SDMX's code for "total") where a row has no value for it
//   TIME_PERIOD       dimension: "2021", "2021-Q3", "2021-07" (SDMX's own period syntax)
//   OBS_VALUE         measure; decimal point; empty when missing
//   UNIT_MEASURE      attribute: the indicator's unit, when known
//   OBS_STATUS        attribute: CL_OBS_STATUS code (see obs_status.h)
//   CONF_STATUS       attribute: "C" for suppressed observations
//   COMMENT_OBS       attribute: footnote
//   SOURCE_DETAIL     attribute: source
//   INTEGRA_FLAGS     attribute: all integra flags ('|'), because OBS_STATUS holds only one
// The reader takes REF_AREA, INDICATOR, TIME_PERIOD, OBS_VALUE and the attributes above,
// skips DATAFLOW/STRUCTURE/STRUCTURE_ID/ACTION and the common attributes FREQ, DECIMALS,
// TIME_FORMAT, OBS_PRE_BREAK, EMBARGO_TIME, TITLE, SOURCE_AGENCY, LAST UPDATE, applies
// UNIT_MULT (value x 10^n), and reads every other column as a breakdown dimension ("_T" and
// "_Z" = total). Header and value labels ("REF_AREA: Reference area", "05315000: Köln") are
// reduced to their ids. ACTION "D" (delete) rows are refused.
#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/io/csv_writer.h"
#include "client/io/observation_reader.h"
#include "client/io/observation_writer.h"

namespace integra::io {

struct SdmxCsvOptions {
  std::string dataflow = "INTEGRA:DF_INTEGRATION(1.0)";
  // Breakdown dimension keys, in column order. A row may leave any of them out (written as
  // "_T"); a row with a key not listed is refused.
  std::vector<std::string> dimensions;
  // UNIT_MEASURE by indicator code; indicators not listed get an empty cell.
  std::map<std::string, std::string> unit_measure;
  char delimiter = ',';
};

class SdmxCsvWriter : public ObservationWriter {
 public:
  // Writes the header line.
  SdmxCsvWriter(std::ostream& out, SdmxCsvOptions options);
  // InvalidArgument when the row has a breakdown key not in options.dimensions; Internal
  // when the stream failed.
  absl::Status Write(const ObservationRow& row) override;
  absl::Status Finish() override;
  int64_t rows_written() const override { return rows_; }

 private:
  std::ostream& out_;
  SdmxCsvOptions options_;
  CsvLineWriter line_;
  int64_t rows_ = 0;
};

class SdmxCsvReader : public ObservationReader {
 public:
  // InvalidArgument for missing REF_AREA/TIME_PERIOD/OBS_VALUE (INDICATOR unless
  // options.indicator is set) and for dimension names that clash.
  static absl::StatusOr<std::unique_ptr<SdmxCsvReader>> Open(std::unique_ptr<RecordSource> csv,
                                                             const ObservationReadOptions& options);
  bool Next(ObservationRow* row) override;

 private:
  using ObservationReader::ObservationReader;
  absl::Status Init();
  // Cell text with a "code: label" reduced to the code when the file carries labels.
  std::string_view Code(const CsvRecord& record, int column) const;

  std::vector<int> col_;
  std::vector<std::pair<int, std::string>> dimensions_;  // column, breakdown key
  bool labels_ = false;
  NumberStyle value_style_ = NumberStyle::kPoint;
};

}  // namespace integra::io
