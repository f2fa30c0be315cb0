// MeasureEvaluator: evaluates a unit's own measure (knowledge strategy.h) against its peers on
// the stored series of the indicators that measure the measure's goals, with the pure method
// of services/analytics/evaluation.h (difference-in-differences, synthetic control, placebo
// inference, verdict). Method and assumptions: docs/evaluation.md.
//
// One evaluation reads, from ONE storage snapshot (storage::ReadScope): the knowledge graph
// (KnowledgeStore::Export), the unit's peer set at the start year (PeerResolver, as the
// comparisons resolve it), and per indicator the annual series of the unit and its peers over
// the window [start - max_pre_years, start + max_post_years - 1] (AnalyticsReader::Series, one
// obs_series range per unit, twins filled in as the scorecard reads them). Stored observations
// map onto EvaluationPoint as follows: a suppressed or value-less cell is a gap; PROVISIONAL
// -> provisional; SYNTHETIC (demo values) -> synthetic; a non-empty series_break note ->
// series_break.
//
// Peers: the resolved peer set without the unit. A peer with no value at all in the window is
// skipped before the method runs and counted (IndicatorEvaluation::peers_without_data); the
// method itself drops peers with a gap or a break inside the window and counts them.
//
// Thread-safety: thread-safe (reads only; the stores are thread-safe).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/evaluation.h"
#include "services/knowledge/knowledge_store.h"
#include "services/knowledge/strategy.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/unit_store.h"

namespace integra::monitoring {

struct MeasureEvaluationQuery {
  std::string measure_id;
  std::string indicator_code;  // "" = every indicator measuring the measure's goals
  PeerSelection peers;         // default peers unless set
  analytics::EvaluationOptions options;
};

// A provisional or synthetic value of the evaluated unit inside the evaluation window.
struct FlaggedValue {
  int year = 0;
  bool provisional = false;
  bool synthetic = false;
};

// A donor of the synthetic control with the unit's register name.
struct NamedDonor {
  std::string unit_key;
  std::string name;
  double weight = 0;
};

struct IndicatorEvaluation {
  std::shared_ptr<const Indicator> indicator;
  // Set when the indicator cannot be evaluated at all (not annual, or an INDICATOR node without
  // catalog entry, whose `indicator` then carries only the code); `result` is then empty.
  std::string not_evaluated;
  analytics::EvaluationResult result;
  std::vector<FlaggedValue> flagged_values;  // of the unit, in the window, by year
  std::vector<NamedDonor> top_donors;        // result.synthetic_control's, with names
  int peers_in_set = 0;                      // the resolved peer set without the unit
  int peers_without_data = 0;                // skipped: no value in the window at all
};

struct MeasureEvaluation {
  knowledge::Node measure;  // an owned measure
  std::string unit_key;     // the owner
  std::string unit_name;
  int start_year = 0;
  std::vector<std::string> goal_ids;
  std::string peer_description;
  analytics::EvaluationOptions options;         // those of the query
  std::vector<IndicatorEvaluation> indicators;  // by indicator code
};

class MeasureEvaluator {
 public:
  // Every pointer must outlive the evaluator.
  MeasureEvaluator(const knowledge::KnowledgeStore* knowledge, const UnitStore* units,
                   const PeerResolver* peers, const MonitoringQueries* queries)
      : knowledge_(knowledge), units_(units), peers_(peers), queries_(queries) {}

  // Evaluates `query.measure_id`. Errors:
  //   NotFound: the measure, its owner unit or a named peer group does not exist (an indicator
  //     node without catalog entry is reported per indicator, in not_evaluated);
  //   FailedPrecondition: the node is no unit's own measure (a generic measure, or another
  //     type), it has no start date, or no indicator measures its goals (the message says
  //     which links are missing);
  //   InvalidArgument: `indicator_code` is not among the indicators of the measure's goals (the
  //     message lists them), a malformed peer selection, or options out of range.
  absl::StatusOr<MeasureEvaluation> Evaluate(const MeasureEvaluationQuery& query) const;

  // As Evaluate, over an already exported graph (the scorecard evaluates several measures of
  // one graph version). Reads the stores inside the caller's ReadScope, if any.
  absl::StatusOr<MeasureEvaluation> EvaluateIn(const knowledge::KnowledgeDocument& graph,
                                               const MeasureEvaluationQuery& query) const;

 private:
  absl::StatusOr<IndicatorEvaluation> EvaluateIndicator(
      const Indicator& indicator, const std::string& unit_key, const PeerSet& peer_set,
      int start_year, const analytics::EvaluationOptions& options) const;

  const knowledge::KnowledgeStore* knowledge_;
  const UnitStore* units_;
  const PeerResolver* peers_;
  const MonitoringQueries* queries_;
};

}  // namespace integra::monitoring
