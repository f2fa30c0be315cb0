// Neutral row types that integra's import and export formats read and write.
//
// Plain C++ on purpose: no protobuf, no storage types. The CLI converts these rows to and from
// the MonitoringService messages, so the file formats stay independent of the wire and storage
// model. Every row carries the 1-based physical line where its record started (0 when the row
// did not come from a file), so callers can point users at the offending line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace integra::io {

// Descriptive fields of an observation that a file may have no place for: bits of
// ObservationRow::absent. An import keeps what is stored in a field its row does not carry
// (docs/io.md "Fields a file does not carry"); an empty cell in a column that is there clears
// the field.
enum ObservationField : uint8_t {
  kFieldSource = 1,       // no source column (and no --source)
  kFieldFootnote = 2,     // no footnote column
  kFieldFlags = 4,        // no flags column, and no flag from a symbol or status code
  kFieldSeriesBreak = 8,  // no series_break column
};

// One observation: the value of one indicator for one territorial unit in one period, possibly
// for a breakdown (sub-population) of it.
struct ObservationRow {
  std::string unit_key;   // AGS/ARS key such as "05315000", or another unit key
  std::string indicator;  // indicator code, e.g. "share_foreign"
  std::string period;     // canonical: "2021", "2021-Q3" or "2021-07"
  // Breakdown dimensions, sorted by key, keys lower-case, e.g. {{"nationality","foreign"},
  // {"sex","female"}}. Empty = the total.
  std::vector<std::pair<std::string, std::string>> breakdown;
  std::optional<double> value;     // nullopt = missing (never silently zero)
  std::vector<std::string> flags;  // lower-case names from kObservationFlags, canonical order
  std::string source;
  std::string footnote;
  bool series_break = false;  // the method or definition changed from this period on
  uint8_t absent = 0;         // ObservationField bits: fields the row's file does not carry
  int line = 0;

  bool operator==(const ObservationRow&) const = default;
};

// Observation flags in canonical order (the order writers use); the service's ObservationFlag
// values of the same names. The last four come from Destatis table symbols ("(12)", "x", "/",
// "..."; see ParseNumericCell in cells.h); their SDMX codes are in obs_status.h.
inline constexpr std::string_view kObservationFlags[] = {
    "provisional",     "estimated", "suppressed", "synthetic",
    "low_reliability", "blocked",   "unreliable", "not_yet_available"};

// One territorial unit (Land, Kreis, Gemeinde, ...) as the unit register holds it.
struct UnitRow {
  std::string key;  // AGS key such as "05315000" (Kreis: 5 digits, Land: 2), "DG" = Bund
  std::string name;
  // Lower-case, one of kUnitTypes; empty = derived from the key (Bund, Land, Regierungsbezirk).
  std::string type;
  std::optional<int64_t> population;
  std::optional<int> population_year;  // population at 31 Dec of this year
  std::optional<double> area_km2;
  std::string territory_date;      // Gebietsstand, ISO date "YYYY-MM-DD" or empty
  std::string seat;                // seat of the administration
  std::string official_type_code;  // register code, e.g. "63"
  std::string official_type;       // register text, e.g. "Große Kreisstadt"
  std::string valid_from;          // validity, ISO dates or empty (open)
  std::string valid_to;
  int degurba = 0;          // Gemeinden: 1-3 (DEGURBA), 0 = not known
  std::string verband_key;  // Gemeinden: their Gemeindeverband LLRKKVVVV, name, type
  std::string verband_name;
  std::string verband_type_code;
  std::string verband_type;
  int line = 0;

  bool operator==(const UnitRow&) const = default;
};

// Unit types (the service's names, lower-case). Readers also accept "kreis" for landkreis and
// "gemeinde" for kreisangehoerige_gemeinde.
inline constexpr std::string_view kUnitTypes[] = {"bund",
                                                  "land",
                                                  "stadtstaat",
                                                  "regierungsbezirk",
                                                  "kreisfreie_stadt",
                                                  "landkreis",
                                                  "kreisangehoerige_gemeinde",
                                                  "gemeindefreies_gebiet"};

// A breakdown dimension an indicator declares, with the values its observations may carry.
struct DimensionSpec {
  std::string key;                  // lower-case identifier, e.g. "nationality"
  std::vector<std::string> values;  // e.g. "deutsch", "auslaendisch"; order is kept

  bool operator==(const DimensionSpec&) const = default;
};

// One catalog entry. Vocabulary fields are validated and lower-case; empty = not given.
struct IndicatorRow {
  std::string code;
  std::string name_de;
  // Unit of measure: one of kMeasureUnits ("%" is read as "percent"), or free text such as
  // "EUR je m²", which the service keeps as unit "other" with that label.
  std::string unit;
  std::string unit_label;       // free text shown with the values, e.g. "Personen"
  std::string polarity;         // one of kPolarities
  std::string periodicity;      // one of kPeriodicities
  std::string aggregation;      // one of kAggregations: how unit values roll up to larger units
  std::string numerator;        // indicator code; required when aggregation is "ratio"
  std::string denominator;      // indicator code; required when aggregation is "ratio"
  std::optional<double> scale;  // ratio: factor (empty = by unit: 100 for percent, ...)
  std::string weight;           // indicator code; required when aggregation is "weighted_mean"
  std::vector<DimensionSpec> dimensions;   // breakdown dimensions this indicator uses
  std::vector<std::string> action_fields;  // knowledge-graph ids of action fields
  std::string definition;
  std::string relevance;
  std::string interpretation;
  std::string data_source;
  std::string method_notes;
  std::optional<bool> ranking_allowed;  // nullopt = not given (the service decides)
  // A gap indicator (its values are computed on read from two breakdowns of a base indicator):
  // base, dimension, focus and reference all set, or all empty. Kind: one of kGapKinds.
  std::string gap_base;
  std::string gap_dimension;
  std::string gap_focus;
  std::string gap_reference;
  std::string gap_kind;
  // The value domain, inclusive (empty = the unit's default: percent 0-100, count 0 to 2^53).
  std::optional<double> min_value;
  std::optional<double> max_value;
  int line = 0;

  bool operator==(const IndicatorRow&) const = default;
};

inline constexpr std::string_view kMeasureUnits[] = {"percent",
                                                     "count",
                                                     "per_1000_inhabitants",
                                                     "per_100000_inhabitants",
                                                     "eur",
                                                     "eur_per_inhabitant",
                                                     "index",
                                                     "years",
                                                     "other"};
inline constexpr std::string_view kPolarities[] = {"higher_is_better", "lower_is_better",
                                                   "neutral"};
inline constexpr std::string_view kPeriodicities[] = {"annual", "quarterly", "monthly"};
inline constexpr std::string_view kAggregations[] = {"none", "sum", "ratio", "weighted_mean"};
inline constexpr std::string_view kGapKinds[] = {"difference", "ratio"};

// A target value for an indicator in one unit.
struct TargetRow {
  std::string indicator;
  std::string unit_key;
  std::string target_period;
  double target_value = 0;
  std::string baseline_period;           // empty = not given (the first observed point)
  std::optional<double> baseline_value;  // nullopt = the observed value of baseline_period
  // As ObservationRow::breakdown: sorted (dimension, value) pairs; empty = the total.
  std::vector<std::pair<std::string, std::string>> breakdown;
  std::optional<double> tolerance;  // absolute, in the indicator's unit
  std::optional<int> trend_points;  // fit the projection to the last k points
  std::string note;                 // e.g. the council decision the target comes from
  int line = 0;

  bool operator==(const TargetRow&) const = default;
};

}  // namespace integra::io
