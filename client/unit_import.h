// What `integra unit import FILE` sends: the file told apart by its content (client/io/
// register_editions.h DetectRegisterFormat) and turned into one ImportUnitsRequest:
//   GV100AD, Gemeindeverzeichnis-Auszug (CSV or XLSX) -> read here into a RegisterEdition (records,
//                                                reference dates, population observations)
//   anything else                             -> register_csv, read by the service
//                                                (laender.csv, kreise_gv100ad_*.csv, ...)
// Kept apart from the command so that tests build exactly the request the CLI sends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "integra/v1/monitoring.pb.h"

namespace integra::cli {

// The flags of `integra unit import` (docs/io.md "integra unit import").
struct UnitImportFlags {
  std::string encoding;         // --encoding utf8|latin1 ("" = utf8)
  std::string decimal;          // "comma" (--decimal-comma), "point" (--decimal-point) or ""
  std::string delimiter;        // --delimiter ,|;|tab (Auszug CSV; "" = from its header row)
  std::string sheet;            // --sheet NAME (Auszug XLSX; "" = Onlineprodukt_Gemeinden...)
  std::string gebietsstand;     // --gebietsstand YYYY-MM-DD
  std::string population_date;  // --population-date YYYY-MM-DD
  bool keep_population = false;
  // --population-indicator CODE|none; unset = the product's default (Auszug: BEV_INSGESAMT,
  // GV100AD: none).
  std::optional<std::string> population_indicator;
};

// The observations' source for each product (the attribution the data carries).
inline constexpr char kGv100adSource[] =
    "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, dl-de/by-2-0";
inline constexpr char kGvAuszugSource[] =
    "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys "
    "(Gemeindeverzeichnis-Auszug), dl-de/by-2-0";
// The indicator an Auszug's populations go to unless --population-indicator says otherwise
// (defined in data/demo/indicators.csv).
inline constexpr char kDefaultPopulationIndicator[] = "BEV_INSGESAMT";

struct PreparedUnitImport {
  std::string format;  // "gv100ad", "gv-auszug", "register-csv"
  v1::ImportUnitsRequest request;
  std::vector<std::string> notes;     // reference dates applied, records skipped
  std::vector<std::string> problems;  // malformed records, "line N, column C: reason"
  int64_t problem_count = 0;          // all of them (problems keeps the first 1000)
};

// Reads `data` (the file's bytes). InvalidArgument for bad flags, a file that cannot be read as
// its format (encoding, no header, ...) or reference dates that are neither stated, implied nor
// given (the message names the options). Malformed records are `problems`: send nothing then.
absl::StatusOr<PreparedUnitImport> PrepareUnitImport(const std::string& data,
                                                     const UnitImportFlags& flags);
// The file at `path`: an XLSX workbook (told by its ZIP signature) is read as the Auszug's
// workbook (client/io/register_editions.h ReadGvAuszugXlsx), an Excel 97-2003 or encrypted one
// is refused with what to do; anything else is read and handed to PrepareUnitImport. NotFound
// when the file cannot be read.
absl::StatusOr<PreparedUnitImport> PrepareUnitImportFile(const std::string& path,
                                                         const UnitImportFlags& flags);

}  // namespace integra::cli
