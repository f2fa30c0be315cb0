// Finding a territorial unit by what a user types: its name or the start of its official key.
//
// Names are matched tolerant of how German is typed: case-insensitive, and an umlaut matches
// its letter and its transliteration ("Köln", "KÖLN", "Koeln" and "Koln" all find Köln; "ß"
// matches "ss"). Both the name and the query are folded two ways (knowledge::FoldForSearch:
// ä -> ae, and knowledge::FoldToBaseLetters: ä -> a); a unit matches when the query's fold occurs
// in the name's fold of the same kind. A query of digits only matches keys that start with it.
//
// Ranking, best first:
//   1. exact: the whole name, or its part before the first comma ("Köln" for "Köln, Stadt"),
//      equals the query (a digit query: the key equals it);
//   2. prefix: the name (or key) starts with the query;
//   3. word start: the query starts a later word of the name ("Mülheim an der Ruhr" for "ruhr");
//   4. substring: anywhere else in the name.
// Ties by level, larger units first (Bund, Land, Regierungsbezirk, Kreis, Gemeinde: a search for
// "Köln" lists the kreisfreie Stadt 05315 before the Gemeinde 05315000, which a dashboard
// compares among Kreise), then by folded name (a key query: by key), then by key.
//
// Thread-safety: UnitSearchIndex is immutable after construction; UnitSearch is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/monitoring/units.h"

namespace integra::monitoring {

class UnitStore;

struct UnitSearchQuery {
  std::string query;               // a name, part of one, or the start of a key
  std::optional<UnitLevel> level;  // only units of this level
  int limit = 0;                   // 0 = 20; more than 100 = 100
  std::string valid_on;            // "YYYY-MM-DD": only units valid that day; "" = any
};

enum class UnitMatch { kExact = 1, kPrefix = 2, kWordStart = 3, kSubstring = 4 };

struct UnitSearchResult {
  std::vector<Unit> units;  // best first, at most `limit`
  int total = 0;            // units matching, before the limit
};

// The register folded once for searching.
class UnitSearchIndex {
 public:
  explicit UnitSearchIndex(std::vector<Unit> units);

  // InvalidArgument for an empty query (after trimming), a negative limit or a malformed
  // valid_on date.
  absl::StatusOr<UnitSearchResult> Search(const UnitSearchQuery& query) const;

  // How `name` matches `query` (both unfolded), or nullopt: the rule above, for tests.
  static std::optional<UnitMatch> MatchName(const std::string& name, const std::string& query);

 private:
  struct Entry {
    std::string translit;  // FoldForSearch(name)
    std::string base;      // FoldToBaseLetters(name)
  };
  std::vector<Unit> units_;  // in key order
  std::vector<Entry> entries_;
};

// Search over a UnitStore: the index is rebuilt when the register changed (generation).
class UnitSearch {
 public:
  explicit UnitSearch(const UnitStore* units) : units_(units) {}
  absl::StatusOr<UnitSearchResult> Search(const UnitSearchQuery& query) const;

 private:
  const UnitStore* units_;
  mutable std::mutex mu_;  // guards index_ and generation_
  mutable std::shared_ptr<const UnitSearchIndex> index_;
  mutable uint64_t generation_ = 0;
};

}  // namespace integra::monitoring
