#include "bench/engine_workload.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/engine/engine.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/unit_store.h"
#include "services/scorecard/scorecard_builder.h"
#include "storage/store.h"

namespace integra::bench {

EngineWorkload::~EngineWorkload() = default;

absl::StatusOr<std::unique_ptr<EngineWorkload>> EngineWorkload::Open(
    const std::string& data_dir, size_t cross_section_cache_bytes, const Dataset* data) {
  std::unique_ptr<EngineWorkload> w(new EngineWorkload());
  w->data_ = data;
  engine::EngineOptions options;  // as integrad opens it (services/api/server.cc)
  options.data_dir = data_dir;
  options.block_cache_bytes = (256ull << 20) + cross_section_cache_bytes;
  ASSIGN_OR_RETURN(w->engine_, engine::Engine::Open(options));
  return w;
}

absl::StatusOr<PointAnswer> EngineWorkload::Point(const PointQuery& q) {
  ASSIGN_OR_RETURN(monitoring::Unit unit, engine_->units().Get(data_->units()[q.unit].key));
  return PointAnswer{unit.key};
}

absl::StatusOr<SeriesAnswer> EngineWorkload::Series(const SeriesQuery& q) {
  ASSIGN_OR_RETURN(
      std::vector<monitoring::UnitSeries> series,
      engine_->queries().reader().Series({.indicator_code = data_->indicators()[q.indicator].code,
                                        .unit_keys = {data_->units()[q.unit].key}}));
  SeriesAnswer a;
  for (const monitoring::UnitSeries& s : series) {
    for (const monitoring::Observation& o : s.points) {
      ++a.points;
      a.sum += o.value.value_or(0);
    }
  }
  return a;
}

absl::StatusOr<PeerAnswer> EngineWorkload::Peer(const PeerQuery& q) {
  ASSIGN_OR_RETURN(
      monitoring::CompareResult r,
      engine_->queries().Compare({.indicator_code = data_->indicators()[q.indicator].code,
                                .unit_key = data_->units()[q.unit].key,
                                .period = absl::StrCat(q.year),
                                .peers = {monitoring::PeerScope::kGroup, PeerGroupName(q.land)}}));
  const auto& pos = r.comparison.position;
  return PeerAnswer{r.comparison.distribution.n, r.comparison.distribution.median,
                    pos.has_value() && pos->percentile.defined() ? *pos->percentile.value : 50};
}

absl::StatusOr<RollupAnswer> EngineWorkload::Rollup(const RollupQuery& q) {
  ASSIGN_OR_RETURN(monitoring::RollUpResultSet r,
                   engine_->queries().RollUp({.indicator_code = data_->indicators()[q.indicator].code,
                                            .period = absl::StrCat(q.year),
                                            .level = monitoring::UnitLevel::kKreis}));
  RollupAnswer a;
  for (const monitoring::RollUpRow& row : r.rows) {
    if (!row.values.computed.defined()) continue;
    ++a.kreise;
    a.sum += *row.values.computed.value;
  }
  return a;
}

absl::StatusOr<BandAnswer> EngineWorkload::Band(const BandQuery& q) {
  ASSIGN_OR_RETURN(
      monitoring::BandResult r,
      engine_->queries().PeerBand(
          {.indicator_code = data_->indicators()[q.indicator].code,
           .unit_key = data_->units()[q.unit].key,
           .from_period = absl::StrCat(Dataset::kFirstYear),
           .to_period = absl::StrCat(Dataset::kFirstYear + Dataset::kYears - 1),
           .peers = {monitoring::PeerScope::kGroup, PeerGroupName(q.land)}}));
  BandAnswer a;
  for (const monitoring::BandPoint& p : r.points) {
    a.points.push_back({p.period.year, p.value.has_value(), p.value.value_or(0), p.n,
                        p.q1.value_or(0), p.median.value_or(0), p.q3.value_or(0)});
  }
  return a;
}

absl::StatusOr<ScorecardAnswer> EngineWorkload::Scorecard(const ScorecardQuery& q) {
  ASSIGN_OR_RETURN(scorecard::Scorecard card,
                   engine_->scorecards().Build({.unit_key = data_->units()[q.unit].key,
                                              .period = absl::StrCat(q.year),
                                              .peers = {monitoring::PeerScope::kGroup,
                                                        PeerGroupName(q.land)}}));
  std::map<std::string, ScorecardAnswer::Row> rows;
  for (const scorecard::FieldCard& field : card.fields) {
    for (const scorecard::IndicatorCard& c : field.indicators) {
      if (c.code.empty() || !c.current.value.has_value()) continue;
      rows[c.code] = {c.code,
                      *c.current.value,
                      c.position.n,
                      c.position.median,
                      c.position.percentile.value_or(50),
                      c.trend.slope.has_value(),
                      c.trend.slope.value_or(0)};
    }
  }
  ScorecardAnswer a;
  for (auto& [code, row] : rows) a.rows.push_back(std::move(row));
  return a;
}

absl::StatusOr<LeagueAnswer> EngineWorkload::League(const LeagueQuery& q) {
  ASSIGN_OR_RETURN(monitoring::LeagueResult r,
                   engine_->queries().LeagueTable(
                       {.indicator_code = data_->indicators()[q.indicator].code,
                        .period = absl::StrCat(q.year),
                        .level = monitoring::UnitLevel::kKreis}));
  LeagueAnswer a;
  for (const monitoring::LeagueRow& row : r.rows) {
    a.ranks.emplace_back(row.rank, row.unit_key);
    a.sum += row.value;
  }
  return a;
}

}  // namespace integra::bench
