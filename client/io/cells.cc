#include "client/io/cells.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client/io/rows.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

absl::Status Invalid(const std::string& reason) { return absl::InvalidArgumentError(reason); }

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// "1.234.567" with an optional sign: digits in groups of three after a 1-3 digit head.
bool IsThousandsGrouped(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 3) return false;
  if (!AllDigits(s.substr(0, dot))) return false;
  s.remove_prefix(dot);
  while (!s.empty()) {
    if (s.size() < 4 || s[0] != '.' || !AllDigits(s.substr(1, 3))) return false;
    s.remove_prefix(4);
  }
  return true;
}

// Parses plain "[-]digits[.digits][e[+-]digits]" with std::from_chars; nullopt if malformed.
std::optional<double> FromChars(const std::string& text) {
  std::string_view s = text;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string_view Trim(std::string_view text) {
  const char* kSpace = " \t\r\n\v\f";
  size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string NormalizeName(std::string_view text) {
  std::string out(Trim(text));
  for (char& c : out) c = Lower(c);
  return out;
}

NumberStyle ResolveNumberStyle(DecimalMark mark, char delimiter) {
  switch (mark) {
    case DecimalMark::kPoint:
      return NumberStyle::kPoint;
    case DecimalMark::kComma:
      return NumberStyle::kComma;
    case DecimalMark::kAuto:
      break;
  }
  return delimiter == ';' ? NumberStyle::kCommaOrPoint : NumberStyle::kPoint;
}

namespace {

// Replaces U+00A0 and U+202F by ' ' and checks that spaces only group thousands in the integer
// part ("1 234 567,5"). Returns the number without the spaces; `grouped` tells whether any
// were there. InvalidArgument for spaces elsewhere ("12 5", "1 23").
absl::StatusOr<std::string> RemoveSpaceGroups(std::string_view s, bool* grouped) {
  std::string text;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 2) == "\xC2\xA0") {
      text += ' ';
      ++i;
    } else if (s.substr(i, 3) == "\xE2\x80\xAF") {
      text += ' ';
      i += 2;
    } else {
      text += s[i];
    }
  }
  *grouped = text.find(' ') != std::string::npos;
  if (!*grouped) return text;
  size_t start = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  size_t end = text.find_first_not_of("0123456789 ", start);
  if (end == std::string::npos) end = text.size();
  if (text.find(' ', end) != std::string::npos) {
    return Invalid(Quoted(s) + " is not a number (a space may only group thousands: '1 234,5')");
  }
  std::string_view head(text.data() + start, end - start);
  size_t first = head.find(' ');
  bool ok = first >= 1 && first <= 3;
  for (size_t pos = first; ok && pos < head.size(); pos += 4) {
    ok = head[pos] == ' ' && pos + 4 <= head.size() && AllDigits(head.substr(pos + 1, 3)) &&
         (pos + 4 == head.size() || head[pos + 4] == ' ');
  }
  if (!ok) {
    return Invalid(Quoted(s) + " is not a number (spaces group thousands in threes: '1 234 567')");
  }
  text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
  return text;
}

absl::StatusOr<std::optional<double>> ParsePlainNumber(std::string_view s, NumberStyle style) {
  if (s.find('%') != std::string_view::npos) {
    return Invalid(Quoted(s) + " is not a number (leave the unit '%' out of the cell)");
  }
  bool space_grouped = false;
  ASSIGN_OR_RETURN(std::string spaced, RemoveSpaceGroups(s, &space_grouped));
  for (char c : spaced) {
    if (!IsDigit(c) && c != '.' && c != ',' && c != 'e' && c != 'E' && c != '+' && c != '-') {
      return Invalid(Quoted(s) + " is not a number");
    }
  }
  std::string text = spaced;
  bool has_comma = text.find(',') != std::string::npos;
  bool has_point = text.find('.') != std::string::npos;
  if (space_grouped && has_point && !has_comma && style != NumberStyle::kPoint &&
      text.size() - text.find('.') == 4 && text.find('.') == text.rfind('.')) {
    return Invalid(Quoted(s) +
                   " is ambiguous (spaces and a point both group thousands, or a decimal "
                   "point?); pass --decimal-comma or --decimal-point");
  }
  // "1.234.567" cannot have a decimal point, so even kCommaOrPoint reads it as thousands.
  bool grouped_thousands =
      std::count(text.begin(), text.end(), '.') > 1 && IsThousandsGrouped(text);
  bool comma_rules = style == NumberStyle::kComma ||
                     (style == NumberStyle::kCommaOrPoint && (has_comma || grouped_thousands));
  if (comma_rules) {
    if (std::count(text.begin(), text.end(), ',') > 1) {
      return Invalid(Quoted(s) + " is not a number (more than one decimal comma)");
    }
    if (has_point) {
      size_t comma = text.find(',');
      std::string integral = text.substr(0, comma);
      if (!IsThousandsGrouped(integral)) {
        return Invalid(Quoted(s) +
                       " is not a number with a decimal comma (such as '12,5'); "
                       "pass --decimal-point if the file uses decimal points");
      }
      integral.erase(std::remove(integral.begin(), integral.end(), '.'), integral.end());
      text = integral + (comma == std::string::npos ? "" : text.substr(comma));
    }
    std::replace(text.begin(), text.end(), ',', '.');
  } else if (has_comma) {
    return Invalid(Quoted(s) +
                   " is not a number with a decimal point (a decimal comma? "
                   "pass --decimal-comma)");
  } else if (style == NumberStyle::kCommaOrPoint && IsThousandsGrouped(text)) {
    return Invalid(Quoted(s) +
                   " is ambiguous in a ';'-separated file (thousands separator or "
                   "decimal point?); pass --decimal-comma or --decimal-point");
  }
  std::optional<double> value = FromChars(text);
  if (!value) return Invalid(Quoted(s) + " is not a number");
  return value;
}

}  // namespace

absl::StatusOr<NumericCell> ParseNumericCell(std::string_view cell, NumberStyle style) {
  std::string_view s = Trim(cell);
  if (s.empty() || s == "NA") return NumericCell{};
  if (s == ".") return NumericCell{std::nullopt, "suppressed"};
  if (s == "..." || s == "\xE2\x80\xA6") return NumericCell{std::nullopt, "not_yet_available"};
  if (s == "x" || s == "X") return NumericCell{std::nullopt, "blocked"};
  if (s == "/") return NumericCell{std::nullopt, "unreliable"};
  if (s == "-" || s == "\xE2\x80\x93") return NumericCell{0.0, ""};  // "-" or an en dash
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    std::string_view inner = Trim(s.substr(1, s.size() - 2));
    absl::StatusOr<std::optional<double>> value = ParsePlainNumber(inner, style);
    if (!value.ok() || !value->has_value()) {
      return Invalid(Quoted(s) +
                     " is not a number in parentheses (Destatis' '(12)': a value of limited "
                     "reliability)");
    }
    return NumericCell{**value, "low_reliability"};
  }
  // Destatis' letters after a number: p = vorläufig, s = geschätzt, r = berichtigt ("1 234p",
  // "12,5 s"). A correction needs no flag: the new revision is the correction.
  if (s.size() >= 2 && (s.back() == 'p' || s.back() == 's' || s.back() == 'r')) {
    const char mark = s.back();
    std::string_view number = Trim(s.substr(0, s.size() - 1));
    absl::StatusOr<std::optional<double>> value = ParsePlainNumber(number, style);
    if (!value.ok() || !value->has_value()) {
      return Invalid(Quoted(s) +
                     " is not a number followed by Destatis' p (vorläufig), s "
                     "(geschätzt) or r (berichtigt)");
    }
    return NumericCell{**value, mark == 'p' ? "provisional" : mark == 's' ? "estimated" : ""};
  }
  ASSIGN_OR_RETURN(std::optional<double> value, ParsePlainNumber(s, style));
  return NumericCell{value, ""};
}

absl::StatusOr<std::optional<double>> ParseNumber(std::string_view cell, NumberStyle style) {
  ASSIGN_OR_RETURN(NumericCell parsed, ParseNumericCell(cell, style));
  return parsed.value;
}

absl::StatusOr<std::optional<int64_t>> ParseCount(std::string_view cell, NumberStyle style) {
  ASSIGN_OR_RETURN(std::optional<double> number, ParseNumber(cell, style));
  if (!number.has_value()) return std::optional<int64_t>();
  double v = *number;
  if (v < 0 || v != std::floor(v) || v > 9.0e15) {
    return Invalid(Quoted(Trim(cell)) + " is not a whole number >= 0");
  }
  return std::optional<int64_t>(static_cast<int64_t>(v));
}

absl::StatusOr<std::string> ParsePeriod(std::string_view cell) {
  std::string_view s = Trim(cell);
  auto bad = [&] {
    return Invalid(Quoted(s) + " is not a period (expected YYYY, YYYY-Qn or YYYY-MM)");
  };
  if (s.size() < 4 || !AllDigits(s.substr(0, 4))) return bad();
  int year = std::stoi(std::string(s.substr(0, 4)));
  if (year < 1800 || year > 2200) {
    return Invalid(Quoted(s) + " is not a plausible period (year outside 1800..2200)");
  }
  std::string_view rest = s.substr(4);
  if (rest.empty()) return std::string(s);
  if (rest[0] == '-') rest.remove_prefix(1);
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4') {
    return std::string(s.substr(0, 4)) + "-Q" + rest[1];
  }
  if (rest.size() == 2 && AllDigits(rest) && s[4] == '-') {
    int month = (rest[0] - '0') * 10 + (rest[1] - '0');
    if (month >= 1 && month <= 12) return std::string(s);
  }
  return bad();
}

bool IsPeriodColumnName(std::string_view name) {
  std::string_view s = Trim(name);
  if (!(s.size() == 4 || s.size() == 7)) return false;
  if (s.size() == 7 && s[4] != '-') return false;  // only the canonical forms head columns
  return ParsePeriod(s).ok();
}

absl::StatusOr<std::vector<std::string>> ParseFlags(std::string_view cell) {
  std::vector<bool> present(std::size(kObservationFlags), false);
  std::string_view rest = Trim(cell);
  while (!rest.empty()) {
    size_t bar = rest.find('|');
    std::string name = NormalizeName(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    if (name.empty()) continue;
    if (name == "confidential") name = "suppressed";
    auto it = std::find(std::begin(kObservationFlags), std::end(kObservationFlags), name);
    if (it == std::end(kObservationFlags)) {
      return Invalid("unknown flag " + Quoted(name) +
                     " (flags: provisional, estimated, suppressed, synthetic, low_reliability, "
                     "blocked, unreliable, not_yet_available; separate several with '|')");
    }
    present[static_cast<size_t>(it - std::begin(kObservationFlags))] = true;
  }
  std::vector<std::string> flags;
  for (size_t i = 0; i < present.size(); ++i) {
    if (present[i]) flags.emplace_back(kObservationFlags[i]);
  }
  return flags;
}

std::string FormatFlags(const std::vector<std::string>& flags) {
  std::string out;
  for (const std::string& f : flags) {
    if (!out.empty()) out += '|';
    out += f;
  }
  return out;
}

absl::StatusOr<std::string> ParseDimensionKey(std::string_view key) {
  std::string k = NormalizeName(key);
  bool ok = !k.empty() && IsLower(k[0]) && std::all_of(k.begin(), k.end(), [](char c) {
    return IsLower(c) || IsDigit(c) || c == '_';
  });
  if (!ok) {
    return Invalid("dimension " + Quoted(Trim(key)) +
                   " is not an identifier (letters, digits and '_', starting with a letter)");
  }
  return k;
}

absl::StatusOr<Breakdown> ParseBreakdown(std::string_view cell) {
  Breakdown out;
  std::string_view rest = Trim(cell);
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view item = Trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos || item.find('=', eq + 1) != std::string_view::npos) {
      return Invalid(Quoted(item) +
                     " is not 'dimension=value' (breakdowns look like "
                     "'nationality=foreign;sex=female')");
    }
    ASSIGN_OR_RETURN(std::string key, ParseDimensionKey(item.substr(0, eq)));
    std::string_view value = Trim(item.substr(eq + 1));
    if (value.empty()) return Invalid("dimension '" + key + "' has no value");
    out.emplace_back(key, std::string(value));
  }
  std::sort(out.begin(), out.end());
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].first == out[i - 1].first) {
      return Invalid("dimension '" + out[i].first + "' is given twice");
    }
  }
  return out;
}

std::string FormatBreakdown(const Breakdown& breakdown) {
  std::string out;
  for (const auto& [key, value] : breakdown) {
    if (!out.empty()) out += ';';
    absl::StrAppend(&out, key, "=", value);
  }
  return out;
}

absl::StatusOr<std::string> DimensionKeyFromTitle(std::string_view title) {
  static constexpr std::pair<std::string_view, std::string_view> kUmlauts[] = {
      {"\xC3\xA4", "ae"}, {"\xC3\xB6", "oe"}, {"\xC3\xBC", "ue"}, {"\xC3\x9F", "ss"},
      {"\xC3\x84", "ae"}, {"\xC3\x96", "oe"}, {"\xC3\x9C", "ue"}};
  std::string key;
  std::string_view s = Trim(title);
  while (!s.empty()) {
    bool replaced = false;
    for (const auto& [from, to] : kUmlauts) {
      if (s.substr(0, from.size()) == from) {
        key += to;
        s.remove_prefix(from.size());
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    char c = Lower(s[0]);
    s.remove_prefix(1);
    if (IsLower(c) || IsDigit(c)) {
      key += c;
    } else if (!key.empty() && key.back() != '_') {
      key += '_';
    }
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  if (key.empty())
    return Invalid("column title " + Quoted(Trim(title)) + " gives no dimension name");
  if (IsDigit(key[0])) key = "d_" + key;
  return key;
}

absl::StatusOr<std::string> ParseUnitKey(std::string_view cell) {
  std::string_view s = Trim(cell);
  if (s.empty()) return Invalid("unit key is empty");
  if (AllDigits(s)) {
    switch (s.size()) {
      case 2:
      case 3:
      case 5:
      case 8:
      case 12:
        return std::string(s);
      case 9:
        return Invalid(Quoted(s) +
                       " is a Gemeindeverband key (9 digits); integra keeps no "
                       "Gemeindeverband level: give the Gemeinden (8-digit AGS) or the Kreis");
      case 1:
      case 4:
      case 7:
      case 11:
        return Invalid(Quoted(s) + " has " + std::to_string(s.size()) +
                       " digits; keys have 2, 3, 5, 8 (AGS) or 12 (ARS) (a spreadsheet dropped "
                       "the leading zero? use '0" +
                       std::string(s) + "' and format the column as text)");
      default:
        return Invalid(Quoted(s) + " has " + std::to_string(s.size()) +
                       " digits; keys have 2, 3, 5, 8 (AGS) or 12 (ARS)");
    }
  }
  // The letter keys the service accepts (services/monitoring/units.h ParseUnitKey).
  if (s == "DG" || s == "dg" || s == "DE" || s == "de") return std::string(s);
  return Invalid(Quoted(s) + " is not a unit key (AGS/ARS keys are digits; the Bund is DG or DE)");
}

absl::StatusOr<std::string> ParseIndicatorCode(std::string_view cell) {
  std::string_view s = Trim(cell);
  if (s.empty()) return Invalid("indicator code is empty");
  bool ok = s.size() <= 64 && (IsAlpha(s[0]) || IsDigit(s[0])) &&
            std::all_of(s.begin(), s.end(), [](char c) {
              return IsAlpha(c) || IsDigit(c) || c == '_' || c == '.' || c == '-';
            });
  if (!ok) {
    return Invalid(Quoted(s) +
                   " is not an indicator code (letters, digits, '_', '.', '-'; "
                   "at most 64)");
  }
  return std::string(s);
}

absl::StatusOr<std::string> ParseGraphId(std::string_view cell) {
  std::string s = NormalizeName(cell);
  bool ok = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsLower(c) || IsDigit(c) || c == '_' || c == '.' || c == '-';
  });
  if (!ok) {
    return Invalid(Quoted(Trim(cell)) + " is not an id (letters, digits, '.', '-', '_')");
  }
  return s;
}

absl::StatusOr<std::optional<bool>> ParseBool(std::string_view cell) {
  std::string s = NormalizeName(cell);
  if (s.empty()) return std::optional<bool>();
  for (const char* t : {"true", "1", "yes", "y", "ja", "j", "x", "wahr"}) {
    if (s == t) return std::optional<bool>(true);
  }
  for (const char* f : {"false", "0", "no", "n", "nein", "falsch"}) {
    if (s == f) return std::optional<bool>(false);
  }
  return Invalid(Quoted(Trim(cell)) + " is not a yes/no value (use true or false)");
}

absl::StatusOr<std::string> ParseDate(std::string_view cell) {
  std::string_view s = Trim(cell);
  if (s.empty()) return std::string();
  int y = 0, m = 0, d = 0;
  auto num = [](std::string_view t) { return AllDigits(t) ? std::stoi(std::string(t)) : -1; };
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    y = num(s.substr(0, 4)), m = num(s.substr(5, 2)), d = num(s.substr(8, 2));
  } else if (s.size() == 10 && s[2] == '.' && s[5] == '.') {
    d = num(s.substr(0, 2)), m = num(s.substr(3, 2)), y = num(s.substr(6, 4));
  } else {
    return Invalid(Quoted(s) + " is not a date (expected YYYY-MM-DD or DD.MM.YYYY)");
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  bool ok = y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] &&
            !(m == 2 && d == 29 && !leap);
  if (!ok) return Invalid(Quoted(s) + " is not a valid date");
  char buf[32];  // room for any int, so the compiler can prove no truncation
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::string FormatNumber(double value, bool decimal_comma) {
  if (value == 0) value = 0;  // turns -0 into +0
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  std::string out(buf, ec == std::errc() ? end : buf);
  if (decimal_comma) std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

}  // namespace integra::io
