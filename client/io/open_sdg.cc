#include "client/io/open_sdg.h"

#include <algorithm>

#include "client/io/cells.h"
#include "client/io/obs_status.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

enum Column { kYear, kGeoCode, kValue, kObsStatus, kCommentObs, kColumnCount };

const std::vector<std::string_view>& ColumnNames() {
  static const std::vector<std::string_view> names = {"year", "geocode", "value", "obs_status",
                                                      "comment_obs"};
  return names;
}

}  // namespace

OpenSdgCsvWriter::OpenSdgCsvWriter(std::ostream& out, OpenSdgWriteOptions options)
    : out_(out), options_(std::move(options)), line_(out, CsvWriteOptions{}) {
  std::vector<std::string> header = {"Year"};
  for (const std::string& dim : options_.dimensions) header.push_back(dim);
  header.emplace_back("GeoCode");
  if (options_.attributes) {
    header.emplace_back("OBS_STATUS");
    header.emplace_back("COMMENT_OBS");
  }
  header.emplace_back("Value");
  line_.WriteLine(header);
}

absl::Status OpenSdgCsvWriter::Write(const ObservationRow& row) {
  if (row.indicator != options_.indicator) {
    return absl::InvalidArgumentError("an Open SDG file holds one indicator ('" +
                                      options_.indicator + "'), not '" + row.indicator + "'");
  }
  std::vector<std::string> cells = {row.period};
  size_t found = 0;
  for (const std::string& dim : options_.dimensions) {
    auto it = std::find_if(row.breakdown.begin(), row.breakdown.end(),
                           [&](const auto& kv) { return kv.first == dim; });
    cells.push_back(it == row.breakdown.end() ? std::string() : it->second);
    found += it != row.breakdown.end();
  }
  if (found != row.breakdown.size()) {
    return absl::InvalidArgumentError("observation " + row.unit_key + "/" + row.period +
                                      " has breakdown '" + FormatBreakdown(row.breakdown) +
                                      "' with a dimension the Open SDG header does not declare");
  }
  cells.push_back(row.unit_key);
  if (options_.attributes) {
    std::string status = ObsStatusCode(row);
    // Suppression is not an OBS_STATUS of its own when a value is present; Open SDG has no
    // CONF_STATUS column by convention, so "C" carries it.
    if (HasFlag(row, "suppressed") && row.value) status = "C";
    cells.push_back(status == "A" ? std::string() : status);
    cells.push_back(row.footnote);
  }
  cells.push_back(row.value ? FormatNumber(*row.value) : std::string());
  line_.WriteLine(cells);
  ++rows_;
  return line_.status();
}

absl::Status OpenSdgCsvWriter::Finish() {
  out_.flush();
  return line_.status();
}

absl::StatusOr<std::unique_ptr<OpenSdgCsvReader>> OpenSdgCsvReader::Open(
    std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options) {
  std::unique_ptr<OpenSdgCsvReader> reader(
      new OpenSdgCsvReader(std::move(csv), options, ObservationFormat::kOpenSdg));
  RETURN_IF_ERROR(reader->Init());
  return reader;
}

absl::Status OpenSdgCsvReader::Init() {
  if (read_options_.indicator.empty()) {
    return absl::InvalidArgumentError(
        "Open SDG files do not name their indicator: pass --indicator <code>");
  }
  absl::StatusOr<std::string> code = ParseIndicatorCode(read_options_.indicator);
  if (!code.ok())
    return absl::InvalidArgumentError("--indicator: " + std::string(code.status().message()));
  std::vector<int> others;
  absl::Status status = MatchHeader(ColumnNames(), &col_, &others);
  if (!status.ok()) return status;
  status = RequireColumns(ColumnNames(), col_, {"year", "value"});
  if (!status.ok()) return status;
  if (col_[kGeoCode] < 0 && read_options_.unit_key.empty()) {
    return HeaderError(-1, "no GeoCode column: pass --unit <key> for the area the file covers");
  }
  if (!read_options_.unit_key.empty()) {
    absl::StatusOr<std::string> key = ParseUnitKey(read_options_.unit_key);
    if (!key.ok())
      return absl::InvalidArgumentError("--unit: " + std::string(key.status().message()));
  }
  for (int col : others) {
    absl::StatusOr<std::string> key = DimensionKeyFromTitle(ColumnName(col));
    if (!key.ok()) return HeaderError(col, std::string(key.status().message()));
    for (const auto& [other, other_key] : dimensions_) {
      if (other_key == *key) {
        return HeaderError(col, "gives breakdown dimension '" + *key + "', as column '" +
                                    ColumnName(other) + "' does");
      }
    }
    dimensions_.emplace_back(col, *key);
  }
  return absl::OkStatus();
}

bool OpenSdgCsvReader::Next(ObservationRow* row) {
  CsvRecord record;
  while (NextRecord(&record)) {
    const int line = record.line;
    ObservationRow r;
    r.line = line;
    r.indicator = read_options_.indicator;
    r.source = read_options_.source;
    bool ok = ParseInto(record, col_[kYear], ParsePeriod, &r.period);
    std::string_view geo = Cell(record, col_[kGeoCode]);
    if (!geo.empty()) {
      ok &= ParseInto(record, col_[kGeoCode], ParseUnitKey, &r.unit_key);
    } else if (!read_options_.unit_key.empty()) {
      r.unit_key = read_options_.unit_key;
    } else {
      AddError(line, col_[kGeoCode], "GeoCode is empty and no --unit was given");
      ok = false;
    }
    ok &= Check(line, col_[kValue], ApplyValueCell(Cell(record, col_[kValue]), number_style_, &r));
    for (const auto& [col, key] : dimensions_) {
      std::string_view value = Cell(record, col);
      if (!value.empty()) r.breakdown.emplace_back(key, std::string(value));
    }
    std::sort(r.breakdown.begin(), r.breakdown.end());
    if (col_[kObsStatus] >= 0) {
      ok &= Check(line, col_[kObsStatus], ApplyObsStatusCode(Cell(record, col_[kObsStatus]), &r));
    }
    r.footnote = std::string(RawCell(record, col_[kCommentObs]));
    // What Open SDG does not carry (the import keeps the stored field): the source; without
    // the attribute columns footnote, flags and series break; and the flags of a value whose
    // one status is B (series break).
    if (r.source.empty()) r.absent |= kFieldSource;
    if (col_[kCommentObs] < 0) r.absent |= kFieldFootnote;
    if (col_[kObsStatus] < 0) r.absent |= kFieldSeriesBreak;
    if (r.flags.empty() && (col_[kObsStatus] < 0 || r.series_break)) r.absent |= kFieldFlags;
    if (ok) {
      *row = std::move(r);
      return true;
    }
  }
  return false;
}

}  // namespace integra::io
