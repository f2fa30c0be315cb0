// The domain of one data dir opened through the composition root (engine::Engine), as integrad
// and the bench open it, with short names for its parts. Test fixtures inherit it beside
// ::testing::Test, call OpenEngine (again, to reopen: the previous engine is closed first) and
// CloseEngine in TearDown: a base class outlives the fixture's own members, so the engine must
// be closed before the fixture's temp dir and clock go.
#pragma once

#include <memory>

#include "gtest/gtest.h"
#include "services/engine/engine.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/register_edition.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "services/scorecard/scorecard_builder.h"
#include "tests/testing/status_matchers.h"

namespace integra::testing {

class EngineParts {
 protected:
  // Opens the engine (a small block cache unless the options say otherwise) and points the
  // parts at it. Fails the test if it cannot be opened.
  void OpenEngine(engine::EngineOptions options) {
    engine_.reset();
    if (options.block_cache_bytes == engine::EngineOptions{}.block_cache_bytes) {
      options.block_cache_bytes = 8 << 20;
    }
    ASSERT_OK_AND_ASSIGN(engine_, engine::Engine::Open(options));
    store_ = &engine_->store();
    knowledge_ = &engine_->knowledge();
    units_ = &engine_->units();
    catalog_ = &engine_->catalog();
    observations_ = &engine_->observations();
    groups_ = &engine_->peer_groups();
    reforms_ = &engine_->reforms();
    editions_ = &engine_->register_editions();
    peers_ = &engine_->peers();
    targets_ = &engine_->targets();
    queries_ = &engine_->queries();
    builder_ = &engine_->scorecards();
  }

  void CloseEngine() { engine_.reset(); }

  std::unique_ptr<engine::Engine> engine_;
  // Owned by engine_.
  storage::Store* store_ = nullptr;
  knowledge::KnowledgeStore* knowledge_ = nullptr;
  monitoring::UnitStore* units_ = nullptr;
  monitoring::IndicatorCatalog* catalog_ = nullptr;
  monitoring::ObservationStore* observations_ = nullptr;
  monitoring::PeerGroupStore* groups_ = nullptr;
  monitoring::ReformStore* reforms_ = nullptr;
  monitoring::RegisterEditionImporter* editions_ = nullptr;
  monitoring::PeerResolver* peers_ = nullptr;
  monitoring::TargetStore* targets_ = nullptr;
  monitoring::MonitoringQueries* queries_ = nullptr;
  scorecard::ScorecardBuilder* builder_ = nullptr;
};

}  // namespace integra::testing
