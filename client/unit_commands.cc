// integra unit ...: territorial units (Bund, Länder, Kreise, Gemeinden by official key).
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/command.h"
#include "client/monitoring_format.h"
#include "client/unit_import.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::MonitoringService;

// "1"-"3" or a name (staedte, kleinere_staedte_und_vororte, laendliche_gebiete).
absl::StatusOr<v1::Degurba> ParseDegurbaFlag(const std::string& text) {
  if (text == "1" || text == "2" || text == "3") return static_cast<v1::Degurba>(text[0] - '0');
  auto v = ParseEnumFlag("degurba", text, v1::Degurba_descriptor(), "DEGURBA_");
  if (!v.ok()) return v.status();
  return static_cast<v1::Degurba>(*v);
}

std::string DegurbaLabel(v1::Degurba d) {
  switch (d) {
    case v1::DEGURBA_STAEDTE:
      return "Städte";
    case v1::DEGURBA_KLEINERE_STAEDTE_UND_VORORTE:
      return "kleinere Städte und Vororte";
    case v1::DEGURBA_LAENDLICHE_GEBIETE:
      return "ländliche Gebiete";
    default:
      return "unbekannt";
  }
}

std::string Population(const v1::Unit& u) {
  return u.has_population() ? std::to_string(u.population()) : "";
}

void PrintUnits(const Context& ctx, const std::vector<const v1::Unit*>& units) {
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(units.begin(), units.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return;
  }
  Table table({"key", "name", "type", "level", "parent", "population", "area_km2", "size_class",
               "degurba"});
  for (const auto* u : units) {
    table.AddRow(
        {u->key(), u->name(), Name(u->type()), Name(u->level()), u->parent_key(), Population(*u),
         u->has_area_km2() ? FormatNumber(u->area_km2()) : "", Name(u->size_class()),
         u->degurba() == v1::DEGURBA_UNSPECIFIED ? ""
                                                 : std::to_string(static_cast<int>(u->degurba()))});
  }
  PrintTable(ctx, table);
}

void PrintUnit(const Context& ctx, const v1::Unit& u) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(u) << "\n";
    return;
  }
  if (ctx.format == Format::kCsv) {
    PrintUnits(ctx, {&u});
    return;
  }
  auto& o = *ctx.out;
  o << "key:            " << u.key() << "\n"
    << "name:           " << u.name() << "\n"
    << "type:           " << Name(u.type());
  if (!u.official_type().empty())
    o << " (" << u.official_type_code() << " " << u.official_type() << ")";
  o << "\n"
    << "level:          " << Name(u.level()) << "\n";
  if (!u.parent_key().empty()) o << "parent:         " << u.parent_key() << "\n";
  if (!u.twin_key().empty())
    o << "twin:           " << u.twin_key() << " (kreisfreie Stadt: Kreis and Gemeinde key)\n";
  if (u.has_population()) {
    o << "population:     " << u.population();
    if (u.population_year() != 0) o << " (31.12." << u.population_year() << ")";
    o << "\n";
  }
  if (u.has_area_km2()) o << "area_km2:       " << FormatNumber(u.area_km2()) << "\n";
  o << "size_class:     " << Name(u.size_class()) << "\n";
  if (!u.seat().empty()) o << "seat:           " << u.seat() << "\n";
  if (u.degurba() != v1::DEGURBA_UNSPECIFIED) {
    o << "degurba:        " << static_cast<int>(u.degurba()) << " (" << DegurbaLabel(u.degurba())
      << ")\n";
  }
  if (!u.verband_key().empty()) {
    o << "verband:        " << u.verband_key() << " " << u.verband_name();
    if (!u.verband_type().empty())
      o << " (" << u.verband_type_code() << " " << u.verband_type() << ")";
    o << "\n";
  }
  if (!u.ars().empty()) o << "ars:            " << u.ars() << "\n";
  if (!u.territory_date().empty()) o << "territory_date: " << u.territory_date() << "\n";
  if (!u.valid_from().empty() || !u.valid_to().empty()) {
    o << "valid:          " << (u.valid_from().empty() ? "..." : u.valid_from()) << " to "
      << (u.valid_to().empty() ? "..." : u.valid_to()) << "\n";
  }
}

int Import(Context& ctx, const Args& a) {
  const std::string& path = a.positional()[0];
  if (!std::ifstream(path, std::ios::binary)) {
    return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat("cannot read ", path)));
  }
  if (a.Has("decimal-comma") && a.Has("decimal-point")) {
    return ReportUsage(
        ctx, absl::InvalidArgumentError("--decimal-comma and --decimal-point exclude each other"));
  }
  UnitImportFlags flags{.encoding = a.GetOr("encoding", ""),
                        .decimal = a.Has("decimal-comma")   ? "comma"
                                   : a.Has("decimal-point") ? "point"
                                                            : "",
                        .delimiter = a.GetOr("delimiter", ""),
                        .gebietsstand = a.GetOr("gebietsstand", ""),
                        .population_date = a.GetOr("population-date", ""),
                        .keep_population = a.Has("keep-population"),
                        .population_indicator = a.Get("population-indicator")};
  auto prepared = PrepareUnitImportFile(path, flags);
  if (!prepared.ok()) {
    *ctx.err << "error: " << prepared.status().message() << "\n";
    return kExitRejected;
  }
  for (const std::string& note : prepared->notes) *ctx.err << "note: " << note << "\n";
  if (prepared->problem_count > 0) {
    for (const std::string& p : prepared->problems) *ctx.err << p << "\n";
    *ctx.err << "error: " << prepared->problem_count << " malformed record(s) in " << path
             << "; nothing was imported"
             << (prepared->problem_count > static_cast<int64_t>(prepared->problems.size())
                     ? absl::StrCat(" (first ", prepared->problems.size(), " shown)")
                     : std::string())
             << "\n";
    return kExitRejected;
  }
  const v1::ImportUnitsRequest& req = prepared->request;
  v1::ImportUnitsResponse resp;
  auto start = std::chrono::steady_clock::now();
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->ImportUnits(call, req, &resp);
      })) {
    return *failed;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  if (ctx.format != Format::kJson) {
    for (const std::string& note : resp.notes()) *ctx.err << "note: " << note << "\n";
  }
  const bool edition = req.source_case() == v1::ImportUnitsRequest::kEdition;
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
  } else if (resp.applied()) {
    std::vector<std::string> columns = {"register", "rows", "upserted", "unchanged"};
    std::vector<std::string> row = {resp.register_kind(), std::to_string(resp.rows()),
                                    std::to_string(resp.upserted()),
                                    std::to_string(resp.unchanged())};
    if (edition) {
      columns.insert(columns.end(), {"ended", "new", "observations"});
      row.insert(row.end(),
                 {std::to_string(resp.ended_units_size()), std::to_string(resp.new_units_size()),
                  std::to_string(resp.observations_written())});
    }
    columns.push_back("millis");
    row.push_back(std::to_string(ms));
    Table table(columns);
    table.AddRow(row);
    PrintTable(ctx, table);
    if (ctx.format == Format::kTable) {
      if (resp.ended_units_size() > 0) {
        *ctx.out << "\nno longer in the edition (validity ended):\n";
        for (const std::string& u : resp.ended_units()) *ctx.out << "  " << u << "\n";
      }
      if (resp.new_units_size() > 0) {
        *ctx.out << "\nnew since the stored edition:\n";
        for (const std::string& u : resp.new_units()) *ctx.out << "  " << u << "\n";
      }
    }
  } else {
    Table table({"line", "code", "reason"});
    for (const auto& r : resp.rejected()) {
      table.AddRow({std::to_string(r.index()), r.code(), r.reason()});
    }
    PrintTable(ctx, table);
  }
  if (!resp.applied()) {
    *ctx.err << "error: " << resp.rejected_total() << " row(s) of " << path
             << " rejected; nothing was imported"
             << (resp.rejected_total() > resp.rejected_size()
                     ? absl::StrCat(" (first ", resp.rejected_size(), " shown)")
                     : std::string())
             << "\n";
    return kExitRpcError;
  }
  return kExitOk;
}

int Get(Context& ctx, const Args& a) {
  v1::GetUnitRequest req;
  req.set_key(a.positional()[0]);
  v1::Unit resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->GetUnit(call, req, &resp);
      })) {
    return *failed;
  }
  PrintUnit(ctx, resp);
  return kExitOk;
}

int List(Context& ctx, const Args& a) {
  v1::ListUnitsRequest req;
  req.set_parent_key(a.GetOr("parent", ""));
  if (auto t = a.Get("type")) {
    auto v = ParseEnumFlag("type", *t, v1::UnitType_descriptor(), "UNIT_TYPE_");
    if (!v.ok()) return ReportUsage(ctx, v.status());
    req.set_type(static_cast<v1::UnitType>(*v));
  }
  if (auto t = a.Get("size-class")) {
    auto v = ParseEnumFlag("size-class", *t, v1::SizeClass_descriptor(), "SIZE_CLASS_");
    if (!v.ok()) return ReportUsage(ctx, v.status());
    req.set_size_class(static_cast<v1::SizeClass>(*v));
  }
  if (auto t = a.Get("level")) {
    auto v = ParseEnumFlag("level", *t, v1::UnitLevel_descriptor(), "UNIT_LEVEL_");
    if (!v.ok()) return ReportUsage(ctx, v.status());
    req.set_level(static_cast<v1::UnitLevel>(*v));
  }
  if (auto d = a.Get("degurba")) {
    auto v = ParseDegurbaFlag(*d);
    if (!v.ok()) return ReportUsage(ctx, v.status());
    req.set_degurba(*v);
  }
  req.set_page_size(1000);
  std::vector<v1::ListUnitsResponse> pages;
  do {
    v1::ListUnitsResponse resp;
    if (auto failed = Call(ctx, [&](auto* call) {
          return MonitoringService::NewStub(ctx.channel)->ListUnits(call, req, &resp);
        })) {
      return *failed;
    }
    req.set_page_token(resp.next_page_token());
    pages.push_back(std::move(resp));
  } while (!req.page_token().empty());
  std::vector<const v1::Unit*> units;
  for (const auto& p : pages) {
    for (const auto& u : p.units()) units.push_back(&u);
  }
  PrintUnits(ctx, units);
  return kExitOk;
}

int Search(Context& ctx, const Args& a) {
  v1::SearchUnitsRequest req;
  req.set_query(a.positional()[0]);
  if (auto t = a.Get("level")) {
    auto v = ParseEnumFlag("level", *t, v1::UnitLevel_descriptor(), "UNIT_LEVEL_");
    if (!v.ok()) return ReportUsage(ctx, v.status());
    req.set_level(static_cast<v1::UnitLevel>(*v));
  }
  if (auto l = a.Get("limit")) {
    int v = 0;
    if (!absl::SimpleAtoi(*l, &v)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--limit must be a whole number"));
    }
    req.set_limit(v);
  }
  req.set_valid_on(a.GetOr("valid-on", ""));
  v1::SearchUnitsResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->SearchUnits(call, req, &resp);
      })) {
    return *failed;
  }
  std::vector<const v1::Unit*> units;
  for (const auto& u : resp.units()) units.push_back(&u);
  PrintUnits(ctx, units);
  return kExitOk;
}

int Put(Context& ctx, const Args& a) {
  v1::UpsertUnitRequest req;
  auto* u = req.mutable_unit();
  u->set_key(a.positional()[0]);
  u->set_name(a.GetOr("name", ""));
  if (auto t = a.Get("type")) {
    auto v = ParseEnumFlag("type", *t, v1::UnitType_descriptor(), "UNIT_TYPE_");
    if (!v.ok()) return ReportUsage(ctx, v.status());
    u->set_type(static_cast<v1::UnitType>(*v));
  }
  if (auto p = a.Get("population")) {
    int64_t v = 0;
    if (!absl::SimpleAtoi(*p, &v)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--population must be a whole number"));
    }
    u->set_population(v);
  }
  if (auto y = a.Get("population-year")) {
    int v = 0;
    if (!absl::SimpleAtoi(*y, &v)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--population-year must be a year"));
    }
    u->set_population_year(v);
  }
  if (auto ar = a.Get("area")) {
    double v = 0;
    if (!absl::SimpleAtod(*ar, &v)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--area must be a number (km²)"));
    }
    u->set_area_km2(v);
  }
  u->set_valid_from(a.GetOr("valid-from", ""));
  u->set_valid_to(a.GetOr("valid-to", ""));
  if (auto d = a.Get("degurba")) {
    auto v = ParseDegurbaFlag(*d);
    if (!v.ok()) return ReportUsage(ctx, v.status());
    u->set_degurba(*v);
  }
  v1::Unit resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return MonitoringService::NewStub(ctx.channel)->UpsertUnit(call, req, &resp);
      })) {
    return *failed;
  }
  PrintUnit(ctx, resp);
  return kExitOk;
}

const std::map<std::string, Command>& Commands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"import",
       {"integra unit import FILE [--gebietsstand YYYY-MM-DD] [--population-date YYYY-MM-DD] "
        "[--keep-population] [--population-indicator CODE|none] [--encoding utf8|latin1] "
        "[--decimal-comma|--decimal-point] [--delimiter ,|;|tab] [--sheet NAME]   (GV100AD, "
        "a Gemeindeverzeichnis-Auszug as XLSX or CSV, laender.csv, kreise_gv100ad_*.csv or "
        "gemeinden_gv100ad_*.csv; told apart by content)",
        {"gebietsstand", "population-date", "keep-population", "population-indicator", "encoding",
         "decimal-comma", "decimal-point", "delimiter", "sheet"},
        {"keep-population", "decimal-comma", "decimal-point"},
        1,
        Import}},
      {"get", {"integra unit get KEY   (DG, LL, LLRKK or 8-digit AGS)", {}, {}, 1, Get}},
      {"list",
       {"integra unit list [--parent KEY] [--type TYPE] [--size-class CLASS] [--level LEVEL] "
        "[--degurba 1|2|3]",
        {"parent", "type", "size-class", "level", "degurba"},
        {},
        0,
        List}},
      {"search",
       {"integra unit search QUERY [--level LEVEL] [--limit N] [--valid-on DATE]   (name, "
        "umlaut-tolerant, or key prefix)",
        {"level", "limit", "valid-on"},
        {},
        1,
        Search}},
      {"put",
       {"integra unit put KEY --name NAME [--type TYPE] [--population N] "
        "[--population-year YEAR] [--area KM2] [--valid-from DATE] [--valid-to DATE] "
        "[--degurba 1|2|3]",
        {"name", "type", "population", "population-year", "area", "valid-from", "valid-to",
         "degurba"},
        {},
        1,
        Put}},
  };
  return *commands;
}

}  // namespace

int RunUnitCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "unit", Commands(), argv);
}

}  // namespace integra::cli
