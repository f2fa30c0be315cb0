#include "services/knowledge/model.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::knowledge {
namespace {

TEST(ModelTest, NodeIdSyntax) {
  EXPECT_OK(ValidateNodeId("af.language-education"));
  EXPECT_OK(ValidateNodeId("rec_7"));
  EXPECT_STATUS(ValidateNodeId("A.upper"), absl::StatusCode::kInvalidArgument, "lower-case");
  EXPECT_STATUS(ValidateNodeId("af language"), absl::StatusCode::kInvalidArgument, "may only");
  EXPECT_STATUS(ValidateNodeId("x"), absl::StatusCode::kInvalidArgument, "2 to 100");
  EXPECT_STATUS(ValidateNodeId("1abc"), absl::StatusCode::kInvalidArgument, "start with");
}

TEST(ModelTest, NodeNeedsGermanTitle) {
  Node n{.id = "af.x", .type = NodeType::kActionField, .title_de = "  "};
  EXPECT_STATUS(ValidateNode(n), absl::StatusCode::kInvalidArgument, "German title");
  n.title_de = "Sprache und Bildung";
  EXPECT_OK(ValidateNode(n));
}

TEST(ModelTest, TypePairTable) {
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kAddresses, NodeType::kRecommendation, NodeType::kActionField));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kAddresses, NodeType::kActionField, NodeType::kRecommendation));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kMeasures, NodeType::kIndicator, NodeType::kActionField));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kMeasures, NodeType::kFinding, NodeType::kActionField));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kRequires, NodeType::kMeasure, NodeType::kMeasure));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kRequires, NodeType::kMeasure, NodeType::kRecommendation));
  EXPECT_TRUE(IsAllowedEdge(EdgeType::kCites, NodeType::kFinding, NodeType::kSource));
  EXPECT_FALSE(IsAllowedEdge(EdgeType::kCites, NodeType::kSource, NodeType::kSource));
  // Every node type except source may cite a source.
  for (NodeType t : kAllNodeTypes) {
    EXPECT_EQ(IsAllowedEdge(EdgeType::kCites, t, NodeType::kSource), t != NodeType::kSource);
  }
}

TEST(ModelTest, TypeNamesRoundTrip) {
  for (NodeType t : kAllNodeTypes) {
    ASSERT_OK_AND_ASSIGN(NodeType back, ParseNodeType(NodeTypeName(t)));
    EXPECT_EQ(back, t);
  }
  for (EdgeType t : kAllEdgeTypes) {
    ASSERT_OK_AND_ASSIGN(EdgeType back, ParseEdgeType(EdgeTypeName(t)));
    EXPECT_EQ(back, t);
  }
  EXPECT_STATUS(ParseNodeType("nonsense"), absl::StatusCode::kInvalidArgument, "action_field");
}

}  // namespace
}  // namespace integra::knowledge
