#include "client/unit_import.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "client/io/record_source.h"
#include "client/io/register_editions.h"
#include "client/io/text_encoding.h"

namespace integra::cli {
namespace {

v1::RegisterRecord ToProto(const io::RegisterRecordRow& r) {
  v1::RegisterRecord out;
  out.set_line(r.line);
  out.set_satzart(r.satzart);
  out.set_key(r.key);
  out.set_verband(r.verband);
  out.set_name(r.name);
  out.set_seat(r.seat);
  out.set_type_code(r.type_code);
  if (r.area_km2.has_value()) out.set_area_km2(*r.area_km2);
  if (r.population.has_value()) out.set_population(*r.population);
  out.set_territory_date(r.territory_date);
  out.set_degurba(static_cast<v1::Degurba>(r.degurba));  // same values: the official codes
  return out;
}

io::GvAuszugOptions AuszugOptions(const UnitImportFlags& flags) {
  io::GvAuszugOptions auszug;
  if (flags.decimal == "comma") auszug.decimal_mark = io::DecimalMark::kComma;
  if (flags.decimal == "point") auszug.decimal_mark = io::DecimalMark::kPoint;
  return auszug;
}

// The edition request from rows read by one of the product readers.
absl::StatusOr<PreparedUnitImport> FromRows(absl::StatusOr<io::RegisterEditionRows> rows,
                                            const UnitImportFlags& flags, bool gv100ad) {
  PreparedUnitImport out;
  out.format = gv100ad ? "gv100ad" : "gv-auszug";
  if (!rows.ok()) return rows.status();
  for (const io::CsvError& e : rows->errors) out.problems.push_back(e.ToString());
  out.problem_count = rows->error_count;
  if (rows->regions_skipped > 0) {
    out.notes.push_back(absl::StrCat(
        rows->regions_skipped,
        " record(s) of Satzart 30 (Region, Baden-Württemberg) skipped: planning regions are "
        "no level of integra's register"));
  }
  if (out.problem_count > 0) return out;
  auto dates = io::ResolveReferenceDates(
      *rows, {.gebietsstand = flags.gebietsstand, .population_date = flags.population_date});
  if (!dates.ok()) return dates.status();
  for (std::string& n : dates->notes) out.notes.push_back(std::move(n));

  v1::RegisterEdition* edition = out.request.mutable_edition();
  edition->set_product(gv100ad ? v1::REGISTER_PRODUCT_GV100AD : v1::REGISTER_PRODUCT_GV_AUSZUG);
  for (const io::RegisterRecordRow& r : rows->records) *edition->add_records() = ToProto(r);
  edition->set_population_date(dates->population_date);
  std::string indicator = flags.population_indicator.value_or(
      gv100ad ? std::string() : std::string(kDefaultPopulationIndicator));
  if (indicator == "none") indicator.clear();
  edition->set_population_indicator(indicator);
  edition->set_source(gv100ad ? kGv100adSource : kGvAuszugSource);
  out.request.set_keep_population(flags.keep_population);
  if (!indicator.empty()) {
    out.notes.push_back(absl::StrCat("populations are also written as observations of ", indicator,
                                     " (source: ", edition->source(), ")"));
  }
  return out;
}

}  // namespace

absl::StatusOr<PreparedUnitImport> PrepareUnitImportFile(const std::string& path,
                                                         const UnitImportFlags& flags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream content;
  content << in.rdbuf();
  const std::string data = content.str();
  switch (io::SniffFileKind(data)) {
    case io::FileKind::kOle2:  // XlsxWorkbook::Open refuses it, saying what to do
    case io::FileKind::kZip:
      return FromRows(io::ReadGvAuszugXlsx(path, flags.sheet, AuszugOptions(flags)), flags,
                      /*gv100ad=*/false);
    case io::FileKind::kText:
      break;
  }
  return PrepareUnitImport(data, flags);
}

absl::StatusOr<PreparedUnitImport> PrepareUnitImport(const std::string& data,
                                                     const UnitImportFlags& flags) {
  io::Encoding encoding = io::Encoding::kUtf8;
  if (!flags.encoding.empty()) {
    std::optional<io::Encoding> e = io::ParseEncoding(flags.encoding);
    if (!e.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--encoding '", flags.encoding, "' is not utf8 or latin1"));
    }
    encoding = *e;
  }
  io::CsvOptions csv{.encoding = encoding};
  if (!flags.delimiter.empty()) {
    if (flags.delimiter == "tab" || flags.delimiter == "\\t") {
      csv.delimiter = '\t';
    } else if (flags.delimiter == "," || flags.delimiter == ";") {
      csv.delimiter = flags.delimiter[0];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--delimiter '", flags.delimiter, "' is not ',', ';' or tab"));
    }
  }
  PreparedUnitImport out;
  const io::RegisterFormat format = io::DetectRegisterFormat(data);
  if (format == io::RegisterFormat::kRegisterCsv) {
    // integra's register CSVs: the service reads them (UTF-8; a Latin-1 file is converted here).
    out.format = "register-csv";
    std::string text = data;
    if (encoding == io::Encoding::kLatin1) {
      text.clear();
      io::AppendWindows1252AsUtf8(data, &text);
    } else if (std::optional<size_t> bad = io::FindInvalidUtf8(data)) {
      const int line = 1 + static_cast<int>(std::count(data.begin(), data.begin() + *bad, '\n'));
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": file is not UTF-8 (",
                       io::DescribeNonUtf8Byte(static_cast<unsigned char>(data[*bad])),
                       "); re-save as UTF-8 or pass --encoding latin1"));
    }
    out.request.set_register_csv(std::move(text));
    out.request.set_population_date(flags.population_date);
    out.request.set_keep_population(flags.keep_population);
    out.request.set_gebietsstand(flags.gebietsstand);
    return out;
  }

  const bool gv100ad = format == io::RegisterFormat::kGv100ad;
  return FromRows(gv100ad ? io::ReadGv100ad(data, encoding)
                          : io::ReadGvAuszugCsv(data, csv, AuszugOptions(flags)),
                  flags, gv100ad);
}

}  // namespace integra::cli
