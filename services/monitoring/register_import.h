// Import of the official register of territorial units (Destatis Gemeindeverzeichnis GV100AD,
// as cleaned CSV under data/reference/): the Länder, Kreise and Gemeinden files, each detected
// by its header. See data/reference/README.md for columns and type codes.
//
//   laender.csv                        land_code, name, sitz_landesregierung
//                                      -> the Bund "DG" (Deutschland) and 16 Länder
//   kreise_gv100ad_YYYY-MM-DD.csv      kreis_code, name, kreis_type_code, population, ...
//   gemeinden_gv100ad_YYYY-MM-DD.csv   ags, name, gemeinde_type_code, population, ...
//
// Type codes: Gemeinde 61/62 -> KREISFREIE_STADT, 60/63/64/67 -> KREISANGEHOERIGE_GEMEINDE,
// 65/66 -> GEMEINDEFREIES_GEBIET; Kreis 41/42 -> KREISFREIE_STADT, 43/44/45 -> LANDKREIS. The
// register's own code and text are kept on the unit. Population refers to 31 Dec of the year
// before the territorial status date (gebietsstand), as in the GV100AD annual editions.
//
// Thread-safe (pure parsing; the UnitStore is thread-safe).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/monitoring/unit_store.h"

namespace integra::monitoring {

enum class RegisterKind { kLaender, kKreise, kGemeinden };
std::string RegisterKindName(RegisterKind kind);  // "laender", "kreise", "gemeinden"

struct RegisterRows {
  RegisterKind kind = RegisterKind::kLaender;
  std::vector<Unit> units;
  std::vector<int> lines;              // lines[i]: the file line units[i] came from
  std::vector<RowRejection> rejected;  // index = file line (1-based; the header is line 1)
};

// Parses a register file. InvalidArgument if the header matches none of the three files (the
// message lists the columns each needs) or the CSV is malformed; rows that fail to parse (bad
// number, unknown type code, wrong column count) are collected in `rejected`.
absl::StatusOr<RegisterRows> ParseRegister(std::string_view csv);

struct RegisterImportResult {
  RegisterKind kind = RegisterKind::kLaender;
  int rows = 0;           // data rows in the file
  UnitBatchResult batch;  // rejections indexed by file line
};

// Parses and stores a register file as one atomic batch: if any row is rejected (while parsing
// or by the store, e.g. its parent Kreis is not registered), nothing is written.
absl::StatusOr<RegisterImportResult> ImportRegister(UnitStore& store, std::string_view csv);

}  // namespace integra::monitoring
