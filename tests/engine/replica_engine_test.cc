// A read replica's Engine (EngineOptions::replica_of) beside a primary's in one process: after
// Engine::CatchUp every index the components keep in memory (unit register, indicator
// catalog, peer groups, reforms, the knowledge graph's generation, the change feed) shows what
// the primary wrote, and derived caches (graph snapshot, peer resolution) follow.
#include "absl/strings/str_cat.h"
#include "services/engine/engine.h"
#include "services/knowledge/graph_analytics.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "tests/monitoring/monitoring_fixture.h"

namespace integra::monitoring {
namespace {

constexpr std::chrono::milliseconds kNoWait{0};

class ReplicaEngineTest : public MonitoringFixture {
 protected:
  void OpenReplica() {
    ASSERT_OK_AND_ASSIGN(replica_, engine::Engine::Open({.data_dir = elsewhere_.Sub("replica"),
                                                         .replica_of = dir_.path()}));
    ASSERT_TRUE(replica_->is_replica());
  }
  testing::TempDir elsewhere_;
  std::unique_ptr<engine::Engine> replica_;
};

TEST_F(ReplicaEngineTest, ACatchUpRefreshesEveryInMemoryIndex) {
  ASSERT_NO_FATAL_FAILURE(OpenReplica());
  ASSERT_OK_AND_ASSIGN(auto graph_before, replica_->graph().Current());
  const size_t nodes_before = graph_before->nodes().size();
  // Warm the derived caches on the replica before the primary writes.
  ASSERT_OK(replica_->peers().Resolve("01001", {}, std::nullopt));

  CreateShareIndicators();
  ASSERT_OK_AND_ASSIGN(UnitBatchResult added,
                       units_->UpsertBatch({Unit{.key = "01002000",
                                                 .name = "Kiel",
                                                 .type = UnitType::kKreisfreieStadt,
                                                 .population = 247717}}));
  ASSERT_TRUE(added.applied);
  ASSERT_OK(groups_->Create({.name = "nord", .members = {"01001", "01002"}}, "tester"));
  ASSERT_OK(reforms_->Create({.id = "sh-2023-test",
                              .effective_date = "2023-01-01",
                              .changes = {{.predecessor = "01001000", .successor = "01002000"}}},
                             "tester"));
  ASSERT_OK(observations_->Put(Obs("BEV", "01001", "2022", 1000), "tester"));

  // Nothing of it before the catch-up.
  EXPECT_EQ(replica_->catalog().Find("BEV"), nullptr);
  EXPECT_FALSE(replica_->units().Get("01002000").ok());
  EXPECT_EQ(replica_->peer_groups().Find("nord"), nullptr);
  const uint64_t published_before = replica_->observations().notifier().published();

  ASSERT_OK_AND_ASSIGN(bool changed, replica_->CatchUp(kNoWait));
  EXPECT_TRUE(changed);
  ASSERT_NE(replica_->catalog().Find("AUSL_ANTEIL"), nullptr);
  EXPECT_EQ(replica_->catalog().Find("AUSL_ANTEIL")->id, catalog_->Find("AUSL_ANTEIL")->id);
  ASSERT_OK_AND_ASSIGN(Unit kiel, replica_->units().Get("01002000"));
  EXPECT_EQ(kiel.name, "Kiel");
  ASSERT_NE(replica_->peer_groups().Find("nord"), nullptr);
  ASSERT_OK_AND_ASSIGN(auto reforms, replica_->reforms().List("01001000"));
  ASSERT_EQ(reforms.size(), 1u);
  EXPECT_EQ(reforms[0].id, "sh-2023-test");
  EXPECT_EQ(replica_->observations().last_sequence(), observations_->last_sequence());
  EXPECT_GT(replica_->observations().notifier().published(), published_before);
  ASSERT_OK_AND_ASSIGN(auto graph_after, replica_->graph().Current());
  EXPECT_EQ(graph_after->nodes().size(), nodes_before + 3);  // the indicators' nodes
  ASSERT_OK_AND_ASSIGN(PeerSet nord,
                       replica_->peers().Resolve(
                           "01001", {.scope = PeerScope::kGroup, .group = "nord"}, std::nullopt));
  EXPECT_EQ(nord.codes.size(), 2u);

  ASSERT_OK_AND_ASSIGN(changed, replica_->CatchUp(kNoWait));
  EXPECT_FALSE(changed);
}

TEST_F(ReplicaEngineTest, RefusesWritesAndBackupsNamingThePrimary) {
  ASSERT_NO_FATAL_FAILURE(OpenReplica());
  const std::string refusal = absl::StrCat("this integrad is a read replica of ", dir_.path());
  EXPECT_STATUS(replica_->catalog().Create(Count("BEV", "Bevölkerung"), {}, "tester"),
                absl::StatusCode::kFailedPrecondition, refusal);
  EXPECT_STATUS(replica_->Backup({.backup_dir = elsewhere_.Sub("backups")}),
                absl::StatusCode::kFailedPrecondition, "back up the primary");
  EXPECT_EQ(catalog_->Find("BEV"), nullptr);
}

}  // namespace
}  // namespace integra::monitoring
