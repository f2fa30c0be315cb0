// Value records of the observation families (storage/record_codec.h encodings, little-endian).
//
//   obs_series value, version 1 (one revision of a cell):
//     U8 version | I64 recorded_micros | U32 revision | U8 flags | Bool has_value | F64 value |
//     Str source | Str footnote | Str series_break
//   obs_cross value, version 1 (the latest revision of a cell; what ranking reads):
//     U8 version | U8 flags | Bool has_value | F64 value | U32 revision | U64 sequence |
//     U64 fingerprint
//   obs_changes value, version 1 (one accepted change, for the change feed):
//     U8 version | U8 kind | I64 recorded_micros | Str actor | Str indicator code |
//     Str unit key | Str period | Str breakdown text | U32 revision | U8 flags |
//     Bool has_value | F64 value | U64 removed
//   (kind 1 a revision, 2 an indicator deleted, 3 a cell removed: ChangeKind)
//
// The fingerprint is FNV-1a-64 over a revision's content (flags, value, source, footnote,
// series break), so a re-import can tell "unchanged, no new revision" from the small cross
// record alone, without reading the series. FNV-1a is fixed by this format: never change it.
//
// All functions are pure and thread-safe; decoders return DataLoss on malformed bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace integra::monitoring {

struct SeriesRecord {
  int64_t recorded_micros = 0;
  uint32_t revision = 0;
  uint8_t flags = 0;
  std::optional<double> value;
  std::string source;
  std::string footnote;
  std::string series_break;
};
std::string EncodeSeriesRecord(const SeriesRecord& r);
absl::StatusOr<SeriesRecord> DecodeSeriesRecord(std::string_view data);
// Reads only the recorded time (the as-of filter needs nothing else).
absl::StatusOr<int64_t> SeriesRecordTime(std::string_view data);
// The content fingerprint of a revision (everything but time and revision number).
uint64_t Fingerprint(const SeriesRecord& r);

struct CrossRecord {
  uint8_t flags = 0;
  std::optional<double> value;
  uint32_t revision = 0;
  uint64_t sequence = 0;
  uint64_t fingerprint = 0;
};
std::string EncodeCrossRecord(const CrossRecord& r);
absl::StatusOr<CrossRecord> DecodeCrossRecord(std::string_view data);

// Kinds of change-feed entries. Persisted: never renumber.
enum class ChangeKind : uint8_t {
  kRevision = 1,          // a new revision of an observation
  kIndicatorDeleted = 2,  // an indicator and `removed` observations were deleted
  kRemoved = 3,           // one cell's `removed` revisions were deleted (the rollback of an
                          // import job that created the cell): the cell has no value any more;
                          // `revision` is the latest revision deleted
};

struct ChangeRecord {
  uint64_t sequence = 0;  // from the key
  ChangeKind kind = ChangeKind::kRevision;
  int64_t recorded_micros = 0;
  std::string actor;
  std::string indicator_code;
  std::string unit_key;
  std::string period;
  std::string breakdown;  // canonical text, "" = total
  uint32_t revision = 0;
  uint8_t flags = 0;
  std::optional<double> value;
  uint64_t removed = 0;
};
std::string EncodeChangeRecord(const ChangeRecord& r);
absl::StatusOr<ChangeRecord> DecodeChangeRecord(uint64_t sequence, std::string_view data);

}  // namespace integra::monitoring
