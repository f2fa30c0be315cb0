// A unit's strategy in the knowledge graph: goals, owned measures, their edge and owner rules,
// the scope check the store reports, the owner validator, prune by owner and history.
#include <set>

#include "gtest/gtest.h"
#include "services/knowledge/document.h"
#include "services/knowledge/knowledge_store.h"
#include "services/knowledge/strategy.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::knowledge {
namespace {

using testing::TempDir;
using Owners = std::vector<std::string>;

Node Goal(const std::string& id, const std::string& owner) {
  return Node{.id = id, .type = NodeType::kGoal, .title_de = "Ziel " + id, .owner = owner};
}

Node OwnedMeasure(const std::string& id, const std::string& owner) {
  return Node{.id = id,
              .type = NodeType::kMeasure,
              .title_de = "Maßnahme " + id,
              .owner = owner,
              .measure = {.responsible_office = "Amt",
                          .start_date = "2016-09-01",
                          .end_date = "2020-12-31",
                          .budget_planned_eur = 800000,
                          .status = MeasureStatus::kRunning}};
}

Node National(const std::string& id, NodeType type) {
  return Node{.id = id, .type = type, .title_de = "Titel " + id};
}

TEST(StrategyModelTest, OwnerSyntaxAndWhoMayBeOwned) {
  EXPECT_OK(ValidateOwner(""));
  for (const char* ok : {"05", "053", "05315", "05315000"}) EXPECT_OK(ValidateOwner(ok)) << ok;
  for (const char* bad : {"5315", "053150000", "0531500a", "17315", "00315", "DG"}) {
    EXPECT_EQ(ValidateOwner(bad).code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_OK(ValidateNode(Goal("goal.a", "05315")));
  EXPECT_OK(ValidateNode(OwnedMeasure("ms.a", "05315")));
  EXPECT_OK(ValidateNode(National("ms.generic", NodeType::kMeasure)));
  EXPECT_STATUS(ValidateNode(Goal("goal.a", "")), absl::StatusCode::kInvalidArgument,
                "needs an owner");
  Node owned_field = National("af.x", NodeType::kActionField);
  owned_field.owner = "05315";
  EXPECT_STATUS(ValidateNode(owned_field), absl::StatusCode::kInvalidArgument,
                "only goals and measures may have an owner");
  Node bad_owner = Goal("goal.a", "5315");
  EXPECT_STATUS(ValidateNode(bad_owner), absl::StatusCode::kInvalidArgument, "not a unit key");
}

TEST(StrategyModelTest, MeasureDetailsRules) {
  Node generic = National("ms.generic", NodeType::kMeasure);
  generic.measure.start_date = "2016-01-01";
  EXPECT_STATUS(ValidateNode(generic), absl::StatusCode::kInvalidArgument,
                "only to a measure with an owner");
  Node goal = Goal("goal.a", "05315");
  goal.measure.status = MeasureStatus::kPlanned;
  EXPECT_STATUS(ValidateNode(goal), absl::StatusCode::kInvalidArgument,
                "only to a measure with an owner");

  Node m = OwnedMeasure("ms.a", "05315");
  m.measure.status = MeasureStatus::kUnspecified;
  EXPECT_STATUS(ValidateNode(m), absl::StatusCode::kInvalidArgument, "needs a status");
  m = OwnedMeasure("ms.a", "05315");
  m.measure.start_date = "";
  EXPECT_STATUS(ValidateNode(m), absl::StatusCode::kInvalidArgument, "needs a start date");
  for (const char* bad : {"2016-02-30", "2016-9-01", "01.09.2016", "2016-09-01T00"}) {
    m = OwnedMeasure("ms.a", "05315");
    m.measure.start_date = bad;
    SCOPED_TRACE(bad);
    EXPECT_STATUS(ValidateNode(m), absl::StatusCode::kInvalidArgument, "measure.start_date");
  }
  m = OwnedMeasure("ms.a", "05315");
  m.measure.end_date = "2016-08-31";
  EXPECT_STATUS(ValidateNode(m), absl::StatusCode::kInvalidArgument, "lies before start_date");
  m.measure.end_date = "";  // open end
  EXPECT_OK(ValidateNode(m));
  m.measure.budget_spent_eur = -1;
  EXPECT_STATUS(ValidateNode(m), absl::StatusCode::kInvalidArgument, "budget_spent_eur");
  m.measure.budget_spent_eur = std::nan("");
  EXPECT_STATUS(ValidateNode(m), absl::StatusCode::kInvalidArgument, "budget_spent_eur");
  m.measure.budget_spent_eur = 0;
  EXPECT_OK(ValidateNode(m));
}

TEST(StrategyModelTest, TypePairs) {
  using T = NodeType;
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kContributesTo, T::kMeasure, T::kGoal));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kContributesTo, T::kGoal, T::kGoal));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kMeasures, T::kIndicator, T::kGoal));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kInstanceOf, T::kMeasure, T::kMeasure));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kAddresses, T::kMeasure, T::kActionField));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kImplements, T::kMeasure, T::kRecommendation));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kCites, T::kGoal, T::kSource));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kContributesTo, T::kGoal, T::kMeasure));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kContributesTo, T::kRecommendation, T::kGoal));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kInstanceOf, T::kGoal, T::kGoal));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kMeasures, T::kIndicator, T::kMeasure));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kAddresses, T::kGoal, T::kActionField));
  EXPECT_TRUE(IsAcyclicEdgeType(EdgeType::kContributesTo));
  EXPECT_TRUE(IsAcyclicEdgeType(EdgeType::kRequires));
  EXPECT_FALSE(IsAcyclicEdgeType(EdgeType::kInstanceOf));
  EXPECT_EQ(EdgeTypeName(EdgeType::kContributesTo), "contributes_to");
  ASSERT_OK_AND_ASSIGN(EdgeType parsed, ParseEdgeType("INSTANCE_OF"));
  EXPECT_EQ(parsed, EdgeType::kInstanceOf);
  ASSERT_OK_AND_ASSIGN(NodeType goal, ParseNodeType("goal"));
  EXPECT_EQ(goal, NodeType::kGoal);
}

TEST(StrategyModelTest, EdgeOwnerRules) {
  const Node koeln_goal = Goal("goal.k", "05315");
  const Node koeln_ms = OwnedMeasure("ms.k", "05315");
  const Node bonn_goal = Goal("goal.b", "05314");
  const Node bonn_ms = OwnedMeasure("ms.b", "05314");
  const Node generic = National("ms.generic", NodeType::kMeasure);
  const Node field = National("af.x", NodeType::kActionField);
  const Node indicator = National("ind.x", NodeType::kIndicator);
  auto edge = [](const Node& a, EdgeType t, const Node& b) {
    return Edge{.from = a.id, .to = b.id, .type = t};
  };
  EXPECT_OK(CheckEdgeOwners(edge(koeln_ms, EdgeType::kContributesTo, koeln_goal), koeln_ms,
                            koeln_goal));
  EXPECT_OK(CheckEdgeOwners(edge(koeln_ms, EdgeType::kAddresses, field), koeln_ms, field));
  EXPECT_OK(CheckEdgeOwners(edge(indicator, EdgeType::kMeasures, koeln_goal), indicator,
                            koeln_goal));
  EXPECT_OK(CheckEdgeOwners(edge(koeln_ms, EdgeType::kInstanceOf, generic), koeln_ms, generic));
  EXPECT_STATUS(CheckEdgeOwners(edge(bonn_ms, EdgeType::kContributesTo, koeln_goal), bonn_ms,
                                koeln_goal),
                absl::StatusCode::kInvalidArgument, "belongs to unit 05314");
  EXPECT_STATUS(CheckEdgeOwners(edge(bonn_goal, EdgeType::kContributesTo, koeln_goal), bonn_goal,
                                koeln_goal),
                absl::StatusCode::kInvalidArgument, "links only to its own or to national");
  EXPECT_STATUS(CheckEdgeOwners(edge(generic, EdgeType::kContributesTo, koeln_goal), generic,
                                koeln_goal),
                absl::StatusCode::kInvalidArgument, "generic measure");
  EXPECT_STATUS(CheckEdgeOwners(edge(koeln_ms, EdgeType::kInstanceOf, bonn_ms), koeln_ms, bonn_ms),
                absl::StatusCode::kInvalidArgument, "");
  EXPECT_STATUS(CheckEdgeOwners(edge(generic, EdgeType::kInstanceOf, generic), generic, generic),
                absl::StatusCode::kInvalidArgument, "instance_of runs from a unit's own measure");
  EXPECT_EQ(EdgeOwner(indicator, koeln_goal), "05315");
  EXPECT_EQ(EdgeOwner(koeln_ms, field), "05315");
  EXPECT_EQ(EdgeOwner(field, indicator), "");
}

class StrategyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    ks_.reset();
    store_.reset();
    ASSERT_OK_AND_ASSIGN(store_, storage::Store::Open({.path = dir_.path()}));
    ASSERT_OK_AND_ASSIGN(ks_, KnowledgeStore::Open(store_.get()));
  }
  // A check that records what the store asks and allows everything but `refused`.
  OwnerScopeCheck Recorder(std::vector<Owners>* asked, const std::string& refused = "-") {
    return [asked, refused](const Owners& owners) {
      asked->push_back(owners);
      for (const auto& o : owners) {
        if (o == refused) return absl::PermissionDeniedError("outside scope " + o);
      }
      return absl::OkStatus();
    };
  }
  void AddBase() {
    ASSERT_OK(ks_->CreateNode(National("af.bildung", NodeType::kActionField), "t"));
    ASSERT_OK(ks_->CreateNode(National("ms.lotsen", NodeType::kMeasure), "t"));
    ASSERT_OK(ks_->CreateNode(National("ind.abschluss", NodeType::kIndicator), "t"));
    ASSERT_OK(ks_->CreateNode(Goal("goal.k", "05315"), "t"));
    ASSERT_OK(ks_->CreateNode(Goal("goal.k.sub", "05315"), "t"));
    ASSERT_OK(ks_->CreateNode(OwnedMeasure("ms.k", "05315"), "t"));
    ASSERT_OK(ks_->CreateNode(Goal("goal.b", "05314"), "t"));
  }

  TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<KnowledgeStore> ks_;
};

TEST_F(StrategyStoreTest, OwnedNodesRoundTripThroughStorageAndReopen) {
  AddBase();
  Reopen();
  ASSERT_OK_AND_ASSIGN(Node got, ks_->GetNode("ms.k"));
  EXPECT_EQ(got, OwnedMeasure("ms.k", "05315"));
  ASSERT_OK_AND_ASSIGN(Node field, ks_->GetNode("af.bildung"));
  EXPECT_EQ(field.owner, "");
  EXPECT_TRUE(field.measure.empty());
}

TEST_F(StrategyStoreTest, LinkAppliesOwnerRulesAndNestingStaysAcyclic) {
  AddBase();
  ASSERT_OK(ks_->Link({.from = "ms.k", .to = "goal.k.sub", .type = EdgeType::kContributesTo}, "t"));
  ASSERT_OK(ks_->Link({.from = "goal.k.sub", .to = "goal.k", .type = EdgeType::kContributesTo}, "t"));
  ASSERT_OK(ks_->Link({.from = "ms.k", .to = "ms.lotsen", .type = EdgeType::kInstanceOf}, "t"));
  ASSERT_OK(ks_->Link({.from = "ms.k", .to = "af.bildung", .type = EdgeType::kAddresses}, "t"));
  ASSERT_OK(ks_->Link({.from = "ind.abschluss", .to = "goal.k", .type = EdgeType::kMeasures}, "t"));
  EXPECT_STATUS(
      ks_->Link({.from = "goal.k", .to = "goal.k.sub", .type = EdgeType::kContributesTo}, "t"),
      absl::StatusCode::kFailedPrecondition, "cycle goal.k -> goal.k.sub -> goal.k");
  EXPECT_STATUS(
      ks_->Link({.from = "goal.k", .to = "goal.b", .type = EdgeType::kContributesTo}, "t"),
      absl::StatusCode::kInvalidArgument, "belongs to unit 05315");
  EXPECT_STATUS(
      ks_->Link({.from = "ms.lotsen", .to = "goal.k", .type = EdgeType::kContributesTo}, "t"),
      absl::StatusCode::kInvalidArgument, "generic measure");
  EXPECT_STATUS(
      ks_->Link({.from = "ms.lotsen", .to = "ms.k", .type = EdgeType::kInstanceOf}, "t"),
      absl::StatusCode::kInvalidArgument, "instance_of");
  EXPECT_STATUS(
      ks_->Link({.from = "ms.k", .to = "goal.k", .type = EdgeType::kMeasures}, "t"),
      absl::StatusCode::kInvalidArgument, "may not run from measure");
  // Moving the measure to another unit would break its edges to 05315's goals.
  Node moved = OwnedMeasure("ms.k", "05314");
  EXPECT_STATUS(ks_->UpdateNode(moved, "t"), absl::StatusCode::kFailedPrecondition,
                "changing the owner of 'ms.k'");
}

TEST_F(StrategyStoreTest, EveryWriteReportsTheOwnersItTouches) {
  AddBase();
  std::vector<Owners> asked;
  ASSERT_OK(ks_->Link({.from = "ind.abschluss", .to = "goal.k", .type = EdgeType::kMeasures}, "t",
                      Recorder(&asked)));
  ASSERT_OK(ks_->Link({.from = "ms.k", .to = "goal.k", .type = EdgeType::kContributesTo}, "t",
                      Recorder(&asked)));
  Node changed = OwnedMeasure("ms.k", "05315");
  changed.measure.status = MeasureStatus::kFinished;
  ASSERT_OK(ks_->UpdateNode(changed, "t", Recorder(&asked)));
  ASSERT_OK(ks_->UpdateNode(changed, "t", Recorder(&asked)));  // unchanged: still checked
  ASSERT_OK(ks_->CreateNode(National("af.arbeit", NodeType::kActionField), "t", Recorder(&asked)));
  // Deleting a national node whose edge belongs to 05315's strategy touches both.
  ASSERT_OK(ks_->DeleteNode("ind.abschluss", "t", Recorder(&asked)));
  ASSERT_OK(ks_->Unlink("ms.k", EdgeType::kContributesTo, "goal.k", "t", Recorder(&asked)));
  const std::vector<Owners> expected = {{"05315"}, {"05315"}, {"05315"}, {"05315"},
                                        {""},      {"", "05315"}, {"05315"}};
  EXPECT_EQ(asked, expected);

  // A refusal writes nothing.
  asked.clear();
  EXPECT_STATUS(ks_->CreateNode(Goal("goal.b2", "05314"), "t", Recorder(&asked, "05314")),
                absl::StatusCode::kPermissionDenied, "outside scope 05314");
  EXPECT_STATUS(ks_->GetNode("goal.b2"), absl::StatusCode::kNotFound, "");
  EXPECT_STATUS(ks_->DeleteNode("goal.b", "t", Recorder(&asked, "05314")),
                absl::StatusCode::kPermissionDenied, "");
  EXPECT_OK(ks_->GetNode("goal.b"));
}

TEST_F(StrategyStoreTest, ApplyChecksOwnersOfChangesAndPrunesOnlyTheOwnersContent) {
  AddBase();
  KnowledgeDocument doc;
  doc.nodes = {Goal("goal.k", "05315"), OwnedMeasure("ms.k2", "05315")};
  doc.edges = {{.from = "ms.k2", .to = "goal.k", .type = EdgeType::kContributesTo},
               {.from = "ms.k2", .to = "ms.lotsen", .type = EdgeType::kInstanceOf}};
  std::vector<Owners> asked;
  // goal.k is unchanged; only 05315 content changes.
  ASSERT_OK_AND_ASSIGN(ApplyResult r, ks_->Apply(doc, {}, "t", Recorder(&asked)));
  EXPECT_EQ(r.nodes_created, 1);
  EXPECT_EQ(r.edges_created, 2);
  EXPECT_EQ(asked, std::vector<Owners>({{"05315"}}));
  // Reloading changes nothing and is still checked, against the document's owners.
  ASSERT_OK_AND_ASSIGN(r, ks_->Apply(doc, {}, "t", Recorder(&asked)));
  EXPECT_EQ(r.changes(), 0);
  EXPECT_EQ(asked.back(), Owners({"05315"}));

  // Prune restricted to 05315: ms.k and goal.k.sub go, national content and 05314 stay.
  ASSERT_OK_AND_ASSIGN(
      r, ks_->Apply(doc, {.prune = true, .prune_owner = "05315"}, "t", Recorder(&asked)));
  EXPECT_EQ(r.nodes_removed, 2);
  EXPECT_EQ(asked.back(), Owners({"05315"}));
  ASSERT_OK_AND_ASSIGN(auto nodes, ks_->AllNodes());
  std::set<std::string> ids;
  for (const Node& n : nodes) ids.insert(n.id);
  EXPECT_EQ(ids, std::set<std::string>({"af.bildung", "goal.b", "goal.k", "ind.abschluss",
                                        "ms.k2", "ms.lotsen"}));
  // An unrestricted prune by the same document would delete national content: refused by a
  // check that allows only 05315.
  KnowledgeDocument own{.nodes = doc.nodes, .edges = {doc.edges[0]}};
  EXPECT_STATUS(ks_->Apply(own, {.prune = true}, "t", Recorder(&asked, "")),
                absl::StatusCode::kPermissionDenied, "");
  ASSERT_OK_AND_ASSIGN(nodes, ks_->AllNodes());
  EXPECT_EQ(nodes.size(), 6u);
  EXPECT_STATUS(ks_->Apply(doc, {.prune_owner = "05315"}, "t"), absl::StatusCode::kInvalidArgument,
                "only meaningful with prune");
}

TEST_F(StrategyStoreTest, OwnerValidatorRefusesUnknownUnits) {
  ks_->SetOwnerValidator([](const std::string& owner) {
    return owner == "05315" ? absl::OkStatus()
                            : absl::InvalidArgumentError("owner '" + owner + "' is not a unit");
  });
  EXPECT_OK(ks_->CreateNode(Goal("goal.k", "05315"), "t"));
  EXPECT_STATUS(ks_->CreateNode(Goal("goal.x", "05999"), "t"), absl::StatusCode::kInvalidArgument,
                "05999");
  KnowledgeDocument doc{.nodes = {Goal("goal.y", "05999")}};
  EXPECT_STATUS(ks_->Apply(doc, {}, "t"), absl::StatusCode::kInvalidArgument, "05999");
  EXPECT_OK(ks_->CreateNode(National("af.x", NodeType::kActionField), "t"));  // not consulted
}

TEST_F(StrategyStoreTest, HistoryShowsOwnerAndMeasureDetails) {
  AddBase();
  Node changed = OwnedMeasure("ms.k", "05315");
  changed.measure.budget_spent_eur = 1234.5;
  changed.measure.status = MeasureStatus::kStopped;
  ASSERT_OK(ks_->UpdateNode(changed, "editor"));
  ASSERT_OK_AND_ASSIGN(auto history, ks_->History("ms.k"));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].operation, "update_node");
  EXPECT_NE(history[1].before.find("\"owner\":\"05315\""), std::string::npos) << history[1].before;
  EXPECT_NE(history[1].before.find("\"status\":\"running\""), std::string::npos);
  EXPECT_NE(history[1].before.find("\"budget_spent_eur\":null"), std::string::npos);
  EXPECT_NE(history[1].after.find("\"status\":\"stopped\""), std::string::npos);
  EXPECT_NE(history[1].after.find("\"budget_spent_eur\":1234.5"), std::string::npos);
  EXPECT_NE(history[1].after.find("\"start_date\":\"2016-09-01\""), std::string::npos);
  // National content renders as before owners existed.
  EXPECT_EQ(NodeToJson(National("af.x", NodeType::kActionField)).find("owner"),
            std::string::npos);
}

TEST(StrategyDocumentTest, ValidateGraphAppliesOwnerRulesAndNestingCycles) {
  KnowledgeDocument doc;
  doc.nodes = {Goal("goal.a", "05315"), Goal("goal.b", "05315"), Goal("goal.c", "05314")};
  doc.edges = {{.from = "goal.a", .to = "goal.b", .type = EdgeType::kContributesTo},
               {.from = "goal.b", .to = "goal.a", .type = EdgeType::kContributesTo}};
  EXPECT_STATUS(ValidateGraph(doc), absl::StatusCode::kInvalidArgument,
                "contributes_to edges would form the cycle goal.a -> goal.b -> goal.a");
  doc.edges = {{.from = "goal.a", .to = "goal.c", .type = EdgeType::kContributesTo}};
  EXPECT_STATUS(ValidateGraph(doc), absl::StatusCode::kInvalidArgument, "unit 05314");
  doc.edges = {{.from = "goal.a", .to = "goal.b", .type = EdgeType::kContributesTo}};
  EXPECT_OK(ValidateGraph(doc));
  KnowledgeDocument part = OwnedPart(doc, "05315");
  EXPECT_EQ(part.nodes.size(), 2u);
  EXPECT_EQ(part.edges.size(), 1u);
  EXPECT_TRUE(OwnedPart(doc, "05314").edges.empty());
}

TEST(StrategyContextTest, MeasureReachesTheIndicatorsOfItsGoalsAndTheirParents) {
  KnowledgeDocument doc;
  doc.nodes = {Goal("goal.top", "05315"), Goal("goal.sub", "05315"), Goal("goal.other", "05315"),
               OwnedMeasure("ms.k", "05315"), National("ms.generic", NodeType::kMeasure),
               National("ind.a", NodeType::kIndicator), National("ind.b", NodeType::kIndicator),
               National("ind.c", NodeType::kIndicator), National("af.x", NodeType::kActionField)};
  doc.edges = {{.from = "ms.k", .to = "goal.sub", .type = EdgeType::kContributesTo},
               {.from = "goal.sub", .to = "goal.top", .type = EdgeType::kContributesTo},
               {.from = "ind.a", .to = "goal.sub", .type = EdgeType::kMeasures},
               {.from = "ind.b", .to = "goal.top", .type = EdgeType::kMeasures},
               {.from = "ind.a", .to = "goal.top", .type = EdgeType::kMeasures},
               {.from = "ind.c", .to = "goal.other", .type = EdgeType::kMeasures},
               {.from = "ind.c", .to = "af.x", .type = EdgeType::kMeasures},
               {.from = "ms.k", .to = "af.x", .type = EdgeType::kAddresses}};
  ASSERT_OK(ValidateGraph(doc));
  ASSERT_OK_AND_ASSIGN(MeasureContext ctx, MeasureContextOf(doc, "ms.k"));
  EXPECT_EQ(ctx.measure.measure.start_date, "2016-09-01");
  EXPECT_EQ(ctx.goal_ids, std::vector<std::string>({"goal.sub", "goal.top"}));
  EXPECT_EQ(ctx.indicator_ids, std::vector<std::string>({"ind.a", "ind.b"}));
  EXPECT_STATUS(MeasureContextOf(doc, "ms.generic"), absl::StatusCode::kInvalidArgument,
                "not a unit's own measure");
  EXPECT_STATUS(MeasureContextOf(doc, "ms.none"), absl::StatusCode::kNotFound, "ms.none");
}

}  // namespace
}  // namespace integra::knowledge
