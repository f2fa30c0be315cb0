#include "services/monitoring/calendar.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace integra::monitoring {
namespace {

DayNumber ToDayNumber(absl::CivilDay d) {
  return static_cast<DayNumber>(d.year() * 10000 + int64_t{d.month()} * 100 + d.day());
}

absl::CivilDay ToCivil(DayNumber n) { return absl::CivilDay(n / 10000, (n / 100) % 100, n % 100); }

}  // namespace

absl::StatusOr<DayNumber> ParseDate(const std::string& text, const std::string& what) {
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " '", text, "' is not a date: ", why, " (expected YYYY-MM-DD)"));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad("wrong format");
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(text.substr(0, 4), &y) || !absl::SimpleAtoi(text.substr(5, 2), &m) ||
      !absl::SimpleAtoi(text.substr(8, 2), &d)) {
    return bad("non-digits");
  }
  if (y < kMinYear || y > kMaxYear) {
    return bad(absl::StrCat("year outside ", kMinYear, "-", kMaxYear));
  }
  absl::CivilDay day(y, m, d);
  // CivilDay normalises out-of-range fields (2021-02-30 -> 2021-03-02): a changed day means the
  // input was no calendar day.
  if (day.year() != y || day.month() != m || day.day() != d) return bad("no such day");
  return ToDayNumber(day);
}

absl::StatusOr<DayNumber> ParseDateOr(const std::string& text, DayNumber if_empty,
                                      const std::string& what) {
  if (text.empty()) return if_empty;
  return ParseDate(text, what);
}

std::string DateText(DayNumber n) {
  return absl::StrFormat("%04d-%02d-%02d", n / 10000, (n / 100) % 100, n % 100);
}

std::string DayBefore(const std::string& date) {
  auto n = ParseDate(date, "date");
  if (!n.ok()) return date;
  return DateText(ToDayNumber(ToCivil(*n) - 1));
}

std::string DayAfter(const std::string& date) {
  auto n = ParseDate(date, "date");
  if (!n.ok()) return date;
  return DateText(ToDayNumber(ToCivil(*n) + 1));
}

DayNumber FirstDay(Period p) {
  switch (p.periodicity()) {
    case Periodicity::kYear:
      return p.year * 10000 + 101;
    case Periodicity::kQuarter:
      return p.year * 10000 + ((p.tag - 11) * 3 + 1) * 100 + 1;
    case Periodicity::kMonth:
      return p.year * 10000 + (p.tag - 20) * 100 + 1;
  }
  return p.year * 10000 + 101;
}

DayNumber LastDay(Period p) {
  // The day before the next period's first day.
  return ToDayNumber(ToCivil(FirstDay(NextPeriod(p))) - 1);
}

double PeriodNumber(Period p) {
  switch (p.periodicity()) {
    case Periodicity::kYear:
      return p.year;
    case Periodicity::kQuarter:
      return p.year + (p.tag - 11) / 4.0;
    case Periodicity::kMonth:
      return p.year + (p.tag - 21) / 12.0;
  }
  return p.year;
}

Period PeriodOfNumber(double number, Periodicity periodicity) {
  const int steps = periodicity == Periodicity::kQuarter ? 4
                    : periodicity == Periodicity::kMonth ? 12
                                                         : 1;
  const long total = std::lround(number * steps);
  const auto year = static_cast<uint16_t>(total / steps);
  const int sub = static_cast<int>(total % steps);
  switch (periodicity) {
    case Periodicity::kYear:
      return Period{year, 0};
    case Periodicity::kQuarter:
      return Period{year, static_cast<uint8_t>(11 + sub)};
    case Periodicity::kMonth:
      return Period{year, static_cast<uint8_t>(21 + sub)};
  }
  return Period{year, 0};
}

Period NextPeriod(Period p) {
  const uint16_t next_year = static_cast<uint16_t>(p.year + 1);
  switch (p.periodicity()) {
    case Periodicity::kYear:
      return Period{next_year, 0};
    case Periodicity::kQuarter:
      return p.tag == 14 ? Period{next_year, 11} : Period{p.year, static_cast<uint8_t>(p.tag + 1)};
    case Periodicity::kMonth:
      return p.tag == 32 ? Period{next_year, 21} : Period{p.year, static_cast<uint8_t>(p.tag + 1)};
  }
  return Period{next_year, 0};
}

}  // namespace integra::monitoring
