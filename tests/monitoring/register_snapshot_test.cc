#include "services/monitoring/register_snapshot.h"

#include <algorithm>

#include "gtest/gtest.h"
#include "tests/monitoring/monitoring_fixture.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring {
namespace {

// Derived by hand from the units: codes, levels, Kreis and Land of each Gemeinde, validity as
// day numbers, and the peer classes in code order.
TEST(RegisterSnapshotTest, IndexesEveryUnitOnce) {
  std::vector<Unit> units = {
      {.key = "01", .name = "Schleswig-Holstein", .type = UnitType::kLand},
      {.key = "01051", .name = "Dithmarschen", .type = UnitType::kLandkreis},
      {.key = "01051001", .name = "Albersdorf", .type = UnitType::kKreisangehoerigeGemeinde, .population = 3600},
      {.key = "01051002", .name = "Arkebek", .type = UnitType::kKreisangehoerigeGemeinde, .population = 230,
       .valid_to = "2020-12-31"},
      {.key = "01051003", .name = "Forst", .type = UnitType::kGemeindefreiesGebiet},
      {.key = "01051004", .name = "Averlak", .type = UnitType::kKreisangehoerigeGemeinde, .population = 580,
       .valid_from = "2021-01-01"},
  };
  const RegisterSnapshot r = RegisterSnapshot::Build(units, 7);
  EXPECT_EQ(r.generation, 7u);
  ASSERT_EQ(r.units.size(), 6u);
  const RegisterSnapshot::Entry* albersdorf = r.Find(UnitCodeOf("01051001"));
  ASSERT_NE(albersdorf, nullptr);
  EXPECT_EQ(albersdorf->name, "Albersdorf");
  EXPECT_EQ(albersdorf->level, UnitLevel::kGemeinde);
  EXPECT_TRUE(albersdorf->reports);
  EXPECT_EQ(albersdorf->kreis_code, UnitCodeOf("01051"));
  EXPECT_EQ(albersdorf->land_code, UnitCodeOf("01"));
  EXPECT_EQ(albersdorf->from, kNoDayBefore);
  EXPECT_EQ(albersdorf->to, kNoDayAfter);
  ASSERT_OK_AND_ASSIGN(DayNumber end_2020, ParseDate("2020-12-31", "test"));
  EXPECT_EQ(r.Find(UnitCodeOf("01051002"))->to, end_2020);
  ASSERT_OK_AND_ASSIGN(DayNumber start_2021, ParseDate("2021-01-01", "test"));
  EXPECT_EQ(r.Find(UnitCodeOf("01051004"))->from, start_2021);
  EXPECT_FALSE(r.Find(UnitCodeOf("01051003"))->reports);
  EXPECT_EQ(r.Find(UnitCodeOf("01051"))->kreis_code, 0u);
  EXPECT_EQ(r.Find(UnitCodeOf("01051005")), nullptr);
  // The three small Gemeinden share a class, in code order, with their validity.
  const auto& cls = r.classes.at(
      {UnitLevel::kGemeinde, UnitType::kKreisangehoerigeGemeinde, units[3].size_class()});
  std::vector<uint32_t> codes;
  for (const auto& m : cls) codes.push_back(m.code);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_TRUE(std::find(codes.begin(), codes.end(), UnitCodeOf("01051002")) != codes.end());
}

class RegisterSharingTest : public MonitoringFixture {};

// One snapshot per register generation, shared by every reader until a unit write.
TEST_F(RegisterSharingTest, OneSnapshotPerGeneration) {
  const auto first = units_->Register();
  EXPECT_EQ(units_->Register(), first);  // the same object, not a rebuild
  EXPECT_EQ(first->generation, units_->generation());
  ASSERT_OK_AND_ASSIGN(UnitBatchResult r,
                       units_->UpsertBatch({{.key = "01003", .name = "Lübeck",
                                             .type = UnitType::kKreisfreieStadt,
                                             .population = 216530}}));
  ASSERT_TRUE(r.applied);
  const auto second = units_->Register();
  EXPECT_NE(second, first);
  EXPECT_NE(second->Find(UnitCodeOf("01003")), nullptr);
  EXPECT_EQ(first->Find(UnitCodeOf("01003")), nullptr);  // the old snapshot is unchanged
}

}  // namespace
}  // namespace integra::monitoring
