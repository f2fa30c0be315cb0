// The constructed scorecard case shared by the domain, service and end-to-end tests: six
// Landkreise of Schleswig-Holstein, four action fields, eight indicators of both polarities and
// two neutral ones, and values chosen so that exactly one field lags. Each test loads it
// through its own layer (stores, gRPC, CLI) and checks the same outcome.
//
// Unit under test: 01051 Dithmarschen; its default peers are the six Landkreise.
//
//   af.arbeit      ALQ (lower better; 01051 worst: bottom), BESCH (higher better, 01051's value
//                  SYNTHETIC: bottom), AUSL (neutral, top: never counts)
//                  -> 2 of 2 assessable in the bottom quartile: LAGGING
//   af.bildung     ABI (higher better: bottom), KITA (higher better, no ranking allowed: top),
//                  SCHULAB (lower better, 01051 has only 2019: upper middle), MIGH (neutral:
//                  bottom) -> 1 of 3: not lagging. Were MIGH counted, 2 of 4 would lag.
//   af.verwaltung  VERW (higher better; 01051's 2021 value suppressed) -> not assessable
//   af.netzwerke   no indicator -> not monitored
// Knowledge: rec.arbeit and ms.lotsen ADDRESS af.arbeit, sf.vernetzung and res.engagement ENABLE
// it (only the recommendation and the success factor are listed); fnd.a EVIDENCES rec.arbeit,
// fnd.b sf.vernetzung, fnd.d the field itself; rec.bildung ADDRESSES af.bildung and fnd.c
// EVIDENCES it (not listed: the field does not lag).
// Target: ALQ for 01051 by 2025: 5 %; ALQ for 01051 falls 2012-2021 (improving).
#pragma once

#include <string>
#include <vector>

namespace integra::scorecard::scenario {

inline constexpr char kUnit[] = "01051";
inline constexpr char kPeriod[] = "2021";

struct UnitSpec {
  const char* key;
  const char* name;
};
inline const std::vector<UnitSpec>& Landkreise() {
  static const auto* v = new std::vector<UnitSpec>{
      {"01051", "Dithmarschen"}, {"01053", "Herzogtum Lauenburg"}, {"01054", "Nordfriesland"},
      {"01055", "Ostholstein"},  {"01056", "Pinneberg"},           {"01057", "Plön"}};
  return *v;
}

// Types and edge types by their lower-case names (as the CLI and the domain parse them).
struct NodeSpec {
  const char* id;
  const char* type;
  const char* title;
  int year = 0;
  int sample_size = 0;
};
struct EdgeSpec {
  const char* from;
  const char* type;
  const char* to;
  const char* note;
};

inline const std::vector<NodeSpec>& Nodes() {
  static const auto* v = new std::vector<NodeSpec>{
      {"af.arbeit", "action_field", "Berufliche Integration"},
      {"af.bildung", "action_field", "Sprache und Bildung"},
      {"af.netzwerke", "action_field", "Unterstützung lokaler Netzwerke"},
      {"af.verwaltung", "action_field", "Interkulturelle Öffnung der Verwaltung"},
      {"rec.arbeit", "recommendation", "Übergänge in Arbeit begleiten"},
      {"rec.bildung", "recommendation", "Sprachförderung ausbauen"},
      {"sf.vernetzung", "success_factor", "Vernetzung und Kollaboration"},
      {"ms.lotsen", "measure", "Lotsenprogramm"},
      {"res.engagement", "resource", "Bürgerschaftliches Engagement"},
      {"fnd.a", "finding", "Arbeitsmarktintegration ist die größte Aufgabe", 2016, 270},
      {"fnd.b", "finding", "Vernetzte Kommunen sind erfolgreicher", 2016, 114},
      {"fnd.c", "finding", "Sprachkurse fehlen", 2016, 270},
      {"fnd.d", "finding", "Arbeit ist der Schlüssel", 2012, 0}};
  return *v;
}

inline const std::vector<EdgeSpec>& Edges() {
  static const auto* v = new std::vector<EdgeSpec>{
      {"rec.arbeit", "addresses", "af.arbeit", "Empfehlung zielt auf den Arbeitsmarkt"},
      {"ms.lotsen", "addresses", "af.arbeit", "Maßnahme"},
      {"rec.bildung", "addresses", "af.bildung", "Empfehlung zur Bildung"},
      {"sf.vernetzung", "enables", "af.arbeit", "Netzwerke öffnen Wege in Arbeit"},
      {"res.engagement", "enables", "af.arbeit", "Ressource"},
      {"fnd.a", "evidences", "rec.arbeit", "Befragung nennt Arbeit zuerst"},
      {"fnd.b", "evidences", "sf.vernetzung", "Vernetzung geht mit Erfolg einher"},
      {"fnd.c", "evidences", "rec.bildung", "Bedarf an Sprachkursen"},
      {"fnd.d", "evidences", "af.arbeit", "Befund zum Feld"},
      {"fnd.c", "evidences", "af.bildung", "Befund zur Bildung"}};
  return *v;
}

struct IndicatorSpec {
  const char* code;
  const char* name;
  const char* polarity;  // higher_is_better, lower_is_better, neutral
  std::vector<const char*> fields;
  bool ranking_allowed = true;
};

inline const std::vector<IndicatorSpec>& Indicators() {
  static const auto* v = new std::vector<IndicatorSpec>{
      {"ALQ", "Arbeitslosenquote", "lower_is_better", {"af.arbeit"}},
      {"BESCH", "Beschäftigungsquote", "higher_is_better", {"af.arbeit"}},
      {"AUSL", "Ausländeranteil", "neutral", {"af.arbeit", "af.bildung"}},
      {"ABI", "Abiturquote", "higher_is_better", {"af.bildung"}},
      {"KITA", "Betreuungsquote", "higher_is_better", {"af.bildung"}, false},
      {"SCHULAB", "Schulabgänger ohne Abschluss", "lower_is_better", {"af.bildung"}},
      {"MIGH", "Anteil mit Migrationshintergrund", "neutral", {"af.bildung"}},
      {"VERW",
       "Beschäftigte mit Migrationshintergrund in der Verwaltung",
       "higher_is_better",
       {"af.verwaltung"}}};
  return *v;
}

// A value for one cell; flags "" | "synthetic" | "suppressed" (then no value is sent).
struct ValueSpec {
  const char* code;
  const char* unit;
  const char* period;
  double value;
  const char* flags;
  const char* source;
};

inline constexpr char kInkar[] = "INKAR BBSR Bonn";
inline constexpr char kZensus[] = "Zensus 2022";
inline constexpr char kDemo[] = "integra demo (synthetisch)";
inline constexpr char kBa[] = "Bundesagentur für Arbeit";

inline std::vector<ValueSpec> Values() {
  std::vector<ValueSpec> v;
  const std::vector<std::string> keys = {"01051", "01053", "01054", "01055", "01056", "01057"};
  auto row = [&](const char* code, const char* period, std::vector<double> values,
                 const char* source, const char* first_flags = "") {
    for (size_t i = 0; i < values.size(); ++i) {
      v.push_back({code, Landkreise()[i].key, period, values[i], i == 0 ? first_flags : "",
                   i == 0 && std::string(first_flags) == "synthetic" ? kDemo : source});
    }
  };
  row("ALQ", "2021", {9, 5, 6, 7, 4, 5.5}, kInkar);
  row("BESCH", "2021", {40, 50, 55, 60, 52, 58}, kBa, "synthetic");
  row("AUSL", "2021", {15, 5, 6, 7, 8, 9}, kZensus);
  row("ABI", "2021", {20, 30, 32, 35, 28, 40}, kInkar);
  row("KITA", "2021", {50, 30, 32, 35, 28, 40}, kInkar);
  row("SCHULAB", "2019", {6, 4, 5, 7, 8, 9}, kInkar);
  row("MIGH", "2021", {10, 20, 21, 22, 23, 24}, kZensus);
  row("VERW", "2021", {0, 10, 11, 12, 13, 14}, kBa, "suppressed");
  // ALQ of 01051 falls from 11.7 (2012) by 0.3 a year to 9 (2021).
  static const char* kYears[] = {"2012", "2013", "2014", "2015", "2016",
                                 "2017", "2018", "2019", "2020"};
  for (int i = 0; i < 9; ++i) v.push_back({"ALQ", kUnit, kYears[i], 11.7 - 0.3 * i, "", kInkar});
  return v;
}

// The outcome every layer must show.
inline const std::vector<std::string> kLagging = {"af.arbeit"};
inline const std::vector<std::string> kNotMonitored = {"af.netzwerke"};

}  // namespace integra::scorecard::scenario
