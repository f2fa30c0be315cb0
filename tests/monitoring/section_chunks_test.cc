// Packed sections split by Land (schema 3, monitoring_keys.h SectionChunkOf): a comparison or a
// league table within one Land needs only that Land's chunk of the Gemeinde level, and answers
// across Länder merge the chunks in code order.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "gtest/gtest.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/packed_section.h"
#include "tests/monitoring/analytics_fixture.h"

namespace integra::monitoring {
namespace {

using storage::Family;

class SectionChunksTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
    std::vector<Observation> rows;
    double v = 4.0;
    for (const std::string& unit : gemeinden_) {
      Observation o = Obs("ALQ", unit, "2020", v);
      o.source = absl::StrCat("source of Land ", unit.substr(0, 2));
      rows.push_back(o);
      v += 0.7;
    }
    ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Ingest(rows, "tester"));
    ASSERT_TRUE(r.applied);
    alq_ = catalog_->Find("ALQ");
  }

  std::string ChunkKey(uint8_t land) const {
    return SectionKey(alq_->id, kTotalBreakdown, Period{2020, 0}, UnitLevel::kGemeinde, land);
  }

  // The number of units stored in a chunk (-1 if the chunk is absent).
  int UnitsIn(uint8_t land) {
    int n = -1;
    EXPECT_OK(store_->View(Family::kObsSections, ChunkKey(land),
                           [&](std::optional<std::string_view> bytes) -> absl::Status {
                             if (!bytes.has_value()) return absl::OkStatus();
                             ASSIGN_OR_RETURN(SectionView view, SectionView::Parse(*bytes));
                             n = static_cast<int>(view.size());
                             return absl::OkStatus();
                           }));
    return n;
  }

  std::vector<uint32_t> Codes(const std::string& land) const {
    std::vector<uint32_t> out;
    for (const std::string& g : gemeinden_) {
      if (g.starts_with(land)) out.push_back(UnitCodeOf(g));
    }
    return out;
  }

  const std::vector<std::string> gemeinden_ = {
      "01001000", "01002000", "01051001", "01051002", "01051003", "01051004",
      "05911000", "05913000", "05962004", "05962008", "05962012"};
  std::shared_ptr<const Indicator> alq_;
};

TEST_F(SectionChunksTest, EachLandsGemeindenAreOneChunk) {
  EXPECT_EQ(UnitsIn(0x01), 6);
  EXPECT_EQ(UnitsIn(0x05), 5);
  EXPECT_EQ(UnitsIn(0x00), -1);  // Gemeinden are never in chunk 0
  // The whole level reads in code order across the chunks.
  ASSERT_OK_AND_ASSIGN(std::vector<CodeValue> level,
                       queries_->reader().ReadLevel(*alq_, {}, Period{2020, 0},
                                                    UnitLevel::kGemeinde));
  ASSERT_EQ(level.size(), gemeinden_.size());
  for (size_t i = 0; i < level.size(); ++i) {
    EXPECT_EQ(level[i].unit_code, UnitCodeOf(gemeinden_[i]));
    EXPECT_NEAR(level[i].value.value_or(-1), 4.0 + 0.7 * static_cast<double>(i), 1e-9);
  }
  // Peers across both Länder (sorted codes, two runs): every value and source in place.
  std::vector<uint32_t> codes = {UnitCodeOf("01051002"), UnitCodeOf("01051004"),
                                 UnitCodeOf("05962004"), UnitCodeOf("05962012")};
  ASSERT_OK_AND_ASSIGN(auto cells, queries_->reader().ReadPeerCells(
                                       *alq_, {}, Period{2020, 0}, UnitLevel::kGemeinde, codes));
  ASSERT_TRUE(cells.has_value());
  EXPECT_NEAR((*cells)[0].value.value_or(-1), 4.0 + 0.7 * 3, 1e-9);
  EXPECT_EQ((*cells)[1].source, "source of Land 01");
  EXPECT_NEAR((*cells)[3].value.value_or(-1), 4.0 + 0.7 * 10, 1e-9);
  EXPECT_EQ((*cells)[3].source, "source of Land 05");
  // A single-cell correction rewrites its Land's chunk only; the level still reads whole.
  Put("ALQ", "05911000", "2020", 1.0);
  EXPECT_EQ(UnitsIn(0x05), 5);
  EXPECT_EQ(UnitsIn(0x01), 6);
  ASSERT_OK_AND_ASSIGN(level, queries_->reader().ReadLevel(*alq_, {}, Period{2020, 0},
                                                           UnitLevel::kGemeinde));
  ASSERT_EQ(level.size(), gemeinden_.size());
  EXPECT_EQ(level[6].value, 1.0);
}

TEST_F(SectionChunksTest, AComparisonWithinOneLandNeedsOnlyThatLandsChunk) {
  const CompareQuery in_land{.indicator_code = "ALQ",
                             .unit_key = "01051001",
                             .period = "2020",
                             .peers = {PeerScope::kLand, ""}};
  const LeagueQuery league{.indicator_code = "ALQ",
                           .period = "2020",
                           .level = UnitLevel::kGemeinde,
                           .within = "01"};
  ASSERT_OK_AND_ASSIGN(CompareResult before, queries_->Compare(in_land));
  ASSERT_OK_AND_ASSIGN(LeagueResult league_before, queries_->LeagueTable(league));
  ASSERT_OK_AND_ASSIGN(auto values_before,
                       queries_->reader().ReadPeerValues(*alq_, {}, Period{2020, 0},
                                                         UnitLevel::kGemeinde, Codes("01")));
  ASSERT_GT(before.comparison.distribution.n, 1);
  ASSERT_FALSE(league_before.rows.empty());

  // Remove Nordrhein-Westfalen's chunk (both parts).
  ASSERT_EQ(UnitsIn(0x05), 5);
  storage::WriteBatch batch = store_->NewBatch();
  batch.Delete(Family::kObsSections, ChunkKey(0x05));
  batch.Delete(Family::kObsSectionState, ChunkKey(0x05));
  ASSERT_OK(store_->Write(batch));
  ASSERT_EQ(UnitsIn(0x05), -1);
  // Its Gemeinden have no value now: the deletion took effect ...
  ASSERT_OK_AND_ASSIGN(auto nrw,
                       queries_->reader().ReadPeerValues(*alq_, {}, Period{2020, 0},
                                                         UnitLevel::kGemeinde, Codes("05")));
  for (const auto& value : nrw) EXPECT_FALSE(value.has_value());
  // ... and Schleswig-Holstein's answers are unchanged.
  ASSERT_OK_AND_ASSIGN(CompareResult after, queries_->Compare(in_land));
  const analytics::PeerDistribution& a = after.comparison.distribution;
  const analytics::PeerDistribution& b = before.comparison.distribution;
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.missing, b.missing);
  EXPECT_EQ(a.median, b.median);
  EXPECT_EQ(a.mean, b.mean);
  ASSERT_TRUE(after.comparison.position.has_value());
  EXPECT_EQ(after.comparison.position->rank, before.comparison.position->rank);
  ASSERT_OK_AND_ASSIGN(LeagueResult league_after, queries_->LeagueTable(league));
  ASSERT_EQ(league_after.rows.size(), league_before.rows.size());
  for (size_t i = 0; i < league_after.rows.size(); ++i) {
    EXPECT_EQ(league_after.rows[i].unit_key, league_before.rows[i].unit_key);
    EXPECT_EQ(league_after.rows[i].value, league_before.rows[i].value);
  }
  EXPECT_EQ(league_after.sources, league_before.sources);
  ASSERT_OK_AND_ASSIGN(auto values_after,
                       queries_->reader().ReadPeerValues(*alq_, {}, Period{2020, 0},
                                                         UnitLevel::kGemeinde, Codes("01")));
  EXPECT_EQ(values_after, values_before);
}

}  // namespace
}  // namespace integra::monitoring
