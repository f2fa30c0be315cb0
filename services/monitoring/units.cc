#include "services/monitoring/units.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/message.h"
#include "services/monitoring/calendar.h"

namespace integra::monitoring {
namespace {

constexpr UnitType kAllUnitTypes[] = {UnitType::kBund,
                                      UnitType::kLand,
                                      UnitType::kStadtstaat,
                                      UnitType::kRegierungsbezirk,
                                      UnitType::kKreisfreieStadt,
                                      UnitType::kLandkreis,
                                      UnitType::kKreisangehoerigeGemeinde,
                                      UnitType::kGemeindefreiesGebiet};
constexpr UnitLevel kAllLevels[] = {UnitLevel::kBund, UnitLevel::kLand,
                                    UnitLevel::kRegierungsbezirk, UnitLevel::kKreis,
                                    UnitLevel::kGemeinde};
constexpr SizeClass kAllSizeClasses[] = {SizeClass::kGrossstadt, SizeClass::kMittelstadt,
                                         SizeClass::kKleinstadt, SizeClass::kLandgemeinde,
                                         SizeClass::kNotApplicable};

bool IsStadtstaat(const std::string& land) { return land == "02" || land == "04" || land == "11"; }

// LL000 is a Kreis only where the Land is a single city: Hamburg and Berlin.
bool HasKreisZero(const std::string& land) { return land == "02" || land == "11"; }

std::string Names(auto&& all, auto&& name) {
  std::string out;
  for (auto v : all) absl::StrAppend(&out, out.empty() ? "" : ", ", name(v));
  return out;
}

}  // namespace

std::string UnitLevelName(UnitLevel level) {
  switch (level) {
    case UnitLevel::kBund:
      return "bund";
    case UnitLevel::kLand:
      return "land";
    case UnitLevel::kRegierungsbezirk:
      return "regierungsbezirk";
    case UnitLevel::kKreis:
      return "kreis";
    case UnitLevel::kGemeinde:
      return "gemeinde";
  }
  return "unknown";
}

std::string UnitTypeName(UnitType type) {
  switch (type) {
    case UnitType::kBund:
      return "BUND";
    case UnitType::kLand:
      return "LAND";
    case UnitType::kStadtstaat:
      return "STADTSTAAT";
    case UnitType::kRegierungsbezirk:
      return "REGIERUNGSBEZIRK";
    case UnitType::kKreisfreieStadt:
      return "KREISFREIE_STADT";
    case UnitType::kLandkreis:
      return "LANDKREIS";
    case UnitType::kKreisangehoerigeGemeinde:
      return "KREISANGEHOERIGE_GEMEINDE";
    case UnitType::kGemeindefreiesGebiet:
      return "GEMEINDEFREIES_GEBIET";
  }
  return "UNKNOWN";
}

std::string SizeClassName(SizeClass size) {
  switch (size) {
    case SizeClass::kNotApplicable:
      return "NOT_APPLICABLE";
    case SizeClass::kGrossstadt:
      return "GROSSSTADT";
    case SizeClass::kMittelstadt:
      return "MITTELSTADT";
    case SizeClass::kKleinstadt:
      return "KLEINSTADT";
    case SizeClass::kLandgemeinde:
      return "LANDGEMEINDE";
  }
  return "UNKNOWN";
}

std::string DegurbaName(Degurba degurba) {
  switch (degurba) {
    case Degurba::kUnknown:
      return "UNKNOWN";
    case Degurba::kStaedte:
      return "STAEDTE";
    case Degurba::kKleinereStaedteUndVororte:
      return "KLEINERE_STAEDTE_UND_VORORTE";
    case Degurba::kLaendlicheGebiete:
      return "LAENDLICHE_GEBIETE";
  }
  return "UNKNOWN";
}

std::string DegurbaLabel(Degurba degurba) {
  switch (degurba) {
    case Degurba::kUnknown:
      return "unbekannt";
    case Degurba::kStaedte:
      return "Städte";
    case Degurba::kKleinereStaedteUndVororte:
      return "kleinere Städte und Vororte";
    case Degurba::kLaendlicheGebiete:
      return "ländliche Gebiete";
  }
  return "unbekannt";
}

absl::StatusOr<Degurba> ParseDegurba(const std::string& text) {
  const std::string t = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text));
  if (t == "1" || t == "01") return Degurba::kStaedte;
  if (t == "2" || t == "02") return Degurba::kKleinereStaedteUndVororte;
  if (t == "3" || t == "03") return Degurba::kLaendlicheGebiete;
  for (Degurba d :
       {Degurba::kStaedte, Degurba::kKleinereStaedteUndVororte, Degurba::kLaendlicheGebiete}) {
    if (t == DegurbaName(d)) return d;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("degree of urbanisation ", common::QuoteForMessage(text),
                   " is not 1 (Städte), 2 (kleinere Städte und Vororte) or 3 (ländliche Gebiete)"));
}

absl::StatusOr<UnitLevel> ParseUnitLevel(const std::string& name) {
  std::string n = absl::AsciiStrToLower(name);
  for (UnitLevel l : kAllLevels) {
    if (UnitLevelName(l) == n) return l;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown unit level ",
                                                 common::QuoteForMessage(name), " (",
                                                 Names(kAllLevels, UnitLevelName), ")"));
}

absl::StatusOr<UnitType> ParseUnitType(const std::string& name) {
  std::string n = absl::AsciiStrToUpper(name);
  for (UnitType t : kAllUnitTypes) {
    if (UnitTypeName(t) == n) return t;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown unit type ",
                                                 common::QuoteForMessage(name), " (",
                                                 Names(kAllUnitTypes, UnitTypeName), ")"));
}

absl::StatusOr<SizeClass> ParseSizeClass(const std::string& name) {
  std::string n = absl::AsciiStrToUpper(name);
  for (SizeClass s : kAllSizeClasses) {
    if (SizeClassName(s) == n) return s;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown size class ",
                                                 common::QuoteForMessage(name), " (",
                                                 Names(kAllSizeClasses, SizeClassName), ")"));
}

absl::StatusOr<UnitKey> ParseUnitKey(const std::string& raw) {
  if (raw == kBundKey || raw == "00" || raw == "dg" || raw == "DE" || raw == "de") {
    return UnitKey{kBundKey, UnitLevel::kBund};
  }
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unit key ", common::QuoteForMessage(raw), " is not valid: ", why,
        " (expected DG or DE for the Bund, LL, LLR, LLRKK, the AGS LLRKKGGG or the ARS "
        "LLRKKVVVVGGG of a Gemeinde)"));
  };
  for (char c : raw) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad("it must consist of digits only");
    }
  }
  std::string key = raw;
  if (raw.size() == 12) key = raw.substr(0, 5) + raw.substr(9, 3);  // ARS -> AGS
  UnitLevel level;
  switch (key.size()) {
    case 2:
      level = UnitLevel::kLand;
      break;
    case 3:
      level = UnitLevel::kRegierungsbezirk;
      break;
    case 5:
      level = UnitLevel::kKreis;
      break;
    case 8:
      level = UnitLevel::kGemeinde;
      break;
    case 9:
      return bad(
          "it has 9 digits, a Gemeindeverband key (LLRKKVVVV); integra keeps no Gemeindeverband "
          "level: give the Gemeinden (8-digit AGS) or the Kreis (LLRKK)");
    default:
      return bad(absl::StrCat("it has ", raw.size(), " digits, not 2, 3, 5, 8 or 12"));
  }
  int land = (key[0] - '0') * 10 + (key[1] - '0');
  if (land < 1 || land > 16) {
    return bad(absl::StrCat("Land ", key.substr(0, 2), " does not exist (01-16)"));
  }
  return UnitKey{key, level};
}

UnitLevel LevelOfKey(const std::string& key) {
  if (key == kBundKey) return UnitLevel::kBund;
  switch (key.size()) {
    case 2:
      return UnitLevel::kLand;
    case 3:
      return UnitLevel::kRegierungsbezirk;
    case 5:
      return UnitLevel::kKreis;
    case 8:
      return UnitLevel::kGemeinde;
    default:
      return UnitLevel::kBund;
  }
}

std::string ParentKey(const std::string& key) {
  if (key == kBundKey) return "";
  switch (key.size()) {
    case 2:
      return kBundKey;
    case 3:
    case 5:
      return key.substr(0, 2);
    case 8: {
      std::string land = key.substr(0, 2);
      if (key.compare(2, 3, "000") == 0 && !HasKreisZero(land)) return land;
      return key.substr(0, 5);
    }
    default:
      return "";
  }
}

uint32_t UnitCodeOf(const std::string& key) {
  uint32_t code = 0;
  for (size_t i = 0; i < 8; ++i) {
    uint32_t nibble = 0xF;
    if (i < key.size() && absl::ascii_isdigit(static_cast<unsigned char>(key[i]))) {
      nibble = static_cast<uint32_t>(key[i] - '0');
    }
    code = (code << 4) | nibble;
  }
  return code;
}

absl::StatusOr<std::string> UnitKeyOfCode(uint32_t code) {
  std::string key;
  bool padding = false;
  for (int i = 7; i >= 0; --i) {
    uint32_t nibble = (code >> (4 * i)) & 0xF;
    if (nibble == 0xF) {
      padding = true;
      continue;
    }
    if (padding || nibble > 9) {
      return absl::DataLossError(absl::StrCat("stored unit code ", code, " is malformed"));
    }
    key.push_back(static_cast<char>('0' + nibble));
  }
  if (key.empty()) return std::string(kBundKey);
  if (key.size() != 2 && key.size() != 3 && key.size() != 5 && key.size() != 8) {
    return absl::DataLossError(
        absl::StrCat("stored unit code ", code, " has ", key.size(), " digits"));
  }
  return key;
}

SizeClass SizeClassOfPopulation(int64_t population) {
  if (population >= 100000) return SizeClass::kGrossstadt;
  if (population >= 20000) return SizeClass::kMittelstadt;
  if (population >= 5000) return SizeClass::kKleinstadt;
  return SizeClass::kLandgemeinde;
}

SizeClass Unit::size_class() const {
  if (!population.has_value()) return SizeClass::kNotApplicable;
  UnitLevel l = level();
  bool town = (l == UnitLevel::kGemeinde && type != UnitType::kGemeindefreiesGebiet) ||
              (l == UnitLevel::kKreis && type == UnitType::kKreisfreieStadt);
  return town ? SizeClassOfPopulation(*population) : SizeClass::kNotApplicable;
}

std::string TwinKeyOf(const std::string& key, UnitType type) {
  if (type != UnitType::kKreisfreieStadt) return "";
  if (key.size() == 5) return key + "000";
  if (key.size() == 8) return key.substr(0, 5);
  return "";
}

std::string Unit::ars() const {
  if (key.size() != 8 || verband_key.size() != 9) return "";
  return verband_key + key.substr(5, 3);
}

std::optional<UnitType> DefaultTypeForKey(const std::string& key) {
  switch (LevelOfKey(key)) {
    case UnitLevel::kBund:
      return UnitType::kBund;
    case UnitLevel::kLand:
      return IsStadtstaat(key) ? UnitType::kStadtstaat : UnitType::kLand;
    case UnitLevel::kRegierungsbezirk:
      return UnitType::kRegierungsbezirk;
    default:
      return std::nullopt;
  }
}

absl::Status NormalizeUnit(Unit& unit) {
  auto parsed = ParseUnitKey(unit.key);
  if (!parsed.ok()) return parsed.status();
  unit.key = parsed->key;
  if (absl::StripAsciiWhitespace(unit.name).empty()) {
    return absl::InvalidArgumentError(absl::StrCat("unit ", unit.key, " has no name"));
  }
  auto wrong_type = [&](const std::string& allowed) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unit ", unit.key, " (", UnitLevelName(parsed->level), " level) cannot be of type ",
        UnitTypeName(unit.type), "; allowed: ", allowed));
  };
  switch (parsed->level) {
    case UnitLevel::kBund:
      if (unit.type != UnitType::kBund) return wrong_type("BUND");
      break;
    case UnitLevel::kLand: {
      UnitType expected = IsStadtstaat(unit.key) ? UnitType::kStadtstaat : UnitType::kLand;
      if (unit.type != expected) return wrong_type(UnitTypeName(expected));
      break;
    }
    case UnitLevel::kRegierungsbezirk:
      if (unit.type != UnitType::kRegierungsbezirk) return wrong_type("REGIERUNGSBEZIRK");
      break;
    case UnitLevel::kKreis:
      if (unit.type != UnitType::kKreisfreieStadt && unit.type != UnitType::kLandkreis) {
        return wrong_type("KREISFREIE_STADT, LANDKREIS");
      }
      break;
    case UnitLevel::kGemeinde:
      if (unit.type != UnitType::kKreisfreieStadt &&
          unit.type != UnitType::kKreisangehoerigeGemeinde &&
          unit.type != UnitType::kGemeindefreiesGebiet) {
        return wrong_type("KREISFREIE_STADT, KREISANGEHOERIGE_GEMEINDE, GEMEINDEFREIES_GEBIET");
      }
      if (unit.type == UnitType::kKreisfreieStadt && unit.key.compare(5, 3, "000") != 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("unit ", unit.key,
                         " cannot be a KREISFREIE_STADT: the Gemeinde key of a kreisfreie "
                         "Stadt is its Kreis key followed by 000 (LLRKK000)"));
      }
      break;
  }
  if (unit.population.has_value() && *unit.population < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("unit ", unit.key, " has a negative population (", *unit.population, ")"));
  }
  if (unit.population_year != 0 && (unit.population_year < 1800 || unit.population_year > 2200)) {
    return absl::InvalidArgumentError(absl::StrCat("unit ", unit.key, " has population year ",
                                                   unit.population_year, " (1800-2200)"));
  }
  if (unit.area_km2.has_value() && (!std::isfinite(*unit.area_km2) || *unit.area_km2 < 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unit ", unit.key, " has an invalid area (must be finite and >= 0)"));
  }
  auto from = ParseDateOr(unit.valid_from, kNoDayBefore, absl::StrCat("valid_from of ", unit.key));
  if (!from.ok()) return from.status();
  auto to = ParseDateOr(unit.valid_to, kNoDayAfter, absl::StrCat("valid_to of ", unit.key));
  if (!to.ok()) return to.status();
  if (*to < *from) {
    return absl::InvalidArgumentError(absl::StrCat("unit ", unit.key, " is valid from ",
                                                   unit.valid_from, " to ", unit.valid_to,
                                                   ": valid_to precedes valid_from"));
  }
  const bool gemeinde = parsed->level == UnitLevel::kGemeinde;
  if (static_cast<uint8_t>(unit.degurba) > static_cast<uint8_t>(Degurba::kLaendlicheGebiete)) {
    return absl::InvalidArgumentError(absl::StrCat("unit ", unit.key,
                                                   " has an unknown degree of urbanisation (",
                                                   static_cast<int>(unit.degurba), "; 1-3)"));
  }
  if (!gemeinde && unit.degurba != Degurba::kUnknown) {
    return absl::InvalidArgumentError(
        absl::StrCat("unit ", unit.key, " is a ", UnitLevelName(parsed->level),
                     ": the degree of urbanisation (DEGURBA) classifies Gemeinden only"));
  }
  if (unit.verband_key.empty()) {
    if (!unit.verband_name.empty() || !unit.verband_type_code.empty() ||
        !unit.verband_type.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit ", unit.key, " names a Gemeindeverband but not its key (LLRKKVVVV)"));
    }
  } else {
    if (!gemeinde) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit ", unit.key, " is a ", UnitLevelName(parsed->level),
                       ": only Gemeinden belong to a Gemeindeverband"));
    }
    bool digits = unit.verband_key.size() == 9;
    for (char c : unit.verband_key)
      digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
    if (!digits || unit.verband_key.compare(0, 5, unit.key, 0, 5) != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unit ", unit.key, ": Gemeindeverband key ", common::QuoteForMessage(unit.verband_key),
          " is not LLRKKVVVV (9 digits starting with the Gemeinde's Kreis ", unit.key.substr(0, 5),
          ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace integra::monitoring
