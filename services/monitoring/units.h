// Territorial units: Bund, Länder, (Regierungsbezirke,) Kreise and Gemeinden, keyed by their
// official German keys.
//
//   Bund              "DG"        (Destatis' code for Deutschland; "00" is accepted as an alias)
//   Land              LL          2 digits, 01-16
//   Regierungsbezirk  LLR         3 digits (optional level; not part of the roll-up hierarchy)
//   Kreis             LLRKK       5 digits
//   Gemeinde (AGS)    LLRKKGGG    8 digits
//
// The hierarchy Gemeinde -> Kreis -> Land -> Bund follows from the key (see ParentKey). Two
// special cases, both documented in docs/monitoring.md:
//  * The condominium areas 07000999 and 13000999 have no Kreis (Kreis digits 000): their parent is
//    the Land. LL000 is a real Kreis only in Hamburg (02000) and Berlin (11000).
//  * A kreisfreie Stadt is both a Kreis (LLRKK) and a Gemeinde (LLRKK000). integra keeps both
//    units, with the same name, population and area: Kreis-level data (INKAR) go to the 5-digit
//    key, Gemeinde-level data (Zensus) to the 8-digit key; TwinKey links them.
//
// Persisted enums carry explicit values: never renumber, only append.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace integra::monitoring {

inline constexpr char kBundKey[] = "DG";

// The level of a unit, implied by the length of its key. Persisted in observation keys.
enum class UnitLevel : uint8_t {
  kBund = 1,
  kLand = 2,
  kRegierungsbezirk = 3,
  kKreis = 4,
  kGemeinde = 5,
};

// What kind of unit it is. Persisted: never renumber.
enum class UnitType : uint8_t {
  kBund = 1,
  kLand = 2,
  kStadtstaat = 3,  // Berlin, Hamburg, Bremen (Land level)
  kRegierungsbezirk = 4,
  kKreisfreieStadt = 5,           // Kreis level and, with key LLRKK000, Gemeinde level
  kLandkreis = 6,                 // incl. "Kreis" (43) and Regionalverband Saarbrücken (45)
  kKreisangehoerigeGemeinde = 7,  // incl. Stadt, Markt, Große Kreisstadt
  kGemeindefreiesGebiet = 8,      // unincorporated area (forests, lakes, coastal waters)
};

// BBSR size class of a town or municipality by population (Stadt- und Gemeindetyp, population
// criterion only). Persisted in no key; values are stable anyway.
enum class SizeClass : uint8_t {
  kNotApplicable = 0,  // Land, Landkreis, gemeindefreies Gebiet, or population unknown
  kGrossstadt = 1,     // >= 100,000
  kMittelstadt = 2,    // 20,000 - 99,999
  kKleinstadt = 3,     // 5,000 - 19,999
  kLandgemeinde = 4,   // < 5,000
};

std::string UnitLevelName(UnitLevel level);  // "bund", "land", "regierungsbezirk", ...
std::string UnitTypeName(UnitType type);     // "BUND", "LAND", "KREISFREIE_STADT", ...
std::string SizeClassName(SizeClass size);   // "GROSSSTADT", ..., "NOT_APPLICABLE"
// Degree of urbanisation of a Gemeinde (Eurostat DEGURBA, "Grad der Verstädterung" in the
// Gemeindeverzeichnis). The values are the official codes. Persisted: never renumber.
enum class Degurba : uint8_t {
  kUnknown = 0,
  kStaedte = 1,                    // Städte (dicht besiedelte Gebiete)
  kKleinereStaedteUndVororte = 2,  // kleinere Städte und Vororte (mittlere Besiedlungsdichte)
  kLaendlicheGebiete = 3,          // ländliche Gebiete (dünn besiedelte Gebiete)
};

std::string DegurbaName(Degurba degurba);   // "STAEDTE", ..., "UNKNOWN"
std::string DegurbaLabel(Degurba degurba);  // German: "Städte", "kleinere Städte und Vororte", ...
// "1"-"3" (also "01"-"03", the Gemeindeverzeichnis' form) or a DegurbaName, case-insensitive.
// InvalidArgument listing the values otherwise; "0" and "" are not accepted.
absl::StatusOr<Degurba> ParseDegurba(const std::string& text);

// Case-insensitive. InvalidArgument listing the valid names otherwise.
absl::StatusOr<UnitLevel> ParseUnitLevel(const std::string& name);
absl::StatusOr<UnitType> ParseUnitType(const std::string& name);
absl::StatusOr<SizeClass> ParseSizeClass(const std::string& name);

// A syntactically valid, canonical unit key.
struct UnitKey {
  std::string key;  // canonical: "DG" or 2/3/5/8 digits (never "DE" or an ARS)
  UnitLevel level = UnitLevel::kBund;
};

// Validates and canonicalises a key. The one place where key forms are accepted:
//   "DG" (stored Bund key), "DE", "de", "dg", "00"      -> "DG"
//   LL, LLR, LLRKK, LLRKKGGG (AGS: 2, 3, 5, 8 digits)  -> themselves
//   LLRKKVVVVGGG (12-digit ARS, Amtlicher Regionalschlüssel: Land 2, Regierungsbezirk 1,
//   Kreis 2, Gemeindeverband 4, Gemeinde 3)           -> the AGS LLRKKGGG (first 5 + last 3)
// A Kreis written as a zero-padded ARS (LLRKK0000000) therefore becomes LLRKK000, the
// Gemeinde of a kreisfreie Stadt (the same territory); a Landkreis has no such Gemeinde and
// is refused when the key is looked up. A 9-digit Gemeindeverband key (LLRKKVVVV) is refused:
// integra keeps no Gemeindeverband level. InvalidArgument with the reason: wrong length,
// non-digits, unknown Land (not 01-16).
absl::StatusOr<UnitKey> ParseUnitKey(const std::string& raw);

// The level implied by a canonical key's length.
UnitLevel LevelOfKey(const std::string& canonical_key);

// The parent in the roll-up hierarchy Gemeinde -> Kreis -> Land -> Bund (a Regierungsbezirk's
// parent is its Land); "" for the Bund. `canonical_key` must come from ParseUnitKey.
std::string ParentKey(const std::string& canonical_key);

// The 4-byte code used in observation keys: the key's digits as packed BCD, padded with 0xF
// nibbles ("01001" -> 0x01001FFF, "DG" -> 0xFFFFFFFF). Injective and decodable without a table,
// and keys sharing a digit prefix share the code's leading nibbles.
uint32_t UnitCodeOf(const std::string& canonical_key);
// Inverse of UnitCodeOf; DataLoss if the code holds non-digit nibbles before the padding.
absl::StatusOr<std::string> UnitKeyOfCode(uint32_t code);

// The population classes of the BBSR scheme.
SizeClass SizeClassOfPopulation(int64_t population);

// The other key of a kreisfreie Stadt (LLRKK <-> LLRKK000) of this key and type, "" for every
// other unit.
std::string TwinKeyOf(const std::string& key, UnitType type);

struct Unit {
  std::string key;   // canonical key
  std::string name;  // official name, e.g. "Flensburg, Stadt"
  UnitType type = UnitType::kKreisangehoerigeGemeinde;
  std::optional<int64_t> population;  // inhabitants at 31 Dec of population_year
  int32_t population_year = 0;        // 0 = unknown
  std::optional<double> area_km2;     // area at the territorial status date
  std::string territory_date;         // Gebietsstand, "YYYY-MM-DD" ("" = unknown)
  std::string seat;                   // seat of the administration / government (Kreise, Länder)
  std::string official_type_code;     // register type code, e.g. "63" (Stadt), "44" (Landkreis)
  std::string official_type;          // register type text, e.g. "Große Kreisstadt"
  // Validity period ("YYYY-MM-DD", inclusive; "" = open): a unit merged away in a territorial
  // reform keeps its key and its data but gets a valid_to; a unit created by one gets a
  // valid_from. Peer sets of a period contain only the units valid during it.
  std::string valid_from;
  std::string valid_to;
  // Gemeinden only (NormalizeUnit refuses them elsewhere), as the Gemeindeverzeichnis states
  // them; empty / kUnknown = not known. The degree of urbanisation is a peer dimension
  // (peer_resolver.h).
  Degurba degurba = Degurba::kUnknown;
  // The Gemeindeverband (Amt, Samtgemeinde, Verbandsgemeinde, Verwaltungsgemeinschaft, ... or
  // the Gemeinde itself when verbandsfrei) the Gemeinde belongs to. integra keeps no
  // Gemeindeverband level (ParseUnitKey refuses 9-digit keys): the Verband is an attribute of
  // its Gemeinden. Key LLRKKVVVV (the Gemeinde's Kreis, then the Verband's 4 digits), name,
  // register type code (50 verbandsfreie Gemeinde, 51 Amt, ..., 58 erfüllende Gemeinde) and text.
  std::string verband_key;
  std::string verband_name;
  std::string verband_type_code;
  std::string verband_type;

  UnitLevel level() const { return LevelOfKey(key); }
  std::string parent_key() const { return ParentKey(key); }
  // BBSR size class: for Gemeinden (not gemeindefreie Gebiete) and kreisfreie Städte at Kreis
  // level, from population; kNotApplicable otherwise (a Landkreis of 300,000 is no Großstadt).
  SizeClass size_class() const;
  // The other key of a kreisfreie Stadt (LLRKK <-> LLRKK000), "" for every other unit.
  std::string twin_key() const { return TwinKeyOf(key, type); }
  // The 12-digit Amtlicher Regionalschlüssel LLRKKVVVVGGG of a Gemeinde whose Verband is known,
  // "" otherwise.
  std::string ars() const;
  bool operator==(const Unit&) const = default;
};

// Canonicalises the key in place and checks the unit: name present, type consistent with the
// key's level (e.g. an 8-digit key cannot be a LANDKREIS; STADTSTAAT exactly for 02, 04, 11; a
// Gemeinde of type KREISFREIE_STADT has key LLRKK000), population and area not negative and
// finite, validity dates well-formed with valid_from <= valid_to, DEGURBA and Gemeindeverband
// only on Gemeinden (the Verband key: 9 digits starting with the Gemeinde's Kreis key, and a
// name or type only with a key). InvalidArgument with the reason.
absl::Status NormalizeUnit(Unit& unit);

// The type a unit at this key has when none is given: BUND, LAND/STADTSTAAT, REGIERUNGSBEZIRK;
// nullopt for Kreise and Gemeinden (their type must be stated).
std::optional<UnitType> DefaultTypeForKey(const std::string& canonical_key);

}  // namespace integra::monitoring
