// Graph analytics over the knowledge base, computed with Boost.Graph on an immutable snapshot.
//
// GraphSnapshot holds the whole graph as read at one store generation (nodes sorted by id, edges
// in canonical order), a directed and an undirected Boost adjacency list over it, and the search
// index. GraphAnalytics hands out the snapshot for the store's current generation and rebuilds it
// lazily on the first query after a write, so a burst of writes costs one rebuild.
//
// Edge-type filters: analytics that walk the graph take an EdgeTypeFilter. The default filter
// accepts every type except CITES: citations record provenance, and following them would connect
// everything through the few source nodes (every shortest path would run via a talk or survey).
//
// Thread-safety: a GraphSnapshot is immutable and safe to query from many threads;
// GraphAnalytics is thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/knowledge/document.h"
#include "services/knowledge/knowledge_store.h"
#include "services/knowledge/model.h"
#include "services/knowledge/search.h"

namespace integra::knowledge {

class EdgeTypeFilter {
 public:
  // Every type except CITES.
  EdgeTypeFilter();
  static EdgeTypeFilter Default() { return EdgeTypeFilter(); }
  // Exactly `types`; the default filter if `types` is empty.
  static EdgeTypeFilter Of(const std::vector<EdgeType>& types);
  bool Accepts(EdgeType type) const { return (mask_ >> static_cast<int>(type)) & 1u; }
  uint32_t mask() const { return mask_; }

 private:
  explicit EdgeTypeFilter(uint32_t mask) : mask_(mask) {}
  uint32_t mask_;
};

struct PathStep {
  Node node;
  std::optional<Edge> edge;  // the edge that led to `node` (none on the first step)
  bool forward = true;       // edge walked from edge->from to edge->to
};

struct CentralityEntry {
  Node node;
  int in_degree = 0;
  int out_degree = 0;
  double betweenness = 0;             // Brandes, direction ignored
  double betweenness_normalized = 0;  // betweenness / ((n-1)(n-2)/2), n = all nodes
  int degree() const { return in_degree + out_degree; }
};

struct TopologicalEntry {
  Node node;
  int level = 0;                          // 0: requires nothing; else 1 + max level required
  std::vector<std::string> requires_ids;  // sorted
};

struct CoverageEntry {
  Node node;
  std::vector<std::string> indicator_ids;  // INDICATOR nodes with a MEASURES edge to `node`
};

struct SearchResult {
  Node node;
  double score = 0;
  std::vector<std::string> matched_fields;
};

class GraphSnapshot {
 public:
  // Builds Boost graphs and the search index over `data`.
  explicit GraphSnapshot(GraphExport data);
  ~GraphSnapshot();
  GraphSnapshot(const GraphSnapshot&) = delete;
  GraphSnapshot& operator=(const GraphSnapshot&) = delete;

  uint64_t generation() const { return generation_; }
  const std::vector<Node>& nodes() const { return doc_.nodes; }
  const std::vector<Edge>& edges() const { return doc_.edges; }

  // Nodes within `depth` hops of `root` (0..10) along accepted edges, walking edges forwards
  // (kOut), backwards (kIn) or both ways (kBoth); every accepted edge between them. Canonical
  // order. NotFound for an unknown root, InvalidArgument for a depth out of range.
  absl::StatusOr<KnowledgeDocument> Subgraph(const std::string& root, int depth,
                                             Direction direction,
                                             const EdgeTypeFilter& filter) const;
  // The whole graph restricted to accepted edges (all nodes kept).
  KnowledgeDocument Filtered(const EdgeTypeFilter& filter) const;

  // A shortest path (fewest edges) from `from` to `to`, optionally walking edges against their
  // direction: the explanation of how two nodes are connected. Empty vector if there is none.
  // NotFound for an unknown node. Deterministic: ties go to edges in canonical order.
  absl::StatusOr<std::vector<PathStep>> ExplainPath(const std::string& from, const std::string& to,
                                                    bool undirected,
                                                    const EdgeTypeFilter& filter) const;

  // Degree and betweenness of every node (of `type`, if given), computed on the whole filtered
  // graph. Sorted by betweenness, then degree (both descending), then id. Betweenness costs
  // O(nodes x edges); it is computed once per snapshot and filter and then reused.
  std::vector<CentralityEntry> Centrality(std::optional<NodeType> type,
                                          const EdgeTypeFilter& filter) const;

  // Recommendations and measures in planning order over REQUIRES: whatever a node requires comes
  // before it. Sorted by level, then id (which is one valid topological order).
  absl::StatusOr<std::vector<TopologicalEntry>> TopologicalOrder() const;

  // Weakly connected components of the filtered graph (node ids sorted), largest first, ties by
  // first id. Isolated nodes form components of one.
  std::vector<std::vector<std::string>> Components(const EdgeTypeFilter& filter) const;

  // Every action field and recommendation (in that order, then by id) with the indicators that
  // MEASURE it; an empty list is a monitoring gap.
  std::vector<CoverageEntry> Coverage() const;

  // See SearchIndex::Search.
  std::vector<SearchResult> Search(const std::string& query, std::optional<NodeType> type) const;

 private:
  struct Graphs;  // Boost types stay out of this header.
  std::optional<size_t> IndexOf(const std::string& id) const;
  absl::StatusOr<size_t> RequireIndex(const std::string& id) const;
  KnowledgeDocument Induced(const std::vector<bool>& keep, const EdgeTypeFilter& filter) const;
  std::shared_ptr<const std::vector<double>> Betweenness(const EdgeTypeFilter& filter) const;

  uint64_t generation_;
  KnowledgeDocument doc_;
  std::unique_ptr<Graphs> graphs_;
  SearchIndex search_;
  mutable std::mutex betweenness_mu_;
  // Betweenness per filter mask, filled on first use; guarded by betweenness_mu_.
  mutable std::map<uint32_t, std::shared_ptr<const std::vector<double>>> betweenness_;
};

class GraphAnalytics {
 public:
  explicit GraphAnalytics(const KnowledgeStore* store) : store_(store) {}

  // The snapshot of the store's current generation; rebuilt if the store changed since the last
  // call. Errors are those of KnowledgeStore::Export.
  absl::StatusOr<std::shared_ptr<const GraphSnapshot>> Current() const;

 private:
  const KnowledgeStore* store_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const GraphSnapshot> snapshot_;  // guarded by mu_
};

}  // namespace integra::knowledge
