#include "services/knowledge/document.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"

namespace integra::knowledge {
namespace {

auto EdgeKey(const Edge& e) { return std::tie(e.from, e.type, e.to); }

// Finds a cycle among edges of `type` by depth-first search with three colours; returns it as
// "a -> b -> ... -> a", or "" if there is none. Iterates nodes and successors in sorted order so
// the reported cycle is deterministic.
std::string FindCycle(const std::vector<Edge>& edges, EdgeType type) {
  std::map<std::string, std::vector<std::string>> next;
  for (const Edge& e : edges) {
    if (e.type == type) next[e.from].push_back(e.to);
  }
  for (auto& [from, to] : next) std::sort(to.begin(), to.end());
  enum Colour { kWhite, kGrey, kBlack };
  std::map<std::string, Colour> colour;
  std::vector<std::string> path;
  std::string cycle;
  // Recursion depth is bounded by the length of the longest REQUIRES chain.
  auto visit = [&](auto& self, const std::string& id) -> bool {
    colour[id] = kGrey;
    path.push_back(id);
    for (const std::string& succ : next[id]) {
      if (colour[succ] == kGrey) {
        auto start = std::find(path.begin(), path.end(), succ);
        std::vector<std::string> ring(start, path.end());
        ring.push_back(succ);
        cycle = absl::StrJoin(ring, " -> ");
        return true;
      }
      if (colour[succ] == kWhite && self(self, succ)) return true;
    }
    path.pop_back();
    colour[id] = kBlack;
    return false;
  };
  for (const auto& [id, unused] : next) {
    if (colour[id] == kWhite && visit(visit, id)) return cycle;
  }
  return "";
}

}  // namespace

std::string DescribeEdge(const Edge& e) {
  return absl::StrCat(e.from, " -", EdgeTypeName(e.type), "-> ", e.to);
}

KnowledgeDocument OwnedPart(const KnowledgeDocument& graph, const std::string& owner) {
  KnowledgeDocument out;
  std::set<std::string> ids;
  for (const Node& n : graph.nodes) {
    if (n.owned() && n.owner == owner) {
      ids.insert(n.id);
      out.nodes.push_back(n);
    }
  }
  for (const Edge& e : graph.edges) {
    if (ids.contains(e.from) || ids.contains(e.to)) out.edges.push_back(e);
  }
  return out;
}

void Canonicalize(KnowledgeDocument& doc) {
  std::sort(doc.nodes.begin(), doc.nodes.end(),
            [](const Node& a, const Node& b) { return a.id < b.id; });
  std::sort(doc.edges.begin(), doc.edges.end(),
            [](const Edge& a, const Edge& b) { return EdgeKey(a) < EdgeKey(b); });
}

absl::Status ValidateGraph(const KnowledgeDocument& graph) {
  std::map<std::string, const Node*> nodes;
  for (const Node& n : graph.nodes) {
    if (absl::Status s = ValidateNode(n); !s.ok()) return s;
    if (!nodes.emplace(n.id, &n).second) {
      return absl::InvalidArgumentError(absl::StrCat("node '", n.id, "' is defined twice"));
    }
  }
  for (const Node& n : graph.nodes) {
    const std::string& source = n.provenance.source_id;
    if (!source.empty() && !nodes.contains(source)) {
      return absl::InvalidArgumentError(
          absl::StrCat("provenance source '", source, "' of node '", n.id, "' does not exist"));
    }
  }
  std::set<std::tuple<std::string, EdgeType, std::string>> seen;
  for (const Edge& e : graph.edges) {
    RETURN_IF_ERROR(ValidateEdgeText(e));
    const std::string name = DescribeEdge(e);
    for (const std::string* end : {&e.from, &e.to}) {
      if (absl::Status s = ValidateNodeId(*end); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("edge ", name, ": ", s.message()));
      }
    }
    if (e.from == e.to) {
      return absl::InvalidArgumentError(absl::StrCat("edge ", name, " connects a node to itself"));
    }
    if (e.weight.has_value() && !std::isfinite(*e.weight)) {
      return absl::InvalidArgumentError(absl::StrCat("edge ", name, " has a non-finite weight"));
    }
    auto from = nodes.find(e.from);
    auto to = nodes.find(e.to);
    if (from == nodes.end() || to == nodes.end()) {
      return absl::InvalidArgumentError(absl::StrCat("edge ", name, " refers to node '",
                                                     from == nodes.end() ? e.from : e.to,
                                                     "', which does not exist"));
    }
    if (!IsAllowedEdge(e.type, from->second->type, to->second->type)) {
      return absl::InvalidArgumentError(
          absl::StrCat("edge ", name, ": a ", EdgeTypeName(e.type), " edge may not run from ",
                       NodeTypeName(from->second->type), " to ", NodeTypeName(to->second->type),
                       "; allowed: ", DescribeAllowedPairs(e.type)));
    }
    RETURN_IF_ERROR(CheckEdgeOwners(e, *from->second, *to->second));
    if (!seen.emplace(e.from, e.type, e.to).second) {
      return absl::InvalidArgumentError(absl::StrCat("edge ", name, " is defined twice"));
    }
  }
  for (EdgeType type : kAllEdgeTypes) {
    if (!IsAcyclicEdgeType(type)) continue;
    if (std::string cycle = FindCycle(graph.edges, type); !cycle.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(EdgeTypeName(type), " edges would form the cycle ", cycle));
    }
  }
  return absl::OkStatus();
}

}  // namespace integra::knowledge
