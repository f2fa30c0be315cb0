// Reads never mix two write batches: writers ingest batches that set every cell they touch to the
// batch's number, while readers run the multi-key reads (series of several units, gap series from
// two breakdowns, peer values of a gap indicator, a level's cross-section, an export) and check
// that every value they got carries one and the same batch number.
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/monitoring/analytics_fixture.h"

namespace integra::monitoring {
namespace {

const std::vector<std::string> kUnits = {"01051001", "01051002", "01051003", "01051004",
                                         "05962004", "05962008", "05962012"};
const std::vector<std::string> kYears = {"2014", "2015", "2016"};
const Breakdown kForeign{{"nationality", "foreign"}};
const Breakdown kGerman{{"nationality", "german"}};

class SnapshotTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
    ASSERT_NO_FATAL_FAILURE(CreateGapIndicator());
    ASSERT_OK(WriteBatchNumber(1));
  }

  // One batch: every unit, year and breakdown (total, foreign, german) of ALQ gets the value
  // v = n / 4 (a percentage, exact in binary); the foreign one gets 2v, so the gap
  // foreign - german is v in a consistent read and something else when its two sides come from
  // different batches.
  absl::Status WriteBatchNumber(int batch) {
    const double n = batch / 4.0;
    std::vector<Observation> rows;
    for (const std::string& unit : kUnits) {
      for (const std::string& year : kYears) {
        rows.push_back(Obs("ALQ", unit, year, n));
        Observation f = Obs("ALQ", unit, year, 2.0 * n);
        f.breakdown = kForeign;
        rows.push_back(f);
        Observation g = Obs("ALQ", unit, year, n);
        g.breakdown = kGerman;
        rows.push_back(g);
      }
    }
    auto r = observations_->Ingest(rows, "writer");
    if (!r.ok()) return r.status();
    if (!r->applied) return absl::InternalError("batch not applied");
    return absl::OkStatus();
  }
};

// Records what one read saw: the set of batch numbers among its values.
void Check(const std::set<double>& seen, const std::string& what, std::atomic<int>& mixed,
           std::atomic<int>& reads) {
  ++reads;
  if (seen.size() > 1) {
    ++mixed;
    ADD_FAILURE() << what << " mixed batches " << *seen.begin() << " and " << *seen.rbegin();
  }
}

TEST_F(SnapshotTest, NoReadEverMixesTwoBatches) {
  constexpr int kBatches = 150;
  std::atomic<bool> writers_done{false};
  std::atomic<int> mixed{0}, reads{0};
  std::atomic<int> next{2};
  auto writer = [&] {
    for (int n; (n = next.fetch_add(1)) < kBatches + 2;) ASSERT_OK(WriteBatchNumber(n));
  };
  std::vector<uint32_t> codes;
  codes.reserve(std::size(kUnits));
  for (const std::string& unit : kUnits) codes.push_back(UnitCodeOf(unit));
  auto reader = [&](int kind) {
    // At least a few reads even if the writers finish first; then until they are done.
    for (int i = 0; i < 20 || !writers_done.load(); ++i) {
      std::set<double> seen;
      switch (kind) {
        case 0: {  // series of several units
          ASSERT_OK_AND_ASSIGN(auto series,
                               queries_->reader().Series({.indicator_code = "ALQ",
                                                          .unit_keys = kUnits}));
          for (const UnitSeries& s : series) {
            for (const Observation& o : s.points) seen.insert(*o.value);
          }
          ASSERT_EQ(series.size(), kUnits.size());
          Check(seen, "series", mixed, reads);
          break;
        }
        case 1: {  // gap series: foreign and german read in one snapshot
          ASSERT_OK_AND_ASSIGN(auto series,
                               queries_->reader().Series({.indicator_code = "ALQ_GAP",
                                                          .unit_keys = kUnits}));
          for (const UnitSeries& s : series) {
            for (const Observation& o : s.points) seen.insert(*o.value);
          }
          Check(seen, "gap series", mixed, reads);
          break;
        }
        case 2: {  // peer values of a gap indicator: two sections, one snapshot
          auto gap = catalog_->Find("ALQ_GAP");
          ASSERT_NE(gap, nullptr);
          ASSERT_OK_AND_ASSIGN(Period p, ParsePeriod("2015"));
          ASSERT_OK_AND_ASSIGN(auto values,
                               queries_->reader().ReadPeerValues(*gap, {}, p,
                                                                 UnitLevel::kGemeinde, codes));
          for (const auto& v : values) seen.insert(*v);
          Check(seen, "peer values of a gap", mixed, reads);
          break;
        }
        case 3: {  // an export of everything
          ASSERT_OK(observations_->Export({.indicator_codes = {"ALQ"}, .total_only = true},
                                          [&](const Observation& o) {
                                            seen.insert(*o.value);
                                            return true;
                                          }));
          Check(seen, "export", mixed, reads);
          break;
        }
      }
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int kind = 0; kind < 4; ++kind) threads.emplace_back(reader, kind);
  std::thread w1(writer), w2(writer);
  w1.join();
  w2.join();
  writers_done = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(mixed.load(), 0) << "of " << reads.load() << " reads";
  EXPECT_GE(reads.load(), 80);
  // The last batch is what every read sees now.
  ASSERT_OK_AND_ASSIGN(auto series,
                       queries_->reader().Series({.indicator_code = "ALQ", .unit_keys = kUnits}));
  std::set<double> last;
  for (const UnitSeries& s : series) {
    for (const Observation& o : s.points) last.insert(*o.value);
  }
  ASSERT_EQ(last.size(), 1u);
  EXPECT_GE(*last.begin(), 2 / 4.0);  // some writer's batch, not the initial one
}

TEST_F(SnapshotTest, AReadScopeKeepsReadingItsSnapshotAfterLaterWrites) {
  storage::ReadScope scope(*store_);
  ASSERT_OK(WriteBatchNumber(7));  // the write path reads the latest state, not the scope's
  ASSERT_OK_AND_ASSIGN(auto inside,
                       queries_->reader().Series({.indicator_code = "ALQ", .unit_keys = kUnits}));
  EXPECT_EQ(*inside[0].points[0].value, 1 / 4.0);  // still batch 1 inside the scope
  ASSERT_OK(WriteBatchNumber(8));
  ASSERT_OK_AND_ASSIGN(Observation o, observations_->Get({"ALQ", "01051001", "2014", {}}, {}));
  EXPECT_EQ(*o.value, 1 / 4.0);
  // The same read on another thread sees the latest batch.
  std::thread other([&] {
    ASSERT_OK_AND_ASSIGN(Observation latest,
                         observations_->Get({"ALQ", "01051001", "2014", {}}, {}));
    EXPECT_EQ(*latest.value, 8 / 4.0);
  });
  other.join();
}

}  // namespace
}  // namespace integra::monitoring
