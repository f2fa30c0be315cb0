// integra evaluate: a unit's own measure evaluated against its peers (ScorecardService.Evaluate,
// docs/evaluation.md), German-labelled like integra strategy. table: per indicator the window
// year by year (value, synthetic comparison, gap, DiD), the estimates, the placebo test, the
// peers used and skipped, and the German verdict; csv: one row per indicator and window year;
// json: the response (every figure, both verdict texts).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/analytics_format.h"
#include "client/kb_common.h"
#include "integra/v1/scorecard.grpc.pb.h"

namespace integra::cli {
namespace {

std::string PolarityDe(v1::Polarity p) {
  switch (p) {
    case v1::POLARITY_HIGHER_IS_BETTER:
      return "höher ist besser";
    case v1::POLARITY_LOWER_IS_BETTER:
      return "niedriger ist besser";
    default:
      return "neutral";
  }
}

// "urteil" column: the verdict's stable name ("effect_improvement", ...).
std::string VerdictName(v1::EvaluationVerdict v) {
  std::string name = v1::EvaluationVerdict_Name(v);
  const std::string prefix = "EVALUATION_VERDICT_";
  if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// One row per window year: the synthetic control's years, joined with the DiD of post years.
// Without a synthetic control (verdicts decided before the fit) only the DiD years, if any.
struct YearRow {
  int year = 0;
  bool post = false;
  std::string actual, counterfactual, gap, unit_change, peer_change, did;
};

std::vector<YearRow> YearRows(const v1::IndicatorEvaluation& e) {
  std::vector<YearRow> rows;
  for (const auto& y : e.synthetic_control().years()) {
    rows.push_back({.year = y.year(),
                    .post = y.post(),
                    .actual = Stat(y.actual()),
                    .counterfactual = Stat(y.counterfactual()),
                    .gap = Stat(y.gap())});
  }
  for (const auto& d : e.did()) {
    YearRow* row = nullptr;
    for (YearRow& r : rows) {
      if (r.year == d.year()) row = &r;
    }
    if (row == nullptr) row = &rows.emplace_back(YearRow{.year = d.year(), .post = true});
    row->unit_change = Stat(d.unit_change());
    row->peer_change = Stat(d.peer_median_change());
    row->did = Stat(d.estimate());
  }
  return rows;
}

std::string FlaggedText(const v1::IndicatorEvaluation& e) {
  std::vector<std::string> parts;
  for (const auto& f : e.flagged_values()) {
    std::vector<std::string> kinds;
    if (f.provisional()) kinds.push_back("vorläufig");
    if (f.synthetic()) kinds.push_back("synthetisch (Demo, nicht amtlich)");
    parts.push_back(absl::StrCat(f.year(), " ", absl::StrJoin(kinds, " und ")));
  }
  return parts.empty() ? "keine" : absl::StrJoin(parts, ", ");
}

void Line(const Context& ctx, const std::string& text, size_t indent = 2) {
  *ctx.out << WrapText(text, ctx.width, indent) << "\n";
}

void PrintIndicator(const Context& ctx, const v1::IndicatorEvaluation& e) {
  *ctx.out << "\n";
  Line(ctx,
       absl::StrCat("== Indikator ", e.indicator_code(), ": ", e.name_de(), " (",
                    e.unit_of_measure(), ", ", PolarityDe(e.polarity()), ")"),
       3);
  if (!e.not_evaluated().empty()) {
    Line(ctx, absl::StrCat("nicht ausgewertet: ", e.not_evaluated()));
    return;
  }
  const std::vector<YearRow> rows = YearRows(e);
  if (!rows.empty()) {
    Table table({"Jahr", "Phase", "Wert", "synth. Vergl.", "Abweichung", "Änd. Einheit",
                 "Änd. Median", "DiD"});
    for (const YearRow& r : rows) {
      table.AddRow({std::to_string(r.year), r.post ? "nach" : "vor", r.actual, r.counterfactual,
                    r.gap, r.unit_change, r.peer_change, r.did});
    }
    table.PrintAligned(*ctx.out, ctx.width);
    Line(ctx,
         absl::StrCat("synth. Vergl. = synthetische Vergleichseinheit; Abweichung = Wert minus "
                      "synth. Vergl.; Änd. = Veränderung gegenüber ",
                      e.pre_years().empty() ? "dem letzten Jahr vor Start"
                                            : std::to_string(e.pre_years(e.pre_years_size() - 1)),
                      " (Einheit; Median der Vergleichseinheiten); DiD = Änd. Einheit minus Änd. "
                      "Median"));
  }
  if (e.has_did_mean()) {
    Line(ctx, absl::StrCat("Differenz-von-Differenzen (Mittel der Jahre nach Start): ",
                           Stat(e.did_mean())));
  }
  if (e.has_synthetic_control()) {
    const auto& sc = e.synthetic_control();
    Line(ctx, absl::StrCat("Synthetische Kontrolle: Effekt ", Stat(sc.effect()),
                           " | RMSPE vor Start ", Stat(sc.pre_rmspe()), ", nach Start ",
                           Stat(sc.post_rmspe()), " | Spenderpool ", sc.donor_pool()));
    std::vector<std::string> donors;
    for (const auto& d : sc.top_donors()) {
      donors.push_back(absl::StrCat(d.unit_key(), " ", d.name(), " ", Stat(d.weight())));
    }
    if (!donors.empty()) Line(ctx, absl::StrCat("Größte Gewichte: ", absl::StrJoin(donors, "; ")));
  }
  if (e.has_inference()) {
    const auto& inf = e.inference();
    Line(ctx, absl::StrCat("Placebo-Test: p = ", Stat(inf.p_value()), " (kleinstmöglich ",
                           Stat(inf.p_value_floor()), " bei ", inf.placebos(), " Placebos; Rang ",
                           inf.rank(), "; Niveau ", Stat(inf.alpha()), ")"));
  }
  Line(ctx, absl::StrCat("Vergleichseinheiten: ", e.peers_in_set(), " in der Gruppe, ",
                         e.peers_used(), " verwendet, ", e.peers_without_data(),
                         " ohne Daten im Zeitfenster, ", e.peers_dropped_incomplete(),
                         " mit Lücke, ", e.peers_dropped_break(), " mit Reihenbruch"));
  Line(ctx, absl::StrCat("Vorläufige/synthetische Werte der Einheit: ", FlaggedText(e)));
  Line(ctx, absl::StrCat("Urteil: ", e.verdict_de()), 4);
}

void PrintEvaluation(const Context& ctx, const v1::EvaluateResponse& r) {
  Line(ctx, absl::StrCat("Evaluation der Maßnahme ", r.measure_id(), ": ", r.title_de()));
  Line(ctx,
       absl::StrCat("Einheit: ", r.unit_key(), " ", r.unit_name(), " | Beginn: ", r.start_date(),
                    " (Startjahr ", r.start_year(), ") | Status: ", kb::StatusLabelDe(r.status())));
  Line(ctx, absl::StrCat("Ziele: ", absl::StrJoin(r.goal_ids(), ", ")));
  Line(ctx, absl::StrCat("Vergleichsgruppe: ", r.peer_description()));
  for (const auto& e : r.indicators()) PrintIndicator(ctx, e);
  *ctx.out << "\n";
  Line(ctx,
       "Hinweis: Der Vergleich zeigt, ob sich der Indikator nach dem Start stärker verändert hat "
       "als bei vergleichbaren Einheiten; er belegt keine Ursache (docs/evaluation.md).");
}

void PrintCsv(const Context& ctx, const v1::EvaluateResponse& r) {
  Table table({"massnahme", "einheit", "indikator", "jahr", "phase", "wert", "synth_vergleich",
               "abweichung", "veraenderung_einheit", "median_vergleichseinheiten", "did", "urteil",
               "p_wert"});
  for (const auto& e : r.indicators()) {
    const std::string verdict = e.not_evaluated().empty() ? VerdictName(e.verdict()) : "";
    const std::string p = e.has_inference() ? Stat(e.inference().p_value()) : "";
    for (const YearRow& y : YearRows(e)) {
      table.AddRow({r.measure_id(), r.unit_key(), e.indicator_code(), std::to_string(y.year),
                    y.post ? "nach" : "vor", y.actual, y.counterfactual, y.gap, y.unit_change,
                    y.peer_change, y.did, verdict, p});
    }
  }
  table.PrintCsv(*ctx.out);
}

int Evaluate(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"measure"}); !s.ok()) return ReportUsage(ctx, s);
  v1::EvaluateRequest req;
  req.set_measure_id(*a.Get("measure"));
  req.set_indicator_code(a.GetOr("indicator", ""));
  ParsePeersFlag(a.GetOr("peers", "default"), req.mutable_peers());
  v1::EvaluateResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return v1::ScorecardService::NewStub(ctx.channel)->Evaluate(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
  } else if (ctx.format == Format::kCsv) {
    PrintCsv(ctx, resp);
  } else {
    PrintEvaluation(ctx, resp);
  }
  return kExitOk;
}

}  // namespace

int RunEvaluateCommand(Context& ctx, const std::vector<std::string>& argv) {
  return RunSingleCommand(ctx, "evaluate",
                          {"integra evaluate --measure ID [--indicator CODE] "
                           "[--peers default|land|degurba|land+degurba|GROUP] "
                           "[--format table|csv|json]",
                           {"measure", "indicator", "peers"},
                           {},
                           0,
                           Evaluate,
                           {Format::kTable, Format::kJson, Format::kCsv}},
                          argv);
}

}  // namespace integra::cli
