// integra audit: the write audit trail (AdminService.ListAudit): who wrote what, when, from where.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/command.h"
#include "client/monitoring_format.h"
#include "integra/v1/admin.grpc.pb.h"

namespace integra::cli {
namespace {

constexpr char kAuditUsage[] =
    "integra audit [--since TIME] [--unit KEY] [--token ID] [--limit N]   (TIME: RFC 3339 or "
    "microseconds since the epoch; ADMIN sees everything, READER and EDITOR their scope)";

}  // namespace

int RunAuditCommand(Context& ctx, const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {});
  if (!args.ok()) return ReportUsage(ctx, args.status(), kAuditUsage);
  if (auto known = args->CheckKnown({"since", "unit", "token", "limit"}); !known.ok()) {
    return ReportUsage(ctx, known, kAuditUsage);
  }
  if (!args->positional().empty()) {
    if (args->positional().front() == "help") {
      *ctx.out << "usage: " << kAuditUsage << "\n";
      return kExitOk;
    }
    return ReportUsage(ctx, absl::InvalidArgumentError("integra audit takes no arguments"),
                       kAuditUsage);
  }
  v1::ListAuditRequest req;
  if (auto since = args->Get("since")) {
    auto micros = ParseTimeFlag(*since);
    if (!micros.ok()) return ReportUsage(ctx, micros.status(), kAuditUsage);
    req.set_since_micros(*micros);
  }
  req.set_unit_key(args->GetOr("unit", ""));
  req.set_token_id(args->GetOr("token", ""));
  if (auto limit = args->Get("limit")) {
    int n = 0;
    if (!absl::SimpleAtoi(*limit, &n) || n <= 0) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--limit must be a positive number"),
                         kAuditUsage);
    }
    req.set_limit(n);
  }
  v1::ListAuditResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return v1::AdminService::NewStub(ctx.channel)->ListAudit(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs;
    for (const auto& r : resp.records()) msgs.push_back(&r);
    *ctx.out << ToJsonArray(msgs) << "\n";
    return kExitOk;
  }
  Table table({"seq", "time_utc", "token", "name", "peer", "rpc", "units", "what", "before"});
  for (const auto& r : resp.records()) {
    std::string rpc = r.rpc();
    if (auto slash = rpc.rfind('/'); slash != std::string::npos) rpc = rpc.substr(slash + 1);
    table.AddRow({absl::StrCat(r.sequence()), FormatMicros(r.recorded_micros()), r.token_id(),
                  r.token_name(), r.peer(), rpc, absl::StrJoin(r.unit_keys(), ","), r.what(), r.before()});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

}  // namespace integra::cli
