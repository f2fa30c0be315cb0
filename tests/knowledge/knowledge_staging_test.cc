// KnowledgeStore changes staged into a caller's WriteBatch (used by the indicator catalog).
#include <future>

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
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(storage::Family::kIndicators, "caller-key", "caller-value");
  ASSERT_OK_AND_ASSIGN(StagedGraphChange staged,
                       ks_->StageIndicatorNode(batch, Indicator("ind.sgb2"), {"af.arbeit"}, "t"));
  EXPECT_FALSE(ks_->GetNode("ind.sgb2").ok());  // not yet written
  absl::Status written = store_->Write(batch);
  staged.Finish(written);
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
  storage::WriteBatch batch = store_->NewBatch();
  Node not_indicator = Indicator("ind.x");
  not_indicator.type = NodeType::kMeasure;
  EXPECT_STATUS(ks_->StageIndicatorNode(batch, not_indicator, {}, "t"),
                absl::StatusCode::kInvalidArgument, "must be of type indicator");
  EXPECT_STATUS(ks_->StageIndicatorNode(batch, Indicator("ind.x"), {"af.none"}, "t"),
                absl::StatusCode::kNotFound, "af.none");
  EXPECT_STATUS(ks_->StageIndicatorNode(batch, Indicator("ind.x"), {"af.arbeit", "af.arbeit"}, "t"),
                absl::StatusCode::kInvalidArgument, "named twice");
  EXPECT_STATUS(ks_->StageIndicatorNode(batch, Indicator("af.arbeit"), {}, "t"),
                absl::StatusCode::kAlreadyExists, "af.arbeit");
  EXPECT_EQ(batch.Count(), 0);
}

TEST_F(KnowledgeStagingTest, HoldsTheWriteLockUntilFinishedAndRollsBackOnFailure) {
  storage::WriteBatch batch = store_->NewBatch();
  auto staged = ks_->StageIndicatorNode(batch, Indicator("ind.a"), {}, "t");
  ASSERT_OK(staged);
  // Another mutation waits for the staged change to finish.
  auto other = std::async(std::launch::async, [&] {
    return ks_->CreateNode({.id = "af.b", .type = NodeType::kActionField, .title_de = "B"}, "t")
        .status();
  });
  EXPECT_EQ(other.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  const uint64_t generation = ks_->generation();
  staged->Finish(absl::UnavailableError("caller's write failed"));
  ASSERT_OK(other.get());
  EXPECT_FALSE(ks_->GetNode("ind.a").ok());
  EXPECT_EQ(ks_->generation(), generation + 1);  // only the other create counted

  // An abandoned staged change releases the lock too.
  {
    storage::WriteBatch b2 = store_->NewBatch();
    ASSERT_OK(ks_->StageIndicatorNode(b2, Indicator("ind.c"), {}, "t"));
  }
  ASSERT_OK(ks_->CreateNode({.id = "af.d", .type = NodeType::kActionField, .title_de = "D"}, "t"));
}

TEST_F(KnowledgeStagingTest, StagedDeletionRemovesNodeAndEdgesAndGuardProtects) {
  {
    storage::WriteBatch batch = store_->NewBatch();
    ASSERT_OK_AND_ASSIGN(auto staged,
                         ks_->StageIndicatorNode(batch, Indicator("ind.q"), {"af.arbeit"}, "t"));
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
  storage::WriteBatch batch = store_->NewBatch();
  ASSERT_OK_AND_ASSIGN(auto staged, ks_->StageNodeDeletion(batch, "ind.q", "t"));
  absl::Status w = store_->Write(batch);
  staged.Finish(w);
  ASSERT_OK(w);
  EXPECT_FALSE(ks_->GetNode("ind.q").ok());
  ASSERT_OK_AND_ASSIGN(auto neighbors, ks_->Neighbors("af.arbeit", Direction::kBoth, std::nullopt));
  EXPECT_TRUE(neighbors.empty());
  ks_->SetDeletionGuard(nullptr);
}

}  // namespace
}  // namespace integra::knowledge
