// Graph analytics on snapshots of a real store (RocksDB in a temp dir).
#include "services/knowledge/graph_analytics.h"

#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::knowledge {
namespace {

using testing::TempDir;

std::vector<std::string> IdsOf(const std::vector<Node>& nodes) {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (const auto& n : nodes) out.push_back(n.id);
  return out;
}

class GraphAnalyticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::Store::Open({.path = dir_.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto ks = KnowledgeStore::Open(store_.get());
    ASSERT_TRUE(ks.ok()) << ks.status();
    ks_ = std::move(*ks);
    analytics_ = std::make_unique<GraphAnalytics>(ks_.get());
  }

  // A hub action field addressed by three recommendations; a REQUIRES chain rec.c -> rec.b ->
  // rec.a; a finding evidencing rec.a; an indicator measuring the hub; an isolated challenge; all
  // but the source cite src.s.
  //
  //   rec.a --addresses--> af.hub <--addresses-- rec.b, rec.c
  //   rec.c -requires-> rec.b -requires-> rec.a      fnd.x -evidences-> rec.a
  //   ind.i -measures-> af.hub                       ch.alone (no edges but cites)
  void BuildSample() {
    KnowledgeDocument doc;
    auto add = [&](const std::string& id, NodeType type) {
      doc.nodes.push_back({.id = id, .type = type, .title_de = "Titel " + id});
      if (type != NodeType::kSource) {
        doc.edges.push_back({.from = id, .to = "src.s", .type = EdgeType::kCites});
      }
    };
    add("src.s", NodeType::kSource);
    add("af.hub", NodeType::kActionField);
    add("af.other", NodeType::kActionField);
    add("rec.a", NodeType::kRecommendation);
    add("rec.b", NodeType::kRecommendation);
    add("rec.c", NodeType::kRecommendation);
    add("fnd.x", NodeType::kFinding);
    add("ind.i", NodeType::kIndicator);
    add("ch.alone", NodeType::kChallenge);
    for (const char* rec : {"rec.a", "rec.b", "rec.c"}) {
      doc.edges.push_back({.from = rec,
                           .to = "af.hub",
                           .type = EdgeType::kAddresses,
                           .note = std::string(rec) + " addresses the hub"});
    }
    doc.edges.push_back({.from = "rec.c", .to = "rec.b", .type = EdgeType::kRequires});
    doc.edges.push_back({.from = "rec.b", .to = "rec.a", .type = EdgeType::kRequires});
    doc.edges.push_back({.from = "fnd.x",
                         .to = "rec.a",
                         .type = EdgeType::kEvidences,
                         .note = "finding backs rec.a"});
    doc.edges.push_back({.from = "ind.i", .to = "af.hub", .type = EdgeType::kMeasures});
    ASSERT_OK(ks_->Apply(doc, {}, "test"));
  }

  std::shared_ptr<const GraphSnapshot> Snapshot() {
    auto s = analytics_->Current();
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : nullptr;
  }

  TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<KnowledgeStore> ks_;
  std::unique_ptr<GraphAnalytics> analytics_;
};

TEST_F(GraphAnalyticsTest, SnapshotIsReusedUntilTheStoreChanges) {
  BuildSample();
  auto first = Snapshot();
  auto again = Snapshot();
  EXPECT_EQ(first.get(), again.get()) << "no write in between: same snapshot";
  EXPECT_EQ(first->nodes().size(), 9u);

  ASSERT_OK(
      ks_->CreateNode({.id = "af.new", .type = NodeType::kActionField, .title_de = "Neu"}, "t"));
  auto after = Snapshot();
  EXPECT_NE(first.get(), after.get());
  EXPECT_GT(after->generation(), first->generation());
  EXPECT_EQ(after->nodes().size(), 10u);
  // The old snapshot is immutable and still usable by whoever holds it.
  EXPECT_EQ(first->nodes().size(), 9u);
}

TEST_F(GraphAnalyticsTest, SubgraphByDepthDirectionAndFilter) {
  BuildSample();
  auto s = Snapshot();
  ASSERT_OK_AND_ASSIGN(auto depth0, s->Subgraph("af.hub", 0, Direction::kBoth, {}));
  EXPECT_EQ(IdsOf(depth0.nodes), std::vector<std::string>{"af.hub"});
  EXPECT_TRUE(depth0.edges.empty());

  ASSERT_OK_AND_ASSIGN(auto depth1, s->Subgraph("af.hub", 1, Direction::kBoth, {}));
  EXPECT_EQ(IdsOf(depth1.nodes),
            (std::vector<std::string>{"af.hub", "ind.i", "rec.a", "rec.b", "rec.c"}));
  // Induced: the REQUIRES edges among the three recommendations come along; CITES do not.
  EXPECT_EQ(depth1.edges.size(), 6u);

  ASSERT_OK_AND_ASSIGN(auto out2, s->Subgraph("rec.c", 2, Direction::kOut, {}));
  EXPECT_EQ(IdsOf(out2.nodes), (std::vector<std::string>{"af.hub", "rec.a", "rec.b", "rec.c"}));
  ASSERT_OK_AND_ASSIGN(auto in1, s->Subgraph("rec.a", 1, Direction::kIn, {}));
  EXPECT_EQ(IdsOf(in1.nodes), (std::vector<std::string>{"fnd.x", "rec.a", "rec.b"}));

  ASSERT_OK_AND_ASSIGN(auto requires_only, s->Subgraph("rec.c", 5, Direction::kBoth,
                                                       EdgeTypeFilter::Of({EdgeType::kRequires})));
  EXPECT_EQ(IdsOf(requires_only.nodes), (std::vector<std::string>{"rec.a", "rec.b", "rec.c"}));

  ASSERT_OK_AND_ASSIGN(auto with_cites, s->Subgraph("ch.alone", 2, Direction::kBoth,
                                                    EdgeTypeFilter::Of({EdgeType::kCites})));
  EXPECT_EQ(with_cites.nodes.size(), 9u) << "every node cites src.s: two hops reach all";

  EXPECT_STATUS(s->Subgraph("af.none", 1, Direction::kBoth, {}), absl::StatusCode::kNotFound,
                "af.none");
  EXPECT_STATUS(s->Subgraph("af.hub", 11, Direction::kBoth, {}), absl::StatusCode::kInvalidArgument,
                "depth");
  EXPECT_STATUS(s->Subgraph("Bad Id", 1, Direction::kBoth, {}), absl::StatusCode::kInvalidArgument,
                "Bad Id");
}

TEST_F(GraphAnalyticsTest, ExplainPathDirectedAndUndirected) {
  BuildSample();
  auto s = Snapshot();
  ASSERT_OK_AND_ASSIGN(auto directed, s->ExplainPath("rec.c", "af.hub", false, {}));
  ASSERT_EQ(directed.size(), 2u) << "the direct edge beats the REQUIRES chain";
  EXPECT_EQ(directed[1].node.id, "af.hub");
  ASSERT_TRUE(directed[1].edge.has_value());
  EXPECT_EQ(directed[1].edge->note, "rec.c addresses the hub");
  EXPECT_TRUE(directed[1].forward);

  // fnd.x -> rec.a is forward; rec.a -> af.hub forward; af.hub <- ind.i needs --undirected.
  ASSERT_OK_AND_ASSIGN(auto none, s->ExplainPath("fnd.x", "ind.i", false, {}));
  EXPECT_TRUE(none.empty());
  ASSERT_OK_AND_ASSIGN(auto path, s->ExplainPath("fnd.x", "ind.i", true, {}));
  ASSERT_EQ(path.size(), 4u);
  EXPECT_EQ(path[0].node.id, "fnd.x");
  EXPECT_FALSE(path[0].edge.has_value());
  EXPECT_EQ(path[1].node.id, "rec.a");
  EXPECT_EQ(path[1].edge->note, "finding backs rec.a");
  EXPECT_TRUE(path[1].forward);
  EXPECT_EQ(path[2].node.id, "af.hub");
  EXPECT_EQ(path[3].node.id, "ind.i");
  EXPECT_EQ(path[3].edge->type, EdgeType::kMeasures);
  EXPECT_FALSE(path[3].forward) << "ind.i -measures-> af.hub was walked backwards";

  // The isolated challenge is reachable only through the citation hub, which is off by default.
  ASSERT_OK_AND_ASSIGN(auto isolated, s->ExplainPath("ch.alone", "af.hub", true, {}));
  EXPECT_TRUE(isolated.empty());
  ASSERT_OK_AND_ASSIGN(auto via_source, s->ExplainPath("ch.alone", "af.hub", true,
                                                       EdgeTypeFilter::Of({EdgeType::kCites})));
  ASSERT_EQ(via_source.size(), 3u);
  EXPECT_EQ(via_source[1].node.id, "src.s");

  ASSERT_OK_AND_ASSIGN(auto self, s->ExplainPath("rec.a", "rec.a", false, {}));
  EXPECT_EQ(self.size(), 1u);
  EXPECT_STATUS(s->ExplainPath("rec.a", "rec.none", false, {}), absl::StatusCode::kNotFound,
                "rec.none");
}

TEST_F(GraphAnalyticsTest, CentralityDegreeAndBetweenness) {
  BuildSample();
  auto s = Snapshot();
  auto all = s->Centrality(std::nullopt, {});
  ASSERT_EQ(all.size(), 9u);
  // Without CITES the connected part is af.hub, rec.a, rec.b, rec.c, ind.i, fnd.x (see above).
  EXPECT_EQ(all[0].node.id, "af.hub");
  EXPECT_EQ(all[0].in_degree, 4);
  EXPECT_EQ(all[0].out_degree, 0);
  EXPECT_EQ(all[0].degree(), 4);
  // Hand count for af.hub, over pairs of the other five connected nodes (fraction of shortest
  // paths through af.hub): ind.i with rec.a, rec.b, rec.c and fnd.x: 1 each (4); rec.a-rec.c:
  // via af.hub or rec.b, 1/2; fnd.x-rec.c: fnd.x-rec.a-af.hub-rec.c or via rec.b, 1/2. Total 5.
  // rec.a scores 4 (fnd.x to everything else), rec.b 1.
  EXPECT_DOUBLE_EQ(all[0].betweenness, 5.0);
  const double pairs = 8.0 * 7.0 / 2.0;  // n = 9 nodes
  EXPECT_DOUBLE_EQ(all[0].betweenness_normalized, 5.0 / pairs);
  // Isolated nodes (ch.alone, af.other, src.s without CITES) have no betweenness and sort last
  // by degree then id.
  EXPECT_EQ(all.back().betweenness, 0.0);

  auto fields = s->Centrality(NodeType::kActionField, {});
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].node.id, "af.hub");
  EXPECT_EQ(fields[1].node.id, "af.other");

  // Counting citations makes the source the hub of everything.
  auto with_cites =
      s->Centrality(std::nullopt, EdgeTypeFilter::Of({EdgeType::kCites, EdgeType::kAddresses}));
  EXPECT_EQ(with_cites[0].node.id, "src.s");
  EXPECT_EQ(with_cites[0].in_degree, 8);
}

TEST_F(GraphAnalyticsTest, TopologicalOrderPutsPrerequisitesFirst) {
  BuildSample();
  ASSERT_OK(ks_->CreateNode({.id = "ms.one", .type = NodeType::kMeasure, .title_de = "M"}, "t"));
  ASSERT_OK(ks_->CreateNode({.id = "ms.two", .type = NodeType::kMeasure, .title_de = "M"}, "t"));
  ASSERT_OK(ks_->Link({.from = "ms.one", .to = "ms.two", .type = EdgeType::kRequires}, "t"));
  ASSERT_OK_AND_ASSIGN(auto order, Snapshot()->TopologicalOrder());
  std::vector<std::string> ids;
  ids.reserve(order.size());
  for (const auto& e : order) ids.push_back(e.node.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"ms.two", "rec.a", "ms.one", "rec.b", "rec.c"}));
  EXPECT_EQ(order[0].level, 0);
  EXPECT_EQ(order[4].level, 2);
  EXPECT_EQ(order[4].requires_ids, std::vector<std::string>{"rec.b"});
}

TEST_F(GraphAnalyticsTest, ComponentsAndCoverage) {
  BuildSample();
  auto s = Snapshot();
  auto components = s->Components({});
  ASSERT_EQ(components.size(), 4u);
  EXPECT_EQ(components[0],
            (std::vector<std::string>{"af.hub", "fnd.x", "ind.i", "rec.a", "rec.b", "rec.c"}));
  EXPECT_EQ(components[1], std::vector<std::string>{"af.other"});
  EXPECT_EQ(components[2], std::vector<std::string>{"ch.alone"});
  EXPECT_EQ(components[3], std::vector<std::string>{"src.s"});
  EXPECT_EQ(s->Components(EdgeTypeFilter::Of({EdgeType::kCites})).size(), 1u);

  auto coverage = s->Coverage();
  ASSERT_EQ(coverage.size(), 5u);  // 2 action fields, then 3 recommendations
  EXPECT_EQ(coverage[0].node.id, "af.hub");
  EXPECT_EQ(coverage[0].indicator_ids, std::vector<std::string>{"ind.i"});
  EXPECT_EQ(coverage[1].node.id, "af.other");
  EXPECT_TRUE(coverage[1].indicator_ids.empty());
  EXPECT_EQ(coverage[2].node.type, NodeType::kRecommendation);
  for (size_t i = 2; i < coverage.size(); ++i) EXPECT_TRUE(coverage[i].indicator_ids.empty());
}

TEST_F(GraphAnalyticsTest, SearchUsesTheSnapshot) {
  BuildSample();
  ASSERT_OK(ks_->CreateNode(
      {.id = "af.sprache", .type = NodeType::kActionField, .title_de = "Sprachförderung"}, "t"));
  auto hits = Snapshot()->Search("SPRACHFOERDERUNG", std::nullopt);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].node.id, "af.sprache");
  EXPECT_EQ(hits[0].matched_fields, std::vector<std::string>{"title_de"});
}

TEST_F(GraphAnalyticsTest, ConcurrentQueriesDuringWrites) {
  BuildSample();
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        auto s = analytics_->Current();
        if (!s.ok()) {
          ++failures;
          continue;
        }
        // Every snapshot is internally consistent: the sample's hub is always there.
        auto sub = (*s)->Subgraph("af.hub", 1, Direction::kBoth, {});
        if (!sub.ok() || sub->nodes.size() < 5) ++failures;
        (*s)->Centrality(std::nullopt, {});
      }
    });
  }
  for (int i = 0; i < 30; ++i) {
    std::string id = "rec.n" + std::to_string(i);
    ASSERT_OK(ks_->CreateNode({.id = id, .type = NodeType::kRecommendation, .title_de = "R"}, "w"));
    ASSERT_OK(ks_->Link({.from = id, .to = "af.hub", .type = EdgeType::kAddresses}, "w"));
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto final_snapshot = Snapshot();
  EXPECT_EQ(final_snapshot->nodes().size(), 39u);
  ASSERT_OK_AND_ASSIGN(auto hub, final_snapshot->Subgraph("af.hub", 1, Direction::kIn, {}));
  EXPECT_EQ(hub.nodes.size(), 35u);  // hub + 3 + 30 recommendations + indicator
}

}  // namespace
}  // namespace integra::knowledge
