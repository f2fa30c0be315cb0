// integra reform ...: territorial reforms (mergers, splits) that series can be converted along.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/analytics_format.h"
#include "client/monitoring_format.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::MonitoringService;

// "01051001:01051010:1,01051002:01051010:1" (share optional: unknown).
absl::Status ParseChanges(const std::string& text, v1::Reform* out) {
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::vector<std::string> f = absl::StrSplit(absl::StripAsciiWhitespace(part), ':');
    if (f.size() < 2 || f.size() > 3 || f[0].empty() || f[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--changes '", text,
                       "' must be PREDECESSOR:SUCCESSOR[:SHARE],... e.g. 01051001:01051010:1"));
    }
    auto* c = out->add_changes();
    c->set_predecessor(f[0]);
    c->set_successor(f[1]);
    if (f.size() == 3) {
      double share = 0;
      if (!absl::SimpleAtod(f[2], &share)) {
        return absl::InvalidArgumentError(absl::StrCat("share '", f[2], "' is not a number"));
      }
      c->set_share(share);
    }
  }
  return absl::OkStatus();
}

void PrintReforms(const Context& ctx, const std::vector<const v1::Reform*>& reforms) {
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(reforms.begin(), reforms.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return;
  }
  Table table({"id", "effective", "predecessor", "successor", "share", "description"});
  for (const auto* r : reforms) {
    for (const auto& c : r->changes()) {
      table.AddRow({r->id(), r->effective_date(), c.predecessor(), c.successor(),
                    c.has_share() ? Stat(c.share()) : "unknown", r->description()});
    }
  }
  PrintTable(ctx, table);
}

int Add(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"date", "changes"}); !s.ok()) return ReportUsage(ctx, s);
  v1::CreateReformRequest req;
  auto* r = req.mutable_reform();
  r->set_id(a.positional()[0]);
  r->set_effective_date(*a.Get("date"));
  r->set_description(a.GetOr("description", ""));
  if (auto s = ParseChanges(*a.Get("changes"), r); !s.ok()) return ReportUsage(ctx, s);
  v1::Reform resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->CreateReform(call, req, &resp);
      })) {
    return *failed;
  }
  PrintReforms(ctx, {&resp});
  if (ctx.format == Format::kTable && resp.ended_units_size() > 0) {
    *ctx.out << "ended: " << absl::StrJoin(resp.ended_units(), ", ") << " (valid until the day "
             << "before " << resp.effective_date() << ")\n";
  }
  return kExitOk;
}

int List(Context& ctx, const Args& a) {
  v1::ListReformsRequest req;
  req.set_unit_key(a.GetOr("unit", ""));
  v1::ListReformsResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->ListReforms(call, req, &resp);
      })) {
    return *failed;
  }
  std::vector<const v1::Reform*> reforms;
  for (const auto& r : resp.reforms()) reforms.push_back(&r);
  PrintReforms(ctx, reforms);
  return kExitOk;
}

const std::map<std::string, Command>& Commands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"add",
       {"integra reform add ID --date YYYY-MM-DD --changes PRED:SUCC[:SHARE],... "
        "[--description TEXT]   (date = first day on the new boundaries; SHARE = fraction of "
        "the predecessor's population)",
        {"date", "changes", "description"},
        {},
        1,
        Add}},
      {"list", {"integra reform list [--unit KEY]", {"unit"}, {}, 0, List}},
  };
  return *commands;
}

}  // namespace

int RunReformCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "reform", Commands(), argv);
}

}  // namespace integra::cli
