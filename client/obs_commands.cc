// integra obs ... and integra series: observations, their revisions and series over time.
#include <algorithm>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/command.h"
#include "client/import_common.h"
#include "client/monitoring_format.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::MonitoringService;

const std::set<std::string> kCellFlags = {"indicator", "unit", "period", "breakdown"};

std::set<std::string> With(std::set<std::string> flags, std::initializer_list<const char*> more) {
  for (const char* m : more) flags.insert(m);
  return flags;
}

// Fills indicator, unit, period and breakdown of any request with those fields.
template <typename Request>
absl::Status FillCell(const Args& a, Request* req) {
  for (const char* required : {"indicator", "unit", "period"}) {
    if (!a.Has(required)) {
      return absl::InvalidArgumentError(absl::StrCat("--", required, " is required"));
    }
  }
  req->set_indicator_code(*a.Get("indicator"));
  req->set_unit_key(*a.Get("unit"));
  req->set_period(*a.Get("period"));
  if (auto bd = a.Get("breakdown")) return ParseBreakdownFlag(*bd, req->mutable_breakdown());
  return absl::OkStatus();
}

int Put(Context& ctx, const Args& a) {
  v1::PutObservationRequest req;
  auto* o = req.mutable_observation();
  if (auto s = FillCell(a, o); !s.ok()) return ReportUsage(ctx, s);
  if (auto v = a.Get("value")) {
    double value = 0;
    // SimpleAtod accepts "nan"/"inf": the server refuses those with its own precise reason.
    if (!absl::SimpleAtod(*v, &value)) {
      return ReportUsage(
          ctx, absl::InvalidArgumentError(absl::StrCat("--value '", *v, "' is not a number")));
    }
    o->set_value(value);
  }
  if (auto flags = a.Get("flags")) {
    for (absl::string_view f : absl::StrSplit(*flags, ',', absl::SkipWhitespace())) {
      auto flag = ParseEnumFlag("flags", std::string(absl::StripAsciiWhitespace(f)),
                                v1::ObservationFlag_descriptor(), "OBSERVATION_FLAG_");
      if (!flag.ok()) return ReportUsage(ctx, flag.status());
      o->add_flags(static_cast<v1::ObservationFlag>(*flag));
    }
  }
  o->set_footnote(a.GetOr("footnote", ""));
  o->set_series_break(a.GetOr("series-break", ""));
  o->set_source(a.GetOr("source", ""));
  v1::PutObservationResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->PutObservation(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  PrintObservations(ctx, {&resp.observation()});
  if (ctx.format == Format::kTable && !resp.changed()) {
    *ctx.out << "unchanged: identical to the latest revision, nothing recorded\n";
  }
  return kExitOk;
}

int Get(Context& ctx, const Args& a) {
  v1::GetObservationRequest req;
  if (auto s = FillCell(a, &req); !s.ok()) return ReportUsage(ctx, s);
  if (auto t = a.Get("as-of")) {
    auto micros = ParseTimeFlag(*t);
    if (!micros.ok()) return ReportUsage(ctx, micros.status());
    req.set_as_of_micros(*micros);
  }
  v1::Observation resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetObservation(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  PrintObservations(ctx, {&resp});
  PrintAttribution(ctx, {&resp});
  return kExitOk;
}

int History(Context& ctx, const Args& a) {
  v1::GetObservationHistoryRequest req;
  if (auto s = FillCell(a, &req); !s.ok()) return ReportUsage(ctx, s);
  v1::GetObservationHistoryResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetObservationHistory(call, req, &resp);
      })) {
    return *failed;
  }
  std::vector<const v1::Observation*> obs;
  for (const auto& o : resp.revisions()) obs.push_back(&o);
  PrintObservations(ctx, obs);
  return kExitOk;
}

int Series(Context& ctx, const Args& a) {
  v1::GetSeriesRequest req;
  if (!a.Has("indicator") || !a.Has("unit")) {
    return ReportUsage(ctx, absl::InvalidArgumentError("--indicator and --unit are required"));
  }
  req.set_indicator_code(*a.Get("indicator"));
  for (absl::string_view u : absl::StrSplit(*a.Get("unit"), ',', absl::SkipWhitespace())) {
    req.add_unit_keys(std::string(absl::StripAsciiWhitespace(u)));
  }
  req.set_from_period(a.GetOr("from", ""));
  req.set_to_period(a.GetOr("to", ""));
  if (auto bd = a.Get("breakdown")) {
    if (auto s = ParseBreakdownFlag(*bd, req.mutable_breakdown()); !s.ok()) {
      return ReportUsage(ctx, s);
    }
  }
  if (auto t = a.Get("as-of")) {
    auto micros = ParseTimeFlag(*t);
    if (!micros.ok()) return ReportUsage(ctx, micros.status());
    req.set_as_of_micros(*micros);
  }
  req.set_territory_date(a.GetOr("gebietsstand", ""));
  req.set_own_key_only(a.Has("own-key-only"));
  v1::GetSeriesResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetSeries(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs;
    for (const auto& series : resp.series()) msgs.push_back(&series);
    *ctx.out << ToJsonArray(msgs) << "\n";
    return kExitOk;
  }
  std::vector<const v1::Observation*> points;
  std::map<std::string, std::string> names;
  for (const auto& series : resp.series()) {
    names[series.unit_key()] = series.unit_name();
    for (const auto& p : series.points()) points.push_back(&p);
  }
  PrintObservations(ctx, points, &names);
  // A kreisfreie Stadt's other key: which points came from it, and where the two differ.
  for (const auto& series : resp.series()) {
    if (series.twin_key().empty() || ctx.format != Format::kTable) continue;
    const bool filled =
        std::any_of(series.points().begin(), series.points().end(),
                    [&](const v1::Observation& p) { return p.unit_key() == series.twin_key(); });
    if (filled) {
      *ctx.out << "note: " << series.unit_key() << " and " << series.twin_key()
               << " are one kreisfreie Stadt; periods without a value under " << series.unit_key()
               << " show the value stored under " << series.twin_key()
               << " (--own-key-only: none)\n";
    }
    for (const v1::TwinDifference& d : series.twin_differences()) {
      *ctx.out << "note: " << series.unit_key() << " " << d.period() << ": " << d.value()
               << " here, " << d.twin_value() << " under " << series.twin_key()
               << (d.twin_source().empty() ? "" : " (" + d.twin_source() + ")") << "\n";
    }
  }
  PrintAttribution(ctx, points);
  return kExitOk;
}

const std::map<std::string, Command>& ObsCommands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"import",
       {"integra obs import FILE|- [--map SRC=FIELD,...] [...]   (the same command as "
        "integra import observations, with all its options)",
        ImportObservationFlags(),
        ImportBooleans(),
        1,
        ImportObservations,
        {Format::kTable, Format::kJson}}},
      {"put",
       {"integra obs put --indicator CODE --unit KEY --period P [--value V] "
        "[--breakdown dim=value,...] [--flags provisional,estimated,suppressed,synthetic] "
        "[--footnote T] [--series-break REASON] [--source S]",
        With(kCellFlags, {"value", "flags", "footnote", "series-break", "source"}),
        {},
        0,
        Put}},
      {"get",
       {"integra obs get --indicator CODE --unit KEY --period P [--breakdown dim=value,...] "
        "[--as-of TIME]   (TIME: RFC 3339 or microseconds since the epoch)",
        With(kCellFlags, {"as-of"}),
        {},
        0,
        Get}},
      {"history",
       {"integra obs history --indicator CODE --unit KEY --period P [--breakdown dim=value,...]",
        kCellFlags,
        {},
        0,
        History}},
  };
  return *commands;
}

}  // namespace

int RunObsCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "obs", ObsCommands(), argv);
}

int RunSeriesCommand(Context& ctx, const std::vector<std::string>& argv) {
  // `series` has no subcommands: dispatch it as the only command of its group.
  static const auto* commands = new std::map<std::string, Command>{
      {"series",
       {"integra series --indicator CODE --unit KEY[,KEY...] [--from P] [--to P] "
        "[--breakdown dim=value,...] [--as-of TIME] [--gebietsstand YYYY-MM-DD] "
        "[--own-key-only]",
        {"indicator", "unit", "from", "to", "breakdown", "as-of", "gebietsstand", "own-key-only"},
        {"own-key-only"},
        0,
        Series}}};
  std::vector<std::string> args = {"series"};
  if (!argv.empty() && (argv[0] == "help" || argv[0] == "--help")) {
    args = argv;
  } else {
    args.insert(args.end(), argv.begin(), argv.end());
  }
  return Dispatch(ctx, "series", *commands, args);
}

}  // namespace integra::cli
