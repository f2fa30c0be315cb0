// integra indicator ...: the indicator catalog and its metadata sheets.
#include <cmath>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/command.h"
#include "client/monitoring_format.h"
#include "common/status_macros.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::MonitoringService;

// "sum", "none", "ratio:NUM/DEN[*SCALE]", "weighted_mean:WEIGHT".
absl::Status ParseAggregation(const std::string& text, v1::Aggregation* out) {
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits(':', 1));
  ASSIGN_OR_RETURN(auto kind, ParseEnumFlag("aggregation", parts[0],
                                            v1::AggregationKind_descriptor(), "AGGREGATION_KIND_"));
  out->set_kind(static_cast<v1::AggregationKind>(kind));
  std::string args = parts.size() > 1 ? parts[1] : "";
  if (out->kind() == v1::AGGREGATION_KIND_RATIO) {
    std::vector<std::string> scaled = absl::StrSplit(args, absl::MaxSplits('*', 1));
    std::vector<std::string> fraction = absl::StrSplit(scaled[0], absl::MaxSplits('/', 1));
    if (fraction.size() != 2) {
      return absl::InvalidArgumentError(
          "--aggregation ratio needs ratio:NUMERATOR/DENOMINATOR[*SCALE], e.g. ratio:AUSL/BEV");
    }
    out->set_numerator_code(fraction[0]);
    out->set_denominator_code(fraction[1]);
    if (scaled.size() == 2) {
      double scale = 0;
      if (!absl::SimpleAtod(scaled[1], &scale)) {
        return absl::InvalidArgumentError("the ratio scale must be a number");
      }
      out->set_scale(scale);
    }
  } else if (out->kind() == v1::AGGREGATION_KIND_WEIGHTED_MEAN) {
    if (args.empty()) {
      return absl::InvalidArgumentError(
          "--aggregation weighted_mean needs weighted_mean:WEIGHT_INDICATOR, e.g. "
          "weighted_mean:BEV");
    }
    out->set_weight_code(args);
  } else if (!args.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--aggregation ", parts[0], " takes no indicator codes"));
  }
  return absl::OkStatus();
}

// "sex=m|f;age_group=0-17|18-64|65+".
absl::Status ParseDimensions(const std::string& text, v1::Indicator* out) {
  for (absl::string_view part : absl::StrSplit(text, ';', absl::SkipWhitespace())) {
    std::vector<std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (kv.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("--dimensions '", text,
                       "' must be name=value|value[;name=value|...], e.g. "
                       "\"sex=m|f;nationality=german|foreign\""));
    }
    auto* d = out->add_dimensions();
    d->set_name(std::string(absl::StripAsciiWhitespace(kv[0])));
    for (absl::string_view v : absl::StrSplit(kv[1], '|', absl::SkipWhitespace())) {
      d->add_values(std::string(absl::StripAsciiWhitespace(v)));
    }
  }
  return absl::OkStatus();
}

std::string AggregationText(const v1::Aggregation& a) {
  switch (a.kind()) {
    case v1::AGGREGATION_KIND_RATIO:
      return absl::StrCat("ratio ", a.numerator_code(), " / ", a.denominator_code(), " x ",
                          FormatNumber(a.scale()));
    case v1::AGGREGATION_KIND_WEIGHTED_MEAN:
      return absl::StrCat("weighted_mean by ", a.weight_code());
    default:
      return Name(a.kind());
  }
}

std::string UnitText(const v1::Indicator& ind) {
  std::string unit = Name(ind.unit());
  if (!ind.unit_label().empty()) absl::StrAppend(&unit, " (", ind.unit_label(), ")");
  return unit;
}

void PrintSheet(const Context& ctx, const v1::Indicator& ind) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(ind) << "\n";
    return;
  }
  if (ctx.format == Format::kCsv) {
    Table table({"code", "name_de", "definition", "relevance", "interpretation", "data_source",
                 "methodological_notes", "unit", "polarity", "periodicity", "aggregation",
                 "ranking_allowed", "action_fields"});
    const auto& s = ind.sheet();
    table.AddRow({ind.code(), ind.name_de(), s.definition(), s.relevance(), s.interpretation(),
                  s.data_source(), s.methodological_notes(), UnitText(ind), Name(ind.polarity()),
                  Name(ind.periodicity()), AggregationText(ind.aggregation()),
                  ind.ranking_allowed() ? "true" : "false",
                  absl::StrJoin(ind.action_field_ids(), ",")});
    PrintTable(ctx, table);
    return;
  }
  // The layout of an indicator sheet ("Indikatorenblatt") in German monitoring reports.
  auto& o = *ctx.out;
  const auto& s = ind.sheet();
  o << ind.code() << " - " << ind.name_de() << "\n\n";
  auto section = [&](const char* title, const std::string& text) {
    o << title << "\n  " << (text.empty() ? "-" : text) << "\n";
  };
  section("Definition", s.definition());
  section("Empirische Relevanz", s.relevance());
  section("Bewertung / Interpretation", s.interpretation());
  section("Datenquelle", s.data_source());
  section("Methodische Hinweise", s.methodological_notes());
  o << "\n"
    << "Maßeinheit:      " << UnitText(ind) << "\n"
    << "Polarität:       " << Name(ind.polarity()) << "\n"
    << "Periodizität:    " << Name(ind.periodicity()) << "\n"
    << "Aggregation:     " << AggregationText(ind.aggregation()) << "\n";
  std::vector<std::string> dims;
  for (const auto& d : ind.dimensions()) {
    dims.push_back(absl::StrCat(d.name(), " (", absl::StrJoin(d.values(), ", "), ")"));
  }
  o << "Aufschlüsselung: " << (dims.empty() ? "-" : absl::StrJoin(dims, "; ")) << "\n"
    << "Ranking erlaubt: " << (ind.ranking_allowed() ? "ja" : "nein") << "\n";
  if (ind.has_min_value() || ind.has_max_value()) {
    o << "Wertebereich:    " << (ind.has_min_value() ? FormatNumber(ind.min_value()) : "-")
      << " bis " << (ind.has_max_value() ? FormatNumber(ind.max_value()) : "-") << "\n";
  }
  if (ind.has_gap()) {
    const auto& g = ind.gap();
    o << "Lückenindikator: " << g.base_code() << " " << g.dimension() << "=" << g.focus()
      << (g.kind() == v1::GAP_KIND_RATIO ? " / " : " - ") << g.dimension() << "=" << g.reference()
      << " (berechnet, Parität " << (g.kind() == v1::GAP_KIND_RATIO ? "1" : "0") << ")\n";
  }
  o << "Handlungsfelder: "
    << (ind.action_field_ids().empty() ? "-" : absl::StrJoin(ind.action_field_ids(), ", ")) << "\n"
    << "Wissensknoten:   " << ind.node_id() << "\n";
}

int Create(Context& ctx, const Args& a) {
  v1::CreateIndicatorRequest req;
  auto* ind = req.mutable_indicator();
  ind->set_code(a.positional()[0]);
  ind->set_name_de(a.GetOr("name", ""));
  auto* s = ind->mutable_sheet();
  s->set_definition(a.GetOr("definition", ""));
  s->set_relevance(a.GetOr("relevance", ""));
  s->set_interpretation(a.GetOr("interpretation", ""));
  s->set_data_source(a.GetOr("data-source", ""));
  s->set_methodological_notes(a.GetOr("notes", ""));
  auto unit =
      ParseEnumFlag("unit", a.GetOr("unit", ""), v1::MeasureUnit_descriptor(), "MEASURE_UNIT_");
  if (!unit.ok()) return ReportUsage(ctx, unit.status());
  ind->set_unit(static_cast<v1::MeasureUnit>(*unit));
  ind->set_unit_label(a.GetOr("unit-label", ""));
  auto polarity =
      ParseEnumFlag("polarity", a.GetOr("polarity", ""), v1::Polarity_descriptor(), "POLARITY_");
  if (!polarity.ok()) return ReportUsage(ctx, polarity.status());
  ind->set_polarity(static_cast<v1::Polarity>(*polarity));
  auto periodicity = ParseEnumFlag("periodicity", a.GetOr("periodicity", "year"),
                                   v1::Periodicity_descriptor(), "PERIODICITY_");
  if (!periodicity.ok()) return ReportUsage(ctx, periodicity.status());
  ind->set_periodicity(static_cast<v1::Periodicity>(*periodicity));
  if (auto agg = a.Get("aggregation")) {
    if (auto st = ParseAggregation(*agg, ind->mutable_aggregation()); !st.ok()) {
      return ReportUsage(ctx, st);
    }
  }
  if (auto dims = a.Get("dimensions")) {
    if (auto st = ParseDimensions(*dims, ind); !st.ok()) return ReportUsage(ctx, st);
  }
  if (a.Has("no-ranking")) ind->set_ranking_allowed(false);
  for (const auto& [flag, set] :
       {std::pair<std::string, void (v1::Indicator::*)(double)>{"min", &v1::Indicator::set_min_value},
        {"max", &v1::Indicator::set_max_value}}) {
    if (auto raw = a.Get(flag)) {
      double v = 0;
      if (!absl::SimpleAtod(*raw, &v) || !std::isfinite(v)) {
        return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat(
                                    "--", flag, " '", *raw, "' is not a finite number")));
      }
      (ind->*set)(v);
    }
  }
  if (auto fields = a.Get("action-fields")) {
    for (absl::string_view f : absl::StrSplit(*fields, ',', absl::SkipWhitespace())) {
      req.add_action_field_ids(std::string(absl::StripAsciiWhitespace(f)));
    }
  }
  v1::Indicator resp;
  auto call = ctx.NewCall();
  grpc::Status st =
      MonitoringService::NewStub(ctx.channel)->CreateIndicator(call.get(), req, &resp);
  if (!st.ok()) return ReportRpcError(ctx, st);
  PrintSheet(ctx, resp);
  return kExitOk;
}

int Get(Context& ctx, const Args& a) {
  v1::GetIndicatorRequest req;
  req.set_code(a.positional()[0]);
  v1::Indicator resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetIndicator(call, req, &resp);
      })) {
    return *failed;
  }
  PrintSheet(ctx, resp);
  return kExitOk;
}

int List(Context& ctx, const Args&) {
  v1::ListIndicatorsRequest req;
  req.set_page_size(1000);
  std::vector<v1::ListIndicatorsResponse> pages;
  do {
    v1::ListIndicatorsResponse resp;
    if (auto failed = Call(ctx, [&](auto* call) {
          return MonitoringService::NewStub(ctx.channel)->ListIndicators(call, req, &resp);
        })) {
      return *failed;
    }
    req.set_page_token(resp.next_page_token());
    pages.push_back(std::move(resp));
  } while (!req.page_token().empty());
  std::vector<const v1::Indicator*> all;
  for (const auto& p : pages) {
    for (const auto& i : p.indicators()) all.push_back(&i);
  }
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(all.begin(), all.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return kExitOk;
  }
  Table table({"code", "name_de", "unit", "polarity", "periodicity", "aggregation", "ranking"});
  for (const auto* i : all) {
    table.AddRow({i->code(), i->name_de(), UnitText(*i), Name(i->polarity()),
                  Name(i->periodicity()), AggregationText(i->aggregation()),
                  i->ranking_allowed() ? "yes" : "no"});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

int Delete(Context& ctx, const Args& a) {
  v1::DeleteIndicatorRequest req;
  req.set_code(a.positional()[0]);
  req.set_force(a.Has("force"));
  v1::DeleteIndicatorResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->DeleteIndicator(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
  } else if (ctx.format == Format::kCsv) {
    Table table({"code", "observations_deleted"});
    table.AddRow({req.code(), std::to_string(resp.observations_deleted())});
    PrintTable(ctx, table);
  } else {
    *ctx.out << "deleted indicator " << req.code() << ", its knowledge node and "
             << resp.observations_deleted() << " observation(s)\n";
  }
  return kExitOk;
}

const std::map<std::string, Command>& Commands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"create",
       {"integra indicator create CODE --name NAME --unit UNIT --polarity POLARITY "
        "[--periodicity year|quarter|month] [--aggregation none|sum|ratio:NUM/DEN[*SCALE]|"
        "weighted_mean:WEIGHT] [--dimensions \"sex=m|f;...\"] [--definition T] [--relevance T] "
        "[--interpretation T] [--data-source T] [--notes T] [--unit-label L] "
        "[--action-fields ID,...] [--no-ranking] [--min X] [--max Y]   (value domain; default "
        "percent 0-100, count 0 to 2^53)",
        {"name", "unit", "polarity", "periodicity", "aggregation", "dimensions", "definition",
         "relevance", "interpretation", "data-source", "notes", "unit-label", "action-fields",
         "no-ranking", "min", "max"},
        {"no-ranking"},
        1,
        Create}},
      {"get", {"integra indicator get CODE", {}, {}, 1, Get}},
      {"list", {"integra indicator list", {}, {}, 0, List}},
      {"delete",
       {"integra indicator delete CODE [--force]   (--force also deletes its observations)",
        {"force"},
        {"force"},
        1,
        Delete}},
  };
  return *commands;
}

}  // namespace

int RunIndicatorCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "indicator", Commands(), argv);
}

}  // namespace integra::cli
