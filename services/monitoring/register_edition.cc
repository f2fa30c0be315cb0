#include "services/monitoring/register_edition.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/calendar.h"
#include "services/monitoring/register_import.h"

namespace integra::monitoring {
namespace {

bool AllDigits(const std::string& s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// What each product states about the units of one Satzart (register_edition.h).
CarriedFields CarriedBy(RegisterProduct product, int satzart) {
  const bool measured = satzart == 40 || satzart == 60;
  CarriedFields c{.territory_date = true, .population = measured, .area = measured};
  c.seat = product == RegisterProduct::kGv100ad && satzart != 60;
  c.verband = satzart == 60;
  c.degurba = product == RegisterProduct::kGvAuszug && satzart == 60;
  return c;
}

UnitLevel LevelOfSatzart(int satzart) {
  switch (satzart) {
    case 10:
      return UnitLevel::kLand;
    case 20:
      return UnitLevel::kRegierungsbezirk;
    case 40:
      return UnitLevel::kKreis;
    default:
      return UnitLevel::kGemeinde;
  }
}

// Sums of a Kreis' Gemeinden in the edition. Areas add up in hundredths of a km² (hectares, the
// register's unit) so that 56.73 + ... is exact, as long as every area is a whole number of
// hectares.
struct KreisSum {
  int64_t population = 0;
  bool population_complete = true;
  int64_t area_hectares = 0;
  double area = 0;
  bool area_in_hectares = true;
  bool area_complete = true;
  int gemeinden = 0;
};

std::string Described(const Unit& u) { return absl::StrCat(u.key, " ", u.name); }

}  // namespace

std::string RegisterProductName(RegisterProduct product) {
  switch (product) {
    case RegisterProduct::kGv100ad:
      return "GV100AD";
    case RegisterProduct::kGvAuszug:
      return "Gemeindeverzeichnis-Auszug";
  }
  return "unknown register product";
}

absl::StatusOr<EditionImportResult> RegisterEditionImporter::Import(const RegisterEdition& edition,
                                                                    const std::string& actor) {
  if (edition.product != RegisterProduct::kGv100ad &&
      edition.product != RegisterProduct::kGvAuszug) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown register product ", static_cast<int>(edition.product)));
  }
  if (edition.records.empty()) {
    return absl::InvalidArgumentError("the register edition has no records");
  }
  int32_t year = 0;
  if (!edition.population_date.empty()) {
    ASSIGN_OR_RETURN(DayNumber day, ParseDate(edition.population_date, "population date"));
    if (day % 10000 != 1231) {
      return absl::InvalidArgumentError(
          absl::StrCat("population date ", edition.population_date,
                       " is not a 31 December: integra records populations at 31.12. of a year"));
    }
    year = day / 10000;
  }
  bool any_population = false;
  for (const EditionRecord& r : edition.records) any_population |= r.population.has_value();
  if (any_population && year == 0) {
    return absl::InvalidArgumentError(
        "the edition's records carry populations but the edition gives no population date "
        "(integra unit import --population-date YYYY-MM-DD, a 31 December)");
  }
  std::shared_ptr<const Indicator> indicator;
  if (!edition.population_indicator.empty()) {
    indicator = catalog_->Find(edition.population_indicator);
    if (indicator == nullptr) {
      return absl::NotFoundError(absl::StrCat(
          "population indicator ", edition.population_indicator,
          " is not in the catalog: create it (data/demo/indicators.csv defines BEV_INSGESAMT), "
          "name another with --population-indicator CODE, or import without observations "
          "(--population-indicator none)"));
    }
    if (indicator->unit != MeasureUnit::kCount || indicator->periodicity != Periodicity::kYear ||
        indicator->gap.has_value() || !indicator->dimensions.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "population indicator ", indicator->code,
          " must be an annual count indicator without dimensions (it is not a gap indicator)"));
    }
  }

  EditionImportResult result;
  result.rows = static_cast<int>(edition.records.size());
  std::vector<RowRejection> rejected;
  std::set<int> bad_lines;
  auto reject = [&](int line, const absl::Status& s) {
    bad_lines.insert(line);
    rejected.push_back(
        {line, absl::Status(s.code(), line > 0 ? absl::StrCat("line ", line, ": ", s.message())
                                               : std::string(s.message()))});
  };
  auto invalid = [&](int line, const std::string& why) {
    reject(line, absl::InvalidArgumentError(why));
  };

  // Pass 1: each record on its own, and the indexes the units need.
  std::map<std::string, const EditionRecord*> verbands;  // LLRKKVVVV -> its Satzart-50 record
  std::map<std::string, int> unit_lines;                 // unit key -> line
  std::map<std::string, std::string> land_dates;         // LL -> Gebietsstand of its record
  std::map<std::string, KreisSum> sums;                  // Kreis key -> its Gemeinden's sums
  for (const EditionRecord& r : edition.records) {
    if (!ParseDate(r.territory_date, "Gebietsstand").ok()) {
      invalid(r.line, absl::StrCat("Gebietsstand '", r.territory_date, "' is not a date"));
      continue;
    }
    if (r.satzart == 30) {
      invalid(r.line,
              "Satzart 30 (Region, Baden-Württemberg) is no level of integra's register; leave "
              "such records out");
      continue;
    }
    if (r.satzart == 50) {
      if (!AllDigits(r.key, 9)) {
        invalid(r.line,
                absl::StrCat("Gemeindeverband key '", r.key, "' is not LLRKKVVVV (9 digits)"));
      } else if (r.type_code.empty() || r.type_code[0] != '5' ||
                 RegisterTypeText(r.type_code).empty()) {
        invalid(r.line, absl::StrCat("Gemeindeverband ", r.key, " has Textkennzeichen '",
                                     r.type_code, "' (expected 50-58)"));
      } else if (!verbands.emplace(r.key, &r).second) {
        invalid(r.line, absl::StrCat("Gemeindeverband ", r.key, " appears twice (line ",
                                     verbands[r.key]->line, " and here)"));
      }
      continue;
    }
    if (r.satzart != 10 && r.satzart != 20 && r.satzart != 40 && r.satzart != 60) {
      invalid(r.line, absl::StrCat("unknown Satzart ", r.satzart, " (10, 20, 40, 50, 60)"));
      continue;
    }
    auto key = ParseUnitKey(r.key);
    if (!key.ok() || key->key != r.key || key->level != LevelOfSatzart(r.satzart)) {
      invalid(r.line,
              absl::StrCat("'", r.key, "' is not the key of a ",
                           UnitLevelName(LevelOfSatzart(r.satzart)), " (Satzart ", r.satzart, ")"));
      continue;
    }
    if (r.satzart == 40 && !KreisTypeOfCode(r.type_code).ok()) {
      invalid(r.line, absl::StrCat("Kreis ", r.key, " has Textkennzeichen '", r.type_code,
                                   "' (expected 41-45)"));
      continue;
    }
    if (r.satzart == 60) {
      if (!GemeindeTypeOfCode(r.type_code).ok()) {
        invalid(r.line, absl::StrCat("Gemeinde ", r.key, " has Textkennzeichen '", r.type_code,
                                     "' (expected 60-67)"));
        continue;
      }
      if (!r.verband.empty() && !AllDigits(r.verband, 4)) {
        invalid(r.line, absl::StrCat("Gemeindeverband '", r.verband, "' of Gemeinde ", r.key,
                                     " is not 4 digits"));
        continue;
      }
    }
    if (r.population.has_value() && *r.population < 0) {
      invalid(r.line, absl::StrCat("population ", *r.population, " is negative"));
      continue;
    }
    if (r.area_km2.has_value() && (!std::isfinite(*r.area_km2) || *r.area_km2 < 0)) {
      invalid(r.line, "area must be a finite number >= 0");
      continue;
    }
    auto [at, inserted] = unit_lines.emplace(r.key, r.line);
    if (!inserted) {
      invalid(r.line,
              absl::StrCat("unit ", r.key, " appears twice (line ", at->second, " and here)"));
      continue;
    }
    if (r.satzart == 10) land_dates[r.key] = r.territory_date;
    if (r.satzart == 60) {
      const std::string kreis = ParentKey(r.key);
      if (kreis.size() != 5) continue;  // the condominium areas have no Kreis
      KreisSum& sum = sums[kreis];
      ++sum.gemeinden;
      if (r.population.has_value()) {
        sum.population += *r.population;
      } else {
        sum.population_complete = false;
      }
      if (r.area_km2.has_value()) {
        const double hectares = *r.area_km2 * 100;
        const int64_t rounded = std::llround(hectares);
        sum.area_in_hectares &= std::fabs(hectares - static_cast<double>(rounded)) < 1e-6;
        sum.area_hectares += rounded;
        sum.area += *r.area_km2;
      } else {
        sum.area_complete = false;
      }
    }
  }

  // Everything below reads the register and then writes it: under the write lock, so that no
  // other write slips in between.
  storage::WriteLock write_lock = store_->LockWrites();
  std::vector<Unit> units;
  std::vector<int> lines;
  std::vector<bool> population_from_edition;
  int kept = 0;
  for (const EditionRecord& r : edition.records) {
    if (r.satzart == 50 || bad_lines.contains(r.line)) continue;
    Unit u;
    u.key = r.key;
    u.name = r.name;
    u.territory_date = r.territory_date;
    u.seat = r.seat;
    switch (r.satzart) {
      case 10:
        u.type = *DefaultTypeForKey(r.key);
        break;
      case 20:
        u.type = UnitType::kRegierungsbezirk;
        break;
      case 40: {
        u.type = *KreisTypeOfCode(r.type_code);
        u.official_type_code = r.type_code;
        u.official_type = RegisterTypeText(r.type_code);
        auto sum = sums.find(r.key);
        const bool has_gemeinden = sum != sums.end() && sum->second.gemeinden > 0;
        u.population = r.population;
        if (!u.population.has_value() && has_gemeinden && sum->second.population_complete) {
          u.population = sum->second.population;
        }
        u.area_km2 = r.area_km2;
        if (!u.area_km2.has_value() && has_gemeinden && sum->second.area_complete) {
          u.area_km2 = sum->second.area_in_hectares
                           ? static_cast<double>(sum->second.area_hectares) / 100.0
                           : sum->second.area;
        }
        break;
      }
      case 60: {
        u.type = *GemeindeTypeOfCode(r.type_code);
        u.official_type_code = r.type_code;
        u.official_type = RegisterTypeText(r.type_code);
        u.population = r.population;
        u.area_km2 = r.area_km2;
        u.degurba = r.degurba;
        u.seat.clear();  // no product states a Gemeinde's seat
        if (!r.verband.empty()) {
          u.verband_key = r.key.substr(0, 5) + r.verband;
          auto v = verbands.find(u.verband_key);
          if (v == verbands.end()) {
            invalid(r.line,
                    absl::StrCat("Gemeinde ", r.key, " names Gemeindeverband ", u.verband_key,
                                 ", which has no record (Satzart 50) in "
                                 "the edition"));
            continue;
          }
          u.verband_name = v->second->name;
          u.verband_type_code = v->second->type_code;
          u.verband_type = RegisterTypeText(v->second->type_code);
        }
        break;
      }
    }
    const bool from_edition = u.population.has_value();
    if (u.population.has_value()) u.population_year = year;
    auto stored = units_->Get(u.key);
    if (stored.ok()) {
      if (!stored->territory_date.empty() && stored->territory_date > u.territory_date) {
        invalid(r.line, absl::StrCat("unit ", u.key, " is stored with Gebietsstand ",
                                     stored->territory_date, ", later than this edition's ",
                                     u.territory_date,
                                     ": an older edition does not roll the register back"));
        continue;
      }
      if (!stored->valid_to.empty() && stored->valid_to < u.territory_date) {
        invalid(r.line, absl::StrCat("unit ", u.key, " ended on ", stored->valid_to,
                                     " (integra reform list --unit ", u.key,
                                     "), but this edition of ", u.territory_date, " lists it"));
        continue;
      }
      KeepUncarried(*stored, CarriedBy(edition.product, r.satzart), u);
      if ((r.satzart == 40 || r.satzart == 60) && !u.population.has_value() &&
          stored->population.has_value()) {
        if (edition.keep_population) {
          u.population = stored->population;
          u.population_year = stored->population_year;
          ++kept;
        } else {
          reject(r.line,
                 absl::FailedPreconditionError(absl::StrCat(
                     "the record has no population, but unit ", u.key,
                     " has the stored population ", *stored->population,
                     stored->population_year != 0
                         ? absl::StrCat(" (31.12.", stored->population_year, ")")
                         : std::string(),
                     "; importing would erase it and change its size class and peer groups. "
                     "Import with --keep-population to keep the stored population")));
          continue;
        }
      }
    }
    units.push_back(std::move(u));
    lines.push_back(r.line);
    population_from_edition.push_back(from_edition);
  }
  if (kept > 0) {
    result.notes.push_back(
        absl::StrCat("warning: ", kept,
                     " unit(s) without population in the edition keep their stored population "
                     "(--keep-population)"));
  }

  // The Länder the edition lists are complete: what it leaves out of them has ended, and what
  // is new in them since the stored edition began after it.
  if (rejected.empty()) {
    std::set<std::string> in_edition;
    for (const Unit& u : units) in_edition.insert(u.key);
    std::map<std::string, std::string> prior;  // LL -> latest stored Gebietsstand before this one
    const std::vector<Unit> stored_units = units_->Snapshot(nullptr);
    auto land_of = [](const Unit& u) { return u.key == kBundKey ? "" : u.key.substr(0, 2); };
    for (const Unit& s : stored_units) {
      auto date = land_dates.find(land_of(s));
      if (date == land_dates.end() || s.territory_date.empty() ||
          s.territory_date >= date->second) {
        continue;
      }
      std::string& p = prior[date->first];
      p = std::max(p, s.territory_date);
    }
    std::vector<Unit> ended;
    for (const Unit& s : stored_units) {
      const UnitLevel level = s.level();
      if (level != UnitLevel::kRegierungsbezirk && level != UnitLevel::kKreis &&
          level != UnitLevel::kGemeinde) {
        continue;
      }
      auto date = land_dates.find(land_of(s));
      if (date == land_dates.end() || in_edition.contains(s.key) || !s.valid_to.empty()) continue;
      if (!s.territory_date.empty() && s.territory_date > date->second) {
        reject(0, absl::InvalidArgumentError(absl::StrCat(
                      "unit ", Described(s), " is stored with Gebietsstand ", s.territory_date,
                      " and not listed by this older edition of ", date->second,
                      ": an older edition does not roll the register back")));
        continue;
      }
      Unit e = s;
      e.valid_to = DayBefore(date->second);
      result.ended.push_back(Described(e));
      ended.push_back(std::move(e));
    }
    for (Unit& u : units) {
      const UnitLevel level = u.level();
      if (level != UnitLevel::kRegierungsbezirk && level != UnitLevel::kKreis &&
          level != UnitLevel::kGemeinde) {
        continue;
      }
      auto p = prior.find(land_of(u));
      if (p == prior.end() || units_->Get(u.key).ok()) continue;
      u.valid_from = DayAfter(p->second);
      result.added.push_back(Described(u));
    }
    for (Unit& e : ended) {
      units.push_back(std::move(e));
      lines.push_back(0);
      population_from_edition.push_back(false);
    }
  }
  auto by_line = [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; };
  if (!rejected.empty()) {
    std::stable_sort(rejected.begin(), rejected.end(), by_line);
    result.batch.rejected = std::move(rejected);
    return result;
  }

  std::vector<Observation> observations;
  std::vector<int> observation_lines;
  if (indicator != nullptr) {
    for (size_t i = 0; i < units.size(); ++i) {
      const Unit& u = units[i];
      if (!population_from_edition[i]) continue;
      if (u.level() != UnitLevel::kKreis && u.level() != UnitLevel::kGemeinde) continue;
      Observation o;
      o.indicator_code = indicator->code;
      o.unit_key = u.key;
      o.period = absl::StrCat(year);
      o.value = static_cast<double>(*u.population);
      o.source = edition.source;
      observations.push_back(std::move(o));
      observation_lines.push_back(lines[i]);
    }
  }

  storage::WriteBatch batch = store_->NewBatch();
  std::unordered_set<uint32_t> pending;
  for (const Unit& u : units) pending.insert(UnitCodeOf(u.key));
  ASSIGN_OR_RETURN(UnitStore::StagedBatch staged, units_->StageBatch(write_lock, units, batch));
  auto line_rejections = [&](std::vector<RowRejection> from, const std::vector<int>& line_of) {
    for (RowRejection& r : from) {
      const int line = line_of[r.index];
      r.index = line;
      if (line > 0) {
        r.status =
            absl::Status(r.status.code(), absl::StrCat("line ", line, ": ", r.status.message()));
      }
    }
    std::stable_sort(from.begin(), from.end(), by_line);
    return from;
  };
  if (!staged.result.applied) {
    result.batch.rejected = line_rejections(std::move(staged.result.rejected), lines);
    return result;
  }
  ObservationStore::StagedIngest ingest;
  if (!observations.empty()) {
    ASSIGN_OR_RETURN(ingest,
                     observations_->StageIngest(write_lock, observations, actor, batch, pending));
    if (!ingest.result.applied) {
      result.batch.rejected = line_rejections(std::move(ingest.result.rejected), observation_lines);
      return result;
    }
  }
  if (batch.Count() > 0) RETURN_IF_ERROR(store_->Write(batch));
  result.batch = staged.result;
  result.observations = ingest.result;
  RETURN_IF_ERROR(units_->CommitStaged(write_lock, std::move(staged)));
  if (!observations.empty()) RETURN_IF_ERROR(observations_->CommitIngest(write_lock, ingest));

  if (!result.ended.empty()) {
    result.notes.push_back(absl::StrCat(
        result.ended.size(),
        " unit(s) of the Länder the edition lists are no longer in it; their validity ends the "
        "day before its Gebietsstand"));
  }
  if (!result.added.empty()) {
    result.notes.push_back(absl::StrCat(
        result.added.size(),
        " unit(s) are new since the stored edition; they are valid from the day after it"));
  }
  if (!result.ended.empty() || !result.added.empty()) {
    result.notes.push_back(
        "the edition states the territory, not the changes: no territorial reform was "
        "recorded. Record mergers and splits from Destatis' list of territorial changes with "
        "integra reform add (docs/io.md, \"Later editions\")");
  }
  return result;
}

}  // namespace integra::monitoring
