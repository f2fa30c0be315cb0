// Peer sets (default, land, custom, validity, cache invalidation) and peer comparison through
// storage: polarity, ties, missing values, rankings switched off, rank trajectory.
#include <cmath>
#include <functional>
#include <optional>

#include "absl/strings/str_cat.h"
#include "tests/monitoring/analytics_fixture.h"

namespace integra::monitoring {
namespace {

using PeerQueriesTest = AnalyticsFixture;

std::vector<std::string> Keys(const PeerSet& set) {
  std::vector<std::string> out;
  for (uint32_t code : set.codes) out.push_back(*UnitKeyOfCode(code));
  return out;
}

using Keys_ = std::vector<std::string>;

TEST_F(PeerQueriesTest, DefaultPeersShareLevelTypeAndSizeClass) {
  ASSERT_OK_AND_ASSIGN(PeerSet set, peers_->Resolve("01051001", {}, std::nullopt));
  EXPECT_EQ(Keys(set), (Keys_{"01051001", "01051002", "01051004", "05962004", "05962012"}));
  EXPECT_EQ(set.level, UnitLevel::kGemeinde);
  EXPECT_NE(set.description.find("KLEINSTADT"), std::string::npos) << set.description;

  // Kreisfreie Städte at Gemeinde level: only the Großstädte among them (Flensburg is a
  // Mittelstadt).
  ASSERT_OK_AND_ASSIGN(set, peers_->Resolve("05911000", {}, std::nullopt));
  EXPECT_EQ(Keys(set), (Keys_{"01002000", "05911000", "05913000"}));
  // Landkreise compare with Landkreise (size class not applicable).
  ASSERT_OK_AND_ASSIGN(set, peers_->Resolve("01051", {}, std::nullopt));
  EXPECT_EQ(Keys(set), (Keys_{"01051", "05962"}));
}

TEST_F(PeerQueriesTest, LandPeersStayWithinTheLand) {
  ASSERT_OK_AND_ASSIGN(PeerSelection land, ParsePeerSelection("land"));
  ASSERT_OK_AND_ASSIGN(PeerSet set, peers_->Resolve("05962012", land, std::nullopt));
  EXPECT_EQ(Keys(set), (Keys_{"05962004", "05962012"}));
  EXPECT_STATUS(peers_->Resolve("01", land, std::nullopt), absl::StatusCode::kInvalidArgument,
                "below the Land level");
}

TEST_F(PeerQueriesTest, CustomGroupsAreStoredAndResolved) {
  ASSERT_OK_AND_ASSIGN(
      PeerGroup g,
      groups_->Create(
          {.name = "ruhr", .title = "Ruhr cities", .members = {"05913000", "05911000", "05962008"}},
          "tester"));
  EXPECT_EQ(g.members, (Keys_{"05911000", "05913000", "05962008"}));
  EXPECT_EQ(g.created_by, "tester");
  EXPECT_STATUS(groups_->Create({.name = "ruhr", .members = {"05911000"}}, "t"),
                absl::StatusCode::kAlreadyExists, "already exists");
  EXPECT_STATUS(groups_->Create({.name = "mixed", .members = {"05911", "05911000"}}, "t"),
                absl::StatusCode::kInvalidArgument, "one level");
  EXPECT_STATUS(groups_->Create({.name = "ghost", .members = {"05911999"}}, "t"),
                absl::StatusCode::kNotFound, "05911999");
  EXPECT_STATUS(groups_->Create({.name = "land", .members = {"05911000"}}, "t"),
                absl::StatusCode::kInvalidArgument, "reserved");
  EXPECT_STATUS(groups_->Create({.name = "empty"}, "t"), absl::StatusCode::kInvalidArgument,
                "at least one member");

  ASSERT_OK_AND_ASSIGN(PeerSelection ruhr, ParsePeerSelection("ruhr"));
  ASSERT_OK_AND_ASSIGN(PeerSet set, peers_->Resolve("05911000", ruhr, std::nullopt));
  EXPECT_EQ(Keys(set), (Keys_{"05911000", "05913000", "05962008"}));
  EXPECT_TRUE(set.unit_is_member);
  // A non-member is compared with the group: it is added.
  ASSERT_OK_AND_ASSIGN(set, peers_->Resolve("01002000", ruhr, std::nullopt));
  EXPECT_FALSE(set.unit_is_member);
  EXPECT_EQ(Keys(set), (Keys_{"01002000", "05911000", "05913000", "05962008"}));
  EXPECT_STATUS(peers_->Resolve("05911", ruhr, std::nullopt), absl::StatusCode::kInvalidArgument,
                "gemeinde units");

  // Groups survive a restart; deletion removes them.
  ReopenAll();
  ASSERT_OK_AND_ASSIGN(g, groups_->Get("ruhr"));
  EXPECT_EQ(g.title, "Ruhr cities");
  EXPECT_EQ(groups_->List().size(), 1u);
  ASSERT_OK(groups_->Delete("ruhr"));
  EXPECT_STATUS(groups_->Get("ruhr"), absl::StatusCode::kNotFound, "not found");
  EXPECT_STATUS(peers_->Resolve("05911000", ruhr, std::nullopt), absl::StatusCode::kNotFound,
                "ruhr");

  // A group of the same name created anew is resolved anew (resolutions are reused per group
  // version), and so is a group after a register change (a member's validity).
  ASSERT_OK(groups_->Create({.name = "ruhr", .members = {"05913000", "05962008"}}, "t").status());
  ASSERT_OK_AND_ASSIGN(set, peers_->Resolve("05913000", ruhr, std::nullopt));
  EXPECT_EQ(Keys(set), (Keys_{"05913000", "05962008"}));
  ASSERT_OK(units_->Upsert({.key = "05962008",
                            .name = "Iserlohn",
                            .type = UnitType::kKreisangehoerigeGemeinde,
                            .population = 50000,
                            .valid_to = "2015-12-31"}));
  ASSERT_OK_AND_ASSIGN(set, peers_->Resolve("05913000", ruhr, Period{2016, 0}));
  EXPECT_EQ(Keys(set), (Keys_{"05913000"}));
  ASSERT_OK_AND_ASSIGN(set, peers_->Resolve("05913000", ruhr, Period{2015, 0}));
  EXPECT_EQ(Keys(set), (Keys_{"05913000", "05962008"}));
}

TEST_F(PeerQueriesTest, LevelCountsFollowTheRegister) {
  const size_t gemeinden = units_->CountAtLevel(UnitLevel::kGemeinde);
  const size_t kreise = units_->CountAtLevel(UnitLevel::kKreis);
  EXPECT_GT(gemeinden, 0u);
  Unit wesselburen{.key = "01051005",
                   .name = "Wesselburen",
                   .type = UnitType::kKreisangehoerigeGemeinde,
                   .population = 3300};
  ASSERT_OK(units_->Upsert(wesselburen));
  EXPECT_EQ(units_->CountAtLevel(UnitLevel::kGemeinde), gemeinden + 1);
  wesselburen.population = 3400;  // an update is no new unit
  ASSERT_OK(units_->Upsert(wesselburen));
  EXPECT_EQ(units_->CountAtLevel(UnitLevel::kGemeinde), gemeinden + 1);
  EXPECT_EQ(units_->CountAtLevel(UnitLevel::kKreis), kreise);
  ReopenAll();
  EXPECT_EQ(units_->CountAtLevel(UnitLevel::kGemeinde), gemeinden + 1);
  EXPECT_EQ(units_->CountAtLevel(UnitLevel::kBund), 1u);
}

TEST_F(PeerQueriesTest, PeerSetsFollowUnitWritesAndValidity) {
  ASSERT_OK_AND_ASSIGN(PeerSet before, peers_->Resolve("01051001", {}, std::nullopt));
  EXPECT_EQ(before.codes.size(), 5u);
  // Brunsbüttel grows into a Mittelstadt; a new Kleinstadt appears (the cache is invalidated).
  ASSERT_OK(units_->Upsert({.key = "01051002",
                            .name = "Brunsbüttel",
                            .type = UnitType::kKreisangehoerigeGemeinde,
                            .population = 25000}));
  ASSERT_OK(units_->Upsert({.key = "01051005",
                            .name = "Wesselburen",
                            .type = UnitType::kKreisangehoerigeGemeinde,
                            .population = 5500,
                            .valid_from = "2017-01-01"}));
  ASSERT_OK_AND_ASSIGN(PeerSet after, peers_->Resolve("01051001", {}, std::nullopt));
  EXPECT_EQ(Keys(after), (Keys_{"01051001", "01051004", "01051005", "05962004", "05962012"}));
  // In 2016 the new unit did not exist yet.
  ASSERT_OK_AND_ASSIGN(PeerSet in_2016, peers_->Resolve("01051001", {}, Period{2016, 0}));
  EXPECT_EQ(Keys(in_2016), (Keys_{"01051001", "01051004", "05962004", "05962012"}));
}

class CompareTest : public AnalyticsFixture {
 protected:
  void SetUp() override {
    AnalyticsFixture::SetUp();
    CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
    for (const auto& [unit, value] : std::vector<std::pair<std::string, double>>{
             {"01051001", 5.0},
             {"01051002", 7.0},
             {"05962004", 5.0},
             {"05962012", 9.0},
             {"01051003", 1.0},
             {"05962008", 2.0}}) {  // the last two are no Kleinstädte
      Put("ALQ", unit, "2016", value);
    }
  }
  absl::StatusOr<CompareResult> Compare(const std::string& code, const std::string& unit,
                                        const std::string& peers = "default") {
    auto selection = ParsePeerSelection(peers);
    if (!selection.ok()) return selection.status();
    return queries_->Compare(
        {.indicator_code = code, .unit_key = unit, .period = "2016", .peers = *selection});
  }
};

TEST_F(CompareTest, ComparesWithinThePeerSetWithTiesAndPolarity) {
  ASSERT_OK_AND_ASSIGN(CompareResult r, Compare("ALQ", "01051001"));
  const analytics::PeerDistribution& d = r.comparison.distribution;
  EXPECT_EQ(d.n, 4);
  EXPECT_EQ(d.missing, 1);  // 01051004 has no value
  EXPECT_DOUBLE_EQ(d.min, 5);
  EXPECT_DOUBLE_EQ(d.q1, 5);
  EXPECT_DOUBLE_EQ(d.median, 6);
  EXPECT_DOUBLE_EQ(d.q3, 7.5);
  EXPECT_DOUBLE_EQ(d.max, 9);
  EXPECT_DOUBLE_EQ(d.mean, 6.5);
  EXPECT_NEAR(*d.sd.value, std::sqrt(11.0 / 3), 1e-12);
  ASSERT_TRUE(r.comparison.position.has_value());
  const analytics::UnitPosition& p = *r.comparison.position;
  // Lower is better: 5 is the best value, shared with 05962004 (competition ranking "1134").
  EXPECT_EQ(p.rank, 1);
  EXPECT_EQ(p.better, 0);
  EXPECT_EQ(p.tied, 1);
  EXPECT_EQ(p.worse, 2);
  EXPECT_NEAR(*p.percentile.value, 100 * 2.5 / 3, 1e-9);
  EXPECT_NEAR(*p.z_score.value, -1.5 / std::sqrt(11.0 / 3), 1e-12);
  EXPECT_EQ(p.quartile, analytics::QuartilePosition::kTop);
  EXPECT_TRUE(r.rankings.enabled);

  // The worst Kleinstadt.
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "05962012"));
  EXPECT_EQ(r.comparison.position->rank, 4);
  EXPECT_EQ(r.comparison.position->quartile, analytics::QuartilePosition::kBottom);

  // The same values with higher-is-better polarity turn the order round: 5 now ranks third.
  CreateRateIndicator("QUOTE_HOCH", Polarity::kHigherIsBetter);
  for (const auto& [unit, value] : std::vector<std::pair<std::string, double>>{
           {"01051001", 5.0}, {"01051002", 7.0}, {"05962004", 5.0}, {"05962012", 9.0}}) {
    Put("QUOTE_HOCH", unit, "2016", value);
  }
  ASSERT_OK_AND_ASSIGN(r, Compare("QUOTE_HOCH", "01051001"));
  EXPECT_EQ(r.comparison.position->rank, 3);
  EXPECT_EQ(r.comparison.position->better, 2);
  EXPECT_NEAR(*r.comparison.position->percentile.value, 100 * 0.5 / 3, 1e-9);
  // Q1 = 5: boundaries count towards the better side.
  EXPECT_EQ(r.comparison.position->quartile, analytics::QuartilePosition::kLowerMiddle);
}

TEST_F(CompareTest, LandAndCustomPeersAndMissingValues) {
  ASSERT_OK_AND_ASSIGN(CompareResult r, Compare("ALQ", "01051001", "land"));
  EXPECT_EQ(r.comparison.distribution.n, 2);
  EXPECT_EQ(r.comparison.distribution.missing, 1);
  EXPECT_EQ(r.comparison.position->rank, 1);

  ASSERT_OK(groups_->Create({.name = "mix", .members = {"01051003", "05962008", "01051001"}}, "t"));
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "01051001", "mix"));
  EXPECT_EQ(r.comparison.distribution.n, 3);
  EXPECT_EQ(r.comparison.position->rank, 3);

  // A unit without a value gets the distribution but no position.
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "01051004"));
  EXPECT_FALSE(r.comparison.position.has_value());
  EXPECT_FALSE(r.comparison.position_reason.empty());
  // Suppressed values count as missing.
  Put("ALQ", "05962004", "2016", std::nullopt, {}, kFlagSuppressed);
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "01051001"));
  EXPECT_EQ(r.comparison.distribution.n, 3);
  EXPECT_EQ(r.comparison.distribution.missing, 2);
  EXPECT_EQ(r.comparison.position->tied, 0);

  EXPECT_STATUS(Compare("ALQ", "01051001", "nosuchgroup"), absl::StatusCode::kNotFound,
                "nosuchgroup");
  EXPECT_STATUS(
      queries_->Compare({.indicator_code = "ALQ", .unit_key = "01051001", .period = "2015"}),
      absl::StatusCode::kFailedPrecondition, "default peers of 01051001");
}

// The rows of a comparison (include_peers) against a computation written here: the peer set of
// Heide (default: the Kleinstädte 01051001, 01051002, 01051004, 05962004, 05962012), names from
// the register, values as stored, and competition ranks (1 + the number of strictly better
// values; lower is better for ALQ) over the values the statistics use.
struct ExpectedRow {
  std::string key, name;
  std::optional<double> value;
  bool suppressed = false;
};
std::optional<int> CompetitionRank(const std::vector<ExpectedRow>& rows, size_t i) {
  if (!rows[i].value.has_value() || rows[i].suppressed) return std::nullopt;
  int better = 0;
  for (const ExpectedRow& r : rows) {
    if (r.value.has_value() && !r.suppressed && *r.value < *rows[i].value) ++better;
  }
  return 1 + better;
}

TEST_F(CompareTest, RowsListEveryPeerWithNameValueFlagsAndRank) {
  auto compare = [&](std::function<bool(const std::string&)> reveals) {
    return queries_->Compare({.indicator_code = "ALQ",
                              .unit_key = "01051001",
                              .period = "2016",
                              .include_peers = true,
                              .reveals_suppressed = std::move(reveals)});
  };
  auto check = [&](const CompareResult& r, const std::vector<ExpectedRow>& expected, bool reveal,
                   bool ranked) {
    ASSERT_EQ(r.rows.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      const ComparePeerRow& row = r.rows[i];
      const ExpectedRow& e = expected[i];
      EXPECT_EQ(row.unit_key, e.key);
      EXPECT_EQ(row.name, e.name);
      const std::optional<double> shown = e.suppressed && !reveal ? std::nullopt : e.value;
      EXPECT_EQ(row.value, shown) << e.key;
      EXPECT_EQ((row.flags & kFlagSuppressed) != 0, e.suppressed) << e.key;
      EXPECT_EQ(row.rank, ranked ? CompetitionRank(expected, i) : std::nullopt) << e.key;
      if (e.key == "01051001" && ranked) {
        EXPECT_EQ(row.rank, r.comparison.position->rank);
      }
    }
  };
  std::vector<ExpectedRow> expected = {{"01051001", "Heide", 5.0},
                                       {"01051002", "Brunsbüttel", 7.0},
                                       {"01051004", "Meldorf", std::nullopt},
                                       {"05962004", "Altena", 5.0},
                                       {"05962012", "Balve", 9.0}};
  ASSERT_OK_AND_ASSIGN(CompareResult r, compare(nullptr));
  check(r, expected, /*reveal=*/false, /*ranked=*/true);
  // Hand-derived: 5, 5 share rank 1, then 7 is 3rd and 9 4th; Meldorf has none.
  EXPECT_EQ(r.rows[0].rank, 1);
  EXPECT_EQ(r.rows[1].rank, 3);
  EXPECT_EQ(r.rows[3].rank, 1);
  EXPECT_EQ(r.rows[4].rank, 4);
  // Without include_peers there are no rows.
  ASSERT_OK_AND_ASSIGN(CompareResult bare, Compare("ALQ", "01051001"));
  EXPECT_TRUE(bare.rows.empty());

  // A suppressed value: shown only to a caller it is revealed to, never ranked (the statistics
  // treat it as missing for everyone), and the others' ranks close up.
  Put("ALQ", "05962004", "2016", 4.0, {}, kFlagSuppressed);
  expected[3] = {"05962004", "Altena", 4.0, /*suppressed=*/true};
  ASSERT_OK_AND_ASSIGN(r, compare(nullptr));
  check(r, expected, /*reveal=*/false, /*ranked=*/true);
  EXPECT_EQ(r.rows[1].rank, 2);
  ASSERT_OK_AND_ASSIGN(r, compare([](const std::string& key) { return key == "05962004"; }));
  check(r, expected, /*reveal=*/true, /*ranked=*/true);
  ASSERT_OK_AND_ASSIGN(r, compare([](const std::string&) { return false; }));
  check(r, expected, /*reveal=*/false, /*ranked=*/true);

  // Rankings off: values and flags, no ranks.
  OpenAnalytics({.rankings_enabled = false});
  ASSERT_OK_AND_ASSIGN(r, compare(nullptr));
  check(r, expected, /*reveal=*/false, /*ranked=*/false);
}

TEST_F(CompareTest, RowsOfAGapIndicatorAreTheComputedGaps) {
  // Gaps are computed on read (foreign - german), so the rows come from the units' series.
  const Breakdown foreign{{"nationality", "foreign"}}, german{{"nationality", "german"}};
  for (const auto& [unit, f, g] : std::vector<std::tuple<std::string, double, double>>{
           {"01051001", 12.0, 5.0}, {"01051002", 9.0, 6.5}, {"05962012", 20.0, 8.0}}) {
    Put("ALQ", unit, "2016", f, foreign);
    Put("ALQ", unit, "2016", g, german);
  }
  ASSERT_NO_FATAL_FAILURE(CreateGapIndicator());
  ASSERT_OK_AND_ASSIGN(CompareResult r, queries_->Compare({.indicator_code = "ALQ_GAP",
                                                           .unit_key = "01051001",
                                                           .period = "2016",
                                                           .include_peers = true}));
  const std::vector<ExpectedRow> expected = {{"01051001", "Heide", 7.0},
                                             {"01051002", "Brunsbüttel", 2.5},
                                             {"01051004", "Meldorf", std::nullopt},
                                             {"05962004", "Altena", std::nullopt},
                                             {"05962012", "Balve", 12.0}};
  ASSERT_EQ(r.rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.rows[i].unit_key, expected[i].key);
    EXPECT_EQ(r.rows[i].value, expected[i].value) << expected[i].key;
    EXPECT_EQ(r.rows[i].rank, CompetitionRank(expected, i)) << expected[i].key;
  }
  EXPECT_EQ(r.rows[0].rank, r.comparison.position->rank);
}

TEST_F(CompareTest, RankingsSwitchedOffShowPositionButNoRank) {
  // Per deployment.
  OpenAnalytics({.rankings_enabled = false});
  ASSERT_OK_AND_ASSIGN(CompareResult r, Compare("ALQ", "01051001"));
  EXPECT_FALSE(r.rankings.enabled);
  EXPECT_NE(r.rankings.note.find("deployment"), std::string::npos);
  ASSERT_TRUE(r.comparison.position.has_value());
  EXPECT_FALSE(r.comparison.position->rank.has_value());
  EXPECT_FALSE(r.comparison.position->better.has_value());
  EXPECT_EQ(r.comparison.position->quartile, analytics::QuartilePosition::kTop);
  EXPECT_DOUBLE_EQ(r.comparison.position->diff_to_median, -1);
  EXPECT_TRUE(r.comparison.position->percentile.defined());
  ASSERT_OK_AND_ASSIGN(TrajectoryResult t,
                       queries_->Trajectory({.indicator_code = "ALQ", .unit_key = "01051001"}));
  EXPECT_FALSE(t.points[0].rank.has_value());

  // Per indicator.
  OpenAnalytics();
  CreateRateIndicator("ALQ_NO_RANK", Polarity::kLowerIsBetter, /*ranking_allowed=*/false);
  Put("ALQ_NO_RANK", "01051001", "2016", 5.0);
  Put("ALQ_NO_RANK", "01051002", "2016", 6.0);
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ_NO_RANK", "01051001"));
  EXPECT_FALSE(r.rankings.enabled);
  EXPECT_NE(r.rankings.note.find("ALQ_NO_RANK"), std::string::npos);
  EXPECT_FALSE(r.comparison.position->rank.has_value());
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "01051001"));
  EXPECT_EQ(r.comparison.position->rank, 1);
}

TEST_F(CompareTest, PackedCrossSectionsFollowWrites) {
  ASSERT_OK_AND_ASSIGN(CompareResult r, Compare("ALQ", "01051001"));
  EXPECT_EQ(r.comparison.position->rank, 1);
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "05962012"));
  EXPECT_EQ(r.comparison.position->rank, 4);
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "01051001"));
  EXPECT_EQ(r.comparison.position->rank, 1);
  EXPECT_EQ(r.comparison.distribution.n, 4);
  EXPECT_DOUBLE_EQ(r.comparison.distribution.q3, 7.5);
  // A correction rewrites the packed section: the next comparison sees it.
  Put("ALQ", "05962012", "2016", 3.0);
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "01051001"));
  EXPECT_EQ(r.comparison.position->rank, 2);
  EXPECT_DOUBLE_EQ(r.comparison.distribution.min, 3);
  Put("ALQ", "01051004", "2016", 4.0);  // a peer that had no value
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "01051001"));
  EXPECT_EQ(r.comparison.distribution.n, 5);
  EXPECT_EQ(r.comparison.distribution.missing, 0);
}

TEST_F(CompareTest, ASparsePeerSetIsFoundInTheLevelsSection) {
  // 30 Landgemeinden with values; a group of three of them far apart in the section, so the
  // binary searches skip many non-peers.
  std::vector<Unit> more;
  for (int i = 100; i < 130; ++i) {
    more.push_back({.key = absl::StrCat("01051", i),
                    .name = absl::StrCat("G", i),
                    .type = UnitType::kKreisangehoerigeGemeinde,
                    .population = 900});
  }
  ASSERT_OK_AND_ASSIGN(UnitBatchResult added, units_->UpsertBatch(more));
  ASSERT_TRUE(added.applied);
  for (int i = 100; i < 130; ++i) Put("ALQ", absl::StrCat("01051", i), "2016", i / 10.0);
  ASSERT_OK(
      groups_->Create({.name = "sparse", .members = {"01051100", "01051115", "01051129"}}, "t"));
  ASSERT_OK_AND_ASSIGN(CompareResult r, Compare("ALQ", "01051115", "sparse"));
  EXPECT_EQ(r.comparison.distribution.n, 3);
  EXPECT_DOUBLE_EQ(r.comparison.distribution.min, 10.0);
  EXPECT_DOUBLE_EQ(r.comparison.distribution.median, 11.5);
  EXPECT_DOUBLE_EQ(r.comparison.distribution.max, 12.9);
  EXPECT_EQ(r.comparison.position->rank, 2);
  // The dense default set of the same section is unaffected.
  ASSERT_OK_AND_ASSIGN(r, Compare("ALQ", "01051001"));
  EXPECT_EQ(r.comparison.distribution.n, 4);
  EXPECT_DOUBLE_EQ(r.comparison.distribution.q3, 7.5);
}

TEST_F(CompareTest, RankTrajectoryOverPeriods) {
  Put("ALQ", "01051001", "2014", 8.0);
  Put("ALQ", "01051002", "2014", 6.0);
  Put("ALQ", "05962004", "2014", 7.0);
  Put("ALQ", "01051002", "2015", 6.5);
  ASSERT_OK_AND_ASSIGN(TrajectoryResult t, queries_->Trajectory({.indicator_code = "ALQ",
                                                                 .unit_key = "01051001",
                                                                 .from_period = "2014",
                                                                 .to_period = "2016"}));
  ASSERT_EQ(t.points.size(), 3u);
  EXPECT_EQ(t.periods[0].ToString(), "2014");
  EXPECT_EQ(t.points[0].n, 3);
  EXPECT_EQ(t.points[0].rank, 3);
  EXPECT_FALSE(t.points[1].value.has_value());  // no value in 2015
  EXPECT_FALSE(t.points[1].percentile.defined());
  EXPECT_EQ(t.points[2].rank, 1);
  EXPECT_EQ(t.points[2].n, 4);
}

}  // namespace
}  // namespace integra::monitoring
