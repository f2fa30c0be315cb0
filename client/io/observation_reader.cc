#include "client/io/observation_reader.h"

#include <algorithm>
#include <utility>

#include "client/io/cells.h"
#include "client/io/obs_status.h"
#include "client/io/open_sdg.h"
#include "client/io/sdmx_csv.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

const std::vector<std::string_view>& ColumnNames() {
  static const std::vector<std::string_view> names = {"ags",       "indicator", "period",
                                                      "value",     "flags",     "source",
                                                      "breakdown", "footnote",  "series_break"};
  return names;
}

// German column names of official tables and what they hold (normalised: lower-case ASCII,
// UTF-8 umlauts as they are).
constexpr std::pair<std::string_view, std::string_view> kGermanNames[] = {
    {"ars", "ags"},
    {"schl\xC3\xBCssel", "ags"},
    {"schluessel", "ags"},
    {"gebietsschl\xC3\xBCssel", "ags"},
    {"gebietsschluessel", "ags"},
    {"regionalschl\xC3\xBCssel", "ags"},
    {"regionalschluessel", "ags"},
    {"gemeindeschl\xC3\xBCssel", "ags"},
    {"gemeindeschluessel", "ags"},
    {"kennziffer", "ags"},
    {"indikator", "indicator"},
    {"jahr", "period"},
    {"zeitraum", "period"},
    {"berichtsjahr", "period"},
    {"wert", "value"},
    {"quelle", "source"},
    {"fu\xC3\x9Fnote", "footnote"},
    {"fussnote", "footnote"},
    {"anmerkung", "footnote"},
    {"kennzeichen", "flags"},
    {"zeitreihenbruch", "series_break"},
};

// Columns that hold unit names: tolerated, never read (the register has the names).
constexpr std::string_view kNameColumns[] = {
    "gemeinde", "gemeindename", "name",        "kreis", "kreisname",
    "gebiet",   "gebietsname",  "bezeichnung", "land",  "regierungsbezirk"};

constexpr std::string_view kIgnore = "ignore";

}  // namespace

absl::StatusOr<ColumnMap> ParseColumnMap(std::string_view spec) {
  ColumnMap map;
  std::string_view rest = spec;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return absl::InvalidArgumentError(
          "--map: '" + std::string(item) +
          "' is not SRC=FIELD (e.g. --map Kennziffer=ags,Anteil=value)");
    }
    std::string source = NormalizeName(item.substr(0, eq));
    std::string field = NormalizeName(item.substr(eq + 1));
    const auto& fields = ColumnNames();
    if (source.empty()) {
      return absl::InvalidArgumentError("--map: '" + std::string(item) + "' names no column");
    }
    if (field != kIgnore && std::find(fields.begin(), fields.end(), field) == fields.end()) {
      return absl::InvalidArgumentError(
          "--map: '" + field +
          "' is not a field (ags, indicator, period, value, flags, source, breakdown, footnote, "
          "series_break, or ignore)");
    }
    for (const auto& [earlier, unused] : map) {
      if (earlier == source) {
        return absl::InvalidArgumentError("--map: column '" + source + "' is mapped twice");
      }
    }
    map.emplace_back(source, field);
  }
  return map;
}

std::string ObservationField(const std::string& name, const ColumnMap& map) {
  for (const auto& [source, field] : map) {
    if (source == name) return field;
  }
  const auto& fields = ColumnNames();
  if (std::find(fields.begin(), fields.end(), name) != fields.end()) return name;
  for (const auto& [german, field] : kGermanNames) {
    if (german == name) return std::string(field);
  }
  for (std::string_view n : kNameColumns) {
    if (n == name) return std::string(kIgnore);
  }
  return name;
}

std::optional<ObservationFormat> ParseObservationFormat(std::string_view name) {
  std::string n = NormalizeName(name);
  if (n == "auto") return ObservationFormat::kAuto;
  if (n == "long") return ObservationFormat::kLong;
  if (n == "wide") return ObservationFormat::kWide;
  if (n == "opensdg" || n == "open-sdg") return ObservationFormat::kOpenSdg;
  if (n == "sdmx" || n == "sdmx-csv") return ObservationFormat::kSdmxCsv;
  return std::nullopt;
}

std::string_view ObservationFormatName(ObservationFormat format) {
  switch (format) {
    case ObservationFormat::kAuto:
      return "auto";
    case ObservationFormat::kLong:
      return "long";
    case ObservationFormat::kWide:
      return "wide";
    case ObservationFormat::kOpenSdg:
      return "opensdg";
    case ObservationFormat::kSdmxCsv:
      return "sdmx-csv";
  }
  return "auto";
}

ObservationFormat DetectObservationFormat(const std::vector<std::string>& header,
                                          const ColumnMap& map) {
  std::vector<std::string> names;
  for (const std::string& field : header) {
    std::string name = NormalizeName(field);
    name = std::string(Trim(name.substr(0, name.find(':'))));
    // Open SDG's English "Year" stays itself; German and mapped names become fields.
    names.push_back(name == "year" ? name : ObservationField(name, map));
  }
  auto has = [&](std::string_view n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  if (has("dataflow") || has("structure")) return ObservationFormat::kSdmxCsv;
  if (has("year") && has("value")) return ObservationFormat::kOpenSdg;
  if (has("period") && has("value")) return ObservationFormat::kLong;
  for (const std::string& field : header) {
    if (IsPeriodColumnName(field)) return ObservationFormat::kWide;
  }
  return ObservationFormat::kAuto;
}

absl::StatusOr<std::unique_ptr<ObservationCsvReader>> ObservationCsvReader::Open(
    std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options,
    ObservationFormat format) {
  if (format != ObservationFormat::kLong && format != ObservationFormat::kWide) {
    return absl::InvalidArgumentError("ObservationCsvReader reads the long and wide formats");
  }
  std::unique_ptr<ObservationCsvReader> reader(
      new ObservationCsvReader(std::move(csv), options, format));
  RETURN_IF_ERROR(reader->Init());
  return reader;
}

absl::Status ObservationCsvReader::Init() {
  if (!read_options_.indicator.empty()) {
    absl::StatusOr<std::string> code = ParseIndicatorCode(read_options_.indicator);
    if (!code.ok())
      return absl::InvalidArgumentError("--indicator: " + std::string(code.status().message()));
  }
  for (const auto& [source, field] : read_options_.column_map) {
    if (std::find(names_.begin(), names_.end(), source) == names_.end()) {
      return HeaderError(-1, "--map names column '" + source + "', which the header does not have");
    }
  }
  // German and mapped names become fields; name columns and "ignore" are skipped; breakdown
  // dimension columns are set aside.
  std::vector<int> ignored;
  std::string name_columns;
  for (size_t col = 0; col < names_.size(); ++col) {
    if (names_[col].empty()) continue;
    if (std::any_of(read_options_.dimension_columns.begin(), read_options_.dimension_columns.end(),
                    [&](const std::string& d) { return NormalizeName(d) == names_[col]; })) {
      absl::StatusOr<std::string> key = ParseDimensionKey(names_[col]);
      if (!key.ok()) return HeaderError(static_cast<int>(col), std::string(key.status().message()));
      dimension_columns_.emplace_back(static_cast<int>(col), *std::move(key));
      ignored.push_back(static_cast<int>(col));
      continue;
    }
    std::string field = ObservationField(names_[col], read_options_.column_map);
    if (field == kIgnore) {
      ignored.push_back(static_cast<int>(col));
      bool mapped = std::any_of(read_options_.column_map.begin(), read_options_.column_map.end(),
                                [&](const auto& m) { return m.first == names_[col]; });
      if (!mapped)
        name_columns += (name_columns.empty() ? "" : ", ") + ColumnName(static_cast<int>(col));
    } else {
      names_[col] = field;
    }
  }
  if (!name_columns.empty()) {
    AddWarning(source().Locate(header_line(), -1,
                               "column(s) " + name_columns +
                                   " hold unit names and are not read (names come from the unit "
                                   "register; the key column identifies the unit)"));
  }
  std::vector<int> others;
  absl::Status status = MatchHeader(ColumnNames(), &col_, &others);
  if (!status.ok()) return status;
  std::erase_if(others, [&](int col) {
    return std::find(ignored.begin(), ignored.end(), col) != ignored.end();
  });
  std::vector<std::string_view> required = {"ags"};
  if (read_options_.indicator.empty()) required.push_back("indicator");
  if (format() == ObservationFormat::kLong) {
    required.push_back("period");
    required.push_back("value");
    status = RequireColumns(ColumnNames(), col_, required);
    if (!status.ok()) return status;
    return RejectUnknown(others,
                         "ags, indicator, period, value, flags, source, breakdown, "
                         "footnote, series_break");
  }
  // Wide: every other column must be a period.
  if (col_[kPeriod] >= 0 || col_[kValue] >= 0 || col_[kSeriesBreak] >= 0) {
    int col = std::max({col_[kPeriod], col_[kValue], col_[kSeriesBreak]});
    return HeaderError(-1, "column '" + ColumnName(col) +
                               "' belongs to the long format; a wide "
                               "table has one column per period (2020, 2021, ...)");
  }
  std::vector<int> unknown;
  for (int col : others) {
    if (IsPeriodColumnName(names_[static_cast<size_t>(col)])) {
      period_columns_.emplace_back(col, *ParsePeriod(names_[static_cast<size_t>(col)]));
    } else {
      unknown.push_back(col);
    }
  }
  if (period_columns_.empty()) {
    return HeaderError(-1,
                       "no period columns (expected headers like 2021, 2021-Q1 "
                       "or 2021-07)");
  }
  status = RequireColumns(ColumnNames(), col_, required);
  if (!status.ok()) return status;
  return RejectUnknown(unknown,
                       "ags, indicator, breakdown, flags, source, footnote and period "
                       "columns (2021, 2021-Q1, 2021-07)");
}

bool ObservationCsvReader::ParseCommon(const CsvRecord& record, ObservationRow* row) {
  row->line = record.line;
  bool ok = ParseInto(record, col_[kAgs], ParseUnitKey, &row->unit_key);
  if (col_[kIndicator] >= 0 && !Cell(record, col_[kIndicator]).empty()) {
    ok &= ParseInto(record, col_[kIndicator], ParseIndicatorCode, &row->indicator);
  } else if (!read_options_.indicator.empty()) {
    row->indicator = read_options_.indicator;
  } else {
    AddError(record.line, col_[kIndicator], "indicator is empty");
    ok = false;
  }
  ok &= ParseInto(record, col_[kFlags], ParseFlags, &row->flags);
  ok &= ParseInto(record, col_[kBreakdown], ParseBreakdown, &row->breakdown);
  for (const auto& [col, key] : dimension_columns_) {
    std::string_view value = Cell(record, col);
    if (value.empty()) continue;
    // (Compared through a named reference: clang before 16 cannot capture a structured
    // binding, and the fuzz preset builds with Debian 12's clang 14.)
    const std::string& dimension = key;
    if (std::any_of(row->breakdown.begin(), row->breakdown.end(),
                    [&](const auto& kv) { return kv.first == dimension; })) {
      AddError(record.line, col, "dimension '" + key + "' is also in the breakdown column");
      ok = false;
      continue;
    }
    if (value.find_first_of(";=") != std::string_view::npos) {
      AddError(record.line, col,
               "'" + std::string(value) + "' is not a breakdown value (no ';' or '=')");
      ok = false;
      continue;
    }
    row->breakdown.emplace_back(key, std::string(value));
  }
  std::sort(row->breakdown.begin(), row->breakdown.end());
  std::string_view source = RawCell(record, col_[kSource]);
  row->source = source.empty() ? read_options_.source : std::string(source);
  row->footnote = std::string(RawCell(record, col_[kFootnote]));
  // What the file does not carry: the import keeps the stored field (rows.h).
  if (Absent(record, col_[kSource]) && read_options_.source.empty()) row->absent |= kFieldSource;
  if (Absent(record, col_[kFootnote])) row->absent |= kFieldFootnote;
  if (Absent(record, col_[kSeriesBreak])) row->absent |= kFieldSeriesBreak;
  return ok;
}

bool ObservationCsvReader::Next(ObservationRow* row) {
  if (format() == ObservationFormat::kWide) {
    while (pending_next_ >= pending_.size()) {
      if (!ReadWideRecord()) return false;
    }
    *row = std::move(pending_[pending_next_++]);
    return true;
  }
  CsvRecord record;
  while (NextRecord(&record)) {
    ObservationRow r;
    bool ok = ParseCommon(record, &r);
    ok &= ParseInto(record, col_[kPeriod], ParsePeriod, &r.period);
    ok &= Check(record.line, col_[kValue],
                ApplyValueCell(Cell(record, col_[kValue]), number_style_, &r));
    std::optional<bool> series_break;
    ok &= ParseInto(record, col_[kSeriesBreak], ParseBool, &series_break);
    r.series_break = series_break.value_or(false);
    // A flag from a Destatis symbol in the value cell is carried even without a flags column.
    if (Absent(record, col_[kFlags]) && r.flags.empty()) r.absent |= kFieldFlags;
    if (ok) {
      *row = std::move(r);
      return true;
    }
  }
  return false;
}

// One wide record becomes one row per non-empty period cell. A bad identifying cell costs the
// whole record; a bad value cell costs only its own period.
bool ObservationCsvReader::ReadWideRecord() {
  pending_.clear();
  pending_next_ = 0;
  CsvRecord record;
  if (!NextRecord(&record)) return false;
  ObservationRow base;
  if (!ParseCommon(record, &base)) return true;
  for (const auto& [col, period] : period_columns_) {
    std::string_view cell = Cell(record, col);
    if (cell.empty()) continue;
    ObservationRow r = base;
    absl::Status value = ApplyValueCell(cell, number_style_, &r);
    if (!value.ok()) {
      AddError(record.line, col, value);
      continue;
    }
    if (Absent(record, col_[kFlags]) && r.flags.empty()) r.absent |= kFieldFlags;
    r.period = period;
    pending_.push_back(std::move(r));
  }
  return true;
}

absl::StatusOr<std::unique_ptr<ObservationReader>> OpenObservationReader(
    std::unique_ptr<RecordSource> csv, const ObservationReadOptions& options) {
  ObservationFormat format = options.format;
  if (format == ObservationFormat::kAuto) {
    format = DetectObservationFormat(csv->header().fields, options.column_map);
    if (format == ObservationFormat::kAuto) {
      return absl::InvalidArgumentError(
          csv->Locate(csv->header().line, -1,
                      "cannot tell the format from the header: expected long "
                      "(ags,indicator,period,value), wide (ags,indicator,2020,2021,...), "
                      "Open SDG (Year,...,Value) or SDMX-CSV (DATAFLOW,...); pass --layout")
              .ToString());
    }
  }
  switch (format) {
    case ObservationFormat::kOpenSdg: {
      ASSIGN_OR_RETURN(auto reader, OpenSdgCsvReader::Open(std::move(csv), options));
      return std::unique_ptr<ObservationReader>(std::move(reader));
    }
    case ObservationFormat::kSdmxCsv: {
      ASSIGN_OR_RETURN(auto reader, SdmxCsvReader::Open(std::move(csv), options));
      return std::unique_ptr<ObservationReader>(std::move(reader));
    }
    default: {
      ASSIGN_OR_RETURN(auto reader, ObservationCsvReader::Open(std::move(csv), options, format));
      return std::unique_ptr<ObservationReader>(std::move(reader));
    }
  }
}

absl::StatusOr<std::unique_ptr<ObservationReader>> OpenObservationFile(
    const std::string& path, const ObservationReadOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> csv, CsvReader::Open(path, options.csv));
  return OpenObservationReader(std::move(csv), options);
}

}  // namespace integra::io
