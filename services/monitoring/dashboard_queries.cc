// MonitoringQueries for a dashboard's one-call workloads (declared in monitoring_queries.h):
// the peer band over time and the league table of a level. Definitions in docs/analytics.md
// ("Peer band", "League table").
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/calendar.h"
#include "services/monitoring/monitoring_queries.h"

namespace integra::monitoring {
namespace {

// Longest range a band spells out (as an analytics series: 400 years of months).
constexpr size_t kMaxBandPeriods = 4800;

absl::Status WithContext(const absl::Status& s, const std::string& context) {
  return absl::Status(s.code(), absl::StrCat(context, ": ", s.message()));
}

}  // namespace

absl::StatusOr<BandResult> MonitoringQueries::PeerBand(const BandQuery& q) const {
  storage::ReadScope scope(*store_);  // the unit's series and every period's peers: one snapshot
  BandResult out;
  ASSIGN_OR_RETURN(out.indicator, reader_.FindIndicator(q.indicator_code));
  const Indicator& ind = *out.indicator;
  ASSIGN_OR_RETURN(UnitKey unit, ParseUnitKey(q.unit_key));
  out.unit_key = unit.key;

  // The unit's own observations: flags and sources of its values, and the default range.
  ASSIGN_OR_RETURN(std::vector<UnitSeries> own, reader_.Series({.indicator_code = ind.code,
                                                                .unit_keys = {unit.key},
                                                                .breakdown = q.breakdown,
                                                                .from_period = q.from_period,
                                                                .to_period = q.to_period}));
  const std::vector<Observation>& stored = own.front().points;
  std::optional<Period> first, last;
  if (!q.from_period.empty()) {
    ASSIGN_OR_RETURN(first, ParsePeriodFor(q.from_period, ind.periodicity));
  } else if (!stored.empty()) {
    ASSIGN_OR_RETURN(first, ParsePeriod(stored.front().period));
  }
  if (!q.to_period.empty()) {
    ASSIGN_OR_RETURN(last, ParsePeriodFor(q.to_period, ind.periodicity));
  } else if (!stored.empty()) {
    ASSIGN_OR_RETURN(last, ParsePeriod(stored.back().period));
  }
  if (!first.has_value() || !last.has_value()) {
    return absl::NotFoundError(absl::StrCat("unit ", unit.key, " has no value for ", ind.code,
                                            "; give a period range (from, to)"));
  }
  std::map<uint32_t, const Observation*> own_at;  // period code -> the unit's observation
  for (const Observation& o : stored) {
    ASSIGN_OR_RETURN(Period p, ParsePeriod(o.period));
    own_at[p.code()] = &o;
  }

  const uint32_t self_code = UnitCodeOf(unit.key);
  std::set<std::string> sources;
  for (Period p = *first; p <= *last; p = NextPeriod(p)) {
    if (out.points.size() >= kMaxBandPeriods) {
      return absl::InvalidArgumentError(absl::StrCat("the period range ", first->ToString(), " to ",
                                                     last->ToString(), " exceeds ", kMaxBandPeriods,
                                                     " periods"));
    }
    // Exactly Compare's steps for this period: resolve, read, compare.
    ASSIGN_OR_RETURN(PeerSet peers, peers_->Resolve(unit.key, q.peers, p));
    ASSIGN_OR_RETURN(std::vector<std::optional<double>> values,
                     reader_.ReadPeerValues(ind, q.breakdown, p, peers.level, peers.codes));
    BandPoint point;
    point.period = p;
    point.peer_count = static_cast<int>(peers.codes.size());
    const auto self_it = std::lower_bound(peers.codes.begin(), peers.codes.end(), self_code);
    const bool in_set = self_it != peers.codes.end() && *self_it == self_code;
    const size_t self = in_set ? static_cast<size_t>(self_it - peers.codes.begin()) : 0;
    if (in_set) point.value = values[self];
    if (auto it = own_at.find(p.code()); it != own_at.end()) {
      point.flags = it->second->flags;
      if (point.value.has_value() && !it->second->source.empty()) {
        sources.insert(it->second->source);
      }
    }
    if (!values.empty()) {
      auto cmp = analytics::QuartilesOfValues(values);
      if (cmp.ok()) {
        point.n = cmp->n;
        point.missing = cmp->missing;
        point.q1 = cmp->q1;
        point.median = cmp->median;
        point.q3 = cmp->q3;
      } else if (absl::IsFailedPrecondition(cmp.status())) {  // no peer has a value
        point.missing = static_cast<int>(values.size());
      } else {
        return WithContext(cmp.status(),
                           absl::StrCat(ind.code, " ", p.ToString(), " among ", peers.description));
      }
    }
    out.peer_description = std::move(peers.description);
    out.points.push_back(point);
  }
  out.sources.assign(sources.begin(), sources.end());
  return out;
}

absl::StatusOr<LeagueResult> MonitoringQueries::LeagueTable(const LeagueQuery& q) const {
  storage::ReadScope scope(*store_);  // values, flags and sources from one snapshot
  LeagueResult out;
  ASSIGN_OR_RETURN(out.indicator, reader_.FindIndicator(q.indicator_code));
  const Indicator& ind = *out.indicator;
  const Rankings rankings = RankingsFor(ind);
  if (!rankings.enabled) {
    return absl::FailedPreconditionError(absl::StrCat("no league table: ", rankings.note));
  }
  if (q.level == UnitLevel::kBund) {
    return absl::InvalidArgumentError(
        "a league table ranks the units of one level: land, regierungsbezirk, kreis or gemeinde");
  }
  if (q.period.empty()) return absl::InvalidArgumentError("a league table needs a period");
  ASSIGN_OR_RETURN(out.period, ParsePeriodFor(q.period, ind.periodicity));
  out.level = q.level;
  std::string within;
  if (!q.within.empty()) {
    ASSIGN_OR_RETURN(UnitKey w, ParseUnitKey(q.within));
    if (w.key != kBundKey) {
      if (static_cast<uint8_t>(LevelOfKey(w.key)) >= static_cast<uint8_t>(q.level)) {
        return absl::InvalidArgumentError(
            absl::StrCat("within ", w.key, ": a ", UnitLevelName(LevelOfKey(w.key)),
                         " holds no units of level ", UnitLevelName(q.level)));
      }
      within = w.key;
    }
  }
  out.within = within;

  // The level's units valid during the period, in unit-code order (what the reader merges).
  const std::shared_ptr<const RegisterIndex> reg = Register();
  const DayNumber first_day = FirstDay(out.period);
  const DayNumber last_day = LastDay(out.period);
  std::vector<const RegisterIndex::Entry*> members;
  for (const RegisterIndex::Entry& e : reg->units) {
    if (e.level != q.level) continue;
    if (e.level == UnitLevel::kGemeinde && !e.reports) continue;  // gemeindefreie Gebiete
    if (!absl::StartsWith(e.key, within)) continue;
    if (e.from > last_day || e.to < first_day) continue;
    members.push_back(&e);
  }
  if (members.empty() && !within.empty()) {
    const bool registered = reg->Find(UnitCodeOf(within)) != nullptr;
    return absl::NotFoundError(
        registered ? absl::StrCat("no ", UnitLevelName(q.level), " of ", within, " is valid in ",
                                  q.period, ": nothing to rank")
                   : absl::StrCat("within ", within, ": no such unit in the register"));
  }
  std::sort(members.begin(), members.end(),
            [](const auto* a, const auto* b) { return a->code < b->code; });
  std::vector<uint32_t> codes;
  codes.reserve(members.size());
  for (const auto* e : members) codes.push_back(e->code);
  // One read of the packed section gives values, flags and sources; a gap indicator (computed
  // on read) and a section packed before sources were stored take their flags and sources from
  // the ranked units' series instead.
  std::optional<std::vector<PeerCell>> cells;
  if (!ind.gap.has_value()) {
    ASSIGN_OR_RETURN(cells, reader_.ReadPeerCells(ind, q.breakdown, out.period, q.level, codes));
  }
  std::vector<std::optional<double>> values;
  if (cells.has_value()) {
    values.reserve(cells->size());
    for (const PeerCell& c : *cells) values.push_back(c.value);
  } else {
    ASSIGN_OR_RETURN(values, reader_.ReadPeerValues(ind, q.breakdown, out.period, q.level, codes));
  }
  analytics::CrossSection cross;
  cross.reserve(members.size());
  for (size_t i = 0; i < members.size(); ++i) cross.push_back({members[i]->key, values[i]});
  // A ranked unit's member index: members are in code order, which is key order within a level.
  auto index_of = [&members](const std::string& key) {
    return static_cast<size_t>(
        std::lower_bound(members.begin(), members.end(), key,
                         [](const auto* e, const std::string& k) { return e->key < k; }) -
        members.begin());
  };
  ASSIGN_OR_RETURN(std::vector<analytics::RankedUnit> ranked,
                   analytics::RankCrossSection(cross, ind.polarity));
  out.units = static_cast<int>(members.size());
  out.missing = out.units - static_cast<int>(ranked.size());

  // Flags and source per member index, from the section or (see above) the units' series.
  std::vector<std::pair<uint8_t, std::string>> shown(members.size());
  if (cells.has_value()) {
    for (size_t i = 0; i < members.size(); ++i) {
      shown[i] = {(*cells)[i].flags, std::move((*cells)[i].source)};
    }
  } else {
    for (size_t at = 0; at < ranked.size(); at += kMaxSeriesUnits) {
      SeriesQuery sq{.indicator_code = ind.code,
                     .breakdown = q.breakdown,
                     .from_period = out.period.ToString(),
                     .to_period = out.period.ToString()};
      for (size_t i = at; i < ranked.size() && i < at + kMaxSeriesUnits; ++i) {
        sq.unit_keys.push_back(ranked[i].unit_key);
      }
      ASSIGN_OR_RETURN(std::vector<UnitSeries> read, reader_.Series(sq));
      for (const UnitSeries& s : read) {
        if (!s.points.empty()) {
          shown[index_of(s.unit_key)] = {s.points.front().flags, s.points.front().source};
        }
      }
    }
  }
  std::set<std::string> sources;
  out.rows.reserve(ranked.size());
  for (analytics::RankedUnit& r : ranked) {
    LeagueRow row;
    row.rank = r.rank;
    const size_t i = index_of(r.unit_key);
    row.name = members[i]->name;
    row.value = r.value;
    row.percentile = r.percentile;
    row.flags = shown[i].first;
    if (!shown[i].second.empty()) sources.insert(shown[i].second);
    row.unit_key = std::move(r.unit_key);
    out.rows.push_back(std::move(row));
  }
  out.sources.assign(sources.begin(), sources.end());
  return out;
}

}  // namespace integra::monitoring
