#include "client/io/catalog_readers.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "client/io/cells.h"
#include "client/io/csv_writer.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

template <size_t N>
absl::StatusOr<std::string> ParseVocabulary(std::string_view cell,
                                            const std::string_view (&words)[N],
                                            const std::string& what) {
  std::string word = NormalizeName(cell);
  if (word.empty()) return word;
  if (std::find(std::begin(words), std::end(words), word) != std::end(words)) return word;
  std::string list;
  for (std::string_view w : words) list += (list.empty() ? "" : ", ") + std::string(w);
  return absl::InvalidArgumentError("'" + std::string(Trim(cell)) + "' is not a " + what +
                                    " (one of: " + list + ")");
}

// Splits a '|' list, checking each item with `parse`.
template <typename Parse>
absl::StatusOr<std::vector<std::string>> ParseList(std::string_view cell, Parse parse) {
  std::vector<std::string> items;
  std::string_view rest = Trim(cell);
  while (!rest.empty()) {
    size_t bar = rest.find('|');
    std::string_view item = Trim(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    if (item.empty()) continue;
    ASSIGN_OR_RETURN(std::string parsed, parse(item));
    if (std::find(items.begin(), items.end(), parsed) == items.end()) items.push_back(parsed);
  }
  return items;
}

absl::StatusOr<std::string> NonEmpty(std::string_view cell, const std::string& what) {
  std::string_view s = Trim(cell);
  if (s.empty()) return absl::InvalidArgumentError(what + " is empty");
  return std::string(s);
}

absl::StatusOr<std::string> ParseUnitType(std::string_view cell) {
  std::string type = NormalizeName(cell);
  if (type == "kreis") return std::string("landkreis");
  if (type == "gemeinde") return std::string("kreisangehoerige_gemeinde");
  return ParseVocabulary(cell, kUnitTypes, "unit type");
}

// "nationality=deutsch,auslaendisch": a dimension key and its allowed values.
absl::StatusOr<DimensionSpec> ParseDimensionSpec(std::string_view item) {
  size_t eq = item.find('=');
  if (eq == std::string_view::npos) {
    std::string key(Trim(item));
    return absl::InvalidArgumentError("dimension '" + key + "' lists no values (write " + key +
                                      "=value1,value2,...)");
  }
  DimensionSpec spec;
  ASSIGN_OR_RETURN(std::string key, ParseDimensionKey(item.substr(0, eq)));
  spec.key = key;
  std::string_view rest = item.substr(eq + 1);
  while (true) {
    size_t comma = rest.find(',');
    std::string value(Trim(rest.substr(0, comma)));
    if (value.empty() || value.find_first_of("=;") != std::string::npos) {
      return absl::InvalidArgumentError("dimension '" + spec.key +
                                        "' has an empty or malformed value (write " + spec.key +
                                        "=value1,value2,...)");
    }
    if (std::find(spec.values.begin(), spec.values.end(), value) != spec.values.end()) {
      return absl::InvalidArgumentError("value '" + value + "' of dimension '" + spec.key +
                                        "' is listed twice");
    }
    spec.values.push_back(std::move(value));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return spec;
}

absl::StatusOr<std::vector<DimensionSpec>> ParseDimensions(std::string_view cell) {
  std::vector<DimensionSpec> dims;
  std::string_view rest = Trim(cell);
  while (!rest.empty()) {
    size_t bar = rest.find('|');
    std::string_view item = Trim(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    if (item.empty()) continue;
    ASSIGN_OR_RETURN(DimensionSpec spec, ParseDimensionSpec(item));
    for (const DimensionSpec& d : dims) {
      if (d.key == spec.key) {
        return absl::InvalidArgumentError("dimension '" + d.key + "' is declared twice");
      }
    }
    dims.push_back(std::move(spec));
  }
  return dims;
}

}  // namespace

// ---- units -------------------------------------------------------------------------------

namespace {
// The columns of a units file, in the order of UnitColumns().
enum UnitColumn {
  kKey,
  kName,
  kType,
  kPopulation,
  kYear,
  kArea,
  kTerritoryDate,
  kSeat,
  kOfficialTypeCode,
  kOfficialType,
  kValidFrom,
  kValidTo,
  kDegurba,
  kVerbandKey,
  kVerbandName,
  kVerbandTypeCode,
  kVerbandType
};
}  // namespace

absl::StatusOr<std::unique_ptr<UnitCsvReader>> UnitCsvReader::Open(
    std::unique_ptr<RecordSource> csv, const TableReadOptions& options) {
  std::unique_ptr<UnitCsvReader> reader(new UnitCsvReader(std::move(csv), options));
  if (absl::Status s = reader->MatchColumns(UnitColumns(), {"key", "name"}, &reader->col_); !s.ok())
    return s;
  return reader;
}

bool UnitCsvReader::Next(UnitRow* row) {
  CsvRecord record;
  while (NextRecord(&record)) {
    const int line = record.line;
    UnitRow r;
    r.line = line;
    bool ok = ParseInto(record, col_[kKey], ParseUnitKey, &r.key);
    ok &= ParseInto(
        record, col_[kName], [](std::string_view c) { return NonEmpty(c, "name"); }, &r.name);
    ok &= ParseInto(record, col_[kType], ParseUnitType, &r.type);
    ok &= ParseInto(
        record, col_[kPopulation], [&](std::string_view c) { return ParseCount(c, number_style_); },
        &r.population);
    ok &= ParseInto(
        record, col_[kYear],
        [](std::string_view c) -> absl::StatusOr<std::optional<int>> {
          if (Trim(c).empty()) return std::optional<int>();
          auto period = ParsePeriod(c);
          if (!period.ok() || period->size() != 4) {
            return absl::InvalidArgumentError("'" + std::string(Trim(c)) +
                                              "' is not a year (YYYY)");
          }
          return std::optional<int>(std::stoi(*period));
        },
        &r.population_year);
    ok &= ParseInto(
        record, col_[kArea],
        [&](std::string_view c) -> absl::StatusOr<std::optional<double>> {
          auto v = ParseNumber(c, number_style_);
          if (v.ok() && v->has_value() && **v < 0) {
            return absl::InvalidArgumentError("area must not be negative");
          }
          return v;
        },
        &r.area_km2);
    ok &= ParseInto(record, col_[kTerritoryDate], ParseDate, &r.territory_date);
    r.seat = std::string(Cell(record, col_[kSeat]));
    r.official_type_code = std::string(Cell(record, col_[kOfficialTypeCode]));
    r.official_type = std::string(Cell(record, col_[kOfficialType]));
    ok &= ParseInto(record, col_[kValidFrom], ParseDate, &r.valid_from);
    ok &= ParseInto(record, col_[kValidTo], ParseDate, &r.valid_to);
    ok &= ParseInto(
        record, col_[kDegurba],
        [](std::string_view c) -> absl::StatusOr<int> {
          std::string_view t = Trim(c);
          if (t.empty()) return 0;
          if (t == "1" || t == "2" || t == "3") return t[0] - '0';
          return absl::InvalidArgumentError(
              "'" + std::string(t) +
              "' is not a degree of urbanisation (1 Städte, 2 kleinere Städte und Vororte, 3 "
              "ländliche Gebiete)");
        },
        &r.degurba);
    r.verband_key = std::string(Cell(record, col_[kVerbandKey]));
    r.verband_name = std::string(Cell(record, col_[kVerbandName]));
    r.verband_type_code = std::string(Cell(record, col_[kVerbandTypeCode]));
    r.verband_type = std::string(Cell(record, col_[kVerbandType]));
    if (ok) {
      *row = std::move(r);
      return true;
    }
  }
  return false;
}

std::vector<std::string> UnitCsvReader::absent_fields() const {
  auto absent = [&](std::initializer_list<int> columns) {
    for (int c : columns) {
      if (col_[c] >= 0) return false;
    }
    return true;
  };
  std::vector<std::string> out;
  if (absent({kSeat})) out.push_back("seat");
  if (absent({kTerritoryDate})) out.push_back("territory_date");
  if (absent({kPopulation, kYear})) out.push_back("population");
  if (absent({kArea})) out.push_back("area");
  if (absent({kDegurba})) out.push_back("degurba");
  if (absent({kVerbandKey, kVerbandName, kVerbandTypeCode, kVerbandType})) {
    out.push_back("verband");
  }
  if (absent({kOfficialTypeCode, kOfficialType})) out.push_back("official_type");
  if (absent({kValidFrom, kValidTo})) out.push_back("validity");
  return out;
}

// ---- indicators --------------------------------------------------------------------------

absl::StatusOr<std::unique_ptr<IndicatorCsvReader>> IndicatorCsvReader::Open(
    std::unique_ptr<RecordSource> csv, const TableReadOptions& options) {
  std::unique_ptr<IndicatorCsvReader> reader(new IndicatorCsvReader(std::move(csv), options));
  if (absl::Status s = reader->MatchColumns(IndicatorColumns(), {"code", "name_de"}, &reader->col_);
      !s.ok())
    return s;
  return reader;
}

bool IndicatorCsvReader::Next(IndicatorRow* row) {
  // The order of IndicatorColumns().
  enum {
    kCode,
    kName,
    kUnit,
    kUnitLabel,
    kPolarity,
    kPeriodicity,
    kAggregation,
    kNumerator,
    kDenominator,
    kScale,
    kWeight,
    kDimensions,
    kActionFields,
    kDefinition,
    kRelevance,
    kInterpretation,
    kDataSource,
    kMethodNotes,
    kRanking,
    kGapBase,
    kGapDimension,
    kGapFocus,
    kGapReference,
    kGapKind,
    kMin,
    kMax
  };
  auto optional_code = [](std::string_view c) -> absl::StatusOr<std::string> {
    if (Trim(c).empty()) return std::string();
    return ParseIndicatorCode(c);
  };
  auto text = [&](const CsvRecord& record, int column) {
    return std::string(RawCell(record, column));
  };
  CsvRecord record;
  while (NextRecord(&record)) {
    const int line = record.line;
    IndicatorRow r;
    r.line = line;
    bool ok = ParseInto(record, col_[kCode], ParseIndicatorCode, &r.code);
    ok &= ParseInto(
        record, col_[kName], [](std::string_view c) { return NonEmpty(c, "name_de"); }, &r.name_de);
    r.unit = std::string(Cell(record, col_[kUnit]));
    if (std::string unit = NormalizeName(r.unit);
        unit == "%" || std::find(std::begin(kMeasureUnits), std::end(kMeasureUnits), unit) !=
                           std::end(kMeasureUnits)) {
      r.unit = unit == "%" ? "percent" : unit;
    }
    r.unit_label = text(record, col_[kUnitLabel]);
    ok &= ParseInto(
        record, col_[kPolarity],
        [](std::string_view c) { return ParseVocabulary(c, kPolarities, "polarity"); },
        &r.polarity);
    ok &= ParseInto(
        record, col_[kPeriodicity],
        [](std::string_view c) { return ParseVocabulary(c, kPeriodicities, "periodicity"); },
        &r.periodicity);
    ok &= ParseInto(
        record, col_[kAggregation],
        [](std::string_view c) { return ParseVocabulary(c, kAggregations, "aggregation"); },
        &r.aggregation);
    ok &= ParseInto(record, col_[kNumerator], optional_code, &r.numerator);
    ok &= ParseInto(record, col_[kDenominator], optional_code, &r.denominator);
    ok &= ParseInto(
        record, col_[kScale],
        [&](std::string_view c) -> absl::StatusOr<std::optional<double>> {
          auto v = ParseNumber(c, number_style_);
          if (v.ok() && v->has_value() && **v <= 0) {
            return absl::InvalidArgumentError("scale must be greater than 0");
          }
          return v;
        },
        &r.scale);
    ok &= ParseInto(record, col_[kWeight], optional_code, &r.weight);
    ok &= ParseInto(record, col_[kDimensions], ParseDimensions, &r.dimensions);
    ok &= ParseInto(
        record, col_[kActionFields], [](std::string_view c) { return ParseList(c, ParseGraphId); },
        &r.action_fields);
    r.definition = text(record, col_[kDefinition]);
    r.relevance = text(record, col_[kRelevance]);
    r.interpretation = text(record, col_[kInterpretation]);
    r.data_source = text(record, col_[kDataSource]);
    r.method_notes = text(record, col_[kMethodNotes]);
    ok &= ParseInto(record, col_[kRanking], ParseBool, &r.ranking_allowed);
    ok &= ParseInto(record, col_[kGapBase], optional_code, &r.gap_base);
    ok &= ParseInto(
        record, col_[kGapDimension],
        [](std::string_view c) -> absl::StatusOr<std::string> {
          if (Trim(c).empty()) return std::string();
          return ParseDimensionKey(c);
        },
        &r.gap_dimension);
    r.gap_focus = std::string(Cell(record, col_[kGapFocus]));
    r.gap_reference = std::string(Cell(record, col_[kGapReference]));
    ok &= ParseInto(
        record, col_[kGapKind],
        [](std::string_view c) { return ParseVocabulary(c, kGapKinds, "gap kind"); }, &r.gap_kind);
    ok &= ParseInto(
        record, col_[kMin], [&](std::string_view c) { return ParseNumber(c, number_style_); },
        &r.min_value);
    ok &= ParseInto(
        record, col_[kMax], [&](std::string_view c) { return ParseNumber(c, number_style_); },
        &r.max_value);
    if (ok && r.min_value && r.max_value && *r.min_value > *r.max_value) {
      AddError(line, col_[kMin],
               absl::StrCat("min ", *r.min_value, " is above max ", *r.max_value));
      ok = false;
    }
    const bool any_gap = !r.gap_base.empty() || !r.gap_dimension.empty() || !r.gap_focus.empty() ||
                         !r.gap_reference.empty() || !r.gap_kind.empty();
    if (ok && any_gap &&
        (r.gap_base.empty() || r.gap_dimension.empty() || r.gap_focus.empty() ||
         r.gap_reference.empty())) {
      AddError(line, col_[kGapBase],
               "a gap indicator needs gap_base, gap_dimension, gap_focus and gap_reference");
      ok = false;
    }
    if (ok && r.aggregation == "ratio" && (r.numerator.empty() || r.denominator.empty())) {
      AddError(line, col_[kAggregation], "aggregation 'ratio' needs numerator and denominator");
      ok = false;
    }
    if (ok && r.aggregation == "weighted_mean" && r.weight.empty()) {
      AddError(line, col_[kAggregation], "aggregation 'weighted_mean' needs weight");
      ok = false;
    }
    if (ok && r.scale.has_value() && r.aggregation != "ratio") {
      AddError(line, col_[kScale], "scale applies only to aggregation 'ratio'");
      ok = false;
    }
    if (ok) {
      *row = std::move(r);
      return true;
    }
  }
  return false;
}

// ---- targets -----------------------------------------------------------------------------

absl::StatusOr<std::unique_ptr<TargetCsvReader>> TargetCsvReader::Open(
    std::unique_ptr<RecordSource> csv, const TableReadOptions& options) {
  std::unique_ptr<TargetCsvReader> reader(new TargetCsvReader(std::move(csv), options));
  if (absl::Status s = reader->MatchColumns(
          TargetColumns(), {"indicator", "ags", "target_period", "target_value"}, &reader->col_);
      !s.ok())
    return s;
  return reader;
}

bool TargetCsvReader::Next(TargetRow* row) {
  // The order of TargetColumns().
  enum {
    kIndicator,
    kAgs,
    kTargetPeriod,
    kTargetValue,
    kBaselinePeriod,
    kBaselineValue,
    kBreakdown,
    kTolerance,
    kTrendPoints,
    kNote
  };
  CsvRecord record;
  while (NextRecord(&record)) {
    const int line = record.line;
    TargetRow r;
    r.line = line;
    bool ok = ParseInto(record, col_[kIndicator], ParseIndicatorCode, &r.indicator);
    ok &= ParseInto(record, col_[kAgs], ParseUnitKey, &r.unit_key);
    ok &= ParseInto(record, col_[kTargetPeriod], ParsePeriod, &r.target_period);
    ok &= ParseInto(
        record, col_[kTargetValue],
        [&](std::string_view c) -> absl::StatusOr<double> {
          ASSIGN_OR_RETURN(auto v, ParseNumber(c, number_style_));
          if (!v.has_value()) return absl::InvalidArgumentError("target value is missing");
          return *v;
        },
        &r.target_value);
    ok &= ParseInto(
        record, col_[kBaselinePeriod],
        [](std::string_view c) -> absl::StatusOr<std::string> {
          if (Trim(c).empty()) return std::string();
          return ParsePeriod(c);
        },
        &r.baseline_period);
    ok &= ParseInto(
        record, col_[kBaselineValue],
        [&](std::string_view c) { return ParseNumber(c, number_style_); }, &r.baseline_value);
    ok &= ParseInto(record, col_[kBreakdown], ParseBreakdown, &r.breakdown);
    ok &= ParseInto(
        record, col_[kTolerance],
        [&](std::string_view c) -> absl::StatusOr<std::optional<double>> {
          auto v = ParseNumber(c, number_style_);
          if (v.ok() && v->has_value() && **v < 0) {
            return absl::InvalidArgumentError("tolerance must not be negative");
          }
          return v;
        },
        &r.tolerance);
    ok &= ParseInto(
        record, col_[kTrendPoints],
        [&](std::string_view c) -> absl::StatusOr<std::optional<int>> {
          ASSIGN_OR_RETURN(auto v, ParseCount(c, number_style_));
          if (!v.has_value()) return std::optional<int>();
          if (*v == 1 || *v > 1000) {
            return absl::InvalidArgumentError("trend_points must be 0 (all points) or 2 to 1000");
          }
          return std::optional<int>(static_cast<int>(*v));
        },
        &r.trend_points);
    r.note = std::string(RawCell(record, col_[kNote]));
    if (ok && !r.baseline_period.empty() && r.baseline_period >= r.target_period) {
      AddError(line, col_[kBaselinePeriod],
               "baseline period " + r.baseline_period + " is not before target period " +
                   r.target_period);
      ok = false;
    }
    if (ok && r.baseline_value.has_value() && r.baseline_period.empty()) {
      AddError(line, col_[kBaselineValue], "a baseline value needs its baseline_period");
      ok = false;
    }
    if (ok) {
      *row = std::move(r);
      return true;
    }
  }
  return false;
}

}  // namespace integra::io
