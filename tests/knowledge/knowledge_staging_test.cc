// KnowledgeStore changes staged into a caller's WriteBatch (used by the indicator catalog), under
// the caller's hold of the Store's one write lock.
#include <future>
#include <optional>

#include "gtest/gtest.h"
#include "services/knowledge/knowledge_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::knowledge {
namespace {

class KnowledgeStagingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(store_, storage::Store::Open({.path = dir_.path()}));
    ASSERT_OK_AND_ASSIGN(ks_, KnowledgeStore::Open(store_.get()));
    ASSERT_OK(ks_->CreateNode(
        {.id = "af.arbeit", .type = NodeType::kActionField, .title_de = "Arbeit"}, "t"));
  }
  Node Indicator(const std::string& id) {
    return Node{.id = id, .type = NodeType::kIndicator, .title_de = "Indikator " + id};
  }
  testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<KnowledgeStore> ks_;
};

TEST_F(KnowledgeStagingTest, StagedNodeAppearsOnlyWithTheCallersWrite) {
  std::optional<storage::WriteLock> lock(store_->LockWrites());
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(storage::Family::kIndicators, "caller-key", "caller-value");
  ASSERT_OK_AND_ASSIGN(StagedGraphChange staged,
                       ks_->StageIndicatorNode(*lock, batch, Indicator("ind.sgb2"), {"af.arbeit"}, "t"));
  EXPECT_FALSE(ks_->GetNode("ind.sgb2").ok());  // not yet written
  absl::Status written = store_->Write(batch);
  staged.Finish(written);
  lock.reset();
  ASSERT_OK(written);
  ASSERT_OK(ks_->GetNode("ind.sgb2"));
  ASSERT_OK_AND_ASSIGN(auto edge, ks_->GetEdge("ind.sgb2", EdgeType::kMeasures, "af.arbeit"));
  EXPECT_TRUE(edge.has_value());
  ASSERT_OK_AND_ASSIGN(auto caller, store_->Get(storage::Family::kIndicators, "caller-key"));
  EXPECT_EQ(caller, "caller-value");
  // Audit sequences stay contiguous across staged and ordinary changes.
  ASSERT_OK(ks_->CreateNode(
      {.id = "af.sprache", .type = NodeType::kActionField, .title_de = "Sprache"}, "t"));
  ASSERT_OK_AND_ASSIGN(auto history, ks_->History("af.sprache"));
  ASSERT_OK_AND_ASSIGN(auto arbeit, ks_->History("af.arbeit"));
  EXPECT_EQ(history.back().sequence, arbeit.back().sequence + 1);
}

TEST_F(KnowledgeStagingTest, ValidatesBeforeAppending) {
  storage::WriteLock lock = store_->LockWrites();
  storage::WriteBatch batch = store_->NewBatch();
  Node not_indicator = Indicator("ind.x");
  not_indicator.type = NodeType::kMeasure;
  EXPECT_STATUS(ks_->StageIndicatorNode(lock, batch, not_indicator, {}, "t"),
                absl::StatusCode::kInvalidArgument, "must be of type indicator");
  EXPECT_STATUS(ks_->StageIndicatorNode(lock, batch, Indicator("ind.x"), {"af.none"}, "t"),
                absl::StatusCode::kNotFound, "af.none");
  EXPECT_STATUS(ks_->StageIndicatorNode(lock, batch, Indicator("ind.x"), {"af.arbeit", "af.arbeit"}, "t"),
                absl::StatusCode::kInvalidArgument, "named twice");
  EXPECT_STATUS(ks_->StageIndicatorNode(lock, batch, Indicator("af.arbeit"), {}, "t"),
                absl::StatusCode::kAlreadyExists, "af.arbeit");
  EXPECT_EQ(batch.Count(), 0);
}

TEST_F(KnowledgeStagingTest, RefusesToStageWithoutTheStoresWriteLock) {
  storage::WriteBatch batch = store_->NewBatch();
  ASSERT_OK_AND_ASSIGN(auto other_store,
                       storage::Store::Open({.path = dir_.path() + "/other"}));
  storage::WriteLock foreign = other_store->LockWrites();
  EXPECT_STATUS(ks_->StageIndicatorNode(foreign, batch, Indicator("ind.a"), {}, "t"),
                absl::StatusCode::kInternal, "write lock");
  EXPECT_STATUS(ks_->StageNodeDeletion(foreign, batch, "af.arbeit", "t"),
                absl::StatusCode::kInternal, "write lock");
  EXPECT_EQ(batch.Count(), 0);
}

TEST_F(KnowledgeStagingTest, OtherWritesWaitForTheCallersLockAndAFailedWriteRollsBack) {
  std::optional<storage::WriteLock> lock(store_->LockWrites());
  storage::WriteBatch batch = store_->NewBatch();
  auto staged = ks_->StageIndicatorNode(*lock, batch, Indicator("ind.a"), {}, "t");
  ASSERT_OK(staged);
  // Another mutation (of any store on this Store) waits until the caller lets go of the lock.
  auto other = std::async(std::launch::async, [&] {
    return ks_->CreateNode({.id = "af.b", .type = NodeType::kActionField, .title_de = "B"}, "t")
        .status();
  });
  EXPECT_EQ(other.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  const uint64_t generation = ks_->generation();
  staged->Finish(absl::UnavailableError("caller's write failed"));
  lock.reset();
  ASSERT_OK(other.get());
  EXPECT_FALSE(ks_->GetNode("ind.a").ok());
  EXPECT_EQ(ks_->generation(), generation + 1);  // only the other create counted
  // Audit sequences stay contiguous: the failed staged change used none.
  ASSERT_OK_AND_ASSIGN(auto arbeit, ks_->History("af.arbeit"));
  ASSERT_OK_AND_ASSIGN(auto b, ks_->History("af.b"));
  EXPECT_EQ(b.back().sequence, arbeit.back().sequence + 1);

  // An abandoned staged change counts as failed.
  {
    storage::WriteLock l2 = store_->LockWrites();
    storage::WriteBatch b2 = store_->NewBatch();
    ASSERT_OK(ks_->StageIndicatorNode(l2, b2, Indicator("ind.c"), {}, "t"));
  }
  ASSERT_OK(ks_->CreateNode({.id = "af.d", .type = NodeType::kActionField, .title_de = "D"}, "t"));
  ASSERT_OK_AND_ASSIGN(auto d, ks_->History("af.d"));
  EXPECT_EQ(d.back().sequence, b.back().sequence + 1);
}

TEST_F(KnowledgeStagingTest, StagedDeletionRemovesNodeAndEdgesAndGuardProtects) {
  {
    storage::WriteLock lock = store_->LockWrites();
    storage::WriteBatch batch = store_->NewBatch();
    ASSERT_OK_AND_ASSIGN(auto staged,
                         ks_->StageIndicatorNode(lock, batch, Indicator("ind.q"), {"af.arbeit"}, "t"));
    absl::Status w = store_->Write(batch);
    staged.Finish(w);
    ASSERT_OK(w);
  }
  ks_->SetDeletionGuard([](const Node& n) {
    return n.id == "ind.q" ? absl::FailedPreconditionError("owned by the catalog")
                           : absl::OkStatus();
  });
  EXPECT_STATUS(ks_->DeleteNode("ind.q", "t"), absl::StatusCode::kFailedPrecondition,
                "owned by the catalog");
  {
    storage::WriteLock lock = store_->LockWrites();
    storage::WriteBatch batch = store_->NewBatch();
    ASSERT_OK_AND_ASSIGN(auto staged, ks_->StageNodeDeletion(lock, batch, "ind.q", "t"));
    absl::Status w = store_->Write(batch);
    staged.Finish(w);
    ASSERT_OK(w);
  }
  EXPECT_FALSE(ks_->GetNode("ind.q").ok());
  ASSERT_OK_AND_ASSIGN(auto neighbors, ks_->Neighbors("af.arbeit", Direction::kBoth, std::nullopt));
  EXPECT_TRUE(neighbors.empty());
  ks_->SetDeletionGuard(nullptr);
}

}  // namespace
}  // namespace integra::knowledge
