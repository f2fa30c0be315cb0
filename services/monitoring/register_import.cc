#include "services/monitoring/register_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/calendar.h"
#include "services/monitoring/csv_reader.h"

namespace integra::monitoring {
namespace {

// Columns each file must have (others are ignored).
const std::vector<std::string> kLaenderColumns = {"land_code", "name", "sitz_landesregierung"};
const std::vector<std::string> kKreiseColumns = {"kreis_code",      "name",       "sitz_verwaltung",
                                                 "kreis_type_code", "kreis_type", "area_km2",
                                                 "gebietsstand"};
const std::vector<std::string> kGemeindenColumns = {
    "ags", "name", "gemeinde_type_code", "gemeinde_type", "area_km2", "gebietsstand"};
// Optional: population (a row without it: see the header), population_date.

bool HasAll(const std::map<std::string, size_t>& header, const std::vector<std::string>& cols) {
  for (const auto& c : cols) {
    if (!header.contains(c)) return false;
  }
  return true;
}

std::string Join(const std::vector<std::string>& cols) {
  std::string out;
  for (const auto& c : cols) absl::StrAppend(&out, out.empty() ? "" : ", ", c);
  return out;
}

// "20231130" -> "2023-11-30" (a real calendar day).
absl::Status ParseGebietsstand(const std::string& raw, Unit& u) {
  int v = 0;
  if (raw.size() != 8 || !absl::SimpleAtoi(raw, &v)) {
    return absl::InvalidArgumentError(
        absl::StrCat("gebietsstand '", raw, "' is not a date YYYYMMDD"));
  }
  std::string date = absl::StrCat(raw.substr(0, 4), "-", raw.substr(4, 2), "-", raw.substr(6, 2));
  RETURN_IF_ERROR(ParseDate(date, "gebietsstand").status());
  u.territory_date = std::move(date);
  return absl::OkStatus();
}

// A population date "YYYY-MM-DD" or "YYYYMMDD" that is a 31 December -> its year.
absl::StatusOr<int32_t> PopulationYear(const std::string& what, const std::string& raw) {
  std::string digits;
  if (raw.size() == 10 && raw[4] == '-' && raw[7] == '-') {
    digits = raw.substr(0, 4) + raw.substr(5, 2) + raw.substr(8, 2);
  } else if (raw.size() == 8) {
    digits = raw;
  }
  int v = 0;
  if (digits.size() != 8 || !absl::SimpleAtoi(digits, &v) || v < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " '", raw, "' is not a date YYYY-MM-DD or YYYYMMDD"));
  }
  if (v % 10000 != 1231) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " '", raw,
                     "' is not a 31 December: integra records populations at 31.12. of a year"));
  }
  return v / 10000;
}

absl::Status ParseMeasures(const std::string& population, const std::string& area, Unit& u) {
  if (!population.empty()) {
    int64_t p = 0;
    if (!absl::SimpleAtoi(population, &p)) {
      return absl::InvalidArgumentError(
          absl::StrCat("population '", population, "' is not a whole number"));
    }
    u.population = p;
  }
  if (!area.empty()) {
    double a = 0;
    if (!absl::SimpleAtod(area, &a)) {
      return absl::InvalidArgumentError(absl::StrCat("area_km2 '", area, "' is not a number"));
    }
    u.area_km2 = a;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<UnitType> GemeindeTypeOfCode(const std::string& code) {
  if (code == "61" || code == "62") return UnitType::kKreisfreieStadt;
  if (code == "60" || code == "63" || code == "64" || code == "67") {
    return UnitType::kKreisangehoerigeGemeinde;
  }
  if (code == "65" || code == "66") return UnitType::kGemeindefreiesGebiet;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown gemeinde_type_code '", code, "' (expected 60-67)"));
}

absl::StatusOr<UnitType> KreisTypeOfCode(const std::string& code) {
  if (code == "41" || code == "42") return UnitType::kKreisfreieStadt;
  if (code == "43" || code == "44" || code == "45") return UnitType::kLandkreis;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown kreis_type_code '", code, "' (expected 41-45)"));
}

std::string RegisterTypeText(const std::string& code) {
  static const auto* texts = new std::map<std::string, std::string>{
      {"41", "Kreisfreie Stadt"},
      {"42", "Stadtkreis"},
      {"43", "Kreis"},
      {"44", "Landkreis"},
      {"45", "Regionalverband"},
      {"50", "Verbandsfreie Gemeinde"},
      {"51", "Amt"},
      {"52", "Samtgemeinde"},
      {"53", "Verbandsgemeinde"},
      {"54", "Verwaltungsgemeinschaft"},
      {"55", "Kirchspielslandgemeinde"},
      {"56", "Verwaltungsverband"},
      {"58", "Erfüllende Gemeinde"},
      {"60", "Markt"},
      {"61", "Kreisfreie Stadt"},
      {"62", "Stadtkreis"},
      {"63", "Stadt"},
      {"64", "Kreisangehörige Gemeinde"},
      {"65", "gemeindefreies Gebiet, bewohnt"},
      {"66", "gemeindefreies Gebiet, unbewohnt"},
      {"67", "Große Kreisstadt"},
  };
  auto it = texts->find(code);
  return it == texts->end() ? "" : it->second;
}

void KeepUncarried(const Unit& stored, const CarriedFields& carried, Unit& u) {
  u.valid_from = stored.valid_from;
  u.valid_to = stored.valid_to;
  if (!carried.seat) u.seat = stored.seat;
  if (!carried.territory_date) u.territory_date = stored.territory_date;
  if (!carried.population) {
    u.population = stored.population;
    u.population_year = stored.population_year;
  }
  if (!carried.area) u.area_km2 = stored.area_km2;
  if (!carried.degurba) u.degurba = stored.degurba;
  if (!carried.verband) {
    u.verband_key = stored.verband_key;
    u.verband_name = stored.verband_name;
    u.verband_type_code = stored.verband_type_code;
    u.verband_type = stored.verband_type;
  }
}

absl::StatusOr<AbsentUnitFields> ParseAbsentUnitFields(const std::vector<std::string>& names) {
  AbsentUnitFields out;
  for (const std::string& name : names) {
    if (name == "seat") {
      out.carried.seat = false;
    } else if (name == "territory_date") {
      out.carried.territory_date = false;
    } else if (name == "population") {
      out.carried.population = false;
    } else if (name == "area") {
      out.carried.area = false;
    } else if (name == "degurba") {
      out.carried.degurba = false;
    } else if (name == "verband") {
      out.carried.verband = false;
    } else if (name == "official_type") {
      out.official_type = true;
    } else if (name == "validity") {
      out.validity = true;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "absent_fields: '", name,
          "' is not a unit field a file may lack (seat, territory_date, population, area, "
          "degurba, verband, official_type, validity)"));
    }
  }
  return out;
}

void KeepAbsent(const Unit& stored, const AbsentUnitFields& absent, Unit& u) {
  const std::string valid_from = u.valid_from, valid_to = u.valid_to;
  KeepUncarried(stored, absent.carried, u);  // also takes the stored validity
  if (!absent.validity) {
    u.valid_from = valid_from;
    u.valid_to = valid_to;
  }
  if (absent.official_type) {
    u.official_type_code = stored.official_type_code;
    u.official_type = stored.official_type;
  }
}

std::string RegisterKindName(RegisterKind kind) {
  switch (kind) {
    case RegisterKind::kLaender:
      return "laender";
    case RegisterKind::kKreise:
      return "kreise";
    case RegisterKind::kGemeinden:
      return "gemeinden";
  }
  return "unknown";
}

absl::StatusOr<RegisterRows> ParseRegister(std::string_view csv,
                                           const RegisterImportOptions& options) {
  std::optional<int32_t> option_year;
  if (!options.population_date.empty()) {
    ASSIGN_OR_RETURN(option_year, PopulationYear("population date", options.population_date));
  }
  if (!options.gebietsstand.empty()) {
    RETURN_IF_ERROR(ParseDate(options.gebietsstand, "--gebietsstand").status());
  }
  CsvReader reader(csv);
  std::vector<std::string> fields;
  ASSIGN_OR_RETURN(bool has_header, reader.Next(fields));
  if (!has_header) return absl::InvalidArgumentError("the register file is empty");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < fields.size(); ++i) col.emplace(fields[i], i);
  const size_t width = fields.size();

  RegisterRows out;
  if (HasAll(col, kGemeindenColumns)) {
    out.kind = RegisterKind::kGemeinden;
  } else if (HasAll(col, kKreiseColumns)) {
    out.kind = RegisterKind::kKreise;
  } else if (HasAll(col, kLaenderColumns)) {
    out.kind = RegisterKind::kLaender;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "the file is none of the register files (its header lacks required columns). Gemeinden "
        "need: ",
        Join(kGemeindenColumns), ". Kreise need: ", Join(kKreiseColumns),
        ". Länder need: ", Join(kLaenderColumns), "."));
  }
  auto get = [&](const std::string& name) -> const std::string& { return fields[col.at(name)]; };
  static const std::string kEmpty;
  auto get_optional = [&](const std::string& name) -> const std::string& {
    auto it = col.find(name);
    return it == col.end() ? kEmpty : fields[it->second];
  };
  out.has_population_column = col.contains("population");
  const bool file_dates = col.contains("population_date");
  const bool verband_columns = out.kind == RegisterKind::kGemeinden && col.contains("verband_ars");
  const bool named_columns = out.kind == RegisterKind::kKreise && col.contains("land_code") &&
                             col.contains("land_name") && col.contains("rb_code") &&
                             col.contains("rb_name");
  std::map<std::string, std::string> named;  // Land and Regierungsbezirk keys -> name (Kreise file)
  switch (out.kind) {
    case RegisterKind::kLaender:
      // The Länder file has no Gebietsstand column; --gebietsstand gives one.
      out.carried = {.seat = true, .territory_date = !options.gebietsstand.empty()};
      break;
    case RegisterKind::kKreise:
      // Population counts as stated even without the column: a missing figure is refused or
      // kept by the rule in ImportRegister, never silently.
      out.carried = {.seat = true, .territory_date = true, .population = true, .area = true};
      break;
    case RegisterKind::kGemeinden:
      out.carried = {
          .territory_date = true, .population = true, .area = true, .verband = verband_columns};
      break;
  }
  std::optional<int32_t> convention_year;  // the GV100AD convention, once applied

  if (out.kind == RegisterKind::kLaender) {
    out.units.push_back(Unit{.key = kBundKey, .name = "Deutschland", .type = UnitType::kBund});
    out.lines.push_back(1);
  }
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) break;
    const int line = reader.line();
    ++out.data_rows;
    if (fields.size() != width) {
      out.rejected.push_back(
          {line, absl::InvalidArgumentError(absl::StrCat("line ", line, " has ", fields.size(),
                                                         " fields, the header has ", width))});
      continue;
    }
    Unit u;
    absl::Status s;
    switch (out.kind) {
      case RegisterKind::kLaender: {
        u.key = get("land_code");
        u.name = get("name");
        u.seat = get("sitz_landesregierung");
        u.territory_date = options.gebietsstand;
        auto parsed = ParseUnitKey(u.key);
        if (parsed.ok() && parsed->level != UnitLevel::kLand) {
          s = absl::InvalidArgumentError(absl::StrCat("'", u.key, "' is not a Land code"));
        } else if (!parsed.ok()) {
          s = parsed.status();
        } else {
          u.type = *DefaultTypeForKey(parsed->key);
        }
        break;
      }
      case RegisterKind::kKreise:
      case RegisterKind::kGemeinden: {
        // Same shape: a key, a name, an official type (mapped to ours), the Gebietsstand and
        // the measures; Kreise also name their administrative seat.
        const bool kreis = out.kind == RegisterKind::kKreise;
        const std::string prefix = kreis ? "kreis" : "gemeinde";
        u.key = get(kreis ? "kreis_code" : "ags");
        u.name = get("name");
        if (kreis) u.seat = get("sitz_verwaltung");
        u.official_type_code = get(prefix + "_type_code");
        u.official_type = get(prefix + "_type");
        auto type = kreis ? KreisTypeOfCode(u.official_type_code)
                          : GemeindeTypeOfCode(u.official_type_code);
        if (!type.ok()) {
          s = type.status();
          break;
        }
        u.type = *type;
        s = ParseGebietsstand(get("gebietsstand"), u);
        if (!options.gebietsstand.empty()) u.territory_date = options.gebietsstand;
        if (s.ok()) s = ParseMeasures(get_optional("population"), get("area_km2"), u);
        if (s.ok() && verband_columns && !get("verband_ars").empty()) {
          u.verband_key = get("verband_ars");
          u.verband_name = get_optional("verband_name");
          u.verband_type_code = get_optional("verband_type_code");
          u.verband_type = get_optional("verband_type");
        }
        // The Land and the Regierungsbezirk the Kreis lies in, as the file names them (Länder
        // without a Regierungsbezirk leave rb_name empty): units with the row's Gebietsstand.
        for (const auto& [code_col, name_col, level] :
             {std::tuple{"land_code", "land_name", UnitLevel::kLand},
              std::tuple{"rb_code", "rb_name", UnitLevel::kRegierungsbezirk}}) {
          if (!s.ok() || !named_columns || get(name_col).empty()) continue;
          const std::string& code = get(code_col);
          auto [it, inserted] = named.emplace(code, get(name_col));
          if (!inserted) {
            if (it->second != get(name_col)) {
              s = absl::InvalidArgumentError(
                  absl::StrCat(UnitLevelName(level), " ", code, " is named '", it->second,
                               "' above and '", get(name_col), "' here"));
            }
            continue;
          }
          auto parsed = ParseUnitKey(code);
          if (!parsed.ok() || parsed->key != code || parsed->level != level ||
              code.compare(0, 2, u.key, 0, 2) != 0) {
            s = absl::InvalidArgumentError(absl::StrCat(code_col, " '", code, "' is not the ",
                                                        UnitLevelName(level), " of Kreis ", u.key));
            continue;
          }
          Unit n{.key = code, .name = get(name_col), .type = *DefaultTypeForKey(code)};
          n.territory_date = u.territory_date;
          out.named_by_kreise.insert(code);
          out.units.push_back(std::move(n));
          out.lines.push_back(line);
        }
        if (!s.ok() || !u.population.has_value()) break;
        if (option_year.has_value()) {
          u.population_year = *option_year;
        } else if (file_dates) {
          auto year = PopulationYear("population_date", get("population_date"));
          if (year.ok()) u.population_year = *year;
          s = year.status();
        } else {
          // The documented GV100AD convention (the file does not state the date).
          u.population_year = std::stoi(u.territory_date.substr(0, 4)) - 1;
          convention_year = u.population_year;
        }
        break;
      }
    }
    if (!s.ok()) {
      out.rejected.push_back(
          {line, absl::Status(s.code(), absl::StrCat("line ", line, ": ", s.message()))});
      continue;
    }
    out.units.push_back(std::move(u));
    out.lines.push_back(line);
  }
  if (convention_year.has_value()) {
    out.notes.push_back(absl::StrCat(
        "population taken as of 31.12.", *convention_year,
        " by the GV100AD convention (31.12. of the year before the Gebietsstand's year; the file "
        "states no population date); --population-date YYYY-MM-DD overrides it"));
  }
  return out;
}

absl::StatusOr<RegisterImportResult> ImportRegister(UnitStore& store, std::string_view csv,
                                                    const RegisterImportOptions& options) {
  ASSIGN_OR_RETURN(RegisterRows rows, ParseRegister(csv, options));
  RegisterImportResult result;
  result.kind = rows.kind;
  result.notes = std::move(rows.notes);
  result.rows = rows.data_rows;
  // What the file does not state is kept from the stored unit (validity, DEGURBA, ...).
  for (Unit& u : rows.units) {
    auto stored = store.Get(u.key);
    if (!stored.ok()) continue;  // new (or a malformed key, which the batch check reports)
    CarriedFields carried = rows.carried;
    if (rows.named_by_kreise.contains(u.key)) carried = {.territory_date = true};
    KeepUncarried(*stored, carried, u);
  }
  // Rows without population must not erase a stored one (size classes and peer groups follow
  // population): refused, or with keep_population the stored figure is kept.
  int kept = 0;
  if (rows.kind != RegisterKind::kLaender) {
    for (size_t i = 0; i < rows.units.size(); ++i) {
      Unit& u = rows.units[i];
      if (u.population.has_value() || rows.named_by_kreise.contains(u.key)) continue;
      auto stored = store.Get(u.key);
      if (!stored.ok() || !stored->population.has_value()) continue;  // new, or none stored
      if (options.keep_population) {
        u.population = stored->population;
        u.population_year = stored->population_year;
        ++kept;
        continue;
      }
      const int line = rows.lines[i];
      rows.rejected.push_back(
          {line,
           absl::FailedPreconditionError(absl::StrCat(
               "line ", line, ": ",
               rows.has_population_column ? "column 'population' is empty"
                                          : "the file has no column 'population'",
               ", but unit ", u.key, " has the stored population ", *stored->population,
               stored->population_year != 0 ? absl::StrCat(" (31.12.", stored->population_year, ")")
                                            : std::string(),
               "; importing would erase it and change its size class and peer groups. "
               "Fill the column, or import with --keep-population to keep the stored "
               "population"))});
    }
    std::sort(rows.rejected.begin(), rows.rejected.end(),
              [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; });
  }
  if (kept > 0) {
    result.notes.push_back(
        absl::StrCat("warning: ", kept,
                     " unit(s) without population in the file keep their stored population "
                     "(--keep-population)"));
  }
  if (!rows.rejected.empty()) {
    result.batch.rejected = std::move(rows.rejected);
    return result;
  }
  ASSIGN_OR_RETURN(result.batch, store.UpsertBatch(rows.units));
  for (RowRejection& r : result.batch.rejected) {
    int line = rows.lines[r.index];
    r.index = line;
    r.status = absl::Status(r.status.code(), absl::StrCat("line ", line, ": ", r.status.message()));
  }
  return result;
}

}  // namespace integra::monitoring
