// Fuzz target: the small parsers every import and request goes through: periods and unit keys
// (AGS/ARS) of the domain (services/monitoring/periods.h, units.h), the cell parsers of the
// file readers with the Destatis table symbols (client/io/cells.h), and the XLSX cell helpers
// (dates from serial numbers, number formats, _xHHHH_ escapes; client/io/xlsx_reader.h).
//
// The first byte picks the parser, the rest is the text. Invariants: errors are
// InvalidArgument (DataLoss for stored codes); every canonical form a parser returns parses
// again to itself (idempotence), codes round-trip (UnitCodeOf / UnitKeyOfCode, Period codes),
// the file layer's period syntax agrees with the domain's, a number written by FormatNumber
// reads back as the same number in both decimal styles, and a unit's parent chain reaches the
// Bund in at most four steps.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "client/io/cells.h"
#include "client/io/xlsx_reader.h"
#include "services/monitoring/periods.h"
#include "services/monitoring/units.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace io = integra::io;
namespace mon = integra::monitoring;

void CheckError(const absl::Status& status) {
  FUZZ_CHECK(!status.ok());
  FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument);
}

// Parses, and checks that the result parses again to itself.
template <typename Parse>
void Idempotent(std::string_view text, Parse parse) {
  auto first = parse(text);
  if (!first.ok()) return CheckError(first.status());
  auto second = parse(*first);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(*second == *first);
}

void DomainPeriod(const std::string& text, uint8_t sub) {
  auto period = mon::ParsePeriod(text);
  if (!period.ok()) return CheckError(period.status());
  FUZZ_CHECK(period->year >= mon::kMinYear && period->year <= mon::kMaxYear);
  FUZZ_CHECK(mon::IsValidPeriodTag(period->tag));
  FUZZ_CHECK(mon::Period::FromCode(period->code()) == *period);
  const std::string canonical = period->ToString();
  auto again = mon::ParsePeriod(canonical);
  FUZZ_CHECK(again.ok() && *again == *period && again->ToString() == canonical);
  const auto periodicity = static_cast<mon::Periodicity>(1 + sub % 3);
  auto typed = mon::ParsePeriodFor(text, periodicity);
  FUZZ_CHECK(typed.ok() == (period->periodicity() == periodicity));
  if (!typed.ok()) CheckError(typed.status());
}

void DomainUnitKey(const std::string& text) {
  auto key = mon::ParseUnitKey(text);
  if (!key.ok()) return CheckError(key.status());
  auto again = mon::ParseUnitKey(key->key);
  FUZZ_CHECK(again.ok() && again->key == key->key && again->level == key->level);
  FUZZ_CHECK(mon::LevelOfKey(key->key) == key->level);
  auto decoded = mon::UnitKeyOfCode(mon::UnitCodeOf(key->key));
  FUZZ_CHECK(decoded.ok() && *decoded == key->key);
  std::string current = key->key;
  for (int step = 0; step < 5 && !current.empty(); ++step) {
    current = mon::ParentKey(current);
    if (!current.empty()) FUZZ_CHECK(mon::ParseUnitKey(current).ok());
  }
  FUZZ_CHECK(current.empty());
}

void UnitCode(std::string_view bytes) {
  uint32_t code = 0;
  std::memcpy(&code, bytes.data(), std::min(bytes.size(), sizeof code));
  auto key = mon::UnitKeyOfCode(code);
  if (!key.ok()) {
    FUZZ_CHECK(key.status().code() == absl::StatusCode::kDataLoss);
    return;
  }
  FUZZ_CHECK(mon::UnitCodeOf(*key) == code);
}

void Enums(const std::string& text) {
  if (auto v = mon::ParseUnitType(text); v.ok())
    FUZZ_CHECK(*mon::ParseUnitType(mon::UnitTypeName(*v)) == *v);
  if (auto v = mon::ParseUnitLevel(text); v.ok())
    FUZZ_CHECK(*mon::ParseUnitLevel(mon::UnitLevelName(*v)) == *v);
  if (auto v = mon::ParseSizeClass(text); v.ok())
    FUZZ_CHECK(*mon::ParseSizeClass(mon::SizeClassName(*v)) == *v);
  if (auto v = mon::ParseDegurba(text); v.ok())
    FUZZ_CHECK(*mon::ParseDegurba(mon::DegurbaName(*v)) == *v);
  if (auto v = mon::ParsePeriodicity(text); v.ok())
    FUZZ_CHECK(*mon::ParsePeriodicity(mon::PeriodicityName(*v)) == *v);
}

void Numeric(std::string_view text, uint8_t sub) {
  static constexpr io::NumberStyle kStyles[] = {io::NumberStyle::kPoint, io::NumberStyle::kComma,
                                                io::NumberStyle::kCommaOrPoint};
  const io::NumberStyle style = kStyles[sub % 3];
  auto cell = io::ParseNumericCell(text, style);
  if (!cell.ok()) {
    CheckError(cell.status());
  } else if (cell->value) {
    const double v = *cell->value;
    FUZZ_CHECK(std::isfinite(v));
    auto point = io::ParseNumber(io::FormatNumber(v, false), io::NumberStyle::kPoint);
    FUZZ_CHECK(point.ok() && point->has_value() && **point == (v == 0 ? 0.0 : v));
    auto comma = io::ParseNumber(io::FormatNumber(v, true), io::NumberStyle::kComma);
    FUZZ_CHECK(comma.ok() && comma->has_value() && **comma == (v == 0 ? 0.0 : v));
  }
  auto count = io::ParseCount(text, style);
  if (count.ok() && count->has_value()) FUZZ_CHECK(**count >= 0);
  if (!count.ok()) CheckError(count.status());
}

void FilePeriod(std::string_view text) {
  auto period = io::ParsePeriod(text);
  if (io::IsPeriodColumnName(text)) FUZZ_CHECK(period.ok());
  if (!period.ok()) return CheckError(period.status());
  auto domain = mon::ParsePeriod(*period);
  FUZZ_CHECK(domain.ok() && domain->ToString() == *period);
}

void Flags(std::string_view text) {
  auto flags = io::ParseFlags(text);
  if (!flags.ok()) return CheckError(flags.status());
  auto again = io::ParseFlags(io::FormatFlags(*flags));
  FUZZ_CHECK(again.ok() && *again == *flags);
}

void Breakdown(std::string_view text) {
  auto breakdown = io::ParseBreakdown(text);
  if (!breakdown.ok()) return CheckError(breakdown.status());
  auto again = io::ParseBreakdown(io::FormatBreakdown(*breakdown));
  FUZZ_CHECK(again.ok() && *again == *breakdown);
}

void XlsxHelpers(std::string_view text) {
  if (text.size() >= sizeof(double)) {
    double serial = 0;
    std::memcpy(&serial, text.data(), sizeof serial);
    const bool date1904 = (text[0] & 1) != 0;
    auto iso = io::XlsxSerialToIso(serial, date1904, (text[0] & 2) != 0);
    if (iso) FUZZ_CHECK(iso->size() >= 10 && (*iso)[4] == '-' && (*iso)[7] == '-');
  }
  const io::XlsxDateFormat format = io::ClassifyNumberFormat(text);
  (void)format;
  const std::string decoded = io::DecodeXlsxEscapes(text);
  FUZZ_CHECK(decoded.size() <= text.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  integra::fuzz::FuzzInput in(data, size);
  const uint8_t selector = in.Byte();
  const std::string_view text = in.Rest();
  const std::string owned(text);
  const uint8_t sub = selector / 16;
  switch (selector % 16) {
    case 0:
      DomainPeriod(owned, sub);
      break;
    case 1:
      DomainUnitKey(owned);
      break;
    case 2:
      UnitCode(text);
      break;
    case 3:
      Enums(owned);
      break;
    case 4:
      Numeric(text, sub);
      break;
    case 5:
      FilePeriod(text);
      break;
    case 6:
      Flags(text);
      break;
    case 7:
      Breakdown(text);
      break;
    case 8:
      Idempotent(text, [](std::string_view t) { return io::ParseDate(t); });
      break;
    case 9:
      Idempotent(text, [](std::string_view t) { return io::ParseUnitKey(t); });
      break;
    case 10:
      Idempotent(text, [](std::string_view t) { return io::ParseIndicatorCode(t); });
      break;
    case 11:
      Idempotent(text, [](std::string_view t) { return io::ParseGraphId(t); });
      break;
    case 12:
      Idempotent(text, [](std::string_view t) { return io::ParseDimensionKey(t); });
      break;
    case 13: {
      auto key = io::DimensionKeyFromTitle(text);
      if (!key.ok()) {
        CheckError(key.status());
      } else {
        FUZZ_CHECK(io::ParseDimensionKey(*key).ok());
      }
      break;
    }
    case 14: {
      auto b = io::ParseBool(text);
      if (!b.ok()) CheckError(b.status());
      break;
    }
    default:
      XlsxHelpers(text);
      break;
  }
  return 0;
}
