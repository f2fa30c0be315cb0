// IndicatorCatalog: the persisted indicator catalog, mirrored in memory and kept consistent with
// the knowledge graph.
//
// Storage: family `indicators`, key Str(code) -> indicator record (format version 3, versions 1
// and 2 still read; field order in indicator_catalog.cc) holding the interned 4-byte id that observation keys use; meta key
// "mon_next_indicator_id" holds the next id (ids are never reused, so a change-feed entry of a
// deleted indicator can never be mistaken for a later one).
//
// Graph consistency: every indicator is an INDICATOR node "ind.<code lower-case>" with MEASURES
// edges to the action fields (or recommendations) named on creation. Creating an indicator writes
// catalog record, node, edges and audit records in ONE WriteBatch (KnowledgeStore's staged
// changes); deleting one removes record, node, edges and (see ObservationStore::DeleteIndicator)
// its observations in one batch. The catalog installs a KnowledgeStore deletion guard, so a
// catalog-owned node cannot be deleted through the knowledge API alone. Which action fields an
// indicator measures is read from the graph (the single source of truth): `kb link`/`kb unlink`
// of MEASURES edges are reflected by Get.
//
// Lock order: ObservationStore write lock -> catalog write lock -> KnowledgeStore write lock.
// Thread-safety: thread-safe; writers hold the Store's one write lock (storage::WriteLock);
// lookups (Find) take a shared lock and do no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicators.h"
#include "storage/store.h"

namespace integra::monitoring {

// Decodes one stored record of this family, key and value, as Open does (integrad verify).
// DataLoss / InvalidArgument naming what does not decode.
absl::Status CheckStoredIndicator(std::string_view key, std::string_view value);

struct IndicatorInfo {
  Indicator indicator;
  std::vector<std::string> measured_node_ids;  // targets of its MEASURES edges, in id order
};

struct IndicatorPage {
  std::vector<Indicator> indicators;
  std::string next_page_token;
};

class IndicatorCatalog;

// A catalog deletion staged into a caller's batch (see StageDeletion), with the knowledge store's
// staged change. The caller holds the Store's write lock until Finish. Move-only; one thread.
class StagedCatalogDeletion {
 public:
  StagedCatalogDeletion(StagedCatalogDeletion&& other) noexcept;
  ~StagedCatalogDeletion();
  void Finish(const absl::Status& write_status);

 private:
  friend class IndicatorCatalog;
  StagedCatalogDeletion(IndicatorCatalog* catalog, std::string code,
                        std::optional<knowledge::StagedGraphChange> graph);
  IndicatorCatalog* catalog_;
  std::string code_;
  std::optional<knowledge::StagedGraphChange> graph_;  // empty if the node was already gone
  bool finished_ = false;
};

class IndicatorCatalog {
 public:
  // Loads the catalog and installs the deletion guard on `knowledge` (removed by the
  // destructor). DataLoss if a stored record is unreadable. `knowledge` and `clock` (creation
  // stamps) must outlive the catalog.
  static absl::StatusOr<std::unique_ptr<IndicatorCatalog>> Open(
      storage::Store* store, knowledge::KnowledgeStore* knowledge,
      const common::Clock* clock = &common::SystemClock());
  ~IndicatorCatalog();
  // Reads the stored state again, replacing what was loaded at Open: on a read replica after
  // each catch-up with its primary (engine::Engine::CatchUp), which holds the store's write lock
  // (Internal without it). Errors of Open.
  absl::Status Refresh(const storage::WriteLock& lock);

  // Creates an indicator with its graph node and MEASURES edges to `measured_node_ids`.
  // A RATIO aggregation with scale 0 gets the unit's default scale (100 for percent).
  // InvalidArgument (see ValidateIndicator; aggregation naming an unknown indicator; a gap whose
  // base is unknown, a gap itself, or lacks the dimension or values; a measured node of the
  // wrong type), AlreadyExists (code or node id taken), NotFound (measured node missing).
  // Returns the stored indicator (with id and creation time).
  absl::StatusOr<Indicator> Create(Indicator indicator,
                                   const std::vector<std::string>& measured_node_ids,
                                   const std::string& actor);
  // InvalidArgument for a malformed code, NotFound if absent.
  absl::StatusOr<IndicatorInfo> Get(const std::string& code) const;
  // Indicators in code order. page_size 0 means 100; max 1000.
  absl::StatusOr<IndicatorPage> List(int page_size, const std::string& page_token) const;

  // Lock-shared lookups for the observation write path; nullptr if absent.
  std::shared_ptr<const Indicator> Find(const std::string& code) const;
  std::shared_ptr<const Indicator> FindById(uint32_t id) const;

  // Appends deletion of the catalog record, the graph node and its edges to `batch`.
  // NotFound if absent; FailedPrecondition if another indicator's aggregation names it or a gap
  // indicator is based on it.
  // Used by ObservationStore::DeleteIndicator, which adds the observations' deletion; the
  // caller holds `write_lock` (the Store's write lock) until Finish. Internal if it does not.
  absl::StatusOr<StagedCatalogDeletion> StageDeletion(const storage::WriteLock& write_lock,
                                                      storage::WriteBatch& batch,
                                                      const std::string& code,
                                                      const std::string& actor);

 private:
  friend class StagedCatalogDeletion;
  IndicatorCatalog(storage::Store* store, knowledge::KnowledgeStore* knowledge,
                   const common::Clock* clock)
      : store_(store), knowledge_(knowledge), clock_(clock) {}
  // The stored catalog, without the deletion guard (Open installs it).
  static absl::StatusOr<std::unique_ptr<IndicatorCatalog>> Load(
      storage::Store* store, knowledge::KnowledgeStore* knowledge, const common::Clock* clock);
  absl::Status GuardNode(const knowledge::Node& node) const;
  // A gap indicator's base must exist, be no gap itself and declare the dimension and both
  // values; sets the gap's periodicity to the base's. Caller holds mu_ (shared).
  absl::Status CheckGapBase(Indicator& ind) const;

  storage::Store* store_;
  knowledge::KnowledgeStore* knowledge_;
  const common::Clock* clock_;
  // Writers (Create, StageDeletion..Finish) hold the Store's write lock; mu_ lets lookups read
  // the maps while a writer updates them.
  mutable std::shared_mutex mu_;  // guards the maps and next_id_
  std::map<std::string, std::shared_ptr<const Indicator>> by_code_;
  std::unordered_map<uint32_t, std::shared_ptr<const Indicator>> by_id_;
  uint32_t next_id_ = 1;
  // Node ids owned by the catalog, for the deletion guard (which runs under the write lock).
  mutable std::mutex node_ids_mu_;
  std::set<std::string> node_ids_;
  bool guards_knowledge_ = false;  // Open installed the deletion guard (Load's copies do not)
};

}  // namespace integra::monitoring
