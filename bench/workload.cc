#include "bench/workload.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace integra::bench {

Workload MakeWorkload(const Dataset& data, int queries, int rollups, uint64_t seed) {
  Workload w;
  std::vector<std::pair<std::string, std::vector<size_t>>> lands;
  for (const BenchUnit& u : data.units()) {
    if (u.level == kLevelLand) lands.emplace_back(u.key, data.GemeindenOfLand(u.key));
  }
  std::vector<std::pair<std::string, std::vector<size_t>>> groups;
  for (const auto& l : lands) {
    if (l.second.size() >= 1000 && l.second.size() <= 3000) groups.push_back(l);
  }
  if (groups.empty()) {
    std::sort(lands.begin(), lands.end(),
              [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    for (size_t i = 0; i < lands.size() && i < 4; ++i) {
      if (!lands[i].second.empty()) groups.push_back(lands[i]);
    }
  }
  for (const auto& g : groups) {
    w.peer_lands.push_back(g.first);
    w.peer_group_sizes.push_back(g.second.size());
  }

  uint64_t state = seed;
  auto next = [&](uint64_t n) { return Mix64(state++) % n; };
  const uint64_t indicators = data.indicators().size();
  for (int i = 0; i < queries && !groups.empty(); ++i) {
    const auto& g = groups[next(groups.size())];
    w.peer.push_back(PeerQuery{next(indicators),
                               Dataset::kFirstYear + static_cast<int>(next(Dataset::kYears)),
                               g.first, g.second[next(g.second.size())]});
  }
  for (int i = 0; i < queries; ++i) w.point.push_back(PointQuery{next(data.units().size())});
  for (int i = 0; i < queries; ++i) {
    w.series.push_back(SeriesQuery{next(indicators), next(data.units().size())});
  }
  // Roll-ups of counts (SUM): shares have no weight indicator in the benchmark catalog.
  std::vector<size_t> summable;
  for (size_t i = 0; i < data.indicators().size(); ++i) {
    if (data.indicators()[i].aggregation == BenchAggregation::kSum) summable.push_back(i);
  }
  for (int i = 0; i < rollups && !summable.empty(); ++i) {
    w.rollup.push_back(RollupQuery{summable[next(summable.size())],
                                   Dataset::kFirstYear + static_cast<int>(next(Dataset::kYears))});
  }
  // Dashboard workloads, drawn after the others so the earlier lists stay as they were.
  for (int i = 0; i < rollups && !groups.empty(); ++i) {
    const auto& g = groups[next(groups.size())];
    w.band.push_back(BandQuery{next(indicators), g.first, g.second[next(g.second.size())]});
  }
  for (int i = 0; i < rollups && !groups.empty(); ++i) {
    const auto& g = groups[next(groups.size())];
    const int year = Dataset::kFirstYear + static_cast<int>(next(Dataset::kYears));
    w.scorecard.push_back(ScorecardQuery{year, g.first, g.second[next(g.second.size())]});
  }
  for (int i = 0; i < rollups; ++i) {
    w.league.push_back(LeagueQuery{
        next(indicators), Dataset::kFirstYear + static_cast<int>(next(Dataset::kYears))});
  }
  // Unary writes, drawn last so the read lists stay as they were. A value moves away from the
  // cell's loaded one by one step per write to the cell (a whole person for counts, 0.001
  // points for shares, downwards where a share would pass 100), so no write repeats a value.
  std::map<std::tuple<size_t, int, size_t>, size_t> cell_index;  // -> position in `written`
  for (int i = 0; i < queries; ++i) {
    const size_t indicator = next(indicators);
    const bool new_cell = next(4) == 0;
    const int year =
        new_cell ? kNewCellYear : Dataset::kFirstYear + static_cast<int>(next(Dataset::kYears));
    const size_t unit = next(data.units().size());
    auto [it, first] = cell_index.try_emplace({indicator, year, unit}, w.written.size());
    if (first) {
      w.written.push_back(CellQuery{indicator, year, unit, 0, new_cell ? 0 : 1});
    }
    CellQuery& cell = w.written[it->second];
    const bool count = data.indicators()[indicator].aggregation == BenchAggregation::kSum;
    const double step = count ? 1 : 0.001;
    const double base = data.ValueAt(indicator, unit, year);
    const double up = base + step * cell.revision;  // revision = writes so far (+ 1 if loaded)
    double value = !count && up > 100 ? base - step * cell.revision : up;
    if (!count) value = std::round(value * 1000) / 1000;
    ++cell.revision;
    cell.value = value;
    w.writes.push_back(WriteQuery{indicator, year, unit, value});
  }
  return w;
}

std::string LandUpperBound(const std::string& land) {
  std::string upper = land;
  // Land codes are two digits; incrementing the last character never carries past '9' + 1,
  // which still sorts after every digit.
  upper.back() = static_cast<char>(upper.back() + 1);
  return upper;
}

std::string PeerGroupName(const std::string& land) {
  return absl::StrCat("bench-gemeinden-", land);
}

}  // namespace integra::bench
