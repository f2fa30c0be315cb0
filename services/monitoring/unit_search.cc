#include "services/monitoring/unit_search.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/page_token.h"
#include "services/knowledge/search.h"
#include "services/monitoring/calendar.h"
#include "services/monitoring/unit_store.h"

namespace integra::monitoring {
namespace {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;

bool IsWordChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         static_cast<unsigned char>(c) >= 0x80;
}

// How the folded `name` matches the folded `query` (not empty).
std::optional<UnitMatch> MatchFolded(const std::string& name, const std::string& query) {
  const std::string lead(absl::StripAsciiWhitespace(name.substr(0, name.find(','))));
  if (name == query || lead == query) return UnitMatch::kExact;
  if (absl::StartsWith(name, query)) return UnitMatch::kPrefix;
  std::optional<UnitMatch> best;
  for (size_t pos = name.find(query); pos != std::string::npos; pos = name.find(query, pos + 1)) {
    if (!IsWordChar(name[pos - 1])) return UnitMatch::kWordStart;  // pos > 0: not a prefix
    best = UnitMatch::kSubstring;
  }
  return best;
}

std::optional<UnitMatch> Better(std::optional<UnitMatch> a, std::optional<UnitMatch> b) {
  if (!a.has_value()) return b;
  if (!b.has_value()) return a;
  return std::min(*a, *b);
}

bool AllDigits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

}  // namespace

UnitSearchIndex::UnitSearchIndex(std::vector<Unit> units) : units_(std::move(units)) {
  entries_.reserve(units_.size());
  for (const Unit& u : units_) {
    entries_.push_back(
        Entry{knowledge::FoldForSearch(u.name), knowledge::FoldToBaseLetters(u.name)});
  }
}

std::optional<UnitMatch> UnitSearchIndex::MatchName(const std::string& name,
                                                    const std::string& query) {
  const std::string q(absl::StripAsciiWhitespace(query));
  if (q.empty()) return std::nullopt;
  return Better(MatchFolded(knowledge::FoldForSearch(name), knowledge::FoldForSearch(q)),
                MatchFolded(knowledge::FoldToBaseLetters(name), knowledge::FoldToBaseLetters(q)));
}

absl::StatusOr<UnitSearchResult> UnitSearchIndex::Search(const UnitSearchQuery& query) const {
  const std::string q(absl::StripAsciiWhitespace(query.query));
  if (q.empty()) {
    return absl::InvalidArgumentError("query is empty: give a name, part of one, or a key prefix");
  }
  if (query.limit < 0) return absl::InvalidArgumentError("limit must not be negative");
  auto limit = common::PageSize(query.limit, kDefaultLimit, kMaxLimit);
  if (!limit.ok()) return limit.status();
  std::optional<DayNumber> day;
  if (!query.valid_on.empty()) {
    auto parsed = ParseDate(query.valid_on, "valid_on");
    if (!parsed.ok()) return parsed.status();
    day = *parsed;
  }
  const bool by_key = AllDigits(q);
  const std::string q_translit = knowledge::FoldForSearch(q);
  const std::string q_base = knowledge::FoldToBaseLetters(q);

  struct Hit {
    UnitMatch match;
    size_t index;
  };
  std::vector<Hit> hits;
  for (size_t i = 0; i < units_.size(); ++i) {
    const Unit& u = units_[i];
    if (query.level.has_value() && u.level() != *query.level) continue;
    if (day.has_value()) {
      // Stored dates were validated on write; an unreadable one counts as open.
      const DayNumber from =
          ParseDateOr(u.valid_from, kNoDayBefore, "valid_from").value_or(kNoDayBefore);
      const DayNumber to = ParseDateOr(u.valid_to, kNoDayAfter, "valid_to").value_or(kNoDayAfter);
      if (*day < from || *day > to) continue;
    }
    std::optional<UnitMatch> match;
    if (by_key) {
      if (u.key == q) {
        match = UnitMatch::kExact;
      } else if (absl::StartsWith(u.key, q)) {
        match = UnitMatch::kPrefix;
      }
    } else {
      match = Better(MatchFolded(entries_[i].translit, q_translit),
                     MatchFolded(entries_[i].base, q_base));
    }
    if (match.has_value()) hits.push_back(Hit{*match, i});
  }
  // Ties by level, then name (for a key query: key), then key.
  static const std::string kNone;
  std::sort(hits.begin(), hits.end(), [this, by_key](const Hit& a, const Hit& b) {
    const Unit& ua = units_[a.index];
    const Unit& ub = units_[b.index];
    const std::string& na = by_key ? kNone : entries_[a.index].base;
    const std::string& nb = by_key ? kNone : entries_[b.index].base;
    return std::forward_as_tuple(a.match, ua.level(), na, ua.key) <
           std::forward_as_tuple(b.match, ub.level(), nb, ub.key);
  });
  UnitSearchResult result;
  result.total = static_cast<int>(hits.size());
  for (size_t i = 0; i < hits.size() && static_cast<int>(i) < *limit; ++i) {
    result.units.push_back(units_[hits[i].index]);
  }
  return result;
}

absl::StatusOr<UnitSearchResult> UnitSearch::Search(const UnitSearchQuery& query) const {
  std::shared_ptr<const UnitSearchIndex> index;
  {
    std::lock_guard lock(mu_);
    if (index_ == nullptr || generation_ != units_->generation()) {
      uint64_t generation = 0;
      std::vector<Unit> units = units_->Snapshot(&generation);
      index_ = std::make_shared<const UnitSearchIndex>(std::move(units));
      generation_ = generation;
    }
    index = index_;
  }
  return index->Search(query);
}

}  // namespace integra::monitoring
