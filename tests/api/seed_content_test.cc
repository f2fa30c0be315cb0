// The seed file data/knowledge/seed.textproto: parses, is a valid graph and keeps the content
// conventions docs/knowledge.md promises (provenance, citations, notes, ids, connectivity).
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "services/api/knowledge_convert.h"
#include "services/knowledge/graph_analytics.h"
#include "tests/testing/status_matchers.h"

namespace integra::api {
namespace {

using knowledge::EdgeType;
using knowledge::NodeType;

class SeedContentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path = std::string(INTEGRA_SOURCE_DIR) + "/data/knowledge/seed.textproto";
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::stringstream text;
    text << in.rdbuf();
    v1::KnowledgeDocument proto;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &proto));
    ASSERT_OK_AND_ASSIGN(doc_, FromProto(proto));
    for (const auto& n : doc_.nodes) nodes_[n.id] = &n;
  }
  int CountOf(NodeType type) const {
    int n = 0;
    for (const auto& node : doc_.nodes) n += node.type == type;
    return n;
  }

  knowledge::KnowledgeDocument doc_;
  std::map<std::string, const knowledge::Node*> nodes_;
};

TEST_F(SeedContentTest, IsAValidGraph) { EXPECT_OK(knowledge::ValidateGraph(doc_)); }

TEST_F(SeedContentTest, HasTheTalksContent) {
  EXPECT_EQ(CountOf(NodeType::kActionField), 10);
  EXPECT_EQ(CountOf(NodeType::kRecommendation), 7);
  EXPECT_EQ(CountOf(NodeType::kSuccessFactor), 4);
  EXPECT_EQ(CountOf(NodeType::kSource), 5);
  EXPECT_GE(CountOf(NodeType::kFinding), 7 + 7 + 10);  // 2012 results, 2016 key results, (1)-(10)
  EXPECT_GE(CountOf(NodeType::kMeasure), 3);
  EXPECT_EQ(CountOf(NodeType::kIndicator), 0) << "indicators come from the monitoring catalog";
  for (int i = 1; i <= 7; ++i) {
    bool found = false;
    for (const auto& [id, n] : nodes_) {
      found |= id.rfind("rec." + std::to_string(i) + "-", 0) == 0;
    }
    EXPECT_TRUE(found) << "rec." << i << "-*";
  }
  for (int i = 1; i <= 10; ++i) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "fnd.2016.%02d-", i);
    bool found = false;
    for (const auto& [id, n] : nodes_) found |= id.rfind(prefix, 0) == 0;
    EXPECT_TRUE(found) << prefix;
  }
  // Ids the demo and the docs use.
  for (const char* id : {"af.information-evaluation", "rec.3-zivilgesellschaft", "src.roth-2017",
                         "src.nip-2007", "src.umfrage-2012", "sf.vernetzung-kollaboration"}) {
    EXPECT_TRUE(nodes_.contains(id)) << id;
  }
}

TEST_F(SeedContentTest, IdPrefixesMatchTypes) {
  const std::map<NodeType, std::string> prefix = {
      {NodeType::kActionField, "af."},     {NodeType::kSuccessFactor, "sf."},
      {NodeType::kRecommendation, "rec."}, {NodeType::kFinding, "fnd."},
      {NodeType::kChallenge, "ch."},       {NodeType::kResource, "res."},
      {NodeType::kSupportNeed, "sn."},     {NodeType::kMeasure, "ms."},
      {NodeType::kSource, "src."}};
  for (const auto& n : doc_.nodes) {
    EXPECT_EQ(n.id.rfind(prefix.at(n.type), 0), 0u) << n.id;
  }
}

TEST_F(SeedContentTest, EveryNodeHasProvenanceAndCitesItsSource) {
  std::set<std::pair<std::string, std::string>> cites;
  for (const auto& e : doc_.edges) {
    if (e.type == EdgeType::kCites) cites.emplace(e.from, e.to);
  }
  for (const auto& n : doc_.nodes) {
    SCOPED_TRACE(n.id);
    EXPECT_FALSE(n.title_en.empty());
    EXPECT_FALSE(n.description.empty());
    EXPECT_FALSE(n.tags.empty());
    EXPECT_GT(n.provenance.year, 0);
    EXPECT_FALSE(n.provenance.locator.empty());
    if (n.type == NodeType::kSource) continue;
    ASSERT_FALSE(n.provenance.source_id.empty());
    EXPECT_EQ(nodes_.at(n.provenance.source_id)->type, NodeType::kSource);
    EXPECT_TRUE(cites.contains({n.id, n.provenance.source_id}));
    EXPECT_EQ(n.provenance.locator.rfind("Folie: ", 0), 0u) << n.provenance.locator;
    if (n.provenance.source_id.rfind("src.umfrage-2016", 0) == 0) {
      EXPECT_GT(n.provenance.sample_size, 0) << "the 2016 surveys give N";
    }
  }
}

TEST_F(SeedContentTest, EveryLinkExplainsItself) {
  for (const auto& e : doc_.edges) {
    if (e.type == EdgeType::kCites) continue;
    EXPECT_FALSE(e.note.empty()) << knowledge::DescribeEdge(e);
  }
}

TEST_F(SeedContentTest, ContentIsConnectedWithoutCitationsAndCoverageShowsTheGap) {
  knowledge::GraphSnapshot snapshot(knowledge::GraphExport{.generation = 0, .document = doc_});
  auto components = snapshot.Components({});
  ASSERT_FALSE(components.empty());
  // One component holds every node but the sources (which only citations reach).
  EXPECT_EQ(components[0].size(), doc_.nodes.size() - CountOf(NodeType::kSource));
  for (size_t i = 1; i < components.size(); ++i) {
    ASSERT_EQ(components[i].size(), 1u);
    EXPECT_EQ(components[i][0].rfind("src.", 0), 0u);
  }
  auto coverage = snapshot.Coverage();
  EXPECT_EQ(coverage.size(), 17u);
  for (const auto& entry : coverage) EXPECT_TRUE(entry.indicator_ids.empty()) << entry.node.id;
  ASSERT_OK_AND_ASSIGN(auto order, snapshot.TopologicalOrder());
  EXPECT_EQ(order.size(), 10u);  // 7 recommendations + 3 measures
}

}  // namespace
}  // namespace integra::api
