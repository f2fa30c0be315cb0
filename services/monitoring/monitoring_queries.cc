#include "services/monitoring/monitoring_queries.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/calendar.h"

namespace integra::monitoring {
namespace {

// Adds context to an analytics error without changing its code.
absl::Status WithContext(const absl::Status& s, const std::string& context) {
  return absl::Status(s.code(), absl::StrCat(context, ": ", s.message()));
}

}  // namespace

Rankings MonitoringQueries::RankingsFor(const Indicator& ind) const {
  if (!options_.rankings_enabled) {
    return {false, "rankings are switched off for this deployment (integrad --no-rankings)"};
  }
  if (!ind.ranking_allowed) {
    return {false, absl::StrCat("indicator ", ind.code, " does not allow rankings")};
  }
  return {true, ""};
}

absl::StatusOr<TrendResult> MonitoringQueries::Trend(const TrendQuery& q) const {
  if (q.window < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the moving-average window must be >= 1, got ", q.window));
  }
  TrendResult out;
  ASSIGN_OR_RETURN(out.indicator, reader_.FindIndicator(q.indicator_code));
  ASSIGN_OR_RETURN(UnitKey unit, ParseUnitKey(q.unit_key));
  out.unit_key = unit.key;
  out.window = q.window;
  ASSIGN_OR_RETURN(out.series, reader_.ReadPeriodSeries(*out.indicator, unit.key, q.breakdown,
                                                        q.from_period, q.to_period));
  ASSIGN_OR_RETURN(out.summary, analytics::SummarizeTrend(out.series.series));
  ASSIGN_OR_RETURN(out.moving_average,
                   analytics::MovingAverage(out.series.series, {.window = q.window}));
  return out;
}

absl::StatusOr<CompareResult> MonitoringQueries::Compare(const CompareQuery& q) const {
  // With rows, statistics and rows come from one snapshot.
  std::optional<storage::ReadScope> scope;
  if (q.include_peers) scope.emplace(*store_);
  CompareResult out;
  ASSIGN_OR_RETURN(out.indicator, reader_.FindIndicator(q.indicator_code));
  const Indicator& ind = *out.indicator;
  if (q.period.empty()) return absl::InvalidArgumentError("a comparison needs a period");
  ASSIGN_OR_RETURN(out.period, ParsePeriodFor(q.period, ind.periodicity));
  ASSIGN_OR_RETURN(out.peers, peers_->Resolve(q.unit_key, q.peers, out.period));
  // Values only, matched to the peer codes by position: no unit keys are built for the peers.
  ASSIGN_OR_RETURN(
      std::vector<std::optional<double>> values,
      reader_.ReadPeerValues(ind, q.breakdown, out.period, out.peers.level, out.peers.codes));
  const std::vector<uint32_t>& codes = out.peers.codes;  // ascending, holds the unit itself
  const size_t self = static_cast<size_t>(
      std::lower_bound(codes.begin(), codes.end(), UnitCodeOf(out.peers.unit_key)) - codes.begin());
  out.rankings = RankingsFor(ind);
  auto cmp = analytics::ComparePeerValues(values, self, out.peers.unit_key, ind.polarity,
                                          {.rankings_enabled = out.rankings.enabled});
  if (!cmp.ok()) {
    return WithContext(cmp.status(), absl::StrCat(ind.code, " ", out.period.ToString(), " among ",
                                                  out.peers.description));
  }
  out.comparison = std::move(*cmp);
  if (q.include_peers) {
    ASSIGN_OR_RETURN(out.rows, PeerRows(q, out, values));
  }
  return out;
}

absl::StatusOr<std::vector<ComparePeerRow>> MonitoringQueries::PeerRows(
    const CompareQuery& q, const CompareResult& compared,
    const std::vector<std::optional<double>>& values) const {
  const Indicator& ind = *compared.indicator;
  const std::shared_ptr<const RegisterIndex> reg = Register();
  std::vector<ComparePeerRow> rows;
  rows.reserve(compared.peers.codes.size());
  analytics::CrossSection cross;
  cross.reserve(compared.peers.codes.size());
  for (size_t i = 0; i < compared.peers.codes.size(); ++i) {
    const RegisterIndex::Entry* e = reg->Find(compared.peers.codes[i]);
    if (e == nullptr) {
      return absl::InternalError(
          absl::StrCat("peer code ", compared.peers.codes[i], " is not in the register"));
    }
    rows.push_back(ComparePeerRow{.unit_key = e->key, .name = e->name});
    cross.push_back({e->key, values[i]});
  }
  // Ranks over exactly the values the statistics used (suppressed = missing), as the league
  // table ranks them; rows are in code order, which is key order within a level.
  if (compared.rankings.enabled) {
    ASSIGN_OR_RETURN(std::vector<analytics::RankedUnit> ranked,
                     analytics::RankCrossSection(cross, ind.polarity));
    for (const analytics::RankedUnit& r : ranked) {
      auto it = std::lower_bound(rows.begin(), rows.end(), r.unit_key,
                                 [](const ComparePeerRow& row, const std::string& key) {
                                   return row.unit_key < key;
                                 });
      if (it != rows.end() && it->unit_key == r.unit_key) it->rank = r.rank;
    }
  }
  // The stored observations (value and flags), read as GetSeries reads them.
  const std::string period = compared.period.ToString();
  for (size_t at = 0; at < rows.size(); at += kMaxSeriesUnits) {
    SeriesQuery sq{.indicator_code = ind.code,
                   .breakdown = q.breakdown,
                   .from_period = period,
                   .to_period = period};
    for (size_t i = at; i < rows.size() && i < at + kMaxSeriesUnits; ++i) {
      sq.unit_keys.push_back(rows[i].unit_key);
    }
    ASSIGN_OR_RETURN(std::vector<UnitSeries> read, reader_.Series(sq));
    for (const UnitSeries& s : read) {
      if (s.points.empty()) continue;
      auto it = std::lower_bound(rows.begin(), rows.end(), s.unit_key,
                                 [](const ComparePeerRow& row, const std::string& key) {
                                   return row.unit_key < key;
                                 });
      if (it == rows.end() || it->unit_key != s.unit_key) continue;
      const Observation& o = s.points.front();
      it->flags = o.flags;
      const bool suppressed = (o.flags & kFlagSuppressed) != 0;
      if (!suppressed || (q.reveals_suppressed && q.reveals_suppressed(it->unit_key))) {
        it->value = o.value;
      }
    }
  }
  return rows;
}

absl::StatusOr<TrajectoryResult> MonitoringQueries::Trajectory(const TrajectoryQuery& q) const {
  storage::ReadScope scope(*store_);
  TrajectoryResult out;
  ASSIGN_OR_RETURN(out.indicator, reader_.FindIndicator(q.indicator_code));
  const Indicator& ind = *out.indicator;
  ASSIGN_OR_RETURN(UnitKey unit, ParseUnitKey(q.unit_key));
  // The range as given, or the unit's first..last stored period.
  ASSIGN_OR_RETURN(PeriodSeries own, reader_.ReadPeriodSeries(ind, unit.key, q.breakdown,
                                                              q.from_period, q.to_period));
  out.periods = std::move(own.periods);
  if (out.periods.empty()) {
    return absl::NotFoundError(absl::StrCat("unit ", unit.key, " has no value for ", ind.code,
                                            "; give a period range (from, to)"));
  }
  std::vector<analytics::PeriodCrossSection> sections;
  sections.reserve(out.periods.size());
  for (Period p : out.periods) {
    ASSIGN_OR_RETURN(PeerSet peers, peers_->Resolve(unit.key, q.peers, p));
    ASSIGN_OR_RETURN(analytics::CrossSection cross,
                     reader_.ReadCrossSection(ind, q.breakdown, p, peers.level, peers.codes));
    sections.push_back({PeriodNumber(p), std::move(cross)});
    out.peer_description = std::move(peers.description);
  }
  out.rankings = RankingsFor(ind);
  ASSIGN_OR_RETURN(out.points,
                   analytics::RankTrajectory(sections, unit.key, ind.polarity,
                                             {.rankings_enabled = out.rankings.enabled}));
  return out;
}

absl::StatusOr<GapResult> MonitoringQueries::Gap(const GapQuery& q) const {
  if (q.gap_code.empty() == !q.definition.has_value()) {
    return absl::InvalidArgumentError(
        "name either a gap indicator or an ad-hoc gap definition (base, dimension, focus, "
        "reference, kind)");
  }
  GapResult out;
  if (!q.gap_code.empty()) {
    ASSIGN_OR_RETURN(auto ind, reader_.FindIndicator(q.gap_code));
    if (!ind->gap.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("indicator ", q.gap_code,
                       " is no gap indicator; create one with a gap definition or "
                       "give an ad-hoc definition"));
    }
    out.definition = *ind->gap;
    out.code = ind->code;
  } else {
    out.definition = *q.definition;
    Indicator probe{.code = "ADHOC_GAP", .name_de = "ad hoc", .gap = out.definition};
    RETURN_IF_ERROR(ValidateIndicator(probe));
  }
  const GapDefinition& def = out.definition;
  ASSIGN_OR_RETURN(auto base, reader_.FindIndicator(def.base));
  ASSIGN_OR_RETURN(UnitKey unit, ParseUnitKey(q.unit_key));
  ASSIGN_OR_RETURN(PeriodSeries focus,
                   reader_.ReadPeriodSeries(*base, unit.key, {{def.dimension, def.focus}},
                                            q.from_period, q.to_period));
  ASSIGN_OR_RETURN(PeriodSeries reference,
                   reader_.ReadPeriodSeries(*base, unit.key, {{def.dimension, def.reference}},
                                            q.from_period, q.to_period));
  ASSIGN_OR_RETURN(out.points,
                   analytics::ComputeGapSeries(focus.series, reference.series, def.kind));
  std::map<double, Period> period_of;
  for (const PeriodSeries* s : {&focus, &reference}) {
    for (size_t i = 0; i < s->periods.size(); ++i) period_of[s->series[i].period] = s->periods[i];
  }
  for (const analytics::GapPoint& p : out.points) out.periods.push_back(period_of.at(p.period));
  std::set<std::string> sources(focus.sources.begin(), focus.sources.end());
  sources.insert(reference.sources.begin(), reference.sources.end());
  out.sources.assign(sources.begin(), sources.end());
  out.parity = analytics::ParityValue(def.kind);
  if (!q.target_period.empty()) {
    ASSIGN_OR_RETURN(Period target, ParsePeriodFor(q.target_period, base->periodicity));
    analytics::Target parity{.target_period = PeriodNumber(target),
                             .target_value = out.parity,
                             .tolerance = q.tolerance};
    ASSIGN_OR_RETURN(
        out.parity_assessment,
        analytics::AssessTarget(analytics::GapAsSeries(out.points), parity, Polarity::kNeutral));
  }
  return out;
}

absl::StatusOr<std::vector<TargetStatusResult>> MonitoringQueries::TargetStatus(
    const std::string& indicator_code, const std::string& unit_key, const Breakdown& breakdown,
    const std::string& target_period) const {
  storage::ReadScope scope(*store_);
  std::vector<IndicatorTarget> targets;
  if (!target_period.empty()) {
    ASSIGN_OR_RETURN(IndicatorTarget t,
                     targets_->Get({indicator_code, unit_key, breakdown, target_period}));
    targets.push_back(std::move(t));
  } else {
    ASSIGN_OR_RETURN(targets, targets_->List(indicator_code, unit_key));
  }
  std::vector<TargetStatusResult> out;
  for (IndicatorTarget& t : targets) {
    TargetStatusResult r;
    ASSIGN_OR_RETURN(auto ind, reader_.FindIndicator(t.ref.indicator_code));
    ASSIGN_OR_RETURN(PeriodSeries series,
                     reader_.ReadPeriodSeries(*ind, t.ref.unit_key, t.ref.breakdown, "", ""));
    ASSIGN_OR_RETURN(Period target_period_parsed, ParsePeriod(t.ref.target_period));
    analytics::Target target{.target_period = PeriodNumber(target_period_parsed),
                             .target_value = t.target_value,
                             .tolerance = t.tolerance};
    if (!t.baseline_period.empty()) {
      ASSIGN_OR_RETURN(Period b, ParsePeriod(t.baseline_period));
      std::optional<double> value = t.baseline_value;
      if (!value.has_value()) {
        for (size_t i = 0; i < series.periods.size(); ++i) {
          if (series.periods[i] == b) value = series.series[i].value;
        }
      }
      if (value.has_value()) {
        target.baseline_period = PeriodNumber(b);
        target.baseline_value = value;
      } else {
        r.note = absl::StrCat("no value for baseline period ", t.baseline_period,
                              "; progress is measured from the first observed point");
      }
    }
    ASSIGN_OR_RETURN(r.assessment, analytics::AssessTarget(series.series, target, ind->polarity,
                                                           {.trend_points = t.trend_points}));
    r.target = std::move(t);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace integra::monitoring
