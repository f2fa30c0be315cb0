// Destatis' official register products, read into plain rows: the Gemeindeverzeichnis GV100AD
// (fixed-width text) and the Gemeindeverzeichnis-Auszug (a spreadsheet: its XLSX sheet, or a
// CSV a user saved from it). The CLI sends the rows to the service as a register edition
// (services/monitoring/register_edition.h does the rest); this layer knows the file layouts,
// encodings, number formats and the reference dates the products state or imply.
//
// GV100AD (layout: docs/io.md "Register editions"): one record per line, 220 characters, sliced
// by CHARACTER (a UTF-8 umlaut is two bytes); UTF-8, or Windows-1252/Latin-1 with
// Encoding::kLatin1, as the CSV readers accept. Satzart 10 Land, 20 Regierungsbezirk, 30 Region,
// 40 Kreis, 50 Gemeindeverband, 60 Gemeinde; each record states its Gebietsstand. Area (ha),
// population and male population only on Satzart 60.
//
// Gemeindeverzeichnis-Auszug: rows of string cells (CSV records, or the rows of its XLSX sheet
// read by client/io/xlsx_reader.h): title rows, a header row starting with "Satzart" (the ARS
// split over Land/RB/Kreis/VB/Gem in a second header row, or a flat header), then one row per
// record of Satzart 10-60, then notes. Each numeric column is read unambiguously on its own:
// whole numbers (populations) may group thousands by space, no-break space, '.' or ','; the
// area's decimal mark is decided by the column's own values, and a column whose values could
// be read either way is refused (never guessed) unless the user names the mark.
//
// Satzart 30 (Regionen of Baden-Württemberg) is left out of the records and counted.
// All functions are pure and thread-safe; a GvAuszugParser is not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "client/io/cells.h"
#include "client/io/csv_error.h"
#include "client/io/csv_reader.h"
#include "client/io/text_encoding.h"

namespace integra::io {

enum class RegisterFormat {
  kGv100ad,      // fixed-width GV100AD
  kGvAuszug,     // a Gemeindeverzeichnis-Auszug saved as CSV
  kRegisterCsv,  // anything else: integra's register CSVs (laender.csv, ...), which the
                 // service reads by their header
};

// Tells the formats apart by content, not by file name: a first line that starts with a
// Satzart (10-60) and an 8-digit Gebietsstand and is at least 100 bytes long is GV100AD; a
// line among the first 40 whose first cell is "Satzart" is an Auszug.
RegisterFormat DetectRegisterFormat(std::string_view data);

// One record of an edition: the service's RegisterRecord.
struct RegisterRecordRow {
  int line = 0;         // file line / sheet row
  int satzart = 0;      // 10, 20, 40, 50, 60
  std::string key;      // 10: LL, 20: LLR, 40: LLRKK, 50: LLRKKVVVV, 60: LLRKKGGG (the AGS)
  std::string verband;  // 60: VVVV
  std::string name;
  std::string seat;       // GV100AD: Sitz der Landesregierung / Verwaltung (10, 20, 40, 50)
  std::string type_code;  // Textkennzeichen (40, 50, 60)
  std::optional<double> area_km2;
  std::optional<int64_t> population;
  std::optional<int64_t> population_male;
  std::optional<int64_t> population_female;
  std::string territory_date;  // Gebietsstand YYYY-MM-DD ("" until ResolveReferenceDates)
  int degurba = 0;             // 1-3, 0 = not stated
  bool operator==(const RegisterRecordRow&) const = default;
};

struct RegisterEditionRows {
  RegisterFormat format = RegisterFormat::kGv100ad;
  std::vector<RegisterRecordRow> records;
  int regions_skipped = 0;  // Satzart 30
  // What the file states for the whole edition ("" = nothing): the Auszug's title rows.
  // (GV100AD states the Gebietsstand in every record and no population date.)
  std::string stated_territory_date;
  std::string stated_population_date;
  // Malformed records: the edition must not be imported while there is one.
  std::vector<CsvError> errors;
  int64_t error_count = 0;
};

// Reads a GV100AD file's bytes. Fatal (InvalidArgument, "line N: ..."): not UTF-8 (with the
// Latin-1 hint), a UTF-8 byte-order mark with kLatin1, UTF-16, no record at all. Malformed lines
// go to `errors`: a Satzart not 10-60, a Gebietsstand that is no date, a key or number field
// that is not digits, a missing name, more than 220 characters (e.g. an umlaut encoded twice),
// a male population above the total.
absl::StatusOr<RegisterEditionRows> ReadGv100ad(std::string_view data, Encoding encoding);

struct GvAuszugOptions {
  // kAuto: each decimal column's mark is decided by its values; kPoint/kComma force it.
  DecimalMark decimal_mark = DecimalMark::kAuto;
};

// The Auszug over rows of string cells, so that any sheet source can feed it.
class GvAuszugParser {
 public:
  explicit GvAuszugParser(GvAuszugOptions options = {}) : options_(options) {}
  // One row of cells with its 1-based line (CSV) or row number (sheet), in order.
  void AddRow(int line, std::vector<std::string> cells);
  // InvalidArgument when the rows are no Auszug: no header row ("Satzart" in the first cell),
  // a required column missing (Satzart, Textkennzeichen, Land, RB, Kreis, VB, Gem,
  // Gemeindename), two columns read as the same field, two different dates of one kind in the
  // title rows. Cells that do not parse go to `errors` (an ambiguous decimal column: one error
  // naming its first ambiguous cell).
  absl::StatusOr<RegisterEditionRows> Finish();

 private:
  struct Row {
    int line;
    std::vector<std::string> cells;
  };
  GvAuszugOptions options_;
  std::vector<Row> before_header_;
  std::vector<Row> header_;  // the "Satzart" row and the header rows under it
  std::vector<Row> data_;
  bool in_data_ = false;
};

// Reads a CSV saved from the Auszug (delimiter found on its header row unless given; encodings
// and byte-order mark as CsvReader) through GvAuszugParser.
absl::StatusOr<RegisterEditionRows> ReadGvAuszugCsv(std::string data, const CsvOptions& csv,
                                                    const GvAuszugOptions& options);

// Reads the Auszug's XLSX workbook (xlsx_reader.h) through GvAuszugParser: the sheet `sheet`
// (compared as Excel does), or else the one whose name starts with "Onlineprodukt_Gemeinden"
// (Destatis names it so, with the date), or else the only worksheet. Line numbers are the
// sheet's row numbers. Number cells come as the XLSX reader writes them (decimal comma unless
// options.decimal_mark is kPoint). InvalidArgument when no sheet qualifies (the message lists
// the sheets and names --sheet), and the errors of XlsxWorkbook::Open / OpenSheet.
absl::StatusOr<RegisterEditionRows> ReadGvAuszugXlsx(const std::string& path,
                                                     const std::string& sheet,
                                                     const GvAuszugOptions& options);

// The reference dates of an edition (docs/io.md "Reference dates"). Dates as YYYY-MM-DD or
// DD.MM.YYYY; "" = not given.
struct ReferenceDateOptions {
  std::string gebietsstand;     // --gebietsstand: every record's Gebietsstand
  std::string population_date;  // --population-date: a 31 December
};
struct ReferenceDates {
  std::string population_date;     // YYYY-MM-DD ("" when no record has a population)
  std::vector<std::string> notes;  // which date came from where; printed for the user
};
// Fills every record's Gebietsstand and decides the population date:
//   1. an option always wins (--gebietsstand, --population-date);
//   2. else what the file states (GV100AD: each record's Gebietsstand; the Auszug: its title);
//   3. else a documented convention of the product, applied and named in the notes (GV100AD:
//      population = 31.12. of the year before the Gebietsstand's year);
//   4. else InvalidArgument naming what is missing and both options.
// InvalidArgument too for a malformed date option, a population date that is no 31 December,
// and GV100AD records with Gebietsstände of different years and no --population-date.
absl::StatusOr<ReferenceDates> ResolveReferenceDates(RegisterEditionRows& rows,
                                                     const ReferenceDateOptions& options);

}  // namespace integra::io
