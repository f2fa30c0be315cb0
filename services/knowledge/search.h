// Full-text search over node titles, descriptions, tags and ids, tolerant of how German is typed:
// "Sprachförderung", "SPRACHFÖRDERUNG" and "sprachfoerderung" find the same nodes.
//
// Folding (FoldForSearch): libutf8proc normalises to NFC and applies full Unicode case folding
// (which also turns ß and ẞ into "ss"); then our own transliteration maps ä, ö, ü to ae, oe, ue
// (upper-case forms were folded before); finally utf8proc strips any remaining combining marks,
// so "é" matches "e". Text and query are folded the same way and matched as substrings.
//
// Thread-safety: FoldForSearch is pure; a SearchIndex is immutable after construction and may be
// queried from many threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/knowledge/model.h"

namespace integra::knowledge {

// The folded form of `text`. Invalid UTF-8 is folded byte-wise (ASCII lower-casing only).
std::string FoldForSearch(const std::string& text);
// The same without the transliteration: every letter to its base letter, so "Köln" folds to
// "koln" (FoldForSearch: "koeln") and "Straße" to "strasse". For matching a query typed without
// umlauts or their ae/oe/ue spelling ("Koln"): match either fold against the same fold.
std::string FoldToBaseLetters(const std::string& text);

struct SearchHit {
  size_t node_index = 0;                    // index into the nodes the index was built from
  double score = 0;                         // higher is better
  std::vector<std::string> matched_fields;  // "id", "title_de", "title_en", "tags", "description"
};

class SearchIndex {
 public:
  SearchIndex() = default;
  // Folds every searchable field of `nodes` once; the caller keeps `nodes` (hits refer to them by
  // index).
  explicit SearchIndex(const std::vector<Node>& nodes);

  // Nodes in which every whitespace-separated word of `query` occurs in some field, optionally
  // only of one type. Best first: a word counts 3 in the German title or id, 2 in the English
  // title or a tag, 1 in the description; the whole query inside the German title adds 2. Ties
  // by node index (= id order). An empty query matches nothing.
  std::vector<SearchHit> Search(const std::string& query, std::optional<NodeType> type) const;

 private:
  struct Entry {
    NodeType type;
    std::string id, title_de, title_en, tags, description;  // folded
  };
  std::vector<Entry> entries_;
};

}  // namespace integra::knowledge
