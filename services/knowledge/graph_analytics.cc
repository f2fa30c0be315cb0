#include "services/knowledge/graph_analytics.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "boost/graph/adjacency_list.hpp"
#include "boost/graph/betweenness_centrality.hpp"
#include "boost/graph/breadth_first_search.hpp"
#include "boost/graph/connected_components.hpp"
#include "boost/graph/exception.hpp"
#include "boost/graph/filtered_graph.hpp"
#include "boost/graph/reverse_graph.hpp"
#include "boost/graph/topological_sort.hpp"
#include "common/status_macros.h"

namespace integra::knowledge {
namespace {

// Boost vertex i is doc_.nodes[i]; every Boost edge carries its type (for filtering) and the
// index of its Edge in doc_.edges (to report notes and weights).
struct EdgeRef {
  EdgeType type = EdgeType::kAddresses;
  size_t index = 0;
};
using DiGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                      boost::no_property, EdgeRef>;
using UGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                     boost::no_property, EdgeRef>;

// filtered_graph predicate: keeps edges whose type the filter accepts. Default-constructible
// because Boost's filtered iterators require it.
template <class G>
struct AcceptType {
  const G* graph = nullptr;
  EdgeTypeFilter filter;
  template <class E>
  bool operator()(const E& e) const {
    return filter.Accepts((*graph)[e].type);
  }
};

template <class G>
boost::filtered_graph<G, AcceptType<G>> Filter(const G& g, const EdgeTypeFilter& f) {
  return boost::filtered_graph<G, AcceptType<G>>(g, AcceptType<G>{&g, f});
}

// Breadth-first search tree: hop distance (-1 = unreached) and, per reached vertex, the vertex
// and edge it was reached from.
struct BfsTree {
  std::vector<int> dist;
  std::vector<size_t> pred_vertex;
  std::vector<size_t> pred_edge;
};

struct TreeRecorder : boost::default_bfs_visitor {
  BfsTree* tree;
  template <class E, class G>
  void tree_edge(E e, const G& g) const {
    auto u = boost::source(e, g);
    auto v = boost::target(e, g);
    tree->dist[v] = tree->dist[u] + 1;
    tree->pred_vertex[v] = u;
    tree->pred_edge[v] = g[e].index;
  }
};

template <class G>
BfsTree RunBfs(const G& g, size_t vertex_count, size_t source) {
  BfsTree tree{std::vector<int>(vertex_count, -1), std::vector<size_t>(vertex_count, 0),
               std::vector<size_t>(vertex_count, 0)};
  tree.dist[source] = 0;
  TreeRecorder recorder;
  recorder.tree = &tree;
  std::vector<boost::default_color_type> colours(vertex_count);
  boost::breadth_first_search(g, source,
                              boost::visitor(recorder).color_map(boost::make_iterator_property_map(
                                  colours.begin(), boost::get(boost::vertex_index, g))));
  return tree;
}

constexpr uint32_t kAllTypesMask = [] {
  uint32_t m = 0;
  for (EdgeType t : kAllEdgeTypes) m |= 1u << static_cast<int>(t);
  return m;
}();

constexpr int kMaxDepth = 10;

}  // namespace

struct GraphSnapshot::Graphs {
  DiGraph directed;
  UGraph undirected;
};

EdgeTypeFilter::EdgeTypeFilter()
    : mask_(kAllTypesMask & ~(1u << static_cast<int>(EdgeType::kCites))) {}

EdgeTypeFilter EdgeTypeFilter::Of(const std::vector<EdgeType>& types) {
  if (types.empty()) return EdgeTypeFilter();
  uint32_t mask = 0;
  for (EdgeType t : types) mask |= 1u << static_cast<int>(t);
  return EdgeTypeFilter(mask);
}

GraphSnapshot::GraphSnapshot(GraphExport data)
    : generation_(data.generation), doc_(std::move(data.document)) {
  Canonicalize(doc_);
  const size_t n = doc_.nodes.size();
  graphs_ = std::make_unique<Graphs>(Graphs{DiGraph(n), UGraph(n)});
  for (size_t i = 0; i < doc_.edges.size(); ++i) {
    const Edge& e = doc_.edges[i];
    auto from = IndexOf(e.from);
    auto to = IndexOf(e.to);
    if (!from || !to) continue;  // cannot happen for a consistent export; never index past end
    boost::add_edge(*from, *to, EdgeRef{e.type, i}, graphs_->directed);
    boost::add_edge(*from, *to, EdgeRef{e.type, i}, graphs_->undirected);
  }
  search_ = SearchIndex(doc_.nodes);
}

GraphSnapshot::~GraphSnapshot() = default;

std::optional<size_t> GraphSnapshot::IndexOf(const std::string& id) const {
  auto it = std::lower_bound(doc_.nodes.begin(), doc_.nodes.end(), id,
                             [](const Node& n, const std::string& key) { return n.id < key; });
  if (it == doc_.nodes.end() || it->id != id) return std::nullopt;
  return static_cast<size_t>(it - doc_.nodes.begin());
}

absl::StatusOr<size_t> GraphSnapshot::RequireIndex(const std::string& id) const {
  RETURN_IF_ERROR(ValidateNodeId(id));
  auto index = IndexOf(id);
  if (!index) return absl::NotFoundError(absl::StrCat("node '", id, "' not found"));
  return *index;
}

KnowledgeDocument GraphSnapshot::Induced(const std::vector<bool>& keep,
                                         const EdgeTypeFilter& filter) const {
  KnowledgeDocument out;
  for (size_t i = 0; i < doc_.nodes.size(); ++i) {
    if (keep[i]) out.nodes.push_back(doc_.nodes[i]);
  }
  for (const Edge& e : doc_.edges) {
    if (!filter.Accepts(e.type)) continue;
    auto from = IndexOf(e.from);
    auto to = IndexOf(e.to);
    if (from && to && keep[*from] && keep[*to]) out.edges.push_back(e);
  }
  return out;
}

KnowledgeDocument GraphSnapshot::Filtered(const EdgeTypeFilter& filter) const {
  return Induced(std::vector<bool>(doc_.nodes.size(), true), filter);
}

absl::StatusOr<KnowledgeDocument> GraphSnapshot::Subgraph(const std::string& root, int depth,
                                                          Direction direction,
                                                          const EdgeTypeFilter& filter) const {
  ASSIGN_OR_RETURN(size_t start, RequireIndex(root));
  if (depth < 0 || depth > kMaxDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat("depth must be between 0 and ", kMaxDepth, " (got ", depth, ")"));
  }
  const size_t n = doc_.nodes.size();
  BfsTree tree;
  switch (direction) {
    case Direction::kOut:
      tree = RunBfs(Filter(graphs_->directed, filter), n, start);
      break;
    case Direction::kIn: {
      auto reversed = boost::make_reverse_graph(graphs_->directed);
      tree = RunBfs(Filter(reversed, filter), n, start);
      break;
    }
    case Direction::kBoth:
      tree = RunBfs(Filter(graphs_->undirected, filter), n, start);
      break;
  }
  std::vector<bool> keep(n);
  for (size_t i = 0; i < n; ++i) keep[i] = tree.dist[i] >= 0 && tree.dist[i] <= depth;
  return Induced(keep, filter);
}

absl::StatusOr<std::vector<PathStep>> GraphSnapshot::ExplainPath(
    const std::string& from, const std::string& to, bool undirected,
    const EdgeTypeFilter& filter) const {
  ASSIGN_OR_RETURN(size_t source, RequireIndex(from));
  ASSIGN_OR_RETURN(size_t target, RequireIndex(to));
  const size_t n = doc_.nodes.size();
  BfsTree tree = undirected ? RunBfs(Filter(graphs_->undirected, filter), n, source)
                            : RunBfs(Filter(graphs_->directed, filter), n, source);
  std::vector<PathStep> steps;
  if (tree.dist[target] < 0) return steps;
  for (size_t v = target;; v = tree.pred_vertex[v]) {
    PathStep step{.node = doc_.nodes[v]};
    if (v != source) {
      const Edge& e = doc_.edges[tree.pred_edge[v]];
      step.edge = e;
      step.forward = e.to == doc_.nodes[v].id;
    }
    steps.push_back(std::move(step));
    if (v == source) break;
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

std::shared_ptr<const std::vector<double>> GraphSnapshot::Betweenness(
    const EdgeTypeFilter& filter) const {
  // Holding the lock while computing makes concurrent callers wait for one computation instead
  // of repeating it.
  std::lock_guard lock(betweenness_mu_);
  auto& cached = betweenness_[filter.mask()];
  if (cached != nullptr) return cached;
  const size_t n = doc_.nodes.size();
  auto values = std::make_shared<std::vector<double>>(n, 0.0);
  if (n > 0) {
    auto undirected = Filter(graphs_->undirected, filter);
    boost::brandes_betweenness_centrality(
        undirected, boost::centrality_map(boost::make_iterator_property_map(
                        values->begin(), boost::get(boost::vertex_index, undirected))));
  }
  cached = std::move(values);
  return cached;
}

std::vector<CentralityEntry> GraphSnapshot::Centrality(std::optional<NodeType> type,
                                                       const EdgeTypeFilter& filter) const {
  const size_t n = doc_.nodes.size();
  auto directed = Filter(graphs_->directed, filter);
  const std::shared_ptr<const std::vector<double>> cached = Betweenness(filter);
  const std::vector<double>& betweenness = *cached;
  // Boost halves undirected betweenness already; normalise by the number of vertex pairs that
  // exclude the vertex itself.
  const double pairs = n > 2 ? (static_cast<double>(n - 1) * static_cast<double>(n - 2)) / 2 : 0;
  std::vector<CentralityEntry> out;
  for (size_t v = 0; v < n; ++v) {
    if (type.has_value() && doc_.nodes[v].type != *type) continue;
    CentralityEntry entry{.node = doc_.nodes[v]};
    entry.in_degree = static_cast<int>(boost::in_degree(v, directed));
    entry.out_degree = static_cast<int>(boost::out_degree(v, directed));
    entry.betweenness = betweenness[v];
    entry.betweenness_normalized = pairs > 0 ? betweenness[v] / pairs : 0;
    out.push_back(std::move(entry));
  }
  std::stable_sort(out.begin(), out.end(), [](const CentralityEntry& a, const CentralityEntry& b) {
    if (a.betweenness != b.betweenness) return a.betweenness > b.betweenness;
    return a.degree() > b.degree();
  });
  return out;
}

absl::StatusOr<std::vector<TopologicalEntry>> GraphSnapshot::TopologicalOrder() const {
  auto requires_graph = Filter(graphs_->directed, EdgeTypeFilter::Of({EdgeType::kRequires}));
  // Boost emits vertices in reverse topological order: for an edge u -requires-> v, v comes
  // first. That is the planning order (prerequisites first).
  std::vector<size_t> order;
  try {
    std::vector<boost::default_color_type> colours(doc_.nodes.size());
    boost::topological_sort(requires_graph, std::back_inserter(order),
                            boost::color_map(boost::make_iterator_property_map(
                                colours.begin(), boost::get(boost::vertex_index, requires_graph))));
  } catch (const boost::not_a_dag&) {
    // The store refuses REQUIRES cycles, so this means the stored graph was damaged.
    return absl::DataLossError("the stored requires edges contain a cycle");
  }
  std::vector<int> level(doc_.nodes.size(), 0);
  std::vector<TopologicalEntry> out;
  for (size_t v : order) {
    for (auto [it, end] = boost::out_edges(v, requires_graph); it != end; ++it) {
      level[v] = std::max(level[v], level[boost::target(*it, requires_graph)] + 1);
    }
    const Node& node = doc_.nodes[v];
    if (node.type != NodeType::kRecommendation && node.type != NodeType::kMeasure) continue;
    TopologicalEntry entry{.node = node, .level = level[v]};
    for (auto [it, end] = boost::out_edges(v, requires_graph); it != end; ++it) {
      entry.requires_ids.push_back(doc_.nodes[boost::target(*it, requires_graph)].id);
    }
    std::sort(entry.requires_ids.begin(), entry.requires_ids.end());
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end(), [](const TopologicalEntry& a, const TopologicalEntry& b) {
    return std::tie(a.level, a.node.id) < std::tie(b.level, b.node.id);
  });
  return out;
}

std::vector<std::vector<std::string>> GraphSnapshot::Components(
    const EdgeTypeFilter& filter) const {
  const size_t n = doc_.nodes.size();
  auto undirected = Filter(graphs_->undirected, filter);
  std::vector<int> component(n, 0);
  int count =
      n == 0 ? 0
             : boost::connected_components(
                   undirected, boost::make_iterator_property_map(
                                   component.begin(), boost::get(boost::vertex_index, undirected)));
  std::vector<std::vector<std::string>> out(static_cast<size_t>(count));
  for (size_t v = 0; v < n; ++v) out[component[v]].push_back(doc_.nodes[v].id);  // ids sorted
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.size() != b.size()) return a.size() > b.size();
    return a.front() < b.front();
  });
  return out;
}

std::vector<CoverageEntry> GraphSnapshot::Coverage() const {
  std::vector<CoverageEntry> out;
  for (NodeType type : {NodeType::kActionField, NodeType::kRecommendation}) {
    for (size_t v = 0; v < doc_.nodes.size(); ++v) {
      if (doc_.nodes[v].type != type) continue;
      CoverageEntry entry{.node = doc_.nodes[v]};
      for (auto [it, end] = boost::in_edges(v, graphs_->directed); it != end; ++it) {
        if (graphs_->directed[*it].type != EdgeType::kMeasures) continue;
        entry.indicator_ids.push_back(doc_.nodes[boost::source(*it, graphs_->directed)].id);
      }
      std::sort(entry.indicator_ids.begin(), entry.indicator_ids.end());
      out.push_back(std::move(entry));
    }
  }
  return out;
}

std::vector<SearchResult> GraphSnapshot::Search(const std::string& query,
                                                std::optional<NodeType> type) const {
  std::vector<SearchResult> out;
  for (SearchHit& hit : search_.Search(query, type)) {
    out.push_back(
        SearchResult{doc_.nodes[hit.node_index], hit.score, std::move(hit.matched_fields)});
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const GraphSnapshot>> GraphAnalytics::Current() const {
  std::lock_guard lock(mu_);
  // Comparing generations is enough: Export reads the data and its generation under the store's
  // write lock, so a snapshot is never newer or older than the generation it carries.
  if (snapshot_ != nullptr && snapshot_->generation() == store_->generation()) return snapshot_;
  ASSIGN_OR_RETURN(GraphExport data, store_->Export());
  snapshot_ = std::make_shared<const GraphSnapshot>(std::move(data));
  return snapshot_;
}

}  // namespace integra::knowledge
