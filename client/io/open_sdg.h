// Open SDG data files: one CSV per indicator, as read by the Open SDG reporting platform
// (open-sdg.org) that several German integration monitors publish with.
//
// Columns: Year, one column per breakdown dimension (an empty cell = the total over that
// dimension), GeoCode (the unit key, for maps), the observation attributes OBS_STATUS (SDMX
// codes, see obs_status.h) and COMMENT_OBS (footnote), and Value last. Units and Series are
// Open SDG's special columns: the reader keeps them as breakdown dimensions "units"/"series"
// so that nothing is merged silently. Breakdown columns get keys derived from their titles
// ("Altersgruppe" -> "altersgruppe"). To show the attributes on an Open SDG site, list them
// under `observation_attributes` in its site configuration.
//
// Open SDG carries no source and only one status per value: a round trip keeps unit, period,
// breakdown, value, footnote, series break and one flag (the one OBS_STATUS ranks highest).
#pragma once

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

struct OpenSdgWriteOptions {
  // The indicator this file holds; rows of other indicators are refused.
  std::string indicator;
  // Breakdown dimension keys, in column order; a row with a key not listed is refused.
  std::vector<std::string> dimensions;
  // Write the OBS_STATUS and COMMENT_OBS columns (default). Switch off for sites that have
  // no observation_attributes configured, where they would show up as breakdowns.
  bool attributes = true;
};

class OpenSdgCsvWriter : public ObservationWriter {
 public:
  // Writes the header line.
  OpenSdgCsvWriter(std::ostream& out, OpenSdgWriteOptions options);
  // InvalidArgument for a row of another indicator or with an undeclared breakdown key;
  // Internal when the stream failed.
  absl::Status Write(const ObservationRow& row) override;
  absl::Status Finish() override;
  int64_t rows_written() const override { return rows_; }

 private:
  std::ostream& out_;
  OpenSdgWriteOptions options_;
  CsvLineWriter line_;
  int64_t rows_ = 0;
};

class OpenSdgCsvReader : public ObservationReader {
 public:
  // options.indicator is required (Open SDG files do not name their indicator);
  // options.unit_key is required when the file has no GeoCode column. InvalidArgument for
  // those, for missing Year/Value columns, and for breakdown titles that give the same key.
  static absl::StatusOr<std::unique_ptr<OpenSdgCsvReader>> Open(
      std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options);
  bool Next(ObservationRow* row) override;

 private:
  using ObservationReader::ObservationReader;
  absl::Status Init();

  std::vector<int> col_;
  std::vector<std::pair<int, std::string>> dimensions_;  // column, breakdown key
};

}  // namespace integra::io
