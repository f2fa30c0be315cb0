#include "services/api/knowledge_convert.h"

#include "absl/strings/str_cat.h"

namespace integra::api {

absl::StatusOr<knowledge::NodeType> FromProto(v1::NodeType type) {
  // Proto and domain values are kept identical (both never renumbered).
  for (knowledge::NodeType t : knowledge::kAllNodeTypes) {
    if (static_cast<int>(t) == static_cast<int>(type)) return t;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("node type must be set (got ", v1::NodeType_Name(type), ")"));
}

absl::StatusOr<knowledge::EdgeType> FromProto(v1::EdgeType type) {
  for (knowledge::EdgeType t : knowledge::kAllEdgeTypes) {
    if (static_cast<int>(t) == static_cast<int>(type)) return t;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("edge type must be set (got ", v1::EdgeType_Name(type), ")"));
}

v1::NodeType ToProto(knowledge::NodeType type) { return static_cast<v1::NodeType>(type); }
v1::EdgeType ToProto(knowledge::EdgeType type) { return static_cast<v1::EdgeType>(type); }

absl::StatusOr<knowledge::Node> FromProto(const v1::Node& in) {
  knowledge::Node n;
  n.id = in.id();
  auto type = FromProto(in.type());
  if (!type.ok()) return type.status();
  n.type = *type;
  n.title_de = in.title_de();
  n.title_en = in.title_en();
  n.description = in.description();
  n.tags.assign(in.tags().begin(), in.tags().end());
  n.provenance.source_id = in.provenance().source_id();
  n.provenance.year = in.provenance().year();
  n.provenance.sample_size = in.provenance().sample_size();
  n.provenance.locator = in.provenance().locator();
  n.owner = in.owner();
  const v1::MeasureDetails& m = in.measure();
  n.measure.responsible_office = m.responsible_office();
  n.measure.start_date = m.start_date();
  n.measure.end_date = m.end_date();
  if (m.has_budget_planned_eur()) n.measure.budget_planned_eur = m.budget_planned_eur();
  if (m.has_budget_spent_eur()) n.measure.budget_spent_eur = m.budget_spent_eur();
  if (m.status() < v1::MEASURE_STATUS_UNSPECIFIED || m.status() > v1::MEASURE_STATUS_STOPPED) {
    return absl::InvalidArgumentError(absl::StrCat("unknown measure status ", m.status()));
  }
  // Proto and domain values are kept identical (both never renumbered).
  n.measure.status = static_cast<knowledge::MeasureStatus>(m.status());
  return n;
}

absl::StatusOr<knowledge::Edge> FromProto(const v1::Edge& in) {
  knowledge::Edge e;
  e.from = in.from();
  e.to = in.to();
  auto type = FromProto(in.type());
  if (!type.ok()) return type.status();
  e.type = *type;
  if (in.has_weight()) e.weight = in.weight();
  e.note = in.note();
  return e;
}

void ToProto(const knowledge::Node& n, v1::Node* out) {
  out->set_id(n.id);
  out->set_type(ToProto(n.type));
  out->set_title_de(n.title_de);
  out->set_title_en(n.title_en);
  out->set_description(n.description);
  for (const auto& t : n.tags) out->add_tags(t);
  auto* p = out->mutable_provenance();
  p->set_source_id(n.provenance.source_id);
  p->set_year(n.provenance.year);
  p->set_sample_size(n.provenance.sample_size);
  p->set_locator(n.provenance.locator);
  out->set_owner(n.owner);
  if (!n.measure.empty()) {
    v1::MeasureDetails* m = out->mutable_measure();
    m->set_responsible_office(n.measure.responsible_office);
    m->set_start_date(n.measure.start_date);
    m->set_end_date(n.measure.end_date);
    if (n.measure.budget_planned_eur) m->set_budget_planned_eur(*n.measure.budget_planned_eur);
    if (n.measure.budget_spent_eur) m->set_budget_spent_eur(*n.measure.budget_spent_eur);
    m->set_status(static_cast<v1::MeasureStatus>(n.measure.status));
  }
}

void ToProto(const knowledge::Edge& e, v1::Edge* out) {
  out->set_from(e.from);
  out->set_to(e.to);
  out->set_type(ToProto(e.type));
  if (e.weight.has_value()) out->set_weight(*e.weight);
  out->set_note(e.note);
}

absl::StatusOr<knowledge::KnowledgeDocument> FromProto(const v1::KnowledgeDocument& in) {
  knowledge::KnowledgeDocument doc;
  doc.nodes.reserve(in.nodes_size());
  for (int i = 0; i < in.nodes_size(); ++i) {
    auto node = FromProto(in.nodes(i));
    if (!node.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("node #", i + 1, " ('", in.nodes(i).id(),
                                                     "'): ", node.status().message()));
    }
    doc.nodes.push_back(*std::move(node));
  }
  doc.edges.reserve(in.edges_size());
  for (int i = 0; i < in.edges_size(); ++i) {
    auto edge = FromProto(in.edges(i));
    if (!edge.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("edge #", i + 1, " (", in.edges(i).from(),
                                                     " -> ", in.edges(i).to(), "): ",
                                                     edge.status().message()));
    }
    doc.edges.push_back(*std::move(edge));
  }
  return doc;
}

void ToProto(const knowledge::KnowledgeDocument& doc, v1::KnowledgeDocument* out) {
  for (const auto& n : doc.nodes) ToProto(n, out->add_nodes());
  for (const auto& e : doc.edges) ToProto(e, out->add_edges());
}

knowledge::Direction FromProto(v1::Direction d) {
  switch (d) {
    case v1::DIRECTION_OUT: return knowledge::Direction::kOut;
    case v1::DIRECTION_IN: return knowledge::Direction::kIn;
    default: return knowledge::Direction::kBoth;
  }
}

absl::StatusOr<knowledge::EdgeTypeFilter> FilterFromProto(
    const google::protobuf::RepeatedField<int>& edge_types) {
  std::vector<knowledge::EdgeType> types;
  for (int raw : edge_types) {
    auto t = FromProto(static_cast<v1::EdgeType>(raw));
    if (!t.ok()) return t.status();
    types.push_back(*t);
  }
  return knowledge::EdgeTypeFilter::Of(types);
}

absl::StatusOr<std::optional<knowledge::NodeType>> OptionalTypeFromProto(v1::NodeType type) {
  if (type == v1::NODE_TYPE_UNSPECIFIED) return std::optional<knowledge::NodeType>();
  auto t = FromProto(type);
  if (!t.ok()) return t.status();
  return std::optional<knowledge::NodeType>(*t);
}

}  // namespace integra::api
