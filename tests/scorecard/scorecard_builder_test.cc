// ScorecardBuilder over real RocksDB in a temp dir, on the constructed case of scenario.h:
// the lagging field, the listed recommendations / success factors / findings, not-monitored and
// not-assessable fields, value fallback, suppressed and SYNTHETIC values, targets, trends, and
// rankings switched off for the deployment or the indicator.
#include "services/scorecard/scorecard_builder.h"

#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "gtest/gtest.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/reform_store.h"
#include "services/scorecard/scorecard_markdown.h"
#include "tests/scorecard/scenario.h"
#include "tests/testing/engine_parts.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::scorecard {
namespace {

using monitoring::analytics::QuartilePosition;
using monitoring::analytics::TargetStatus;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

class ScorecardBuilderTest : public ::testing::Test, protected testing::EngineParts {
 protected:
  void SetUp() override {
    Open(true);
    Load();
  }

  // Opens the engine over the test's data dir (closing a previous one) with rankings on or off
  // for the deployment, as integrad --no-rankings does.
  void TearDown() override { CloseEngine(); }

  void Open(bool rankings) { OpenEngine({.data_dir = dir_.path(), .rankings_enabled = rankings}); }

  void Load() {
    namespace sc = scenario;
    std::vector<monitoring::Unit> units = {
        {.key = "01", .name = "Schleswig-Holstein", .type = monitoring::UnitType::kLand}};
    for (const auto& k : sc::Landkreise()) {
      units.push_back({.key = k.key, .name = k.name, .type = monitoring::UnitType::kLandkreis});
    }
    ASSERT_OK_AND_ASSIGN(monitoring::UnitBatchResult r, units_->UpsertBatch(units));
    ASSERT_TRUE(r.applied);

    knowledge::KnowledgeDocument doc;
    for (const auto& n : sc::Nodes()) {
      ASSERT_OK_AND_ASSIGN(knowledge::NodeType type, knowledge::ParseNodeType(n.type));
      knowledge::Node node{.id = n.id, .type = type, .title_de = n.title};
      node.provenance.year = n.year;
      node.provenance.sample_size = n.sample_size;
      doc.nodes.push_back(node);
    }
    for (const auto& e : sc::Edges()) {
      ASSERT_OK_AND_ASSIGN(knowledge::EdgeType type, knowledge::ParseEdgeType(e.type));
      doc.edges.push_back({.from = e.from, .to = e.to, .type = type, .note = e.note});
    }
    ASSERT_OK(knowledge_->Apply(doc, {}, "tester").status());

    for (const auto& spec : sc::Indicators()) {
      monitoring::Indicator ind;
      ind.code = spec.code;
      ind.name_de = spec.name;
      ind.unit = monitoring::MeasureUnit::kPercent;
      ASSERT_OK_AND_ASSIGN(ind.polarity, monitoring::ParsePolarity(spec.polarity));
      ind.ranking_allowed = spec.ranking_allowed;
      std::vector<std::string> fields(spec.fields.begin(), spec.fields.end());
      ASSERT_OK(catalog_->Create(ind, fields, "tester").status());
    }
    std::vector<monitoring::Observation> rows;
    for (const auto& v : sc::Values()) {
      monitoring::Observation o{.indicator_code = v.code,
                                .unit_key = v.unit,
                                .period = v.period,
                                .value = v.value,
                                .source = v.source};
      if (std::string(v.flags) == "synthetic") o.flags = monitoring::kFlagSynthetic;
      if (std::string(v.flags) == "suppressed") {
        o.flags = monitoring::kFlagSuppressed;
        o.value.reset();
      }
      rows.push_back(o);
    }
    ASSERT_OK_AND_ASSIGN(monitoring::IngestResult ingest, observations_->Ingest(rows, "tester"));
    ASSERT_TRUE(ingest.applied);
    ASSERT_OK(
        targets_
            ->Set({.ref = {.indicator_code = "ALQ", .unit_key = sc::kUnit, .target_period = "2025"},
                   .target_value = 5},
                  "tester")
            .status());
  }

  absl::StatusOr<Scorecard> Build(const std::string& unit = scenario::kUnit,
                                  const std::string& period = scenario::kPeriod,
                                  monitoring::PeerSelection peers = {}) {
    return builder_->Build({.unit_key = unit, .period = period, .peers = std::move(peers)});
  }

  static const FieldCard& Field(const Scorecard& s, const std::string& id) {
    for (const FieldCard& f : s.fields) {
      if (f.id == id) return f;
    }
    ADD_FAILURE() << "no field " << id;
    static const FieldCard none;
    return none;
  }
  static const IndicatorCard& Ind(const FieldCard& f, const std::string& code) {
    for (const IndicatorCard& c : f.indicators) {
      if (c.code == code) return c;
    }
    ADD_FAILURE() << "no indicator " << code << " in " << f.id;
    static const IndicatorCard none;
    return none;
  }

  testing::TempDir dir_;
};

TEST_F(ScorecardBuilderTest, FlagsExactlyTheLaggingFieldAndListsItsAdvice) {
  ASSERT_OK_AND_ASSIGN(Scorecard s, Build());
  EXPECT_EQ(s.unit_key, "01051");
  EXPECT_EQ(s.unit_name, "Dithmarschen");
  EXPECT_EQ(s.unit_type, "LANDKREIS");
  EXPECT_EQ(s.period, "2021");
  EXPECT_EQ(s.peer_selection, "default");
  EXPECT_EQ(s.peer_count, 6);
  EXPECT_TRUE(Has(s.peer_description, "LANDKREIS")) << s.peer_description;
  EXPECT_EQ(s.lagging_field_ids, scenario::kLagging);
  EXPECT_EQ(s.not_monitored_field_ids, scenario::kNotMonitored);
  ASSERT_EQ(s.fields.size(), 4u);
  EXPECT_EQ(s.fields[0].id, "af.arbeit");  // the knowledge base's order (by id)
  EXPECT_EQ(s.fields[3].id, "af.verwaltung");

  const FieldCard& arbeit = Field(s, "af.arbeit");
  EXPECT_EQ(arbeit.status, FieldStatus::kLagging);
  EXPECT_EQ(arbeit.assessable, 2);
  EXPECT_EQ(arbeit.bottom_quartile, 2);
  EXPECT_TRUE(arbeit.rests_on_synthetic);        // BESCH's value is synthetic
  ASSERT_EQ(arbeit.recommendations.size(), 1u);  // not the measure ms.lotsen
  EXPECT_EQ(arbeit.recommendations[0].id, "rec.arbeit");
  EXPECT_EQ(arbeit.recommendations[0].note, "Empfehlung zielt auf den Arbeitsmarkt");
  ASSERT_EQ(arbeit.recommendations[0].evidence.size(), 1u);
  EXPECT_EQ(arbeit.recommendations[0].evidence[0].id, "fnd.a");
  EXPECT_EQ(arbeit.recommendations[0].evidence[0].note, "Befragung nennt Arbeit zuerst");
  EXPECT_EQ(arbeit.recommendations[0].evidence[0].sample_size, 270);
  ASSERT_EQ(arbeit.success_factors.size(), 1u);  // not the resource res.engagement
  EXPECT_EQ(arbeit.success_factors[0].id, "sf.vernetzung");
  EXPECT_EQ(arbeit.success_factors[0].note, "Netzwerke öffnen Wege in Arbeit");
  ASSERT_EQ(arbeit.success_factors[0].evidence.size(), 1u);
  EXPECT_EQ(arbeit.success_factors[0].evidence[0].id, "fnd.b");
  ASSERT_EQ(arbeit.findings.size(), 1u);
  EXPECT_EQ(arbeit.findings[0].id, "fnd.d");
  EXPECT_EQ(arbeit.findings[0].note, "Befund zum Feld");
  EXPECT_EQ(arbeit.findings[0].year, 2012);

  // Neutral AUSL sits in the top quartile but is no assessable indicator.
  const IndicatorCard& ausl = Ind(arbeit, "AUSL");
  EXPECT_EQ(ausl.position.quartile, QuartilePosition::kTop);
  EXPECT_FALSE(ausl.position.rank.has_value());  // a neutral order is no league table
  EXPECT_FALSE(ausl.assessable);

  // Bildung: 1 of 3 in the bottom quartile; MIGH (neutral) at the bottom does not count.
  const FieldCard& bildung = Field(s, "af.bildung");
  EXPECT_EQ(bildung.status, FieldStatus::kNotLagging);
  EXPECT_EQ(bildung.assessable, 3);
  EXPECT_EQ(bildung.bottom_quartile, 1);
  EXPECT_TRUE(bildung.recommendations.empty());
  EXPECT_TRUE(bildung.findings.empty());
  EXPECT_EQ(Ind(bildung, "MIGH").position.quartile, QuartilePosition::kBottom);
  EXPECT_FALSE(Ind(bildung, "MIGH").bottom_quartile);
  ASSERT_EQ(bildung.indicators.size(), 5u);  // AUSL measures both fields

  EXPECT_EQ(Field(s, "af.verwaltung").status, FieldStatus::kNotAssessable);
  EXPECT_EQ(Field(s, "af.netzwerke").status, FieldStatus::kNotMonitored);
  EXPECT_TRUE(Field(s, "af.netzwerke").indicators.empty());
}

// The action fields' links are derived once per knowledge-base version: a change of the graph
// shows in the next card, and a read scope opened before the change still sees the old links.
TEST_F(ScorecardBuilderTest, KnowledgeChangesShowInTheNextCardNotInAnOlderSnapshot) {
  ASSERT_OK_AND_ASSIGN(Scorecard before, Build());
  const size_t advice_before = Field(before, "af.arbeit").recommendations.size();
  storage::ReadScope old_view(*store_);  // a snapshot of the graph before the change
  knowledge::KnowledgeDocument doc;
  doc.nodes.push_back({.id = "rec.neu",
                       .type = knowledge::NodeType::kRecommendation,
                       .title_de = "Neue Empfehlung"});
  doc.edges.push_back({.from = "rec.neu",
                       .to = "af.arbeit",
                       .type = knowledge::EdgeType::kAddresses,
                       .note = "neu"});
  {
    storage::ReadScope latest(storage::ReadScope::Latest(*store_));
    ASSERT_OK(knowledge_->Apply(doc, {}, "tester").status());
  }
  ASSERT_OK_AND_ASSIGN(Scorecard in_old_view, Build());
  EXPECT_EQ(Field(in_old_view, "af.arbeit").recommendations.size(), advice_before);
  std::optional<Scorecard> after;
  std::thread([&] { after = *Build(); }).join();  // another thread: outside the old scope
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(Field(*after, "af.arbeit").recommendations.size(), advice_before + 1);
  ASSERT_OK_AND_ASSIGN(Scorecard again_old, Build());  // the old version, after the new one
  EXPECT_EQ(Field(again_old, "af.arbeit").recommendations.size(), advice_before);
}

TEST_F(ScorecardBuilderTest, ValuesFallbackSuppressedSyntheticTrendAndTarget) {
  ASSERT_OK_AND_ASSIGN(Scorecard s, Build());
  const FieldCard& arbeit = Field(s, "af.arbeit");
  const IndicatorCard& alq = Ind(arbeit, "ALQ");
  EXPECT_EQ(alq.current.value, 9);
  EXPECT_EQ(alq.current.period, "2021");
  EXPECT_FALSE(alq.current.earlier_period);
  EXPECT_EQ(alq.position.n, 6);
  EXPECT_EQ(alq.position.rank, 6);  // worst of six
  EXPECT_EQ(alq.position.percentile, 0.0);
  EXPECT_EQ(alq.position.quartile, QuartilePosition::kBottom);
  EXPECT_EQ(alq.trend.from_period, "2012");
  EXPECT_EQ(alq.trend.observed_points, 10);
  EXPECT_EQ(alq.trend.direction, TrendDirection::kImproving);
  ASSERT_TRUE(alq.trend.slope.has_value());
  EXPECT_NEAR(*alq.trend.slope, -0.3, 1e-9);
  ASSERT_TRUE(alq.target.has_value());
  EXPECT_EQ(alq.target->target_period, "2025");
  EXPECT_EQ(alq.target->target_value, 5);
  // 9 - 0.3 * 4 = 7.8 by 2025: moves 1.2 of the needed 4, less than half: off track.
  EXPECT_EQ(alq.target->status, TargetStatus::kOffTrack);
  EXPECT_EQ(alq.sources, std::vector<std::string>{"INKAR BBSR Bonn"});

  const IndicatorCard& besch = Ind(arbeit, "BESCH");
  EXPECT_TRUE(besch.current.synthetic());
  EXPECT_TRUE(besch.bottom_quartile);
  EXPECT_TRUE(besch.sources.empty());  // the synthetic cell's "source" is no attribution
  EXPECT_FALSE(besch.target.has_value());

  const FieldCard& bildung = Field(s, "af.bildung");
  const IndicatorCard& schulab = Ind(bildung, "SCHULAB");
  EXPECT_EQ(schulab.current.period, "2019");
  EXPECT_TRUE(schulab.current.earlier_period);
  EXPECT_EQ(schulab.position.period, "2019");
  EXPECT_EQ(schulab.position.quartile, QuartilePosition::kUpperMiddle);
  EXPECT_TRUE(schulab.assessable);
  // KITA allows no ranking: percentile and quartile, no rank.
  const IndicatorCard& kita = Ind(bildung, "KITA");
  EXPECT_FALSE(kita.position.rank.has_value());
  EXPECT_EQ(kita.position.quartile, QuartilePosition::kTop);

  const IndicatorCard& verw = Ind(Field(s, "af.verwaltung"), "VERW");
  EXPECT_EQ(verw.current.status, ValueStatus::kSuppressed);
  EXPECT_EQ(verw.current.period, "2021");
  EXPECT_FALSE(verw.position.compared);

  EXPECT_TRUE(s.has_synthetic);
  ASSERT_EQ(s.attributions.size(), 2u);
  EXPECT_EQ(s.attributions[0].text, "Zensus 2022");
  EXPECT_EQ(s.attributions[1].text, "INKAR, BBSR Bonn");
  EXPECT_EQ(s.other_sources, std::vector<std::string>{"Bundesagentur für Arbeit"});
}

TEST_F(ScorecardBuilderTest, MarkdownReportLabelsSyntheticAndListsAdvice) {
  ASSERT_OK_AND_ASSIGN(Scorecard s, Build());
  const std::string md = RenderMarkdown(s);
  EXPECT_TRUE(Has(md, "# Integrationsmonitoring: Scorecard Dithmarschen (01051), 2021")) << md;
  EXPECT_TRUE(Has(md, "6 Gebietseinheiten")) << md;
  EXPECT_TRUE(Has(md, "**Handlungsfelder mit Rückstand: 1 von 4**")) << md;
  EXPECT_TRUE(Has(md, "### Berufliche Integration – Rückstand")) << md;
  EXPECT_TRUE(Has(md, "| 40 % **SYNTHETIC** | 2021 |")) << md;
  EXPECT_TRUE(Has(md, "geheim (SUPPRESSED)")) << md;
  EXPECT_TRUE(Has(md, "2019 (kein Wert für 2021)")) << md;
  EXPECT_TRUE(Has(md, "| Rang |")) << md;
  EXPECT_TRUE(Has(md, "6 von 6")) << md;
  EXPECT_TRUE(Has(md, "**Übergänge in Arbeit begleiten** (`rec.arbeit`)")) << md;
  EXPECT_TRUE(Has(md, "Warum: Empfehlung zielt auf den Arbeitsmarkt")) << md;
  EXPECT_TRUE(Has(md,
                  "Beleg: Arbeitsmarktintegration ist die größte Aufgabe (`fnd.a`, 2016, "
                  "N = 270) – Befragung nennt Arbeit zuerst"))
      << md;
  EXPECT_TRUE(Has(md, "**Vernetzung und Kollaboration** (`sf.vernetzung`)")) << md;
  EXPECT_TRUE(Has(md,
                  "**Befunde zu diesem Handlungsfeld**\n\n- Arbeit ist der Schlüssel "
                  "(`fnd.d`, 2012) – Befund zum Feld\n"))
      << md;
  EXPECT_FALSE(Has(md, "Befund zur Bildung")) << md;
  EXPECT_FALSE(Has(md, "verknüpft noch keine Empfehlung")) << md;
  EXPECT_FALSE(Has(md, "Sprachförderung ausbauen")) << md;  // af.bildung does not lag
  EXPECT_FALSE(Has(md, "Lotsenprogramm")) << md;            // a measure, not a recommendation
  EXPECT_TRUE(Has(md,
                  "**Ohne Monitoring** (kein Indikator misst das Handlungsfeld, 1 von 4): "
                  "Unterstützung lokaler Netzwerke."))
      << md;
  EXPECT_TRUE(Has(md,
                  "- INKAR, BBSR Bonn – Datenlizenz Deutschland – Namensnennung – Version 2.0 "
                  "(dl-de/by-2-0)"))
      << md;
  EXPECT_TRUE(Has(md, "- Zensus 2022 – Datenlizenz")) << md;
  EXPECT_TRUE(Has(md, "- SYNTHETIC: synthetische Demodaten")) << md;
  EXPECT_TRUE(Has(md, "2025: 5 % – nicht auf Kurs")) << md;
  EXPECT_TRUE(Has(md, "Der einzige Indikator ist nicht bewertbar")) << md;
  EXPECT_TRUE(Has(md, "verbessert sich (-0,3 pro Jahr)")) << md;
}

TEST_F(ScorecardBuilderTest, RankingsOffShowNoRankAnywhere) {
  Open(false);
  ASSERT_OK_AND_ASSIGN(Scorecard s, Build());
  EXPECT_FALSE(s.rankings_enabled);
  EXPECT_FALSE(s.rankings_note.empty());
  for (const FieldCard& f : s.fields) {
    for (const IndicatorCard& c : f.indicators) {
      EXPECT_FALSE(c.position.rank.has_value()) << c.code;
    }
  }
  // The position remains, and so does the verdict.
  EXPECT_EQ(s.lagging_field_ids, scenario::kLagging);
  EXPECT_EQ(Ind(Field(s, "af.arbeit"), "ALQ").position.quartile, QuartilePosition::kBottom);
  const std::string md = RenderMarkdown(s);
  EXPECT_FALSE(Has(md, "Rang |")) << md;
  EXPECT_FALSE(Has(md, " von 6 |")) << md;
  EXPECT_TRUE(Has(md, "| Rangplätze | ausgeschaltet")) << md;
}

TEST_F(ScorecardBuilderTest, CustomPeerGroupAndErrors) {
  // Among three Landkreise only, fewer than five values: nothing is assessable.
  ASSERT_OK(
      groups_
          ->Create({.name = "west", .title = "Westküste", .members = {"01051", "01054", "01057"}},
                   "tester")
          .status());
  ASSERT_OK_AND_ASSIGN(Scorecard s,
                       Build(scenario::kUnit, scenario::kPeriod,
                             {.scope = monitoring::PeerScope::kGroup, .group = "west"}));
  EXPECT_EQ(s.peer_selection, "west");
  EXPECT_EQ(s.peer_count, 3);
  EXPECT_TRUE(s.lagging_field_ids.empty());
  EXPECT_EQ(Field(s, "af.arbeit").status, FieldStatus::kNotAssessable);
  EXPECT_TRUE(Has(Ind(Field(s, "af.arbeit"), "ALQ").position.note, "only 3 peer(s)"));

  EXPECT_STATUS(Build(scenario::kUnit, "2021-Q1"), absl::StatusCode::kInvalidArgument,
                "must be a year");
  EXPECT_STATUS(Build("01059"), absl::StatusCode::kNotFound, "");
  EXPECT_STATUS(Build("0105"), absl::StatusCode::kInvalidArgument, "");
  EXPECT_STATUS(Build(scenario::kUnit, scenario::kPeriod,
                      {.scope = monitoring::PeerScope::kGroup, .group = "nope"}),
                absl::StatusCode::kNotFound, "nope");
}

TEST_F(ScorecardBuilderTest, AnEarlierPeriodUsesTheValuesKnownThen) {
  // In 2020 only ALQ of 01051 has a value: nothing to compare with, nothing lags.
  ASSERT_OK_AND_ASSIGN(Scorecard s, Build(scenario::kUnit, "2020"));
  const IndicatorCard& alq = Ind(Field(s, "af.arbeit"), "ALQ");
  EXPECT_EQ(alq.current.period, "2020");
  EXPECT_NEAR(*alq.current.value, 9.3, 1e-9);
  EXPECT_EQ(alq.position.n, 1);
  EXPECT_TRUE(s.lagging_field_ids.empty());
  EXPECT_EQ(Ind(Field(s, "af.arbeit"), "BESCH").current.status, ValueStatus::kMissing);
  EXPECT_FALSE(s.has_synthetic);
}

}  // namespace
// Twins: a kreisfreie Stadt is Kreis 01002 and Gemeinde 01002000. Its card takes a value stored
// under the other key when its own key has none, compares it among that key's peers (here the
// four kreisfreie Städte at Gemeinde level), and names a different value of the other key.
TEST_F(ScorecardBuilderTest, AKreisfreieStadtSeesTheValuesOfItsOtherKey) {
  using monitoring::Unit;
  using monitoring::UnitType;
  std::vector<Unit> cities;
  for (const auto& [key, name] :
       std::vector<std::pair<std::string, std::string>>{{"01001", "Flensburg"},
                                                        {"01002", "Kiel"},
                                                        {"01003", "Lübeck"},
                                                        {"01004", "Neumünster"}}) {
    cities.push_back({.key = key, .name = name, .type = UnitType::kKreisfreieStadt});
    cities.push_back({.key = key + "000", .name = name, .type = UnitType::kKreisfreieStadt});
  }
  ASSERT_OK_AND_ASSIGN(monitoring::UnitBatchResult r, units_->UpsertBatch(cities));
  ASSERT_TRUE(r.applied);
  std::vector<monitoring::Observation> rows;
  auto add = [&](const std::string& code, const std::string& unit, double value,
                 const std::string& source) {
    rows.push_back({.indicator_code = code,
                    .unit_key = unit,
                    .period = "2021",
                    .value = value,
                    .source = source});
  };
  // ALQ at Gemeinde level only; Kiel's 10 is the highest (worst) of the four.
  add("ALQ", "01001000", 8, "Zensus");
  add("ALQ", "01002000", 10, "Zensus");
  add("ALQ", "01003000", 6, "Zensus");
  add("ALQ", "01004000", 7, "Zensus");
  // MIGH under both keys of Kiel, different; the Kreis's own value is shown.
  add("MIGH", "01002", 20, "INKAR");
  add("MIGH", "01002000", 25, "Zensus 2022");
  ASSERT_OK_AND_ASSIGN(monitoring::IngestResult ingest, observations_->Ingest(rows, "tester"));
  ASSERT_TRUE(ingest.applied);

  ASSERT_OK_AND_ASSIGN(Scorecard s, Build("01002"));
  EXPECT_EQ(s.twin_key, "01002000");
  const IndicatorCard& alq = Ind(Field(s, "af.arbeit"), "ALQ");
  ASSERT_TRUE(alq.current.value.has_value());
  EXPECT_DOUBLE_EQ(*alq.current.value, 10);
  EXPECT_EQ(alq.current.stored_under, "01002000");
  EXPECT_FALSE(alq.current.twin_value.has_value());
  ASSERT_TRUE(alq.position.compared) << alq.position.note;
  EXPECT_EQ(alq.position.n, 4);
  ASSERT_TRUE(alq.position.rank.has_value());
  EXPECT_EQ(*alq.position.rank, 4);  // lower is better: 6, 7, 8, 10
  EXPECT_EQ(alq.sources, std::vector<std::string>{"Zensus"});

  const IndicatorCard& migh = Ind(Field(s, "af.bildung"), "MIGH");
  ASSERT_TRUE(migh.current.value.has_value());
  EXPECT_DOUBLE_EQ(*migh.current.value, 20);
  EXPECT_EQ(migh.current.stored_under, "");
  ASSERT_TRUE(migh.current.twin_value.has_value());
  EXPECT_DOUBLE_EQ(*migh.current.twin_value, 25);
  EXPECT_EQ(migh.current.twin_source, "Zensus 2022");

  const std::string md = RenderMarkdown(s);
  EXPECT_TRUE(Has(md, "ALQ: Wert unter dem Schlüssel 01002000")) << md;
  EXPECT_TRUE(Has(md, "ein anderer Wert: 25 (Zensus 2022)")) << md;

  // The Gemeinde's card: its own ALQ, and MIGH of its own key (25) beside the Kreis's 20.
  ASSERT_OK_AND_ASSIGN(s, Build("01002000"));
  const IndicatorCard& alq_g = Ind(Field(s, "af.arbeit"), "ALQ");
  EXPECT_EQ(alq_g.current.stored_under, "");
  EXPECT_EQ(alq_g.position.n, 4);
  const IndicatorCard& migh_g = Ind(Field(s, "af.bildung"), "MIGH");
  EXPECT_DOUBLE_EQ(*migh_g.current.value, 25);
  EXPECT_DOUBLE_EQ(*migh_g.current.twin_value, 20);

  // A Landkreis has one key: nothing of the kind.
  ASSERT_OK_AND_ASSIGN(s, Build());
  EXPECT_EQ(Ind(Field(s, "af.arbeit"), "ALQ").current.stored_under, "");
}

}  // namespace integra::scorecard
