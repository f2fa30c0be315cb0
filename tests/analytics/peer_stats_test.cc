#include "services/analytics/peer_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::analytics {
namespace {

CrossSection Peers(std::vector<std::optional<double>> values) {
  CrossSection cs;
  for (size_t i = 0; i < values.size(); ++i) {
    cs.push_back({absl::StrCat("u", i), values[i]});
  }
  return cs;
}

// ---- Independent reference implementations (deliberately naive). ----

// Hyndman-Fan type 7 in its 1-based textbook form: h = (n-1)p + 1,
// Q = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h)).
double NaiveQuantile(std::vector<double> v, double p) {
  for (size_t i = 1; i < v.size(); ++i) {  // insertion sort
    for (size_t j = i; j > 0 && v[j - 1] > v[j]; --j) std::swap(v[j - 1], v[j]);
  }
  const double h = (v.size() - 1) * p + 1;
  const int j = static_cast<int>(std::floor(h));
  const double g = h - j;
  const double xj = v[j - 1];
  const double xj1 = j < static_cast<int>(v.size()) ? v[j] : v[j - 1];
  return (1 - g) * xj + g * xj1;
}

bool Better(double a, double b, Polarity p) {
  return p == Polarity::kLowerIsBetter ? a < b : a > b;
}

struct NaivePosition {
  int rank;
  double percentile;  // NaN for n = 1
};

// O(n^2): counts by comparing with every other peer.
NaivePosition NaiveRank(const std::vector<double>& values, size_t self, Polarity p) {
  int better = 0, worse = 0, tied = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i == self) continue;
    if (Better(values[i], values[self], p)) {
      ++better;
    } else if (Better(values[self], values[i], p)) {
      ++worse;
    } else {
      ++tied;
    }
  }
  const int n = static_cast<int>(values.size());
  return {1 + better, n < 2 ? NAN : 100.0 * (worse + tied / 2.0) / (n - 1)};
}

// ---- Known values. ----

TEST(QuantileTest, MatchesPercentileContKnownValues) {
  // PostgreSQL: percentile_cont(ARRAY[0.25,0.5,0.75]) WITHIN GROUP (ORDER BY x)
  // over {15,20,35,40,50} = {20, 35, 40}; numpy.percentile(..., 40) = 29.
  const std::vector<double> a = {15, 20, 35, 40, 50};
  EXPECT_DOUBLE_EQ(QuantileOfSorted(a, 0.25), 20);
  EXPECT_DOUBLE_EQ(QuantileOfSorted(a, 0.5), 35);
  EXPECT_DOUBLE_EQ(QuantileOfSorted(a, 0.75), 40);
  EXPECT_DOUBLE_EQ(QuantileOfSorted(a, 0.4), 29);
  EXPECT_DOUBLE_EQ(QuantileOfSorted(a, 0), 15);
  EXPECT_DOUBLE_EQ(QuantileOfSorted(a, 1), 50);
  // numpy.percentile([1,2,3,4], [25,50,75]) = [1.75, 2.5, 3.25]; Excel PERCENTILE.INC agrees.
  const std::vector<double> b = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(QuantileOfSorted(b, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(QuantileOfSorted(b, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(QuantileOfSorted(b, 0.75), 3.25);
  EXPECT_DOUBLE_EQ(QuantileOfSorted({7}, 0.25), 7);
}

TEST(PeerStatsTest, DistributionKnownValues) {
  ASSERT_OK_AND_ASSIGN(PeerDistribution d,
                       DescribePeers(Peers({2, 4, std::nullopt, 4, 4, 5, 5, 7, 9, std::nullopt})));
  EXPECT_EQ(d.n, 8);
  EXPECT_EQ(d.missing, 2);
  EXPECT_DOUBLE_EQ(d.min, 2);
  EXPECT_DOUBLE_EQ(d.max, 9);
  EXPECT_DOUBLE_EQ(d.mean, 5);
  EXPECT_DOUBLE_EQ(d.median, 4.5);
  EXPECT_DOUBLE_EQ(d.q1, 4);
  EXPECT_DOUBLE_EQ(d.q3, 5.5);
  EXPECT_NEAR(*d.sd.value, std::sqrt(32.0 / 7.0), 1e-12);  // sample sd, divisor n - 1

  ASSERT_OK_AND_ASSIGN(PeerDistribution single, DescribePeers(Peers({3, std::nullopt})));
  EXPECT_EQ(single.n, 1);
  EXPECT_DOUBLE_EQ(single.median, 3);
  EXPECT_FALSE(single.sd.defined());
}

TEST(PeerStatsTest, CompetitionRankingWithTies) {
  const CrossSection cs = {{"a", 10}, {"b", 20}, {"c", 20}, {"d", 30}};
  auto rank = [&](const std::string& key, Polarity p) {
    auto c = ComparePeers(cs, key, p);
    EXPECT_OK(c);
    return std::make_pair(*c->position->rank, *c->position->percentile.value);
  };
  // Higher is better: d=1, b=c=2, a=4 ("1224").
  EXPECT_EQ(rank("d", Polarity::kHigherIsBetter), std::make_pair(1, 100.0));
  EXPECT_EQ(rank("b", Polarity::kHigherIsBetter), std::make_pair(2, 50.0));
  EXPECT_EQ(rank("c", Polarity::kHigherIsBetter), std::make_pair(2, 50.0));
  EXPECT_EQ(rank("a", Polarity::kHigherIsBetter), std::make_pair(4, 0.0));
  // Lower is better: a=1, b=c=2, d=4.
  EXPECT_EQ(rank("a", Polarity::kLowerIsBetter), std::make_pair(1, 100.0));
  EXPECT_EQ(rank("b", Polarity::kLowerIsBetter), std::make_pair(2, 50.0));
  EXPECT_EQ(rank("d", Polarity::kLowerIsBetter), std::make_pair(4, 0.0));
  // Neutral orders like higher-is-better (position, not merit).
  EXPECT_EQ(rank("d", Polarity::kNeutral), std::make_pair(1, 100.0));

  ASSERT_OK_AND_ASSIGN(std::vector<RankedUnit> table,
                       RankCrossSection(cs, Polarity::kHigherIsBetter));
  ASSERT_EQ(table.size(), 4u);
  EXPECT_EQ(table[0].unit_key, "d");
  EXPECT_EQ(table[1].unit_key, "b");
  EXPECT_EQ(table[2].unit_key, "c");
  EXPECT_EQ(table[3].unit_key, "a");
  EXPECT_EQ(table[1].rank, 2);
  EXPECT_EQ(table[2].rank, 2);
  EXPECT_EQ(table[3].rank, 4);
}

TEST(PeerStatsTest, UnitPositionDetails) {
  // Values 1..9; unit u7 has value 8 (higher is better).
  const CrossSection cs = Peers({1, 2, 3, 4, 5, 6, 7, 8, 9});
  ASSERT_OK_AND_ASSIGN(PeerComparison c, ComparePeers(cs, "u7", Polarity::kHigherIsBetter));
  ASSERT_TRUE(c.position.has_value());
  const UnitPosition& p = *c.position;
  EXPECT_EQ(*p.rank, 2);
  EXPECT_EQ(*p.better, 1);
  EXPECT_EQ(*p.tied, 0);
  EXPECT_EQ(*p.worse, 7);
  EXPECT_DOUBLE_EQ(*p.percentile.value, 87.5);
  EXPECT_EQ(p.quartile, QuartilePosition::kTop);  // Q3 = 7
  EXPECT_DOUBLE_EQ(p.diff_to_median, 3);
  EXPECT_DOUBLE_EQ(*p.relative_diff_to_median.value, 0.6);
  EXPECT_NEAR(*p.z_score.value, 3 / std::sqrt(7.5), 1e-12);  // raw: mean 5, sd sqrt(7.5)

  ASSERT_OK_AND_ASSIGN(PeerComparison low, ComparePeers(cs, "u7", Polarity::kLowerIsBetter));
  EXPECT_EQ(*low.position->rank, 8);
  EXPECT_EQ(low.position->quartile, QuartilePosition::kBottom);
  EXPECT_DOUBLE_EQ(*low.position->z_score.value, *p.z_score.value);  // z is not oriented

  // Quartile boundaries are inclusive towards the better side: 3 = Q1, 5 = median.
  auto quartile = [&](const std::string& key, Polarity pol) {
    return ComparePeers(cs, key, pol)->position->quartile;
  };
  EXPECT_EQ(quartile("u2", Polarity::kHigherIsBetter), QuartilePosition::kLowerMiddle);
  EXPECT_EQ(quartile("u1", Polarity::kHigherIsBetter), QuartilePosition::kBottom);
  EXPECT_EQ(quartile("u4", Polarity::kHigherIsBetter), QuartilePosition::kUpperMiddle);
  EXPECT_EQ(quartile("u2", Polarity::kLowerIsBetter), QuartilePosition::kTop);
  EXPECT_EQ(quartile("u4", Polarity::kLowerIsBetter), QuartilePosition::kUpperMiddle);
  EXPECT_EQ(quartile("u6", Polarity::kLowerIsBetter), QuartilePosition::kLowerMiddle);
}

TEST(PeerStatsTest, RankingsDisabledLeaveRankUnset) {
  ASSERT_OK_AND_ASSIGN(
      PeerComparison c,
      ComparePeers(Peers({1, 2, 3}), "u0", Polarity::kHigherIsBetter, {.rankings_enabled = false}));
  EXPECT_FALSE(c.position->rank.has_value());
  EXPECT_FALSE(c.position->better.has_value());
  EXPECT_FALSE(c.position->worse.has_value());
  EXPECT_DOUBLE_EQ(c.position->diff_to_median, -1);
  EXPECT_DOUBLE_EQ(*c.position->relative_diff_to_median.value, -0.5);
  EXPECT_TRUE(c.position->percentile.defined());
}

TEST(PeerStatsTest, MissingValuesAndDegenerateGroups) {
  // The unit itself is suppressed: distribution without it, no position.
  ASSERT_OK_AND_ASSIGN(PeerComparison c,
                       ComparePeers(Peers({std::nullopt, 1, 2}), "u0", Polarity::kHigherIsBetter));
  EXPECT_EQ(c.distribution.n, 2);
  EXPECT_EQ(c.distribution.missing, 1);
  EXPECT_FALSE(c.position.has_value());
  EXPECT_NE(c.position_reason.find("no value"), std::string::npos);

  // Alone: rank 1, percentile and z undefined.
  ASSERT_OK_AND_ASSIGN(PeerComparison alone,
                       ComparePeers(Peers({5, std::nullopt}), "u0", Polarity::kHigherIsBetter));
  EXPECT_EQ(*alone.position->rank, 1);
  EXPECT_FALSE(alone.position->percentile.defined());
  EXPECT_FALSE(alone.position->z_score.defined());

  // All equal: sd 0, z undefined, all share rank 1 and percentile 50.
  ASSERT_OK_AND_ASSIGN(PeerComparison flat,
                       ComparePeers(Peers({3, 3, 3}), "u1", Polarity::kLowerIsBetter));
  EXPECT_EQ(*flat.distribution.sd.value, 0);
  EXPECT_FALSE(flat.position->z_score.defined());
  EXPECT_NE(flat.position->z_score.reason.find("same value"), std::string::npos);
  EXPECT_EQ(*flat.position->rank, 1);
  EXPECT_DOUBLE_EQ(*flat.position->percentile.value, 50);

  // Median 0: relative distance undefined.
  ASSERT_OK_AND_ASSIGN(PeerComparison zero,
                       ComparePeers(Peers({-1, 0, 1}), "u2", Polarity::kHigherIsBetter));
  EXPECT_FALSE(zero.position->relative_diff_to_median.defined());
}

TEST(PeerStatsTest, KeylessComparisonErrors) {
  EXPECT_STATUS(ComparePeerValues({1.0, 2.0}, 2, "x", Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "entry 2 of 2");
  EXPECT_STATUS(
      ComparePeerValues({1.0, std::numeric_limits<double>::infinity()}, 0, "x", Polarity::kNeutral),
      absl::StatusCode::kInvalidArgument, "peer 1: value is not finite");
  EXPECT_STATUS(ComparePeerValues({std::nullopt, std::nullopt}, 0, "x", Polarity::kNeutral),
                absl::StatusCode::kFailedPrecondition, "no peer has a value (2 missing)");
}

TEST(PeerStatsTest, Errors) {
  EXPECT_STATUS(ComparePeers(Peers({1, 2}), "nope", Polarity::kNeutral),
                absl::StatusCode::kNotFound, "nope");
  EXPECT_STATUS(ComparePeers({{"a", 1}, {"a", 2}}, "a", Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "twice");
  EXPECT_STATUS(ComparePeers({{"a", 1}, {"b", NAN}}, "a", Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "not finite");
  EXPECT_STATUS(ComparePeers(Peers({std::nullopt, std::nullopt}), "u0", Polarity::kNeutral),
                absl::StatusCode::kFailedPrecondition, "no peer has a value");
  EXPECT_STATUS(DescribePeers({}), absl::StatusCode::kFailedPrecondition, "no peer");
  ASSERT_OK_AND_ASSIGN(std::vector<RankedUnit> empty,
                       RankCrossSection(Peers({std::nullopt}), Polarity::kNeutral));
  EXPECT_TRUE(empty.empty());
}

// ---- Random data against the reference implementations. ----

TEST(PeerStatsTest, RandomCrossSectionsMatchReference) {
  std::mt19937 rng(5);
  const Polarity polarities[] = {Polarity::kHigherIsBetter, Polarity::kLowerIsBetter,
                                 Polarity::kNeutral};
  for (int trial = 0; trial < 600; ++trial) {
    const int size = 1 + static_cast<int>(rng() % 60);
    // A third of the trials draw from 4 distinct values: many ties.
    const int distinct = trial % 3 == 0 ? 4 : (trial % 3 == 1 ? 25 : 0);
    const double missing_share = (trial % 4) * 0.1;
    const Polarity pol = polarities[trial % 3];
    CrossSection cs;
    std::vector<double> values;  // those with a value, aligned with `keys`
    std::vector<std::string> keys;
    for (int i = 0; i < size; ++i) {
      std::string key = absl::StrCat("k", (i * 7919) % 100003);
      const bool missing = std::uniform_real_distribution<double>(0, 1)(rng) < missing_share;
      if (missing) {
        cs.push_back({key, std::nullopt});
        continue;
      }
      const double v = distinct > 0 ? static_cast<double>(rng() % distinct) - 1.5
                                    : std::normal_distribution<double>(12, 30)(rng);
      cs.push_back({key, v});
      values.push_back(v);
      keys.push_back(key);
    }
    SCOPED_TRACE(absl::StrCat("trial ", trial, " n=", values.size()));
    if (values.empty()) {
      EXPECT_STATUS(DescribePeers(cs), absl::StatusCode::kFailedPrecondition, "no peer");
      continue;
    }
    const int n = static_cast<int>(values.size());
    ASSERT_OK_AND_ASSIGN(PeerDistribution d, DescribePeers(cs));
    EXPECT_EQ(d.n, n);
    EXPECT_EQ(d.missing, size - n);
    for (auto [p, got] :
         {std::pair{0.0, d.min}, {0.25, d.q1}, {0.5, d.median}, {0.75, d.q3}, {1.0, d.max}}) {
      EXPECT_NEAR(got, NaiveQuantile(values, p), 1e-9) << "p=" << p;
    }
    double sum = 0;
    for (double v : values) sum += v;
    const double mean = sum / n;
    EXPECT_NEAR(d.mean, mean, 1e-9);
    if (n > 1) {
      double ss = 0;
      for (double v : values) ss += (v - mean) * (v - mean);
      EXPECT_NEAR(*d.sd.value, std::sqrt(ss / (n - 1)), 1e-9);
    }

    ASSERT_OK_AND_ASSIGN(std::vector<RankedUnit> table, RankCrossSection(cs, pol));
    ASSERT_EQ(static_cast<int>(table.size()), n);
    for (size_t t = 1; t < table.size(); ++t) {
      EXPECT_LE(table[t - 1].rank, table[t].rank);
      EXPECT_FALSE(Better(table[t].value, table[t - 1].value, pol));
    }
    // The keyless variant agrees with the keyed one for every unit, with or without value.
    std::vector<std::optional<double>> plain;
    for (const PeerValue& p : cs) plain.push_back(p.value);
    for (size_t i = 0; i < cs.size(); ++i) {
      ASSERT_OK_AND_ASSIGN(PeerComparison keyed, ComparePeers(cs, cs[i].unit_key, pol));
      ASSERT_OK_AND_ASSIGN(PeerComparison keyless,
                           ComparePeerValues(plain, i, cs[i].unit_key, pol));
      EXPECT_EQ(keyless.distribution.median, keyed.distribution.median);
      ASSERT_OK_AND_ASSIGN(PeerQuartiles quartiles, QuartilesOfValues(plain));
      EXPECT_EQ(quartiles.n, keyed.distribution.n);
      EXPECT_EQ(quartiles.missing, keyed.distribution.missing);
      EXPECT_EQ(quartiles.q1, keyed.distribution.q1);
      EXPECT_EQ(quartiles.median, keyed.distribution.median);
      EXPECT_EQ(quartiles.q3, keyed.distribution.q3);
      EXPECT_EQ(keyless.distribution.missing, keyed.distribution.missing);
      EXPECT_EQ(keyless.position.has_value(), keyed.position.has_value());
      EXPECT_EQ(keyless.position_reason, keyed.position_reason);
      if (keyed.position.has_value()) {
        EXPECT_EQ(keyless.position->rank, keyed.position->rank);
        EXPECT_EQ(keyless.position->percentile, keyed.position->percentile);
        EXPECT_EQ(keyless.position->quartile, keyed.position->quartile);
      }
    }
    for (int i = 0; i < n; ++i) {
      const NaivePosition ref = NaiveRank(values, i, pol);
      ASSERT_OK_AND_ASSIGN(PeerComparison c, ComparePeers(cs, keys[i], pol));
      ASSERT_TRUE(c.position.has_value());
      const UnitPosition& pos = *c.position;
      EXPECT_EQ(*pos.rank, ref.rank) << keys[i];
      if (n < 2) {
        EXPECT_FALSE(pos.percentile.defined());
      } else {
        EXPECT_NEAR(*pos.percentile.value, ref.percentile, 1e-9);
      }
      const auto row = std::find_if(table.begin(), table.end(),
                                    [&](const RankedUnit& r) { return r.unit_key == keys[i]; });
      ASSERT_NE(row, table.end());
      EXPECT_EQ(row->rank, ref.rank);
      EXPECT_EQ(row->percentile, pos.percentile);

      // Quartile by the documented cut-point rule, from the naive quantiles.
      const double q1 = NaiveQuantile(values, 0.25), q2 = NaiveQuantile(values, 0.5),
                   q3 = NaiveQuantile(values, 0.75), v = values[i];
      int expected_quartile;
      if (pol == Polarity::kLowerIsBetter) {
        expected_quartile = v <= q1 ? 4 : v <= q2 ? 3 : v <= q3 ? 2 : 1;
      } else {
        expected_quartile = v >= q3 ? 4 : v >= q2 ? 3 : v >= q1 ? 2 : 1;
      }
      EXPECT_EQ(static_cast<int>(pos.quartile), expected_quartile);
      EXPECT_NEAR(pos.diff_to_median, v - q2, 1e-9);
      if (n > 1 && *d.sd.value > 0) {
        EXPECT_NEAR(*pos.z_score.value, (v - mean) / *d.sd.value, 1e-9);
      }
    }
  }
}

// The distribution selects order statistics instead of sorting: it must give exactly what
// QuantileOfSorted gives on the sorted values, for every size (odd, even, small) and with ties.
TEST(PeerStatsTest, SelectedQuartilesEqualThoseOfTheSortedValues) {
  std::mt19937 rng(17);
  for (int n = 1; n <= 300; ++n) {
    SCOPED_TRACE(absl::StrCat("n=", n));
    CrossSection cs;
    std::vector<double> sorted;
    for (int i = 0; i < n; ++i) {
      const double v = n % 2 == 0 ? static_cast<double>(rng() % 7)
                                  : std::normal_distribution<double>(0, 100)(rng);
      cs.push_back({absl::StrCat("u", i), v});
      sorted.push_back(v);
    }
    std::sort(sorted.begin(), sorted.end());
    ASSERT_OK_AND_ASSIGN(PeerDistribution d, DescribePeers(cs));
    EXPECT_EQ(d.min, sorted.front());
    EXPECT_EQ(d.max, sorted.back());
    EXPECT_EQ(d.q1, QuantileOfSorted(sorted, 0.25));
    EXPECT_EQ(d.median, QuantileOfSorted(sorted, 0.5));
    EXPECT_EQ(d.q3, QuantileOfSorted(sorted, 0.75));
  }
}

TEST(PeerStatsTest, LargeCrossSection) {
  // Size of the benchmark target (all Gemeinden of a large Land); correctness only.
  std::mt19937 rng(11);
  CrossSection cs;
  for (int i = 0; i < 3000; ++i) {
    cs.push_back({absl::StrCat("09", 100000 + i),
                  i % 50 == 0 ? std::nullopt
                              : std::optional<double>(static_cast<double>(rng() % 500) / 10)});
  }
  ASSERT_OK_AND_ASSIGN(PeerComparison c, ComparePeers(cs, "09101234", Polarity::kLowerIsBetter));
  EXPECT_EQ(c.distribution.n, 2940);
  EXPECT_EQ(c.distribution.missing, 60);
  ASSERT_OK_AND_ASSIGN(std::vector<RankedUnit> table,
                       RankCrossSection(cs, Polarity::kLowerIsBetter));
  const auto row = std::find_if(table.begin(), table.end(),
                                [](const RankedUnit& r) { return r.unit_key == "09101234"; });
  ASSERT_NE(row, table.end());
  EXPECT_EQ(row->rank, *c.position->rank);
}

TEST(PeerStatsTest, RankTrajectory) {
  const std::vector<PeriodCrossSection> periods = {
      {2019, {{"a", 5}, {"b", 7}, {"c", 9}}},
      {2020, {{"a", 8}, {"b", 7}, {"c", 9}}},
      {2021, {{"b", 7}, {"c", 9}}},             // a not yet / no longer a unit
      {2022, {{"a", std::nullopt}, {"b", 7}}},  // a suppressed
      {2023, {{"a", 10}, {"b", 7}, {"c", 9}}},
  };
  ASSERT_OK_AND_ASSIGN(std::vector<RankTrajectoryPoint> t,
                       RankTrajectory(periods, "a", Polarity::kHigherIsBetter));
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(*t[0].rank, 3);
  EXPECT_DOUBLE_EQ(*t[0].percentile.value, 0);
  EXPECT_EQ(*t[1].rank, 2);
  EXPECT_DOUBLE_EQ(*t[1].percentile.value, 50);
  EXPECT_FALSE(t[2].rank.has_value());
  EXPECT_NE(t[2].percentile.reason.find("not in the cross-section"), std::string::npos);
  EXPECT_EQ(t[3].n, 1);
  EXPECT_FALSE(t[3].value.has_value());
  EXPECT_NE(t[3].percentile.reason.find("no value"), std::string::npos);
  EXPECT_EQ(*t[4].rank, 1);
  EXPECT_EQ(*t[4].quartile, QuartilePosition::kTop);

  ASSERT_OK_AND_ASSIGN(
      std::vector<RankTrajectoryPoint> hidden,
      RankTrajectory(periods, "a", Polarity::kHigherIsBetter, {.rankings_enabled = false}));
  EXPECT_FALSE(hidden[0].rank.has_value());
  EXPECT_TRUE(hidden[0].percentile.defined());

  EXPECT_STATUS(RankTrajectory(periods, "zz", Polarity::kNeutral), absl::StatusCode::kNotFound,
                "none of the cross-sections");
  EXPECT_STATUS(RankTrajectory({{2020, {{"a", 1}}}, {2019, {{"a", 1}}}}, "a", Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "strictly increasing");
  EXPECT_STATUS(RankTrajectory({{2020, {{"a", 1}, {"a", 2}}}}, "a", Polarity::kNeutral),
                absl::StatusCode::kInvalidArgument, "period 2020");
}

}  // namespace
}  // namespace integra::monitoring::analytics
