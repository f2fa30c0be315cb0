#include "bench/engine_workload.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"

namespace integra::bench {

// Built in the order integrad builds it (services/api/server.cc), destroyed in reverse.
struct EngineWorkload::Stack {
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<knowledge::KnowledgeStore> knowledge;
  std::unique_ptr<monitoring::UnitStore> units;
  std::unique_ptr<monitoring::IndicatorCatalog> catalog;
  std::unique_ptr<monitoring::ObservationStore> observations;
  std::unique_ptr<monitoring::PeerGroupStore> groups;
  std::unique_ptr<monitoring::ReformStore> reforms;
  std::unique_ptr<monitoring::PeerResolver> peers;
  std::unique_ptr<monitoring::TargetStore> targets;
  std::unique_ptr<monitoring::MonitoringQueries> queries;
};

EngineWorkload::~EngineWorkload() = default;

absl::StatusOr<std::unique_ptr<EngineWorkload>> EngineWorkload::Open(
    const std::string& data_dir, size_t cross_section_cache_bytes, const Dataset* data) {
  std::unique_ptr<EngineWorkload> w(new EngineWorkload());
  w->data_ = data;
  w->stack_ = std::make_unique<Stack>();
  Stack& s = *w->stack_;
  storage::Store::Options options;
  options.path = data_dir;
  ASSIGN_OR_RETURN(s.store, storage::Store::Open(options));
  ASSIGN_OR_RETURN(s.knowledge, knowledge::KnowledgeStore::Open(s.store.get()));
  ASSIGN_OR_RETURN(s.units, monitoring::UnitStore::Open(s.store.get()));
  ASSIGN_OR_RETURN(s.catalog, monitoring::IndicatorCatalog::Open(s.store.get(), s.knowledge.get()));
  ASSIGN_OR_RETURN(s.observations, monitoring::ObservationStore::Open(s.store.get(), s.units.get(),
                                                                      s.catalog.get()));
  ASSIGN_OR_RETURN(s.groups, monitoring::PeerGroupStore::Open(s.store.get(), s.units.get()));
  ASSIGN_OR_RETURN(s.reforms, monitoring::ReformStore::Open(s.store.get(), s.units.get()));
  s.peers = std::make_unique<monitoring::PeerResolver>(s.units.get(), s.groups.get());
  s.targets =
      std::make_unique<monitoring::TargetStore>(s.store.get(), s.units.get(), s.catalog.get());
  s.queries = std::make_unique<monitoring::MonitoringQueries>(
      s.store.get(), s.units.get(), s.catalog.get(), s.observations.get(), s.peers.get(),
      s.targets.get(), s.reforms.get(),
      monitoring::QueryOptions{.cross_section_cache_bytes = cross_section_cache_bytes});
  return w;
}

absl::StatusOr<PointAnswer> EngineWorkload::Point(const PointQuery& q) {
  ASSIGN_OR_RETURN(monitoring::Unit unit, stack_->units->Get(data_->units()[q.unit].key));
  return PointAnswer{unit.key};
}

absl::StatusOr<SeriesAnswer> EngineWorkload::Series(const SeriesQuery& q) {
  ASSIGN_OR_RETURN(
      std::vector<monitoring::UnitSeries> series,
      stack_->queries->reader().Series({.indicator_code = data_->indicators()[q.indicator].code,
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
      stack_->queries->Compare({.indicator_code = data_->indicators()[q.indicator].code,
                                .unit_key = data_->units()[q.unit].key,
                                .period = absl::StrCat(q.year),
                                .peers = {monitoring::PeerScope::kGroup, PeerGroupName(q.land)}}));
  const auto& pos = r.comparison.position;
  return PeerAnswer{r.comparison.distribution.n, r.comparison.distribution.median,
                    pos.has_value() && pos->percentile.defined() ? *pos->percentile.value : 50};
}

absl::StatusOr<RollupAnswer> EngineWorkload::Rollup(const RollupQuery& q) {
  ASSIGN_OR_RETURN(monitoring::RollUpResultSet r,
                   stack_->queries->RollUp({.indicator_code = data_->indicators()[q.indicator].code,
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
