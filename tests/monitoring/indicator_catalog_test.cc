// The indicator catalog and its consistency with the knowledge graph.
#include "services/monitoring/indicator_catalog.h"

#include "tests/monitoring/monitoring_fixture.h"

namespace integra::monitoring {
namespace {

using CatalogTest = MonitoringFixture;

TEST_F(CatalogTest, CreateWritesIndicatorNodeAndMeasuresEdge) {
  CreateShareIndicators();
  ASSERT_OK_AND_ASSIGN(IndicatorInfo info, catalog_->Get("AUSL_ANTEIL"));
  EXPECT_EQ(info.indicator.name_de, "Ausländeranteil");
  EXPECT_EQ(info.indicator.aggregation.scale, 100);  // default for percent
  EXPECT_TRUE(info.indicator.ranking_allowed);
  EXPECT_EQ(info.indicator.id, 3u);
  EXPECT_EQ(info.measured_node_ids, std::vector<std::string>{"af.integration"});
  ASSERT_OK_AND_ASSIGN(knowledge::Node node, knowledge_->GetNode("ind.ausl_anteil"));
  EXPECT_EQ(node.type, knowledge::NodeType::kIndicator);
  EXPECT_EQ(node.title_de, "Ausländeranteil");
  ASSERT_OK_AND_ASSIGN(
      auto edge,
      knowledge_->GetEdge("ind.ausl_anteil", knowledge::EdgeType::kMeasures, "af.integration"));
  EXPECT_TRUE(edge.has_value());
  // Both ends carry audit records of the change.
  ASSERT_OK_AND_ASSIGN(auto history, knowledge_->History("af.integration"));
  EXPECT_EQ(history.back().operation, "link");

  // The catalog and ids survive a restart.
  Reopen();
  ASSERT_OK_AND_ASSIGN(info, catalog_->Get("AUSL_ANTEIL"));
  EXPECT_EQ(info.indicator.sheet.methodological_notes, "Ab 2011 auf Basis des Zensus 2011");
  EXPECT_EQ(info.indicator.dimensions.size(), 1u);
  ASSERT_OK(catalog_->Create(Count("SVB", "Beschäftigte"), {}, "tester"));
  EXPECT_EQ(catalog_->Find("SVB")->id, 4u);
}

TEST_F(CatalogTest, CreateRefusesWithoutTouchingEitherSide) {
  EXPECT_STATUS(catalog_->Create(Count("BEV", "Bevölkerung"), {"af.missing"}, "tester"),
                absl::StatusCode::kNotFound, "af.missing");
  EXPECT_EQ(catalog_->Find("BEV"), nullptr);
  EXPECT_FALSE(knowledge_->GetNode("ind.bev").ok());

  ASSERT_OK(knowledge_->CreateNode(
      {.id = "src.destatis", .type = knowledge::NodeType::kSource, .title_de = "Destatis"},
      "tester"));
  EXPECT_STATUS(catalog_->Create(Count("BEV", "Bevölkerung"), {"src.destatis"}, "tester"),
                absl::StatusCode::kInvalidArgument, "cannot measure source");

  ASSERT_OK(catalog_->Create(Count("BEV", "Bevölkerung"), {}, "tester"));
  EXPECT_STATUS(catalog_->Create(Count("BEV", "Bevölkerung"), {}, "tester"),
                absl::StatusCode::kAlreadyExists, "BEV");

  Indicator ratio = Count("QUOTE", "Quote");
  ratio.aggregation = {.kind = AggregationKind::kRatio, .numerator = "AUSL", .denominator = "BEV"};
  ratio.aggregation.scale = 0;
  EXPECT_STATUS(catalog_->Create(ratio, {}, "tester"), absl::StatusCode::kInvalidArgument,
                "AUSL, which is not in the catalog");

  // A failed write leaves neither catalog nor graph changed.
  store_->SetBeforeWriteHookForTesting(
      [](const storage::WriteBatch&) { return absl::UnavailableError("disk gone"); });
  EXPECT_STATUS(catalog_->Create(Count("AUSL", "Ausländer"), {"af.integration"}, "tester"),
                absl::StatusCode::kUnavailable, "disk gone");
  store_->SetBeforeWriteHookForTesting(nullptr);
  EXPECT_EQ(catalog_->Find("AUSL"), nullptr);
  EXPECT_FALSE(knowledge_->GetNode("ind.ausl").ok());
  // ... and the knowledge store still works (its lock and sequence were released).
  ASSERT_OK(catalog_->Create(Count("AUSL", "Ausländer"), {"af.integration"}, "tester"));
  ASSERT_OK(knowledge_->CreateNode(
      {.id = "af.sprache", .type = knowledge::NodeType::kActionField, .title_de = "Sprache"},
      "tester"));
}

TEST_F(CatalogTest, GraphNodeOfAnIndicatorCannotBeDeletedAlone) {
  CreateShareIndicators();
  EXPECT_STATUS(knowledge_->DeleteNode("ind.ausl_anteil", "tester"),
                absl::StatusCode::kFailedPrecondition, "integra indicator delete");
  // Other indicator-type nodes stay deletable.
  ASSERT_OK(knowledge_->CreateNode(
      {.id = "ind.free", .type = knowledge::NodeType::kIndicator, .title_de = "Freier Indikator"},
      "tester"));
  ASSERT_OK(knowledge_->DeleteNode("ind.free", "tester"));
  // MEASURES edges added in the graph show up in the catalog view.
  ASSERT_OK(knowledge_->CreateNode(
      {.id = "af.arbeit", .type = knowledge::NodeType::kActionField, .title_de = "Arbeit"},
      "tester"));
  ASSERT_OK(knowledge_->Link(
      {.from = "ind.ausl_anteil", .to = "af.arbeit", .type = knowledge::EdgeType::kMeasures},
      "tester"));
  ASSERT_OK_AND_ASSIGN(IndicatorInfo info, catalog_->Get("AUSL_ANTEIL"));
  EXPECT_EQ(info.measured_node_ids, (std::vector<std::string>{"af.arbeit", "af.integration"}));
}

TEST_F(CatalogTest, ListPaginatesInCodeOrder) {
  CreateShareIndicators();
  ASSERT_OK_AND_ASSIGN(IndicatorPage first, catalog_->List(2, ""));
  ASSERT_EQ(first.indicators.size(), 2u);
  EXPECT_EQ(first.indicators[0].code, "AUSL");
  EXPECT_EQ(first.indicators[1].code, "AUSL_ANTEIL");
  ASSERT_OK_AND_ASSIGN(IndicatorPage second, catalog_->List(2, first.next_page_token));
  ASSERT_EQ(second.indicators.size(), 1u);
  EXPECT_EQ(second.indicators[0].code, "BEV");
  EXPECT_TRUE(second.next_page_token.empty());
}

}  // namespace
}  // namespace integra::monitoring
