// A read replica's Engine (EngineOptions::replica_of) beside a primary's in one process: after
// Engine::CatchUp every index the components keep in memory (unit register, indicator
// catalog, peer groups, reforms, the knowledge graph's generation, the change feed) shows what
// the primary wrote, and derived caches (graph snapshot, peer resolution) follow.
#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/engine/engine.h"
#include "services/engine/replica_follower.h"
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

// The follower's thread catches up every 2 ms (and CatchUpNow beside it) while two readers read
// the replica's unit register: each read sees one state of the primary (both units of a batch
// or neither), never older than the one before, and the last write arrives. Also the test that
// ThreadSanitizer runs over the follower (deploy/test-tsan.sh, backup_test).
TEST_F(ReplicaEngineTest, AFollowerCatchesUpBesideReadersThatEachSeeOneState) {
  ASSERT_NO_FATAL_FAILURE(OpenReplica());
  std::atomic<int> unhealthy_reports{0};
  engine::ReplicaFollower follower(replica_.get(), std::chrono::milliseconds(2), [&](bool healthy) {
    if (!healthy) ++unhealthy_reports;
  });
  constexpr int64_t kWrites = 120;
  std::atomic<bool> done{false};
  std::atomic<int> torn{0}, backwards{0};
  std::atomic<int64_t> reads{0}, newest_seen{0};
  auto reader = [&] {
    int64_t last = 0;  // the batch number last seen (0: the fixture's state)
    for (int i = 0; i < 20 || !done.load(); ++i) {
      uint64_t generation = 0;
      int64_t fl = -1, ki = -1;
      for (const Unit& u : replica_->units().Snapshot(&generation)) {
        if (u.key == "01001") fl = u.population.value_or(-1);
        if (u.key == "01002") ki = u.population.value_or(-1);
      }
      const bool initial = fl == 92550 && ki == 247717;
      if (!initial && fl != ki) ++torn;
      const int64_t now = initial ? 0 : fl;
      if (now < last) ++backwards;
      last = now;
      ++reads;
      int64_t seen = newest_seen.load();
      while (now > seen && !newest_seen.compare_exchange_weak(seen, now)) {
      }
    }
  };
  std::vector<std::thread> readers;
  readers.reserve(2);
  for (int r = 0; r < 2; ++r) readers.emplace_back(reader);
  for (int64_t n = 1; n <= kWrites; ++n) {
    ASSERT_OK_AND_ASSIGN(UnitBatchResult r,
                         units_->UpsertBatch({Unit{.key = "01001",
                                                   .name = "Flensburg, Stadt",
                                                   .type = UnitType::kKreisfreieStadt,
                                                   .population = n},
                                              Unit{.key = "01002",
                                                   .name = "Kiel",
                                                   .type = UnitType::kKreisfreieStadt,
                                                   .population = n}}));
    ASSERT_TRUE(r.applied);
    if (n % 40 == 0) {
      ASSERT_OK(follower.CatchUpNow(std::chrono::seconds(5)).status());
    }
  }
  // The last write reaches the readers through the follower's own ticks.
  while (newest_seen.load() < kWrites && follower.state().catch_ups_failed == 0) {
    std::this_thread::yield();
  }
  done = true;
  for (std::thread& t : readers) t.join();
  follower.Stop();

  EXPECT_EQ(newest_seen.load(), kWrites);
  EXPECT_EQ(torn.load(), 0) << "reads that saw one unit of a batch without the other";
  EXPECT_EQ(backwards.load(), 0) << "reads older than the read before on the same thread";
  EXPECT_GE(reads.load(), 40);
  const engine::ReplicaState state = follower.state();
  EXPECT_EQ(state.catch_ups_failed, 0u) << state.last_status;
  EXPECT_GE(state.catch_ups_ok, 3u);  // the three CatchUpNow at least
  EXPECT_EQ(state.sequence, replica_->store().LatestSequence());
  EXPECT_EQ(unhealthy_reports.load(), 0);
}

}  // namespace
}  // namespace integra::monitoring
