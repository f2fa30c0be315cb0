#include "services/analytics/evaluation_text.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace integra::monitoring::analytics {
namespace {

std::string Num(double v, bool german) { return FormatEvaluationNumber(v, german); }

std::string YearRange(const std::vector<int>& years) {
  if (years.empty()) return "";
  if (years.front() == years.back()) return absl::StrCat(years.front());
  return absl::StrCat(years.front(), "–", years.back());
}

std::string Years(const std::vector<int>& years) { return absl::StrJoin(years, ", "); }

// What the texts add after every verdict: quality of the values, dropped peers, breaks.
void AppendContext(const EvaluationResult& r, std::string& en, std::string& de) {
  if (!r.provisional_years.empty()) {
    absl::StrAppend(&en, " Provisional values in the window: ", Years(r.provisional_years), ".");
    absl::StrAppend(&de, " Vorläufige Werte im Zeitfenster: ", Years(r.provisional_years), ".");
  }
  if (!r.synthetic_years.empty()) {
    absl::StrAppend(&en, " Synthetic (demo, not official) values in the window: ",
                    Years(r.synthetic_years), ".");
    absl::StrAppend(&de, " Synthetische (Demo-, keine amtlichen) Werte im Zeitfenster: ",
                    Years(r.synthetic_years), ".");
  }
  if (r.peer_flagged_values > 0) {
    absl::StrAppend(&en, " ", r.peer_flagged_values,
                    " peer values in the window are provisional or synthetic.");
    absl::StrAppend(&de, " ", r.peer_flagged_values,
                    " Werte der Vergleichseinheiten im Zeitfenster sind vorläufig oder "
                    "synthetisch.");
  }
  const int dropped = r.peers_dropped_incomplete + r.peers_dropped_break;
  if (dropped > 0) {
    absl::StrAppend(&en, " ", dropped, " of ", r.peers_given, " peers were left out (",
                    r.peers_dropped_incomplete, " without a value in every window year, ",
                    r.peers_dropped_break, " with a series break in the window).");
    absl::StrAppend(&de, " ", dropped, " von ", r.peers_given,
                    " Vergleichseinheiten blieben unberücksichtigt (", r.peers_dropped_incomplete,
                    " ohne Wert in jedem Jahr des Zeitfensters, ", r.peers_dropped_break,
                    " mit Reihenbruch im Zeitfenster).");
  }
  if (!r.notes.empty()) {
    absl::StrAppend(&en, " Window shortened: ", absl::StrJoin(r.notes, "; "), ".");
    absl::StrAppend(&de, " Zeitfenster wegen eines Reihenbruchs verkürzt.");
  }
}

}  // namespace

std::string EvaluationVerdictLabel(EvaluationVerdict verdict, bool german) {
  switch (verdict) {
    case EvaluationVerdict::kNoPeers:
      return german ? "nicht auswertbar: keine Vergleichseinheiten" : "not evaluable: no peers";
    case EvaluationVerdict::kNoPostPeriod:
      return german ? "noch nicht auswertbar: keine Werte ab Start"
                    : "not evaluable yet: no values from the start";
    case EvaluationVerdict::kNotEnoughPrePeriod:
      return german ? "nicht auswertbar: zu wenige Vorjahre"
                    : "not evaluable: too few years before the start";
    case EvaluationVerdict::kSeriesBreakAtStart:
      return german ? "nicht auswertbar: Reihenbruch im Startjahr"
                    : "not evaluable: series break in the start year";
    case EvaluationVerdict::kPoorPreFit:
      return german ? "nicht auswertbar: Vorperiode schlecht abgebildet"
                    : "not evaluable: poor pre-period fit";
    case EvaluationVerdict::kTooFewPeers:
      return german ? "zu wenige Vergleichseinheiten für einen Nachweis"
                    : "too few peers to detect an effect";
    case EvaluationVerdict::kNoEffect:
      return german ? "kein Effekt erkennbar" : "no effect distinguishable";
    case EvaluationVerdict::kEffectImprovement:
      return german ? "Verbesserung" : "improvement";
    case EvaluationVerdict::kEffectDeterioration:
      return german ? "Verschlechterung" : "deterioration";
    case EvaluationVerdict::kEffectChange:
      return german ? "Veränderung (ohne Wertung)" : "change (not judged)";
  }
  return "";
}

std::string FormatEvaluationNumber(double v, bool german) {
  const double a = std::abs(v);
  int decimals = 2;
  if (a > 0) decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(a))), 0, 6);
  std::string s = absl::StrFormat("%.*f", decimals, v);
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) {
    s = absl::StrFormat("%.*f", decimals, 0.0);
  }
  return german ? absl::StrReplaceAll(s, {{".", ","}}) : s;
}

void WriteVerdictTexts(EvaluationResult& r, Polarity polarity, const EvaluationOptions& options) {
  std::string& en = r.verdict_en;
  std::string& de = r.verdict_de;
  // alpha as given (0.1, not 0.100): it is a chosen level, not a measured figure.
  const std::string alpha_en = absl::StrCat(options.alpha);
  const std::string alpha_de = absl::StrReplaceAll(alpha_en, {{".", ","}});
  switch (r.verdict) {
    case EvaluationVerdict::kNoPeers:
      if (r.peers_given == 0) {
        en = "Not evaluable: the unit has no peers to compare with.";
        de = "Nicht auswertbar: Für die Einheit gibt es keine Vergleichseinheiten.";
      } else {
        en = absl::StrCat("Not evaluable: none of the ", r.peers_given,
                          " peers has a comparable value in every year of the window ",
                          YearRange(r.pre_years), " to ", YearRange(r.post_years), ".");
        de = absl::StrCat("Nicht auswertbar: Keine der ", r.peers_given,
                          " Vergleichseinheiten hat in jedem Jahr des Zeitfensters (",
                          YearRange(r.pre_years), " bis ", YearRange(r.post_years),
                          ") einen vergleichbaren Wert.");
      }
      break;
    case EvaluationVerdict::kNoPostPeriod:
      en = absl::StrCat("Not evaluable yet: the unit has no value from the start year ",
                        r.start_year, " on.");
      de = absl::StrCat("Noch nicht auswertbar: Für die Einheit liegt ab dem Startjahr ",
                        r.start_year, " kein Wert vor.");
      break;
    case EvaluationVerdict::kNotEnoughPrePeriod:
      en =
          absl::StrCat("Not evaluable: only ", r.pre_years.size(), " values before the start year ",
                       r.start_year, "; at least 3 are needed to fit a comparison.");
      de = absl::StrCat("Nicht auswertbar: Vor dem Startjahr ", r.start_year, " liegen nur ",
                        r.pre_years.size(),
                        " Werte vor; für einen Vergleich sind mindestens 3 nötig.");
      break;
    case EvaluationVerdict::kSeriesBreakAtStart:
      en = absl::StrCat("Not evaluable: the series breaks in the start year ", r.start_year,
                        " (method change), so values before and after cannot be compared.");
      de = absl::StrCat("Nicht auswertbar: Die Reihe hat im Startjahr ", r.start_year,
                        " einen Bruch (Methodenwechsel); Werte davor und danach sind nicht "
                        "vergleichbar.");
      break;
    default:
      break;
  }
  if (!r.synthetic_control || !r.inference) {
    AppendContext(r, en, de);
    return;
  }
  const SyntheticControlResult& sc = *r.synthetic_control;
  const PlaceboInference& inf = *r.inference;
  const double gap = sc.mean_post_gap;
  const std::string window = YearRange(r.post_years);
  const std::string did_en = r.did_mean.defined() ? Num(*r.did_mean.value, false) : "-";
  const std::string did_de = r.did_mean.defined() ? Num(*r.did_mean.value, true) : "-";
  const std::string gap_en =
      absl::StrCat("in ", window, " the unit's values were on average ", Num(std::abs(gap), false),
                   gap >= 0 ? " above" : " below",
                   " its synthetic comparison unit, measured against the gap "
                   "before the start (difference-in-differences against the peers' median: ",
                   did_en, ")");
  const std::string gap_de = absl::StrCat(window, " lagen die Werte der Einheit im Mittel um ",
                                          Num(std::abs(gap), true), gap >= 0 ? " über" : " unter",
                                          " ihrer synthetischen Vergleichseinheit, gemessen an der "
                                          "Abweichung vor dem Start (Differenz-von-Differenzen "
                                          "gegenüber dem Median der Vergleichseinheiten: ",
                                          did_de, ")");
  const std::string p_en = absl::StrCat("p = ", Num(inf.p_value, false));
  const std::string p_de = absl::StrCat("p = ", Num(inf.p_value, true));
  switch (r.verdict) {
    case EvaluationVerdict::kPoorPreFit:
      en = absl::StrCat(
          "Not evaluable: the synthetic comparison unit does not track the unit "
          "before the start (pre-period error ",
          Num(sc.pre_rmspe, false),
          " exceeds the unit's own pre-period variability), so a comparison "
          "after the start would not be meaningful.");
      de = absl::StrCat(
          "Nicht auswertbar: Die synthetische Vergleichseinheit bildet den Verlauf "
          "vor dem Start nicht ab (Abweichung ",
          Num(sc.pre_rmspe, true),
          " größer als die eigene Schwankung vor dem Start); ein Vergleich nach "
          "dem Start wäre nicht aussagekräftig.");
      break;
    case EvaluationVerdict::kTooFewPeers:
      en = absl::StrCat(
          "Too few peers to detect anything at alpha = ", alpha_en, ": with ", inf.placebos,
          " placebo units the smallest attainable p-value is ", Num(inf.p_value_floor, false),
          ". This is not evidence that the measure had no effect. Observed: ", gap_en, ".");
      de = absl::StrCat(
          "Zu wenige Vergleichseinheiten, um bei alpha = ", alpha_de,
          " überhaupt etwas nachweisen zu können: Mit ", inf.placebos,
          " Placebo-Einheiten ist der kleinste erreichbare p-Wert ", Num(inf.p_value_floor, true),
          ". Das ist kein Beleg dafür, dass die Maßnahme nicht wirkt. Beobachtet: ", gap_de, ".");
      break;
    case EvaluationVerdict::kNoEffect:
      en = absl::StrCat("No effect distinguishable from the placebos: ", gap_en, ", but ",
                        inf.placebos_at_least, " of ", inf.placebos,
                        " peers evaluated as if treated showed a deviation at least as large (",
                        p_en, " > alpha = ", alpha_en, ").");
      de = absl::StrCat("Keine Wirkung von den Placebos unterscheidbar: ", gap_de, ", aber ",
                        inf.placebos_at_least, " von ", inf.placebos,
                        " zum Schein als behandelt ausgewerteten Vergleichseinheiten zeigten "
                        "eine mindestens so große Abweichung (",
                        p_de, " > alpha = ", alpha_de, ").");
      break;
    case EvaluationVerdict::kEffectImprovement:
    case EvaluationVerdict::kEffectDeterioration:
    case EvaluationVerdict::kEffectChange: {
      const bool neutral = r.verdict == EvaluationVerdict::kEffectChange;
      const bool better = r.verdict == EvaluationVerdict::kEffectImprovement;
      en = absl::StrCat(
          "Effect of size ", Num(gap, false), ": ", gap_en, "; only ", inf.placebos_at_least,
          " of ", inf.placebos,
          " peers evaluated as if treated showed a deviation at least as "
          "large (",
          p_en, " <= alpha = ", alpha_en, "). ",
          neutral ? "The indicator is neutral: this is a change, not judged as better or worse."
                  : absl::StrCat("By the indicator's polarity (",
                                 polarity == Polarity::kHigherIsBetter ? "higher" : "lower",
                                 " is better) this is ",
                                 better ? "an improvement." : "a deterioration."),
          " This is consistent with an effect of the measure but does not prove it: other "
          "changes at the same time can explain the difference as well.");
      de = absl::StrCat(
          "Wirkung der Größe ", Num(gap, true), ": ", gap_de, "; nur ", inf.placebos_at_least,
          " von ", inf.placebos,
          " zum Schein als behandelt ausgewerteten "
          "Vergleichseinheiten zeigten eine mindestens so große Abweichung (",
          p_de, " <= alpha = ", alpha_de, "). ",
          neutral ? "Der Indikator ist neutral: Das ist eine Veränderung, keine Bewertung."
                  : absl::StrCat("Nach der Polarität des Indikators (",
                                 polarity == Polarity::kHigherIsBetter ? "höher" : "niedriger",
                                 " ist besser) ist das eine ",
                                 better ? "Verbesserung." : "Verschlechterung."),
          " Das ist mit einer Wirkung der Maßnahme vereinbar, beweist sie aber nicht: Andere "
          "gleichzeitige Veränderungen können den Unterschied ebenso erklären.");
      break;
    }
    default:
      break;
  }
  AppendContext(r, en, de);
}

std::string EvaluationVerdictName(EvaluationVerdict verdict) {
  switch (verdict) {
    case EvaluationVerdict::kNoPeers:
      return "no_peers";
    case EvaluationVerdict::kNoPostPeriod:
      return "no_post_period";
    case EvaluationVerdict::kNotEnoughPrePeriod:
      return "not_enough_pre_period";
    case EvaluationVerdict::kSeriesBreakAtStart:
      return "series_break_at_start";
    case EvaluationVerdict::kPoorPreFit:
      return "poor_pre_fit";
    case EvaluationVerdict::kTooFewPeers:
      return "too_few_peers";
    case EvaluationVerdict::kNoEffect:
      return "no_effect";
    case EvaluationVerdict::kEffectImprovement:
      return "effect_improvement";
    case EvaluationVerdict::kEffectDeterioration:
      return "effect_deterioration";
    case EvaluationVerdict::kEffectChange:
      return "effect_change";
  }
  return "unknown";
}

bool IsEffectVerdict(EvaluationVerdict verdict) {
  return verdict == EvaluationVerdict::kEffectImprovement ||
         verdict == EvaluationVerdict::kEffectDeterioration ||
         verdict == EvaluationVerdict::kEffectChange;
}

}  // namespace integra::monitoring::analytics
