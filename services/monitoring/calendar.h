// Calendar dates for the monitoring domain: unit validity periods, territorial-reform dates and
// the boundary date ("Gebietsstand") a series is shown on, and how reporting periods map onto
// them and onto the numeric time axis the analytics use.
//
// Dates are ISO text "YYYY-MM-DD" (what the register and the API carry); comparisons go through
// DayNumber, an int32 YYYYMMDD whose order is calendar order.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "services/monitoring/periods.h"

namespace integra::monitoring {

// YYYYMMDD as an integer (20210101): ordered like the dates, cheap to compare.
using DayNumber = int32_t;
inline constexpr DayNumber kNoDayBefore = 0;        // open start of a validity period
inline constexpr DayNumber kNoDayAfter = 99991231;  // open end of a validity period

// Checks "YYYY-MM-DD" (a real calendar day, year within kMinYear..kMaxYear) and returns its
// DayNumber. InvalidArgument naming `what` (e.g. "valid_from") otherwise.
absl::StatusOr<DayNumber> ParseDate(const std::string& text, const std::string& what);
// "" -> `if_empty`; otherwise ParseDate.
absl::StatusOr<DayNumber> ParseDateOr(const std::string& text, DayNumber if_empty,
                                      const std::string& what);
// DayNumber -> "YYYY-MM-DD".
std::string DateText(DayNumber day);
// The calendar day before `date` ("2021-01-01" -> "2020-12-31"). `date` must be valid.
std::string DayBefore(const std::string& date);
// The calendar day after `date` ("2020-12-31" -> "2021-01-01"). `date` must be valid.
std::string DayAfter(const std::string& date);

// First and last calendar day of a reporting period (2016 -> 2016-01-01 .. 2016-12-31;
// 2016-Q3 -> 2016-07-01 .. 2016-09-30; 2016-02 -> 2016-02-01 .. 2016-02-29).
DayNumber FirstDay(Period period);
DayNumber LastDay(Period period);

// A period on the analytics' time axis, in years: 2016 -> 2016, 2016-Q3 -> 2016.5,
// 2016-07 -> 2016.5. Slopes are therefore "per year" and CAGR is annual for every periodicity.
double PeriodNumber(Period period);
// Inverse of PeriodNumber for a given periodicity (nearest period; used to name analytics
// points, whose periods are numbers).
Period PeriodOfNumber(double number, Periodicity periodicity);
// The next period of the same periodicity (2016 -> 2017, 2016-Q4 -> 2017-Q1, 2016-12 -> 2017-01).
Period NextPeriod(Period period);

}  // namespace integra::monitoring
