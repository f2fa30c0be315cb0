// Key layout of the monitoring column families (all integers big-endian, see
// storage/key_codec.h; values are records, see observation_records.h and the stores).
//
//   units        Raw(unit key)                                 -> unit record (unit_store.cc)
//                  the canonical key bytes ("DG", "01", "01001", "01001000") without terminator,
//                  so a unit's key is a byte prefix of all keys below it: a Land or Kreis subtree
//                  is one prefix scan.
//   indicators   Str(code)                                     -> indicator record, holding the
//                  indicator's interned id (indicator_catalog.cc)
//   meta         "mon_next_indicator_id"                       -> next id to intern (decimal)
//
//   obs_series   U32 indicator id | BD | U32 unit code | P | U64 ~sequence
//                                                              -> series record (one revision)
//   obs_sections       U32 indicator id | BD | P | U8 unit level | U8 chunk   (SectionKey)
//                                  -> packed values of every unit of the chunk (packed_section.h)
//   obs_section_state  the same key     -> packed revisions and fingerprints (packed_section.h)
//                  chunk (SectionChunkOf): for the Gemeinde level the Land, i.e. the first byte of
//                  the unit code (the AGS's two leading digits as BCD, 0x01 .. 0x16), so that one
//                  Land's Gemeinden are one value; 0 for every other level (one chunk). The chunk
//                  byte is the top byte of every code it holds, so a level's chunks sort in code
//                  order and are contiguous under SectionLevelPrefix (one prefix scan reads the
//                  level in code order). Schema 2 had no chunk byte: one value per level, key =
//                  SectionLevelPrefix (read only by the migration to schema 3).
//   obs_changes  U64 sequence                                  -> change record (change feed)
//   obs_batches  I64 recorded micros (sign-flipped)            -> U64 last sequence of the write
//                  (one entry per observation write; "as of T" = the sequence of the last entry
//                  at or before T, found with one seek)
//   obs_cross    (schema 1 only, read by the migration) U32 indicator id | BD | P | U8 unit level |
//                  U32 unit code -> cross record (the latest revision of one cell)
//
// where
//   BD  breakdown: U8 n, then n pairs (U8 dimension index, U8 value index) in dimension order;
//       indices into the indicator's declared dimensions and their allowed values (declarations
//       are append-only, so indices are stable). The total (no breakdown) is the single byte 00.
//   P   period: U16 year, U8 tag (0 = year, 10+q = quarter q, 20+m = month m); see periods.h.
//   unit code  the unit key as packed BCD padded with 0xF nibbles (units.h UnitCodeOf).
//   ~sequence  bitwise NOT of the global change sequence, so the newest revision of a cell sorts
//       first: "latest" is the first key under the cell prefix, "as of T" the first whose
//       recorded time is <= T.
//
// Why this shape:
//  * One unit's series (the 20-year fetch) is one contiguous range under
//    indicator|BD|unit, ordered by period and, within a period, newest revision first.
//  * One period's cross-section of a level (peer ranking, a roll-up, a league table) is one
//    value per chunk under indicator|BD|period|level holding only the latest value per unit,
//    rewritten in the same WriteBatch as the series revision: a point read per chunk, served by
//    the block cache, and ranking never skips old revisions.
//  * The level byte keeps Kreise apart from Gemeinden, so ranking Kreise does not read 10,000
//    Gemeinden; the chunk byte keeps the Länder apart, so comparing the 1,100-2,300 Gemeinden of
//    one Land reads that Land's <= ~35 KB, not the ~165 KB of all 11,000 Gemeinden, and a
//    single-cell correction rewrites one Land's chunk.
//  * Interned 4-byte indicator ids and BCD unit codes keep a series key at 4+1+4+3+8 = 20 bytes
//    for a total, and every component is fixed width, so decoding is memcpy-cheap.
//  * Deleting an indicator's data is range deletions (prefix U32 id) in series and sections.
//
// All functions are pure and thread-safe. Decoders return DataLoss on malformed bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/monitoring/periods.h"
#include "services/monitoring/units.h"

namespace integra::monitoring {

inline constexpr char kNextIndicatorIdKey[] = "mon_next_indicator_id";

// The encoded total (empty breakdown).
inline constexpr std::string_view kTotalBreakdown{"\0", 1};

std::string UnitStorageKey(const std::string& canonical_unit_key);
std::string IndicatorStorageKey(const std::string& code);

// All keys of one indicator (series and cross alike start with it).
std::string IndicatorKeyPrefix(uint32_t indicator_id);

std::string SeriesUnitPrefix(uint32_t indicator_id, std::string_view breakdown, uint32_t unit);
std::string SeriesCellPrefix(uint32_t indicator_id, std::string_view breakdown, uint32_t unit,
                             Period period);
// Appends the 3-byte period to a key (used for range bounds: pass Period::FromCode(code + 1)).
void AppendPeriod(std::string& key, Period period);
std::string SeriesKey(uint32_t indicator_id, std::string_view breakdown, uint32_t unit,
                      Period period, uint64_t sequence);

struct SeriesKeyParts {
  uint32_t indicator_id = 0;
  std::string breakdown;  // encoded BD bytes
  uint32_t unit = 0;
  Period period;
  uint64_t sequence = 0;
};
absl::StatusOr<SeriesKeyParts> DecodeSeriesKey(std::string_view key);

// The chunk of a level's packed section that holds `unit_code`: its first byte (the Land, as
// BCD) for UnitLevel::kGemeinde, 0 for every other level.
uint8_t SectionChunkOf(UnitLevel level, uint32_t unit_code);
// The prefix of every chunk of one level (and, in schema 2, the whole section's key).
std::string SectionLevelPrefix(uint32_t indicator_id, std::string_view breakdown, Period period,
                               UnitLevel level);
std::string SectionKey(uint32_t indicator_id, std::string_view breakdown, Period period,
                       UnitLevel level, uint8_t chunk);

struct SectionKeyParts {
  uint32_t indicator_id = 0;
  std::string breakdown;
  Period period;
  UnitLevel level = UnitLevel::kBund;
  std::optional<uint8_t> chunk;  // nullopt: a schema-2 key (no chunk byte)
};
// Decodes a section key of schema 3 (with chunk) or 2 (without). DataLoss if malformed.
absl::StatusOr<SectionKeyParts> DecodeSectionKey(std::string_view key);

// Schema 1 (obs_cross, read only by the migration): the prefix of a level's cells (the bytes of
// SectionLevelPrefix) and one cell's key.
std::string CrossLevelPrefix(uint32_t indicator_id, std::string_view breakdown, Period period,
                             UnitLevel level);
std::string CrossKey(uint32_t indicator_id, std::string_view breakdown, Period period,
                     UnitLevel level, uint32_t unit);

struct CrossKeyParts {
  uint32_t indicator_id = 0;
  std::string breakdown;
  Period period;
  UnitLevel level = UnitLevel::kBund;
  uint32_t unit = 0;
};
absl::StatusOr<CrossKeyParts> DecodeCrossKey(std::string_view key);

std::string BatchKey(int64_t recorded_micros);
absl::StatusOr<int64_t> DecodeBatchKey(std::string_view key);

std::string ChangeKey(uint64_t sequence);
absl::StatusOr<uint64_t> DecodeChangeKey(std::string_view key);

// Reads one encoded BD component from the front of `in` (advancing it). DataLoss if malformed.
absl::StatusOr<std::string> TakeBreakdown(std::string_view& in);

}  // namespace integra::monitoring
