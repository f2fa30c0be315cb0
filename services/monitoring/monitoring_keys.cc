#include "services/monitoring/monitoring_keys.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/key_codec.h"

namespace integra::monitoring {
namespace {

using storage::KeyReader;
using storage::KeyWriter;

absl::StatusOr<Period> ReadPeriod(KeyReader& r) {
  ASSIGN_OR_RETURN(uint16_t year, r.U16());
  ASSIGN_OR_RETURN(uint8_t tag, r.U8());
  if (!IsValidPeriodTag(tag)) {
    return absl::DataLossError(absl::StrCat("stored period has unknown tag ", tag));
  }
  return Period{year, tag};
}

absl::StatusOr<UnitLevel> CheckedLevel(uint8_t raw) {
  if (raw < static_cast<uint8_t>(UnitLevel::kBund) ||
      raw > static_cast<uint8_t>(UnitLevel::kGemeinde)) {
    return absl::DataLossError(absl::StrCat("stored unit level ", raw, " is unknown"));
  }
  return static_cast<UnitLevel>(raw);
}

}  // namespace

std::string UnitStorageKey(const std::string& key) { return key; }
std::string IndicatorStorageKey(const std::string& code) { return KeyWriter().Str(code).Take(); }
std::string IndicatorKeyPrefix(uint32_t id) { return KeyWriter().U32(id).Take(); }

void AppendPeriod(std::string& key, Period period) {
  key.push_back(static_cast<char>(period.year >> 8));
  key.push_back(static_cast<char>(period.year & 0xFF));
  key.push_back(static_cast<char>(period.tag));
}

std::string SeriesUnitPrefix(uint32_t id, std::string_view bd, uint32_t unit) {
  return KeyWriter().U32(id).Raw(bd).U32(unit).Take();
}

std::string SeriesCellPrefix(uint32_t id, std::string_view bd, uint32_t unit, Period period) {
  std::string key = SeriesUnitPrefix(id, bd, unit);
  AppendPeriod(key, period);
  return key;
}

std::string SeriesKey(uint32_t id, std::string_view bd, uint32_t unit, Period period,
                      uint64_t sequence) {
  std::string key = SeriesCellPrefix(id, bd, unit, period);
  KeyWriter w;
  w.U64(~sequence);
  key.append(w.key());
  return key;
}

absl::StatusOr<std::string> TakeBreakdown(std::string_view& in) {
  if (in.empty()) return absl::DataLossError("key ends before its breakdown");
  size_t n = static_cast<uint8_t>(in[0]);
  if (in.size() < 1 + 2 * n) return absl::DataLossError("key ends inside its breakdown");
  std::string out(in.substr(0, 1 + 2 * n));
  in.remove_prefix(1 + 2 * n);
  return out;
}

absl::StatusOr<SeriesKeyParts> DecodeSeriesKey(std::string_view key) {
  SeriesKeyParts parts;
  KeyReader head(key);
  ASSIGN_OR_RETURN(parts.indicator_id, head.U32());
  std::string_view rest = head.rest();
  ASSIGN_OR_RETURN(parts.breakdown, TakeBreakdown(rest));
  KeyReader r(rest);
  ASSIGN_OR_RETURN(parts.unit, r.U32());
  ASSIGN_OR_RETURN(parts.period, ReadPeriod(r));
  ASSIGN_OR_RETURN(uint64_t inverted, r.U64());
  parts.sequence = ~inverted;
  if (!r.done()) return absl::DataLossError("series key has trailing bytes");
  return parts;
}

uint8_t SectionChunkOf(UnitLevel level, uint32_t unit_code) {
  return level == UnitLevel::kGemeinde ? static_cast<uint8_t>(unit_code >> 24) : 0;
}

std::string SectionLevelPrefix(uint32_t id, std::string_view bd, Period period, UnitLevel level) {
  std::string key = KeyWriter().U32(id).Raw(bd).Take();
  AppendPeriod(key, period);
  key.push_back(static_cast<char>(level));
  return key;
}

std::string SectionKey(uint32_t id, std::string_view bd, Period period, UnitLevel level,
                       uint8_t chunk) {
  std::string key = SectionLevelPrefix(id, bd, period, level);
  key.push_back(static_cast<char>(chunk));
  return key;
}

namespace {

// The head every cross-section key starts with: U32 indicator id | BD | P | U8 level. Returns
// the bytes after it.
template <typename Parts>
absl::StatusOr<std::string_view> DecodeLevelPrefix(std::string_view key, Parts& parts) {
  KeyReader head(key);
  ASSIGN_OR_RETURN(parts.indicator_id, head.U32());
  std::string_view rest = head.rest();
  ASSIGN_OR_RETURN(parts.breakdown, TakeBreakdown(rest));
  KeyReader r(rest);
  ASSIGN_OR_RETURN(parts.period, ReadPeriod(r));
  ASSIGN_OR_RETURN(uint8_t level, r.U8());
  ASSIGN_OR_RETURN(parts.level, CheckedLevel(level));
  return r.rest();
}

}  // namespace

absl::StatusOr<SectionKeyParts> DecodeSectionKey(std::string_view key) {
  SectionKeyParts parts;
  ASSIGN_OR_RETURN(std::string_view tail, DecodeLevelPrefix(key, parts));
  KeyReader r(tail);
  if (r.done()) return parts;
  ASSIGN_OR_RETURN(uint8_t chunk, r.U8());
  parts.chunk = chunk;
  if (!r.done()) return absl::DataLossError("section key has trailing bytes");
  return parts;
}

std::string CrossLevelPrefix(uint32_t id, std::string_view bd, Period period, UnitLevel level) {
  return SectionLevelPrefix(id, bd, period, level);
}

std::string CrossKey(uint32_t id, std::string_view bd, Period period, UnitLevel level,
                     uint32_t unit) {
  std::string key = CrossLevelPrefix(id, bd, period, level);
  KeyWriter w;
  w.U32(unit);
  key.append(w.key());
  return key;
}

absl::StatusOr<CrossKeyParts> DecodeCrossKey(std::string_view key) {
  CrossKeyParts parts;
  ASSIGN_OR_RETURN(std::string_view tail, DecodeLevelPrefix(key, parts));
  KeyReader r(tail);
  ASSIGN_OR_RETURN(parts.unit, r.U32());
  if (!r.done()) return absl::DataLossError("cross key has trailing bytes");
  return parts;
}

std::string BatchKey(int64_t recorded_micros) {
  return KeyWriter().I64(recorded_micros).Take();
}

absl::StatusOr<int64_t> DecodeBatchKey(std::string_view key) {
  KeyReader r(key);
  ASSIGN_OR_RETURN(int64_t micros, r.I64());
  if (!r.done()) return absl::DataLossError("batch key has trailing bytes");
  return micros;
}

std::string ChangeKey(uint64_t sequence) { return KeyWriter().U64(sequence).Take(); }

absl::StatusOr<uint64_t> DecodeChangeKey(std::string_view key) {
  KeyReader r(key);
  ASSIGN_OR_RETURN(uint64_t seq, r.U64());
  if (!r.done()) return absl::DataLossError("change key has trailing bytes");
  return seq;
}

}  // namespace integra::monitoring
