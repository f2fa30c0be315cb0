// integra watch: follows the change feed of observations (ExchangeService.WatchObservations).
//
// Prints every accepted change after --after SEQ (default 0: the whole history), then live
// changes as they commit, until interrupted; --until-caught-up stops at the end of the backlog,
// --limit N after N changes. Each change carries its sequence, so a mirror resumes after a
// disconnect with --after <last sequence it stored>: no gap, no duplicate.
// Formats: table (one aligned line per change, streamed) or jsonl (one ObservationChange as
// JSON per line; json is the same).
#include <cstdio>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/command.h"
#include "client/monitoring_format.h"
#include "integra/v1/exchange.grpc.pb.h"

namespace integra::cli {
namespace {

void PrintChange(const Context& ctx, const v1::ObservationChange& c) {
  if (ctx.format != Format::kTable) {
    *ctx.out << ToJson(c) << "\n";
    return;
  }
  const v1::Observation& o = c.observation();
  if (c.kind() == v1::OBSERVATION_CHANGE_KIND_INDICATOR_DELETED) {
    *ctx.out << absl::StrFormat("%8d  %-26s  indicator %s deleted with %d observation(s)\n",
                                c.sequence(), FormatMicros(c.recorded_micros()), o.indicator_code(),
                                c.observations_removed());
    return;
  }
  if (c.kind() == v1::OBSERVATION_CHANGE_KIND_REMOVED) {
    *ctx.out << absl::StrFormat("%8d  %-26s  %-24s %-9s %-8s %-20s %12s  rev %d removed%s\n",
                                c.sequence(), FormatMicros(c.recorded_micros()), o.indicator_code(),
                                o.unit_key(), o.period(), o.breakdown_text(), "(no value)",
                                o.revision(), c.actor().empty() ? "" : "  by " + c.actor());
    return;
  }
  // No value: the flags that follow say why (suppressed, blocked, ...).
  std::string value = o.has_value() ? FormatNumber(o.value()) : "(no value)";
  std::string flags = FlagList(o);
  *ctx.out << absl::StrFormat("%8d  %-26s  %-24s %-9s %-8s %-20s %12s  rev %d%s%s\n", c.sequence(),
                              FormatMicros(c.recorded_micros()), o.indicator_code(), o.unit_key(),
                              o.period(), o.breakdown_text(), value, o.revision(),
                              flags.empty() ? "" : "  " + flags,
                              c.actor().empty() ? "" : "  by " + c.actor());
}

int Watch(Context& ctx, const Args& a) {
  v1::WatchObservationsRequest req;
  std::string after = a.GetOr("after", "0");
  if (after == "now") {
    req.set_from_now(true);
  } else {
    uint64_t seq = 0;
    if (!absl::SimpleAtoi(after, &seq)) {
      return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat(
                                  "--after '", after, "' must be a sequence number or 'now'")));
    }
    req.set_after_sequence(seq);
  }
  int64_t limit = -1;
  if (auto l = a.Get("limit")) {
    if (!absl::SimpleAtoi(*l, &limit) || limit < 1) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--limit must be a number >= 1"));
    }
  }
  const bool until_caught_up = a.Has("until-caught-up");
  auto call = ctx.NewStreamCall();
  auto reader = v1::ExchangeService::NewStub(ctx.channel)->WatchObservations(call.get(), req);
  v1::WatchObservationsResponse resp;
  int64_t seen = 0;
  uint64_t last = req.after_sequence();
  bool done = false;
  while (!done && reader->Read(&resp)) {
    for (const v1::ObservationChange& c : resp.changes()) {
      PrintChange(ctx, c);
      last = c.sequence();
      if (++seen == limit) {
        done = true;
        break;
      }
    }
    ctx.out->flush();
    if (resp.caught_up() && !done) {
      if (ctx.format == Format::kTable) {
        *ctx.err << "-- caught up at sequence " << resp.last_sequence()
                 << (until_caught_up ? "" : "; waiting for live changes (Ctrl-C ends)") << "\n";
      }
      if (until_caught_up) done = true;
    }
  }
  if (done) call->TryCancel();
  grpc::Status s = reader->Finish();
  if (done) return kExitOk;
  if (!s.ok()) {
    int code = ReportRpcError(ctx, s);
    *ctx.err << "resume with: integra watch --after " << last << "\n";
    return code;
  }
  return kExitOk;
}

}  // namespace

int RunWatchCommand(Context& ctx, const std::vector<std::string>& argv) {
  // `watch` has no subcommands: dispatch it as the only command of its group.
  static const auto* commands = new std::map<std::string, Command>{
      {"watch",
       {"integra watch [--after SEQ|now] [--until-caught-up] [--limit N] [--format table|jsonl]",
        {"after", "until-caught-up", "limit"},
        {"until-caught-up"},
        0,
        Watch,
        {Format::kTable, Format::kJsonl, Format::kJson}}}};
  std::vector<std::string> args = {"watch"};
  if (!argv.empty() && (argv[0] == "help" || argv[0] == "--help")) {
    args = argv;
  } else {
    args.insert(args.end(), argv.begin(), argv.end());
  }
  return Dispatch(ctx, "watch", *commands, args);
}

}  // namespace integra::cli
