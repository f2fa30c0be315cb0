// Parsing and formatting of single cells: numbers (decimal point or comma), periods, flags,
// breakdowns, unit keys, indicator codes, booleans and dates.
//
// Parsers trim surrounding whitespace and return InvalidArgument whose message is the reason
// shown to the user after "line N, column C: ", e.g. "'abc' is not a number". All functions
// are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::io {

using Breakdown = std::vector<std::pair<std::string, std::string>>;

// The decimal mark a user asked for.
enum class DecimalMark { kAuto, kPoint, kComma };

// How numbers in one file are read once the decimal mark is resolved.
enum class NumberStyle {
  kPoint,         // 1234.5 ; a comma is an error
  kComma,         // 1234,5 or 1.234,5 ; '.' only as thousands separator in groups of three
  kCommaOrPoint,  // 1234,5, 1.234,5 and 1.234.567 as kComma, and 12.5 as kPoint; "1.234" is
                  // ambiguous (thousands or decimals?) and refused with a hint to choose
};

// kPoint/kComma map to themselves. kAuto: a ','-separated file uses decimal points; a
// ';'-separated file is a German spreadsheet export and uses decimal commas, but plain
// decimal points are accepted too where they cannot be thousands separators (kCommaOrPoint).
NumberStyle ResolveNumberStyle(DecimalMark mark, char delimiter);

// What one numeric cell says. Official German tables (Destatis' Zeichenerklärung) put symbols
// where a number would stand; each one has a fixed meaning:
//   ""            nothing given                      -> no value, no flag
//   "-" or "–"    "genau null" (exactly nothing)     -> 0
//   "(12)"        "Aussagewert eingeschränkt"        -> 12, flag low_reliability
//   "."           "Zahlenwert unbekannt oder geheim" -> no value, flag suppressed
//   "x"           "Tabellenfach gesperrt"            -> no value, flag blocked
//   "/"           "keine Angabe, nicht sicher genug" -> no value, flag unreliable
//   "..." or "…"  "Angabe fällt später an"           -> no value, flag not_yet_available
//   "NA"          not available (R, pandas)          -> no value, no flag
// Numbers follow `style` (decimal mark, '.' thousands groups); thousands may also be grouped
// by a space, a no-break space (U+00A0) or a narrow no-break space (U+202F) as Destatis writes
// them ("1 234 567", "1 234,5"): a head of 1-3 digits, then groups of exactly 3, before the
// decimal mark. Such a space-grouped number followed by '.' and exactly three digits is
// ambiguous outside kPoint and refused like "1.234".
struct NumericCell {
  std::optional<double> value;  // nullopt = no value (never silently 0)
  std::string_view flag;        // the symbol's flag (a kObservationFlags name) or ""
};
absl::StatusOr<NumericCell> ParseNumericCell(std::string_view cell, NumberStyle style);
// ParseNumericCell without the flag: for cells that have no place for one (populations,
// areas, target values).
absl::StatusOr<std::optional<double>> ParseNumber(std::string_view cell, NumberStyle style);
// A non-negative whole number (e.g. a population), or nullopt when missing as above.
absl::StatusOr<std::optional<int64_t>> ParseCount(std::string_view cell, NumberStyle style);

// Period in canonical form: "2021", "2021-Q3" (also read: "2021-q3", "2021Q3"), "2021-07".
// Years 1800..2200.
absl::StatusOr<std::string> ParsePeriod(std::string_view cell);
// True for the strict period syntax used to recognise wide-format period columns.
bool IsPeriodColumnName(std::string_view name);

// Flags: names from kObservationFlags separated by '|', case-insensitive ("confidential" is
// read as "suppressed"). Returns lower-case names, duplicates removed, in canonical order.
absl::StatusOr<std::vector<std::string>> ParseFlags(std::string_view cell);
// "provisional|estimated" (canonical order is kept as given).
std::string FormatFlags(const std::vector<std::string>& flags);

// Breakdown "dim=value;dim=value": dimension keys are case-insensitive identifiers
// ([a-z][a-z0-9_]*, returned lower-case), values are non-empty and contain no ';' or '='.
// Returned sorted by key; a key given twice is an error. Empty cell = the total (no entries).
absl::StatusOr<Breakdown> ParseBreakdown(std::string_view cell);
// Inverse of ParseBreakdown for a sorted breakdown.
std::string FormatBreakdown(const Breakdown& breakdown);
// Checks one dimension key (as in ParseBreakdown) and returns it lower-case.
absl::StatusOr<std::string> ParseDimensionKey(std::string_view key);
// A dimension key derived from a free-form column title: "Altersgruppe (Jahre)" ->
// "altersgruppe_jahre", "Größe" -> "groesse". InvalidArgument if nothing usable remains.
absl::StatusOr<std::string> DimensionKeyFromTitle(std::string_view title);

// A unit key, checked for syntax only (the service canonicalises it: ARS -> AGS, DE -> DG;
// services/monitoring/units.h ParseUnitKey). All-digit keys must have 2 (Land), 3
// (Regierungsbezirk), 5 (Kreis), 8 (Gemeinde, AGS) or 12 (ARS) digits; a key one digit short
// is reported as a leading zero lost by a spreadsheet; 9 digits (a Gemeindeverband) are
// refused. The only letter keys are the Bund's: "DG" (as stored) and "DE" (either all upper-
// or all lower-case).
absl::StatusOr<std::string> ParseUnitKey(std::string_view cell);
// An indicator code: a letter or digit, then letters, digits, '_', '.', '-'; at most 64.
absl::StatusOr<std::string> ParseIndicatorCode(std::string_view cell);
// A lower-case id as used by the knowledge graph: letters, digits, '.', '-', '_'.
absl::StatusOr<std::string> ParseGraphId(std::string_view cell);

// Yes/no: true/false, yes/no, ja/nein, 1/0, x (case-insensitive). Empty = nullopt.
absl::StatusOr<std::optional<bool>> ParseBool(std::string_view cell);

// Date "YYYY-MM-DD" or German "DD.MM.YYYY", returned as ISO "YYYY-MM-DD"; empty stays empty.
absl::StatusOr<std::string> ParseDate(std::string_view cell);

// Shortest text that reads back as exactly `value` ("12.5", "0.1", "1e-07"); with
// `decimal_comma` the decimal point becomes a comma ("12,5"). -0 is written as "0".
std::string FormatNumber(double value, bool decimal_comma = false);

// `text` without leading and trailing ASCII whitespace.
std::string_view Trim(std::string_view text);
// Trimmed and ASCII-lower-cased: how header names are compared.
std::string NormalizeName(std::string_view text);

}  // namespace integra::io
