#include "services/knowledge/strategy.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"

namespace integra::knowledge {

absl::StatusOr<MeasureContext> MeasureContextOf(const KnowledgeDocument& graph,
                                                const std::string& measure_id) {
  const Node* measure = nullptr;
  std::map<std::string, const Node*> nodes;
  for (const Node& n : graph.nodes) {
    nodes.emplace(n.id, &n);
    if (n.id == measure_id) measure = &n;
  }
  if (measure == nullptr) {
    return absl::NotFoundError(absl::StrCat("node '", measure_id, "' not found"));
  }
  if (measure->type != NodeType::kMeasure || !measure->owned()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", measure_id, "' is not a unit's own measure (a measure with an owner)"));
  }
  std::map<std::string, std::vector<std::string>> up;           // node -> goals it serves
  std::map<std::string, std::vector<std::string>> measured_by;  // goal -> indicators
  for (const Edge& e : graph.edges) {
    auto to = nodes.find(e.to);
    if (to == nodes.end() || to->second->type != NodeType::kGoal) continue;
    if (e.type == EdgeType::kContributesTo) up[e.from].push_back(e.to);
    if (e.type == EdgeType::kMeasures) measured_by[e.to].push_back(e.from);
  }
  std::set<std::string> goals;
  std::vector<std::string> todo = up[measure_id];
  while (!todo.empty()) {
    std::string goal = std::move(todo.back());
    todo.pop_back();
    if (!goals.insert(goal).second) continue;
    for (const std::string& parent : up[goal]) todo.push_back(parent);
  }
  std::set<std::string> indicators;
  for (const std::string& goal : goals) {
    for (const std::string& ind : measured_by[goal]) indicators.insert(ind);
  }
  return MeasureContext{.measure = *measure,
                        .goal_ids = {goals.begin(), goals.end()},
                        .indicator_ids = {indicators.begin(), indicators.end()}};
}

}  // namespace integra::knowledge
