#include "services/monitoring/periods.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/message.h"

namespace integra::monitoring {
namespace {

bool AllDigits(const std::string& s, size_t from, size_t len) {
  if (from + len > s.size()) return false;
  for (size_t i = from; i < from + len; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

int Digits(const std::string& s, size_t from, size_t len) {
  int v = 0;
  for (size_t i = from; i < from + len; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

std::string PeriodicityName(Periodicity p) {
  switch (p) {
    case Periodicity::kYear:
      return "year";
    case Periodicity::kQuarter:
      return "quarter";
    case Periodicity::kMonth:
      return "month";
  }
  return "unknown";
}

absl::StatusOr<Periodicity> ParsePeriodicity(const std::string& name) {
  std::string n = absl::AsciiStrToLower(name);
  if (n == "year" || n == "yearly" || n == "annual") return Periodicity::kYear;
  if (n == "quarter" || n == "quarterly") return Periodicity::kQuarter;
  if (n == "month" || n == "monthly") return Periodicity::kMonth;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown periodicity ", common::QuoteForMessage(name), " (year, quarter, month)"));
}

Periodicity Period::periodicity() const {
  if (tag == 0) return Periodicity::kYear;
  if (tag < 20) return Periodicity::kQuarter;
  return Periodicity::kMonth;
}

std::string Period::ToString() const {
  if (tag == 0) return absl::StrCat(year);
  if (tag < 20) return absl::StrFormat("%04d-Q%d", year, tag - 10);
  return absl::StrFormat("%04d-%02d", year, tag - 20);
}

bool IsValidPeriodTag(uint8_t tag) {
  return tag == 0 || (tag >= 11 && tag <= 14) || (tag >= 21 && tag <= 32);
}

absl::StatusOr<Period> ParsePeriod(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(
        absl::StrCat("period ", common::QuoteForMessage(text), " is not valid: ", why,
                     " (expected YYYY, YYYY-Qn or YYYY-MM, e.g. 2016, 2016-Q3, 2016-07)"));
  };
  if (text.size() < 4 || !AllDigits(text, 0, 4)) return bad("it must start with a 4-digit year");
  if (text.size() > 4 && text[4] != '-') return bad("the year must have four digits");
  int year = Digits(text, 0, 4);
  if (year < kMinYear || year > kMaxYear) {
    return bad(absl::StrCat("year ", year, " is outside ", kMinYear, "-", kMaxYear));
  }
  Period p{static_cast<uint16_t>(year), 0};
  if (text.size() == 4) return p;
  if (text.size() == 7 && (text[5] == 'Q' || text[5] == 'q')) {
    if (!AllDigits(text, 6, 1)) return bad("the quarter must be 1-4");
    int q = text[6] - '0';
    if (q < 1 || q > 4) return bad(absl::StrCat("quarter ", q, " is not 1-4"));
    p.tag = static_cast<uint8_t>(10 + q);
    return p;
  }
  if (text.size() == 7 && AllDigits(text, 5, 2)) {
    int m = Digits(text, 5, 2);
    if (m < 1 || m > 12) return bad(absl::StrCat("month ", m, " is not 01-12"));
    p.tag = static_cast<uint8_t>(20 + m);
    return p;
  }
  return bad("unrecognised sub-period");
}

absl::StatusOr<Period> ParsePeriodFor(const std::string& text, Periodicity periodicity) {
  auto p = ParsePeriod(text);
  if (!p.ok()) return p.status();
  if (p->periodicity() != periodicity) {
    return absl::InvalidArgumentError(
        absl::StrCat("period '", text, "' is a ", PeriodicityName(p->periodicity()),
                     " but the indicator is observed per ", PeriodicityName(periodicity),
                     periodicity == Periodicity::kYear      ? " (e.g. 2016)"
                     : periodicity == Periodicity::kQuarter ? " (e.g. 2016-Q3)"
                                                            : " (e.g. 2016-07)"));
  }
  return p;
}

}  // namespace integra::monitoring
