// Writes GV100AD files in Destatis' fixed-width layout (docs/io.md "Register editions"), for
// tests and the fixture generator: from integra's register CSVs (data/reference/, which were
// parsed from the official file) back to the records they came from, so that a test can import
// the same register both ways and compare.
//
// Layout, 0-based CHARACTER positions, 220 characters per record:
//   [0,2) Satzart | [2,10) Gebietsstand YYYYMMDD | [10,22) key: 10: LL, 20: LLR, 40: LLRKK,
//   50: LLRKK + 3 blanks + VVVV, 60: LLRKKGGG + VVVV (left-aligned, blank-padded) |
//   [22,72) name | [72,122) seat (10, 20, 40, 50) | [122,124) Textkennzeichen (40, 50, 60) |
//   [124,128) blank | 60 only: [128,139) area in ha, [139,150) population, [150,161) male
//   population (zero-padded) | [161,165) blank | [165,170) postcode | [170,175) "*****" when
//   the Gemeinde has several postcodes | blank to 220.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::testing {

struct GvRecord {
  int satzart = 60;
  std::string key;      // 10: LL, 20: LLR, 40: LLRKK, 50: LLRKKVVVV, 60: LLRKKGGG
  std::string verband;  // 60: VVVV
  std::string name;
  std::string seat;
  std::string type_code;  // 40, 50, 60
  int64_t area_ha = 0;    // 60
  int64_t population = 0;
  int64_t male = 0;
  std::string plz;
  bool plz_unique = true;
};

// The register of data/reference/ as GV100AD records, in the file's order (by key; a Land, its
// Regierungsbezirke, each Kreis, each Gemeindeverband, its Gemeinden). Regierungsbezirke only
// where the Kreise file names one; Gemeindeverbände from the Gemeinden file.
absl::StatusOr<std::vector<GvRecord>> GvRecordsFromReferenceCsvs(const std::string& laender_csv,
                                                                 const std::string& kreise_csv,
                                                                 const std::string& gemeinden_csv);

// One record as a line of exactly 220 characters (no line end). `gebietsstand`: YYYYMMDD.
// Fails the test (ADD_FAILURE) and returns "" if a field does not fit its width.
std::string GvLine(const GvRecord& record, const std::string& gebietsstand);

// The whole file: one line per record, CRLF line ends (the reader takes LF as well).
std::string GvFile(const std::vector<GvRecord>& records, const std::string& gebietsstand);

// The same records as a Gemeindeverzeichnis-Auszug saved from Excel as CSV (';', German number
// format; docs/io.md "Gemeindeverzeichnis-Auszug"): title rows, the two header rows (the ARS
// split over Land | RB | Kreis | VB | Gem), a blank row, one row per record, notes below.
// Land, Regierungsbezirk and Kreis rows carry the sums of their Gemeinden. Postcodes come from
// the records; coordinates and Reisegebiete are left empty. DEGURBA is TEST DATA (no source for
// it is in data/reference/): 1 for a density of at least 1,500 inhabitants per km², 2 from 300,
// 3 below; uninhabited areas have none.
struct AuszugCsvOptions {
  bool bom = true;
  // Title rows: "Alle politisch selbständigen Gemeinden mit ausgewählten Merkmalen am <title_date>
  // (4. Quartal)" and "Bevölkerungsstand: <population_date>" ("" leaves that row out).
  std::string title_date = "31.12.2023";
  std::string population_date = "31.12.2022";
  // Thousands separators of the whole numbers: every other row a no-break space (U+00A0) instead
  // of a space.
  bool alternate_nbsp = true;
};
std::string GvAuszugCsv(const std::vector<GvRecord>& records, const AuszugCsvOptions& options);

// The same as the Auszug's XLSX workbook at `path`: a cover sheet "Deckblatt", then the sheet
// "Onlineprodukt_Gemeinden<title date without dots>" with the rows of GvAuszugCsv; Satzart, keys
// and DEGURBA as text cells, areas and populations as number cells (as programs reading
// Destatis' file find them). Fails the test if libxlsxwriter does.
void WriteGvAuszugXlsx(const std::string& path, const std::vector<GvRecord>& records,
                       const AuszugCsvOptions& options);

}  // namespace integra::testing
