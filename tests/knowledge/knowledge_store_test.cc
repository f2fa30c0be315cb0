#include "services/knowledge/knowledge_store.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::knowledge {
namespace {

using testing::TempDir;

class KnowledgeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    ks_.reset();
    store_.reset();
    auto store = storage::Store::Open({.path = dir_.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto ks = KnowledgeStore::Open(store_.get());
    ASSERT_TRUE(ks.ok()) << ks.status();
    ks_ = std::move(*ks);
  }
  Node MakeNode(const std::string& id, NodeType type) {
    return Node{.id = id, .type = type, .title_de = "Titel " + id};
  }
  void Add(const std::string& id, NodeType type) {
    ASSERT_OK(ks_->CreateNode(MakeNode(id, type), "tester"));
  }

  TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<KnowledgeStore> ks_;
};

TEST_F(KnowledgeStoreTest, CreateGetAndAlreadyExists) {
  Node n = MakeNode("af.sprache", NodeType::kActionField);
  n.tags = {"bildung", "sprache"};
  n.provenance = {.year = 2007, .locator = "Folie 2"};
  ASSERT_OK(ks_->CreateNode(n, "tester"));
  ASSERT_OK_AND_ASSIGN(Node got, ks_->GetNode("af.sprache"));
  EXPECT_EQ(got, n);
  EXPECT_STATUS(ks_->CreateNode(n, "tester"), absl::StatusCode::kAlreadyExists, "af.sprache");
  EXPECT_STATUS(ks_->GetNode("af.none"), absl::StatusCode::kNotFound, "af.none");
}

TEST_F(KnowledgeStoreTest, LinkEnforcesTypePairsAndExistence) {
  Add("af.sprache", NodeType::kActionField);
  Add("rec.one", NodeType::kRecommendation);
  ASSERT_OK(ks_->Link({.from = "rec.one", .to = "af.sprache", .type = EdgeType::kAddresses,
                       .weight = 0.5, .note = "why"}, "tester"));
  EXPECT_STATUS(ks_->Link({.from = "af.sprache", .to = "rec.one", .type = EdgeType::kAddresses},
                          "tester"),
                absl::StatusCode::kInvalidArgument, "may not run from action_field");
  EXPECT_STATUS(ks_->Link({.from = "rec.one", .to = "af.none", .type = EdgeType::kAddresses},
                          "tester"),
                absl::StatusCode::kNotFound, "af.none");
  EXPECT_STATUS(ks_->Link({.from = "rec.one", .to = "af.sprache", .type = EdgeType::kAddresses},
                          "tester"),
                absl::StatusCode::kAlreadyExists, "already exists");
  ASSERT_OK_AND_ASSIGN(auto out, ks_->Neighbors("rec.one", Direction::kOut, std::nullopt));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].node.id, "af.sprache");
  EXPECT_EQ(out[0].edge.weight, 0.5);
  EXPECT_EQ(out[0].edge.note, "why");
  ASSERT_OK_AND_ASSIGN(auto in, ks_->Neighbors("af.sprache", Direction::kIn, EdgeType::kAddresses));
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].node.id, "rec.one");
  EXPECT_FALSE(in[0].outgoing);
  ASSERT_OK_AND_ASSIGN(auto none, ks_->Neighbors("af.sprache", Direction::kIn, EdgeType::kEnables));
  EXPECT_TRUE(none.empty());
}

TEST_F(KnowledgeStoreTest, RequiresCycleIsRefusedAndNamed) {
  Add("rec.a", NodeType::kRecommendation);
  Add("rec.b", NodeType::kRecommendation);
  Add("rec.c", NodeType::kRecommendation);
  ASSERT_OK(ks_->Link({.from = "rec.a", .to = "rec.b", .type = EdgeType::kRequires}, "t"));
  ASSERT_OK(ks_->Link({.from = "rec.b", .to = "rec.c", .type = EdgeType::kRequires}, "t"));
  EXPECT_STATUS(ks_->Link({.from = "rec.c", .to = "rec.a", .type = EdgeType::kRequires}, "t"),
                absl::StatusCode::kFailedPrecondition, "rec.c -> rec.a -> rec.b -> rec.c");
}

TEST_F(KnowledgeStoreTest, DeleteCascadesEdgesAtomically) {
  Add("af.sprache", NodeType::kActionField);
  Add("rec.one", NodeType::kRecommendation);
  Add("ind.x", NodeType::kIndicator);
  ASSERT_OK(ks_->Link({.from = "rec.one", .to = "af.sprache", .type = EdgeType::kAddresses}, "t"));
  ASSERT_OK(ks_->Link({.from = "ind.x", .to = "af.sprache", .type = EdgeType::kMeasures}, "t"));

  // An injected write failure leaves node and both edges in place.
  store_->SetBeforeWriteHookForTesting(
      [](const storage::WriteBatch&) { return absl::InternalError("injected disk failure"); });
  EXPECT_STATUS(ks_->DeleteNode("af.sprache", "t"), absl::StatusCode::kInternal, "injected");
  store_->SetBeforeWriteHookForTesting(nullptr);
  ASSERT_OK(ks_->GetNode("af.sprache"));
  ASSERT_OK_AND_ASSIGN(auto edges, ks_->AllEdges());
  EXPECT_EQ(edges.size(), 2u);

  ASSERT_OK_AND_ASSIGN(int removed, ks_->DeleteNode("af.sprache", "t"));
  EXPECT_EQ(removed, 2);
  ASSERT_OK_AND_ASSIGN(edges, ks_->AllEdges());
  EXPECT_TRUE(edges.empty());
  ASSERT_OK_AND_ASSIGN(auto rec_edges, ks_->Neighbors("rec.one", Direction::kBoth, std::nullopt));
  EXPECT_TRUE(rec_edges.empty());
}

TEST_F(KnowledgeStoreTest, HistoryRecordsEveryChangeAndSurvivesReopen) {
  Add("af.sprache", NodeType::kActionField);
  Node changed = MakeNode("af.sprache", NodeType::kActionField);
  changed.title_de = "Sprache und Bildung";
  ASSERT_OK(ks_->UpdateNode(changed, "editor"));
  ASSERT_OK(ks_->UpdateNode(changed, "editor"));  // unchanged: no record
  Reopen();
  Add("rec.one", NodeType::kRecommendation);
  ASSERT_OK(ks_->Link({.from = "rec.one", .to = "af.sprache", .type = EdgeType::kAddresses}, "x"));
  ASSERT_OK_AND_ASSIGN(auto history, ks_->History("af.sprache"));
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].operation, "create_node");
  EXPECT_EQ(history[0].actor, "tester");
  EXPECT_EQ(history[1].operation, "update_node");
  EXPECT_NE(history[1].before.find("Titel af.sprache"), std::string::npos);
  EXPECT_NE(history[1].after.find("Sprache und Bildung"), std::string::npos);
  EXPECT_EQ(history[2].operation, "link");
  EXPECT_LT(history[1].sequence, history[2].sequence);  // sequence continues after reopen
}

TEST(KnowledgeJsonTest, AuditRenderingsAreStrictJson) {
  Node n{.id = "af.sprache", .type = NodeType::kActionField};
  n.title_de = "Sprache \"und\" Bildung's\n\tTeil\\2\x01 Straße";
  n.tags = {"a\"b"};
  const std::string json = NodeToJson(n);
  // JSON escapes only (no C escapes such as \' or octal \001); UTF-8 passes through.
  EXPECT_NE(json.find(R"("title_de":"Sprache \"und\" Bildung's\n\tTeil\\2\u0001 Straße")"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("tags":["a\"b"])"), std::string::npos) << json;
  Edge e{.from = "rec.a", .to = "af.sprache", .type = EdgeType::kAddresses, .note = "x\ry"};
  EXPECT_NE(EdgeToJson(e).find(R"("note":"x\ry")"), std::string::npos) << EdgeToJson(e);
}

TEST(KnowledgeJsonTest, AuditRenderingsReplaceInvalidUtf8) {
  // A Latin-1 byte (0xFC, 'ü') and a cut-off euro sign (E2 82): each byte becomes U+FFFD, so the
  // audit record stays parseable JSON. The whole rendering is compared, not a substring.
  Edge e{.from = "rec.a", .to = "af.sprache", .type = EdgeType::kAddresses,
         .note = std::string("\xFC") + "ber \xE2\x82"};
  EXPECT_EQ(EdgeToJson(e),
            "{\"from\":\"rec.a\",\"type\":\"addresses\",\"to\":\"af.sprache\",\"weight\":null,"
            "\"note\":\"\xEF\xBF\xBD"
            "ber \xEF\xBF\xBD\xEF\xBF\xBD\"}");
}

TEST_F(KnowledgeStoreTest, ListPaginatesAndFiltersByType) {
  for (int i = 0; i < 5; ++i) Add("af.n" + std::to_string(i), NodeType::kActionField);
  Add("rec.z", NodeType::kRecommendation);
  ASSERT_OK_AND_ASSIGN(auto page1, ks_->ListNodes(NodeType::kActionField, 3, ""));
  ASSERT_EQ(page1.nodes.size(), 3u);
  ASSERT_FALSE(page1.next_page_token.empty());
  ASSERT_OK_AND_ASSIGN(auto page2, ks_->ListNodes(NodeType::kActionField, 3, page1.next_page_token));
  ASSERT_EQ(page2.nodes.size(), 2u);
  EXPECT_EQ(page2.nodes[1].id, "af.n4");
  EXPECT_TRUE(page2.next_page_token.empty());
  EXPECT_STATUS(ks_->ListNodes(std::nullopt, 3, "!!"), absl::StatusCode::kInvalidArgument,
                "page_token");
}

}  // namespace
}  // namespace integra::knowledge
