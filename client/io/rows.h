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
  int line = 0;

  bool operator==(const ObservationRow&) const = default;
};

// Observation flags in canonical order (the order writers use).
inline constexpr std::string_view kObservationFlags[] = {"provisional", "estimated", "suppressed",
                                                         "synthetic"};

// One territorial unit (Gemeinde, Kreis, Land, ...), valid over [valid_from, valid_to].
struct UnitRow {
  std::string key;  // AGS/ARS key or another unit key
  std::string name;
  std::string type;  // lower-case, e.g. "gemeinde", "kreis", "kreisfreie_stadt", "land"
  std::optional<int64_t> population;
  std::optional<double> area_km2;
  std::optional<int> reference_year;  // year population and area refer to
  std::string valid_from;             // ISO date "YYYY-MM-DD" or empty (open)
  std::string valid_to;               // ISO date "YYYY-MM-DD" or empty (open)
  int line = 0;

  bool operator==(const UnitRow&) const = default;
};

// One catalog entry. Vocabulary fields are validated and lower-case; empty = not given.
struct IndicatorRow {
  std::string code;
  std::string name_de;
  std::string unit;         // free text: "%", "Personen", "je 1.000 Einwohner"
  std::string polarity;     // one of kPolarities
  std::string periodicity;  // one of kPeriodicities
  std::string aggregation;  // one of kAggregations: how unit values roll up to larger units
  std::string numerator;    // indicator code; required when aggregation is "ratio"
  std::string denominator;  // indicator code; required when aggregation is "ratio"
  std::string weight;       // indicator code; required when aggregation is "weighted_mean"
  std::vector<std::string> dimensions;     // breakdown dimension keys this indicator uses
  std::vector<std::string> action_fields;  // knowledge-graph ids of action fields
  std::string definition;
  std::string relevance;
  std::string interpretation;
  std::string data_source;
  std::string method_notes;
  std::optional<bool> ranking_allowed;  // nullopt = not given (the service decides)
  int line = 0;

  bool operator==(const IndicatorRow&) const = default;
};

inline constexpr std::string_view kPolarities[] = {"higher_is_better", "lower_is_better",
                                                   "neutral"};
inline constexpr std::string_view kPeriodicities[] = {"annual", "quarterly", "monthly",
                                                      "irregular"};
inline constexpr std::string_view kAggregations[] = {"sum", "ratio", "weighted_mean", "mean",
                                                     "none"};

// A target value for an indicator in one unit.
struct TargetRow {
  std::string indicator;
  std::string unit_key;
  std::string target_period;
  double target_value = 0;
  std::string baseline_period;  // empty = not given
  int line = 0;

  bool operator==(const TargetRow&) const = default;
};

}  // namespace integra::io
