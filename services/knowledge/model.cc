#include "services/knowledge/model.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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
      {EdgeType::kMeasures, {T::kIndicator}, {T::kActionField, T::kRecommendation}},
      {EdgeType::kImplements, {T::kMeasure}, {T::kRecommendation}},
      {EdgeType::kRequires, {T::kRecommendation}, {T::kRecommendation}},
      {EdgeType::kRequires, {T::kMeasure}, {T::kMeasure}},
      {EdgeType::kCites,
       {T::kActionField, T::kSuccessFactor, T::kRecommendation, T::kFinding, T::kChallenge,
        T::kResource, T::kSupportNeed, T::kIndicator, T::kMeasure},
       {T::kSource}},
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
  }
  return "unknown";
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

}  // namespace

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
  return absl::OkStatus();
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
