// The pure scorecard core: value selection, trend window and direction, peer position, the lag
// rule (half of the assessable indicators in the bottom quartile; neutral never counts),
// attribution, knowledge links and assembly.
#include "services/scorecard/scorecard_core.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::scorecard {
namespace {

using knowledge::EdgeType;
using knowledge::NodeType;
using monitoring::Observation;
using monitoring::Period;
using monitoring::Polarity;
using monitoring::analytics::QuartilePosition;

Observation Cell(const std::string& period, std::optional<double> value, uint8_t flags = 0,
                 const std::string& source = "") {
  Observation o;
  o.period = period;
  o.value = value;
  o.flags = flags;
  o.source = source;
  return o;
}

Period P(const std::string& text) { return *monitoring::ParsePeriod(text); }

// An indicator card with a value and a peer position among n peers.
IndicatorCard Card(const std::string& code, Polarity polarity, std::optional<QuartilePosition> q,
                   int n = 10, uint8_t flags = 0) {
  IndicatorCard c;
  c.code = code;
  c.node_id = "ind." + code;
  c.polarity = polarity;
  c.current.status = ValueStatus::kPresent;
  c.current.period = "2021";
  c.current.value = 1.0;
  c.current.flags = flags;
  if (q.has_value()) {
    c.position.compared = true;
    c.position.n = n;
    c.position.quartile = q;
    c.position.percentile = 10;
  }
  return c;
}

TEST(SelectCurrentValueTest, TakesThePeriodItselfOrTheLatestEarlierOne) {
  std::vector<Observation> series = {Cell("2018", 3), Cell("2019", 4), Cell("2022", 9)};
  ASSERT_OK_AND_ASSIGN(CurrentValue v, SelectCurrentValue(series, P("2022")));
  EXPECT_EQ(v.period, "2022");
  EXPECT_FALSE(v.earlier_period);
  EXPECT_EQ(v.value, 9);
  ASSERT_OK_AND_ASSIGN(v, SelectCurrentValue(series, P("2021")));
  EXPECT_EQ(v.status, ValueStatus::kPresent);
  EXPECT_EQ(v.period, "2019");
  EXPECT_TRUE(v.earlier_period);
  EXPECT_EQ(v.value, 4);
  ASSERT_OK_AND_ASSIGN(v, SelectCurrentValue(series, P("2017")));
  EXPECT_EQ(v.status, ValueStatus::kMissing);
  EXPECT_EQ(v.period, "");
  ASSERT_OK_AND_ASSIGN(v, SelectCurrentValue({}, P("2021")));
  EXPECT_EQ(v.status, ValueStatus::kMissing);
}

TEST(SelectCurrentValueTest, ASuppressedCellIsShownNotReplaced) {
  std::vector<Observation> series = {Cell("2020", 4),
                                     Cell("2021", std::nullopt, monitoring::kFlagSuppressed)};
  ASSERT_OK_AND_ASSIGN(CurrentValue v, SelectCurrentValue(series, P("2021")));
  EXPECT_EQ(v.status, ValueStatus::kSuppressed);
  EXPECT_TRUE(v.suppressed());
  EXPECT_EQ(v.period, "2021");
  EXPECT_FALSE(v.value.has_value());
}

TEST(SelectCurrentValueTest, SkipsDerivedCellsWithoutValueAndKeepsFlags) {
  // A gap cell whose value is undefined is no figure; the synthetic flag travels with a value.
  std::vector<Observation> series = {Cell("2020", 4, monitoring::kFlagSynthetic, "integra demo"),
                                     Cell("2021", std::nullopt)};
  ASSERT_OK_AND_ASSIGN(CurrentValue v, SelectCurrentValue(series, P("2021")));
  EXPECT_EQ(v.period, "2020");
  EXPECT_TRUE(v.synthetic());
  EXPECT_EQ(v.source, "integra demo");
}

TEST(TrendWindowTest, StartsNinePeriodsBeforeTheEnd) {
  EXPECT_EQ(TrendWindowStart(P("2021")).ToString(), "2012");
  EXPECT_EQ(TrendWindowStart(P("2021-Q4")).ToString(), "2019-Q3");
  EXPECT_EQ(TrendWindowStart(P("2021-Q1")).ToString(), "2018-Q4");
  EXPECT_EQ(TrendWindowStart(P("2021-12")).ToString(), "2021-03");
  EXPECT_EQ(TrendWindowStart(P("2021-02")).ToString(), "2020-05");
}

TEST(ClassifyTrendTest, DirectionFollowsPolarity) {
  auto summarize = [](Polarity polarity, std::vector<double> values) {
    std::vector<Observation> series;
    for (size_t i = 0; i < values.size(); ++i) {
      series.push_back(Cell(std::to_string(2012 + i), values[i]));
    }
    return *SummarizeWindow(series, P("2012"), P("2021"), polarity);
  };
  EXPECT_EQ(summarize(Polarity::kLowerIsBetter, {10, 9, 8, 7}).direction,
            TrendDirection::kImproving);
  EXPECT_EQ(summarize(Polarity::kHigherIsBetter, {10, 9, 8, 7}).direction,
            TrendDirection::kWorsening);
  EXPECT_EQ(summarize(Polarity::kHigherIsBetter, {7, 8, 9}).direction, TrendDirection::kImproving);
  EXPECT_EQ(summarize(Polarity::kNeutral, {7, 8, 9}).direction, TrendDirection::kRising);
  EXPECT_EQ(summarize(Polarity::kNeutral, {9, 8, 7}).direction, TrendDirection::kFalling);
  // 100 -> 101 over 3 years: a line change of 1 = 1 % of the level, below the 2 % threshold.
  EXPECT_EQ(summarize(Polarity::kHigherIsBetter, {100, 100.4, 100.6, 101}).direction,
            TrendDirection::kStable);
  EXPECT_EQ(summarize(Polarity::kHigherIsBetter, {5, 5, 5}).direction, TrendDirection::kStable);
  TrendView one = summarize(Polarity::kHigherIsBetter, {5});
  EXPECT_EQ(one.direction, TrendDirection::kUnknown);
  EXPECT_FALSE(one.slope.has_value());
  EXPECT_NE(one.note.find("fewer than 2"), std::string::npos);
}

TEST(SummarizeWindowTest, UsesTheWindowOnlyAndCountsSyntheticPoints) {
  std::vector<Observation> series = {
      Cell("2005", 100),  // before the window: ignored
      Cell("2012", 10, monitoring::kFlagSynthetic),
      Cell("2013", std::nullopt, monitoring::kFlagSuppressed),  // a gap
      Cell("2014", 8, monitoring::kFlagSynthetic), Cell("2016", 6)};
  ASSERT_OK_AND_ASSIGN(TrendView t,
                       SummarizeWindow(series, P("2012"), P("2021"), Polarity::kLowerIsBetter));
  EXPECT_EQ(t.from_period, "2012");
  EXPECT_EQ(t.to_period, "2021");
  EXPECT_EQ(t.observed_points, 3);
  EXPECT_EQ(t.synthetic_points, 2);
  ASSERT_TRUE(t.slope.has_value());
  EXPECT_NEAR(*t.slope, -1.0, 1e-9);  // 10, 8, 6 at 2012, 2014, 2016
  EXPECT_EQ(t.direction, TrendDirection::kImproving);
}

TEST(PositionTest, RankOnlyWhenRankingsAreOnAndSmallGroupsAreNoted) {
  monitoring::analytics::PeerComparison cmp;
  cmp.distribution.n = 3;
  cmp.distribution.median = 5;
  cmp.position = monitoring::analytics::UnitPosition{
      .value = 1, .rank = 3, .percentile = {0.0, ""}, .quartile = QuartilePosition::kBottom};
  PeerPosition on = PositionFromComparison(cmp, "2021", true);
  EXPECT_TRUE(on.compared);
  EXPECT_EQ(on.rank, 3);
  EXPECT_EQ(on.percentile, 0.0);
  EXPECT_NE(on.note.find("only 3 peer(s)"), std::string::npos) << on.note;
  PeerPosition off = PositionFromComparison(cmp, "2021", false);
  EXPECT_FALSE(off.rank.has_value());
  EXPECT_EQ(off.quartile, QuartilePosition::kBottom);

  cmp.position.reset();
  cmp.position_reason = "the unit has no value";
  PeerPosition none = PositionFromComparison(cmp, "2021", true);
  EXPECT_FALSE(none.compared);
  EXPECT_EQ(none.note, "the unit has no value");
}

TEST(LagRuleTest, HalfOfTheAssessableIndicatorsInTheBottomQuartileFlagsTheField) {
  FieldCard f;
  f.indicators = {Card("A", Polarity::kHigherIsBetter, QuartilePosition::kBottom),
                  Card("B", Polarity::kLowerIsBetter, QuartilePosition::kTop)};
  AssessField(f);
  EXPECT_EQ(f.status, FieldStatus::kLagging);  // 1 of 2: exactly half
  EXPECT_EQ(f.assessable, 2);
  EXPECT_EQ(f.bottom_quartile, 1);
  EXPECT_EQ(f.reason, "1 of 2 assessable indicator(s) in the bottom quartile of the peers");
  EXPECT_TRUE(f.indicators[0].bottom_quartile);
  EXPECT_FALSE(f.indicators[1].bottom_quartile);

  f.indicators.push_back(Card("C", Polarity::kHigherIsBetter, QuartilePosition::kUpperMiddle));
  AssessField(f);
  EXPECT_EQ(f.status, FieldStatus::kNotLagging);  // 1 of 3
}

TEST(LagRuleTest, NeutralIndicatorsNeverCount) {
  // 1 of 3 directional indicators in the bottom quartile; two neutral ones in the bottom
  // quartile too. Counted, they would make it 3 of 5 and flag the field.
  FieldCard f;
  f.indicators = {Card("A", Polarity::kHigherIsBetter, QuartilePosition::kBottom),
                  Card("B", Polarity::kLowerIsBetter, QuartilePosition::kTop),
                  Card("C", Polarity::kLowerIsBetter, QuartilePosition::kLowerMiddle),
                  Card("N1", Polarity::kNeutral, QuartilePosition::kBottom),
                  Card("N2", Polarity::kNeutral, QuartilePosition::kBottom)};
  AssessField(f);
  EXPECT_EQ(f.assessable, 3);
  EXPECT_EQ(f.bottom_quartile, 1);
  EXPECT_EQ(f.status, FieldStatus::kNotLagging);
  EXPECT_FALSE(f.indicators[3].assessable);
  EXPECT_FALSE(f.indicators[3].bottom_quartile);

  // Only neutral indicators: nothing to assess, even with every one at the bottom.
  FieldCard context;
  context.indicators = {Card("N1", Polarity::kNeutral, QuartilePosition::kBottom)};
  AssessField(context);
  EXPECT_EQ(context.status, FieldStatus::kNotAssessable);
}

TEST(LagRuleTest, NoValueFewPeersOrNoIndicator) {
  FieldCard f;
  IndicatorCard missing = Card("A", Polarity::kHigherIsBetter, std::nullopt);
  missing.current = CurrentValue{};
  f.indicators = {missing, Card("B", Polarity::kHigherIsBetter, QuartilePosition::kBottom, 4)};
  AssessField(f);
  EXPECT_EQ(f.status, FieldStatus::kNotAssessable);  // B: only 4 peers with a value
  EXPECT_EQ(f.assessable, 0);
  EXPECT_NE(f.reason.find("none of its 2 indicator(s)"), std::string::npos) << f.reason;

  f.indicators[1].position.n = kMinPeerValues;
  AssessField(f);
  EXPECT_EQ(f.status, FieldStatus::kLagging);

  FieldCard empty;
  AssessField(empty);
  EXPECT_EQ(empty.status, FieldStatus::kNotMonitored);
}

TEST(LagRuleTest, NotesWhenTheFlagRestsOnSyntheticValues) {
  FieldCard f;
  f.indicators = {Card("A", Polarity::kHigherIsBetter, QuartilePosition::kBottom, 10,
                       monitoring::kFlagSynthetic)};
  AssessField(f);
  EXPECT_EQ(f.status, FieldStatus::kLagging);
  EXPECT_TRUE(f.rests_on_synthetic);
}

TEST(AttributeTest, OfficialSourcesGetTheirAttributionOthersStayVerbatim) {
  std::vector<Attribution> official;
  std::vector<std::string> others;
  Attribute({"INKAR BBSR Bonn", "Zensus 2022 (Anteil x Bevoelkerung)", "Zensus 2022",
             "Bundesagentur für Arbeit", "Destatis, Gemeindeverzeichnis GV100AD"},
            &official, &others);
  ASSERT_EQ(official.size(), 3u);
  EXPECT_EQ(official[0].text,
            "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD");
  EXPECT_EQ(official[1].text, "Zensus 2022");
  EXPECT_EQ(official[2].text, "INKAR, BBSR Bonn");
  for (const Attribution& a : official) EXPECT_EQ(a.licence, "dl-de/by-2-0");
  EXPECT_EQ(others, std::vector<std::string>{"Bundesagentur für Arbeit"});
}

knowledge::Node N(const std::string& id, NodeType type, int year = 0, int n = 0) {
  knowledge::Node node{.id = id, .type = type, .title_de = "Titel " + id};
  node.provenance.year = year;
  node.provenance.sample_size = n;
  return node;
}

knowledge::Edge E(const std::string& from, EdgeType type, const std::string& to,
                  const std::string& note = "") {
  return {.from = from, .to = to, .type = type, .note = note};
}

knowledge::KnowledgeDocument Graph() {
  knowledge::KnowledgeDocument doc;
  doc.nodes = {N("af.b", NodeType::kActionField),
               N("af.a", NodeType::kActionField),
               N("af.c", NodeType::kActionField),
               N("ind.x", NodeType::kIndicator),
               N("ind.y", NodeType::kIndicator),
               N("rec.2", NodeType::kRecommendation),
               N("rec.1", NodeType::kRecommendation),
               N("sf.1", NodeType::kSuccessFactor),
               N("ms.1", NodeType::kMeasure),
               N("res.1", NodeType::kResource),
               N("fnd.1", NodeType::kFinding, 2016, 270)};
  doc.edges = {E("ind.y", EdgeType::kMeasures, "af.a"),
               E("ind.x", EdgeType::kMeasures, "af.a"),
               E("ind.x", EdgeType::kMeasures, "af.b"),
               E("rec.2", EdgeType::kAddresses, "af.a", "weil 2"),
               E("rec.1", EdgeType::kAddresses, "af.a", "weil 1"),
               E("ms.1", EdgeType::kAddresses, "af.a"),
               E("sf.1", EdgeType::kEnables, "af.a", "ermöglicht"),
               E("res.1", EdgeType::kEnables, "af.a"),
               E("fnd.1", EdgeType::kEvidences, "rec.1", "belegt"),
               E("fnd.1", EdgeType::kEvidences, "sf.1", "belegt sf"),
               E("fnd.1", EdgeType::kEvidences, "af.b", "zum Feld")};
  return doc;
}

TEST(LinkFieldsTest, FieldsInIdOrderWithIndicatorsAndAdviceWithFindings) {
  std::vector<FieldLinks> links = LinkFields(Graph());
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].field.id, "af.a");
  EXPECT_EQ(links[1].field.id, "af.b");
  EXPECT_EQ(links[2].field.id, "af.c");
  ASSERT_EQ(links[0].indicators.size(), 2u);
  EXPECT_EQ(links[0].indicators[0].id, "ind.x");
  // Measures and resources are not recommendations or success factors.
  ASSERT_EQ(links[0].recommendations.size(), 2u);
  EXPECT_EQ(links[0].recommendations[0].id, "rec.1");
  EXPECT_EQ(links[0].recommendations[0].note, "weil 1");
  ASSERT_EQ(links[0].recommendations[0].evidence.size(), 1u);
  EXPECT_EQ(links[0].recommendations[0].evidence[0].id, "fnd.1");
  EXPECT_EQ(links[0].recommendations[0].evidence[0].note, "belegt");
  EXPECT_EQ(links[0].recommendations[0].evidence[0].sample_size, 270);
  EXPECT_TRUE(links[0].recommendations[1].evidence.empty());
  ASSERT_EQ(links[0].success_factors.size(), 1u);
  EXPECT_EQ(links[0].success_factors[0].evidence[0].note, "belegt sf");
  EXPECT_TRUE(links[2].indicators.empty());
  EXPECT_TRUE(links[0].findings.empty());
  ASSERT_EQ(links[1].findings.size(), 1u);
  EXPECT_EQ(links[1].findings[0].note, "zum Feld");
}

TEST(AssembleTest, AdviceForLaggingFieldsOnlyAndNotMonitoredListed) {
  std::map<std::string, IndicatorCard> cards;
  IndicatorCard x = Card("X", Polarity::kHigherIsBetter, QuartilePosition::kBottom, 10,
                         monitoring::kFlagSynthetic);
  x.node_id = "ind.x";
  x.sources = {"INKAR BBSR Bonn"};
  cards["ind.x"] = x;
  IndicatorCard y = Card("Y", Polarity::kLowerIsBetter, QuartilePosition::kBottom);
  y.node_id = "ind.y";
  cards["ind.y"] = y;
  Scorecard header;
  header.unit_key = "01001";
  Scorecard s = Assemble(header, LinkFields(Graph()), cards);
  EXPECT_EQ(s.unit_key, "01001");
  EXPECT_EQ(s.rule, LagRuleText());
  ASSERT_EQ(s.fields.size(), 3u);
  EXPECT_EQ(s.lagging_field_ids, (std::vector<std::string>{"af.a", "af.b"}));
  EXPECT_EQ(s.not_monitored_field_ids, std::vector<std::string>{"af.c"});
  EXPECT_EQ(s.fields[0].recommendations.size(), 2u);
  EXPECT_EQ(s.fields[0].success_factors.size(), 1u);
  EXPECT_TRUE(s.fields[1].recommendations.empty());  // af.b lags but has no advice
  EXPECT_EQ(s.fields[1].findings.size(), 1u);        // only a finding on the field
  EXPECT_TRUE(s.has_synthetic);
  ASSERT_EQ(s.attributions.size(), 1u);
  EXPECT_EQ(s.attributions[0].text, "INKAR, BBSR Bonn");

  // With y on top and x neutral, af.a no longer lags and its advice disappears.
  cards["ind.y"].position.quartile = QuartilePosition::kTop;
  cards["ind.x"].polarity = Polarity::kNeutral;
  s = Assemble(header, LinkFields(Graph()), cards);
  EXPECT_EQ(s.fields[0].status, FieldStatus::kNotLagging);
  EXPECT_TRUE(s.fields[0].recommendations.empty());
  EXPECT_EQ(s.fields[1].status, FieldStatus::kNotAssessable);
}

TEST(AssembleTest, AnIndicatorNodeWithoutCatalogEntryIsShownWithANote) {
  Scorecard s = Assemble({}, LinkFields(Graph()), {});
  ASSERT_EQ(s.fields[0].indicators.size(), 2u);
  EXPECT_EQ(s.fields[0].indicators[0].code, "");
  EXPECT_NE(s.fields[0].indicators[0].note.find("catalog"), std::string::npos);
  EXPECT_EQ(s.fields[0].status, FieldStatus::kNotAssessable);
}

}  // namespace
}  // namespace integra::scorecard

namespace integra::scorecard {
namespace {

// A card whose value comes from `period`, earlier than the scorecard's (or its own).
IndicatorCard ValueFrom(const std::string& code, const std::string& period, bool earlier,
                        ValueStatus status = ValueStatus::kPresent) {
  IndicatorCard c = Card(code, Polarity::kHigherIsBetter, std::nullopt);
  c.current.status = status;
  c.current.period = status == ValueStatus::kMissing ? "" : period;
  c.current.earlier_period = earlier;
  return c;
}

TEST(EarlierPeriodsShownTest, ListedOnlyWhenThePeriodItselfHasNoValue) {
  // Scorecard 2025; the values shown come from 2022 and 2021, one indicator has none at all.
  FieldCard a{.id = "af.a"};
  a.indicators = {ValueFrom("X", "2021", true), ValueFrom("Y", "2022", true)};
  FieldCard b{.id = "af.b"};
  b.indicators = {ValueFrom("Z", "", false, ValueStatus::kMissing),
                  ValueFrom("W", "2022", true, ValueStatus::kSuppressed)};
  EXPECT_EQ(EarlierPeriodsShown({a, b}), (std::vector<std::string>{"2022", "2021"}));
  // One indicator with a value for the period itself: nothing to say.
  b.indicators.push_back(ValueFrom("V", "2025", false));
  EXPECT_TRUE(EarlierPeriodsShown({a, b}).empty());
  // No value anywhere: nothing shown, nothing to say.
  FieldCard none{.id = "af.none"};
  none.indicators = {ValueFrom("Z", "", false, ValueStatus::kMissing)};
  EXPECT_TRUE(EarlierPeriodsShown({none}).empty());
  EXPECT_TRUE(EarlierPeriodsShown({}).empty());
}

// A unit's own measures addressing a field are listed under it, those of other units and the
// generic measures are not; a kreisfreie Stadt's measures may be owned by either of its keys.
TEST(AssembleTest, ListsTheUnitsOwnMeasuresAddressingEachField) {
  knowledge::KnowledgeDocument g;
  g.nodes = {{.id = "af.a", .type = NodeType::kActionField, .title_de = "Feld A"},
             {.id = "ms.generic", .type = NodeType::kMeasure, .title_de = "Generisch"}};
  auto measure = [](const std::string& id, const std::string& owner) {
    return knowledge::Node{.id = id,
                           .type = NodeType::kMeasure,
                           .title_de = "Maßnahme " + id,
                           .owner = owner,
                           .measure = {.start_date = "2016-09-01",
                                       .end_date = "2020-12-31",
                                       .status = knowledge::MeasureStatus::kFinished}};
  };
  for (const auto& [id, owner] : std::vector<std::pair<std::string, std::string>>{
           {"ms.z", "05315"}, {"ms.a", "05315000"}, {"ms.other", "05111"}}) {
    g.nodes.push_back(measure(id, owner));
    g.edges.push_back({.from = id, .to = "af.a", .type = EdgeType::kAddresses});
  }
  g.edges.push_back({.from = "ms.generic", .to = "af.a", .type = EdgeType::kAddresses});
  const std::vector<FieldLinks> links = LinkFields(g);
  ASSERT_EQ(links.size(), 1u);
  ASSERT_EQ(links[0].measures.size(), 3u);  // owned ones only, by id
  EXPECT_EQ(links[0].measures[0].id, "ms.a");

  Scorecard header;
  header.unit_key = "05315";
  header.twin_key = "05315000";
  Scorecard s = Assemble(header, links, {});
  ASSERT_EQ(s.fields.size(), 1u);
  const std::vector<MeasureCard>& m = s.fields[0].measures;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].id, "ms.a");
  EXPECT_EQ(m[1].id, "ms.z");
  EXPECT_EQ(m[1].status, knowledge::MeasureStatus::kFinished);
  EXPECT_EQ(m[1].start_date, "2016-09-01");
  EXPECT_EQ(m[1].end_date, "2020-12-31");
  EXPECT_TRUE(m[1].evaluations.empty());  // the builder evaluates, on request only

  header.unit_key = "05111";
  header.twin_key.clear();
  s = Assemble(header, links, {});
  ASSERT_EQ(s.fields[0].measures.size(), 1u);
  EXPECT_EQ(s.fields[0].measures[0].id, "ms.other");
}

}  // namespace
}  // namespace integra::scorecard
