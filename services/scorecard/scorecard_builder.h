// ScorecardBuilder: reads what a scorecard needs from the domain stores and hands it to the pure
// core (scorecard_core.h).
//
// Reads, per scorecard:
//   the unit (in memory), its peer set at the period (in memory), the knowledge graph (one
//   consistent KnowledgeStore::Export), and per indicator measuring some action field: the
//   unit's series up to the period (one obs_series range), one peer comparison in the period of
//   the value shown (one obs_cross range, MonitoringQueries::Compare) and, if the unit has a
//   target for it, the target status (one more obs_series range).
//   With evaluations: one more export of the graph, and per measure of the unit and indicator of
//   its goals the unit's and its peers' series over the evaluation window (one obs_series range
//   per unit; monitoring/measure_evaluation.h).
// An indicator that cannot be compared (no peer has a value, ...) gets a note; only storage
// failures and bad requests fail the whole scorecard.
//
// Thread-safety: thread-safe (reads only; the stores are thread-safe).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/measure_evaluation.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "services/scorecard/scorecard.h"
#include "services/scorecard/scorecard_core.h"

namespace integra::scorecard {

struct ScorecardQuery {
  std::string unit_key;
  std::string period;  // a year, e.g. "2021"
  monitoring::PeerSelection peers;
  // Also evaluate the unit's measures listed per field (MeasureCard::evaluations): one
  // evaluation per measure and indicator of its goals, against the same peers.
  bool with_evaluation = false;
};

struct ScorecardOptions {
  // false: the deployment shows no ranks (integrad --no-rankings); must match the queries'.
  bool rankings_enabled = true;
};

class ScorecardBuilder {
 public:
  // Every pointer must outlive the builder.
  ScorecardBuilder(const knowledge::KnowledgeStore* knowledge, const monitoring::UnitStore* units,
                   const monitoring::IndicatorCatalog* catalog,
                   const monitoring::PeerResolver* peers, const monitoring::TargetStore* targets,
                   const monitoring::MonitoringQueries* queries,
                   const monitoring::MeasureEvaluator* evaluator, ScorecardOptions options)
      : knowledge_(knowledge),
        units_(units),
        catalog_(catalog),
        peers_(peers),
        targets_(targets),
        queries_(queries),
        evaluator_(evaluator),
        options_(options) {}

  // InvalidArgument (malformed unit key, period not a year, a group of another level),
  // NotFound (unit or peer group unknown); storage errors as they come.
  absl::StatusOr<Scorecard> Build(const ScorecardQuery& query) const;

 private:
  absl::StatusOr<IndicatorCard> ReadCard(const monitoring::Indicator& indicator,
                                         const std::string& unit_key, monitoring::Period period,
                                         const monitoring::PeerSelection& peers) const;
  // Fills the evaluations of every measure card of `card` (with_evaluation).
  absl::Status EvaluateMeasures(Scorecard& card, const monitoring::PeerSelection& peers) const;
  absl::StatusOr<std::optional<TargetView>> ReadTarget(const monitoring::Indicator& indicator,
                                                       const std::string& unit_key,
                                                       monitoring::Period period) const;

  // The action fields' links of the graph version the caller's snapshot sees: derived from a
  // full export of the knowledge base, so kept for the latest version asked for (one entry;
  // every card of that version shares it).
  absl::StatusOr<std::shared_ptr<const std::vector<FieldLinks>>> Links() const;
  struct LinksCache {
    std::mutex mu;
    bool valid = false;
    uint64_t version = 0;
    std::shared_ptr<const std::vector<FieldLinks>> links;
  };

  const knowledge::KnowledgeStore* knowledge_;
  const monitoring::UnitStore* units_;
  const monitoring::IndicatorCatalog* catalog_;
  const monitoring::PeerResolver* peers_;
  const monitoring::TargetStore* targets_;
  const monitoring::MonitoringQueries* queries_;
  const monitoring::MeasureEvaluator* evaluator_;
  ScorecardOptions options_;
  std::shared_ptr<LinksCache> links_cache_ = std::make_shared<LinksCache>();
};

}  // namespace integra::scorecard
