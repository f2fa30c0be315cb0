#include "client/io/register_editions.h"

#include <algorithm>
#include <array>
#include <map>
#include <regex>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/io/xlsx_reader.h"

namespace integra::io {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Debian's abseil has its own string_view: these bridge std::string_view into its functions.
absl::string_view A(std::string_view s) { return absl::string_view(s.data(), s.size()); }
bool ToInt(std::string_view s, int* out) { return absl::SimpleAtoi(A(s), out); }
bool ToInt64(std::string_view s, int64_t* out) { return absl::SimpleAtoi(A(s), out); }
constexpr size_t kGvRecordChars = 220;

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsSatzart(int s) { return s == 10 || s == 20 || s == 30 || s == 40 || s == 50 || s == 60; }

std::string Quote(std::string_view s) { return absl::StrCat("'", A(s), "'"); }

// "20231130" -> "2023-11-30" if it is a real calendar day.
std::optional<std::string> IsoOfCompactDate(std::string_view s) {
  if (s.size() != 8 || !IsDigits(s)) return std::nullopt;
  auto iso =
      ParseDate(absl::StrCat(A(s.substr(0, 4)), "-", A(s.substr(4, 2)), "-", A(s.substr(6, 2))));
  if (!iso.ok()) return std::nullopt;
  return *iso;
}

// The line (1-based) of byte `offset`.
int LineOf(std::string_view data, size_t offset) {
  return 1 + static_cast<int>(std::count(data.begin(), data.begin() + offset, '\n'));
}

// ------------------------------------------------------------------------------- GV100AD

// One GV100AD line as characters: Field(b, e) is the text of characters [b, e), as the layout
// counts them; characters beyond the line's end read as spaces (editors drop trailing blanks).
class CharLine {
 public:
  explicit CharLine(std::string_view utf8) : text_(utf8) {
    for (size_t i = 0; i < utf8.size(); ++i) {
      // Every byte that is not a continuation byte (10xxxxxx) starts a character.
      if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) starts_.push_back(i);
    }
    starts_.push_back(utf8.size());
  }
  size_t chars() const { return starts_.size() - 1; }
  std::string Field(size_t b, size_t e) const {
    if (b >= chars()) return "";
    e = std::min(e, chars());
    return std::string(text_.substr(starts_[b], starts_[e] - starts_[b]));
  }
  // The field without surrounding spaces.
  std::string Trimmed(size_t b, size_t e) const { return std::string(Trim(Field(b, e))); }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// Decodes the whole input to UTF-8 (fatal problems as ReadGv100ad documents).
absl::StatusOr<std::string> DecodeText(std::string_view data, Encoding encoding) {
  if (data.substr(0, 2) == "\xFF\xFE" || data.substr(0, 2) == "\xFE\xFF" ||
      data.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError(
        "line 1: file is UTF-16 or binary (it contains NUL bytes), not a text file; re-save it "
        "as UTF-8");
  }
  const bool bom = data.substr(0, 3) == kBom;
  if (encoding == Encoding::kLatin1) {
    if (bom) {
      return absl::InvalidArgumentError(
          "line 1: file starts with a UTF-8 byte-order mark, so it is UTF-8: drop "
          "--encoding latin1");
    }
    std::string out;
    out.reserve(data.size() + data.size() / 16);
    AppendWindows1252AsUtf8(data, &out);
    return out;
  }
  if (bom) data.remove_prefix(3);
  if (std::optional<size_t> bad = FindInvalidUtf8(data)) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", LineOf(data, *bad), ": file is not UTF-8 (",
                     DescribeNonUtf8Byte(static_cast<unsigned char>(data[*bad])),
                     "); re-save as UTF-8 or pass --encoding latin1"));
  }
  return std::string(data);
}

// Parses one GV100AD record. Returns false (with errors added) when it is malformed.
bool ParseGvRecord(int line, const CharLine& l, RegisterRecordRow& r, ErrorList& errors) {
  auto fail = [&](const std::string& field, const std::string& why) {
    errors.Add(line, field, why);
    return false;
  };
  if (l.chars() > kGvRecordChars) {
    return fail("", absl::StrCat("the record has ", l.chars(),
                                 " characters; GV100AD records have 220 (an umlaut encoded "
                                 "twice, or a file that is not GV100AD?)"));
  }
  const std::string satzart = l.Field(0, 2);
  int s = 0;
  if (!IsDigits(satzart) || !absl::SimpleAtoi(satzart, &s) || !IsSatzart(s)) {
    return fail("Satzart",
                absl::StrCat(Quote(satzart), " (characters 1-2) is not 10, 20, 30, 40, 50 or 60"));
  }
  r.line = line;
  r.satzart = s;
  const std::string date = l.Field(2, 10);
  std::optional<std::string> iso = IsoOfCompactDate(date);
  if (!iso.has_value()) {
    return fail("Gebietsstand",
                absl::StrCat(Quote(date), " (characters 3-10) is not a date YYYYMMDD"));
  }
  r.territory_date = *iso;
  if (s == 30) return true;  // a Region: the caller counts and drops it
  // Key fields by Satzart: the AGS part [10, 10 + n) and, for 50 and 60, the Verband [18, 22).
  const size_t key_chars = s == 10 ? 2 : s == 20 ? 3 : s == 40 || s == 50 ? 5 : 8;
  const std::string key = l.Field(10, 10 + key_chars);
  if (!IsDigits(key) || key.size() != key_chars) {
    return fail("AGS", absl::StrCat(Quote(key), " (characters 11-", 10 + key_chars, ") is not ",
                                    key_chars, " digits"));
  }
  r.key = key;
  if (s == 50 || s == 60) {
    const std::string verband = l.Field(18, 22);
    if (!IsDigits(verband) || verband.size() != 4) {
      return fail("Gemeindeverband",
                  absl::StrCat(Quote(verband), " (characters 19-22) is not 4 digits"));
    }
    if (s == 50) {
      r.key += verband;
    } else {
      r.verband = verband;
    }
  }
  r.name = l.Trimmed(22, 72);
  if (r.name.empty()) return fail("Name", "the name (characters 23-72) is empty");
  if (s != 60) r.seat = l.Trimmed(72, 122);
  if (s == 40 || s == 50 || s == 60) {
    r.type_code = l.Trimmed(122, 124);
    if (r.type_code.size() != 2 || !IsDigits(r.type_code)) {
      return fail("Textkennzeichen",
                  absl::StrCat(Quote(r.type_code), " (characters 123-124) is not a 2-digit code"));
    }
  }
  if (s != 60) return true;
  // Area in hectares, population total and male: right-aligned numbers, usually zero-padded.
  auto number = [&](size_t b, size_t e, const std::string& field) -> std::optional<int64_t> {
    const std::string f = l.Trimmed(b, e);
    int64_t v = 0;
    if (!IsDigits(f) || !absl::SimpleAtoi(f, &v)) {
      errors.Add(line, field,
                 absl::StrCat(Quote(f), " (characters ", b + 1, "-", e, ") is not a whole number"));
      return std::nullopt;
    }
    return v;
  };
  std::optional<int64_t> hectares = number(128, 139, "Fläche");
  std::optional<int64_t> total = number(139, 150, "Bevölkerung insgesamt");
  std::optional<int64_t> male = number(150, 161, "Bevölkerung männlich");
  if (!hectares.has_value() || !total.has_value() || !male.has_value()) return false;
  if (*male > *total) {
    return fail("Bevölkerung männlich", absl::StrCat(*male, " is more than the total ", *total));
  }
  r.area_km2 = static_cast<double>(*hectares) / 100.0;
  r.population = *total;
  r.population_male = *male;
  r.population_female = *total - *male;
  return true;
}

// --------------------------------------------------------------------------- the Auszug

// A header label reduced to lower-case words: "Fläche km2 1)" -> {"fläche", "km2"},
// "Text-kenn-zeichen" -> {"textkennzeichen"}, "Gemeinde (Gem)" -> {"gemeinde", "gem"}.
// Footnote markers ("1)") and "²" are dropped; non-ASCII letters stay (only A-Z are lowered, and
// the umlauts Ä, Ö, Ü).
std::vector<std::string> LabelWords(std::string_view label) {
  std::string t;
  for (size_t i = 0; i < label.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(label[i]);
    if (c == 0xC3 && i + 1 < label.size()) {
      const unsigned char n = static_cast<unsigned char>(label[i + 1]);
      // Ä Ö Ü -> ä ö ü (U+00C4, U+00D6, U+00DC are C3 84, C3 96, C3 9C; +0x20 lowers them)
      t.push_back(static_cast<char>(c));
      t.push_back(static_cast<char>(n == 0x84 || n == 0x96 || n == 0x9C ? n + 0x20 : n));
      ++i;
    } else if (c == 0xC2 && i + 1 < label.size() &&
               static_cast<unsigned char>(label[i + 1]) == 0xB2) {
      t.push_back('2');  // km² -> km2
      ++i;
    } else if (c == '-') {
      // "Satz-art", "Text-kenn-zeichen": hyphenated words of a wrapped header cell
      continue;
    } else if (c >= 0x80 || absl::ascii_isalnum(c)) {
      t.push_back(static_cast<char>(absl::ascii_tolower(c)));
    } else {
      t.push_back(' ');
    }
  }
  std::vector<std::string> words;
  for (absl::string_view w : absl::StrSplit(t, ' ', absl::SkipEmpty())) {
    // A footnote marker is a lone number after the words: "Fläche km2 1)".
    if (IsDigits(std::string_view(w.data(), w.size())) && !words.empty()) continue;
    words.emplace_back(w.data(), w.size());
  }
  return words;
}

enum class Field {
  kNone,
  kSatzart,
  kTextkennzeichen,
  kLand,
  kRb,
  kKreis,
  kVb,
  kGem,
  kName,
  kArea,
  kPopulation,
  kMale,
  kFemale,
  kDegurba,
};

bool Contains(const std::vector<std::string>& words, std::initializer_list<std::string_view> any) {
  for (const std::string& w : words) {
    for (std::string_view a : any) {
      if (w.find(a) != std::string::npos) return true;
    }
  }
  return false;
}

Field FieldOfLabel(const std::vector<std::string>& w) {
  if (w.empty()) return Field::kNone;
  const std::string& last = w.back();
  if (Contains(w, {"satzart"})) return Field::kSatzart;
  if (Contains(w, {"textkennzeichen"})) return Field::kTextkennzeichen;
  if (Contains(w, {"gemeindename"}) || (w.size() == 1 && last == "name")) return Field::kName;
  if (Contains(w, {"fläche", "flaeche"})) return Field::kArea;
  if (Contains(w, {"bevölkerung", "bevoelkerung", "einwohner"})) {
    if (last == "insgesamt") return Field::kPopulation;
    if (last == "männlich" || last == "maennlich") return Field::kMale;
    if (last == "weiblich") return Field::kFemale;
    return Field::kNone;  // "je km2": the density, not read
  }
  if (Contains(w, {"verstädterung", "verstaedterung", "degurba"})) {
    return last == "bezeichnung" ? Field::kNone : Field::kDegurba;
  }
  if (last == "land") return Field::kLand;
  if (last == "rb" || last == "regierungsbezirk") return Field::kRb;
  if (last == "kreis") return Field::kKreis;
  if (last == "vb" || last == "gemeindeverband") return Field::kVb;
  if (last == "gem" || last == "gemeinde") return Field::kGem;
  return Field::kNone;
}

std::string FieldName(Field f) {
  switch (f) {
    case Field::kSatzart:
      return "Satzart";
    case Field::kTextkennzeichen:
      return "Textkennzeichen";
    case Field::kLand:
      return "Land";
    case Field::kRb:
      return "RB";
    case Field::kKreis:
      return "Kreis";
    case Field::kVb:
      return "VB";
    case Field::kGem:
      return "Gem";
    case Field::kName:
      return "Gemeindename";
    case Field::kArea:
      return "Fläche";
    case Field::kPopulation:
      return "Bevölkerung insgesamt";
    case Field::kMale:
      return "Bevölkerung männlich";
    case Field::kFemale:
      return "Bevölkerung weiblich";
    case Field::kDegurba:
      return "Grad der Verstädterung";
    case Field::kNone:
      break;
  }
  return "";
}

// The space-like thousands separators Destatis writes, as one ASCII space.
std::string SpacesToBlank(std::string_view cell) {
  std::string out;
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell.substr(i, 2) == "\xC2\xA0") {
      out.push_back(' ');
      ++i;
    } else if (cell.substr(i, 3) == "\xE2\x80\xAF") {
      out.push_back(' ');
      i += 2;
    } else {
      out.push_back(cell[i]);
    }
  }
  return out;
}

// A whole number (a count), thousands grouped by one kind of separator: space (also U+00A0,
// U+202F), '.' or ','. In a column of counts a separator before exactly three digits can only
// group thousands, so none of these is ambiguous. "" -> nullopt; "-" (Destatis: genau null) -> 0.
absl::StatusOr<std::optional<int64_t>> ParseWholeNumber(std::string_view raw) {
  const std::string cell(Trim(SpacesToBlank(raw)));
  if (cell.empty()) return std::optional<int64_t>();
  if (cell == "-" || cell == "\xE2\x80\x93") return std::optional<int64_t>(0);
  char sep = 0;
  for (char c : cell) {
    if (c == ' ' || c == '.' || c == ',') {
      if (sep != 0 && c != sep) sep = '?';
      if (sep == 0) sep = c;
    } else if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      sep = '?';
    }
  }
  std::string digits;
  bool ok = sep != '?';
  if (ok && sep != 0) {
    std::vector<std::string> groups = absl::StrSplit(cell, sep);
    ok = !groups.front().empty() && groups.front().size() <= 3;
    for (size_t i = 1; ok && i < groups.size(); ++i) ok = groups[i].size() == 3;
    for (const std::string& g : groups) digits.append(g);
  } else {
    digits = cell;
  }
  int64_t v = 0;
  if (!ok || !IsDigits(digits) || !ToInt64(digits, &v)) {
    return absl::InvalidArgumentError(absl::StrCat(Quote(raw), " is not a whole number"));
  }
  return std::optional<int64_t>(v);
}

// What one cell of a decimal column says about the column's decimal mark.
enum class MarkEvidence { kNone, kPoint, kComma, kAmbiguous };
MarkEvidence EvidenceOf(std::string_view raw) {
  std::string cell(Trim(SpacesToBlank(raw)));
  cell.erase(std::remove(cell.begin(), cell.end(), ' '), cell.end());
  const size_t points = std::count(cell.begin(), cell.end(), '.');
  const size_t commas = std::count(cell.begin(), cell.end(), ',');
  if (points > 0 && commas > 0) {
    return cell.rfind(',') > cell.rfind('.') ? MarkEvidence::kComma : MarkEvidence::kPoint;
  }
  if (points + commas == 0) return MarkEvidence::kNone;
  const char sep = points > 0 ? '.' : ',';
  if (points + commas > 1) {  // "1.234.567": grouping, so the other one is the decimal mark
    return sep == '.' ? MarkEvidence::kComma : MarkEvidence::kPoint;
  }
  const size_t after = cell.size() - cell.rfind(sep) - 1;
  if (after == 3) return MarkEvidence::kAmbiguous;  // "1.234": 1234 or 1.234?
  return sep == '.' ? MarkEvidence::kPoint : MarkEvidence::kComma;
}

// A key part of the ARS: digits, at most `width`; a spreadsheet that stored it as a number lost
// its leading zeros, which the column's fixed width restores ("1" in the Land column is "01").
absl::StatusOr<std::string> KeyPart(std::string_view raw, size_t width, Field field) {
  std::string_view cell = Trim(raw);
  if (!IsDigits(cell) || cell.size() > width) {
    return absl::InvalidArgumentError(absl::StrCat(Quote(raw), " is not a ", FieldName(field),
                                                   " key of at most ", width, " digits"));
  }
  return std::string(width - cell.size(), '0') + std::string(cell);
}

// Dates the title rows (and header rows) state, by kind.
struct StatedDates {
  std::map<std::string, int> territory;   // ISO date -> line stating it
  std::map<std::string, int> population;  // likewise
};

// Reads one cell's statements (docs/io.md "Reference dates"):
//   "Gebietsstand[:| am| vom] DD.MM.YYYY"                   -> Gebietsstand
//   "Bevölkerung[sstand][:|(|,] [Stand|Stichtag] [am|vom|zum] DD.MM.YYYY" (also
//   "Bevoelkerung", "Einwohner", "Einwohnerzahl")           -> population date
//   the Destatis title "... am DD.MM.YYYY" (optionally followed by "(...)"), when `title`
//                                                           -> Gebietsstand
void ReadStatements(const std::string& cell, int line, bool title, StatedDates& out) {
  static const std::regex kTerritory(R"(Gebietsstand\s*(?::|am|vom|zum)?\s*(\d{2}\.\d{2}\.\d{4}))",
                                     std::regex::icase);
  static const std::regex kPopulation(
      R"((?:Bev(?:ölkerung|oelkerung)|Einwohner(?:zahl)?)(?:sstand)?\s*[:(,]?\s*(?:(?:Stand|Stichtag)\s*)?(?:(?:am|vom|zum)\s*)?:?\s*(\d{2}\.\d{2}\.\d{4}))",
      std::regex::icase);
  static const std::regex kTitle(R"(\sam\s+(\d{2}\.\d{2}\.\d{4})\s*(\([^)]*\))?\s*$)");
  bool stated = false;
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), kTerritory);
       it != std::sregex_iterator(); ++it) {
    if (auto iso = ParseDate((*it)[1].str()); iso.ok()) out.territory.emplace(*iso, line);
    stated = true;
  }
  if (title && !stated) {
    std::smatch m;
    if (std::regex_search(cell, m, kTitle)) {
      if (auto iso = ParseDate(m[1].str()); iso.ok()) out.territory.emplace(*iso, line);
      return;  // the title's date is the Gebietsstand, whatever words precede it
    }
  }
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), kPopulation);
       it != std::sregex_iterator(); ++it) {
    if (auto iso = ParseDate((*it)[1].str()); iso.ok()) out.population.emplace(*iso, line);
  }
}

std::string GermanDate(const std::string& iso) {
  return absl::StrCat(iso.substr(8, 2), ".", iso.substr(5, 2), ".", iso.substr(0, 4));
}

absl::StatusOr<std::string> OneDate(const std::map<std::string, int>& dates,
                                    const std::string& what, const std::string& option) {
  if (dates.empty()) return std::string();
  if (dates.size() > 1) {
    std::vector<std::string> each;
    each.reserve(dates.size());
    for (const auto& [iso, line] : dates) {
      each.push_back(absl::StrCat(GermanDate(iso), " in line ", line));
    }
    return absl::InvalidArgumentError(absl::StrCat("the title rows state ", dates.size(), " ", what,
                                                   "s (", absl::StrJoin(each, ", "), "); pass ",
                                                   option));
  }
  return dates.begin()->first;
}

}  // namespace

// ------------------------------------------------------------------------------ detection

RegisterFormat DetectRegisterFormat(std::string_view data) {
  if (data.substr(0, 3) == kBom) data.remove_prefix(3);
  std::string_view rest = data;
  bool first = true;
  for (int n = 0; n < 40 && !rest.empty(); ++n) {
    const size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    if (first) {
      first = false;
      int satzart = 0;
      if (line.size() >= 100 && IsDigits(line.substr(0, 10)) &&
          ToInt(line.substr(0, 2), &satzart) && IsSatzart(satzart) &&
          IsoOfCompactDate(line.substr(2, 8)).has_value()) {
        return RegisterFormat::kGv100ad;
      }
    }
    // The first cell, whatever the delimiter.
    std::string_view cell = line.substr(0, line.find_first_of(";,\t"));
    cell = Trim(cell);
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
      cell = Trim(cell.substr(1, cell.size() - 2));
    }
    const std::vector<std::string> words = LabelWords(cell);
    if (words.size() == 1 && words[0] == "satzart") return RegisterFormat::kGvAuszug;
  }
  return RegisterFormat::kRegisterCsv;
}

// -------------------------------------------------------------------------------- GV100AD

absl::StatusOr<RegisterEditionRows> ReadGv100ad(std::string_view data, Encoding encoding) {
  auto text = DecodeText(data, encoding);
  if (!text.ok()) return text.status();
  RegisterEditionRows out;
  out.format = RegisterFormat::kGv100ad;
  ErrorList errors;
  std::string_view rest = *text;
  int line = 0;
  while (!rest.empty()) {
    ++line;
    const size_t end = rest.find('\n');
    std::string_view raw = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (Trim(raw).empty()) continue;
    RegisterRecordRow r;
    if (!ParseGvRecord(line, CharLine(raw), r, errors)) continue;
    if (r.satzart == 30) {
      ++out.regions_skipped;
      continue;
    }
    out.records.push_back(std::move(r));
  }
  if (out.records.empty() && errors.empty()) {
    return absl::InvalidArgumentError("the GV100AD file holds no record");
  }
  out.errors = errors.kept();
  out.error_count = errors.count();
  return out;
}

// ----------------------------------------------------------------------------- the Auszug

void GvAuszugParser::AddRow(int line, std::vector<std::string> cells) {
  auto first = [&]() -> std::string_view {
    return cells.empty() ? std::string_view() : Trim(cells[0]);
  };
  if (header_.empty()) {
    const std::vector<std::string> words = LabelWords(first());
    if (words.size() == 1 && words[0] == "satzart") {
      header_.push_back({line, std::move(cells)});
    } else {
      before_header_.push_back({line, std::move(cells)});
    }
    return;
  }
  if (!in_data_) {
    // Below the header, the first row whose first cell is a Satzart starts the records; rows
    // before it belong to the header (the ARS parts, "insgesamt", units, numbering).
    int satzart = 0;
    const std::string_view f = first();
    const bool record = IsDigits(f) && ToInt(f, &satzart) && IsSatzart(satzart) &&
                        std::any_of(cells.begin() + 1, cells.end(),
                                    [](const std::string& c) { return !Trim(c).empty(); });
    if (!record) {
      header_.push_back({line, std::move(cells)});
      return;
    }
    in_data_ = true;
  }
  data_.push_back({line, std::move(cells)});
}

absl::StatusOr<RegisterEditionRows> GvAuszugParser::Finish() {
  if (header_.empty()) {
    return absl::InvalidArgumentError(
        "no header row: a Gemeindeverzeichnis-Auszug has a row whose first cell is 'Satzart'");
  }
  RegisterEditionRows out;
  out.format = RegisterFormat::kGvAuszug;
  ErrorList errors;

  // Column labels: the header row's label, carried right over the empty cells of a merged
  // header that has labels in the rows below ("Amtlicher Regionalschlüssel (ARS)" over
  // Land | RB | Kreis | VB | Gem), followed by those labels.
  size_t width = 0;
  for (const Row& r : header_) width = std::max(width, r.cells.size());
  std::vector<std::string> labels(width);
  std::string group;
  for (size_t j = 0; j < width; ++j) {
    const std::string top =
        j < header_[0].cells.size() ? std::string(Trim(header_[0].cells[j])) : "";
    std::string below;
    for (size_t i = 1; i < header_.size(); ++i) {
      if (j < header_[i].cells.size() && !Trim(header_[i].cells[j]).empty()) {
        absl::StrAppend(&below, below.empty() ? "" : " ", A(Trim(header_[i].cells[j])));
      }
    }
    if (!top.empty()) group = top;
    labels[j] = !top.empty() ? (below.empty() ? top : absl::StrCat(top, " ", below))
                             : (below.empty() ? "" : absl::StrCat(group, " ", below));
  }
  std::map<Field, size_t> column;
  for (size_t j = 0; j < width; ++j) {
    const Field f = FieldOfLabel(LabelWords(labels[j]));
    if (f == Field::kNone) continue;
    auto [at, inserted] = column.emplace(f, j);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat("line ", header_[0].line, ": columns '",
                                                     labels[at->second], "' and '", labels[j],
                                                     "' are both read as ", FieldName(f)));
    }
  }
  std::vector<std::string> missing;
  for (Field f : {Field::kSatzart, Field::kTextkennzeichen, Field::kLand, Field::kRb, Field::kKreis,
                  Field::kVb, Field::kGem, Field::kName}) {
    if (!column.contains(f)) missing.push_back(FieldName(f));
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "line ", header_[0].line, ": the Auszug's header lacks the column(s) ",
        absl::StrJoin(missing, ", "),
        " (expected: Satzart, Textkennzeichen, the ARS as Land, RB, Kreis, VB, Gem, "
        "Gemeindename; optional: Fläche, Bevölkerung insgesamt/männlich/weiblich, Grad der "
        "Verstädterung Schlüssel)"));
  }
  auto label_of = [&](Field f) { return labels[column.at(f)]; };
  auto cell = [&](const Row& r, Field f) -> std::string_view {
    auto it = column.find(f);
    if (it == column.end() || it->second >= r.cells.size()) return {};
    return r.cells[it->second];
  };

  // Dates the title rows state: the first non-empty title row is the title.
  StatedDates dates;
  bool title_seen = false;
  for (const Row& r : before_header_) {
    for (const std::string& c : r.cells) {
      const std::string text(Trim(c));
      if (text.empty()) continue;
      ReadStatements(text, r.line, !title_seen, dates);
      title_seen = true;
    }
  }
  for (const Row& r : header_) {
    for (const std::string& c : r.cells) {
      StatedDates only_population;
      ReadStatements(std::string(Trim(c)), r.line, false, only_population);
      dates.population.insert(only_population.population.begin(), only_population.population.end());
    }
  }
  auto territory = OneDate(dates.territory, "Gebietsstand", "--gebietsstand YYYY-MM-DD");
  if (!territory.ok()) return territory.status();
  auto population = OneDate(dates.population, "population date", "--population-date YYYY-MM-DD");
  if (!population.ok()) return population.status();
  out.stated_territory_date = *territory;
  out.stated_population_date = *population;

  // The area column's decimal mark, from its own values (or the option).
  std::vector<const Row*> records;
  for (const Row& r : data_) {
    int satzart = 0;
    const std::string_view f = Trim(r.cells.empty() ? std::string_view() : r.cells[0]);
    if (f.empty() && std::all_of(r.cells.begin(), r.cells.end(),
                                 [](const std::string& c) { return Trim(c).empty(); })) {
      continue;
    }
    if (!IsDigits(f)) continue;  // notes under the table ("1) Fläche ...")
    if (!ToInt(f, &satzart) || !IsSatzart(satzart)) {
      errors.Add(r.line, "Satzart", absl::StrCat(Quote(f), " is not 10, 20, 30, 40, 50 or 60"));
      continue;
    }
    records.push_back(&r);
  }
  std::optional<NumberStyle> area_style;
  if (options_.decimal_mark == DecimalMark::kPoint) area_style = NumberStyle::kPoint;
  if (options_.decimal_mark == DecimalMark::kComma) area_style = NumberStyle::kComma;
  if (!area_style.has_value() && column.contains(Field::kArea)) {
    const Row* point = nullptr;
    const Row* comma = nullptr;
    const Row* ambiguous = nullptr;
    for (const Row* r : records) {
      switch (EvidenceOf(cell(*r, Field::kArea))) {
        case MarkEvidence::kPoint:
          if (point == nullptr) point = r;
          break;
        case MarkEvidence::kComma:
          if (comma == nullptr) comma = r;
          break;
        case MarkEvidence::kAmbiguous:
          if (ambiguous == nullptr) ambiguous = r;
          break;
        case MarkEvidence::kNone:
          break;
      }
    }
    if (point != nullptr && comma != nullptr) {
      errors.Add(
          comma->line, label_of(Field::kArea),
          absl::StrCat("the column mixes decimal marks: ", Quote(cell(*comma, Field::kArea)),
                       " here, ", Quote(cell(*point, Field::kArea)), " in line ", point->line,
                       "; save it with one decimal mark, or pass "
                       "--decimal-comma or --decimal-point"));
    } else if (point != nullptr || comma != nullptr) {
      area_style = point != nullptr ? NumberStyle::kPoint : NumberStyle::kComma;
    } else if (ambiguous != nullptr) {
      errors.Add(ambiguous->line, label_of(Field::kArea),
                 absl::StrCat(Quote(cell(*ambiguous, Field::kArea)),
                              " can be read as a number with thousands separator or with "
                              "decimals, and no value of the column decides which; pass "
                              "--decimal-comma or --decimal-point"));
    } else {
      area_style = NumberStyle::kPoint;  // only whole numbers: either mark reads them alike
    }
  }

  for (const Row* rp : records) {
    const Row& r = *rp;
    RegisterRecordRow rec;
    rec.line = r.line;
    ToInt(Trim(cell(r, Field::kSatzart)), &rec.satzart);
    if (rec.satzart == 30) {
      ++out.regions_skipped;
      continue;
    }
    bool ok = true;
    auto fail = [&](Field f, const std::string& why) {
      errors.Add(r.line, f == Field::kNone ? "" : label_of(f), why);
      ok = false;
    };
    // The key: the ARS parts this Satzart has.
    std::vector<std::pair<Field, size_t>> parts = {{Field::kLand, 2}};
    if (rec.satzart >= 20) parts.push_back({Field::kRb, 1});
    if (rec.satzart >= 40) parts.push_back({Field::kKreis, 2});
    if (rec.satzart >= 50) parts.push_back({Field::kVb, 4});
    if (rec.satzart == 60) parts.push_back({Field::kGem, 3});
    std::string key;
    std::string verband;
    for (const auto& [field, digits] : parts) {
      auto part = KeyPart(cell(r, field), digits, field);
      if (!part.ok()) {
        fail(field, std::string(part.status().message()));
        continue;
      }
      if (field == Field::kVb) {
        verband = *part;
        if (rec.satzart == 60) continue;  // the AGS leaves the Verband out
      }
      key += *part;
    }
    rec.key = key;
    rec.verband = rec.satzart == 60 ? verband : "";
    rec.name = std::string(Trim(cell(r, Field::kName)));
    if (rec.name.empty()) fail(Field::kName, "the name is empty");
    if (rec.satzart >= 40) {
      rec.type_code = std::string(Trim(cell(r, Field::kTextkennzeichen)));
      if (rec.type_code.size() != 2 || !IsDigits(rec.type_code)) {
        fail(Field::kTextkennzeichen,
             absl::StrCat(Quote(rec.type_code), " is not a 2-digit Textkennzeichen"));
      }
    }
    if (column.contains(Field::kArea) && area_style.has_value()) {
      auto area = ParseNumber(cell(r, Field::kArea), *area_style);
      if (!area.ok()) {
        fail(Field::kArea, std::string(area.status().message()));
      } else if (area->has_value() && **area < 0) {
        fail(Field::kArea, "the area is negative");
      } else {
        rec.area_km2 = *area;
      }
    }
    for (auto [field, target] : {std::pair{Field::kPopulation, &rec.population},
                                 std::pair{Field::kMale, &rec.population_male},
                                 std::pair{Field::kFemale, &rec.population_female}}) {
      if (!column.contains(field)) continue;
      auto n = ParseWholeNumber(cell(r, field));
      if (!n.ok()) {
        fail(field, std::string(n.status().message()));
      } else {
        *target = *n;
      }
    }
    if (ok && rec.population.has_value() && rec.population_male.has_value() &&
        rec.population_female.has_value() &&
        *rec.population_male + *rec.population_female != *rec.population) {
      fail(Field::kPopulation,
           absl::StrCat("männlich ", *rec.population_male, " + weiblich ", *rec.population_female,
                        " is not insgesamt ", *rec.population, " (a shifted column?)"));
    }
    if (rec.satzart == 60 && column.contains(Field::kDegurba)) {
      const std::string_view d = Trim(cell(r, Field::kDegurba));
      if (d == "1" || d == "01") {
        rec.degurba = 1;
      } else if (d == "2" || d == "02") {
        rec.degurba = 2;
      } else if (d == "3" || d == "03") {
        rec.degurba = 3;
      } else if (!d.empty()) {
        fail(Field::kDegurba, absl::StrCat(Quote(d),
                                           " is not a degree of urbanisation (1 Städte, 2 kleinere "
                                           "Städte und Vororte, 3 ländliche Gebiete)"));
      }
    }
    if (ok) out.records.push_back(std::move(rec));
  }
  if (out.records.empty() && errors.empty()) {
    return absl::InvalidArgumentError("the Auszug holds no record below its header");
  }
  out.errors = errors.kept();
  out.error_count = errors.count();
  return out;
}

absl::StatusOr<RegisterEditionRows> ReadGvAuszugCsv(std::string data, const CsvOptions& csv,
                                                    const GvAuszugOptions& options) {
  CsvOptions o = csv;
  if (o.delimiter == 0) {
    // The delimiter of the header row: title rows above it may have none (or commas in text).
    std::string_view rest = data;
    for (int n = 0; n < 40 && !rest.empty(); ++n) {
      const size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (n == 0 && line.substr(0, 3) == kBom) line.remove_prefix(3);
      std::string_view first = Trim(line.substr(0, line.find_first_of(";,\t")));
      if (first.size() >= 2 && first.front() == '"')
        first = Trim(first.substr(1, first.size() - 2));
      if (LabelWords(first) != std::vector<std::string>{"satzart"}) continue;
      const std::array<char, 3> candidates = {';', ',', '\t'};
      size_t best = 0;
      for (char c : candidates) {
        const size_t count = std::count(line.begin(), line.end(), c);
        if (count > best) {
          best = count;
          o.delimiter = c;
        }
      }
      break;
    }
  }
  auto reader = CsvReader::FromString(std::move(data), o);
  if (!reader.ok()) return reader.status();
  GvAuszugParser parser(options);
  parser.AddRow((*reader)->header().line, (*reader)->header().fields);
  CsvRecord record;
  while ((*reader)->Next(&record)) parser.AddRow(record.line, std::move(record.fields));
  if (!(*reader)->status().ok()) return (*reader)->status();
  return parser.Finish();
}

absl::StatusOr<RegisterEditionRows> ReadGvAuszugXlsx(const std::string& path,
                                                     const std::string& sheet,
                                                     const GvAuszugOptions& options) {
  XlsxReadOptions xlsx;
  xlsx.decimal_mark = options.decimal_mark;
  auto book = XlsxWorkbook::Open(path, xlsx);
  if (!book.ok()) return book.status();
  std::string name = sheet;
  const std::vector<std::string> sheets = (*book)->sheet_names();
  if (name.empty()) {
    for (const std::string& s : sheets) {
      if (absl::StartsWithIgnoreCase(s, "Onlineprodukt_Gemeinden")) {
        name = s;
        break;
      }
    }
    if (name.empty() && sheets.size() == 1) name = sheets[0];
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, " has no sheet named Onlineprodukt_Gemeinden... (sheets: ",
          absl::StrJoin(sheets, ", "), "); name the Auszug's sheet with --sheet NAME"));
    }
  }
  auto reader = (*book)->OpenSheet(name);
  if (!reader.ok()) return reader.status();
  GvAuszugParser parser(options);
  parser.AddRow((*reader)->header().line, (*reader)->header().fields);
  CsvRecord record;
  while ((*reader)->Next(&record)) parser.AddRow(record.line, std::move(record.fields));
  if (!(*reader)->status().ok()) return (*reader)->status();
  return parser.Finish();
}

// ------------------------------------------------------------------------ reference dates

absl::StatusOr<ReferenceDates> ResolveReferenceDates(RegisterEditionRows& rows,
                                                     const ReferenceDateOptions& options) {
  ReferenceDates out;
  auto option_date = [](const std::string& raw,
                        const std::string& flag) -> absl::StatusOr<std::string> {
    if (raw.empty()) return std::string();
    auto iso = ParseDate(raw);
    if (!iso.ok())
      return absl::InvalidArgumentError(absl::StrCat(flag, ": ", iso.status().message()));
    return *iso;
  };
  auto gebietsstand = option_date(options.gebietsstand, "--gebietsstand");
  if (!gebietsstand.ok()) return gebietsstand.status();
  auto population = option_date(options.population_date, "--population-date");
  if (!population.ok()) return population.status();
  if (!population->empty() && population->substr(5) != "12-31") {
    return absl::InvalidArgumentError(
        absl::StrCat("--population-date ", options.population_date,
                     " is not a 31 December: integra records populations at 31.12. of a year"));
  }
  const bool gv100ad = rows.format == RegisterFormat::kGv100ad;
  const std::string product = gv100ad ? "GV100AD" : "Gemeindeverzeichnis-Auszug";

  // Gebietsstand.
  std::vector<std::string> missing;
  if (!gebietsstand->empty()) {
    for (RegisterRecordRow& r : rows.records) r.territory_date = *gebietsstand;
    out.notes.push_back(absl::StrCat("Gebietsstand ", GermanDate(*gebietsstand),
                                     " for every record (--gebietsstand)"));
  } else if (!gv100ad) {
    if (rows.stated_territory_date.empty()) {
      missing.push_back("its Gebietsstand (--gebietsstand YYYY-MM-DD)");
    } else {
      for (RegisterRecordRow& r : rows.records) r.territory_date = rows.stated_territory_date;
      out.notes.push_back(absl::StrCat("Gebietsstand ", GermanDate(rows.stated_territory_date),
                                       " as the file's title states"));
    }
  }

  // Population date, needed only when a record has a population.
  const bool any_population =
      std::any_of(rows.records.begin(), rows.records.end(),
                  [](const RegisterRecordRow& r) { return r.population.has_value(); });
  if (!population->empty()) {
    out.population_date = *population;
    out.notes.push_back(
        absl::StrCat("population as of ", GermanDate(*population), " (--population-date)"));
  } else if (any_population && !rows.stated_population_date.empty()) {
    out.population_date = rows.stated_population_date;
    out.notes.push_back(
        absl::StrCat("population as of ", GermanDate(out.population_date), " as the file states"));
  } else if (any_population && gv100ad) {
    // The documented GV100AD convention: 31.12. of the year before the Gebietsstand's year.
    std::map<std::string, int> years;  // year -> first line with it
    for (const RegisterRecordRow& r : rows.records) {
      if (!r.population.has_value()) continue;
      years.emplace(r.territory_date.substr(0, 4), r.line);
    }
    if (years.size() > 1) {
      std::vector<std::string> each;
      each.reserve(years.size());
      for (const auto& [y, line] : years) each.push_back(absl::StrCat(y, " (line ", line, ")"));
      return absl::InvalidArgumentError(absl::StrCat(
          "the records' Gebietsstände fall in different years (", absl::StrJoin(each, ", "),
          "), so the GV100AD convention gives no single population date; pass "
          "--population-date YYYY-MM-DD"));
    }
    int year = 0;
    if (!absl::SimpleAtoi(years.begin()->first, &year)) {
      return absl::InvalidArgumentError(absl::StrCat("line ", years.begin()->second,
                                                     ": the Gebietsstand has no year (",
                                                     years.begin()->first, ")"));
    }
    out.population_date = absl::StrCat(year - 1, "-12-31");
    out.notes.push_back(absl::StrCat(
        "population taken as of 31.12.", year - 1,
        " by the GV100AD convention (31.12. of the year before the Gebietsstand's year; the "
        "file states no population date); --population-date YYYY-MM-DD overrides it"));
  } else if (any_population) {
    missing.push_back("the date of its populations (--population-date YYYY-MM-DD, a 31 December)");
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the file does not state ", absl::StrJoin(missing, " or "), ", and the ", product,
        " has no convention for ", missing.size() > 1 ? "them" : "it",
        " (a CSV saved from the XLSX may lack its title rows): pass --gebietsstand YYYY-MM-DD "
        "and --population-date YYYY-MM-DD as the XLSX's title rows state them"));
  }
  return out;
}

}  // namespace integra::io
