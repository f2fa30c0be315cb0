// Engine: the composition root of integra's domain. Opens the Store of one data dir and wires
// the knowledge base, the unit register, the indicator catalog, observations, peer groups,
// reforms, the register edition importer, targets, import jobs, the analytical queries, the
// measure evaluator, the scorecard and the API tokens ONCE, in dependency order; integrad, the
// tests and the benchmark all get the domain from here.
//
// Opening migrates an older schema (storage/store.h kSchemaVersion; see
// services/monitoring/schema_migration.h) before anything reads the data.
//
// Thread-safety: the Engine itself is immutable after Open; every component it hands out is
// thread-safe as its own header says. Destroy it only when no call is running.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "storage/backup.h"
#include "storage/store.h"

namespace integra::knowledge {
class GraphAnalytics;
class KnowledgeStore;
}  // namespace integra::knowledge
namespace integra::monitoring {
class UnitStore;
class IndicatorCatalog;
class ObservationStore;
class PeerGroupStore;
class PeerResolver;
class TargetStore;
class ReformStore;
class RegisterEditionImporter;
class MonitoringQueries;
class MeasureEvaluator;
class ImportJobStore;
}  // namespace integra::monitoring
namespace integra::scorecard {
class ScorecardBuilder;
}  // namespace integra::scorecard
namespace integra::security {
class TokenStore;
}  // namespace integra::security

namespace integra::engine {

struct EngineOptions {
  std::string data_dir = "./var/integra";
  // A read replica of the data dir at this path (storage::Store::Options::secondary_of):
  // data_dir is then the replica's own dir; nothing can be written and CatchUp reads what the
  // primary wrote since. "" (default): a primary.
  std::string replica_of;
  bool sync_writes = false;  // fsync the WAL on every write (see storage::Store::Options)
  // false: no comparison anywhere shows a rank or league table (integrad --no-rankings).
  bool rankings_enabled = true;
  // RocksDB block cache; the packed cross-sections that comparisons, roll-ups and league tables
  // read live there (integrad --cross-section-cache-mb adds to the default 256 MiB + 64 MiB).
  size_t block_cache_bytes = (256ull + 64ull) << 20;
  // Stamps creation, update and recording times everywhere (tests pass a ManualClock). Must
  // outlive the Engine.
  const common::Clock* clock = &common::SystemClock();
};

class Engine {
 public:
  // Opens (creating if missing) the data dir and wires the domain. Errors of storage::Store::Open
  // (FailedPrecondition: locked, newer schema), DataLoss/Internal when stored records do not load.
  static absl::StatusOr<std::unique_ptr<Engine>> Open(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  storage::Store& store() const { return *store_; }
  knowledge::KnowledgeStore& knowledge() const { return *knowledge_; }
  knowledge::GraphAnalytics& graph() const { return *graph_; }
  monitoring::UnitStore& units() const { return *units_; }
  monitoring::IndicatorCatalog& catalog() const { return *catalog_; }
  monitoring::ObservationStore& observations() const { return *observations_; }
  monitoring::ImportJobStore& import_jobs() const { return *import_jobs_; }
  monitoring::PeerGroupStore& peer_groups() const { return *peer_groups_; }
  monitoring::ReformStore& reforms() const { return *reforms_; }
  monitoring::RegisterEditionImporter& register_editions() const { return *register_editions_; }
  monitoring::PeerResolver& peers() const { return *peers_; }
  monitoring::TargetStore& targets() const { return *targets_; }
  monitoring::MonitoringQueries& queries() const { return *queries_; }
  monitoring::MeasureEvaluator& evaluator() const { return *evaluator_; }
  scorecard::ScorecardBuilder& scorecards() const { return *scorecards_; }
  security::TokenStore& tokens() const { return *tokens_; }
  const EngineOptions& options() const { return options_; }

  // Backs the whole data dir up into request.backup_dir while writes continue (storage/backup.h:
  // every family, one consistent point; `keep` purges older backups), then records it in the
  // meta family ("last_backup") with a write that carries the calling thread's AuditScope
  // record, so the audit trail says who backed up where. Errors of Store::CreateBackup:
  // InvalidArgument (a relative path, a dir inside the data dir), ResourceExhausted (the
  // backup's disk is full), FailedPrecondition (cannot create the dir).
  absl::StatusOr<storage::BackupResult> Backup(const storage::BackupRequest& request) const;

  // A read replica: reads what the primary has written since the last catch-up
  // (storage::Store::CatchUp, waiting up to `max_wait` for open snapshots), then, if anything
  // was new, re-reads every in-memory index the components loaded at Open (units, catalog,
  // peer groups, reforms, the knowledge base's generation, the change feed's last sequence,
  // whose watchers are woken), under the store's write lock as a write on a primary would
  // update them. Derived caches (register snapshot, unit search, peer resolutions, graph
  // snapshot, scorecard links) are keyed by those generations, objects or stored versions and
  // rebuild on their next use. Returns whether anything was new. A refresh that fails is
  // retried by the next call. Errors: those of Store::CatchUp (FailedPrecondition on a primary,
  // Unavailable, RocksDB's), DataLoss when a stored record does not load.
  absl::StatusOr<bool> CatchUp(std::chrono::milliseconds max_wait);
  bool is_replica() const { return !options_.replica_of.empty(); }

 private:
  Engine() = default;
  EngineOptions options_;
  // Declaration order is construction order; destruction runs backwards, so every component
  // goes before what it points to (the catalog guards knowledge nodes: it goes before them).
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<knowledge::KnowledgeStore> knowledge_;
  std::unique_ptr<knowledge::GraphAnalytics> graph_;
  std::unique_ptr<monitoring::UnitStore> units_;
  std::unique_ptr<monitoring::IndicatorCatalog> catalog_;
  std::unique_ptr<monitoring::ObservationStore> observations_;
  std::unique_ptr<monitoring::ImportJobStore> import_jobs_;
  std::unique_ptr<monitoring::PeerGroupStore> peer_groups_;
  std::unique_ptr<monitoring::ReformStore> reforms_;
  std::unique_ptr<monitoring::RegisterEditionImporter> register_editions_;
  std::unique_ptr<monitoring::PeerResolver> peers_;
  std::unique_ptr<monitoring::TargetStore> targets_;
  std::unique_ptr<monitoring::MonitoringQueries> queries_;
  std::unique_ptr<monitoring::MeasureEvaluator> evaluator_;
  std::unique_ptr<scorecard::ScorecardBuilder> scorecards_;
  std::unique_ptr<security::TokenStore> tokens_;
  bool refresh_pending_ = false;  // a replica's store caught up, its indexes not yet; write lock
};

}  // namespace integra::engine
