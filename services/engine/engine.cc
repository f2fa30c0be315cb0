#include "services/engine/engine.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/knowledge/graph_analytics.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/import_jobs.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/measure_evaluation.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/register_edition.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "services/scorecard/scorecard_builder.h"
#include "services/security/token_store.h"

namespace integra::engine {

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options) {
  std::unique_ptr<Engine> e(new Engine());
  e->options_ = options;
  storage::Store::Options store_options;
  store_options.path = options.data_dir;
  store_options.sync_writes = options.sync_writes;
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.secondary_of = options.replica_of;
  ASSIGN_OR_RETURN(e->store_, storage::Store::Open(store_options));
  storage::Store* store = e->store_.get();
  ASSIGN_OR_RETURN(e->knowledge_, knowledge::KnowledgeStore::Open(store, options.clock));
  e->graph_ = std::make_unique<knowledge::GraphAnalytics>(e->knowledge_.get());
  ASSIGN_OR_RETURN(e->units_, monitoring::UnitStore::Open(store));
  // A unit's strategy (goals, measures) names its unit: it must be in the register.
  e->knowledge_->SetOwnerValidator([units = e->units_.get()](const std::string& owner) {
    absl::StatusOr<monitoring::Unit> unit = units->Get(owner);
    if (unit.ok()) return absl::OkStatus();
    if (unit.status().code() == absl::StatusCode::kNotFound) {
      return absl::InvalidArgumentError(absl::StrCat(
          "owner '", owner, "' is not a unit of the register; load the units first"));
    }
    return unit.status();
  });
  ASSIGN_OR_RETURN(e->catalog_, monitoring::IndicatorCatalog::Open(store, e->knowledge_.get(), options.clock));
  // Migrates an older schema before anything reads observations.
  ASSIGN_OR_RETURN(e->observations_,
                   monitoring::ObservationStore::Open(store, e->units_.get(), e->catalog_.get(),
                                                    options.clock));
  ASSIGN_OR_RETURN(e->import_jobs_,
                   monitoring::ImportJobStore::Open(store, e->observations_.get(), options.clock));
  ASSIGN_OR_RETURN(e->peer_groups_, monitoring::PeerGroupStore::Open(store, e->units_.get(), options.clock));
  ASSIGN_OR_RETURN(e->reforms_, monitoring::ReformStore::Open(store, e->units_.get(), options.clock));
  e->register_editions_ = std::make_unique<monitoring::RegisterEditionImporter>(
      store, e->units_.get(), e->catalog_.get(), e->observations_.get());
  e->peers_ = std::make_unique<monitoring::PeerResolver>(e->units_.get(), e->peer_groups_.get());
  e->targets_ =
      std::make_unique<monitoring::TargetStore>(store, e->units_.get(), e->catalog_.get(),
                                                  options.clock);
  e->queries_ = std::make_unique<monitoring::MonitoringQueries>(
      store, e->units_.get(), e->catalog_.get(), e->observations_.get(), e->peers_.get(),
      e->targets_.get(), e->reforms_.get(), monitoring::QueryOptions{options.rankings_enabled});
  e->evaluator_ = std::make_unique<monitoring::MeasureEvaluator>(
      e->knowledge_.get(), e->units_.get(), e->peers_.get(), e->queries_.get());
  e->scorecards_ = std::make_unique<scorecard::ScorecardBuilder>(
      e->knowledge_.get(), e->units_.get(), e->catalog_.get(), e->peers_.get(), e->targets_.get(),
      e->queries_.get(), e->evaluator_.get(),
      scorecard::ScorecardOptions{options.rankings_enabled});
  e->tokens_ = std::make_unique<security::TokenStore>(store, options.clock);
  return e;
}

Engine::~Engine() = default;

absl::StatusOr<bool> Engine::CatchUp(std::chrono::milliseconds max_wait) {
  ASSIGN_OR_RETURN(const bool changed, store_->CatchUp(max_wait));
  const storage::WriteLock lock = store_->LockWrites();
  refresh_pending_ = refresh_pending_ || changed;
  if (!refresh_pending_) return false;
  RETURN_IF_ERROR(knowledge_->Refresh(lock));
  RETURN_IF_ERROR(units_->Refresh(lock));
  RETURN_IF_ERROR(catalog_->Refresh(lock));
  RETURN_IF_ERROR(peer_groups_->Refresh(lock));
  RETURN_IF_ERROR(reforms_->Refresh(lock));
  // Last: the watchers it wakes read the observations with everything else current.
  RETURN_IF_ERROR(observations_->Refresh(lock));
  refresh_pending_ = false;
  return true;
}

absl::StatusOr<storage::BackupResult> Engine::Backup(const storage::BackupRequest& request) const {
  if (is_replica()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "this integrad is a read replica of ", options_.replica_of,
        ": back up the primary (integra admin backup against the primary's address)"));
  }
  ASSIGN_OR_RETURN(storage::BackupResult result, store_->CreateBackup(request));
  const storage::WriteLock lock = store_->LockWrites();
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(storage::Family::kMeta, "last_backup",
            absl::StrCat("backup ", result.backup.id, " in ", request.backup_dir, " at ",
                         result.backup.created_seconds, ": ", result.backup.size_bytes, " bytes, ",
                         result.backup.file_count, " files"));
  absl::Status recorded = store_->Write(batch);
  if (!recorded.ok()) {
    return absl::Status(recorded.code(),
                        absl::StrCat("backup ", result.backup.id, " in ", request.backup_dir,
                                     " was made, but recording it failed: ", recorded.message()));
  }
  return result;
}

}  // namespace integra::engine
