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

Node ValidNode() {
  Node n;
  n.id = "rec.limits";
  n.type = NodeType::kRecommendation;
  n.title_de = "Grenzen";
  return n;
}

TEST(ModelTest, TextFieldsAtTheirLimitsAreAccepted) {
  Node n = ValidNode();
  n.title_de = std::string(kMaxTitleBytes, 't');
  n.title_en = std::string(kMaxTitleBytes, 't');
  n.description = std::string(kMaxDescriptionBytes, 'd');
  n.tags.assign(kMaxTags, std::string(kMaxTagBytes, 'g'));
  n.provenance.locator = std::string(kMaxLocatorBytes, 'l');
  EXPECT_OK(ValidateNode(n));
  Edge e{.from = "rec.a", .to = "af.b", .note = std::string(kMaxEdgeNoteBytes, 'n')};
  EXPECT_OK(ValidateEdgeText(e));
}

TEST(ModelTest, EachTextFieldOverItsLimitIsRefusedNamingFieldLimitAndSize) {
  struct Case {
    const char* expected;
    void (*mutate)(Node&);
  };
  const Case cases[] = {
      {"node 'rec.limits': title_de is 1001 bytes, the limit is 1000 bytes",
       [](Node& n) { n.title_de = std::string(1001, 't'); }},
      {"node 'rec.limits': title_en is 1001 bytes, the limit is 1000 bytes",
       [](Node& n) { n.title_en = std::string(1001, 't'); }},
      {"node 'rec.limits': description is 10485760 bytes, the limit is 16384 bytes",
       [](Node& n) { n.description = std::string(10 << 20, 'd'); }},
      {"node 'rec.limits': the tag list is 33 tags, the limit is 32 tags",
       [](Node& n) { n.tags.assign(33, "tag"); }},
      {"node 'rec.limits': tag 2 is 101 bytes, the limit is 100 bytes",
       [](Node& n) {
         n.tags = {"ok", std::string(101, 'g')};
       }},
      {"node 'rec.limits': provenance.locator is 501 bytes, the limit is 500 bytes",
       [](Node& n) { n.provenance.locator = std::string(501, 'l'); }},
  };
  for (const Case& c : cases) {
    Node n = ValidNode();
    c.mutate(n);
    const absl::Status s = ValidateNode(n);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.expected;
    EXPECT_EQ(s.message(), c.expected);
  }
  // Bytes, not characters: 501 umlauts are 1,002 bytes.
  Node n = ValidNode();
  for (int i = 0; i < 501; ++i) n.title_de += "ä";
  EXPECT_STATUS(ValidateNode(n), absl::StatusCode::kInvalidArgument, "title_de is 1009 bytes");
}

TEST(ModelTest, EdgeNoteOverItsLimitIsRefusedAndEndpointsQuotedBounded) {
  Edge e{.from = "rec.a", .to = "af.b", .note = std::string(kMaxEdgeNoteBytes + 1, 'n')};
  EXPECT_STATUS(ValidateEdgeText(e), absl::StatusCode::kInvalidArgument,
                "edge 'rec.a' -addresses-> 'af.b': note is 2001 bytes, the limit is 2000 bytes");
  e.from = std::string(1 << 20, 'x');
  const absl::Status s = ValidateEdgeText(e);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(s.message().size(), 300u) << s.message().substr(0, 300);
}

TEST(ModelTest, LongNodeIdIsQuotedBounded) {
  const absl::Status s = ValidateNodeId(std::string(10240, 'a'));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "node id '" + std::string(64, 'a') +
                             "…' (10240 bytes) must be 2 to 100 characters long");
}

}  // namespace
}  // namespace integra::knowledge
