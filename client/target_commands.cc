// integra target ...: targets per (indicator, unit, target period) and whether units are on
// track to reach them.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/analytics_format.h"
#include "client/monitoring_format.h"
#include "common/status_macros.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::MonitoringService;

absl::Status FillKey(const Args& a, v1::TargetKey* key) {
  RETURN_IF_ERROR(RequireFlags(a, {"indicator", "unit", "period"}));
  key->set_indicator_code(*a.Get("indicator"));
  key->set_unit_key(*a.Get("unit"));
  key->set_target_period(*a.Get("period"));
  if (auto bd = a.Get("breakdown")) return ParseBreakdownFlag(*bd, key->mutable_breakdown());
  return absl::OkStatus();
}

absl::Status Number(const Args& a, const char* flag, double* out) {
  if (!absl::SimpleAtod(*a.Get(flag), out)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " '", *a.Get(flag), "' is not a number"));
  }
  return absl::OkStatus();
}

void PrintTargets(const Context& ctx, const std::vector<const v1::Target*>& targets) {
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(targets.begin(), targets.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return;
  }
  Table table({"indicator", "unit", "breakdown", "target_period", "target", "baseline", "tolerance",
               "note", "updated_by"});
  for (const auto* t : targets) {
    std::string baseline = t->baseline_period();
    if (t->has_baseline_value()) baseline += absl::StrCat(": ", Stat(t->baseline_value()));
    table.AddRow({t->key().indicator_code(), t->key().unit_key(), t->breakdown_text(),
                  t->key().target_period(), Stat(t->target_value()), baseline, Stat(t->tolerance()),
                  t->note(), t->updated_by()});
  }
  PrintTable(ctx, table);
}

int Set(Context& ctx, const Args& a) {
  v1::SetTargetRequest req;
  auto* t = req.mutable_target();
  if (auto s = FillKey(a, t->mutable_key()); !s.ok()) return ReportUsage(ctx, s);
  if (auto s = RequireFlags(a, {"value"}); !s.ok()) return ReportUsage(ctx, s);
  double v = 0;
  if (auto s = Number(a, "value", &v); !s.ok()) return ReportUsage(ctx, s);
  t->set_target_value(v);
  t->set_baseline_period(a.GetOr("baseline-period", ""));
  if (a.Has("baseline-value")) {
    if (auto s = Number(a, "baseline-value", &v); !s.ok()) return ReportUsage(ctx, s);
    t->set_baseline_value(v);
  }
  if (a.Has("tolerance")) {
    if (auto s = Number(a, "tolerance", &v); !s.ok()) return ReportUsage(ctx, s);
    t->set_tolerance(v);
  }
  if (auto k = a.Get("trend-points")) {
    int points = 0;
    if (!absl::SimpleAtoi(*k, &points)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--trend-points must be a whole number"));
    }
    t->set_trend_points(points);
  }
  t->set_note(a.GetOr("note", ""));
  v1::Target resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->SetTarget(call, req, &resp);
      })) {
    return *failed;
  }
  PrintTargets(ctx, {&resp});
  return kExitOk;
}

int Get(Context& ctx, const Args& a) {
  v1::TargetKey req;
  if (auto s = FillKey(a, &req); !s.ok()) return ReportUsage(ctx, s);
  v1::Target resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetTarget(call, req, &resp);
      })) {
    return *failed;
  }
  PrintTargets(ctx, {&resp});
  return kExitOk;
}

int List(Context& ctx, const Args& a) {
  v1::ListTargetsRequest req;
  req.set_indicator_code(a.GetOr("indicator", ""));
  req.set_unit_key(a.GetOr("unit", ""));
  v1::ListTargetsResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->ListTargets(call, req, &resp);
      })) {
    return *failed;
  }
  std::vector<const v1::Target*> targets;
  for (const auto& t : resp.targets()) targets.push_back(&t);
  PrintTargets(ctx, targets);
  return kExitOk;
}

int Delete(Context& ctx, const Args& a) {
  v1::TargetKey req;
  if (auto s = FillKey(a, &req); !s.ok()) return ReportUsage(ctx, s);
  v1::DeleteTargetResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->DeleteTarget(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kTable) *ctx.out << "deleted\n";
  if (ctx.format == Format::kJson) *ctx.out << "{\"deleted\":true}\n";
  return kExitOk;
}

int Status(Context& ctx, const Args& a) {
  v1::GetTargetStatusRequest req;
  req.set_indicator_code(a.GetOr("indicator", ""));
  req.set_unit_key(a.GetOr("unit", ""));
  req.set_target_period(a.GetOr("period", ""));
  if (auto bd = a.Get("breakdown")) {
    if (auto s = ParseBreakdownFlag(*bd, req.mutable_breakdown()); !s.ok()) {
      return ReportUsage(ctx, s);
    }
  }
  v1::GetTargetStatusResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetTargetStatus(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs;
    for (const auto& e : resp.entries()) msgs.push_back(&e);
    *ctx.out << ToJsonArray(msgs) << "\n";
    return kExitOk;
  }
  Table table({"indicator", "unit", "breakdown", "target_period", "target", "latest", "projected",
               "progress", "status", "reason"});
  for (const auto& e : resp.entries()) {
    const auto& t = e.target();
    const auto& as = e.assessment();
    std::string latest = as.has_latest_value()
                             ? absl::StrCat(as.latest_period(), ": ", Stat(as.latest_value()))
                             : "";
    std::string reason = as.reason();
    if (!e.note().empty()) reason += absl::StrCat("; ", e.note());
    table.AddRow({t.key().indicator_code(), t.key().unit_key(), t.breakdown_text(),
                  t.key().target_period(), Stat(t.target_value()), latest,
                  OptStat(as.has_projected_value(), as.projected_value()),
                  as.has_progress() ? absl::StrCat(Stat(100 * as.progress()), " %") : "",
                  Name(as.status()), reason});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

const std::map<std::string, Command>& Commands() {
  static const std::set<std::string> key = {"indicator", "unit", "period", "breakdown"};
  static const auto* commands = new std::map<std::string, Command>{
      {"set",
       {"integra target set --indicator CODE --unit KEY --period P --value V "
        "[--breakdown dim=value,...] [--baseline-period P [--baseline-value V]] "
        "[--tolerance T] [--trend-points K] [--note TEXT]",
        {"indicator", "unit", "period", "breakdown", "value", "baseline-period", "baseline-value",
         "tolerance", "trend-points", "note"},
        {},
        0,
        Set}},
      {"get",
       {"integra target get --indicator CODE --unit KEY --period P [--breakdown dim=value,...]",
        key,
        {},
        0,
        Get}},
      {"list",
       {"integra target list [--indicator CODE] [--unit KEY]", {"indicator", "unit"}, {}, 0, List}},
      {"delete",
       {"integra target delete --indicator CODE --unit KEY --period P "
        "[--breakdown dim=value,...]",
        key,
        {},
        0,
        Delete}},
      {"status",
       {"integra target status [--indicator CODE] [--unit KEY] [--period P] "
        "[--breakdown dim=value,...]   (on_track / at_risk / off_track from the projected "
        "trend)",
        key,
        {},
        0,
        Status}},
  };
  return *commands;
}

}  // namespace

int RunTargetCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "target", Commands(), argv);
}

}  // namespace integra::cli
