// integra strategy ...: a unit's strategy (goals and its own measures) as German-labelled views
// over the knowledge base (DumpKnowledge with an owner; editing goes through integra kb load).
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/kb_common.h"

namespace integra::cli {
namespace kb {
namespace {

// The strategy of one unit, indexed for printing.
struct Strategy {
  std::map<std::string, const v1::Node*> goals;     // by id
  std::map<std::string, const v1::Node*> measures;  // the unit's own measures, by id
  std::map<std::string, std::vector<std::string>> children;    // goal -> sub-goals
  std::map<std::string, std::vector<std::string>> goal_measures;  // goal -> measures
  std::map<std::string, std::vector<std::string>> indicators;  // goal -> indicator node ids
  std::map<std::string, std::vector<std::string>> measure_goals;  // measure -> goals
  std::map<std::string, std::vector<std::string>> links;  // measure -> "type id" of other links
  std::vector<std::string> roots;  // goals contributing to no goal
};

Strategy Index(const v1::KnowledgeDocument& doc) {
  Strategy s;
  for (const v1::Node& n : doc.nodes()) {
    if (n.type() == v1::NODE_TYPE_GOAL) s.goals[n.id()] = &n;
    if (n.type() == v1::NODE_TYPE_MEASURE) s.measures[n.id()] = &n;
  }
  std::set<std::string> has_parent;
  for (const v1::Edge& e : doc.edges()) {
    if (e.type() == v1::EDGE_TYPE_CONTRIBUTES_TO && s.goals.contains(e.to())) {
      if (s.goals.contains(e.from())) {
        s.children[e.to()].push_back(e.from());
        has_parent.insert(e.from());
      } else if (s.measures.contains(e.from())) {
        s.goal_measures[e.to()].push_back(e.from());
        s.measure_goals[e.from()].push_back(e.to());
      }
    } else if (e.type() == v1::EDGE_TYPE_MEASURES && s.goals.contains(e.to())) {
      s.indicators[e.to()].push_back(e.from());
    } else if (s.measures.contains(e.from())) {
      s.links[e.from()].push_back(absl::StrCat(TypeName(e.type()), " ", e.to()));
    }
  }
  for (const auto& [id, goal] : s.goals) {
    if (!has_parent.contains(id)) s.roots.push_back(id);
  }
  return s;
}

std::string Budget(const v1::MeasureDetails& m) {
  std::vector<std::string> parts;
  if (m.has_budget_planned_eur()) parts.push_back(EuroDe(m.budget_planned_eur()) + " geplant");
  if (m.has_budget_spent_eur()) parts.push_back(EuroDe(m.budget_spent_eur()) + " ausgegeben");
  return parts.empty() ? "nicht angegeben" : absl::StrJoin(parts, ", ");
}

void PrintMeasure(std::ostream& o, const Strategy& s, const v1::Node& n, const std::string& pad) {
  const v1::MeasureDetails& m = n.measure();
  o << pad << "Maßnahme " << n.id() << ": " << n.title_de() << "\n"
    << pad << "  Status: " << StatusLabelDe(m.status()) << " | Zeitraum: " << m.start_date()
    << " – " << (m.end_date().empty() ? "offen" : m.end_date()) << " | Budget: " << Budget(m)
    << "\n";
  if (!m.responsible_office().empty()) o << pad << "  Federführung: " << m.responsible_office() << "\n";
  if (auto it = s.links.find(n.id()); it != s.links.end()) {
    o << pad << "  Verknüpft: " << absl::StrJoin(it->second, "; ") << "\n";
  }
}

void PrintTree(std::ostream& o, const Strategy& s) {
  // Goals nest without cycles (the server refuses CONTRIBUTES_TO cycles), so recursion ends.
  std::function<void(const std::string&, const std::string&)> goal = [&](const std::string& id,
                                                                         const std::string& pad) {
    o << pad << "Ziel " << id << ": " << s.goals.at(id)->title_de() << "\n";
    if (auto it = s.indicators.find(id); it != s.indicators.end()) {
      o << pad << "  Gemessen mit: " << absl::StrJoin(it->second, ", ") << "\n";
    }
    if (auto it = s.children.find(id); it != s.children.end()) {
      for (const std::string& child : it->second) goal(child, pad + "  ");
    }
    if (auto it = s.goal_measures.find(id); it != s.goal_measures.end()) {
      for (const std::string& m : it->second) PrintMeasure(o, s, *s.measures.at(m), pad + "  ");
    }
  };
  for (const std::string& root : s.roots) goal(root, "");
  bool header = false;
  for (const auto& [id, m] : s.measures) {
    if (s.measure_goals.contains(id)) continue;
    if (!header) o << "Maßnahmen ohne Ziel:\n";
    header = true;
    PrintMeasure(o, s, *m, "  ");
  }
}

int List(Context& ctx, const Args& a) {
  v1::DumpKnowledgeRequest req;
  req.set_owner(a.GetOr("unit", ""));
  if (req.owner().empty()) {
    return ReportUsage(ctx, absl::InvalidArgumentError("--unit AGS is required"));
  }
  v1::KnowledgeDocument doc;
  if (auto failed = Call(ctx, [&](auto* call) { return Stub(ctx)->DumpKnowledge(call, req, &doc); })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(doc) << "\n";
    return kExitOk;
  }
  const Strategy s = Index(doc);
  if (ctx.format == Format::kCsv) {
    Table table({"massnahme", "titel", "ziele", "status", "beginn", "ende", "budget_geplant_eur",
                 "budget_ausgegeben_eur", "federfuehrung"});
    for (const auto& [id, n] : s.measures) {
      const v1::MeasureDetails& m = n->measure();
      auto goals = s.measure_goals.find(id);
      table.AddRow({id, n->title_de(),
                    goals == s.measure_goals.end() ? "" : absl::StrJoin(goals->second, "|"),
                    StatusLabelDe(m.status()), m.start_date(), m.end_date(),
                    m.has_budget_planned_eur() ? absl::StrCat(m.budget_planned_eur()) : "",
                    m.has_budget_spent_eur() ? absl::StrCat(m.budget_spent_eur()) : "",
                    m.responsible_office()});
    }
    table.PrintCsv(*ctx.out);
    return kExitOk;
  }
  if (s.goals.empty() && s.measures.empty()) {
    *ctx.out << "Keine Strategie für " << req.owner() << " erfasst.\n";
    return kExitOk;
  }
  *ctx.out << "Strategie von " << req.owner() << ": " << s.goals.size() << " Ziel(e), "
           << s.measures.size() << " Maßnahme(n)\n";
  PrintTree(*ctx.out, s);
  return kExitOk;
}

const std::map<std::string, Command>& Commands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"list",
       {"integra strategy list --unit AGS   (goals -> measures with status, period, budget; "
        "edit with integra kb load)",
        {"unit"},
        {},
        0,
        List}},
  };
  return *commands;
}

}  // namespace
}  // namespace kb

int RunStrategyCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "strategy", kb::Commands(), argv);
}

}  // namespace integra::cli
