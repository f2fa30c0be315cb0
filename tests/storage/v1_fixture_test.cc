// The schema-version-1 data dir fixture (tests/fixtures/v1_datadir.tar.gz, written by
// tests/fixtures/make_v1_datadir.cc): extracted into a fresh temp dir and opened with the full
// domain wiring (as services/api/server.cc wires it), every stored thing is checked against the
// values the generator wrote, written out here by hand.
//
// This test must keep passing when the schema moves on: a later binary opens this version-1 dir
// and migrates it. It reads through the public APIs only (no raw keys), so it checks what the data
// mean, not how they are laid out; tests/*/golden_bytes_test.cc pin the layout.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/analytics_reader.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "services/security/token_store.h"
#include "storage/store.h"
#include "tests/testing/engine_parts.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::monitoring {
namespace {

constexpr double kEps = 1e-9;

std::string TarballPath() {
  return std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/v1_datadir.tar.gz";
}

class V1FixtureTest : public ::testing::Test, protected testing::EngineParts {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(TarballPath())) << TarballPath();
    const std::string cmd = "tar -xzf '" + TarballPath() + "' -C '" + dir_.path() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string data_dir = dir_.Sub("v1_datadir");
    ASSERT_TRUE(std::filesystem::is_directory(data_dir));
    // A cleanly closed store: data in SST files, no write-ahead log to replay.
    bool has_sst = false;
    for (const auto& entry : std::filesystem::directory_iterator(data_dir)) {
      const std::string name = entry.path().filename().string();
      if (name.ends_with(".sst")) has_sst = true;
      if (name.ends_with(".log")) {
        EXPECT_EQ(entry.file_size(), 0u) << "fixture holds a non-empty WAL " << name;
      }
    }
    EXPECT_TRUE(has_sst);

    // The composition root integrad opens (migrating the schema-1 data dir).
    OpenEngine({.data_dir = data_dir});
  }

  void TearDown() override { CloseEngine(); }

  testing::TempDir dir_;
};

TEST_F(V1FixtureTest, SchemaVersion) {
  // Opening the schema-1 fixture migrated it (services/monitoring/schema_migration.h); every
  // other test in this file reads the migrated data and expects what schema 1 held.
  EXPECT_EQ(store_->schema_version(), 3u);
  auto cross = store_->NewIterator(storage::Family::kObsCross, "", "");
  cross->SeekToFirst();
  EXPECT_FALSE(cross->Valid());  // the per-cell records are gone, packed into sections
  EXPECT_OK(cross->status());
}

TEST_F(V1FixtureTest, FamiliesAddedSinceAreCreatedOnOpen) {
  // The fixture predates the tokens family; opening created it, and it works.
  security::TokenStore tokens(store_);
  ASSERT_OK_AND_ASSIGN(auto empty, tokens.List());
  EXPECT_TRUE(empty.empty());
  ASSERT_OK_AND_ASSIGN(auto created,
                       tokens.Create({.name = "admin", .role = security::Role::kAdmin}));
  ASSERT_OK_AND_ASSIGN(auto caller, tokens.Authenticate(created.secret));
  EXPECT_EQ(caller.name, "admin");
}

TEST_F(V1FixtureTest, Units) {
  uint64_t generation = 0;
  std::vector<Unit> all = units_->Snapshot(&generation);
  std::vector<std::string> keys;
  keys.reserve(all.size());
  for (const Unit& u : all) keys.push_back(u.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"05", "05158", "05158004", "05158016", "05158028",
                                            "05158032", "05315", "05315000", "DG"}));

  ASSERT_OK_AND_ASSIGN(Unit nrw, units_->Get("05"));
  EXPECT_EQ(nrw.name, "Nordrhein-Westfalen");
  EXPECT_EQ(nrw.type, UnitType::kLand);
  EXPECT_EQ(nrw.seat, "Düsseldorf");
  EXPECT_FALSE(nrw.population.has_value());
  ASSERT_OK_AND_ASSIGN(Unit bund, units_->Get("DG"));
  EXPECT_EQ(bund.type, UnitType::kBund);

  ASSERT_OK_AND_ASSIGN(Unit me, units_->Get("05158"));
  EXPECT_EQ(me.name, "Mettmann");
  EXPECT_EQ(me.type, UnitType::kLandkreis);
  EXPECT_EQ(me.population, 489794);
  EXPECT_EQ(me.population_year, 2022);
  ASSERT_TRUE(me.area_km2.has_value());
  EXPECT_DOUBLE_EQ(*me.area_km2, 407.21);
  EXPECT_EQ(me.territory_date, "2023-11-30");
  EXPECT_EQ(me.seat, "Mettmann");
  EXPECT_EQ(me.official_type_code, "43");
  EXPECT_EQ(me.official_type, "Kreis");

  ASSERT_OK_AND_ASSIGN(Unit koeln, units_->Get("05315"));
  EXPECT_EQ(koeln.name, "Köln, Stadt");
  EXPECT_EQ(koeln.type, UnitType::kKreisfreieStadt);
  EXPECT_EQ(koeln.population, 1084831);
  ASSERT_TRUE(koeln.area_km2.has_value());
  EXPECT_DOUBLE_EQ(*koeln.area_km2, 405.02);
  EXPECT_EQ(koeln.official_type, "Kreisfreie Stadt");
  EXPECT_EQ(koeln.twin_key(), "05315000");
  ASSERT_OK_AND_ASSIGN(Unit koeln_g, units_->Get("05315000"));
  EXPECT_EQ(koeln_g.name, "Köln, Stadt");
  EXPECT_EQ(koeln_g.type, UnitType::kKreisfreieStadt);
  EXPECT_EQ(koeln_g.population, 1084831);

  const std::map<std::string, std::pair<std::string, int64_t>> gemeinden = {
      {"05158004", {"Erkrath, Fundort des Neanderthalers, Stadt", 43815}},
      {"05158016", {"Hilden, Stadt", 55085}},
      {"05158028", {"Ratingen, Stadt", 88425}},
      {"05158032", {"Velbert, Stadt", 82319}}};
  for (const auto& [key, expected] : gemeinden) {
    ASSERT_OK_AND_ASSIGN(Unit g, units_->Get(key));
    EXPECT_EQ(g.name, expected.first) << key;
    EXPECT_EQ(g.type, UnitType::kKreisangehoerigeGemeinde) << key;
    EXPECT_EQ(g.population, expected.second) << key;
    EXPECT_EQ(g.population_year, 2022) << key;
    EXPECT_EQ(g.official_type_code, "63") << key;
    EXPECT_EQ(g.official_type, "Stadt") << key;
    EXPECT_EQ(g.size_class(), SizeClass::kMittelstadt) << key;
    EXPECT_EQ(g.parent_key(), "05158") << key;
    // The reform ends no unit.
    EXPECT_EQ(g.valid_from, "") << key;
    EXPECT_EQ(g.valid_to, "") << key;
  }
}

TEST_F(V1FixtureTest, Indicators) {
  ASSERT_OK_AND_ASSIGN(IndicatorPage page, catalog_->List(0, ""));
  std::vector<std::string> codes;
  for (const Indicator& i : page.indicators) codes.push_back(i.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"ALQ", "ALQ_GAP", "EW"}));

  ASSERT_OK_AND_ASSIGN(IndicatorInfo ew, catalog_->Get("EW"));
  EXPECT_EQ(ew.indicator.id, 1u);
  EXPECT_EQ(ew.indicator.name_de, "Einwohner");
  EXPECT_EQ(ew.indicator.unit, MeasureUnit::kCount);
  EXPECT_EQ(ew.indicator.unit_label, "Personen");
  EXPECT_EQ(ew.indicator.polarity, Polarity::kNeutral);
  EXPECT_EQ(ew.indicator.aggregation.kind, AggregationKind::kSum);
  EXPECT_EQ(ew.indicator.sheet.data_source, "IT.NRW");
  EXPECT_TRUE(ew.indicator.dimensions.empty());
  EXPECT_TRUE(ew.measured_node_ids.empty());
  EXPECT_GT(ew.indicator.created_micros, 0);

  ASSERT_OK_AND_ASSIGN(IndicatorInfo alq, catalog_->Get("ALQ"));
  EXPECT_EQ(alq.indicator.id, 2u);
  EXPECT_EQ(alq.indicator.name_de, "Arbeitslosenquote");
  EXPECT_EQ(alq.indicator.sheet.definition, "Arbeitslose in Prozent der zivilen Erwerbspersonen");
  EXPECT_EQ(alq.indicator.sheet.relevance, "Teilhabe am Arbeitsmarkt");
  EXPECT_EQ(alq.indicator.sheet.interpretation, "Niedriger ist besser");
  EXPECT_EQ(alq.indicator.sheet.data_source, "Bundesagentur für Arbeit");
  EXPECT_EQ(alq.indicator.sheet.methodological_notes, "Jahresdurchschnitt");
  EXPECT_EQ(alq.indicator.unit, MeasureUnit::kPercent);
  EXPECT_EQ(alq.indicator.polarity, Polarity::kLowerIsBetter);
  EXPECT_EQ(alq.indicator.periodicity, Periodicity::kYear);
  EXPECT_EQ(alq.indicator.aggregation.kind, AggregationKind::kNone);
  EXPECT_TRUE(alq.indicator.ranking_allowed);
  EXPECT_EQ(alq.indicator.dimensions,
            (std::vector<Dimension>{{"nationality", {"german", "foreign"}}}));
  EXPECT_FALSE(alq.indicator.gap.has_value());
  EXPECT_EQ(alq.measured_node_ids, std::vector<std::string>{"af.querschnittsaufgabe"});

  ASSERT_OK_AND_ASSIGN(IndicatorInfo gap, catalog_->Get("ALQ_GAP"));
  EXPECT_EQ(gap.indicator.id, 3u);
  EXPECT_EQ(gap.indicator.name_de, "Abstand der Arbeitslosenquoten (Ausländer - Deutsche)");
  EXPECT_EQ(gap.indicator.unit, MeasureUnit::kPercent);
  ASSERT_TRUE(gap.indicator.gap.has_value());
  EXPECT_EQ(*gap.indicator.gap, (GapDefinition{.base = "ALQ",
                                               .dimension = "nationality",
                                               .focus = "foreign",
                                               .reference = "german",
                                               .kind = analytics::GapKind::kDifference}));
  EXPECT_EQ(gap.measured_node_ids, std::vector<std::string>{"af.lokale-netzwerke"});
}

// Every stored cell, latest revision: (indicator, unit, period, breakdown text) -> value
// (nullopt = suppressed), flags, revision.
struct Expected {
  std::optional<double> value;
  uint8_t flags = 0;
  uint32_t revision = 1;
};
using CellKey = std::tuple<std::string, std::string, std::string, std::string>;

std::map<CellKey, Expected> ExpectedCells() {
  std::map<CellKey, Expected> out;
  const std::vector<std::tuple<std::string, double, double, double>> ew = {
      {"05158", 485684, 484979, 489794},       {"05315", 1083498, 1079301, 1084831},
      {"05315000", 1083498, 1079301, 1084831}, {"05158004", 43649, 43557, 43815},
      {"05158016", 55289, 55085, 55085},       {"05158028", 87297, 86939, 88425},
      {"05158032", 81412, 81120, 82319}};
  for (const auto& [unit, a, b, c] : ew) {
    out[{"EW", unit, "2020", ""}] = {a};
    out[{"EW", unit, "2021", ""}] = {b};
    out[{"EW", unit, "2022", ""}] = {c};
  }
  const std::vector<std::tuple<std::string, std::string, double, double, double>> alq = {
      {"05158", "2019", 5.6, 4.3, 12.9}, {"05158", "2020", 6.3, 4.9, 14.1},
      {"05158", "2021", 6.0, 4.6, 13.5}, {"05158", "2022", 5.7, 4.3, 12.8},
      {"05315", "2019", 7.6, 5.6, 15.2}, {"05315", "2020", 8.6, 6.4, 16.8},
      {"05315", "2021", 8.4, 6.3, 16.0}, {"05315", "2022", 8.0, 5.9, 15.3}};
  for (const auto& [unit, period, total, german, foreign] : alq) {
    out[{"ALQ", unit, period, ""}] = {total};
    out[{"ALQ", unit, period, "nationality=german"}] = {german};
    out[{"ALQ", unit, period, "nationality=foreign"}] = {foreign};
  }
  out[{"ALQ", "05158004", "2021", ""}] = {5.1};
  out[{"ALQ", "05158016", "2021", ""}] = {5.9};
  out[{"ALQ", "05158028", "2021", ""}] = {5.4};
  out[{"ALQ", "05158032", "2021", ""}] = {7.6, 0, 2};  // corrected: revision 2
  out[{"ALQ", "05315000", "2021", ""}] = {8.4};
  out[{"ALQ", "05158004", "2022", ""}] = {5.0};
  out[{"ALQ", "05158016", "2022", ""}] = {std::nullopt, kFlagSuppressed, 1};
  out[{"ALQ", "05158028", "2022", ""}] = {5.2};
  out[{"ALQ", "05158032", "2022", ""}] = {7.4};
  out[{"ALQ", "05315000", "2022", ""}] = {8.0, kFlagProvisional, 1};
  return out;
}

TEST_F(V1FixtureTest, EveryObservationLatestRevision) {
  const std::map<CellKey, Expected> expected = ExpectedCells();
  ASSERT_EQ(expected.size(), 55u);
  std::map<CellKey, Observation> seen;
  ASSERT_OK(observations_->Export({}, [&](const Observation& o) {
    auto* ind = catalog_->Find(o.indicator_code).get();
    EXPECT_NE(ind, nullptr);
    const std::string bd = ind == nullptr ? "?" : BreakdownText(*ind, o.breakdown);
    seen[{o.indicator_code, o.unit_key, o.period, bd}] = o;
    return true;
  }));
  EXPECT_EQ(seen.size(), expected.size());
  for (const auto& [key, want] : expected) {
    const auto& [code, unit, period, bd] = key;
    SCOPED_TRACE(absl::StrCat(code, " ", unit, " ", period, " ", bd));
    auto it = seen.find(key);
    ASSERT_NE(it, seen.end());
    const Observation& got = it->second;
    ASSERT_EQ(got.value.has_value(), want.value.has_value());
    if (want.value.has_value()) {
      EXPECT_NEAR(*got.value, *want.value, kEps);
    }
    EXPECT_EQ(got.flags, want.flags);
    EXPECT_EQ(got.revision, want.revision);
    EXPECT_EQ(got.source, code == "EW"         ? "IT.NRW"
                          : want.revision == 2 ? "BA, Revision Juni 2022"
                                               : "BA");
  }
  // 55 first revisions plus one correction.
  EXPECT_EQ(observations_->last_sequence(), 56u);
  ASSERT_OK_AND_ASSIGN(int64_t ew_cells, observations_->CountObservations("EW"));
  ASSERT_OK_AND_ASSIGN(int64_t alq_cells, observations_->CountObservations("ALQ"));
  EXPECT_EQ(ew_cells, 21);
  EXPECT_EQ(alq_cells, 34);
}

TEST_F(V1FixtureTest, RevisedCellKeepsBothRevisions) {
  const CellRef velbert{.indicator_code = "ALQ", .unit_key = "05158032", .period = "2021"};
  ASSERT_OK_AND_ASSIGN(std::vector<Observation> history, observations_->History(velbert));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].revision, 1u);
  ASSERT_TRUE(history[0].value.has_value());
  EXPECT_NEAR(*history[0].value, 7.8, kEps);
  EXPECT_EQ(history[0].source, "BA");
  EXPECT_EQ(history[0].footnote, "");
  EXPECT_EQ(history[1].revision, 2u);
  ASSERT_TRUE(history[1].value.has_value());
  EXPECT_NEAR(*history[1].value, 7.6, kEps);
  EXPECT_EQ(history[1].source, "BA, Revision Juni 2022");
  EXPECT_EQ(history[1].footnote, "korrigiert");
  EXPECT_LT(history[0].recorded_micros, history[1].recorded_micros);
  EXPECT_LT(history[0].sequence, history[1].sequence);
  EXPECT_EQ(history[1].sequence, 56u);

  // Latest, and as of the first revision's time.
  ASSERT_OK_AND_ASSIGN(Observation latest, observations_->Get(velbert, std::nullopt));
  EXPECT_EQ(latest.revision, 2u);
  ASSERT_OK_AND_ASSIGN(Observation as_of, observations_->Get(velbert, history[0].recorded_micros));
  EXPECT_EQ(as_of.revision, 1u);
  ASSERT_TRUE(as_of.value.has_value());
  EXPECT_NEAR(*as_of.value, 7.8, kEps);

  // The change feed holds both.
  ASSERT_OK_AND_ASSIGN(std::vector<ChangeRecord> changes, observations_->Changes(54, 0));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].sequence, 56u);
  EXPECT_EQ(changes[1].kind, ChangeKind::kRevision);
  EXPECT_EQ(changes[1].actor, "fixture");
  EXPECT_EQ(changes[1].indicator_code, "ALQ");
  EXPECT_EQ(changes[1].unit_key, "05158032");
  EXPECT_EQ(changes[1].period, "2021");
  EXPECT_EQ(changes[1].revision, 2u);
}

TEST_F(V1FixtureTest, SuppressedCell) {
  const CellRef hilden{.indicator_code = "ALQ", .unit_key = "05158016", .period = "2022"};
  ASSERT_OK_AND_ASSIGN(Observation o, observations_->Get(hilden, std::nullopt));
  EXPECT_EQ(o.flags, kFlagSuppressed);
  EXPECT_FALSE(o.value.has_value());
  EXPECT_EQ(o.footnote, "geheim gehalten");
  EXPECT_EQ(o.revision, 1u);
}

TEST_F(V1FixtureTest, ReimportingStoredContentIsUnchanged) {
  // The write path tells "unchanged" from the stored content fingerprint of each cell's latest
  // revision; a migration must carry those fingerprints over, or a re-import of the same file
  // would create spurious revisions.
  auto row = [](const std::string& code, const std::string& unit, const std::string& period,
                std::optional<double> value, const std::string& source) {
    return Observation{.indicator_code = code,
                       .unit_key = unit,
                       .period = period,
                       .value = value,
                       .source = source};
  };
  Observation velbert = row("ALQ", "05158032", "2021", 7.6, "BA, Revision Juni 2022");
  velbert.footnote = "korrigiert";
  Observation hilden = row("ALQ", "05158016", "2022", std::nullopt, "BA");
  hilden.flags = kFlagSuppressed;
  hilden.footnote = "geheim gehalten";
  Observation koeln = row("ALQ", "05315000", "2022", 8.0, "BA");
  koeln.flags = kFlagProvisional;
  Observation foreign = row("ALQ", "05158", "2020", 14.1, "BA");
  foreign.breakdown = {{"nationality", "foreign"}};
  const std::vector<Observation> same = {velbert, hilden, koeln, foreign,
                                         row("EW", "05158", "2022", 489794, "IT.NRW")};
  ASSERT_OK_AND_ASSIGN(IngestResult check, observations_->Validate(same));
  EXPECT_TRUE(check.rejected.empty());
  EXPECT_EQ(check.unchanged, 5);
  EXPECT_EQ(check.accepted, 0);
  // Velbert's first revision is no longer the latest: it would be a new revision (3).
  ASSERT_OK_AND_ASSIGN(IngestResult old,
                       observations_->Validate({row("ALQ", "05158032", "2021", 7.8, "BA")}));
  EXPECT_EQ(old.unchanged, 0);
  EXPECT_EQ(old.accepted, 1);
}

TEST_F(V1FixtureTest, SeriesWithBreakdown) {
  ASSERT_OK_AND_ASSIGN(std::vector<UnitSeries> series,
                       observations_->Series({.indicator_code = "ALQ",
                                              .unit_keys = {"05158", "05315"},
                                              .breakdown = {{"nationality", "foreign"}}}));
  ASSERT_EQ(series.size(), 2u);
  const std::vector<double> me = {12.9, 14.1, 13.5, 12.8};
  const std::vector<double> k = {15.2, 16.8, 16.0, 15.3};
  for (size_t u = 0; u < 2; ++u) {
    const auto& want = u == 0 ? me : k;
    ASSERT_EQ(series[u].points.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(series[u].points[i].period, std::to_string(2019 + i));
      ASSERT_TRUE(series[u].points[i].value.has_value());
      EXPECT_NEAR(*series[u].points[i].value, want[i], kEps);
    }
  }
}

TEST_F(V1FixtureTest, CrossSectionOfTheGemeinden) {
  ASSERT_OK_AND_ASSIGN(auto alq, queries_->reader().FindIndicator("ALQ"));
  // Codes ascending, as a peer set holds them.
  const std::vector<uint32_t> codes = {UnitCodeOf("05158004"), UnitCodeOf("05158016"),
                                       UnitCodeOf("05158028"), UnitCodeOf("05158032"),
                                       UnitCodeOf("05315000")};
  ASSERT_OK_AND_ASSIGN(
      analytics::CrossSection y2021,
      queries_->reader().ReadCrossSection(*alq, {}, Period{2021, 0}, UnitLevel::kGemeinde, codes));
  ASSERT_EQ(y2021.size(), 5u);
  // The migration packed each cell's latest source: Velbert's revision names another one.
  ASSERT_OK_AND_ASSIGN(
      std::optional<std::vector<PeerCell>> cells,
      queries_->reader().ReadPeerCells(*alq, {}, Period{2021, 0}, UnitLevel::kGemeinde, codes));
  ASSERT_TRUE(cells.has_value());
  EXPECT_EQ((*cells)[0].source, "BA");
  EXPECT_EQ((*cells)[3].source, "BA, Revision Juni 2022");
  const std::vector<std::pair<std::string, double>> want2021 = {{"05158004", 5.1},
                                                                {"05158016", 5.9},
                                                                {"05158028", 5.4},
                                                                {"05158032", 7.6},
                                                                {"05315000", 8.4}};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(y2021[i].unit_key, want2021[i].first);
    ASSERT_TRUE(y2021[i].value.has_value()) << y2021[i].unit_key;
    EXPECT_NEAR(*y2021[i].value, want2021[i].second, kEps);
  }
  ASSERT_OK_AND_ASSIGN(
      std::vector<CodeValue> level2022,
      queries_->reader().ReadLevel(*alq, {}, Period{2022, 0}, UnitLevel::kGemeinde));
  ASSERT_EQ(level2022.size(), 5u);
  EXPECT_EQ(level2022[1].unit_code, UnitCodeOf("05158016"));
  EXPECT_FALSE(level2022[1].value.has_value());  // suppressed
  ASSERT_TRUE(level2022[3].value.has_value());
  EXPECT_NEAR(*level2022[3].value, 7.4, kEps);
  // Kreis level: the two Kreise only.
  ASSERT_OK_AND_ASSIGN(std::vector<CodeValue> kreise,
                       queries_->reader().ReadLevel(*alq, {{"nationality", "german"}},
                                                    Period{2020, 0}, UnitLevel::kKreis));
  ASSERT_EQ(kreise.size(), 2u);
  EXPECT_EQ(kreise[0].unit_code, UnitCodeOf("05158"));
  EXPECT_NEAR(kreise[0].value.value_or(-1), 4.9, kEps);
  EXPECT_EQ(kreise[1].unit_code, UnitCodeOf("05315"));
  EXPECT_NEAR(kreise[1].value.value_or(-1), 6.4, kEps);
}

TEST_F(V1FixtureTest, PeerComparisonOverTheCustomGroup) {
  // Velbert among the group in 2021: 5.1, 5.4, 5.9, 7.6 (its corrected value). Lower is
  // better, so Velbert is last.
  ASSERT_OK_AND_ASSIGN(
      CompareResult c2021,
      queries_->Compare({.indicator_code = "ALQ",
                         .unit_key = "05158032",
                         .period = "2021",
                         .peers = {.scope = PeerScope::kGroup, .group = "me-mittelstaedte"}}));
  EXPECT_EQ(c2021.peers.codes.size(), 4u);
  EXPECT_TRUE(c2021.peers.unit_is_member);
  const auto& d = c2021.comparison.distribution;
  EXPECT_EQ(d.n, 4);
  EXPECT_EQ(d.missing, 0);
  EXPECT_NEAR(d.min, 5.1, kEps);
  EXPECT_NEAR(d.max, 7.6, kEps);
  EXPECT_NEAR(d.median, 5.65, kEps);
  EXPECT_NEAR(d.mean, 6.0, kEps);
  ASSERT_TRUE(c2021.comparison.position.has_value());
  EXPECT_NEAR(c2021.comparison.position->value, 7.6, kEps);
  EXPECT_EQ(c2021.comparison.position->rank, 4);
  EXPECT_EQ(c2021.comparison.position->better, 3);
  EXPECT_EQ(c2021.comparison.position->worse, 0);

  // 2022: Hilden is suppressed and drops out of the distribution.
  ASSERT_OK_AND_ASSIGN(
      CompareResult c2022,
      queries_->Compare({.indicator_code = "ALQ",
                         .unit_key = "05158004",
                         .period = "2022",
                         .peers = {.scope = PeerScope::kGroup, .group = "me-mittelstaedte"}}));
  EXPECT_EQ(c2022.comparison.distribution.n, 3);
  EXPECT_EQ(c2022.comparison.distribution.missing, 1);
  EXPECT_NEAR(c2022.comparison.distribution.median, 5.2, kEps);
  ASSERT_TRUE(c2022.comparison.position.has_value());
  EXPECT_EQ(c2022.comparison.position->rank, 1);

  // The default peers of a kreisangehörige Mittelstadt are the same four (Köln is a
  // kreisfreie Stadt and a Großstadt).
  ASSERT_OK_AND_ASSIGN(
      CompareResult dflt,
      queries_->Compare({.indicator_code = "ALQ", .unit_key = "05158032", .period = "2021"}));
  EXPECT_EQ(dflt.peers.codes, c2021.peers.codes);
  EXPECT_EQ(dflt.comparison.distribution.n, 4);
}

TEST_F(V1FixtureTest, GapComputedOnRead) {
  ASSERT_OK_AND_ASSIGN(GapResult gap, queries_->Gap({.gap_code = "ALQ_GAP",
                                                     .unit_key = "05158",
                                                     .from_period = "2019",
                                                     .to_period = "2022"}));
  ASSERT_EQ(gap.points.size(), 4u);
  const std::vector<double> want = {12.9 - 4.3, 14.1 - 4.9, 13.5 - 4.6, 12.8 - 4.3};
  for (size_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(gap.points[i].gap.value.has_value()) << i;
    EXPECT_NEAR(*gap.points[i].gap.value, want[i], 1e-9) << i;
  }
}

TEST_F(V1FixtureTest, Target) {
  const TargetRef ref{.indicator_code = "ALQ",
                      .unit_key = "05158",
                      .breakdown = {{"nationality", "foreign"}},
                      .target_period = "2030"};
  ASSERT_OK_AND_ASSIGN(IndicatorTarget t, targets_->Get(ref));
  EXPECT_DOUBLE_EQ(t.target_value, 8.0);
  EXPECT_EQ(t.baseline_period, "2019");
  EXPECT_FALSE(t.baseline_value.has_value());
  EXPECT_DOUBLE_EQ(t.tolerance, 0.5);
  EXPECT_EQ(t.trend_points, 0);
  EXPECT_EQ(t.note, "Kreistagsbeschluss (Testdaten)");
  EXPECT_EQ(t.updated_by, "fixture");
  ASSERT_OK_AND_ASSIGN(std::vector<IndicatorTarget> all, targets_->List("", ""));
  EXPECT_EQ(all.size(), 1u);
  // Its status reads the foreign-nationals series: the latest point is 2022's 12.8.
  ASSERT_OK_AND_ASSIGN(std::vector<TargetStatusResult> status,
                       queries_->TargetStatus("ALQ", "05158", {{"nationality", "foreign"}}, ""));
  ASSERT_EQ(status.size(), 1u);
  ASSERT_TRUE(status[0].assessment.latest.has_value());
  ASSERT_TRUE(status[0].assessment.latest->value.has_value());
  EXPECT_NEAR(*status[0].assessment.latest->value, 12.8, kEps);
}

TEST_F(V1FixtureTest, PeerGroupAndReform) {
  ASSERT_OK_AND_ASSIGN(PeerGroup g, groups_->Get("me-mittelstaedte"));
  EXPECT_EQ(g.title, "Mittelstädte im Kreis Mettmann");
  EXPECT_EQ(g.description, "Erkrath, Hilden, Ratingen, Velbert");
  EXPECT_EQ(g.members, (std::vector<std::string>{"05158004", "05158016", "05158028", "05158032"}));
  EXPECT_EQ(g.created_by, "fixture");
  EXPECT_EQ(groups_->List().size(), 1u);

  ASSERT_OK_AND_ASSIGN(std::vector<Reform> reforms, reforms_->List(""));
  ASSERT_EQ(reforms.size(), 1u);
  const Reform& r = reforms[0];
  EXPECT_EQ(r.id, "me-2024-hilden-erkrath");
  EXPECT_EQ(r.effective_date, "2024-01-01");
  EXPECT_EQ(r.description, "Grenzänderung Hilden/Erkrath (Testdaten)");
  ASSERT_EQ(r.changes.size(), 2u);
  EXPECT_EQ(r.changes[0].predecessor, "05158016");
  EXPECT_EQ(r.changes[0].successor, "05158016");
  EXPECT_EQ(r.changes[0].share, 0.95);
  EXPECT_EQ(r.changes[1].predecessor, "05158016");
  EXPECT_EQ(r.changes[1].successor, "05158004");
  EXPECT_EQ(r.changes[1].share, 0.05);
  EXPECT_TRUE(r.ended_units.empty());
  EXPECT_EQ(r.created_by, "fixture");
}

TEST_F(V1FixtureTest, KnowledgeGraph) {
  ASSERT_OK_AND_ASSIGN(std::vector<knowledge::Node> nodes, knowledge_->AllNodes());
  std::vector<std::string> ids;
  ids.reserve(nodes.size());
  for (const auto& n : nodes) ids.push_back(n.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"af.lokale-netzwerke", "af.querschnittsaufgabe",
                                           "ind.alq", "ind.alq_gap", "ind.ew", "src.nip-2007"}));
  ASSERT_OK_AND_ASSIGN(knowledge::Node src, knowledge_->GetNode("src.nip-2007"));
  EXPECT_EQ(src.type, knowledge::NodeType::kSource);
  EXPECT_EQ(src.title_de,
            "Nationaler Integrationsplan 2007: Empfehlungen der kommunalen Spitzenverbände");
  EXPECT_EQ(src.tags, std::vector<std::string>{"nationaler integrationsplan"});
  EXPECT_EQ(src.provenance.year, 2007);
  ASSERT_OK_AND_ASSIGN(knowledge::Node qa, knowledge_->GetNode("af.querschnittsaufgabe"));
  EXPECT_EQ(qa.type, knowledge::NodeType::kActionField);
  EXPECT_EQ(qa.title_de, "Integration als kommunale Querschnittsaufgabe");
  EXPECT_EQ(qa.title_en, "Integration as a cross-cutting municipal task");
  EXPECT_EQ(qa.tags, (std::vector<std::string>{"querschnittsaufgabe", "strategie"}));
  EXPECT_EQ(qa.provenance.source_id, "src.nip-2007");
  ASSERT_OK_AND_ASSIGN(knowledge::Node ind, knowledge_->GetNode("ind.alq"));
  EXPECT_EQ(ind.type, knowledge::NodeType::kIndicator);
  EXPECT_EQ(ind.title_de, "Arbeitslosenquote");

  ASSERT_OK_AND_ASSIGN(std::vector<knowledge::Edge> edges, knowledge_->AllEdges());
  std::vector<std::tuple<std::string, knowledge::EdgeType, std::string>> got;
  got.reserve(edges.size());
  for (const auto& e : edges) got.emplace_back(e.from, e.type, e.to);
  std::sort(got.begin(), got.end());
  using knowledge::EdgeType;
  EXPECT_EQ(got, (std::vector<std::tuple<std::string, EdgeType, std::string>>{
                     {"af.lokale-netzwerke", EdgeType::kCites, "src.nip-2007"},
                     {"af.querschnittsaufgabe", EdgeType::kCites, "src.nip-2007"},
                     {"ind.alq", EdgeType::kMeasures, "af.querschnittsaufgabe"},
                     {"ind.alq_gap", EdgeType::kMeasures, "af.lokale-netzwerke"}}));
  // Reverse adjacency is there too.
  ASSERT_OK_AND_ASSIGN(auto citing, knowledge_->Neighbors("src.nip-2007", knowledge::Direction::kIn,
                                                          EdgeType::kCites));
  EXPECT_EQ(citing.size(), 2u);
  // The audit trail survived.
  ASSERT_OK_AND_ASSIGN(auto history, knowledge_->History("af.querschnittsaufgabe"));
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.front().operation, "create_node");
  EXPECT_EQ(history.front().actor, "fixture");
}

// Node records written before owners existed (record version 1) read as national content, and
// a unit's strategy can be added on top of them; the engine checks its owner in the register.
TEST_F(V1FixtureTest, OldNodesAreNationalAndStrategiesCanBeAdded) {
  ASSERT_OK_AND_ASSIGN(std::vector<knowledge::Node> nodes, knowledge_->AllNodes());
  for (const auto& n : nodes) {
    EXPECT_EQ(n.owner, "") << n.id;
    EXPECT_TRUE(n.measure.empty()) << n.id;
  }
  using knowledge::EdgeType;
  using knowledge::NodeType;
  const knowledge::Node goal{.id = "goal.05315.arbeit",
                             .type = NodeType::kGoal,
                             .title_de = "Arbeit (Beispiel)",
                             .owner = "05315"};
  ASSERT_OK(knowledge_->CreateNode(goal, "test"));
  ASSERT_OK(knowledge_->Link(
      {.from = "ind.alq", .to = "goal.05315.arbeit", .type = EdgeType::kMeasures}, "test"));
  knowledge::Node unknown_unit = goal;
  unknown_unit.id = "goal.05111.arbeit";
  unknown_unit.owner = "05111";  // Düsseldorf: not in this register
  EXPECT_STATUS(knowledge_->CreateNode(unknown_unit, "test"), absl::StatusCode::kInvalidArgument,
                "not a unit of the register");
  // An old node rewritten by an update keeps reading the same.
  ASSERT_OK_AND_ASSIGN(knowledge::Node qa, knowledge_->GetNode("af.querschnittsaufgabe"));
  qa.description = "geändert";
  ASSERT_OK(knowledge_->UpdateNode(qa, "test"));
  OpenEngine({.data_dir = dir_.Sub("v1_datadir")});
  ASSERT_OK_AND_ASSIGN(knowledge::Node again, knowledge_->GetNode("af.querschnittsaufgabe"));
  EXPECT_EQ(again, qa);
  ASSERT_OK_AND_ASSIGN(knowledge::Node stored_goal, knowledge_->GetNode("goal.05315.arbeit"));
  EXPECT_EQ(stored_goal, goal);
}

}  // namespace
}  // namespace integra::monitoring
