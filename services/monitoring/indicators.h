// The indicator catalog's model: what an indicator measures, how to read it, how it rolls up and
// which breakdowns (nationality, sex, age group, ...) its observations may carry.
//
// Persisted enums carry explicit values: never renumber, only append.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/analytics/aggregation.h"
#include "services/analytics/gaps.h"
#include "services/analytics/polarity.h"
#include "services/monitoring/periods.h"

namespace integra::monitoring {

enum class MeasureUnit : uint8_t {
  kPercent = 1,  // 0-100, checked on every observation
  kCount = 2,
  kPer1000Inhabitants = 3,
  kPer100000Inhabitants = 4,
  kEur = 5,
  kEurPerInhabitant = 6,
  kIndex = 7,
  kYears = 8,
  kOther = 9,  // described by Indicator::unit_label
};

std::string MeasureUnitName(MeasureUnit u);  // "percent", "count", "per_1000_inhabitants"
absl::StatusOr<MeasureUnit> ParseMeasureUnit(const std::string& name);

struct Aggregation {
  AggregationKind kind = AggregationKind::kNone;
  std::string numerator;    // kRatio: indicator code
  std::string denominator;  // kRatio: indicator code
  double scale = 1.0;       // kRatio: factor (100 for percent, 1000 per 1,000 inhabitants)
  std::string weight;       // kWeightedMean: indicator code
  bool operator==(const Aggregation&) const = default;
};

// A breakdown dimension and the values an observation may carry for it.
// Declarations are append-only: observation keys store indices into these lists.
struct Dimension {
  std::string name;                 // lower-case: nationality, sex, age_group, ...
  std::vector<std::string> values;  // e.g. german, foreign
  bool operator==(const Dimension&) const = default;
};

// The metadata sheet ("Indikatorenblatt") in the form German monitoring reports use.
struct MetadataSheet {
  std::string definition;            // Definition
  std::string relevance;             // Empirische Relevanz
  std::string interpretation;        // Bewertung / Interpretation
  std::string data_source;           // Datenquelle
  std::string methodological_notes;  // Methodische Hinweise
  bool operator==(const MetadataSheet&) const = default;
};

// A gap indicator compares two breakdowns of a base indicator (e.g. the unemployment rate of
// foreign nationals minus that of Germans). Only this definition is stored: the values are
// computed on read from the base indicator's observations and never stored twice; parity
// (difference 0, ratio 1) is the natural target. Persisted with the indicator record.
struct GapDefinition {
  std::string base;       // code of the base indicator, e.g. ALQ
  std::string dimension;  // a dimension the base declares, e.g. nationality
  std::string focus;      // value of the focus group, e.g. foreign
  std::string reference;  // value of the reference group, e.g. german
  analytics::GapKind kind = analytics::GapKind::kDifference;
  bool operator==(const GapDefinition&) const = default;
};

struct Indicator {
  std::string code;     // A-Z, 0-9, _; starts with a letter; 2-64 chars, e.g. AUSL_ANTEIL
  std::string name_de;  // e.g. "Ausländeranteil"
  MetadataSheet sheet;
  MeasureUnit unit = MeasureUnit::kCount;
  std::string unit_label;  // free text; required for kOther, optional otherwise ("Personen")
  Polarity polarity = Polarity::kNeutral;
  Periodicity periodicity = Periodicity::kYear;
  Aggregation aggregation;
  std::vector<Dimension> dimensions;
  bool ranking_allowed = true;  // may peer comparison rank units by this indicator?
  // The value domain, inclusive (both finite, min <= max); absent = the unit's default (see
  // ValueDomainOf). Observations outside it are refused.
  std::optional<double> min_value;
  std::optional<double> max_value;
  // Set for a gap indicator (values computed on read; observations are refused). A gap
  // indicator declares no dimensions and has aggregation NONE; the catalog gives it the base's
  // periodicity.
  std::optional<GapDefinition> gap;
  // Assigned by the catalog on creation.
  uint32_t id = 0;
  int64_t created_micros = 0;
  bool operator==(const Indicator&) const = default;
};

// A breakdown of an observation: dimension name -> value. Empty = the total.
using Breakdown = std::map<std::string, std::string>;

inline constexpr size_t kMaxDimensions = 16;
inline constexpr size_t kMaxDimensionValues = 250;

// The values an indicator's observations may take, inclusive.
struct ValueDomain {
  double min;
  double max;
};
// The largest count integra accepts by default: 2^53, the last integer a double holds exactly.
inline constexpr double kMaxCount = 9007199254740992.0;
// Explicit min_value/max_value, each side defaulting by unit: percent [0, 100], count
// [0, kMaxCount], every other unit unbounded (-DBL_MAX, DBL_MAX).
ValueDomain ValueDomainOf(const Indicator& indicator);

// InvalidArgument unless `code` matches [A-Z][A-Z0-9_]{1,63}.
absl::Status ValidateIndicatorCode(const std::string& code);
// Checks everything that does not need the catalog: code, name, unit label, ratio scale,
// aggregation fields present for its kind and not naming the indicator itself, dimension names
// ([a-z][a-z0-9_]*) and values (1-64 chars of letters, digits, _ + - .), no duplicates, limits;
// for a gap indicator: base code valid and not itself, dimension and two distinct values given,
// no own dimensions, aggregation NONE; min_value/max_value finite and min <= max (each side
// against the other's default too).
absl::Status ValidateIndicator(const Indicator& indicator);

// A gap indicator against its base (which the caller found): the base is no gap itself and
// declares the gap's dimension with both compared values. Gives `gap` its base's periodicity
// (a gap lives on its base's periods). InvalidArgument naming what is wrong.
absl::Status CheckGapAgainstBase(Indicator& gap, const Indicator& base);

// The knowledge-graph node id of an indicator: "ind." + lower-case code.
std::string IndicatorNodeId(const std::string& code);

// Default ratio scale for a unit of measure: 100 (percent), 1000, 100000, else 1.
double DefaultRatioScale(MeasureUnit unit);

// Parses "nationality=foreign,sex=f" (empty text = total). InvalidArgument if malformed or a
// dimension repeats.
absl::StatusOr<Breakdown> ParseBreakdown(const std::string& text);
// Canonical text: pairs in the indicator's declaration order, "" for the total.
std::string BreakdownText(const Indicator& indicator, const Breakdown& breakdown);
// The key bytes (BD, see monitoring_keys.h). InvalidArgument naming the unknown dimension or
// value and listing the declared ones.
absl::StatusOr<std::string> EncodeBreakdown(const Indicator& indicator, const Breakdown& breakdown);
// Inverse of EncodeBreakdown. DataLoss if an index is out of range.
absl::StatusOr<Breakdown> DecodeBreakdown(const Indicator& indicator, std::string_view bytes);

}  // namespace integra::monitoring
