#include "client/io/csv_writer.h"

#include "client/io/cells.h"

namespace integra::io {

std::string QuoteCsvField(std::string_view value, char delimiter) {
  bool quote = value.find_first_of("\"\r\n") != std::string_view::npos ||
               value.find(delimiter) != std::string_view::npos ||
               (!value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                                   value.back() == ' ' || value.back() == '\t'));
  if (!quote) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CsvLineWriter::CsvLineWriter(std::ostream& out, const CsvWriteOptions& options)
    : out_(out), options_(options) {
  if (options_.utf8_bom) out_ << "\xEF\xBB\xBF";
}

void CsvLineWriter::WriteLine(const std::vector<std::string>& cells) {
  line_.clear();
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line_ += options_.delimiter;
    line_ += QuoteCsvField(cells[i], options_.delimiter);
  }
  line_ += '\n';
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

absl::Status CsvLineWriter::status() const {
  if (out_.fail()) return absl::InternalError("writing the output failed (disk full or closed?)");
  return absl::OkStatus();
}

std::string CsvLineWriter::Number(double value) const {
  return FormatNumber(value, options_.decimal_comma);
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += '|';
    out += item;
  }
  return out;
}

std::string FormatDimensions(const std::vector<DimensionSpec>& dimensions) {
  std::string out;
  for (const DimensionSpec& d : dimensions) {
    if (!out.empty()) out += '|';
    out += d.key + "=";
    for (size_t i = 0; i < d.values.size(); ++i) out += (i > 0 ? "," : "") + d.values[i];
  }
  return out;
}

ObservationCsvWriter::ObservationCsvWriter(std::ostream& out, const CsvWriteOptions& options)
    : out_(out), line_(out, options) {
  line_.WriteLine({"ags", "indicator", "period", "value", "flags", "source", "breakdown",
                   "footnote", "series_break"});
}

absl::Status ObservationCsvWriter::Write(const ObservationRow& row) {
  line_.WriteLine({row.unit_key, row.indicator, row.period,
                   row.value ? line_.Number(*row.value) : std::string(), FormatFlags(row.flags),
                   row.source, FormatBreakdown(row.breakdown), row.footnote,
                   row.series_break ? "true" : "false"});
  ++rows_;
  return line_.status();
}

absl::Status ObservationCsvWriter::Finish() {
  out_.flush();
  return line_.status();
}

const std::vector<std::string_view>& UnitColumns() {
  static const std::vector<std::string_view> columns = {"key",
                                                        "name",
                                                        "type",
                                                        "population",
                                                        "population_year",
                                                        "area_km2",
                                                        "territory_date",
                                                        "seat",
                                                        "official_type_code",
                                                        "official_type",
                                                        "valid_from",
                                                        "valid_to",
                                                        "degurba",
                                                        "verband_key",
                                                        "verband_name",
                                                        "verband_type_code",
                                                        "verband_type"};
  return columns;
}

UnitCsvWriter::UnitCsvWriter(std::ostream& out, const CsvWriteOptions& options)
    : out_(out), line_(out, options) {
  std::vector<std::string> header;
  for (std::string_view c : UnitColumns()) header.emplace_back(c);
  line_.WriteLine(header);
}

absl::Status UnitCsvWriter::Write(const UnitRow& row) {
  line_.WriteLine({row.key, row.name, row.type,
                   row.population ? std::to_string(*row.population) : std::string(),
                   row.population_year ? std::to_string(*row.population_year) : std::string(),
                   row.area_km2 ? line_.Number(*row.area_km2) : std::string(), row.territory_date,
                   row.seat, row.official_type_code, row.official_type, row.valid_from,
                   row.valid_to, row.degurba == 0 ? std::string() : std::to_string(row.degurba),
                   row.verband_key, row.verband_name, row.verband_type_code, row.verband_type});
  return line_.status();
}

absl::Status UnitCsvWriter::Finish() {
  out_.flush();
  return line_.status();
}

const std::vector<std::string_view>& IndicatorColumns() {
  static const std::vector<std::string_view> columns = {
      "code",           "name_de",     "unit",          "unit_label",      "polarity",
      "periodicity",    "aggregation", "numerator",     "denominator",     "scale",
      "weight",         "dimensions",  "action_fields", "definition",      "relevance",
      "interpretation", "data_source", "method_notes",  "ranking_allowed", "gap_base",
      "gap_dimension",  "gap_focus",   "gap_reference", "gap_kind",        "min",
      "max"};
  return columns;
}

IndicatorCsvWriter::IndicatorCsvWriter(std::ostream& out, const CsvWriteOptions& options)
    : out_(out), line_(out, options) {
  std::vector<std::string> header;
  for (std::string_view c : IndicatorColumns()) header.emplace_back(c);
  line_.WriteLine(header);
}

absl::Status IndicatorCsvWriter::Write(const IndicatorRow& row) {
  std::string ranking;
  if (row.ranking_allowed) ranking = *row.ranking_allowed ? "true" : "false";
  line_.WriteLine({row.code,
                   row.name_de,
                   row.unit,
                   row.unit_label,
                   row.polarity,
                   row.periodicity,
                   row.aggregation,
                   row.numerator,
                   row.denominator,
                   row.scale ? line_.Number(*row.scale) : std::string(),
                   row.weight,
                   FormatDimensions(row.dimensions),
                   JoinList(row.action_fields),
                   row.definition,
                   row.relevance,
                   row.interpretation,
                   row.data_source,
                   row.method_notes,
                   ranking,
                   row.gap_base,
                   row.gap_dimension,
                   row.gap_focus,
                   row.gap_reference,
                   row.gap_kind,
                   row.min_value ? line_.Number(*row.min_value) : std::string(),
                   row.max_value ? line_.Number(*row.max_value) : std::string()});
  return line_.status();
}

absl::Status IndicatorCsvWriter::Finish() {
  out_.flush();
  return line_.status();
}

const std::vector<std::string_view>& TargetColumns() {
  static const std::vector<std::string_view> columns = {
      "indicator",      "ags",       "target_period", "target_value", "baseline_period",
      "baseline_value", "breakdown", "tolerance",     "trend_points", "note"};
  return columns;
}

TargetCsvWriter::TargetCsvWriter(std::ostream& out, const CsvWriteOptions& options)
    : out_(out), line_(out, options) {
  std::vector<std::string> header;
  for (std::string_view c : TargetColumns()) header.emplace_back(c);
  line_.WriteLine(header);
}

absl::Status TargetCsvWriter::Write(const TargetRow& row) {
  line_.WriteLine(
      {row.indicator, row.unit_key, row.target_period, line_.Number(row.target_value),
       row.baseline_period, row.baseline_value ? line_.Number(*row.baseline_value) : std::string(),
       FormatBreakdown(row.breakdown), row.tolerance ? line_.Number(*row.tolerance) : std::string(),
       row.trend_points ? std::to_string(*row.trend_points) : std::string(), row.note});
  return line_.status();
}

absl::Status TargetCsvWriter::Finish() {
  out_.flush();
  return line_.status();
}

}  // namespace integra::io
