#include "bench/engine_workload.h"

#include "absl/strings/str_cat.h"
#include "services/engine/engine.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/unit_store.h"
#include "storage/status_macros.h"
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

}  // namespace integra::bench
