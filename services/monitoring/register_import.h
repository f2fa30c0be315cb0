// Import of the official register of territorial units (Destatis Gemeindeverzeichnis GV100AD,
// as cleaned CSV under data/reference/): the Länder, Kreise and Gemeinden files, each detected
// by its header. See data/reference/README.md for columns and type codes. (The official
// products themselves, GV100AD and the Gemeindeverzeichnis-Auszug, are read by the client and
// imported as an edition: register_edition.h.)
//
//   laender.csv                        land_code, name, sitz_landesregierung
//                                      -> the Bund "DG" (Deutschland) and 16 Länder
//   kreise_gv100ad_YYYY-MM-DD.csv      kreis_code, name, kreis_type_code, population, ...
//                                      and, from land_code/land_name and rb_code/rb_name, the
//                                      Länder and Regierungsbezirke it names (name, Gebietsstand;
//                                      Länder without a Regierungsbezirk leave rb_name empty)
//   gemeinden_gv100ad_YYYY-MM-DD.csv   ags, name, gemeinde_type_code, population, ... and the
//                                      Gemeindeverband (verband_ars, verband_name,
//                                      verband_type_code, verband_type) when the file has it
//
// Type codes: Gemeinde 61/62 -> KREISFREIE_STADT, 60/63/64/67 -> KREISANGEHOERIGE_GEMEINDE,
// 65/66 -> GEMEINDEFREIES_GEBIET; Kreis 41/42 -> KREISFREIE_STADT, 43/44/45 -> LANDKREIS. The
// register's own code and text are kept on the unit.
//
// A register file replaces what it states about a unit and keeps the rest of the stored unit:
// its validity period (set by reforms and editions), its degree of urbanisation (DEGURBA: only
// the Gemeindeverzeichnis-Auszug states it), and whatever columns the file lacks (the Länder
// file has no Gebietsstand, population or area; the Gemeinden file no seat). KeepUncarried.
//
// Gebietsstand: the `gebietsstand` column (YYYYMMDD), or RegisterImportOptions::gebietsstand
// (integra unit import --gebietsstand) for every row, Länder included.
//
// Population date (population_year: the population of 31 Dec of that year), first that applies:
//   1. RegisterImportOptions::population_date (integra unit import --population-date);
//   2. a `population_date` column of the file (YYYY-MM-DD or YYYYMMDD), row by row;
//   3. the documented GV100AD convention (../shared/data/README.md, data/reference/README.md):
//      31 Dec of the year before the Gebietsstand's year; the result's notes say so.
// The date must be a 31 December (integra records populations at 31.12.); other dates are refused.
//
// A Kreise or Gemeinden row without population (an empty cell, or no population column) for a
// unit whose stored record has one is REFUSED (line, column and unit named): importing it would
// erase the population and with it the size class and peer groups. With keep_population
// (--keep-population) the stored population and its year are kept and a note counts them.
// Units not yet stored may come without population (unknown).
//
// Thread-safe (pure parsing; the UnitStore is thread-safe).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/monitoring/unit_store.h"

namespace integra::monitoring {

enum class RegisterKind { kLaender, kKreise, kGemeinden };
std::string RegisterKindName(RegisterKind kind);  // "laender", "kreise", "gemeinden"

// The unit fields a register product states; KeepUncarried takes the others from the stored
// unit. The validity period (valid_from, valid_to) is never a register file's: it is always kept.
struct CarriedFields {
  bool seat = false;
  bool territory_date = false;
  bool population = false;  // population and population_year
  bool area = false;
  bool degurba = false;
  bool verband = false;  // the four verband_* fields
};
// The fields of `u` that `carried` does not name, and its validity period, from `stored`.
void KeepUncarried(const Unit& stored, const CarriedFields& carried, Unit& u);

// The fields a unit file has no column for (ImportUnitsBatchRequest.absent_fields: seat,
// territory_date, population, area, degurba, verband, official_type, validity), as a set.
struct AbsentUnitFields {
  CarriedFields carried{.seat = true,
                        .territory_date = true,
                        .population = true,
                        .area = true,
                        .degurba = true,
                        .verband = true};
  bool official_type = false;  // absent
  bool validity = false;       // absent
};
// InvalidArgument naming an unknown field.
absl::StatusOr<AbsentUnitFields> ParseAbsentUnitFields(const std::vector<std::string>& names);
// `u` with the absent fields from `stored`.
void KeepAbsent(const Unit& stored, const AbsentUnitFields& absent, Unit& u);

// Register type code -> integra's type (the code and text stay on the unit):
// Gemeinde 60-67 (Textkennzeichen), Kreis 41-45. InvalidArgument naming the expected range.
absl::StatusOr<UnitType> GemeindeTypeOfCode(const std::string& code);
absl::StatusOr<UnitType> KreisTypeOfCode(const std::string& code);
// The register's text of a type code, as in the GV100AD record description (Textkennzeichen):
// 41 "Kreisfreie Stadt", 42 "Stadtkreis", 43 "Kreis", 44 "Landkreis", 45 "Regionalverband",
// 50 "Verbandsfreie Gemeinde", 51 "Amt", ..., 58 "Erfüllende Gemeinde", 60 "Markt", ...,
// 67 "Große Kreisstadt". "" for an unknown code.
std::string RegisterTypeText(const std::string& code);

struct RegisterImportOptions {
  // "YYYY-MM-DD", a 31 December: the population date of every row ("" = from the file or the
  // GV100AD convention, see above).
  std::string population_date;
  // Rows without population keep the stored unit's population instead of being refused.
  bool keep_population = false;
  // "YYYY-MM-DD": the Gebietsstand of every row, overriding the file's column ("" = the file's).
  std::string gebietsstand;
};

struct RegisterRows {
  RegisterKind kind = RegisterKind::kLaender;
  std::vector<Unit> units;
  std::vector<int> lines;              // lines[i]: the file line units[i] came from
  std::vector<RowRejection> rejected;  // index = file line (1-based; the header is line 1)
  int data_rows = 0;                   // rows below the header
  CarriedFields carried;               // what the file states about its units
  // Kreise file: the keys of the Länder and Regierungsbezirke among `units`, which the file
  // states less of than its Kreise (name, type, Gebietsstand).
  std::set<std::string> named_by_kreise;
  bool has_population_column = false;  // Kreise, Gemeinden
  std::vector<std::string> notes;      // e.g. which population date convention was applied
};

// Parses a register file. InvalidArgument if the header matches none of the three files (the
// message lists the columns each needs), the CSV is malformed, options.population_date is not a
// 31 December date or options.gebietsstand no date; rows that fail to parse (bad number or date,
// unknown type code, wrong column count, a Regierungsbezirk named two ways) are collected in
// `rejected`.
absl::StatusOr<RegisterRows> ParseRegister(std::string_view csv,
                                           const RegisterImportOptions& options = {});

struct RegisterImportResult {
  RegisterKind kind = RegisterKind::kLaender;
  int rows = 0;                    // data rows in the file
  UnitBatchResult batch;           // rejections indexed by file line
  std::vector<std::string> notes;  // to show the user: dates applied, populations kept
};

// Parses and stores a register file as one atomic batch: if any row is rejected (while parsing,
// by the population rule above, or by the store, e.g. its parent Kreis is not registered),
// nothing is written. The stored populations are read before the batch is written, outside the
// write lock: a population written by someone else in between is overwritten as by any import.
absl::StatusOr<RegisterImportResult> ImportRegister(UnitStore& store, std::string_view csv,
                                                    const RegisterImportOptions& options = {});

}  // namespace integra::monitoring
