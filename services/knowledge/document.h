// Knowledge documents: a whole graph (or part of one) as plain values, the unit in which content
// is loaded from and dumped to the human-editable files under data/knowledge/.
//
// The file format itself (textproto of integra.v1.KnowledgeDocument) is parsed by the CLI; this
// layer sees only domain values. All functions are pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/knowledge/model.h"

namespace integra::knowledge {

struct KnowledgeDocument {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  bool operator==(const KnowledgeDocument&) const = default;
};

struct ApplyOptions {
  // Also delete every node and edge the document does not contain. Default: upsert only, so a
  // partial file (one topic) never wipes content kept elsewhere.
  bool prune = false;
  // Validate and count, write nothing.
  bool dry_run = false;
  // With prune: delete only what the document lacks among this unit's content (nodes owned by
  // it and the edges touching them), so one municipality's strategy file can be reloaded with
  // deletions without touching national content or other units. Empty: prune the whole graph.
  std::string prune_owner;
};

// The part of `graph` that belongs to `owner`'s strategy: its owned nodes and every edge touching
// one of them (by the owner rules these link only to the same owner or to national content).
KnowledgeDocument OwnedPart(const KnowledgeDocument& graph, const std::string& owner);

struct ApplyResult {
  int nodes_created = 0;
  int nodes_updated = 0;
  int nodes_unchanged = 0;
  int nodes_removed = 0;
  int edges_created = 0;
  int edges_updated = 0;
  int edges_unchanged = 0;
  int edges_removed = 0;
  int changes() const {
    return nodes_created + nodes_updated + nodes_removed + edges_created + edges_updated +
           edges_removed;
  }
};

// Sorts into the canonical dump order: nodes by id, edges by (from, type number, to).
void Canonicalize(KnowledgeDocument& document);

// Checks that `graph` is a valid graph on its own: every node valid and unique, provenance
// sources present, every edge unique, endpoints present, no self loops, finite weights, type
// pairs and owners allowed (CheckEdgeOwners), REQUIRES and CONTRIBUTES_TO acyclic.
// InvalidArgument naming the first offending node or edge (for a cycle: the cycle), OK otherwise.
absl::Status ValidateGraph(const KnowledgeDocument& graph);

// "rec.a -requires-> rec.b": how an edge is named in messages.
std::string DescribeEdge(const Edge& edge);

}  // namespace integra::knowledge
