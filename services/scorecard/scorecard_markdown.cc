#include "services/scorecard/scorecard_markdown.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "services/monitoring/observations.h"
#include "services/scorecard/scorecard_core.h"

namespace integra::scorecard {
namespace {

using monitoring::Polarity;
using monitoring::analytics::QuartilePosition;
using monitoring::analytics::TargetStatus;

// A table cell: no line breaks, pipes escaped.
std::string Cell(const std::string& text) {
  return absl::StrReplaceAll(text, {{"|", "\\|"}, {"\r", " "}, {"\n", " "}});
}

std::string UnitTypeDe(const std::string& type) {
  static const auto* names = new std::map<std::string, std::string>{
      {"BUND", "Bund"},
      {"LAND", "Land"},
      {"STADTSTAAT", "Stadtstaat"},
      {"REGIERUNGSBEZIRK", "Regierungsbezirk"},
      {"KREISFREIE_STADT", "kreisfreie Stadt"},
      {"LANDKREIS", "Landkreis"},
      {"KREISANGEHOERIGE_GEMEINDE", "kreisangehörige Gemeinde"},
      {"GEMEINDEFREIES_GEBIET", "gemeindefreies Gebiet"}};
  auto it = names->find(type);
  return it == names->end() ? type : it->second;
}

std::string UnitOfMeasureDe(const std::string& unit) {
  static const auto* names =
      new std::map<std::string, std::string>{{"percent", "%"},
                                             {"count", "Anzahl"},
                                             {"per_1000_inhabitants", "je 1.000 Einw."},
                                             {"per_100000_inhabitants", "je 100.000 Einw."},
                                             {"eur", "EUR"},
                                             {"eur_per_inhabitant", "EUR je Einw."},
                                             {"index", "Index"},
                                             {"years", "Jahre"}};
  auto it = names->find(unit);
  return it == names->end() ? unit : it->second;
}

std::string PolarityDe(Polarity p) {
  switch (p) {
    case Polarity::kHigherIsBetter:
      return "höher ist besser";
    case Polarity::kLowerIsBetter:
      return "niedriger ist besser";
    case Polarity::kNeutral:
      return "Kontext, ohne Wertung";
  }
  return "";
}

std::string QuartileDe(QuartilePosition q, Polarity p) {
  const bool neutral = p == Polarity::kNeutral;
  switch (q) {
    case QuartilePosition::kTop:
      return neutral ? "höchstes Viertel" : "bestes Viertel";
    case QuartilePosition::kUpperMiddle:
      return "über dem Median";
    case QuartilePosition::kLowerMiddle:
      return "unter dem Median";
    case QuartilePosition::kBottom:
      return neutral ? "niedrigstes Viertel" : "schwächstes Viertel";
  }
  return "";
}

std::string TrendDe(TrendDirection d) {
  switch (d) {
    case TrendDirection::kUnknown:
      return "zu wenige Werte";
    case TrendDirection::kImproving:
      return "verbessert sich";
    case TrendDirection::kWorsening:
      return "verschlechtert sich";
    case TrendDirection::kStable:
      return "stabil";
    case TrendDirection::kRising:
      return "steigend";
    case TrendDirection::kFalling:
      return "fallend";
  }
  return "";
}

std::string TargetDe(TargetStatus s) {
  switch (s) {
    case TargetStatus::kUnknown:
      return "unbestimmt";
    case TargetStatus::kOnTrack:
      return "auf Kurs";
    case TargetStatus::kAtRisk:
      return "gefährdet";
    case TargetStatus::kOffTrack:
      return "nicht auf Kurs";
  }
  return "";
}

std::string FieldStatusDe(FieldStatus s) {
  switch (s) {
    case FieldStatus::kLagging:
      return "Rückstand";
    case FieldStatus::kNotLagging:
      return "kein Rückstand";
    case FieldStatus::kNotAssessable:
      return "nicht bewertbar";
    case FieldStatus::kNotMonitored:
      return "ohne Monitoring";
  }
  return "";
}

std::string SelectionDe(const Scorecard& s) {
  if (s.peer_selection == "default") {
    return "Standard (gleiche Ebene, gleicher Gebietstyp, gleiche Größenklasse)";
  }
  if (s.peer_selection == "land") return "Standard innerhalb des Landes";
  return absl::StrCat("eigene Vergleichsgruppe „", s.peer_selection, "“");
}

// Slopes are often small: up to 4 decimals.
std::string Signed(double v) { return absl::StrCat(v > 0 ? "+" : "", GermanNumber(v, 4)); }

std::string ValueCell(const IndicatorCard& c) {
  const CurrentValue& v = c.current;
  if (v.status == ValueStatus::kMissing) return "–";
  std::string out;
  if (v.status == ValueStatus::kSuppressed) {
    out = "geheim (SUPPRESSED)";
  } else {
    out = GermanNumber(*v.value);
    if (c.unit_of_measure == "percent") absl::StrAppend(&out, " %");
  }
  if (v.synthetic()) absl::StrAppend(&out, " **SYNTHETIC**");
  if ((v.flags & monitoring::kFlagProvisional) != 0) absl::StrAppend(&out, " (vorläufig)");
  if ((v.flags & monitoring::kFlagEstimated) != 0) absl::StrAppend(&out, " (geschätzt)");
  return out;
}

std::string PeriodCell(const IndicatorCard& c, const std::string& period) {
  if (c.current.period.empty()) return "–";
  if (!c.current.earlier_period) return c.current.period;
  return absl::StrCat(c.current.period, " (kein Wert für ", period, ")");
}

std::string PositionCell(const IndicatorCard& c) {
  const PeerPosition& p = c.position;
  if (!p.compared || !p.quartile.has_value()) return "–";
  std::string q = QuartileDe(*p.quartile, c.polarity);
  if (c.bottom_quartile) q = absl::StrCat("**", q, "**");
  std::string out = absl::StrCat(q, " (n = ", p.n, ")");
  if (c.polarity != Polarity::kNeutral && !c.assessable) absl::StrAppend(&out, ", zählt nicht");
  return out;
}

std::string TrendCell(const IndicatorCard& c) {
  const TrendView& t = c.trend;
  std::string out = TrendDe(t.direction);
  if (t.slope.has_value() && t.direction != TrendDirection::kUnknown) {
    absl::StrAppend(&out, " (", Signed(*t.slope), " pro Jahr)");
  }
  if (t.synthetic_points > 0) absl::StrAppend(&out, ", enthält SYNTHETIC-Werte");
  return out;
}

std::string TargetCell(const IndicatorCard& c) {
  if (!c.target.has_value()) return "–";
  std::string value = GermanNumber(c.target->target_value);
  if (c.unit_of_measure == "percent") absl::StrAppend(&value, " %");
  return absl::StrCat(c.target->target_period, ": ", value, " – ", TargetDe(c.target->status));
}

std::string IndicatorCellDe(const IndicatorCard& c) {
  if (c.code.empty()) return absl::StrCat(c.name_de, " (`", c.node_id, "`)");
  std::vector<std::string> parts = {absl::StrCat("`", c.code, "`")};
  if (!c.unit_of_measure.empty()) parts.push_back(UnitOfMeasureDe(c.unit_of_measure));
  parts.push_back(PolarityDe(c.polarity));
  return absl::StrCat(c.name_de, " (", absl::StrJoin(parts, "; "), ")");
}

std::vector<std::string> IndicatorNotes(const IndicatorCard& c) {
  std::vector<std::string> notes;
  const std::string name = c.code.empty() ? c.node_id : c.code;
  if (!c.note.empty()) notes.push_back(absl::StrCat(name, ": kein Eintrag im Indikatorkatalog."));
  if (!c.current.footnote.empty()) {
    notes.push_back(absl::StrCat(name, ": Fußnote zum Wert: ", c.current.footnote));
  }
  if (!c.current.stored_under.empty()) {
    notes.push_back(absl::StrCat(name, ": Wert unter dem Schlüssel ", c.current.stored_under,
                                 " derselben kreisfreien Stadt (unter dem eigenen Schlüssel "
                                 "liegt für ",
                                 c.current.period, " keiner), verglichen auf dessen Ebene."));
  }
  if (c.current.twin_value.has_value()) {
    notes.push_back(absl::StrCat(
        name, ": unter dem anderen Schlüssel derselben kreisfreien Stadt steht für ",
        c.current.period, " ein anderer Wert: ", GermanNumber(*c.current.twin_value, 4),
        c.current.twin_source.empty() ? "" : " (" + c.current.twin_source + ")", "."));
  }
  if (c.current.value.has_value() && !c.position.compared && !c.position.note.empty()) {
    notes.push_back(absl::StrCat(name, ": kein Vergleich möglich (", c.position.note, ")."));
  }
  if (c.position.compared && c.position.n < kMinPeerValues && c.polarity != Polarity::kNeutral) {
    notes.push_back(absl::StrCat(name, ": nur ", c.position.n,
                                 " Vergleichswerte; die Position "
                                 "zählt erst ab ",
                                 kMinPeerValues, "."));
  }
  if (c.position.compared && c.position.period != c.current.period && !c.position.period.empty()) {
    notes.push_back(absl::StrCat(name, ": verglichen im Jahr ", c.position.period, "."));
  }
  return notes;
}

std::string ReasonDe(const FieldCard& f) {
  switch (f.status) {
    case FieldStatus::kNotMonitored:
      return "Kein Indikator misst dieses Handlungsfeld: sein Stand kann nicht beobachtet werden.";
    case FieldStatus::kNotAssessable: {
      const std::string why = absl::StrCat(" (Kontextindikator, kein Wert oder weniger als ",
                                           kMinPeerValues, " Vergleichswerte).");
      if (f.indicators.size() == 1)
        return absl::StrCat("Der einzige Indikator ist nicht bewertbar", why);
      return absl::StrCat("Keiner der ", f.indicators.size(), " Indikatoren ist bewertbar", why);
    }
    case FieldStatus::kLagging:
    case FieldStatus::kNotLagging:
      break;
  }
  std::string out = absl::StrCat(f.bottom_quartile, " von ", f.assessable,
                                 " bewertbaren Indikatoren im schwächsten Viertel der "
                                 "Vergleichsgruppe.");
  if (f.rests_on_synthetic) {
    absl::StrAppend(&out, " Die Einstufung beruht auch auf SYNTHETIC-Werten (Demodaten).");
  }
  return out;
}

// "Title (`fnd.x`, 2016, N = 270) – note".
std::string EvidenceText(const Evidence& e) {
  std::vector<std::string> meta = {absl::StrCat("`", e.id, "`")};
  if (e.year > 0) meta.push_back(std::to_string(e.year));
  if (e.sample_size > 0) meta.push_back(absl::StrCat("N = ", e.sample_size));
  std::string out = absl::StrCat(e.title_de, " (", absl::StrJoin(meta, ", "), ")");
  if (!e.note.empty()) absl::StrAppend(&out, " – ", e.note);
  return out;
}

void RenderAdvice(std::string& out, const std::string& heading, const std::vector<Advice>& list) {
  if (list.empty()) return;
  absl::StrAppend(&out, "**", heading, "**\n\n");
  int i = 0;
  for (const Advice& a : list) {
    absl::StrAppend(&out, ++i, ". **", a.title_de, "** (`", a.id, "`)");
    if (!a.note.empty()) absl::StrAppend(&out, "  \n   Warum: ", a.note);
    absl::StrAppend(&out, "\n");
    for (const Evidence& e : a.evidence)
      absl::StrAppend(&out, "   - Beleg: ", EvidenceText(e), "\n");
  }
  absl::StrAppend(&out, "\n");
}

// What the knowledge base offers for a lagging field; says so when it offers no advice.
void RenderKnowledge(std::string& out, const FieldCard& f) {
  if (f.status != FieldStatus::kLagging) return;
  if (f.recommendations.empty() && f.success_factors.empty()) {
    absl::StrAppend(&out,
                    "Die Wissensbasis verknüpft noch keine Empfehlung und keine "
                    "Erfolgsbedingung mit diesem Handlungsfeld.\n\n");
  }
  RenderAdvice(out, "Empfehlungen aus der Wissensbasis", f.recommendations);
  RenderAdvice(out, "Erfolgsbedingungen aus der Wissensbasis", f.success_factors);
  if (f.findings.empty()) return;
  absl::StrAppend(&out, "**Befunde zu diesem Handlungsfeld**\n\n");
  for (const Evidence& e : f.findings) absl::StrAppend(&out, "- ", EvidenceText(e), "\n");
  absl::StrAppend(&out, "\n");
}

// The indicator table of a field, its notes and (lagging) the knowledge base's advice.
void RenderIndicators(std::string& out, const Scorecard& s, const FieldCard& f);

// The unit's own measures addressing the field, with their short evaluations if asked for.
void RenderMeasures(std::string& out, const FieldCard& f) {
  if (f.measures.empty()) return;
  absl::StrAppend(&out, "**Eigene Maßnahmen zu diesem Handlungsfeld**\n\n");
  for (const MeasureCard& m : f.measures) {
    absl::StrAppend(&out, "- **", m.title_de, "** (`", m.id,
                    "`): ", knowledge::MeasureStatusLabelDe(m.status), ", ", m.start_date, " – ",
                    m.end_date.empty() ? "offen" : m.end_date, "\n");
    if (!m.evaluation_note.empty()) {
      absl::StrAppend(&out, "  - nicht evaluierbar: ", m.evaluation_note, "\n");
    }
    for (const MeasureVerdict& v : m.evaluations) {
      std::string text = v.not_evaluated.empty()
                             ? monitoring::analytics::EvaluationVerdictLabel(v.verdict, true)
                             : v.not_evaluated;
      if (v.effect.has_value()) absl::StrAppend(&text, ", Effekt ", Signed(*v.effect));
      if (v.p_value.has_value()) absl::StrAppend(&text, ", p = ", GermanNumber(*v.p_value, 3));
      absl::StrAppend(&out, "  - Evaluation ", v.indicator_code, ": ", text, "\n");
    }
  }
  absl::StrAppend(&out, "\n");
}

void RenderField(std::string& out, const Scorecard& s, const FieldCard& f) {
  absl::StrAppend(&out, "### ", f.title_de, " – ", FieldStatusDe(f.status), "\n\n");
  absl::StrAppend(&out, "`", f.id, "`. ", ReasonDe(f), "\n\n");
  RenderIndicators(out, s, f);
  RenderMeasures(out, f);
}

void RenderIndicators(std::string& out, const Scorecard& s, const FieldCard& f) {
  if (f.indicators.empty()) return;
  std::vector<std::string> header = {"Indikator", "Wert", "Jahr", "Perzentil",
                                     "Position in der Vergleichsgruppe"};
  if (s.rankings_enabled) header.push_back("Rang");
  header.insert(header.end(), {absl::StrCat("Trend (bis zu ", kTrendPeriods, " Jahre)"), "Ziel"});
  absl::StrAppend(&out, "| ", absl::StrJoin(header, " | "), " |\n|");
  for (size_t i = 0; i < header.size(); ++i) absl::StrAppend(&out, "---|");
  absl::StrAppend(&out, "\n");
  std::vector<std::string> notes;
  for (const IndicatorCard& c : f.indicators) {
    std::vector<std::string> row = {IndicatorCellDe(c), ValueCell(c), PeriodCell(c, s.period),
                                    c.position.percentile.has_value() && c.position.compared
                                        ? GermanNumber(std::round(*c.position.percentile))
                                        : "–",
                                    PositionCell(c)};
    if (s.rankings_enabled) {
      row.push_back(c.position.rank.has_value()
                        ? absl::StrCat(*c.position.rank, " von ", c.position.n)
                        : "–");
    }
    row.push_back(TrendCell(c));
    row.push_back(TargetCell(c));
    for (std::string& cell : row) cell = Cell(cell);
    absl::StrAppend(&out, "| ", absl::StrJoin(row, " | "), " |\n");
    for (std::string& n : IndicatorNotes(c)) notes.push_back(std::move(n));
  }
  absl::StrAppend(&out, "\n");
  for (const std::string& n : notes) absl::StrAppend(&out, "- ", n, "\n");
  if (!notes.empty()) absl::StrAppend(&out, "\n");
  RenderKnowledge(out, f);
}

}  // namespace

std::string GermanNumber(double value, int max_decimals) {
  if (!std::isfinite(value) || std::fabs(value) >= 1e15) return "–";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", std::clamp(max_decimals, 0, 6), std::fabs(value));
  std::string digits = buf;
  std::string fraction;
  if (auto dot = digits.find('.'); dot != std::string::npos) {
    fraction = digits.substr(dot + 1);
    digits.resize(dot);
  }
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits.size() > 4) grouped.push_back('.');
    grouped.push_back(digits[i]);
  }
  const bool negative = value < 0 && (grouped != "0" || !fraction.empty());
  return absl::StrCat(negative ? "-" : "", grouped, fraction.empty() ? "" : ",", fraction);
}

std::string RenderMarkdown(const Scorecard& s) {
  std::string out;
  absl::StrAppend(&out, "# Integrationsmonitoring: Scorecard ", s.unit_name, " (", s.unit_key,
                  "), ", s.period, "\n\n");
  absl::StrAppend(&out, "| | |\n|---|---|\n");
  absl::StrAppend(&out, "| Gebietseinheit | ", Cell(s.unit_name), " (", s.unit_key, "), ",
                  UnitTypeDe(s.unit_type), " |\n");
  absl::StrAppend(&out, "| Berichtsjahr | ", s.period, " |\n");
  if (!s.earlier_periods_shown.empty()) {
    absl::StrAppend(&out, "| Datenstand | keine Werte für ", s.period,
                    "; gezeigt werden die jeweils letzten früheren Werte (",
                    absl::StrJoin(s.earlier_periods_shown, ", "), ") |\n");
  }
  absl::StrAppend(&out, "| Vergleichsgruppe | ", SelectionDe(s), ": ", s.peer_count,
                  " Gebietseinheiten (", Cell(s.peer_description), ") |\n");
  if (!s.rankings_enabled) {
    absl::StrAppend(&out,
                    "| Rangplätze | ausgeschaltet; gezeigt werden nur Perzentil und "
                    "Viertel |\n");
  }
  absl::StrAppend(&out, "\n");
  if (!s.twin_key.empty()) {
    absl::StrAppend(&out, "Kreisfreie Stadt: Kreis und Gemeinde ", s.twin_key,
                    " sind dasselbe Gebiet. Wo unter ", s.unit_key,
                    " für einen Zeitraum kein Wert steht, zeigt die Karte den Wert unter ",
                    s.twin_key, " (z. B. Zensus 2022 auf Gemeindeebene).\n\n");
  }
  if (s.has_synthetic) {
    absl::StrAppend(&out,
                    "> **Achtung: enthält SYNTHETIC-Werte.** Mit SYNTHETIC gekennzeichnete "
                    "Werte sind synthetische Demodaten, keine amtlichen Zahlen, und "
                    "dürfen nicht für Entscheidungen verwendet werden.\n\n");
  }

  // Summary.
  std::map<std::string, const FieldCard*> by_id;
  for (const FieldCard& f : s.fields) by_id[f.id] = &f;
  absl::StrAppend(&out, "## Zusammenfassung\n\n");
  absl::StrAppend(&out, "**Handlungsfelder mit Rückstand: ", s.lagging_field_ids.size(), " von ",
                  s.fields.size(), "**\n\n");
  if (s.lagging_field_ids.empty()) {
    absl::StrAppend(&out, "Kein Handlungsfeld erfüllt die Rückstandsregel.\n\n");
  } else {
    for (const std::string& id : s.lagging_field_ids) {
      const FieldCard& f = *by_id.at(id);
      absl::StrAppend(&out, "- **", f.title_de, "**: ", ReasonDe(f),
                      " Empfehlungen: ", f.recommendations.size(),
                      ", Erfolgsbedingungen: ", f.success_factors.size(),
                      ", Befunde: ", f.findings.size(), ".\n");
    }
    absl::StrAppend(&out, "\n");
  }
  if (!s.not_monitored_field_ids.empty()) {
    std::vector<std::string> titles;
    for (const std::string& id : s.not_monitored_field_ids)
      titles.push_back(by_id.at(id)->title_de);
    absl::StrAppend(&out, "**Ohne Monitoring** (kein Indikator misst das Handlungsfeld, ",
                    titles.size(), " von ", s.fields.size(), "): ", absl::StrJoin(titles, "; "),
                    ".\n\n");
  }
  absl::StrAppend(&out,
                  "**Regel:** Ein Handlungsfeld zeigt einen Rückstand, wenn mindestens die Hälfte "
                  "seiner bewertbaren Indikatoren die Gebietseinheit im schwächsten Viertel "
                  "(unteres Quartil) ihrer Vergleichsgruppe zeigt, mindestens aber einer. "
                  "Bewertbar ist ein Indikator mit Wertungsrichtung (nicht neutral), für den die "
                  "Gebietseinheit einen Wert hat und mindestens ",
                  kMinPeerValues,
                  " Einheiten der Vergleichsgruppe im selben Jahr einen Wert haben. "
                  "Kontextindikatoren (neutral) werden gezeigt, zählen aber nie.\n\n");

  absl::StrAppend(&out, "## Handlungsfelder\n\n");
  for (const FieldCard& f : s.fields) RenderField(out, s, f);

  // Sources and attribution.
  absl::StrAppend(&out, "## Datenquellen und Namensnennung\n\n");
  for (const Attribution& a : s.attributions) {
    absl::StrAppend(&out, "- ", a.text,
                    " – Datenlizenz Deutschland – Namensnennung – Version 2.0 (", a.licence, ")\n");
  }
  for (const std::string& o : s.other_sources) absl::StrAppend(&out, "- ", o, "\n");
  if (s.has_synthetic) {
    absl::StrAppend(&out,
                    "- SYNTHETIC: synthetische Demodaten von integra, keine amtlichen Zahlen "
                    "und keiner Quelle zuzuordnen; nur zum Ausprobieren.\n");
  }
  if (s.attributions.empty() && s.other_sources.empty() && !s.has_synthetic) {
    absl::StrAppend(&out, "- keine Werte gezeigt\n");
  }
  absl::StrAppend(&out,
                  "\nPerzentil: 100 = besser als alle Vergleichseinheiten, 0 = schlechter "
                  "als alle (bei Kontextindikatoren: höchster bzw. niedrigster Wert). Trend: "
                  "Steigung der Regressionsgeraden über die letzten bis zu ",
                  kTrendPeriods, " Jahre; „stabil“ bei einer Änderung von höchstens ",
                  GermanNumber(kStableShare * 100), " % des mittleren Niveaus.\n");
  return out;
}

}  // namespace integra::scorecard
