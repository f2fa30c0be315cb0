// Open SDG: the data repository layout that sdg-build (github.com/open-sdg/sdg-build) turns into
// an Open SDG reporting site (open-sdg.org), as several German integration monitors publish
// (integrationsmonitoring.niedersachsen.de is listed among Open SDG's non-SDG sites).
//
// A bundle (OpenSdgBundleWriter; a directory or a zip, file_tree.h) holds per indicator
//   data/indicator_<id>.csv   the data file (OpenSdgCsvWriter)
//   meta/<id>.md              its metadata: YAML front matter between "---" lines
// which are sdg-build's default inputs (open_sdg_input_defaults: InputCsvData over
// data/*-*.csv, the id being the file name without "indicator_"; InputYamlMdMeta over
// meta/*-*.md). Ids must therefore contain a '-'.
//
// Data file columns, in this order:
//   Year                 the period ("2021", "2021-Q3", "2021-07")
//   Gebiet               the area; empty for the headline area, so that the headline rows
//                        (all disaggregation columns empty) are one area, not a mix
//   <dimensions>         one column per breakdown dimension (key as title); empty = total
//   Units                the indicator's unit, German ("Prozent"); one value per file
//   Series               the integra indicator code (names the indicator on import)
//   Observation status   SDMX OBS_STATUS code (obs_status.h; "C" for a suppressed value
//                        that is present; empty for "A")      } observation attributes,
//   COMMENT_OBS          the footnote                          } unless attributes = false
//   SOURCE_DETAIL        the source                            }
//   INTEGRA_FLAGS        all integra flags ('|'), as in SDMX-CSV }
//   GeoCode              the unit key (AGS); Open SDG wants it second from last
//   Value                decimal point; empty = missing
// Year, Units, Series, GeoCode, Value and "Observation status" are in sdg-build's and the
// Open SDG platform's default non-disaggregation columns; COMMENT_OBS, SOURCE_DETAIL and
// INTEGRA_FLAGS are observation attributes that the site configuration names (docs/io.md).
//
// Reading (OpenSdgCsvReader) takes files of this layout and those published elsewhere: a
// Series cell names the indicator (else --indicator); Units must hold one value per file (the
// unit belongs to the indicator; a second value is a row error); Gebiet is ignored when there
// is a GeoCode column; every other column is a breakdown with a key from its title
// ("Altersgruppe (Jahre)" -> "altersgruppe_jahre"). OBS_STATUS is read as "Observation status".
// A round trip keeps unit, period, breakdown, value, flags (INTEGRA_FLAGS; a file without it
// gives the one flag its status code says), series break, footnote and source.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/io/attribution.h"
#include "client/io/csv_writer.h"
#include "client/io/file_tree.h"
#include "client/io/observation_reader.h"
#include "client/io/observation_writer.h"

namespace integra::io {

// The area column's title.
inline constexpr char kOpenSdgAreaColumn[] = "Gebiet";

// Ids. An integra code maps to "integra-" + the code in lower case with '_' as '-'
// (AUSL_ANTEIL -> integra-ausl-anteil): deterministic, reversible, always with a '-', and
// written as a standalone indicator (outside Open SDG's goal/target hierarchy). A mapping file
// gives SDG-style ids instead (see ReadOpenSdgIdMap).
std::string DefaultOpenSdgId(std::string_view code);
// The code of a DefaultOpenSdgId, nullopt for any other id.
std::optional<std::string> CodeOfDefaultOpenSdgId(std::string_view id);
// An id from a mapping file: segments of lower-case letters and digits joined by '-' or '.'
// (at least two; "1.2.3" is written 1-2-3), e.g. "1-1-1", "3-a-2". InvalidArgument otherwise.
absl::StatusOr<std::string> ParseOpenSdgId(std::string_view text);
// A mapping file: CSV with the columns code,id (header required), one indicator per line.
// InvalidArgument "line N, column C: ..." for a bad code or id, a code given twice or an id
// used twice; the errors of CsvReader::Open.
absl::StatusOr<std::map<std::string, std::string>> ReadOpenSdgIdMap(const std::string& path);

struct OpenSdgWriteOptions {
  // The indicator this file holds (its Series); rows of other indicators are refused.
  std::string indicator;
  // Breakdown dimension keys, in column order; a row with a key not listed is refused.
  std::vector<std::string> dimensions;
  // Write the "Observation status", COMMENT_OBS, SOURCE_DETAIL and INTEGRA_FLAGS columns
  // (default).
  bool attributes = true;
  // The Units cell of every row (MeasureUnitLabelDe).
  std::string units;
  // The headline area: its rows leave the Gebiet column empty. Default: the Bund.
  std::string headline_unit = "DG";
  // The Gebiet cell of a unit key; unset = the key itself.
  std::function<std::string(const std::string&)> area_label;
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

// What a bundle says of one indicator, from the catalog.
struct OpenSdgIndicator {
  std::string code;
  std::string id;           // data/indicator_<id>.csv, meta/<id>.md
  bool standalone = false;  // true for DefaultOpenSdgId ids
  std::string name;         // German name: indicator_name, graph_title
  std::string units;        // German unit label: Units, computation_units
  std::vector<std::string> dimensions;
  // The metadata sheet.
  std::string definition;
  std::string relevance;
  std::string interpretation;
  std::string data_source;
  std::string method_notes;
};

// The metadata file of one indicator: YAML front matter ("---" lines) and an empty body. Keys
// (left out when empty): integra_code, indicator_name, graph_title, graph_type (line),
// reporting_status (complete), data_non_statistical (false), standalone (true, for default
// ids), computation_units, national_geographical_coverage (the headline area), STAT_CONC_DEF
// (definition), RATIONALE (relevance), REC_USE_LIM (interpretation), DATA_SOURCE (data
// source), OTHER_METHOD (method notes), copyright (the attribution). Text values are written
// as double-quoted YAML scalars (JSON escapes), so any text is safe.
std::string OpenSdgMetadata(const OpenSdgIndicator& indicator, const std::string& coverage,
                            const std::string& attribution);

struct OpenSdgBundleOptions {
  // The catalog entries of the indicators that may occur, by code.
  std::map<std::string, OpenSdgIndicator> indicators;
  bool attributes = true;
  std::string headline_unit = "DG";
  std::function<std::string(const std::string&)> area_label;
};

// Writes a bundle: for each indicator, as its first row arrives, data/indicator_<id>.csv;
// after its last row meta/<id>.md, whose copyright is the Attribution of the indicator's data
// source and the sources of its rows. Rows of one indicator must come together (the export
// orders them by indicator).
class OpenSdgBundleWriter : public ObservationWriter {
 public:
  OpenSdgBundleWriter(std::unique_ptr<FileTreeWriter> tree, OpenSdgBundleOptions options);
  // InvalidArgument for an indicator not in options.indicators, or one whose rows came before
  // and were interrupted by another's; the data writer's errors.
  absl::Status Write(const ObservationRow& row) override;
  // Completes the last indicator and the tree.
  absl::Status Finish() override;
  int64_t rows_written() const override { return rows_; }
  // The files written, in order (data and metadata).
  const std::vector<std::string>& files() const { return tree_->files(); }

 private:
  absl::Status Close();

  std::unique_ptr<FileTreeWriter> tree_;
  OpenSdgBundleOptions options_;
  const OpenSdgIndicator* current_ = nullptr;
  std::unique_ptr<OpenSdgCsvWriter> writer_;
  Attribution attribution_;
  std::vector<std::string> done_;
  int64_t rows_ = 0;
};

// After a bundle was written into the directory `dir`: removes the bundle files of an earlier
// export there that this one did not write (data/indicator_<id>.csv, meta/<id>.md), so that the
// directory holds exactly this export's indicators; other files are left alone. Returns the
// names removed, in name order. Internal when one cannot be removed.
absl::StatusOr<std::vector<std::string>> RemoveStaleBundleFiles(
    const std::string& dir, const std::vector<std::string>& written);

class OpenSdgCsvReader : public ObservationReader {
 public:
  // options.indicator is required unless the file has a Series column; options.unit_key when
  // it has no GeoCode column. InvalidArgument for those, for missing Year/Value columns, and
  // for breakdown titles that give the same key.
  static absl::StatusOr<std::unique_ptr<OpenSdgCsvReader>> Open(
      std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options);
  bool Next(ObservationRow* row) override;

 private:
  using ObservationReader::ObservationReader;
  absl::Status Init();

  std::vector<int> col_;
  std::vector<std::pair<int, std::string>> dimensions_;  // column, breakdown key
  std::string units_;                                    // the first Units cell
  int units_line_ = 0;
};

}  // namespace integra::io
