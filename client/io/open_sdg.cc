#include "client/io/open_sdg.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/io/cells.h"
#include "client/io/obs_status.h"
#include "common/json.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

enum Column {
  kYear,
  kGeoCode,
  kValue,
  kObsStatus,
  kObservationStatus,
  kCommentObs,
  kSourceDetail,
  kIntegraFlags,
  kUnits,
  kSeries,
  kArea,
  kColumnCount
};

const std::vector<std::string_view>& ColumnNames() {
  static const std::vector<std::string_view> names = {
      "year",        "geocode",       "value",         "obs_status", "observation status",
      "comment_obs", "source_detail", "integra_flags", "units",      "series",
      "gebiet"};
  return names;
}

constexpr std::string_view kDefaultIdPrefix = "integra-";

// "key: value" with the value as a YAML double-quoted scalar; nothing when `value` is empty.
void YamlText(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  out += key;
  out += ": ";
  common::AppendJsonString(value, out);
  out += '\n';
}

}  // namespace

std::string DefaultOpenSdgId(std::string_view code) {
  std::string id(kDefaultIdPrefix);
  for (char c : code) {
    id += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return id;
}

std::optional<std::string> CodeOfDefaultOpenSdgId(std::string_view id) {
  if (id.substr(0, kDefaultIdPrefix.size()) != kDefaultIdPrefix) return std::nullopt;
  std::string code;
  for (char c : id.substr(kDefaultIdPrefix.size())) {
    if (c == '-') {
      code += '_';
    } else if (std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c))) {
      code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else {
      return std::nullopt;
    }
  }
  if (code.empty() || !std::isupper(static_cast<unsigned char>(code.front()))) return std::nullopt;
  return code;
}

absl::StatusOr<std::string> ParseOpenSdgId(std::string_view text) {
  std::string_view t = Trim(text);
  std::string id;
  int segments = 0;
  bool empty_segment = true;
  for (char c : t) {
    if (c == '-' || c == '.') {
      if (empty_segment) break;
      id += '-';
      empty_segment = true;
      continue;
    }
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c))) {
      empty_segment = true;  // forces the error below
      segments = 0;
      break;
    }
    if (empty_segment) ++segments;
    empty_segment = false;
    id += c;
  }
  if (t.empty() || empty_segment || segments < 2) {
    return absl::InvalidArgumentError(
        "'" + std::string(t) +
        "' is not an Open SDG id (lower-case letters and digits in at least two parts joined by "
        "'-' or '.', e.g. 1-1-1)");
  }
  return id;
}

absl::StatusOr<std::map<std::string, std::string>> ReadOpenSdgIdMap(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, CsvReader::Open(path, CsvOptions{}));
  int code_col = -1;
  int id_col = -1;
  const std::vector<std::string>& header = csv->header().fields;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = NormalizeName(header[i]);
    if (name == "code") code_col = static_cast<int>(i);
    if (name == "id") id_col = static_cast<int>(i);
  }
  if (code_col < 0 || id_col < 0) {
    return absl::InvalidArgumentError(path + ": line " + std::to_string(csv->header().line) +
                                      ": an id mapping needs the columns code,id");
  }
  std::map<std::string, std::string> map;
  std::map<std::string, std::string> code_of_id;
  CsvRecord record;
  while (csv->Next(&record)) {
    auto cell = [&](int col) {
      return static_cast<size_t>(col) < record.fields.size()
                 ? std::string(Trim(record.fields[static_cast<size_t>(col)]))
                 : std::string();
    };
    std::string code_text = cell(code_col);
    std::string id_text = cell(id_col);
    if (code_text.empty() && id_text.empty()) continue;
    auto fail = [&](int col, const std::string& reason) {
      return absl::InvalidArgumentError(
          path + ": " +
          CsvError{record.line, csv->ColumnName(static_cast<size_t>(col)), reason}.ToString());
    };
    absl::StatusOr<std::string> code = ParseIndicatorCode(code_text);
    if (!code.ok()) return fail(code_col, std::string(code.status().message()));
    absl::StatusOr<std::string> id = ParseOpenSdgId(id_text);
    if (!id.ok()) return fail(id_col, std::string(id.status().message()));
    if (map.contains(*code)) return fail(code_col, "indicator " + *code + " is mapped twice");
    if (auto it = code_of_id.find(*id); it != code_of_id.end()) {
      return fail(id_col, "id " + *id + " is already used for " + it->second);
    }
    map[*code] = *id;
    code_of_id[*id] = *code;
  }
  RETURN_IF_ERROR(csv->status());
  return map;
}

OpenSdgCsvWriter::OpenSdgCsvWriter(std::ostream& out, OpenSdgWriteOptions options)
    : out_(out), options_(std::move(options)), line_(out, CsvWriteOptions{}) {
  std::vector<std::string> header = {"Year", kOpenSdgAreaColumn};
  for (const std::string& dim : options_.dimensions) header.push_back(dim);
  header.emplace_back("Units");
  header.emplace_back("Series");
  if (options_.attributes) {
    header.emplace_back("Observation status");
    header.emplace_back("COMMENT_OBS");
    header.emplace_back("SOURCE_DETAIL");
    header.emplace_back("INTEGRA_FLAGS");
  }
  header.emplace_back("GeoCode");
  header.emplace_back("Value");
  line_.WriteLine(header);
}

absl::Status OpenSdgCsvWriter::Write(const ObservationRow& row) {
  if (row.indicator != options_.indicator) {
    return absl::InvalidArgumentError("an Open SDG file holds one indicator ('" +
                                      options_.indicator + "'), not '" + row.indicator + "'");
  }
  std::vector<std::string> cells = {row.period};
  if (row.unit_key == options_.headline_unit) {
    cells.emplace_back();
  } else {
    cells.push_back(options_.area_label ? options_.area_label(row.unit_key) : row.unit_key);
  }
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
  cells.push_back(options_.units);
  cells.push_back(row.indicator);
  if (options_.attributes) {
    std::string status = ObsStatusCode(row);
    // Suppression is not an OBS_STATUS of its own when a value is present; Open SDG has no
    // CONF_STATUS column by convention, so "C" carries it.
    if (HasFlag(row, "suppressed") && row.value) status = "C";
    cells.push_back(status == "A" ? std::string() : status);
    cells.push_back(row.footnote);
    cells.push_back(row.source);
    cells.push_back(FormatFlags(row.flags));
  }
  cells.push_back(row.unit_key);
  cells.push_back(row.value ? FormatNumber(*row.value) : std::string());
  line_.WriteLine(cells);
  ++rows_;
  return line_.status();
}

absl::Status OpenSdgCsvWriter::Finish() {
  out_.flush();
  return line_.status();
}

std::string OpenSdgMetadata(const OpenSdgIndicator& ind, const std::string& coverage,
                            const std::string& attribution) {
  std::string out = "---\n";
  YamlText(out, "integra_code", ind.code);
  YamlText(out, "indicator_name", ind.name);
  YamlText(out, "graph_title", ind.name);
  out += "graph_type: line\nreporting_status: complete\ndata_non_statistical: false\n";
  if (ind.standalone) out += "standalone: true\n";
  YamlText(out, "computation_units", ind.units);
  YamlText(out, "national_geographical_coverage", coverage);
  YamlText(out, "STAT_CONC_DEF", ind.definition);
  YamlText(out, "RATIONALE", ind.relevance);
  YamlText(out, "REC_USE_LIM", ind.interpretation);
  YamlText(out, "DATA_SOURCE", ind.data_source);
  YamlText(out, "OTHER_METHOD", ind.method_notes);
  YamlText(out, "copyright", attribution);
  out += "---\n";
  return out;
}

OpenSdgBundleWriter::OpenSdgBundleWriter(std::unique_ptr<FileTreeWriter> tree,
                                         OpenSdgBundleOptions options)
    : tree_(std::move(tree)), options_(std::move(options)) {}

absl::Status OpenSdgBundleWriter::Write(const ObservationRow& row) {
  if (current_ == nullptr || row.indicator != current_->code) {
    RETURN_IF_ERROR(Close());
    auto it = options_.indicators.find(row.indicator);
    if (it == options_.indicators.end()) {
      return absl::InvalidArgumentError("indicator " + row.indicator +
                                        " is not among the bundle's indicators");
    }
    if (std::find(done_.begin(), done_.end(), row.indicator) != done_.end()) {
      return absl::InvalidArgumentError("rows of indicator " + row.indicator +
                                        " must come together (its file is already complete)");
    }
    current_ = &it->second;
    ASSIGN_OR_RETURN(std::ostream * out, tree_->Begin("data/indicator_" + current_->id + ".csv"));
    OpenSdgWriteOptions write;
    write.indicator = current_->code;
    write.dimensions = current_->dimensions;
    write.attributes = options_.attributes;
    write.units = current_->units;
    write.headline_unit = options_.headline_unit;
    write.area_label = options_.area_label;
    writer_ = std::make_unique<OpenSdgCsvWriter>(*out, std::move(write));
    attribution_ = Attribution();
    attribution_.Note(current_->data_source, false);
  }
  attribution_.Note(row.source, HasFlag(row, "synthetic"));
  RETURN_IF_ERROR(writer_->Write(row));
  ++rows_;
  return absl::OkStatus();
}

absl::Status OpenSdgBundleWriter::Close() {
  if (current_ == nullptr) return absl::OkStatus();
  absl::Status finished = writer_->Finish();
  writer_.reset();
  const OpenSdgIndicator* ind = current_;
  current_ = nullptr;
  done_.push_back(ind->code);
  RETURN_IF_ERROR(finished);
  RETURN_IF_ERROR(tree_->End());
  ASSIGN_OR_RETURN(std::ostream * out, tree_->Begin("meta/" + ind->id + ".md"));
  const std::string& headline = options_.headline_unit;
  *out << OpenSdgMetadata(*ind, options_.area_label ? options_.area_label(headline) : headline,
                          attribution_.Text());
  return tree_->End();
}

absl::Status OpenSdgBundleWriter::Finish() {
  RETURN_IF_ERROR(Close());
  return tree_->Finish();
}

absl::StatusOr<std::unique_ptr<OpenSdgCsvReader>> OpenSdgCsvReader::Open(
    std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options) {
  std::unique_ptr<OpenSdgCsvReader> reader(
      new OpenSdgCsvReader(std::move(csv), options, ObservationFormat::kOpenSdg));
  RETURN_IF_ERROR(reader->Init());
  return reader;
}

absl::Status OpenSdgCsvReader::Init() {
  std::vector<int> others;
  absl::Status status = MatchHeader(ColumnNames(), &col_, &others);
  if (!status.ok()) return status;
  status = RequireColumns(ColumnNames(), col_, {"year", "value"});
  if (!status.ok()) return status;
  if (col_[kObsStatus] >= 0 && col_[kObservationStatus] >= 0) {
    return HeaderError(col_[kObservationStatus],
                       "OBS_STATUS and 'Observation status' are the same column; keep one");
  }
  if (col_[kObsStatus] < 0) col_[kObsStatus] = col_[kObservationStatus];
  if (read_options_.indicator.empty() && col_[kSeries] < 0) {
    return absl::InvalidArgumentError(
        "this Open SDG file does not name its indicator (no Series column): pass --indicator "
        "<code>");
  }
  if (!read_options_.indicator.empty()) {
    absl::StatusOr<std::string> code = ParseIndicatorCode(read_options_.indicator);
    if (!code.ok())
      return absl::InvalidArgumentError("--indicator: " + std::string(code.status().message()));
  }
  if (col_[kGeoCode] < 0 && read_options_.unit_key.empty()) {
    return HeaderError(-1, "no GeoCode column: pass --unit <key> for the area the file covers");
  }
  if (!read_options_.unit_key.empty()) {
    absl::StatusOr<std::string> key = ParseUnitKey(read_options_.unit_key);
    if (!key.ok())
      return absl::InvalidArgumentError("--unit: " + std::string(key.status().message()));
  }
  // Without GeoCode the area column is the only thing that tells areas apart: a breakdown.
  if (col_[kArea] >= 0 && col_[kGeoCode] < 0) {
    others.push_back(col_[kArea]);
    std::sort(others.begin(), others.end());
    col_[kArea] = -1;
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
    r.source = read_options_.source;
    bool ok = ParseInto(record, col_[kYear], ParsePeriod, &r.period);
    std::string_view series = Cell(record, col_[kSeries]);
    if (series.empty()) {
      r.indicator = read_options_.indicator;
      if (r.indicator.empty()) {
        AddError(line, col_[kSeries], "Series is empty and no --indicator was given");
        ok = false;
      }
    } else if (ParseText(line, col_[kSeries], series, ParseIndicatorCode, &r.indicator) &&
               !read_options_.indicator.empty() && r.indicator != read_options_.indicator) {
      AddError(line, col_[kSeries],
               "Series '" + r.indicator + "' is not the indicator given with --indicator (" +
                   read_options_.indicator + ")");
      ok = false;
    } else if (r.indicator.empty()) {
      ok = false;
    }
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
    std::string_view units = Cell(record, col_[kUnits]);
    if (!units.empty()) {
      if (units_line_ == 0) {
        units_ = std::string(units);
        units_line_ = line;
      } else if (units != units_) {
        AddError(line, col_[kUnits],
                 "'" + std::string(units) + "' is not the unit of line " +
                     std::to_string(units_line_) + " ('" + units_ +
                     "'): integra keeps one unit per indicator; import the rows of each unit as "
                     "an indicator of its own");
        ok = false;
      }
    }
    for (const auto& [col, key] : dimensions_) {
      std::string_view value = Cell(record, col);
      if (!value.empty()) r.breakdown.emplace_back(key, std::string(value));
    }
    std::sort(r.breakdown.begin(), r.breakdown.end());
    if (col_[kObsStatus] >= 0) {
      ok &= Check(line, col_[kObsStatus], ApplyObsStatusCode(Cell(record, col_[kObsStatus]), &r));
    }
    // integra's own column is exact where the status holds one code (as in SDMX-CSV).
    std::vector<std::string> integra_flags;
    ok &= ParseInto(record, col_[kIntegraFlags], ParseFlags, &integra_flags);
    for (const std::string& flag : integra_flags) AddFlag(flag, &r.flags);
    r.footnote = std::string(RawCell(record, col_[kCommentObs]));
    if (std::string_view source = RawCell(record, col_[kSourceDetail]); !source.empty()) {
      r.source = std::string(source);
    }
    // What Open SDG does not carry (the import keeps the stored field): the source without the
    // SOURCE_DETAIL column (or an empty cell there); without the attribute columns footnote,
    // flags and series break; and, without INTEGRA_FLAGS, the flags of a value whose one status
    // is B (series break).
    if (r.source.empty()) r.absent |= kFieldSource;
    if (col_[kCommentObs] < 0) r.absent |= kFieldFootnote;
    if (col_[kObsStatus] < 0) r.absent |= kFieldSeriesBreak;
    if (r.flags.empty() && col_[kIntegraFlags] < 0 && (col_[kObsStatus] < 0 || r.series_break)) {
      r.absent |= kFieldFlags;
    }
    if (ok) {
      *row = std::move(r);
      return true;
    }
  }
  return false;
}

absl::StatusOr<std::vector<std::string>> RemoveStaleBundleFiles(
    const std::string& dir, const std::vector<std::string>& written) {
  namespace fs = std::filesystem;
  const std::set<std::string> kept(written.begin(), written.end());
  std::vector<std::string> removed;
  for (const auto& [folder, prefix, suffix] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"data", "indicator_", ".csv"}, {"meta", "", ".md"}}) {
    std::error_code ec;
    fs::directory_iterator it(fs::path(dir) / folder, ec);
    if (ec) continue;  // no such folder: nothing stale
    for (const fs::directory_entry& entry : it) {
      const std::string file = entry.path().filename().string();
      const std::string name = absl::StrCat(folder, "/", file);
      if (!entry.is_regular_file() || !absl::StartsWith(file, prefix) ||
          !absl::EndsWith(file, suffix) || kept.contains(name)) {
        continue;
      }
      removed.push_back(name);
    }
  }
  std::sort(removed.begin(), removed.end());
  for (const std::string& name : removed) {
    std::error_code ec;
    fs::remove(fs::path(dir) / name, ec);
    if (ec) {
      return absl::InternalError(absl::StrCat("cannot remove ", name, " of an earlier export in ",
                                              dir, ": ", ec.message()));
    }
  }
  return removed;
}

}  // namespace integra::io
