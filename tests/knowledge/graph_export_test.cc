#include "services/knowledge/graph_export.h"

#include "gtest/gtest.h"

namespace integra::knowledge {
namespace {

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

KnowledgeDocument Sample() {
  KnowledgeDocument doc;
  doc.nodes = {
      {.id = "af.sprache",
       .type = NodeType::kActionField,
       .title_de = "Sprache & \"Bildung\"",
       .tags = {"a", "b"},
       .provenance = {.source_id = "src.s", .year = 2007}},
      {.id = "rec.3", .type = NodeType::kRecommendation, .title_de = "Zivilgesellschaft <stärken>"},
  };
  doc.edges = {{.from = "rec.3",
                .to = "af.sprache",
                .type = EdgeType::kAddresses,
                .weight = 0.5,
                .note = "weil"},
               // An edge to a node outside the document is left out.
               {.from = "rec.3", .to = "src.s", .type = EdgeType::kCites}};
  return doc;
}

TEST(GraphExportTest, GraphvizNamesNodesByIdAndEscapesQuotes) {
  std::string dot = ToGraphviz(Sample());
  EXPECT_EQ(dot.rfind("digraph G {", 0), 0u) << dot;
  EXPECT_NE(dot.find("\"af.sprache\" [label=\"af.sprache\\nSprache & \\\"Bildung\\\"\""),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("shape=box"), std::string::npos);
  EXPECT_NE(dot.find("\"rec.3\"->\"af.sprache\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("label=addresses"), std::string::npos) << dot;
  EXPECT_NE(dot.find("kb_weight=0.5"), std::string::npos) << dot;
  EXPECT_NE(dot.find("note=weil"), std::string::npos) << dot;
  EXPECT_EQ(Count(dot, "->"), 1u) << "the edge to src.s is outside the document";
}

TEST(GraphExportTest, GraphmlCarriesAttributesAsEscapedData) {
  std::string xml = ToGraphML(Sample());
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  EXPECT_EQ(Count(xml, "<node id="), 2u);
  EXPECT_EQ(Count(xml, "<edge id="), 1u);
  EXPECT_NE(xml.find("edgedefault=\"directed\""), std::string::npos);
  EXPECT_NE(xml.find(">af.sprache</data>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("Sprache &amp; &quot;Bildung&quot;"), std::string::npos) << xml;
  EXPECT_NE(xml.find("Zivilgesellschaft &lt;stärken&gt;"), std::string::npos) << xml;
  EXPECT_NE(xml.find("source=\"n1\" target=\"n0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find(">2007</data>"), std::string::npos);
  EXPECT_NE(xml.find(">a, b</data>"), std::string::npos);
  EXPECT_EQ(Count(xml, "<graph id="), 1u);
  EXPECT_NE(xml.find("</graphml>"), std::string::npos);
}

}  // namespace
}  // namespace integra::knowledge
