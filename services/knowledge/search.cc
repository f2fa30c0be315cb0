#include "services/knowledge/search.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "utf8proc.h"

namespace integra::knowledge {
namespace {

// Runs utf8proc_map with `options`; nullopt if `text` is not valid UTF-8.
std::optional<std::string> Utf8procMap(const std::string& text, int options) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &out,
                                    static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::nullopt;
  std::string result(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
  std::free(out);
  return result;
}

// ä ö ü (NFC, already case-folded) -> ae oe ue. The UTF-8 encodings are C3 A4, C3 B6, C3 BC.
std::string TransliterateUmlauts(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xC3 && i + 1 < s.size()) {
      switch (static_cast<unsigned char>(s[i + 1])) {
        case 0xA4:
          out += "ae";
          ++i;
          continue;
        case 0xB6:
          out += "oe";
          ++i;
          continue;
        case 0xBC:
          out += "ue";
          ++i;
          continue;
        default:
          break;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

std::string FoldForSearch(const std::string& text) {
  auto folded = Utf8procMap(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  if (!folded.has_value()) return absl::AsciiStrToLower(text);
  std::string transliterated = TransliterateUmlauts(*folded);
  auto stripped =
      Utf8procMap(transliterated, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK);
  return stripped.value_or(transliterated);
}

std::string FoldToBaseLetters(const std::string& text) {
  auto folded = Utf8procMap(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                      UTF8PROC_STRIPMARK);
  return folded.value_or(absl::AsciiStrToLower(text));
}

SearchIndex::SearchIndex(const std::vector<Node>& nodes) {
  entries_.reserve(nodes.size());
  for (const Node& n : nodes) {
    // Tags joined by a separator no folded query word contains, so a word cannot match across
    // two tags.
    entries_.push_back(Entry{n.type, FoldForSearch(n.id), FoldForSearch(n.title_de),
                             FoldForSearch(n.title_en), FoldForSearch(absl::StrJoin(n.tags, "\n")),
                             FoldForSearch(n.description)});
  }
}

std::vector<SearchHit> SearchIndex::Search(const std::string& query,
                                           std::optional<NodeType> type) const {
  std::string folded_query = FoldForSearch(query);
  std::vector<std::string> words =
      absl::StrSplit(folded_query, absl::ByAnyChar(" \t\n\r"), absl::SkipEmpty());
  std::vector<SearchHit> hits;
  if (words.empty()) return hits;
  std::string whole = absl::StrJoin(words, " ");
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (type.has_value() && e.type != *type) continue;
    const std::pair<const std::string*, std::pair<const char*, double>> fields[] = {
        {&e.title_de, {"title_de", 3}},
        {&e.id, {"id", 3}},
        {&e.title_en, {"title_en", 2}},
        {&e.tags, {"tags", 2}},
        {&e.description, {"description", 1}}};
    SearchHit hit{.node_index = i};
    bool all_words = true;
    for (const std::string& w : words) {
      double best = 0;
      for (const auto& [text, meta] : fields) {
        if (text->find(w) == std::string::npos) continue;
        best = std::max(best, meta.second);
        if (std::find(hit.matched_fields.begin(), hit.matched_fields.end(), meta.first) ==
            hit.matched_fields.end()) {
          hit.matched_fields.push_back(meta.first);
        }
      }
      if (best == 0) {
        all_words = false;
        break;
      }
      hit.score += best;
    }
    if (!all_words) continue;
    if (e.title_de.find(whole) != std::string::npos) hit.score += 2;
    hits.push_back(std::move(hit));
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  return hits;
}

}  // namespace integra::knowledge
