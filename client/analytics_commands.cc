// integra trend | compare | trajectory | rollup | gap: analyses of stored indicator values.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/analytics_format.h"
#include "client/monitoring_format.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::MonitoringService;

void PrintUndefined(const Context& ctx, const google::protobuf::Map<std::string, std::string>& m) {
  if (ctx.format != Format::kTable) return;
  std::map<std::string, std::string> sorted(m.begin(), m.end());
  for (const auto& [figure, reason] : sorted) {
    *ctx.out << "  " << figure << ": " << reason << "\n";
  }
}

void PrintSources(const Context& ctx, const google::protobuf::RepeatedPtrField<std::string>& s) {
  if (ctx.format == Format::kTable && !s.empty()) {
    *ctx.out << "Quelle: " << absl::StrJoin(s, "; ") << "\n";
  }
}

int Trend(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"indicator", "unit"}); !s.ok()) return ReportUsage(ctx, s);
  v1::GetTrendRequest req;
  req.set_indicator_code(*a.Get("indicator"));
  req.set_unit_key(*a.Get("unit"));
  req.set_from_period(a.GetOr("from", ""));
  req.set_to_period(a.GetOr("to", ""));
  if (auto w = a.Get("window")) {
    int window = 0;
    if (!absl::SimpleAtoi(*w, &window) || window < 1) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--window must be a whole number >= 1"));
    }
    req.set_window(window);
  }
  if (auto bd = a.Get("breakdown")) {
    if (auto s = ParseBreakdownFlag(*bd, req.mutable_breakdown()); !s.ok()) {
      return ReportUsage(ctx, s);
    }
  }
  v1::GetTrendResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetTrend(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  Table table({"period", "value", absl::StrCat("moving_avg_", resp.window()), "trend_line"});
  for (const auto& p : resp.points()) {
    table.AddRow({p.period(), p.has_value() ? FormatNumber(p.value()) : "",
                  OptStat(p.has_moving_average(), p.moving_average()),
                  OptStat(p.has_fitted(), p.fitted())});
  }
  PrintTable(ctx, table);
  if (ctx.format != Format::kTable) return kExitOk;
  auto pct = [](bool has, double v) { return has ? absl::StrCat(Stat(100 * v), " %") : "-"; };
  *ctx.out << "\n"
           << resp.indicator_code() << " " << resp.unit_key() << ": " << resp.observed_points()
           << " observed of " << resp.points_size() << " periods";
  if (!resp.first_period().empty()) {
    *ctx.out << ", " << resp.first_period() << " " << FormatNumber(resp.first_value()) << " -> "
             << resp.last_period() << " " << FormatNumber(resp.last_value());
  }
  *ctx.out << "\n"
           << "absolute change: "
           << (resp.has_absolute_change() ? Stat(resp.absolute_change()) : "-") << "\n"
           << "relative change: " << pct(resp.has_relative_change(), resp.relative_change()) << "\n"
           << "CAGR:            " << pct(resp.has_cagr(), resp.cagr()) << " per year\n"
           << "OLS slope:       " << (resp.has_slope() ? Stat(resp.slope()) : "-")
           << " per year, R² " << (resp.has_r_squared() ? Stat(resp.r_squared()) : "-") << "\n";
  PrintUndefined(ctx, resp.undefined());
  PrintSources(ctx, resp.sources());
  return kExitOk;
}

int Compare(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"indicator", "unit", "period"}); !s.ok()) {
    return ReportUsage(ctx, s);
  }
  v1::ComparePeersRequest req;
  req.set_indicator_code(*a.Get("indicator"));
  req.set_unit_key(*a.Get("unit"));
  req.set_period(*a.Get("period"));
  ParsePeersFlag(a.GetOr("peers", "default"), req.mutable_peers());
  if (auto bd = a.Get("breakdown")) {
    if (auto s = ParseBreakdownFlag(*bd, req.mutable_breakdown()); !s.ok()) {
      return ReportUsage(ctx, s);
    }
  }
  v1::ComparePeersResponse r;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->ComparePeers(call, req, &r);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(r) << "\n";
    return kExitOk;
  }
  std::vector<std::pair<std::string, std::string>> rows = {
      {"unit", r.unit_key()},
      {"indicator", r.indicator_code()},
      {"period", r.period()},
      {"peers", r.peer_group()},
      {"n", std::to_string(r.n())},
      {"missing", std::to_string(r.missing())},
      {"value", OptStat(r.has_value(), r.value())}};
  if (r.rankings_enabled()) {
    rows.push_back({"rank", r.has_rank() ? absl::StrCat(r.rank(), " of ", r.n()) : ""});
  }
  rows.insert(rows.end(),
              {{"percentile", OptStat(r.has_percentile(), r.percentile())},
               {"quartile", r.has_value() ? Name(r.quartile()) : ""},
               {"min", Stat(r.min())},
               {"q1", Stat(r.q1())},
               {"median", Stat(r.median())},
               {"q3", Stat(r.q3())},
               {"max", Stat(r.max())},
               {"mean", Stat(r.mean())},
               {"stddev", OptStat(r.has_stddev(), r.stddev())},
               {"z", OptStat(r.has_z(), r.z())},
               {"diff_to_median", OptStat(r.has_diff_to_median(), r.diff_to_median())}});
  PrintFigures(ctx, rows);
  if (ctx.format == Format::kTable) {
    if (!r.rankings_enabled()) *ctx.out << "no rank: " << r.rankings_note() << "\n";
    PrintUndefined(ctx, r.undefined());
  }
  return kExitOk;
}

int Trajectory(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"indicator", "unit"}); !s.ok()) return ReportUsage(ctx, s);
  v1::GetRankTrajectoryRequest req;
  req.set_indicator_code(*a.Get("indicator"));
  req.set_unit_key(*a.Get("unit"));
  req.set_from_period(a.GetOr("from", ""));
  req.set_to_period(a.GetOr("to", ""));
  ParsePeersFlag(a.GetOr("peers", "default"), req.mutable_peers());
  if (auto bd = a.Get("breakdown")) {
    if (auto s = ParseBreakdownFlag(*bd, req.mutable_breakdown()); !s.ok()) {
      return ReportUsage(ctx, s);
    }
  }
  v1::GetRankTrajectoryResponse r;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetRankTrajectory(call, req, &r);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(r) << "\n";
    return kExitOk;
  }
  std::vector<std::string> header = {"period", "n", "value"};
  if (r.rankings_enabled()) header.push_back("rank");
  header.insert(header.end(), {"percentile", "quartile", "note"});
  Table table(header);
  for (const auto& p : r.points()) {
    std::vector<std::string> row = {p.period(), std::to_string(p.n()),
                                    OptStat(p.has_value(), p.value())};
    if (r.rankings_enabled()) row.push_back(p.has_rank() ? std::to_string(p.rank()) : "");
    row.insert(row.end(), {OptStat(p.has_percentile(), p.percentile()),
                           p.quartile() == 0 ? "" : Name(p.quartile()), p.reason()});
    table.AddRow(row);
  }
  PrintTable(ctx, table);
  if (ctx.format == Format::kTable) {
    *ctx.out << WrapText(absl::StrCat("peers: ", r.peer_group()), ctx.width) << "\n";
    if (!r.rankings_enabled()) *ctx.out << "no rank: " << r.rankings_note() << "\n";
  }
  return kExitOk;
}

int RollUp(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"indicator", "period", "level"}); !s.ok()) {
    return ReportUsage(ctx, s);
  }
  v1::RollUpRequest req;
  req.set_indicator_code(*a.Get("indicator"));
  req.set_period(*a.Get("period"));
  auto level = ParseEnumFlag("level", *a.Get("level"), v1::UnitLevel_descriptor(), "UNIT_LEVEL_");
  if (!level.ok()) return ReportUsage(ctx, level.status());
  req.set_level(static_cast<v1::UnitLevel>(*level));
  req.set_parent_key(a.GetOr("parent", ""));
  if (auto c = a.Get("min-coverage")) {
    double v = 0;
    if (!absl::SimpleAtod(*c, &v)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--min-coverage must be a number 0..1"));
    }
    req.set_min_coverage(v);
  }
  if (auto bd = a.Get("breakdown")) {
    if (auto s = ParseBreakdownFlag(*bd, req.mutable_breakdown()); !s.ok()) {
      return ReportUsage(ctx, s);
    }
  }
  v1::RollUpResponse r;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->RollUp(call, req, &r);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(r) << "\n";
    return kExitOk;
  }
  Table table({"unit", "name", "value", "source", "computed", "flags", "official", "difference",
               "reporting", "members", "coverage"});
  for (const auto& row : r.rows()) {
    table.AddRow({row.unit_key(), row.name(), OptStat(row.has_effective(), row.effective()),
                  Name(row.source()), OptStat(row.has_computed(), row.computed()),
                  FlagList(row.computed_flags()), OptStat(row.has_official(), row.official()),
                  OptStat(row.has_difference(), row.difference()),
                  std::to_string(row.members_reporting()), std::to_string(row.members_total()),
                  row.has_coverage() ? absl::StrCat(Stat(100 * row.coverage()), " %") : ""});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

// --- gap

int GapCreate(Context& ctx, const Args& a) {
  if (auto s =
          RequireFlags(a, {"base", "dimension", "focus", "reference", "name", "unit", "polarity"});
      !s.ok()) {
    return ReportUsage(ctx, s);
  }
  v1::CreateIndicatorRequest req;
  auto* ind = req.mutable_indicator();
  ind->set_code(a.positional()[0]);
  ind->set_name_de(*a.Get("name"));
  ind->mutable_sheet()->set_definition(a.GetOr("definition", ""));
  auto unit = ParseEnumFlag("unit", *a.Get("unit"), v1::MeasureUnit_descriptor(), "MEASURE_UNIT_");
  if (!unit.ok()) return ReportUsage(ctx, unit.status());
  ind->set_unit(static_cast<v1::MeasureUnit>(*unit));
  auto polarity =
      ParseEnumFlag("polarity", *a.Get("polarity"), v1::Polarity_descriptor(), "POLARITY_");
  if (!polarity.ok()) return ReportUsage(ctx, polarity.status());
  ind->set_polarity(static_cast<v1::Polarity>(*polarity));
  if (a.Has("no-ranking")) ind->set_ranking_allowed(false);
  auto* gap = ind->mutable_gap();
  gap->set_base_code(*a.Get("base"));
  gap->set_dimension(*a.Get("dimension"));
  gap->set_focus(*a.Get("focus"));
  gap->set_reference(*a.Get("reference"));
  auto kind =
      ParseEnumFlag("kind", a.GetOr("kind", "difference"), v1::GapKind_descriptor(), "GAP_KIND_");
  if (!kind.ok()) return ReportUsage(ctx, kind.status());
  gap->set_kind(static_cast<v1::GapKind>(*kind));
  v1::Indicator resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->CreateIndicator(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
  } else {
    *ctx.out << "created gap indicator " << resp.code() << ": " << resp.gap().base_code() << " "
             << resp.gap().dimension() << "=" << resp.gap().focus()
             << (resp.gap().kind() == v1::GAP_KIND_RATIO ? " / " : " - ") << resp.gap().dimension()
             << "=" << resp.gap().reference() << " (computed on read, never stored)\n";
  }
  return kExitOk;
}

int GapSeries(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"unit"}); !s.ok()) return ReportUsage(ctx, s);
  v1::GetGapSeriesRequest req;
  if (a.positional().size() == 1) {
    req.set_gap_code(a.positional()[0]);
  } else {
    if (auto s = RequireFlags(a, {"base", "dimension", "focus", "reference"}); !s.ok()) {
      return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat(
                                  "name a gap indicator, or give an ad-hoc gap: ", s.message())));
    }
    auto* def = req.mutable_definition();
    def->set_base_code(*a.Get("base"));
    def->set_dimension(*a.Get("dimension"));
    def->set_focus(*a.Get("focus"));
    def->set_reference(*a.Get("reference"));
    auto kind =
        ParseEnumFlag("kind", a.GetOr("kind", "difference"), v1::GapKind_descriptor(), "GAP_KIND_");
    if (!kind.ok()) return ReportUsage(ctx, kind.status());
    def->set_kind(static_cast<v1::GapKind>(*kind));
  }
  req.set_unit_key(*a.Get("unit"));
  req.set_from_period(a.GetOr("from", ""));
  req.set_to_period(a.GetOr("to", ""));
  req.set_target_period(a.GetOr("target-period", ""));
  v1::GetGapSeriesResponse r;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetGapSeries(call, req, &r);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(r) << "\n";
    return kExitOk;
  }
  const auto& d = r.definition();
  Table table({"period", d.focus(), d.reference(), "gap", "note"});
  for (const auto& p : r.points()) {
    table.AddRow({p.period(), OptStat(p.has_focus(), p.focus()),
                  OptStat(p.has_reference(), p.reference()), OptStat(p.has_gap(), p.gap()),
                  p.reason()});
  }
  PrintTable(ctx, table);
  if (ctx.format != Format::kTable) return kExitOk;
  *ctx.out << "gap = " << d.base_code() << " " << d.dimension() << "=" << d.focus()
           << (d.kind() == v1::GAP_KIND_RATIO ? " / " : " - ") << d.dimension() << "="
           << d.reference() << "; parity " << Stat(r.parity()) << "\n";
  if (r.has_parity_assessment()) {
    const auto& pa = r.parity_assessment();
    *ctx.out << "parity by " << req.target_period() << ": " << Name(pa.status()) << " ("
             << pa.reason() << ")\n";
  }
  PrintSources(ctx, r.sources());
  return kExitOk;
}

const std::map<std::string, Command>& GapCommands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"create",
       {"integra gap create CODE --base CODE --dimension DIM --focus VALUE --reference VALUE "
        "[--kind difference|ratio] --name NAME --unit UNIT --polarity POLARITY "
        "[--definition TEXT] [--no-ranking]",
        {"base", "dimension", "focus", "reference", "kind", "name", "unit", "polarity",
         "definition", "no-ranking"},
        {"no-ranking"},
        1,
        GapCreate}},
      {"series",
       {"integra gap series CODE --unit KEY [--from P] [--to P] [--target-period P]   or ad hoc: "
        "integra gap series --base CODE --dimension DIM --focus V --reference V [--kind K] "
        "--unit KEY ...",
        {"unit", "from", "to", "target-period", "base", "dimension", "focus", "reference", "kind"},
        {},
        0,
        GapSeries}},
  };
  return *commands;
}

}  // namespace

int RunTrendCommand(Context& ctx, const std::vector<std::string>& argv) {
  return RunSingleCommand(
      ctx, "trend",
      {"integra trend --unit KEY --indicator CODE [--from P] [--to P] [--window K] "
       "[--breakdown dim=value,...]",
       {"unit", "indicator", "from", "to", "window", "breakdown"},
       {},
       0,
       Trend},
      argv);
}

int RunCompareCommand(Context& ctx, const std::vector<std::string>& argv) {
  return RunSingleCommand(ctx, "compare",
                          {"integra compare --unit KEY --indicator CODE --period P [--peers "
                           "default|land|degurba|land+degurba|GROUP] "
                           "[--breakdown dim=value,...]",
                           {"unit", "indicator", "period", "peers", "breakdown"},
                           {},
                           0,
                           Compare},
                          argv);
}

int RunTrajectoryCommand(Context& ctx, const std::vector<std::string>& argv) {
  return RunSingleCommand(
      ctx, "trajectory",
      {"integra trajectory --unit KEY --indicator CODE [--from P] [--to P] "
       "[--peers default|land|degurba|land+degurba|GROUP] [--breakdown dim=value,...]",
       {"unit", "indicator", "from", "to", "peers", "breakdown"},
       {},
       0,
       Trajectory},
      argv);
}

int RunRollUpCommand(Context& ctx, const std::vector<std::string>& argv) {
  return RunSingleCommand(
      ctx, "rollup",
      {"integra rollup --indicator CODE --period P --level kreis|land|bund [--parent KEY] "
       "[--min-coverage SHARE] [--breakdown dim=value,...]",
       {"indicator", "period", "level", "parent", "min-coverage", "breakdown"},
       {},
       0,
       RollUp},
      argv);
}

int RunGapCommand(Context& ctx, const std::vector<std::string>& argv) {
  // `gap series` takes the code as an optional positional argument.
  if (argv.size() >= 2 && argv[0] == "series" && argv[1].rfind("--", 0) != 0) {
    auto commands = GapCommands();
    commands["series"].positional = 1;
    return Dispatch(ctx, "gap", commands, argv);
  }
  return Dispatch(ctx, "gap", GapCommands(), argv);
}

}  // namespace integra::cli
