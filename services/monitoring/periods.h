// Reporting periods of indicator observations: "2016" (year), "2016-Q3" (quarter), "2016-07"
// (month).
//
// A period is stored as a 3-byte, order-preserving code (see monitoring_keys.h): the year as a
// big-endian uint16 and a sub-period tag (0 = whole year, 11..14 = quarter 1..4, 21..32 = month
// 1..12). Within one periodicity byte order is time order, so a range scan from one period to
// another returns the periods in between in order. An indicator has one periodicity, so periods
// of different kinds never meet in one series.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace integra::monitoring {

// How often an indicator is observed. Persisted: never renumber.
enum class Periodicity : uint8_t {
  kYear = 1,
  kQuarter = 2,
  kMonth = 3,
};

// "year", "quarter", "month".
std::string PeriodicityName(Periodicity p);
// Case-insensitive; InvalidArgument naming the valid values otherwise.
absl::StatusOr<Periodicity> ParsePeriodicity(const std::string& name);

// Years outside this range are refused (typing errors such as "216" or "20166").
inline constexpr int kMinYear = 1800;
inline constexpr int kMaxYear = 2200;

struct Period {
  uint16_t year = 0;
  uint8_t tag = 0;  // 0 = year, 10 + quarter, 20 + month

  Periodicity periodicity() const;
  // The 24-bit sortable code: year << 8 | tag.
  uint32_t code() const { return (static_cast<uint32_t>(year) << 8) | tag; }
  static Period FromCode(uint32_t code) {
    return Period{static_cast<uint16_t>(code >> 8), static_cast<uint8_t>(code & 0xFF)};
  }
  // Canonical text: "2016", "2016-Q3", "2016-07".
  std::string ToString() const;
  bool operator==(const Period&) const = default;
  auto operator<=>(const Period& o) const { return code() <=> o.code(); }
};

// Parses any of the three forms. InvalidArgument with the reason ("2016-13": month out of range;
// "16": year must have four digits; ...).
absl::StatusOr<Period> ParsePeriod(const std::string& text);
// Parses and checks that the period has the given periodicity: "2016-Q3" for a yearly indicator
// is InvalidArgument ("... is a quarter, but indicator X is observed yearly").
absl::StatusOr<Period> ParsePeriodFor(const std::string& text, Periodicity periodicity);
// Whether a stored tag is one of the defined ones (decoders use it to reject corrupt keys).
bool IsValidPeriodTag(uint8_t tag);

}  // namespace integra::monitoring
