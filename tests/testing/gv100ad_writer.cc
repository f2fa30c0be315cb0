#include "tests/testing/gv100ad_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/io/csv_reader.h"
#include "client/io/record_source.h"
#include "gtest/gtest.h"

namespace integra::testing {
namespace {

// Characters of a UTF-8 string (bytes that are not continuation bytes).
size_t Chars(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// `text` left-aligned in a field of `width` characters.
std::string Pad(const std::string& text, size_t width, const std::string& what) {
  const size_t n = Chars(text);
  if (n > width) {
    ADD_FAILURE() << what << " '" << text << "' has " << n << " characters, the field " << width;
    return std::string(width, '?');
  }
  return text + std::string(width - n, ' ');
}

std::string Number(int64_t v, size_t width) {
  std::string digits = absl::StrCat(v);
  if (digits.size() > width) {
    ADD_FAILURE() << v << " does not fit " << width << " digits";
    return std::string(width, '9');
  }
  return std::string(width - digits.size(), '0') + digits;
}

// Rows of one CSV as maps column -> value.
absl::StatusOr<std::vector<std::map<std::string, std::string>>> Rows(const std::string& csv) {
  auto reader = io::CsvReader::FromString(csv, io::CsvOptions{});
  if (!reader.ok()) return reader.status();
  const std::vector<std::string> header = (*reader)->header().fields;
  std::vector<std::map<std::string, std::string>> out;
  io::CsvRecord r;
  while ((*reader)->Next(&r)) {
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < r.fields.size(); ++i) row[header[i]] = r.fields[i];
    out.push_back(std::move(row));
  }
  if (!(*reader)->status().ok()) return (*reader)->status();
  return out;
}

}  // namespace

absl::StatusOr<std::vector<GvRecord>> GvRecordsFromReferenceCsvs(const std::string& laender_csv,
                                                                 const std::string& kreise_csv,
                                                                 const std::string& gemeinden_csv) {
  auto laender = Rows(laender_csv);
  if (!laender.ok()) return laender.status();
  auto kreise = Rows(kreise_csv);
  if (!kreise.ok()) return kreise.status();
  auto gemeinden = Rows(gemeinden_csv);
  if (!gemeinden.ok()) return gemeinden.status();
  // Sort key: the hierarchical key (a Land before its Regierungsbezirke, ...), so that every
  // record precedes those below it, as in Destatis' file.
  std::vector<std::pair<std::string, GvRecord>> keyed;
  for (auto& l : *laender) {
    keyed.push_back({l["land_code"], GvRecord{.satzart = 10,
                                              .key = l["land_code"],
                                              .name = l["name"],
                                              .seat = l["sitz_landesregierung"]}});
  }
  std::set<std::string> rbs;
  for (auto& k : *kreise) {
    if (!k["rb_name"].empty() && rbs.insert(k["rb_code"]).second) {
      keyed.push_back(
          {k["rb_code"], GvRecord{.satzart = 20, .key = k["rb_code"], .name = k["rb_name"]}});
    }
    keyed.push_back({k["kreis_code"], GvRecord{.satzart = 40,
                                               .key = k["kreis_code"],
                                               .name = k["name"],
                                               .seat = k["sitz_verwaltung"],
                                               .type_code = k["kreis_type_code"]}});
  }
  std::set<std::string> verbaende;
  for (auto& g : *gemeinden) {
    const std::string& vb = g["verband_ars"];  // LLRKKVVVV
    if (verbaende.insert(vb).second) {
      keyed.push_back({vb, GvRecord{.satzart = 50,
                                    .key = vb,
                                    .name = g["verband_name"],
                                    .type_code = g["verband_type_code"]}});
    }
    double area = 0;
    int64_t population = 0;
    int64_t male = 0;
    if (!absl::SimpleAtod(g["area_km2"], &area) ||
        !absl::SimpleAtoi(g["population"], &population) ||
        !absl::SimpleAtoi(g["population_male"], &male)) {
      return absl::InvalidArgumentError(absl::StrCat("Gemeinde ", g["ags"], ": bad numbers"));
    }
    keyed.push_back({vb + g["ags"].substr(5, 3), GvRecord{.satzart = 60,
                                                          .key = g["ags"],
                                                          .verband = vb.substr(5, 4),
                                                          .name = g["name"],
                                                          .type_code = g["gemeinde_type_code"],
                                                          .area_ha = std::llround(area * 100),
                                                          .population = population,
                                                          .male = male,
                                                          .plz = g["plz"],
                                                          .plz_unique = g["plz_unique"] != "0"}});
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<GvRecord> out;
  out.reserve(keyed.size());
  for (auto& [key, r] : keyed) out.push_back(std::move(r));
  return out;
}

std::string GvLine(const GvRecord& r, const std::string& gebietsstand) {
  std::string key;
  switch (r.satzart) {
    case 50:
      key = r.key.substr(0, 5) + "   " + r.key.substr(5, 4);
      break;
    case 60:
      key = r.key + r.verband;
      break;
    default:
      key = r.key;
  }
  std::string line =
      absl::StrCat(Number(r.satzart, 2), Pad(gebietsstand, 8, "Gebietsstand"), Pad(key, 12, "key"),
                   Pad(r.name, 50, "name"), Pad(r.satzart == 60 ? "" : r.seat, 50, "seat"),
                   Pad(r.type_code, 2, "Textkennzeichen"), std::string(4, ' '));
  if (r.satzart == 60) {
    absl::StrAppend(&line, Number(r.area_ha, 11), Number(r.population, 11), Number(r.male, 11),
                    std::string(4, ' '), Pad(r.plz, 5, "postcode"),
                    r.plz_unique ? std::string(5, ' ') : std::string("*****"));
  }
  return Pad(line, 220, "record");
}

std::string GvFile(const std::vector<GvRecord>& records, const std::string& gebietsstand) {
  std::string out;
  for (const GvRecord& r : records) absl::StrAppend(&out, GvLine(r, gebietsstand), "\r\n");
  return out;
}

namespace {

// 1234567 -> "1 234 567" with `sep` between the groups.
std::string Grouped(int64_t v, const std::string& sep) {
  std::string digits = absl::StrCat(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

// Hectares as km² with a decimal comma and grouped thousands: 142818 -> "1 428,18".
std::string Area(int64_t hectares, const std::string& sep) {
  return absl::StrCat(Grouped(hectares / 100, sep), ",", hectares % 100 < 10 ? "0" : "",
                      hectares % 100);
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(";\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string GvAuszugCsv(const std::vector<GvRecord>& records, const AuszugCsvOptions& options) {
  constexpr size_t kColumns = 20;
  std::string out = options.bom ? "\xEF\xBB\xBF" : "";
  auto row = [&](std::vector<std::string> cells) {
    cells.resize(kColumns);
    for (size_t i = 0; i < cells.size(); ++i) {
      absl::StrAppend(&out, i == 0 ? "" : ";", CsvCell(cells[i]));
    }
    out += "\r\n";
  };
  if (!options.title_date.empty()) {
    row({absl::StrCat("Alle politisch selbständigen Gemeinden mit ausgewählten Merkmalen am ",
                      options.title_date, " (4. Quartal)")});
  }
  if (!options.population_date.empty()) {
    row({absl::StrCat("Bevölkerungsstand: ", options.population_date)});
  }
  row({});
  row({"Satzart",
       "Textkenn-zeichen",
       "Amtlicher Regionalschlüssel (ARS)",
       "",
       "",
       "",
       "",
       "Gemeindename",
       "Fläche km2 1)",
       "Bevölkerung 2)",
       "",
       "",
       "",
       "Post-leit-zahl 3)",
       "Geografische Mittelpunktkoordinaten",
       "",
       "Reisegebiete",
       "",
       "Grad der Verstädterung",
       ""});
  row({"",          "",           "Land",       "RB",          "Kreis",     "VB",
       "Gem",       "",           "",           "insgesamt",   "männlich",  "weiblich",
       "je km2",    "",           "Längengrad", "Breitengrad", "Schlüssel", "Bezeichnung",
       "Schlüssel", "Bezeichnung"});
  row({});
  // Sums of the Gemeinden under each Land, Regierungsbezirk and Kreis key.
  struct Sum {
    int64_t ha = 0, population = 0, male = 0;
  };
  std::map<std::string, Sum> sums;
  for (const GvRecord& r : records) {
    if (r.satzart != 60) continue;
    for (const std::string& prefix : {r.key.substr(0, 2), r.key.substr(0, 3), r.key.substr(0, 5)}) {
      Sum& s = sums[prefix];
      s.ha += r.area_ha;
      s.population += r.population;
      s.male += r.male;
    }
  }
  int n = 0;
  for (const GvRecord& r : records) {
    const std::string sep = options.alternate_nbsp && ++n % 2 == 0 ? "\xC2\xA0" : " ";
    std::vector<std::string> cells(kColumns);
    cells[0] = absl::StrCat(r.satzart);
    cells[1] = r.type_code;
    cells[2] = r.key.substr(0, 2);
    if (r.satzart >= 20) cells[3] = r.key.substr(2, 1);
    if (r.satzart >= 40) cells[4] = r.key.substr(3, 2);
    if (r.satzart == 50) cells[5] = r.key.substr(5, 4);
    if (r.satzart == 60) {
      cells[5] = r.verband;
      cells[6] = r.key.substr(5, 3);
    }
    cells[7] = r.name;
    Sum s;
    if (r.satzart == 60) {
      s = {r.area_ha, r.population, r.male};
    } else if (r.satzart != 50) {
      s = sums[r.key];
    }
    if (r.satzart != 50) {
      cells[8] = Area(s.ha, sep);
      cells[9] = Grouped(s.population, sep);
      cells[10] = Grouped(s.male, sep);
      cells[11] = Grouped(s.population - s.male, sep);
      const int64_t density = s.ha > 0 ? std::llround(s.population * 100.0 / s.ha) : 0;
      cells[12] = s.ha > 0 ? Grouped(density, sep) : "";
      if (r.satzart == 60) {
        cells[13] = r.plz;
        if (s.population > 0) {
          const int degurba = density >= 1500 ? 1 : density >= 300 ? 2 : 3;
          cells[18] = absl::StrCat("0", degurba);
          cells[19] = degurba == 1   ? "Städte"
                      : degurba == 2 ? "Kleinere Städte und Vororte"
                                     : "Ländliche Gebiete";
        }
      }
    }
    row(cells);
  }
  row({});
  row({"1) Abweichungen bei den Flächenangaben sind durch Runden der Zahlen möglich."});
  row({"2) Bevölkerung: Testdaten aus data/reference (Gemeindeverzeichnis GV100AD)."});
  row({"Quelle: Statistisches Bundesamt (Destatis), dl-de/by-2-0"});
  return out;
}

void WriteGvAuszugXlsx(const std::string& path, const std::vector<GvRecord>& records,
                       const AuszugCsvOptions& options) {
  // The CSV's rows, read back as cells; the numeric columns are written as numbers.
  AuszugCsvOptions csv_options = options;
  csv_options.bom = false;
  csv_options.alternate_nbsp = false;
  auto reader = io::CsvReader::FromString(GvAuszugCsv(records, csv_options),
                                          io::CsvOptions{.delimiter = ';'});
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::string date = options.title_date;
  date.erase(std::remove(date.begin(), date.end(), '.'), date.end());
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* cover = workbook_add_worksheet(workbook, "Deckblatt");
  worksheet_write_string(cover, 0, 0, "Gemeindeverzeichnis-Informationssystem GV-ISys", nullptr);
  lxw_worksheet* sheet =
      workbook_add_worksheet(workbook, absl::StrCat("Onlineprodukt_Gemeinden", date).c_str());
  auto write = [&](const io::CsvRecord& r) {
    const bool record = !r.fields.empty() && r.fields[0].size() == 2 &&
                        absl::ascii_isdigit(static_cast<unsigned char>(r.fields[0][0]));
    for (size_t c = 0; c < r.fields.size(); ++c) {
      const std::string& v = r.fields[c];
      if (v.empty()) continue;
      const auto row = static_cast<lxw_row_t>(r.line - 1);
      const auto col = static_cast<lxw_col_t>(c);
      if (record && c >= 8 && c <= 12) {
        // "1 428,18" -> 1428.18; "569 396" -> 569396
        std::string n;
        for (char ch : v) {
          if (ch == ',') {
            n += '.';
          } else if (ch != ' ') {
            n += ch;
          }
        }
        double d = 0;
        ASSERT_TRUE(absl::SimpleAtod(n, &d)) << v;
        worksheet_write_number(sheet, row, col, d, nullptr);
      } else {
        worksheet_write_string(sheet, row, col, v.c_str(), nullptr);
      }
    }
  };
  write((*reader)->header());
  io::CsvRecord r;
  while ((*reader)->Next(&r)) write(r);
  ASSERT_TRUE((*reader)->status().ok()) << (*reader)->status();
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
}

}  // namespace integra::testing
