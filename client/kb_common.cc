#include "client/kb_common.h"

#include <cmath>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace integra::cli::kb {

namespace {

// The lower-case names of an enum's values after `prefix`, without the UNSPECIFIED value.
std::string ValueNames(const google::protobuf::EnumDescriptor* d, const std::string& prefix) {
  std::vector<std::string> names;
  for (int i = 0; i < d->value_count(); ++i) {
    if (d->value(i)->number() == 0) continue;
    names.push_back(absl::AsciiStrToLower(d->value(i)->name().substr(prefix.size())));
  }
  return absl::StrJoin(names, ", ");
}

}  // namespace

absl::StatusOr<v1::NodeType> ParseNodeTypeFlag(const std::string& name) {
  std::string upper = absl::StrCat("NODE_TYPE_", absl::AsciiStrToUpper(name));
  v1::NodeType t;
  if (!v1::NodeType_Parse(upper, &t) || t == v1::NODE_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown node type '", name, "' (", ValueNames(v1::NodeType_descriptor(), "NODE_TYPE_"),
        ")"));
  }
  return t;
}

absl::StatusOr<v1::EdgeType> ParseEdgeTypeFlag(const std::string& name) {
  std::string upper = absl::StrCat("EDGE_TYPE_", absl::AsciiStrToUpper(name));
  v1::EdgeType t;
  if (!v1::EdgeType_Parse(upper, &t) || t == v1::EDGE_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown edge type '", name, "' (", ValueNames(v1::EdgeType_descriptor(), "EDGE_TYPE_"),
        ")"));
  }
  return t;
}

absl::StatusOr<v1::MeasureStatus> ParseMeasureStatusFlag(const std::string& name) {
  std::string upper = absl::StrCat("MEASURE_STATUS_", absl::AsciiStrToUpper(name));
  v1::MeasureStatus s;
  if (!v1::MeasureStatus_Parse(upper, &s) || s == v1::MEASURE_STATUS_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown measure status '", name, "' (",
        ValueNames(v1::MeasureStatus_descriptor(), "MEASURE_STATUS_"), ")"));
  }
  return s;
}

std::string StatusLabelDe(v1::MeasureStatus s) {
  switch (s) {
    case v1::MEASURE_STATUS_PLANNED: return "geplant";
    case v1::MEASURE_STATUS_RUNNING: return "laufend";
    case v1::MEASURE_STATUS_FINISHED: return "abgeschlossen";
    case v1::MEASURE_STATUS_STOPPED: return "abgebrochen";
    default: return "";
  }
}

std::string EuroDe(double eur) {
  // 1234567.5 -> "1.234.568 €" (whole euros, German thousands separator).
  std::string digits = absl::StrCat(static_cast<int64_t>(std::llround(eur)));
  std::string out;
  const size_t lead = digits[0] == '-' ? 1 : 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > lead && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out + " €";
}

absl::Status SetStrategyFlags(const Args& a, v1::Node* n) {
  n->set_owner(a.GetOr("owner", ""));
  const bool any = a.Has("office") || a.Has("start") || a.Has("end") ||
                   a.Has("budget-planned") || a.Has("budget-spent") || a.Has("status");
  if (!any) return absl::OkStatus();
  v1::MeasureDetails* m = n->mutable_measure();
  m->set_responsible_office(a.GetOr("office", ""));
  m->set_start_date(a.GetOr("start", ""));
  m->set_end_date(a.GetOr("end", ""));
  for (const auto& [flag, setter] :
       std::vector<std::pair<std::string, void (v1::MeasureDetails::*)(double)>>{
           {"budget-planned", &v1::MeasureDetails::set_budget_planned_eur},
           {"budget-spent", &v1::MeasureDetails::set_budget_spent_eur}}) {
    if (auto text = a.Get(flag)) {
      double eur = 0;
      if (!absl::SimpleAtod(*text, &eur)) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", flag, " must be an amount in EUR (e.g. 250000), not '", *text, "'"));
      }
      (m->*setter)(eur);
    }
  }
  if (auto status = a.Get("status")) {
    ASSIGN_OR_RETURN(v1::MeasureStatus s, ParseMeasureStatusFlag(*status));
    m->set_status(s);
  }
  return absl::OkStatus();
}

std::string TypeName(v1::NodeType t) {
  return absl::AsciiStrToLower(v1::NodeType_Name(t).substr(std::string("NODE_TYPE_").size()));
}
std::string TypeName(v1::EdgeType t) {
  return absl::AsciiStrToLower(v1::EdgeType_Name(t).substr(std::string("EDGE_TYPE_").size()));
}

void PrintNodes(const Context& ctx, const std::vector<const v1::Node*>& nodes) {
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(nodes.begin(), nodes.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return;
  }
  Table table({"id", "type", "title_de", "tags"});
  for (const auto* n : nodes) {
    table.AddRow({n->id(), TypeName(n->type()), n->title_de(), absl::StrJoin(n->tags(), ",")});
  }
  PrintTable(ctx, table);
}

void PrintNode(const Context& ctx, const v1::Node& n) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(n) << "\n";
    return;
  }
  if (ctx.format == Format::kCsv) {
    PrintNodes(ctx, {&n});
    return;
  }
  auto& o = *ctx.out;
  o << "id:          " << n.id() << "\n"
    << "type:        " << TypeName(n.type()) << "\n"
    << "title_de:    " << n.title_de() << "\n";
  if (!n.title_en().empty()) o << "title_en:    " << n.title_en() << "\n";
  if (!n.description().empty()) o << "description: " << n.description() << "\n";
  if (n.tags_size() > 0) o << "tags:        " << absl::StrJoin(n.tags(), ", ") << "\n";
  const auto& p = n.provenance();
  if (!p.source_id().empty() || p.year() != 0) {
    o << "provenance:  " << p.source_id();
    if (p.year() != 0) o << ", " << p.year();
    if (p.sample_size() != 0) o << ", N=" << p.sample_size();
    if (!p.locator().empty()) o << ", " << p.locator();
    o << "\n";
  }
  if (!n.owner().empty()) o << "owner:       " << n.owner() << "\n";
  if (n.has_measure()) {
    const v1::MeasureDetails& m = n.measure();
    if (!m.responsible_office().empty()) o << "office:      " << m.responsible_office() << "\n";
    o << "status:      " << StatusLabelDe(m.status()) << "\n";
    o << "period:      " << m.start_date() << " – "
      << (m.end_date().empty() ? "offen" : m.end_date()) << "\n";
    if (m.has_budget_planned_eur()) o << "budget:      " << EuroDe(m.budget_planned_eur()) << " geplant";
    if (m.has_budget_spent_eur()) {
      o << (m.has_budget_planned_eur() ? ", " : "budget:      ") << EuroDe(m.budget_spent_eur())
        << " ausgegeben";
    }
    if (m.has_budget_planned_eur() || m.has_budget_spent_eur()) o << "\n";
  }
}

void PrintEdge(const Context& ctx, const v1::Edge& e) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(e) << "\n";
    return;
  }
  *ctx.out << e.from() << " -" << TypeName(e.type()) << "-> " << e.to();
  if (e.has_weight()) *ctx.out << " (weight " << e.weight() << ")";
  if (!e.note().empty()) *ctx.out << ": " << e.note();
  *ctx.out << "\n";
}

absl::StatusOr<std::vector<v1::EdgeType>> ParseEdgeTypesFlag(const std::string& list) {
  std::vector<v1::EdgeType> out;
  for (auto part : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    std::string name(absl::StripAsciiWhitespace(part));
    if (name == "all") {
      for (int t = v1::EdgeType_MIN; t <= v1::EdgeType_MAX; ++t) {
        if (t != v1::EDGE_TYPE_UNSPECIFIED && v1::EdgeType_IsValid(t)) {
          out.push_back(static_cast<v1::EdgeType>(t));
        }
      }
      continue;
    }
    ASSIGN_OR_RETURN(auto t, ParseEdgeTypeFlag(name));
    out.push_back(t);
  }
  return out;
}

absl::StatusOr<v1::Direction> ParseDirectionFlag(const std::string& name) {
  if (name == "out") return v1::DIRECTION_OUT;
  if (name == "in") return v1::DIRECTION_IN;
  if (name == "both") return v1::DIRECTION_BOTH;
  return absl::InvalidArgumentError("--direction must be out, in or both");
}

std::unique_ptr<v1::KnowledgeService::Stub> Stub(const Context& ctx) {
  return v1::KnowledgeService::NewStub(ctx.channel);
}

void PrintJsonArray(const Context& ctx, const std::vector<const google::protobuf::Message*>& m) {
  *ctx.out << ToJsonArray(m) << "\n";
}

}  // namespace integra::cli::kb
