// Whole-document apply and export: counts, idempotency, all-or-nothing validation, prune.
#include "services/knowledge/document.h"

#include "gtest/gtest.h"
#include "services/knowledge/knowledge_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::knowledge {
namespace {

using testing::TempDir;

Node MakeNode(const std::string& id, NodeType type, const std::string& source = "") {
  Node n{.id = id, .type = type, .title_de = "Titel " + id};
  n.provenance.source_id = source;
  return n;
}

// A small, valid document: a source, an action field, two recommendations (one requiring the
// other), a finding, with citations.
KnowledgeDocument SampleDocument() {
  KnowledgeDocument doc;
  doc.nodes = {MakeNode("src.talk", NodeType::kSource),
               MakeNode("af.sprache", NodeType::kActionField, "src.talk"),
               MakeNode("rec.a", NodeType::kRecommendation, "src.talk"),
               MakeNode("rec.b", NodeType::kRecommendation, "src.talk"),
               MakeNode("fnd.x", NodeType::kFinding, "src.talk")};
  doc.edges = {{.from = "rec.a", .to = "af.sprache", .type = EdgeType::kAddresses, .note = "n"},
               {.from = "rec.b", .to = "rec.a", .type = EdgeType::kRequires},
               {.from = "fnd.x", .to = "rec.a", .type = EdgeType::kEvidences, .weight = 0.25},
               {.from = "fnd.x", .to = "src.talk", .type = EdgeType::kCites}};
  return doc;
}

class DocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::Store::Open({.path = dir_.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto ks = KnowledgeStore::Open(store_.get());
    ASSERT_TRUE(ks.ok()) << ks.status();
    ks_ = std::move(*ks);
  }
  KnowledgeDocument Stored() {
    auto exported = ks_->Export();
    EXPECT_TRUE(exported.ok()) << exported.status();
    return exported.ok() ? exported->document : KnowledgeDocument();
  }

  TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<KnowledgeStore> ks_;
};

TEST_F(DocumentTest, ApplyCreatesThenSecondApplyChangesNothing) {
  ASSERT_OK_AND_ASSIGN(ApplyResult first, ks_->Apply(SampleDocument(), {}, "loader"));
  EXPECT_EQ(first.nodes_created, 5);
  EXPECT_EQ(first.edges_created, 4);
  EXPECT_EQ(first.changes(), 9);
  const uint64_t generation = ks_->generation();
  ASSERT_OK_AND_ASSIGN(auto history_before, ks_->History("rec.a"));

  ASSERT_OK_AND_ASSIGN(ApplyResult second, ks_->Apply(SampleDocument(), {}, "loader"));
  EXPECT_EQ(second.changes(), 0);
  EXPECT_EQ(second.nodes_unchanged, 5);
  EXPECT_EQ(second.edges_unchanged, 4);
  EXPECT_EQ(ks_->generation(), generation) << "an empty apply must not write";
  ASSERT_OK_AND_ASSIGN(auto history_after, ks_->History("rec.a"));
  EXPECT_EQ(history_after.size(), history_before.size());
}

TEST_F(DocumentTest, ApplyUpdatesChangedItemsAndAuditsThem) {
  ASSERT_OK(ks_->Apply(SampleDocument(), {}, "loader"));
  KnowledgeDocument doc = SampleDocument();
  doc.nodes[1].title_de = "Sprache und Bildung";  // af.sprache
  doc.edges[0].note = "besserer Grund";           // rec.a -addresses-> af.sprache
  doc.edges[2].weight.reset();                    // fnd.x -evidences-> rec.a
  ASSERT_OK_AND_ASSIGN(ApplyResult r, ks_->Apply(doc, {}, "editor"));
  EXPECT_EQ(r.nodes_updated, 1);
  EXPECT_EQ(r.nodes_unchanged, 4);
  EXPECT_EQ(r.edges_updated, 2);
  EXPECT_EQ(r.edges_unchanged, 2);
  ASSERT_OK_AND_ASSIGN(Node n, ks_->GetNode("af.sprache"));
  EXPECT_EQ(n.title_de, "Sprache und Bildung");
  ASSERT_OK_AND_ASSIGN(auto e, ks_->GetEdge("fnd.x", EdgeType::kEvidences, "rec.a"));
  ASSERT_TRUE(e.has_value());
  EXPECT_FALSE(e->weight.has_value());
  ASSERT_OK_AND_ASSIGN(auto history, ks_->History("af.sprache"));
  EXPECT_EQ(history.back().operation, "update_edge");
  EXPECT_EQ(history.back().actor, "editor");
  EXPECT_EQ(history[history.size() - 2].operation, "update_node");
}

TEST_F(DocumentTest, InvalidDocumentWritesNothingAndNamesTheItem) {
  ASSERT_OK(ks_->Apply(SampleDocument(), {}, "loader"));
  const KnowledgeDocument before = Stored();
  const uint64_t generation = ks_->generation();

  struct Case {
    std::string name;
    std::function<void(KnowledgeDocument&)> spoil;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"refused type pair",
       [](auto& d) {
         d.edges.push_back({.from = "af.sprache", .to = "rec.a", .type = EdgeType::kAddresses});
       },
       "edge af.sprache -addresses-> rec.a: a addresses edge may not run from action_field"},
      {"empty title",
       [](auto& d) {
         d.nodes.push_back(MakeNode("af.leer", NodeType::kActionField));
         d.nodes.back().title_de = " ";
       },
       "af.leer"},
      {"bad id", [](auto& d) { d.nodes.push_back(MakeNode("AF.Gross", NodeType::kActionField)); },
       "AF.Gross"},
      {"missing endpoint",
       [](auto& d) {
         d.edges.push_back({.from = "rec.a", .to = "af.fehlt", .type = EdgeType::kAddresses});
       },
       "refers to node 'af.fehlt'"},
      {"missing provenance source",
       [](auto& d) { d.nodes.push_back(MakeNode("af.neu", NodeType::kActionField, "src.fehlt")); },
       "provenance source 'src.fehlt' of node 'af.neu'"},
      {"duplicate node", [](auto& d) { d.nodes.push_back(d.nodes[1]); },
       "node 'af.sprache' appears twice"},
      {"duplicate edge", [](auto& d) { d.edges.push_back(d.edges[0]); },
       "edge rec.a -addresses-> af.sprache appears twice"},
      {"requires cycle with stored edge",
       [](auto& d) { d.edges = {{.from = "rec.a", .to = "rec.b", .type = EdgeType::kRequires}}; },
       "cycle rec.a -> rec.b -> rec.a"},
      {"self loop",
       [](auto& d) {
         d.edges.push_back({.from = "rec.a", .to = "rec.a", .type = EdgeType::kRequires});
       },
       "connects a node to itself"},
      {"type change breaks stored edge",
       [](auto& d) {
         d.nodes = {MakeNode("af.sprache", NodeType::kFinding, "src.talk")};
         d.edges.clear();
       },
       "edge rec.a -addresses-> af.sprache"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    KnowledgeDocument doc = SampleDocument();
    doc.nodes.push_back(MakeNode("af.zusatz", NodeType::kActionField, "src.talk"));  // valid extra
    c.spoil(doc);
    EXPECT_STATUS(ks_->Apply(doc, {}, "loader"), absl::StatusCode::kInvalidArgument, c.message);
  }
  EXPECT_EQ(Stored(), before);
  EXPECT_EQ(ks_->generation(), generation);
  EXPECT_STATUS(ks_->GetNode("af.zusatz"), absl::StatusCode::kNotFound, "af.zusatz");
}

TEST_F(DocumentTest, FailedWriteLeavesStoreUntouched) {
  store_->SetBeforeWriteHookForTesting(
      [](const storage::WriteBatch&) { return absl::InternalError("injected disk failure"); });
  EXPECT_STATUS(ks_->Apply(SampleDocument(), {}, "loader"), absl::StatusCode::kInternal,
                "injected");
  store_->SetBeforeWriteHookForTesting(nullptr);
  EXPECT_TRUE(Stored().nodes.empty());
  EXPECT_TRUE(Stored().edges.empty());
  // The audit sequence was not consumed by the failed batch.
  ASSERT_OK(ks_->Apply(SampleDocument(), {}, "loader"));
  ASSERT_OK_AND_ASSIGN(auto history, ks_->History("src.talk"));
  EXPECT_EQ(history.front().sequence, 1u);
}

TEST_F(DocumentTest, DryRunCountsButWritesNothing) {
  ASSERT_OK_AND_ASSIGN(ApplyResult r, ks_->Apply(SampleDocument(), {.dry_run = true}, "loader"));
  EXPECT_EQ(r.nodes_created, 5);
  EXPECT_EQ(r.edges_created, 4);
  EXPECT_TRUE(Stored().nodes.empty());
  EXPECT_EQ(ks_->generation(), 0u);
}

TEST_F(DocumentTest, UpsertKeepsAbsentContentPruneRemovesIt) {
  ASSERT_OK(ks_->Apply(SampleDocument(), {}, "loader"));
  KnowledgeDocument smaller = SampleDocument();
  smaller.nodes.pop_back();  // fnd.x
  smaller.edges.resize(2);   // drops both fnd.x edges

  ASSERT_OK_AND_ASSIGN(ApplyResult upsert, ks_->Apply(smaller, {}, "loader"));
  EXPECT_EQ(upsert.changes(), 0);
  EXPECT_OK(ks_->GetNode("fnd.x"));

  ASSERT_OK_AND_ASSIGN(ApplyResult pruned, ks_->Apply(smaller, {.prune = true}, "loader"));
  EXPECT_EQ(pruned.nodes_removed, 1);
  EXPECT_EQ(pruned.edges_removed, 2);
  EXPECT_EQ(pruned.changes(), 3);
  EXPECT_STATUS(ks_->GetNode("fnd.x"), absl::StatusCode::kNotFound, "fnd.x");
  KnowledgeDocument expected = smaller;
  Canonicalize(expected);
  EXPECT_EQ(Stored(), expected);
  ASSERT_OK_AND_ASSIGN(auto history, ks_->History("fnd.x"));
  EXPECT_EQ(history.back().operation, "delete_node");

  // Pruning a source that remaining nodes still name as provenance is refused.
  KnowledgeDocument without_source = smaller;
  without_source.nodes.erase(without_source.nodes.begin());  // src.talk
  EXPECT_STATUS(ks_->Apply(without_source, {.prune = true}, "loader"),
                absl::StatusCode::kInvalidArgument, "provenance source 'src.talk'");
}

TEST_F(DocumentTest, PruneRespectsTheDeletionGuardAndWritesNothing) {
  ASSERT_OK(ks_->Apply(SampleDocument(), {}, "loader"));
  // A guard as the indicator catalog installs it: the store's owner protects some nodes.
  ks_->SetDeletionGuard([](const Node& n) {
    return n.id == "fnd.x" ? absl::FailedPreconditionError("fnd.x is owned by the catalog")
                           : absl::OkStatus();
  });
  KnowledgeDocument smaller = SampleDocument();
  smaller.nodes.pop_back();  // fnd.x
  smaller.edges.resize(2);
  EXPECT_STATUS(ks_->Apply(smaller, {.prune = true}, "loader"),
                absl::StatusCode::kFailedPrecondition, "owned by the catalog");
  EXPECT_OK(ks_->GetNode("fnd.x"));
  KnowledgeDocument expected = SampleDocument();
  Canonicalize(expected);
  EXPECT_EQ(Stored(), expected);  // nothing of the refused prune was written
  ks_->SetDeletionGuard(nullptr);
}

TEST_F(DocumentTest, DeletingAProvenanceSourceIsRefused) {
  ASSERT_OK(ks_->Apply(SampleDocument(), {}, "loader"));
  EXPECT_STATUS(ks_->DeleteNode("src.talk", "t"), absl::StatusCode::kFailedPrecondition,
                "provenance source of node");
  ASSERT_OK(ks_->GetNode("src.talk"));
}

TEST_F(DocumentTest, ExportIsCanonical) {
  KnowledgeDocument doc = SampleDocument();
  std::reverse(doc.nodes.begin(), doc.nodes.end());
  std::reverse(doc.edges.begin(), doc.edges.end());
  ASSERT_OK(ks_->Apply(doc, {}, "loader"));
  KnowledgeDocument stored = Stored();
  ASSERT_EQ(stored.nodes.size(), 5u);
  EXPECT_EQ(stored.nodes.front().id, "af.sprache");
  EXPECT_EQ(stored.nodes.back().id, "src.talk");
  // Edges by (from, type number, to): fnd.x evidences(3) before fnd.x cites(7).
  ASSERT_EQ(stored.edges.size(), 4u);
  EXPECT_EQ(stored.edges[0].type, EdgeType::kEvidences);
  EXPECT_EQ(stored.edges[1].type, EdgeType::kCites);
  EXPECT_EQ(stored.edges[0].weight, 0.25);
  KnowledgeDocument expected = SampleDocument();
  Canonicalize(expected);
  EXPECT_EQ(stored, expected);
}

TEST(ValidateGraphTest, AcceptsSampleAndNamesRequiresCycle) {
  EXPECT_OK(ValidateGraph(SampleDocument()));
  KnowledgeDocument doc = SampleDocument();
  doc.nodes.push_back(MakeNode("rec.c", NodeType::kRecommendation));
  doc.edges.push_back({.from = "rec.a", .to = "rec.c", .type = EdgeType::kRequires});
  doc.edges.push_back({.from = "rec.c", .to = "rec.b", .type = EdgeType::kRequires});
  EXPECT_STATUS(ValidateGraph(doc), absl::StatusCode::kInvalidArgument,
                "rec.a -> rec.c -> rec.b -> rec.a");
}

}  // namespace
}  // namespace integra::knowledge
