// Reading observations from CSV: integra's long and wide formats, and the factory that also
// opens the Open SDG and SDMX-CSV readers (open_sdg.h, sdmx_csv.h).
//
// Long format, one observation per row (header names case-insensitive, any order):
//   ags,indicator,period,value[,flags][,source][,breakdown][,footnote][,series_break]
// Wide format, one row per unit (and indicator/breakdown) and one column per period, as
// official tables come:
//   ags,indicator,2019,2020,2021     (period columns: YYYY, YYYY-Qn or YYYY-MM)
// plus optional breakdown, flags, source, footnote columns that apply to every period of the
// row. An empty cell in a wide period column means "no observation" and yields no row; a
// Destatis symbol ("." etc., see ParseNumericCell) yields a row with its value and flag. In the
// long format an empty value cell yields a row with a missing value. Header names may also be
// German (AGS;Indikator;Jahr;Wert) or mapped with ObservationReadOptions::column_map.
//
// Usage:
//   ASSIGN_OR_RETURN(auto reader, OpenObservationFile(path, options));
//   ObservationRow row;
//   while (reader->Next(&row)) { ... }
//   if (!reader->status().ok()) ...;         // fatal: stop, nothing is complete
//   for (const CsvError& e : reader->errors()) ...;   // bad rows (skipped)
// Not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "client/io/rows.h"
#include "client/io/table_reader.h"

namespace integra::io {

enum class ObservationFormat { kAuto, kLong, kWide, kOpenSdg, kSdmxCsv };

// "auto", "long", "wide", "opensdg"/"open-sdg", "sdmx"/"sdmx-csv" (case-insensitive).
std::optional<ObservationFormat> ParseObservationFormat(std::string_view name);
std::string_view ObservationFormatName(ObservationFormat format);

// Header name (normalised, as NormalizeName) -> field of the long/wide format, from --map.
using ColumnMap = std::vector<std::pair<std::string, std::string>>;

// "SRC=FIELD,SRC=FIELD": a header name (case-insensitive) and one of the long format's
// fields (ags, indicator, period, value, flags, source, breakdown, footnote, series_break) or
// "ignore" (the column is skipped). InvalidArgument naming the bad item.
absl::StatusOr<ColumnMap> ParseColumnMap(std::string_view spec);

// The long/wide field a header name stands for: first `map`, then integra's own names, then
// the German names of official tables (AGS/ARS/Schlüssel/Gebietsschlüssel/Regionalschlüssel/
// Gemeindeschlüssel/Kennziffer -> ags, Indikator -> indicator, Jahr/Zeitraum/Berichtsjahr ->
// period, Wert -> value, Quelle -> source, Fußnote/Fussnote/Anmerkung -> footnote,
// Kennzeichen -> flags, Zeitreihenbruch -> series_break); "ignore" for a name column
// (Gemeinde, Gemeindename, Name, Kreis, Kreisname, Gebiet, Gebietsname, Bezeichnung, Land,
// Regierungsbezirk): names come from the unit register. Otherwise the name itself.
std::string ObservationField(const std::string& normalized_name, const ColumnMap& map = {});

// The format a header belongs to: SDMX-CSV if it has a DATAFLOW or STRUCTURE column; Open SDG
// if it has Year and Value; long if it has period and value (after ObservationField, so
// "AGS;Indikator;Jahr;Wert" is long); wide if it has period-named columns; kAuto otherwise.
ObservationFormat DetectObservationFormat(const std::vector<std::string>& header,
                                          const ColumnMap& map = {});

struct ObservationReadOptions : TableReadOptions {
  ObservationFormat format = ObservationFormat::kAuto;
  // Indicator for files without an indicator column (tables of one indicator); required for
  // Open SDG files, which never name their indicator. A non-empty cell wins over it.
  std::string indicator;
  // Open SDG: unit key for rows whose GeoCode is empty or absent (the whole reporting area).
  std::string unit_key;
  // Source for rows whose source cell is empty or absent.
  std::string source;
  // --map: header names mapped to fields (long and wide format only).
  ColumnMap column_map;
  // Long and wide format: columns (header names, case-insensitive) that hold one breakdown
  // dimension each, named like the column: the cell is the dimension's value, empty = the
  // total over it. How integra's XLSX export lays out breakdowns (observation_file.h).
  std::vector<std::string> dimension_columns;
};

// Base of all observation readers.
class ObservationReader : public TableReader {
 public:
  // Fills `row` with the next valid observation and returns true; false at the end of the
  // input or after a fatal problem (status()). Bad rows are skipped and listed in errors().
  virtual bool Next(ObservationRow* row) = 0;
  ObservationFormat format() const { return format_; }

 protected:
  ObservationReader(std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options,
                    ObservationFormat format)
      : TableReader(std::move(csv), options), read_options_(options), format_(format) {}

  ObservationReadOptions read_options_;

 private:
  ObservationFormat format_;
};

// Long and wide format.
class ObservationCsvReader : public ObservationReader {
 public:
  // `format` is kLong or kWide. Errors (InvalidArgument, message starts with the header's
  // line): missing required columns, unknown or duplicate columns, a wide header without
  // period columns.
  static absl::StatusOr<std::unique_ptr<ObservationCsvReader>> Open(
      std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options,
      ObservationFormat format);

  bool Next(ObservationRow* row) override;

 private:
  enum Column {
    kAgs,
    kIndicator,
    kPeriod,
    kValue,
    kFlags,
    kSource,
    kBreakdown,
    kFootnote,
    kSeriesBreak,
    kColumnCount
  };
  using ObservationReader::ObservationReader;
  absl::Status Init();
  // Parses the identifying and descriptive cells shared by both formats.
  bool ParseCommon(const CsvRecord& record, ObservationRow* row);
  bool ReadWideRecord();
  // Whether `record` has no cell for column `col` (-1: the file has no such column).
  static bool Absent(const CsvRecord& record, int col) {
    return col < 0 || (col < 32 && ((record.missing >> col) & 1u) != 0);
  }

  std::vector<int> col_;
  std::vector<std::pair<int, std::string>> dimension_columns_;  // column, dimension key
  std::vector<std::pair<int, std::string>> period_columns_;     // wide: column, period
  std::vector<ObservationRow> pending_;                         // wide: rows of the last record
  size_t pending_next_ = 0;
};

// Opens a reader for `csv` in `options.format`, detecting the format from the header when it
// is kAuto. InvalidArgument when the format cannot be recognised, and the errors of the
// chosen reader's Open.
absl::StatusOr<std::unique_ptr<ObservationReader>> OpenObservationReader(
    std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options);
// Same for a file path ("-" = stdin).
absl::StatusOr<std::unique_ptr<ObservationReader>> OpenObservationFile(
    const std::string& path, const ObservationReadOptions& options);

}  // namespace integra::io
