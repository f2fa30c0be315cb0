// SDMX-CSV (the CSV format of SDMX 2.1, "SDMX-CSV 1.0"; SDMX 3.0 files are read too) for
// observations.
//
// Written columns, one observation per line:
//   DATAFLOW          "INTEGRA:DF_INTEGRATION(1.0)" (agency:id(version), configurable)
//   REF_AREA          dimension: unit key (AGS)
//   INDICATOR         dimension: indicator code
//   <BREAKDOWN...>    one dimension per breakdown key of the dataflow, upper-case
//                     (NATIONALITY, SEX), every one in every row: the value's code
//                     (SdmxCodeId), "_T" (total) where the row's indicator has the dimension
//                     and the row leaves it out, "_Z" (not applicable) where the indicator
//                     does not have the dimension
//   TIME_PERIOD       dimension: "2021", "2021-Q3", "2021-07" (SDMX's own period syntax)
//   OBS_VALUE         measure; decimal point; empty when missing
//   UNIT_MEASURE      attribute: the indicator's unit as a code of CL_UNIT_MEASURE
//                     (SdmxUnitMeasureCode: PERCENT, COUNT, ...), when known
//   OBS_STATUS        attribute: CL_OBS_STATUS code (see obs_status.h)
//   CONF_STATUS       attribute: "C" for suppressed observations
//   COMMENT_OBS       attribute: footnote
//   SOURCE_DETAIL     attribute: source
//   INTEGRA_FLAGS     attribute: all integra flags ('|'), because OBS_STATUS holds only one
// The reader takes REF_AREA, INDICATOR, TIME_PERIOD, OBS_VALUE and the attributes above,
// skips DATAFLOW/STRUCTURE/STRUCTURE_ID/ACTION and the common attributes FREQ, DECIMALS,
// TIME_FORMAT, OBS_PRE_BREAK, EMBARGO_TIME, TITLE, SOURCE_AGENCY, LAST UPDATE, applies
// UNIT_MULT (value x 10^n), and reads every other column as a breakdown dimension ("_T" and
// "_Z" = total; other codes through SdmxCodeValue). Header and value labels ("REF_AREA:
// Reference area", "05315000: Köln") are reduced to their ids. ACTION "D" (delete) rows are
// refused.
//
// The columns follow SDMX-CSV 1.0 (github.com/sdmx-twg/sdmx-csv, tag v1.0,
// data-message/docs/sdmx-csv-field-guide.md): one column for the dataflow, one per dimension
// (all dimensions of the data structure), one for the measure, one per attribute. The data
// structure itself goes alongside as an SDMX-ML 2.1 structure message (sdmx_structure.h).
#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/io/csv_writer.h"
#include "client/io/observation_reader.h"
#include "client/io/observation_writer.h"

namespace integra::io {

// A breakdown value as an SDMX code id (SDMX 2.1 IDType: [A-Za-z0-9_@$-]+): the value itself
// when it has only letters A-Z/a-z, digits, '_', '@' and '-' and is not "_T" or "_Z";
// otherwise every other byte (UTF-8 included) as "$" and two upper-case hex digits
// ("unter 18" -> "unter$2018", "über" -> "$C3$BCber", "_T" -> "$5FT"). Reversible.
std::string SdmxCodeId(std::string_view value);
// The inverse: "$HH" sequences back to their bytes; text without them unchanged.
std::string SdmxCodeValue(std::string_view id);

struct SdmxCsvOptions {
  std::string dataflow = "INTEGRA:DF_INTEGRATION(1.0)";
  // The dataflow's breakdown dimension keys, in column order: all of them, so that every
  // export of the dataflow has the same columns. A row with a key not listed is refused.
  std::vector<std::string> dimensions;
  // The dimensions each indicator has, by code: in a row of that indicator a dimension it
  // does not have is "_Z". Indicators not listed have all of them ("_T" where left out).
  std::map<std::string, std::set<std::string>> indicator_dimensions;
  // UNIT_MEASURE code by indicator code; indicators not listed get an empty cell.
  std::map<std::string, std::string> unit_measure;
  char delimiter = ',';
};

// The CSV columns for `dimensions` (upper-cased), in order: DATAFLOW, REF_AREA, INDICATOR,
// the breakdown dimensions, TIME_PERIOD, OBS_VALUE, UNIT_MEASURE, OBS_STATUS, CONF_STATUS,
// COMMENT_OBS, SOURCE_DETAIL, INTEGRA_FLAGS.
std::vector<std::string> SdmxCsvColumns(const std::vector<std::string>& dimensions);

class SdmxCsvWriter : public ObservationWriter {
 public:
  // Writes the header line.
  SdmxCsvWriter(std::ostream& out, SdmxCsvOptions options);
  // InvalidArgument when the row has a breakdown key not in options.dimensions; Internal
  // when the stream failed.
  absl::Status Write(const ObservationRow& row) override;
  absl::Status Finish() override;
  int64_t rows_written() const override { return rows_; }
  // The codes written so far in each coded column (REF_AREA, INDICATOR, the breakdown
  // columns, UNIT_MEASURE, OBS_STATUS, CONF_STATUS), for the structure's code lists.
  const std::map<std::string, std::set<std::string>>& codes_used() const { return codes_; }

 private:
  std::ostream& out_;
  SdmxCsvOptions options_;
  std::vector<std::string> columns_;
  CsvLineWriter line_;
  std::map<std::string, std::set<std::string>> codes_;
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
