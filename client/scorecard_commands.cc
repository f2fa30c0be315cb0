// integra scorecard: the knowledge base's action fields joined with a unit's indicators.
// --format markdown prints the German report the server renders (services/scorecard), json the
// gap report (integra.v1.Scorecard, docs/scorecard.md), table a compact overview.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/analytics_format.h"
#include "client/kb_common.h"
#include "client/monitoring_format.h"
#include "integra/v1/scorecard.grpc.pb.h"

namespace integra::cli {
namespace {

std::string StatusText(v1::FieldStatus s) {
  switch (s) {
    case v1::FIELD_STATUS_LAGGING:
      return "LAGGING";
    case v1::FIELD_STATUS_NOT_LAGGING:
      return "not lagging";
    case v1::FIELD_STATUS_NOT_ASSESSABLE:
      return "not assessable";
    case v1::FIELD_STATUS_NOT_MONITORED:
      return "NOT MONITORED";
    default:
      return "";
  }
}

std::string TrendText(v1::TrendDirection d) {
  switch (d) {
    case v1::TREND_DIRECTION_IMPROVING:
      return "improving";
    case v1::TREND_DIRECTION_WORSENING:
      return "worsening";
    case v1::TREND_DIRECTION_STABLE:
      return "stable";
    case v1::TREND_DIRECTION_RISING:
      return "rising";
    case v1::TREND_DIRECTION_FALLING:
      return "falling";
    default:
      return "unknown";
  }
}

std::string ValueText(const v1::ScorecardIndicator& c) {
  const v1::ScorecardValue& v = c.value();
  std::string out;
  switch (v.status()) {
    case v1::VALUE_STATUS_PRESENT:
      out = FormatNumber(v.value());
      break;
    case v1::VALUE_STATUS_SUPPRESSED:
      out = "SUPPRESSED";
      break;
    default:
      return "-";
  }
  if (v.synthetic()) absl::StrAppend(&out, " SYNTHETIC");
  return out;
}

// One line of prose, wrapped to the terminal width (continuations indented by `indent`).
void Line(const Context& ctx, const std::string& text, size_t indent) {
  *ctx.out << WrapText(text, ctx.width, indent) << "\n";
}

void PrintAdvice(const Context& ctx, const std::string& heading,
                 const google::protobuf::RepeatedPtrField<v1::ScorecardAdvice>& list) {
  if (list.empty()) return;
  *ctx.out << "  " << heading << ":\n";
  for (const auto& a : list) {
    Line(ctx, absl::StrCat("    ", a.id(), "  ", a.title_de()), 6);
    if (!a.note().empty()) Line(ctx, absl::StrCat("      why: ", a.note()), 8);
    for (const auto& e : a.evidence()) {
      Line(ctx,
           absl::StrCat("      finding ", e.id(), "  ", e.title_de(), e.note().empty() ? "" : " - ",
                        e.note()),
           8);
    }
  }
}

// The unit's own measures addressing the field, with their short evaluations if asked for.
void PrintMeasures(const Context& ctx, const v1::ScorecardField& f) {
  if (f.measures().empty()) return;
  *ctx.out << "  Maßnahmen der Einheit:\n";
  for (const auto& m : f.measures()) {
    Line(
        ctx,
        absl::StrCat("    ", m.id(), "  ", m.title_de(), "  [", kb::StatusLabelDe(m.status()), ", ",
                     m.start_date(), " – ", m.end_date().empty() ? "offen" : m.end_date(), "]"),
        6);
    if (!m.evaluation_note().empty()) {
      Line(ctx, absl::StrCat("      nicht evaluierbar: ", m.evaluation_note()), 8);
    }
    for (const auto& e : m.evaluations()) {
      std::string text = e.not_evaluated().empty() ? e.label_de() : e.not_evaluated();
      if (e.has_effect()) absl::StrAppend(&text, ", Effekt ", Stat(e.effect()));
      if (e.has_p_value()) absl::StrAppend(&text, ", p = ", Stat(e.p_value()));
      Line(ctx, absl::StrCat("      ", e.indicator_code(), ": ", text), 8);
    }
  }
}

void PrintScorecardTable(const Context& ctx, const v1::Scorecard& s) {
  Line(ctx,
       absl::StrCat("Scorecard ", s.unit_key(), " ", s.unit_name(), " (", s.unit_type(), "), ",
                    s.period()),
       2);
  Line(ctx, absl::StrCat("peers: ", s.peer_description(), " (", s.peer_count(), " units)"), 2);
  if (!s.earlier_periods_shown().empty()) {
    Line(ctx,
         absl::StrCat("no values for ", s.period(), ": showing the latest earlier values (",
                      absl::StrJoin(s.earlier_periods_shown(), ", "), ")"),
         2);
  }
  if (!s.rankings_enabled()) *ctx.out << "no ranks: " << s.rankings_note() << "\n";
  if (s.has_synthetic()) {
    *ctx.out << "WARNING: contains SYNTHETIC values (demo data, not official figures)\n";
  }
  *ctx.out << "\nlagging action fields: " << s.lagging_field_ids_size() << " of " << s.fields_size()
           << "\n";
  for (const auto& f : s.fields()) {
    if (f.status() == v1::FIELD_STATUS_LAGGING) {
      Line(ctx, absl::StrCat("  ", f.id(), "  ", f.title_de(), ": ", f.reason()), 4);
    }
  }
  if (!s.not_monitored_field_ids().empty()) {
    *ctx.out << "not monitored (no indicator): " << absl::StrJoin(s.not_monitored_field_ids(), ", ")
             << "\n";
  }
  Line(ctx, absl::StrCat("rule: ", s.rule()), 2);
  for (const auto& f : s.fields()) {
    *ctx.out << "\n";
    Line(ctx,
         absl::StrCat("== ", f.id(), "  ", f.title_de(), "  [", StatusText(f.status()), "] ",
                      f.reason()),
         3);
    PrintMeasures(ctx, f);
    if (f.indicators().empty()) continue;
    std::vector<std::string> header = {"indicator", "polarity",   "value",   "period",
                                       "n",         "percentile", "quartile"};
    if (s.rankings_enabled()) header.push_back("rank");
    header.insert(header.end(), {"trend", "slope", "target", "counts"});
    Table table(header);
    for (const auto& c : f.indicators()) {
      const auto& p = c.position();
      std::string period = c.value().period();
      if (c.value().earlier_period()) absl::StrAppend(&period, " (latest)");
      if (!c.value().stored_under().empty()) {
        absl::StrAppend(&period, " (", c.value().stored_under(), ")");
      }
      std::vector<std::string> row = {
          c.code().empty() ? c.node_id() : c.code(),
          Name(c.polarity()),
          ValueText(c),
          period,
          p.compared() ? std::to_string(p.n()) : "",
          p.compared() ? OptStat(p.has_percentile(), p.percentile()) : "",
          p.compared() ? Name(p.quartile()) : ""};
      if (s.rankings_enabled()) row.push_back(p.has_rank() ? std::to_string(p.rank()) : "");
      row.push_back(TrendText(c.trend().direction()));
      row.push_back(OptStat(c.trend().has_slope(), c.trend().slope()));
      row.push_back(c.has_target() ? absl::StrCat(c.target().target_period(), " ",
                                                  FormatNumber(c.target().target_value()), " ",
                                                  Name(c.target().status()))
                                   : "");
      row.push_back(c.bottom_quartile() ? "bottom" : c.assessable() ? "yes" : "no");
      table.AddRow(std::move(row));
    }
    table.PrintAligned(*ctx.out, ctx.width);
    PrintAdvice(ctx, "recommendations", f.recommendations());
    PrintAdvice(ctx, "success factors", f.success_factors());
    if (f.status() == v1::FIELD_STATUS_LAGGING && f.recommendations().empty() &&
        f.success_factors().empty()) {
      *ctx.out << "  the knowledge base links no recommendation or success factor to this field\n";
    }
    if (!f.findings().empty()) *ctx.out << "  findings on the field:\n";
    for (const auto& e : f.findings()) {
      Line(
          ctx,
          absl::StrCat("    ", e.id(), "  ", e.title_de(), e.note().empty() ? "" : " - ", e.note()),
          6);
    }
  }
  *ctx.out << "\n";
  for (const auto& a : s.attributions()) {
    Line(ctx, absl::StrCat("Quelle: ", a.text(), " (", a.licence(), ")"), 2);
  }
  for (const auto& o : s.other_sources()) Line(ctx, absl::StrCat("Quelle: ", o), 2);
  if (s.has_synthetic()) {
    *ctx.out << "Hinweis: synthetische Werte (SYNTHETIC), keine amtlichen Daten.\n";
  }
}

int Scorecard(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"unit", "period"}); !s.ok()) return ReportUsage(ctx, s);
  v1::GetScorecardRequest req;
  req.set_unit_key(*a.Get("unit"));
  req.set_period(*a.Get("period"));
  ParsePeersFlag(a.GetOr("peers", "default"), req.mutable_peers());
  req.set_include_markdown(ctx.format == Format::kMarkdown);
  req.set_with_evaluation(a.Has("with-evaluation"));
  v1::Scorecard resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return v1::ScorecardService::NewStub(ctx.channel)->GetScorecard(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kMarkdown) {
    *ctx.out << resp.markdown();
  } else if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
  } else {
    PrintScorecardTable(ctx, resp);
  }
  return kExitOk;
}

}  // namespace

int RunScorecardCommand(Context& ctx, const std::vector<std::string>& argv) {
  return RunSingleCommand(ctx, "scorecard",
                          {"integra scorecard --unit KEY --period YEAR "
                           "[--peers default|land|degurba|land+degurba|GROUP] [--with-evaluation] "
                           "[--format table|json|markdown]",
                           {"unit", "period", "peers", "with-evaluation"},
                           {"with-evaluation"},
                           0,
                           Scorecard,
                           {Format::kTable, Format::kJson, Format::kMarkdown}},
                          argv);
}

}  // namespace integra::cli
