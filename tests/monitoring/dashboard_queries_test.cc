// Dashboard workloads through storage: the peer band over time and the league table, checked
// against an independent reference computation (sort + the documented type-7 quantile, a naive
// competition ranking) on random data with ties, missing and suppressed values, and against
// ComparePeers period by period.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/monitoring/analytics_fixture.h"

namespace integra::monitoring {
namespace {

// Reference quantile (docs/analytics.md, "Peer comparison"): Hyndman-Fan type 7 on the sorted
// values, written from the definition: h = (n - 1) p, x[floor h] + (h - floor h)(x[ceil h] -
// x[floor h]).
double RefQuantile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = static_cast<size_t>(std::ceil(h));
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

class DashboardTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    // 30 more Gemeinden in Dithmarschen and 20 more Kreise (12 in 01, 8 in 05).
    std::vector<Unit> more;
    for (int i = 10; i < 40; ++i) {
      more.push_back(Unit{.key = absl::StrFormat("010510%02d", i),
                          .name = absl::StrCat("Gemeinde ", i),
                          .type = UnitType::kKreisangehoerigeGemeinde,
                          .population = 1000 + 500 * i});
    }
    for (int i = 0; i < 12; ++i) {
      more.push_back(Unit{.key = absl::StrFormat("010%02d", 53 + i),
                          .name = absl::StrCat("Kreis Nord ", i),
                          .type = UnitType::kLandkreis});
    }
    for (int i = 0; i < 8; ++i) {
      more.push_back(Unit{.key = absl::StrFormat("059%02d", 70 + i),
                          .name = absl::StrCat("Kreis West ", i),
                          .type = UnitType::kLandkreis});
    }
    ASSERT_OK_AND_ASSIGN(UnitBatchResult r, units_->UpsertBatch(more));
    ASSERT_TRUE(r.applied) << (r.rejected.empty() ? "" : r.rejected[0].status.ToString());
    CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
    ASSERT_OK_AND_ASSIGN(UnitPage page, units_->List({.level = UnitLevel::kGemeinde}, 1000, ""));
    for (const Unit& u : page.units) gemeinden_.push_back(u.key);
    ASSERT_OK_AND_ASSIGN(page, units_->List({.level = UnitLevel::kKreis}, 1000, ""));
    for (const Unit& u : page.units) kreise_.push_back(u.key);
  }

  // One random value per (unit, year) of `years`, written in one batch: values on a coarse grid
  // (ties), about 15 % missing, about 8 % suppressed (stored with a value that must not count),
  // about 10 % provisional. Returns unit -> year -> usable value (absent: missing/suppressed)
  // and the flags written.
  struct Written {
    std::map<std::string, std::map<int, std::optional<double>>> usable;
    std::map<std::string, std::map<int, uint8_t>> flags;
  };
  Written WriteRandom(const std::string& code, const std::vector<std::string>& units, int from,
                      int to, uint32_t seed, const Breakdown& bd = {}) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> grid(0, 12), pct(0, 99);
    Written w;
    std::vector<Observation> rows;
    for (const std::string& u : units) {
      for (int y = from; y <= to; ++y) {
        const int roll = pct(rng);
        const double value = 2.5 + 0.5 * grid(rng);
        if (roll < 15) {
          w.usable[u][y] = std::nullopt;
          continue;
        }
        Observation o = Obs(code, u, std::to_string(y), value);
        o.breakdown = bd;
        if (roll < 23) {
          o.flags = kFlagSuppressed;
          w.usable[u][y] = std::nullopt;
        } else {
          if (roll < 33) o.flags = kFlagProvisional;
          w.usable[u][y] = value;
        }
        w.flags[u][y] = o.flags;
        rows.push_back(std::move(o));
      }
    }
    auto r = observations_->Ingest(rows, "tester");
    EXPECT_TRUE(r.ok() && r->applied) << (r.ok() && !r->rejected.empty()
                                              ? r->rejected[0].status.ToString()
                                              : r.status().ToString());
    return w;
  }

  std::vector<std::string> gemeinden_;  // every Gemeinde of the register
  std::vector<std::string> kreise_;
};

TEST_F(DashboardTest, BandEqualsReferenceQuantilesAndComparePeersEveryYear) {
  const std::string unit = "01051001";
  // A custom group of every Gemeinde (so the reference knows the peer set exactly).
  ASSERT_OK(groups_->Create({.name = "alle", .members = gemeinden_}, "t").status());
  for (uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    const std::string code = absl::StrCat("ALQ", seed);
    CreateRateIndicator(code, seed == 2 ? Polarity::kHigherIsBetter : Polarity::kLowerIsBetter);
    const Written w = WriteRandom(code, gemeinden_, 2004, 2023, seed);
    // 2024 and 2025: no peer has a value; the band still has the points, without quantiles.
    ASSERT_OK_AND_ASSIGN(BandResult band,
                         queries_->PeerBand({.indicator_code = code,
                                             .unit_key = unit,
                                             .from_period = "2004",
                                             .to_period = "2025",
                                             .peers = {PeerScope::kGroup, "alle"}}));
    ASSERT_EQ(band.points.size(), 22u);
    EXPECT_EQ(band.unit_key, unit);
    for (size_t i = 0; i < band.points.size(); ++i) {
      const BandPoint& p = band.points[i];
      const int year = 2004 + static_cast<int>(i);
      SCOPED_TRACE(year);
      EXPECT_EQ(p.period.ToString(), std::to_string(year));
      EXPECT_EQ(p.peer_count, static_cast<int>(gemeinden_.size()));
      std::vector<double> values;
      for (const std::string& g : gemeinden_) {
        auto it = w.usable.at(g).find(year);
        if (it != w.usable.at(g).end() && it->second.has_value()) values.push_back(*it->second);
      }
      ASSERT_EQ(p.n, static_cast<int>(values.size()));
      EXPECT_EQ(p.missing, static_cast<int>(gemeinden_.size() - values.size()));
      // The unit's own value and flags.
      std::optional<double> own;
      uint8_t own_flags = 0;
      if (year <= 2023) {
        own = w.usable.at(unit).at(year);
        auto f = w.flags.at(unit).find(year);
        if (f != w.flags.at(unit).end()) own_flags = f->second;
      }
      EXPECT_EQ(p.value, own);
      EXPECT_EQ(p.flags, own_flags);
      auto cmp = queries_->Compare({.indicator_code = code,
                                    .unit_key = unit,
                                    .period = std::to_string(year),
                                    .peers = {PeerScope::kGroup, "alle"}});
      if (values.empty()) {
        EXPECT_FALSE(p.q1.has_value() || p.median.has_value() || p.q3.has_value());
        EXPECT_EQ(cmp.status().code(), absl::StatusCode::kFailedPrecondition);
        continue;
      }
      ASSERT_TRUE(p.q1 && p.median && p.q3);
      EXPECT_DOUBLE_EQ(*p.q1, RefQuantile(values, 0.25));
      EXPECT_DOUBLE_EQ(*p.median, RefQuantile(values, 0.5));
      EXPECT_DOUBLE_EQ(*p.q3, RefQuantile(values, 0.75));
      // ComparePeers for the same period reports exactly the same figures.
      ASSERT_OK(cmp.status());
      const analytics::PeerDistribution& d = cmp->comparison.distribution;
      EXPECT_EQ(d.n, p.n);
      EXPECT_EQ(d.missing, p.missing);
      EXPECT_EQ(d.q1, *p.q1);
      EXPECT_EQ(d.median, *p.median);
      EXPECT_EQ(d.q3, *p.q3);
      EXPECT_EQ(cmp->comparison.position.has_value(), own.has_value());
    }
    EXPECT_EQ(band.sources, std::vector<std::string>{"test"});
  }
}

TEST_F(DashboardTest, BandWithDefaultPeersAndGapIndicatorMatchesComparePeers) {
  const Breakdown foreign{{"nationality", "foreign"}}, german{{"nationality", "german"}};
  WriteRandom("ALQ", gemeinden_, 2010, 2019, 7, foreign);
  WriteRandom("ALQ", gemeinden_, 2010, 2019, 8, german);
  ASSERT_NO_FATAL_FAILURE(CreateGapIndicator());
  for (const auto& [code, bd] : std::vector<std::pair<std::string, Breakdown>>{
           {"ALQ", foreign}, {"ALQ", german}, {"ALQ_GAP", {}}}) {
    for (const std::string scope : {"default", "land"}) {
      SCOPED_TRACE(absl::StrCat(code, " ", scope));
      ASSERT_OK_AND_ASSIGN(PeerSelection sel, ParsePeerSelection(scope));
      // No range: the unit's first..last stored period.
      ASSERT_OK_AND_ASSIGN(BandResult band, queries_->PeerBand({.indicator_code = code,
                                                                .unit_key = "01051004",
                                                                .breakdown = bd,
                                                                .peers = sel}));
      ASSERT_FALSE(band.points.empty());
      for (const BandPoint& p : band.points) {
        auto cmp = queries_->Compare({.indicator_code = code,
                                      .unit_key = "01051004",
                                      .breakdown = bd,
                                      .period = p.period.ToString(),
                                      .peers = sel});
        if (p.n == 0) {
          EXPECT_EQ(cmp.status().code(), absl::StatusCode::kFailedPrecondition);
          continue;
        }
        ASSERT_OK(cmp.status());
        const auto& d = cmp->comparison.distribution;
        EXPECT_EQ(p.n, d.n);
        EXPECT_EQ(p.peer_count, static_cast<int>(cmp->peers.codes.size()));
        EXPECT_EQ(*p.q1, d.q1);
        EXPECT_EQ(*p.median, d.median);
        EXPECT_EQ(*p.q3, d.q3);
        EXPECT_EQ(p.value.has_value(), cmp->comparison.position.has_value());
        if (p.value.has_value()) {
          EXPECT_EQ(*p.value, cmp->comparison.position->value);
        }
      }
    }
  }
}

TEST_F(DashboardTest, BandRefusals) {
  EXPECT_STATUS(queries_->PeerBand({.indicator_code = "NOPE", .unit_key = "01051001"}),
                absl::StatusCode::kNotFound, "NOPE");
  EXPECT_STATUS(queries_->PeerBand({.indicator_code = "ALQ", .unit_key = "01051001"}),
                absl::StatusCode::kNotFound, "give a period range");
  EXPECT_STATUS(queries_->PeerBand({.indicator_code = "ALQ",
                                    .unit_key = "01051001",
                                    .from_period = "2010",
                                    .to_period = "2012",
                                    .peers = {PeerScope::kGroup, "missing-group"}}),
                absl::StatusCode::kNotFound, "missing-group");
}

// Reference ranking: competition ranking from the definition (1 + units strictly better), best
// first, ties by key.
struct RefRow {
  int rank;
  std::string key;
  double value;
  bool operator==(const RefRow&) const = default;
};
std::vector<RefRow> RefLeague(const std::map<std::string, std::optional<double>>& values,
                              bool lower_is_better) {
  std::vector<RefRow> out;
  for (const auto& [k, v] : values) {
    if (!v.has_value()) continue;
    int better = 0;
    for (const auto& [k2, v2] : values) {
      if (v2.has_value() && (lower_is_better ? *v2 < *v : *v2 > *v)) ++better;
    }
    out.push_back({better + 1, k, *v});
  }
  std::sort(out.begin(), out.end(), [](const RefRow& a, const RefRow& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.key < b.key;
  });
  return out;
}

TEST_F(DashboardTest, LeagueTableRanksLikeTheReference) {
  for (uint32_t seed : {11u, 12u, 13u}) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    const std::string code = absl::StrCat("ALQ", seed);
    const bool lower = seed != 12;
    CreateRateIndicator(code, lower ? Polarity::kLowerIsBetter : Polarity::kHigherIsBetter);
    const Written w = WriteRandom(code, kreise_, 2016, 2016, seed);
    for (const std::string within : {"", "05", "01"}) {
      SCOPED_TRACE(absl::StrCat("within '", within, "'"));
      ASSERT_OK_AND_ASSIGN(LeagueResult league,
                           queries_->LeagueTable({.indicator_code = code,
                                                  .period = "2016",
                                                  .level = UnitLevel::kKreis,
                                                  .within = within}));
      std::map<std::string, std::optional<double>> values;
      for (const std::string& k : kreise_) {
        if (k.starts_with(within)) values[k] = w.usable.at(k).at(2016);
      }
      const std::vector<RefRow> ref = RefLeague(values, lower);
      ASSERT_EQ(league.rows.size(), ref.size());
      EXPECT_EQ(league.units, static_cast<int>(values.size()));
      EXPECT_EQ(league.missing, static_cast<int>(values.size() - ref.size()));
      bool tie_seen = false;
      for (size_t i = 0; i < ref.size(); ++i) {
        const LeagueRow& row = league.rows[i];
        EXPECT_EQ((RefRow{row.rank, row.unit_key, row.value}), ref[i]) << i;
        if (i > 0 && ref[i].rank == ref[i - 1].rank) tie_seen = true;
        auto f = w.flags.at(row.unit_key).find(2016);
        EXPECT_EQ(row.flags, f == w.flags.at(row.unit_key).end() ? 0 : f->second);
        ASSERT_OK_AND_ASSIGN(Unit u, units_->Get(row.unit_key));
        EXPECT_EQ(row.name, u.name);
      }
      if (within.empty()) {
        EXPECT_TRUE(tie_seen) << "the random data should contain ties";
      }
    }
  }
}

// Attribution: the sources of the ranked values as the latest revisions name them; a suppressed
// value (not ranked) adds none.
TEST_F(DashboardTest, LeagueTableNamesTheSourcesOfItsRankedValues) {
  auto put = [&](const std::string& unit, double value, const std::string& source,
                 uint8_t flags = 0) {
    Observation o = Obs("ALQ", unit, "2016", value);
    o.source = source;
    o.flags = flags;
    ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Ingest({o}, "tester"));
    ASSERT_TRUE(r.applied);
  };
  put("01051001", 5.0, "Erste Lieferung");
  put("01051002", 4.0, "Bundesagentur für Arbeit", kFlagProvisional);
  put("01051001", 6.0, "Destatis");  // a revision from another source replaces the first
  put("05962008", 9.0, "Vertraulich", kFlagSuppressed);
  ASSERT_OK_AND_ASSIGN(LeagueResult l, queries_->LeagueTable({.indicator_code = "ALQ",
                                                              .period = "2016",
                                                              .level = UnitLevel::kGemeinde}));
  ASSERT_EQ(l.rows.size(), 2u);
  EXPECT_EQ(l.rows[0].unit_key, "01051002");
  EXPECT_EQ(l.rows[0].flags, kFlagProvisional);
  EXPECT_EQ(l.rows[1].value, 6.0);
  EXPECT_EQ(l.sources, (std::vector<std::string>{"Bundesagentur für Arbeit", "Destatis"}));
}

TEST_F(DashboardTest, LeagueTableOfGemeindenAndRefusals) {
  Put("ALQ", "01051001", "2016", 5.0);
  Put("ALQ", "01051002", "2016", 4.0, {}, kFlagEstimated);
  Put("ALQ", "05962004", "2016", 4.0);
  Put("ALQ", "05962008", "2016", 9.0, {}, kFlagSuppressed);
  ASSERT_OK_AND_ASSIGN(LeagueResult l, queries_->LeagueTable({.indicator_code = "ALQ",
                                                              .period = "2016",
                                                              .level = UnitLevel::kGemeinde,
                                                              .within = "01051"}));
  ASSERT_EQ(l.rows.size(), 2u);
  EXPECT_EQ(l.rows[0].unit_key, "01051002");
  EXPECT_EQ(l.rows[0].name, "Brunsbüttel");
  EXPECT_EQ(l.rows[0].flags, kFlagEstimated);
  EXPECT_EQ(l.rows[1].rank, 2);
  ASSERT_OK_AND_ASSIGN(l, queries_->LeagueTable({.indicator_code = "ALQ",
                                                 .period = "2016",
                                                 .level = UnitLevel::kGemeinde}));
  ASSERT_EQ(l.rows.size(), 3u);  // the suppressed value is missing
  EXPECT_EQ(l.rows[0].rank, 1);
  EXPECT_EQ(l.rows[1].rank, 1);  // 4.0 twice: both first
  EXPECT_EQ(l.rows[2].rank, 3);
  EXPECT_EQ(l.rows[2].unit_key, "01051001");

  EXPECT_STATUS(queries_->LeagueTable({.indicator_code = "ALQ",
                                       .period = "2016",
                                       .level = UnitLevel::kKreis,
                                       .within = "01051"}),
                absl::StatusCode::kInvalidArgument, "holds no units");
  EXPECT_STATUS(
      queries_->LeagueTable({.indicator_code = "ALQ", .period = "2016", .level = UnitLevel::kBund}),
      absl::StatusCode::kInvalidArgument, "one level");
  EXPECT_STATUS(queries_->LeagueTable({.indicator_code = "ALQ", .level = UnitLevel::kKreis}),
                absl::StatusCode::kInvalidArgument, "period");
  // Rankings off for the deployment or for the indicator: refused, naming the switch.
  CreateRateIndicator("ALQ_NO_RANK", Polarity::kLowerIsBetter, /*ranking_allowed=*/false);
  EXPECT_STATUS(queries_->LeagueTable(
                    {.indicator_code = "ALQ_NO_RANK", .period = "2016", .level = UnitLevel::kKreis}),
                absl::StatusCode::kFailedPrecondition, "ALQ_NO_RANK does not allow rankings");
  OpenAnalytics({.rankings_enabled = false});
  EXPECT_STATUS(
      queries_->LeagueTable({.indicator_code = "ALQ", .period = "2016", .level = UnitLevel::kKreis}),
      absl::StatusCode::kFailedPrecondition, "--no-rankings");
}

}  // namespace
}  // namespace integra::monitoring
