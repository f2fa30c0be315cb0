#include "services/knowledge/search.h"

#include "gtest/gtest.h"

namespace integra::knowledge {
namespace {

TEST(FoldForSearchTest, CaseAndUmlautsFoldToTheSameText) {
  EXPECT_EQ(FoldForSearch("Sprachförderung"), "sprachfoerderung");
  EXPECT_EQ(FoldForSearch("SPRACHFÖRDERUNG"), "sprachfoerderung");
  EXPECT_EQ(FoldForSearch("sprachfoerderung"), "sprachfoerderung");
  EXPECT_EQ(FoldForSearch("Ärger Öl Übel"), "aerger oel uebel");
  EXPECT_EQ(FoldForSearch("Straße"), "strasse");
  EXPECT_EQ(FoldForSearch("STRAẞE"), "strasse");  // capital sharp s (U+1E9E)
  // Decomposed input (u + combining diaeresis) folds like the composed form.
  EXPECT_EQ(FoldForSearch("Flu\xCC\x88"
                          "chtlinge"),
            "fluechtlinge");
  // Other diacritics are dropped.
  EXPECT_EQ(FoldForSearch("Café Crème"), "cafe creme");
  // Invalid UTF-8 still folds ASCII letters instead of failing.
  EXPECT_EQ(FoldForSearch("ABC\xFF"), "abc\xFF");
}

std::vector<Node> Nodes() {
  return {
      {.id = "af.sprache-bildung",
       .type = NodeType::kActionField,
       .title_de = "Sprache und Bildung",
       .description = "Sprachförderung in Kita und Schule",
       .tags = {"bildung", "sprachförderung"}},
      {.id = "ch.sprachkurse",
       .type = NodeType::kChallenge,
       .title_de = "Sprachkurse",
       .title_en = "Language courses"},
      {.id = "rec.3-zivilgesellschaft",
       .type = NodeType::kRecommendation,
       .title_de = "Zivilgesellschaft beteiligen",
       .description = "auch bei der Sprachförderung",
       .tags = {"engagement", "beteiligung"}},
  };
}

std::vector<std::string> Ids(const std::vector<Node>& nodes, const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back(nodes[h.node_index].id);
  return out;
}

TEST(SearchIndexTest, UmlautSpellingsFindTheSameNodes) {
  auto nodes = Nodes();
  SearchIndex index(nodes);
  auto a = Ids(nodes, index.Search("Sprachförderung", std::nullopt));
  auto b = Ids(nodes, index.Search("sprachfoerderung", std::nullopt));
  auto c = Ids(nodes, index.Search("SPRACHFÖRDERUNG", std::nullopt));
  EXPECT_EQ(a, (std::vector<std::string>{"af.sprache-bildung", "rec.3-zivilgesellschaft"}));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
}

TEST(SearchIndexTest, RanksTitleAboveDescriptionAndReportsFields) {
  auto nodes = Nodes();
  SearchIndex index(nodes);
  auto hits = index.Search("sprach", std::nullopt);
  ASSERT_EQ(hits.size(), 3u);
  // Title matches (3 + 2 for the whole query in the title) first, in id order on ties.
  EXPECT_EQ(nodes[hits[0].node_index].id, "af.sprache-bildung");
  EXPECT_EQ(nodes[hits[1].node_index].id, "ch.sprachkurse");
  EXPECT_EQ(nodes[hits[2].node_index].id, "rec.3-zivilgesellschaft");
  EXPECT_GT(hits[1].score, hits[2].score);
  EXPECT_EQ(hits[2].matched_fields, std::vector<std::string>{"description"});
  EXPECT_EQ(hits[0].matched_fields,
            (std::vector<std::string>{"title_de", "id", "tags", "description"}));
}

TEST(SearchIndexTest, EveryWordMustMatchTypeFilterAndEmptyQuery) {
  auto nodes = Nodes();
  SearchIndex index(nodes);
  EXPECT_EQ(Ids(nodes, index.Search("sprache bildung", std::nullopt)),
            std::vector<std::string>{"af.sprache-bildung"});
  EXPECT_TRUE(index.Search("sprache zivil", std::nullopt).empty());
  EXPECT_EQ(Ids(nodes, index.Search("sprach", NodeType::kChallenge)),
            std::vector<std::string>{"ch.sprachkurse"});
  EXPECT_EQ(Ids(nodes, index.Search("language", std::nullopt)),
            std::vector<std::string>{"ch.sprachkurse"});
  EXPECT_TRUE(index.Search("   ", std::nullopt).empty());
  // Tags are matched one by one, never across the boundary of two tags.
  EXPECT_TRUE(index.Search("engagementbeteiligung", std::nullopt).empty());
}

}  // namespace
}  // namespace integra::knowledge
