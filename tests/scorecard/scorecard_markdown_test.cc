// The German markdown report on hand-made scorecards: number notation, escaping, labels for
// SYNTHETIC / suppressed / missing values, neutral indicators, notes, and the footer.
#include "services/scorecard/scorecard_markdown.h"

#include "gtest/gtest.h"
#include "services/monitoring/observations.h"

namespace integra::scorecard {
namespace {

using monitoring::Polarity;
using monitoring::analytics::QuartilePosition;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(GermanNumberTest, DecimalCommaGroupingAndRounding) {
  EXPECT_EQ(GermanNumber(8.25), "8,25");
  EXPECT_EQ(GermanNumber(8.1), "8,1");
  EXPECT_EQ(GermanNumber(8), "8");
  EXPECT_EQ(GermanNumber(1234.5), "1234,5");
  EXPECT_EQ(GermanNumber(12345.5), "12.345,5");
  EXPECT_EQ(GermanNumber(1512491), "1.512.491");
  EXPECT_EQ(GermanNumber(-0.214), "-0,21");
  EXPECT_EQ(GermanNumber(-0.001), "0");
  EXPECT_EQ(GermanNumber(0), "0");
  EXPECT_EQ(GermanNumber(0.00123, 4), "0,0012");
}

Scorecard Minimal() {
  Scorecard s;
  s.unit_key = "05315";
  s.unit_name = "Köln, Stadt";
  s.unit_type = "KREISFREIE_STADT";
  s.twin_key = "05315000";
  s.period = "2022";
  s.peer_selection = "default";
  s.peer_description = "default peers of 05315: kreis units of type KREISFREIE_STADT";
  s.peer_count = 67;
  FieldCard f{.id = "af.x", .title_de = "Feld | mit Strich", .status = FieldStatus::kNotLagging};
  f.assessable = 1;
  IndicatorCard ctx{.code = "AUSL_ANTEIL",
                    .name_de = "Ausländeranteil",
                    .unit_of_measure = "percent",
                    .polarity = Polarity::kNeutral};
  ctx.current = {.status = ValueStatus::kPresent, .period = "2022", .value = 20.1};
  ctx.position = {.compared = true,
                  .period = "2022",
                  .n = 67,
                  .percentile = 91.4,
                  .quartile = QuartilePosition::kTop};
  IndicatorCard missing{.code = "MIETPREIS",
                        .name_de = "Angebotsmieten",
                        .unit_of_measure = "EUR je m²",
                        .polarity = Polarity::kLowerIsBetter};
  IndicatorCard few{.code = "EINB",
                    .name_de = "Einbürgerungsquote",
                    .unit_of_measure = "percent",
                    .polarity = Polarity::kHigherIsBetter};
  few.current = {.status = ValueStatus::kPresent,
                 .period = "2022",
                 .value = 1.5,
                 .flags = monitoring::kFlagSynthetic | monitoring::kFlagProvisional,
                 .footnote = "Schätzung"};
  few.position = {.compared = true,
                  .period = "2022",
                  .n = 3,
                  .percentile = 50,
                  .quartile = QuartilePosition::kBottom};
  few.trend = {.observed_points = 4,
               .synthetic_points = 4,
               .direction = TrendDirection::kStable,
               .slope = 0.001};
  f.indicators = {ctx, missing, few};
  s.fields = {f};
  return s;
}

TEST(RenderMarkdownTest, HeaderCellsAndNotes) {
  Scorecard s = Minimal();
  s.has_synthetic = true;
  const std::string md = RenderMarkdown(s);
  EXPECT_TRUE(Has(md, "# Integrationsmonitoring: Scorecard Köln, Stadt (05315), 2022\n")) << md;
  EXPECT_TRUE(Has(md, "| Gebietseinheit | Köln, Stadt (05315), kreisfreie Stadt |")) << md;
  EXPECT_TRUE(Has(md,
                  "| Vergleichsgruppe | Standard (gleiche Ebene, gleicher Gebietstyp, "
                  "gleiche Größenklasse): 67 Gebietseinheiten"))
      << md;
  EXPECT_TRUE(Has(md,
                  "Kreisfreie Stadt: Kreis und Gemeinde 05315000 sind dasselbe Gebiet. Wo unter "
                  "05315 für einen Zeitraum kein Wert steht, zeigt die Karte den Wert unter "
                  "05315000"))
      << md;
  EXPECT_TRUE(Has(md, "> **Achtung: enthält SYNTHETIC-Werte.**")) << md;
  EXPECT_TRUE(Has(md, "Kein Handlungsfeld erfüllt die Rückstandsregel.")) << md;
  EXPECT_TRUE(Has(md, "### Feld | mit Strich – kein Rückstand")) << md;  // headings need no escape
  // Neutral: positional words, no merit.
  EXPECT_TRUE(Has(md, "| 20,1 % | 2022 | 91 | höchstes Viertel (n = 67) |")) << md;
  // Missing value, free unit label kept.
  EXPECT_TRUE(Has(md, "| Angebotsmieten (`MIETPREIS`; EUR je m²; niedriger ist besser) | – | – |"))
      << md;
  // Synthetic and provisional, too few peers to count.
  EXPECT_TRUE(Has(md, "| 1,5 % **SYNTHETIC** (vorläufig) |")) << md;
  EXPECT_TRUE(Has(md, "schwächstes Viertel (n = 3), zählt nicht")) << md;
  EXPECT_TRUE(Has(md, "stabil (+0,001 pro Jahr), enthält SYNTHETIC-Werte")) << md;
  EXPECT_TRUE(Has(md, "- EINB: Fußnote zum Wert: Schätzung")) << md;
  EXPECT_TRUE(Has(md, "- EINB: nur 3 Vergleichswerte; die Position zählt erst ab 5.")) << md;
  EXPECT_TRUE(Has(md, "- SYNTHETIC: synthetische Demodaten")) << md;
}

TEST(RenderMarkdownTest, ALaggingFieldWithoutAdviceSaysSo) {
  Scorecard s = Minimal();
  FieldCard& f = s.fields[0];
  f.status = FieldStatus::kLagging;
  f.findings = {{.id = "fnd.y", .title_de = "Befund", .note = "weil", .year = 2016}};
  s.lagging_field_ids = {"af.x"};
  const std::string md = RenderMarkdown(s);
  EXPECT_TRUE(Has(md, "Empfehlungen: 0, Erfolgsbedingungen: 0, Befunde: 1.")) << md;
  EXPECT_TRUE(Has(md,
                  "Die Wissensbasis verknüpft noch keine Empfehlung und keine "
                  "Erfolgsbedingung mit diesem Handlungsfeld."))
      << md;
  EXPECT_TRUE(Has(md, "**Befunde zu diesem Handlungsfeld**\n\n- Befund (`fnd.y`, 2016) – weil\n"))
      << md;
}

TEST(RenderMarkdownTest, TableCellsEscapePipesAndRankColumnFollowsRankings) {
  Scorecard s = Minimal();
  s.fields[0].indicators[0].name_de = "A|B";
  s.fields[0].indicators[0].position.rank = 7;
  std::string md = RenderMarkdown(s);
  EXPECT_TRUE(Has(md, "| A\\|B (`AUSL_ANTEIL`")) << md;
  EXPECT_TRUE(Has(md, "| Rang |")) << md;
  EXPECT_TRUE(Has(md, "| 7 von 67 |")) << md;
  EXPECT_TRUE(Has(md, "- keine Werte gezeigt")) << md;
  s.rankings_enabled = false;
  md = RenderMarkdown(s);
  EXPECT_FALSE(Has(md, "| Rang |")) << md;
  EXPECT_FALSE(Has(md, "7 von 67")) << md;
}

}  // namespace
}  // namespace integra::scorecard
