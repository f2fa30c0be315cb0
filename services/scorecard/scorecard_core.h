// The pure core of the scorecard: given the facts read from the stores (the knowledge graph, a
// unit's observations, peer comparisons, target assessments) it selects values, classifies
// trends, applies the lag rule and assembles the Scorecard. No storage, no RPC; every function
// is pure and thread-safe. The rules are written down in docs/scorecard.md; keep both in step.
//
// Value shown: the latest stored cell at or before the scorecard's period (the period itself if
// it has one; otherwise the latest earlier one, and the card says which). A suppressed cell is
// shown as suppressed, not replaced by an older value: it is the current figure, only secret.
//
// Trend: OLS line (monitoring trends.h) over the unit's observed values in the last up to
// kTrendPeriods periods up to the scorecard's period. With fewer than 2 observed points the
// direction is unknown. The line's change over the observed span, |slope| * span, is "stable"
// when it is at most kStableShare of the mean absolute observed value; otherwise the sign of the
// slope times the polarity sign gives improving / worsening (neutral: rising / falling).
//
// Ranks are shown only when the deployment and the indicator allow them, and never for neutral
// indicators (their order is a position, not merit).
//
// Lag rule: an indicator is *assessable* when its polarity is not neutral, the unit has a value
// and at least kMinPeerValues peers (the unit included) have a value in that period. A field is
// LAGGING when at least one assessable indicator puts the unit in the bottom quartile of its
// peers and these are at least half of its assessable indicators. Neutral (context) indicators
// are shown but never count.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/peer_stats.h"
#include "services/analytics/trends.h"
#include "services/knowledge/document.h"
#include "services/monitoring/observations.h"
#include "services/monitoring/periods.h"
#include "services/scorecard/scorecard.h"

namespace integra::scorecard {

inline constexpr int kTrendPeriods = 10;
inline constexpr int kMinPeerValues = 5;
inline constexpr double kStableShare = 0.02;

// The lag rule in words (the Scorecard's `rule`).
std::string LagRuleText();

// The latest cell of `series` (one unit, one indicator, period order) at or before `end`.
// InvalidArgument if a cell's period does not parse.
absl::StatusOr<CurrentValue> SelectCurrentValue(const std::vector<monitoring::Observation>& series,
                                                monitoring::Period end);

// The first period of the trend window ending at `end`: kTrendPeriods - 1 periods earlier, in
// `end`'s periodicity.
monitoring::Period TrendWindowStart(monitoring::Period end);

// Direction of a fitted line over `observed` points (see the header comment).
TrendDirection ClassifyTrend(monitoring::Polarity polarity,
                             const monitoring::analytics::LinearTrend& line,
                             const monitoring::analytics::Series& observed);

// Trend over the cells of `series` within [from, to] (suppressed cells are gaps).
// InvalidArgument if a cell's period does not parse.
absl::StatusOr<TrendView> SummarizeWindow(const std::vector<monitoring::Observation>& series,
                                          monitoring::Period from, monitoring::Period to,
                                          monitoring::Polarity polarity);

// The card's position from a peer comparison made in `period`. The rank is copied only when
// `rankings_enabled`; with fewer than kMinPeerValues values the note says the position does
// not count.
PeerPosition PositionFromComparison(const monitoring::analytics::PeerComparison& comparison,
                                    const std::string& period, bool rankings_enabled);

// Applies the lag rule to `field`: marks each indicator assessable / bottom quartile and sets
// the counts, status and reason.
void AssessField(FieldCard& field);

// Sorts sources into required attributions (Destatis GV100AD, Zensus 2022, INKAR; dl-de/by-2-0)
// and other sources (verbatim, sorted).
void Attribute(const std::vector<std::string>& sources, std::vector<Attribution>* attributions,
               std::vector<std::string>* others);

// What the knowledge graph says about one action field.
struct FieldLinks {
  knowledge::Node field;
  std::vector<knowledge::Node> indicators;  // INDICATOR nodes with MEASURES -> field, by id
  std::vector<Advice> recommendations;      // RECOMMENDATION -ADDRESSES-> field, by id
  std::vector<Advice> success_factors;      // SUCCESS_FACTOR -ENABLES-> field, by id
  std::vector<Evidence> findings;           // FINDING -EVIDENCES-> field, by id
  std::vector<knowledge::Node> measures;    // owned MEASURE -ADDRESSES-> field (any owner), by id
};

// Every action field of `graph` in id order, with its indicators, advice and findings; each
// advice with the findings that EVIDENCE it (by id).
std::vector<FieldLinks> LinkFields(const knowledge::KnowledgeDocument& graph);

// The periods of the values shown when none of `fields`' indicators has a value for the
// scorecard's period itself (latest first); empty when one has (Scorecard::earlier_periods_shown).
std::vector<std::string> EarlierPeriodsShown(const std::vector<FieldCard>& fields);

// Builds the scorecard: `header` carries unit, period, peers and rankings; `cards` the indicator
// cards by INDICATOR node id (a node without card is shown as not in the catalog). Assesses each
// field, keeps advice and findings for lagging fields only, lists the measures owned by the
// header's unit (or its twin key) that address each field (without evaluations), collects
// attributions and the earlier periods shown.
Scorecard Assemble(Scorecard header, const std::vector<FieldLinks>& links,
                   const std::map<std::string, IndicatorCard>& cards);

}  // namespace integra::scorecard
