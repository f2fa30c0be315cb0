#include "client/io/observation_reader.h"

#include <algorithm>
#include <utility>

#include "client/io/cells.h"
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

absl::Status HeaderError(int line, const std::string& reason) {
  return absl::InvalidArgumentError(CsvError{line, "", reason}.ToString());
}

}  // namespace

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

ObservationFormat DetectObservationFormat(const std::vector<std::string>& header) {
  std::vector<std::string> names;
  for (const std::string& field : header) {
    std::string name = NormalizeName(field);
    names.push_back(std::string(Trim(name.substr(0, name.find(':')))));
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
    std::unique_ptr<CsvReader> csv, const ObservationReadOptions& options,
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
  std::vector<int> others;
  absl::Status status = MatchHeader(ColumnNames(), &col_, &others);
  if (!status.ok()) return status;
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
    return HeaderError(header_line(), "column '" + ColumnName(col) +
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
    return HeaderError(header_line(),
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
  std::string_view source = RawCell(record, col_[kSource]);
  row->source = source.empty() ? read_options_.source : std::string(source);
  row->footnote = std::string(RawCell(record, col_[kFootnote]));
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
    ok &= ParseInto(
        record, col_[kValue],
        [&](std::string_view cell) { return ParseNumber(cell, number_style_); }, &r.value);
    std::optional<bool> series_break;
    ok &= ParseInto(record, col_[kSeriesBreak], ParseBool, &series_break);
    r.series_break = series_break.value_or(false);
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
    absl::StatusOr<std::optional<double>> value = ParseNumber(cell, number_style_);
    if (!value.ok()) {
      AddError(record.line, col, value.status());
      continue;
    }
    ObservationRow& r = pending_.emplace_back(base);
    r.period = period;
    r.value = *value;
  }
  return true;
}

absl::StatusOr<std::unique_ptr<ObservationReader>> OpenObservationReader(
    std::unique_ptr<CsvReader> csv, const ObservationReadOptions& options) {
  ObservationFormat format = options.format;
  if (format == ObservationFormat::kAuto) {
    format = DetectObservationFormat(csv->header().fields);
    if (format == ObservationFormat::kAuto) {
      return HeaderError(csv->header().line,
                         "cannot tell the format from the header: expected long "
                         "(ags,indicator,period,value), wide (ags,indicator,2020,2021,...), "
                         "Open SDG (Year,...,Value) or SDMX-CSV (DATAFLOW,...); pass --layout");
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
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, CsvReader::Open(path, options.csv));
  return OpenObservationReader(std::move(csv), options);
}

}  // namespace integra::io
