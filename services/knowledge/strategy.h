// A unit's strategy read from the graph: what the evaluation of one of its measures starts from.
// Pure functions over a KnowledgeDocument (e.g. KnowledgeStore::Export); thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/knowledge/document.h"
#include "services/knowledge/model.h"

namespace integra::knowledge {

struct MeasureContext {
  Node measure;  // an owned MEASURE: owner = the unit, measure.start_date = the start
  // The goals it CONTRIBUTES_TO, and the goals those contribute to, transitively; sorted.
  std::vector<std::string> goal_ids;
  // The INDICATOR nodes that MEASURE any of those goals ("ind.<code lower-case>"); sorted, unique.
  std::vector<std::string> indicator_ids;
};

// NotFound if `measure_id` is not in `graph`; InvalidArgument if it is not a unit's own measure
// (a MEASURE with an owner). Goal nesting is acyclic in a valid graph; a cycle in an unchecked
// document is walked once.
absl::StatusOr<MeasureContext> MeasureContextOf(const KnowledgeDocument& graph,
                                                const std::string& measure_id);

}  // namespace integra::knowledge
