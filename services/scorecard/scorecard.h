// The scorecard of one territorial unit for one period: the knowledge base's action fields joined
// with the unit's indicator values, its position among its peers, trends and targets, the fields
// where the unit lags, and what the knowledge base recommends for them. Definitions (value
// selection, trend direction, the lag rule) are in docs/scorecard.md and scorecard_core.h.
//
// Plain values only: the JSON "gap report" (proto/integra/v1/scorecard.proto) and the markdown
// report (scorecard_markdown.h) are renderings of this structure.
// Persisted or sent enums carry explicit values: never renumber, only append.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/analytics/evaluation.h"
#include "services/analytics/peer_stats.h"
#include "services/analytics/polarity.h"
#include "services/analytics/targets.h"
#include "services/knowledge/model.h"

namespace integra::scorecard {

// How an action field stands. Sent over the API: never renumber, only append.
enum class FieldStatus : uint8_t {
  kLagging = 1,        // the lag rule holds: the unit lags its peers in this field
  kNotLagging = 2,     // assessable indicators exist, the rule does not hold
  kNotAssessable = 3,  // indicators exist, but none is assessable (neutral, no value, no peers)
  kNotMonitored = 4,   // no indicator measures the field
};
// "lagging", "not_lagging", "not_assessable", "not_monitored".
std::string FieldStatusName(FieldStatus status);

// Direction of the trend line. For directional indicators in the polarity's sense; neutral
// indicators only rise or fall. Sent over the API: never renumber, only append.
enum class TrendDirection : uint8_t {
  kUnknown = 0,  // fewer than 2 observed points in the window
  kImproving = 1,
  kWorsening = 2,
  kStable = 3,
  kRising = 4,   // neutral indicator going up
  kFalling = 5,  // neutral indicator going down
};
// "unknown", "improving", "worsening", "stable", "rising", "falling".
std::string TrendDirectionName(TrendDirection direction);

// Sent over the API: never renumber, only append.
enum class ValueStatus : uint8_t {
  kMissing = 0,  // no stored value at or before the period
  kPresent = 1,
  kSuppressed = 2,  // the latest cell is suppressed (geheim gehalten): shown as such, no value
};

// The unit's value shown for an indicator: the latest stored cell at or before the period.
struct CurrentValue {
  ValueStatus status = ValueStatus::kMissing;
  std::string period;           // period of the cell shown ("" when missing)
  bool earlier_period = false;  // the cell is older than the scorecard's period
  std::optional<double> value;  // unset when missing or suppressed
  uint8_t flags = 0;            // monitoring::ObservationFlag bits
  std::string source;
  std::string footnote;
  // Twins (a kreisfreie Stadt's Kreis and Gemeinde keys): the key the cell is stored under when
  // it is the unit's other key (the unit's own key has no cell for the period), else "".
  std::string stored_under;
  // The other key holds a different value for the same period (e.g. Zensus 2022 at the
  // Gemeinde beside INKAR at the Kreis): that value and its source.
  std::optional<double> twin_value;
  std::string twin_source;
  bool synthetic() const;
  bool suppressed() const { return status == ValueStatus::kSuppressed; }
};

// The unit among its peers, in the period of its value.
struct PeerPosition {
  bool compared = false;  // a comparison could be made (the unit has a value, a peer has one)
  std::string note;       // why not, or why it does not count
  std::string period;
  int n = 0;                         // peers with a value, the unit included
  int missing = 0;                   // peers without a value
  std::optional<double> percentile;  // 0..100, 100 = best (for neutral: highest)
  std::optional<monitoring::analytics::QuartilePosition> quartile;
  std::optional<int> rank;  // only when rankings are enabled; 1 = best
  double median = 0;
};

struct TrendView {
  std::string from_period;  // the window: the last up to kTrendPeriods periods up to the
  std::string to_period;    // scorecard's period
  int observed_points = 0;
  int synthetic_points = 0;  // observed points flagged SYNTHETIC
  TrendDirection direction = TrendDirection::kUnknown;
  std::optional<double> slope;  // OLS, per year
  std::optional<double> r_squared;
  std::string note;
};

struct TargetView {
  std::string target_period;
  double target_value = 0;
  monitoring::analytics::TargetStatus status = monitoring::analytics::TargetStatus::kUnknown;
  std::string reason;
};

struct IndicatorCard {
  std::string code;     // catalog code ("" for an INDICATOR node without catalog entry)
  std::string node_id;  // ind.<code lower-case>
  std::string name_de;
  std::string unit_of_measure;  // "percent", or the unit label
  monitoring::Polarity polarity = monitoring::Polarity::kNeutral;
  bool ranking_allowed = true;
  CurrentValue current;
  PeerPosition position;
  TrendView trend;
  std::optional<TargetView> target;
  std::vector<std::string> sources;  // of the non-synthetic value and trend cells, sorted
  std::string note;                  // e.g. an INDICATOR node without catalog entry
  // Set by the lag rule (AssessField).
  bool assessable = false;
  bool bottom_quartile = false;
};

// A short evaluation of a measure on one indicator (monitoring/measure_evaluation.h).
struct MeasureVerdict {
  std::string indicator_code;
  monitoring::analytics::EvaluationVerdict verdict =
      monitoring::analytics::EvaluationVerdict::kNoPeers;
  std::optional<double> effect;   // synthetic-control effect, when estimated
  std::optional<double> p_value;  // placebo p-value, when estimated
  std::string not_evaluated;      // why the indicator was not evaluated at all
};

// One of the unit's own measures that ADDRESS a field.
struct MeasureCard {
  std::string id;
  std::string title_de;
  knowledge::MeasureStatus status = knowledge::MeasureStatus::kUnspecified;
  std::string start_date;
  std::string end_date;
  // Filled only when the scorecard is asked for evaluations.
  std::vector<MeasureVerdict> evaluations;
  std::string evaluation_note;  // why the measure could not be evaluated
};

// A finding that supports a recommendation or success factor (EVIDENCES edge).
struct Evidence {
  std::string id;
  std::string title_de;
  std::string note;  // the EVIDENCES edge's note: why it supports
  int32_t year = 0;
  int32_t sample_size = 0;
  std::string source_id;
};

// A recommendation (ADDRESSES -> field) or success factor (ENABLES -> field).
struct Advice {
  std::string id;
  knowledge::NodeType type = knowledge::NodeType::kRecommendation;
  std::string title_de;
  std::string title_en;
  std::string note;  // the edge's note: why it applies to the field
  std::vector<Evidence> evidence;
};

struct FieldCard {
  std::string id;
  std::string title_de;
  std::string title_en;
  FieldStatus status = FieldStatus::kNotMonitored;
  int assessable = 0;               // assessable indicators
  int bottom_quartile = 0;          // of those, in the bottom quartile
  bool rests_on_synthetic = false;  // a bottom-quartile value counted for the flag is SYNTHETIC
  std::string reason;               // the rule's verdict in words
  std::vector<IndicatorCard> indicators;
  // Filled for lagging fields only.
  std::vector<Advice> recommendations;
  std::vector<Advice> success_factors;
  std::vector<Evidence> findings;  // FINDING -EVIDENCES-> the field itself
  std::vector<MeasureCard> measures;  // the unit's own measures ADDRESSING the field, by id
};

// A required attribution line for figures from an official source.
struct Attribution {
  std::string text;     // e.g. "INKAR, BBSR Bonn"
  std::string licence;  // e.g. "dl-de/by-2-0"
};

struct Scorecard {
  std::string unit_key;
  std::string unit_name;
  std::string unit_type;  // monitoring::UnitTypeName
  std::string twin_key;   // the other key of a kreisfreie Stadt ("" otherwise)
  std::string period;
  std::string peer_selection;    // "default", "land" or the group name
  std::string peer_description;  // from the resolver
  int peer_count = 0;            // units in the peer set at the period, the unit included
  bool rankings_enabled = true;
  std::string rankings_note;
  std::string rule;               // the lag rule in words
  std::vector<FieldCard> fields;  // in the knowledge base's order (by id)
  std::vector<std::string> lagging_field_ids;
  std::vector<std::string> not_monitored_field_ids;
  std::vector<Attribution> attributions;
  std::vector<std::string> other_sources;  // non-official, non-synthetic sources, verbatim
  bool has_synthetic = false;              // some value or trend point shown is SYNTHETIC
  // Set when no indicator has a value (or a suppressed cell) for `period` itself but some have
  // an earlier one: the periods of the values shown instead, latest first. The card says so in
  // every format.
  std::vector<std::string> earlier_periods_shown;
};

}  // namespace integra::scorecard
