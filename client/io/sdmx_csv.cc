#include "client/io/sdmx_csv.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "client/io/cells.h"
#include "client/io/obs_status.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

enum Column {
  kRefArea,
  kIndicator,
  kTimePeriod,
  kObsValue,
  kObsStatus,
  kConfStatus,
  kCommentObs,
  kSourceDetail,
  kIntegraFlags,
  kUnitMult,
  kAction,
  kColumnCount
};

const std::vector<std::string_view>& ColumnNames() {
  static const std::vector<std::string_view> names = {
      "ref_area",    "indicator",     "time_period",   "obs_value", "obs_status", "conf_status",
      "comment_obs", "source_detail", "integra_flags", "unit_mult", "action"};
  return names;
}

// Columns that carry no observation data for integra.
bool IsSkippedColumn(const std::string& name) {
  static const std::vector<std::string_view> skipped = {
      "dataflow",     "structure", "structure_id",  "unit_measure",
      "freq",         "decimals",  "time_format",   "obs_pre_break",
      "embargo_time", "title",     "source_agency", "last update"};
  return std::find(skipped.begin(), skipped.end(), name) != skipped.end();
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string SdmxCodeId(std::string_view value) {
  auto plain = [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' || c == '@' || c == '-';
  };
  const bool reserved = value == "_T" || value == "_Z";
  std::string id;
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x80 && plain(c) && !(reserved && i == 0)) {
      id += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      id += '$';
      id += kHex[c >> 4];
      id += kHex[c & 0x0F];
    }
  }
  return id;
}

std::string SdmxCodeValue(std::string_view id) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string value;
  for (size_t i = 0; i < id.size(); ++i) {
    if (id[i] == '$' && i + 2 < id.size() && hex(id[i + 1]) >= 0 && hex(id[i + 2]) >= 0) {
      value += static_cast<char>(hex(id[i + 1]) * 16 + hex(id[i + 2]));
      i += 2;
    } else {
      value += id[i];
    }
  }
  return value;
}

std::vector<std::string> SdmxCsvColumns(const std::vector<std::string>& dimensions) {
  std::vector<std::string> columns = {"DATAFLOW", "REF_AREA", "INDICATOR"};
  for (const std::string& dim : dimensions) columns.push_back(Upper(dim));
  for (const char* c : {"TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS", "CONF_STATUS",
                        "COMMENT_OBS", "SOURCE_DETAIL", "INTEGRA_FLAGS"}) {
    columns.emplace_back(c);
  }
  return columns;
}

SdmxCsvWriter::SdmxCsvWriter(std::ostream& out, SdmxCsvOptions options)
    : out_(out),
      options_(std::move(options)),
      columns_(SdmxCsvColumns(options_.dimensions)),
      line_(out, CsvWriteOptions{options_.delimiter}) {
  line_.WriteLine(columns_);
}

absl::Status SdmxCsvWriter::Write(const ObservationRow& row) {
  std::vector<std::string> cells = {options_.dataflow, row.unit_key, row.indicator};
  auto has = options_.indicator_dimensions.find(row.indicator);
  size_t found = 0;
  for (const std::string& dim : options_.dimensions) {
    auto it = std::find_if(row.breakdown.begin(), row.breakdown.end(),
                           [&](const auto& kv) { return kv.first == dim; });
    if (it != row.breakdown.end()) {
      cells.push_back(SdmxCodeId(it->second));
      ++found;
    } else if (has != options_.indicator_dimensions.end() && !has->second.contains(dim)) {
      cells.emplace_back("_Z");
    } else {
      cells.emplace_back("_T");
    }
  }
  if (found != row.breakdown.size()) {
    return absl::InvalidArgumentError("observation " + row.unit_key + "/" + row.indicator + "/" +
                                      row.period + " has breakdown '" +
                                      FormatBreakdown(row.breakdown) +
                                      "' with a dimension the SDMX header does not declare");
  }
  auto unit = options_.unit_measure.find(row.indicator);
  cells.push_back(row.period);
  cells.push_back(row.value ? FormatNumber(*row.value) : std::string());
  cells.push_back(unit == options_.unit_measure.end() ? std::string() : unit->second);
  cells.push_back(ObsStatusCode(row));
  cells.push_back(ConfStatusCode(row));
  cells.push_back(row.footnote);
  cells.push_back(row.source);
  cells.push_back(FormatFlags(row.flags));
  // Remember the codes of the coded columns (all but DATAFLOW, TIME_PERIOD, OBS_VALUE and the
  // free-text attributes), for the structure's code lists.
  const size_t dims_end = 3 + options_.dimensions.size();
  for (size_t i = 1; i < cells.size(); ++i) {
    const bool coded = i < dims_end || (i >= dims_end + 2 && i <= dims_end + 4);
    if (coded && !cells[i].empty()) codes_[columns_[i]].insert(cells[i]);
  }
  line_.WriteLine(cells);
  ++rows_;
  return line_.status();
}

absl::Status SdmxCsvWriter::Finish() {
  out_.flush();
  return line_.status();
}

absl::StatusOr<std::unique_ptr<SdmxCsvReader>> SdmxCsvReader::Open(
    std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options) {
  std::unique_ptr<SdmxCsvReader> reader(
      new SdmxCsvReader(std::move(csv), options, ObservationFormat::kSdmxCsv));
  RETURN_IF_ERROR(reader->Init());
  return reader;
}

absl::Status SdmxCsvReader::Init() {
  // "REF_AREA: Reference area" (labels=both) -> "ref_area".
  for (std::string& name : names_) {
    size_t colon = name.find(':');
    if (colon != std::string::npos) {
      labels_ = true;
      name = std::string(Trim(name.substr(0, colon)));
    }
  }
  value_style_ = read_options_.csv.decimal_mark == DecimalMark::kComma ? NumberStyle::kComma
                                                                       : NumberStyle::kPoint;
  std::vector<int> others;
  absl::Status status = MatchHeader(ColumnNames(), &col_, &others);
  if (!status.ok()) return status;
  std::vector<std::string_view> required = {"ref_area", "time_period", "obs_value"};
  if (read_options_.indicator.empty()) required.push_back("indicator");
  status = RequireColumns(ColumnNames(), col_, required);
  if (!status.ok()) return status;
  for (int col : others) {
    const std::string& name = names_[static_cast<size_t>(col)];
    if (IsSkippedColumn(name)) continue;
    absl::StatusOr<std::string> key = DimensionKeyFromTitle(name);
    if (!key.ok()) {
      return HeaderError(col, std::string(key.status().message()));
    }
    for (const auto& [other, other_key] : dimensions_) {
      if (other_key == *key) {
        return HeaderError(
            col, "dimension '" + *key + "' also comes from column '" + ColumnName(other) + "'");
      }
    }
    dimensions_.emplace_back(col, *key);
  }
  return absl::OkStatus();
}

std::string_view SdmxCsvReader::Code(const CsvRecord& record, int column) const {
  std::string_view cell = Cell(record, column);
  if (labels_) {
    size_t colon = cell.find(": ");
    if (colon != std::string_view::npos) cell = Trim(cell.substr(0, colon));
  }
  return cell;
}

bool SdmxCsvReader::Next(ObservationRow* row) {
  CsvRecord record;
  while (NextRecord(&record)) {
    const int line = record.line;
    if (NormalizeName(Code(record, col_[kAction])) == "d") {
      AddError(line, col_[kAction],
               "ACTION D (delete) is not supported: integra imports "
               "observations, it does not delete them from a file");
      continue;
    }
    ObservationRow r;
    r.line = line;
    bool ok =
        ParseText(line, col_[kRefArea], Code(record, col_[kRefArea]), ParseUnitKey, &r.unit_key);
    std::string_view indicator = Code(record, col_[kIndicator]);
    if (!indicator.empty()) {
      ok &= ParseText(line, col_[kIndicator], indicator, ParseIndicatorCode, &r.indicator);
    } else if (!read_options_.indicator.empty()) {
      r.indicator = read_options_.indicator;
    } else {
      AddError(line, col_[kIndicator], "indicator is empty");
      ok = false;
    }
    ok &=
        ParseText(line, col_[kTimePeriod], Code(record, col_[kTimePeriod]), ParsePeriod, &r.period);
    std::string_view value = Cell(record, col_[kObsValue]);
    if (value != "NaN") {
      ok &= Check(line, col_[kObsValue], ApplyValueCell(value, value_style_, &r));
    }
    std::optional<double> unit_mult;
    ok &= ParseInto(
        record, col_[kUnitMult],
        [](std::string_view cell) { return ParseNumber(cell, NumberStyle::kPoint); }, &unit_mult);
    if (unit_mult && r.value) *r.value *= std::pow(10.0, *unit_mult);
    for (const auto& [col, key] : dimensions_) {
      std::string_view code = Code(record, col);
      if (code.empty() || code == "_T" || code == "_Z") continue;
      r.breakdown.emplace_back(key, SdmxCodeValue(code));
    }
    std::sort(r.breakdown.begin(), r.breakdown.end());
    if (col_[kObsStatus] >= 0) {
      ok &= Check(line, col_[kObsStatus], ApplyObsStatusCode(Code(record, col_[kObsStatus]), &r));
    }
    if (col_[kConfStatus] >= 0) {
      ok &=
          Check(line, col_[kConfStatus], ApplyConfStatusCode(Code(record, col_[kConfStatus]), &r));
    }
    // integra's own column is exact where OBS_STATUS can carry only one flag; it adds to what
    // the status codes and a Destatis symbol in the value cell said.
    std::vector<std::string> integra_flags;
    ok &= ParseInto(record, col_[kIntegraFlags], ParseFlags, &integra_flags);
    for (const std::string& flag : integra_flags) AddFlag(flag, &r.flags);
    r.footnote = std::string(RawCell(record, col_[kCommentObs]));
    std::string_view source = RawCell(record, col_[kSourceDetail]);
    r.source = source.empty() ? read_options_.source : std::string(source);
    // Attributes the file does not have (the import keeps the stored field); without
    // INTEGRA_FLAGS, a value whose one status is B says nothing about its flags.
    if (col_[kSourceDetail] < 0 && read_options_.source.empty()) r.absent |= kFieldSource;
    if (col_[kCommentObs] < 0) r.absent |= kFieldFootnote;
    if (col_[kObsStatus] < 0) r.absent |= kFieldSeriesBreak;
    if (r.flags.empty() && col_[kIntegraFlags] < 0 && col_[kConfStatus] < 0 &&
        (col_[kObsStatus] < 0 || r.series_break)) {
      r.absent |= kFieldFlags;
    }
    if (ok) {
      *row = std::move(r);
      return true;
    }
  }
  return false;
}

}  // namespace integra::io
