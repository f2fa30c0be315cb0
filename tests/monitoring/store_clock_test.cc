// The stores stamp creation, update and recording times from the clock the engine is given.
#include <memory>
#include <string>

#include "common/clock.h"
#include "gtest/gtest.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"
#include "tests/testing/engine_parts.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::monitoring {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z

class StoreClockTest : public ::testing::Test, protected testing::EngineParts {
 protected:
  void SetUp() override {
    OpenEngine({.data_dir = dir_.path(), .clock = &clock_});
    ASSERT_OK(units_->Upsert({.key = "01", .name = "Schleswig-Holstein", .type = UnitType::kLand}));
    for (const char* key : {"01001", "01002"}) {
      ASSERT_OK(units_->Upsert({.key = key, .name = key, .type = UnitType::kKreisfreieStadt}));
    }
    Indicator bev;
    bev.code = "BEV";
    bev.name_de = "Bevölkerung";
    bev.unit = MeasureUnit::kCount;
    bev.aggregation.kind = AggregationKind::kSum;
    ASSERT_OK(catalog_->Create(bev, {}, "tester"));
  }

  void TearDown() override { CloseEngine(); }

  Observation Obs(const std::string& period, double value) {
    return Observation{
        .indicator_code = "BEV", .unit_key = "01001", .period = period, .value = value};
  }

  common::ManualClock clock_{kT0};
  testing::TempDir dir_;
};

TEST_F(StoreClockTest, CatalogAndKnowledgeStampFromTheClock) {
  EXPECT_EQ(catalog_->Find("BEV")->created_micros, kT0);
  // The indicator's graph node was audited at the same instant.
  ASSERT_OK_AND_ASSIGN(auto history, knowledge_->History("ind.bev"));
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().time_micros, kT0);

  clock_.AdvanceMicros(5);
  ASSERT_OK(knowledge_->CreateNode(
      {.id = "af.x", .type = knowledge::NodeType::kActionField, .title_de = "X"}, "tester"));
  ASSERT_OK_AND_ASSIGN(history, knowledge_->History("af.x"));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].time_micros, kT0 + 5);
}

TEST_F(StoreClockTest, ObservationsRecordTheClockAndStillRiseWhenItGoesBack) {
  clock_.SetMicros(kT0 + 1000);
  ASSERT_OK(observations_->Ingest({Obs("2020", 1)}, "tester"));
  ASSERT_OK_AND_ASSIGN(
      Observation first,
      observations_->Get({.indicator_code = "BEV", .unit_key = "01001", .period = "2020"},
                         std::nullopt));
  EXPECT_EQ(first.recorded_micros, kT0 + 1000);

  // A wall clock stepped back (NTP) must not give a later revision an earlier time: as-of
  // reads depend on recorded times rising with the sequence.
  clock_.SetMicros(kT0);
  ASSERT_OK(observations_->Ingest({Obs("2020", 2)}, "tester"));
  ASSERT_OK_AND_ASSIGN(
      auto revisions,
      observations_->History({.indicator_code = "BEV", .unit_key = "01001", .period = "2020"}));
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[1].recorded_micros, kT0 + 1001);
}

TEST_F(StoreClockTest, PeerGroupsAndTargetsStampFromTheClock) {
  clock_.SetMicros(kT0 + 7);
  ASSERT_OK_AND_ASSIGN(PeerGroup group,
                       groups_->Create({.name = "nord", .members = {"01001", "01002"}}, "tester"));
  EXPECT_EQ(group.created_micros, kT0 + 7);
  ASSERT_OK_AND_ASSIGN(group, groups_->Get("nord"));
  EXPECT_EQ(group.created_micros, kT0 + 7);

  clock_.SetMicros(kT0 + 9);
  ASSERT_OK_AND_ASSIGN(
      IndicatorTarget target,
      targets_->Set({.ref = {.indicator_code = "BEV", .unit_key = "01001", .target_period = "2030"},
                     .target_value = 100},
                    "tester"));
  EXPECT_EQ(target.updated_micros, kT0 + 9);
}

}  // namespace
}  // namespace integra::monitoring
