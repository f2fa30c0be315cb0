// integra band | league: the dashboard's one-call workloads (peer band over time, league table).
// Table output is German-friendly: decimal comma and thousands points ("1.234,5"); csv and json
// keep machine-readable numbers ("1234.5").
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/analytics_format.h"
#include "client/monitoring_format.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::MonitoringService;

// Stat(value) in German notation: "1234.5" -> "1.234,5", "-0.25" -> "-0,25".
std::string GermanStat(double value) {
  const std::string s = Stat(value);
  const size_t dot = s.find('.');
  std::string whole = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  const bool negative = !whole.empty() && whole[0] == '-';
  if (negative) whole.erase(0, 1);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back('.');
    grouped.push_back(whole[i]);
  }
  return absl::StrCat(negative ? "-" : "", grouped, frac.empty() ? "" : ",", frac);
}

// A number for the current format: German in tables, plain in csv.
std::string Num(const Context& ctx, bool present, double value) {
  if (!present) return "";
  return ctx.format == Format::kTable ? GermanStat(value) : Stat(value);
}

std::string Flags(const google::protobuf::RepeatedField<int>& flags) {
  std::vector<std::string> names;
  for (int f : flags) {
    std::string n = v1::ObservationFlag_Name(static_cast<v1::ObservationFlag>(f));
    names.push_back(absl::AsciiStrToLower(n.substr(std::string("OBSERVATION_FLAG_").size())));
  }
  return absl::StrJoin(names, ",");
}

void PrintSources(const Context& ctx, const google::protobuf::RepeatedPtrField<std::string>& s) {
  if (ctx.format == Format::kTable && !s.empty()) {
    *ctx.out << "Quelle: " << absl::StrJoin(s, "; ") << "\n";
  }
}

int Band(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"indicator", "unit"}); !s.ok()) return ReportUsage(ctx, s);
  v1::GetPeerBandRequest req;
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
  v1::GetPeerBandResponse r;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetPeerBand(call, req, &r);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(r) << "\n";
    return kExitOk;
  }
  Table table({"period", "value", "flags", "n", "q1", "median", "q3"});
  for (const auto& p : r.points()) {
    table.AddRow({p.period(), Num(ctx, p.has_value(), p.value()), Flags(p.flags()),
                  std::to_string(p.n()), Num(ctx, p.has_q1(), p.q1()),
                  Num(ctx, p.has_median(), p.median()), Num(ctx, p.has_q3(), p.q3())});
  }
  PrintTable(ctx, table);
  if (ctx.format == Format::kTable) {
    *ctx.out << WrapText(absl::StrCat(r.indicator_code(), " ", r.unit_key(),
                                      "; peers: ", r.peer_group()),
                         ctx.width)
             << "\n";
    PrintSources(ctx, r.sources());
  }
  return kExitOk;
}

int League(Context& ctx, const Args& a) {
  if (auto s = RequireFlags(a, {"indicator", "period", "level"}); !s.ok()) {
    return ReportUsage(ctx, s);
  }
  v1::GetLeagueTableRequest req;
  req.set_indicator_code(*a.Get("indicator"));
  req.set_period(*a.Get("period"));
  auto level = ParseEnumFlag("level", *a.Get("level"), v1::UnitLevel_descriptor(), "UNIT_LEVEL_");
  if (!level.ok()) return ReportUsage(ctx, level.status());
  req.set_level(static_cast<v1::UnitLevel>(*level));
  req.set_within(a.GetOr("within", ""));
  if (auto bd = a.Get("breakdown")) {
    if (auto s = ParseBreakdownFlag(*bd, req.mutable_breakdown()); !s.ok()) {
      return ReportUsage(ctx, s);
    }
  }
  v1::GetLeagueTableResponse r;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetLeagueTable(call, req, &r);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(r) << "\n";
    return kExitOk;
  }
  Table table({"rank", "unit", "name", "value", "flags", "percentile"});
  for (const auto& row : r.rows()) {
    table.AddRow({std::to_string(row.rank()), row.unit_key(), row.name(),
                  Num(ctx, true, row.value()), Flags(row.flags()),
                  Num(ctx, row.has_percentile(), row.percentile())});
  }
  PrintTable(ctx, table);
  if (ctx.format == Format::kTable) {
    *ctx.out << r.indicator_code() << " " << r.period() << ": " << r.rows_size() << " of "
             << r.units() << " units ranked (" << Name(r.polarity()) << ")";
    if (r.missing() > 0) *ctx.out << ", " << r.missing() << " without a value";
    *ctx.out << "\n";
    PrintSources(ctx, r.sources());
  }
  return kExitOk;
}

}  // namespace

int RunBandCommand(Context& ctx, const std::vector<std::string>& argv) {
  return RunSingleCommand(
      ctx, "band",
      {"integra band --unit KEY --indicator CODE [--from P] [--to P] "
       "[--peers default|land|degurba|land+degurba|GROUP] [--breakdown dim=value,...]",
       {"unit", "indicator", "from", "to", "peers", "breakdown"},
       {},
       0,
       Band},
      argv);
}

int RunLeagueCommand(Context& ctx, const std::vector<std::string>& argv) {
  return RunSingleCommand(
      ctx, "league",
      {"integra league --indicator CODE --period P --level land|regierungsbezirk|kreis|gemeinde "
       "[--within KEY] [--breakdown dim=value,...]",
       {"indicator", "period", "level", "within", "breakdown"},
       {},
       0,
       League},
      argv);
}

}  // namespace integra::cli
