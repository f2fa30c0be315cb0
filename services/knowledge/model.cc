#include "services/knowledge/model.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/message.h"
#include "common/status_macros.h"

namespace integra::knowledge {
namespace {

struct EdgeRule {
  EdgeType type;
  std::vector<NodeType> from;
  std::vector<NodeType> to;
};

// The type-pair table. Documented in proto/integra/v1/knowledge.proto and docs/knowledge.md;
// keep the three in step.
const std::vector<EdgeRule>& Rules() {
  using T = NodeType;
  static const auto* rules = new std::vector<EdgeRule>{
      {EdgeType::kAddresses, {T::kRecommendation, T::kMeasure},
       {T::kActionField, T::kChallenge, T::kSupportNeed}},
      {EdgeType::kEnables, {T::kSuccessFactor, T::kResource},
       {T::kActionField, T::kRecommendation, T::kMeasure}},
      {EdgeType::kEvidences, {T::kFinding},
       {T::kRecommendation, T::kSuccessFactor, T::kActionField, T::kChallenge, T::kResource,
        T::kSupportNeed}},
      {EdgeType::kMeasures, {T::kIndicator}, {T::kActionField, T::kRecommendation, T::kGoal}},
      {EdgeType::kImplements, {T::kMeasure}, {T::kRecommendation}},
      {EdgeType::kRequires, {T::kRecommendation}, {T::kRecommendation}},
      {EdgeType::kRequires, {T::kMeasure}, {T::kMeasure}},
      {EdgeType::kCites,
       {T::kActionField, T::kSuccessFactor, T::kRecommendation, T::kFinding, T::kChallenge,
        T::kResource, T::kSupportNeed, T::kIndicator, T::kMeasure, T::kGoal},
       {T::kSource}},
      {EdgeType::kContributesTo, {T::kMeasure, T::kGoal}, {T::kGoal}},
      {EdgeType::kInstanceOf, {T::kMeasure}, {T::kMeasure}},
  };
  return *rules;
}

bool Contains(const std::vector<NodeType>& v, NodeType t) {
  return std::find(v.begin(), v.end(), t) != v.end();
}

}  // namespace

std::string NodeTypeName(NodeType type) {
  switch (type) {
    case NodeType::kActionField: return "action_field";
    case NodeType::kSuccessFactor: return "success_factor";
    case NodeType::kRecommendation: return "recommendation";
    case NodeType::kFinding: return "finding";
    case NodeType::kChallenge: return "challenge";
    case NodeType::kResource: return "resource";
    case NodeType::kSupportNeed: return "support_need";
    case NodeType::kIndicator: return "indicator";
    case NodeType::kMeasure: return "measure";
    case NodeType::kSource: return "source";
    case NodeType::kGoal: return "goal";
  }
  return "unknown";
}

std::string EdgeTypeName(EdgeType type) {
  switch (type) {
    case EdgeType::kAddresses: return "addresses";
    case EdgeType::kEnables: return "enables";
    case EdgeType::kEvidences: return "evidences";
    case EdgeType::kMeasures: return "measures";
    case EdgeType::kImplements: return "implements";
    case EdgeType::kRequires: return "requires";
    case EdgeType::kCites: return "cites";
    case EdgeType::kContributesTo: return "contributes_to";
    case EdgeType::kInstanceOf: return "instance_of";
  }
  return "unknown";
}

bool IsAcyclicEdgeType(EdgeType type) {
  return type == EdgeType::kRequires || type == EdgeType::kContributesTo;
}

std::string MeasureStatusName(MeasureStatus status) {
  switch (status) {
    case MeasureStatus::kUnspecified: return "";
    case MeasureStatus::kPlanned: return "planned";
    case MeasureStatus::kRunning: return "running";
    case MeasureStatus::kFinished: return "finished";
    case MeasureStatus::kStopped: return "stopped";
  }
  return "unknown";
}

std::string MeasureStatusLabelDe(MeasureStatus status) {
  switch (status) {
    case MeasureStatus::kUnspecified: return "";
    case MeasureStatus::kPlanned: return "geplant";
    case MeasureStatus::kRunning: return "laufend";
    case MeasureStatus::kFinished: return "abgeschlossen";
    case MeasureStatus::kStopped: return "abgebrochen";
  }
  return "unbekannt";
}

absl::StatusOr<NodeType> ParseNodeType(const std::string& name) {
  std::string lower = absl::AsciiStrToLower(name);
  std::vector<std::string> names;
  for (NodeType t : kAllNodeTypes) {
    if (NodeTypeName(t) == lower) return t;
    names.push_back(NodeTypeName(t));
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown node type ",
                                                 common::QuoteForMessage(name),
                                                 "; valid types: ", absl::StrJoin(names, ", ")));
}

absl::StatusOr<EdgeType> ParseEdgeType(const std::string& name) {
  std::string lower = absl::AsciiStrToLower(name);
  std::vector<std::string> names;
  for (EdgeType t : kAllEdgeTypes) {
    if (EdgeTypeName(t) == lower) return t;
    names.push_back(EdgeTypeName(t));
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown edge type ",
                                                 common::QuoteForMessage(name),
                                                 "; valid types: ", absl::StrJoin(names, ", ")));
}

absl::Status ValidateNodeId(const std::string& id) {
  if (id.size() < 2 || id.size() > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("node id ", common::QuoteForMessage(id), " must be 2 to 100 characters long"));
  }
  if (!absl::ascii_islower(static_cast<unsigned char>(id[0]))) {
    return absl::InvalidArgumentError(absl::StrCat("node id ", common::QuoteForMessage(id),
                                                   " must start with a lower-case letter"));
  }
  for (char c : id) {
    auto u = static_cast<unsigned char>(c);
    if (!(absl::ascii_islower(u) || absl::ascii_isdigit(u) || c == '.' || c == '-' || c == '_')) {
      return absl::InvalidArgumentError(absl::StrCat(
          "node id ", common::QuoteForMessage(id),
          " may only hold a-z, 0-9, '.', '-' and '_' (found '", std::string(1, c), "')"));
    }
  }
  return absl::OkStatus();
}

namespace {

// InvalidArgument if `size` exceeds `limit`: "<who>: <field> is N bytes, the limit is L bytes".
absl::Status CheckSize(const std::string& who, const std::string& field, size_t size, size_t limit,
                       const std::string& unit = "bytes") {
  if (size <= limit) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(who, ": ", field, " is ", size, " ", unit, ", the limit is ", limit, " ", unit));
}

absl::Status CheckDate(const std::string& who, const std::string& field, const std::string& text) {
  absl::CivilDay day;
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (size_t i = 0; shape && i < text.size(); ++i) {
    if (i != 4 && i != 7 && !absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) shape = false;
  }
  if (!shape || !absl::ParseCivilTime(text, &day) || absl::FormatCivilTime(day) != text) {
    return absl::InvalidArgumentError(absl::StrCat(who, ": ", field, " ",
                                                   common::QuoteForMessage(text),
                                                   " is not a calendar date YYYY-MM-DD"));
  }
  return absl::OkStatus();
}

absl::Status CheckBudget(const std::string& who, const std::string& field,
                         const std::optional<double>& eur) {
  if (!eur.has_value() || (std::isfinite(*eur) && *eur >= 0)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(who, ": ", field, " must be a finite amount of at least 0 EUR"));
}

// The owner and measure-detail rules of ValidateNode.
absl::Status ValidateOwnership(const Node& node, const std::string& who) {
  if (absl::Status s = ValidateOwner(node.owner); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(who, ": ", s.message()));
  }
  if (node.type == NodeType::kGoal && !node.owned()) {
    return absl::InvalidArgumentError(absl::StrCat(
        who, ": a goal belongs to a unit's strategy and needs an owner (the unit's AGS)"));
  }
  if (node.owned() && node.type != NodeType::kGoal && node.type != NodeType::kMeasure) {
    return absl::InvalidArgumentError(absl::StrCat(who, ": only goals and measures may have an owner, not a ",
                                                   NodeTypeName(node.type)));
  }
  const MeasureDetails& m = node.measure;
  if (node.type != NodeType::kMeasure || !node.owned()) {
    if (!m.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          who, ": measure details (office, dates, budget, status) belong only to a measure with "
               "an owner"));
    }
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(CheckSize(who, "measure.responsible_office", m.responsible_office.size(),
                            kMaxOfficeBytes));
  if (m.status == MeasureStatus::kUnspecified) {
    return absl::InvalidArgumentError(absl::StrCat(
        who, ": a unit's measure needs a status (planned, running, finished or stopped)"));
  }
  if (m.start_date.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(who, ": a unit's measure needs a start date (measure.start_date)"));
  }
  RETURN_IF_ERROR(CheckDate(who, "measure.start_date", m.start_date));
  if (!m.end_date.empty()) {
    RETURN_IF_ERROR(CheckDate(who, "measure.end_date", m.end_date));
    if (m.end_date < m.start_date) {  // ISO dates: text order is calendar order
      return absl::InvalidArgumentError(absl::StrCat(who, ": measure.end_date ", m.end_date,
                                                     " lies before start_date ", m.start_date));
    }
  }
  RETURN_IF_ERROR(CheckBudget(who, "measure.budget_planned_eur", m.budget_planned_eur));
  RETURN_IF_ERROR(CheckBudget(who, "measure.budget_spent_eur", m.budget_spent_eur));
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateOwner(const std::string& owner) {
  if (owner.empty()) return absl::OkStatus();
  bool digits = true;
  for (char c : owner) digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
  const size_t n = owner.size();
  if (!digits || !(n == 2 || n == 3 || n == 5 || n == 8)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "owner ", common::QuoteForMessage(owner),
        " is not a unit key: expected the AGS of a Land, Regierungsbezirk, Kreis or Gemeinde "
        "(2, 3, 5 or 8 digits; empty for national content)"));
  }
  int land = (owner[0] - '0') * 10 + (owner[1] - '0');
  if (land < 1 || land > 16) {
    return absl::InvalidArgumentError(absl::StrCat("owner '", owner, "' is not a unit key: Land ",
                                                   owner.substr(0, 2), " does not exist (01-16)"));
  }
  return absl::OkStatus();
}

std::string EdgeOwner(const Node& from, const Node& to) {
  return from.owned() ? from.owner : to.owner;
}

absl::Status CheckEdgeOwners(const Edge& edge, const Node& from, const Node& to) {
  auto refuse = [&](const std::string& why) {
    return absl::InvalidArgumentError(
        absl::StrCat("edge ", edge.from, " -", EdgeTypeName(edge.type), "-> ", edge.to, ": ", why));
  };
  auto owner_text = [](const Node& n) {
    return n.owned() ? absl::StrCat("unit ", n.owner) : std::string("national content");
  };
  if (from.owned() && to.owned() && from.owner != to.owner) {
    return refuse(absl::StrCat("'", from.id, "' belongs to ", owner_text(from), " and '", to.id,
                               "' to ", owner_text(to),
                               "; a unit's strategy links only to its own or to national content"));
  }
  if (edge.type == EdgeType::kInstanceOf && (!from.owned() || to.owned())) {
    return refuse("instance_of runs from a unit's own measure to a generic (national) measure");
  }
  if (from.type == NodeType::kMeasure && !from.owned() && to.owned()) {
    return refuse(absl::StrCat("the generic measure '", from.id, "' cannot link to ",
                               owner_text(to), "; link from the unit's own measure instead"));
  }
  return absl::OkStatus();
}

absl::Status ValidateNode(const Node& node) {
  if (absl::Status s = ValidateNodeId(node.id); !s.ok()) return s;
  const std::string who = absl::StrCat("node '", node.id, "'");
  RETURN_IF_ERROR(CheckSize(who, "title_de", node.title_de.size(), kMaxTitleBytes));
  RETURN_IF_ERROR(CheckSize(who, "title_en", node.title_en.size(), kMaxTitleBytes));
  RETURN_IF_ERROR(CheckSize(who, "description", node.description.size(), kMaxDescriptionBytes));
  RETURN_IF_ERROR(CheckSize(who, "the tag list", node.tags.size(), kMaxTags, "tags"));
  for (size_t i = 0; i < node.tags.size(); ++i) {
    RETURN_IF_ERROR(CheckSize(who, absl::StrCat("tag ", i + 1), node.tags[i].size(), kMaxTagBytes));
  }
  RETURN_IF_ERROR(
      CheckSize(who, "provenance.locator", node.provenance.locator.size(), kMaxLocatorBytes));
  if (std::string(absl::StripAsciiWhitespace(node.title_de)).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("node '", node.id, "' needs a non-empty German title (title_de)"));
  }
  for (const auto& tag : node.tags) {
    if (std::string(absl::StripAsciiWhitespace(tag)).empty()) {
      return absl::InvalidArgumentError(absl::StrCat("node '", node.id, "' has an empty tag"));
    }
  }
  if (!node.provenance.source_id.empty()) {
    if (absl::Status s = ValidateNodeId(node.provenance.source_id); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("provenance source of '", node.id,
                                                     "': ", s.message()));
    }
  }
  if (node.provenance.sample_size < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("node '", node.id, "' has a negative sample size"));
  }
  return ValidateOwnership(node, who);
}

absl::Status ValidateEdgeText(const Edge& edge) {
  // The endpoints may not be valid ids yet (callers check them after): quote them bounded.
  const std::string who =
      absl::StrCat("edge ", common::QuoteForMessage(edge.from), " -", EdgeTypeName(edge.type),
                   "-> ", common::QuoteForMessage(edge.to));
  return CheckSize(who, "note", edge.note.size(), kMaxEdgeNoteBytes);
}

bool IsAllowedEdge(EdgeType type, NodeType from, NodeType to) {
  for (const EdgeRule& rule : Rules()) {
    if (rule.type == type && Contains(rule.from, from) && Contains(rule.to, to)) return true;
  }
  return false;
}

std::vector<NodeType> AllowedTargets(EdgeType type, NodeType from) {
  std::vector<NodeType> out;
  for (const EdgeRule& rule : Rules()) {
    if (rule.type != type || !Contains(rule.from, from)) continue;
    for (NodeType t : rule.to) {
      if (!Contains(out, t)) out.push_back(t);
    }
  }
  return out;
}

std::string DescribeAllowedPairs(EdgeType type) {
  std::vector<std::string> parts;
  for (const EdgeRule& rule : Rules()) {
    if (rule.type != type) continue;
    std::vector<std::string> from, to;
    for (NodeType t : rule.from) from.push_back(NodeTypeName(t));
    for (NodeType t : rule.to) to.push_back(NodeTypeName(t));
    parts.push_back(absl::StrCat("{", absl::StrJoin(from, "|"), "} -> {", absl::StrJoin(to, "|"),
                                 "}"));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace integra::knowledge
