// Keys and records of the import_jobs family: one job record per observation import job and one
// part record per write of the job that took change sequences (storage/key_codec.h and
// storage/record_codec.h encodings).
//
// Keys (big-endian: jobs sort by id, and the job records are one range apart from the parts, so
// listing jobs never steps over their parts):
//   U8 0x00 | U64 job id                     -> job record
//   U8 0x01 | U64 job id | U32 part number   -> part record (a job's parts numbered from 0)
//
// Job record, version 1 (little-endian fields, storage/record_codec.h):
//   U8 version = 1 | U8 state | Str file name | Str actor | I64 started micros |
//   I64 updated micros | I64 finished micros (0 = not finished) | U64 rows | U64 revisions |
//   U64 unchanged | U64 checkpoint rows | Str checkpoint digest | U32 parts |
//   Str unit prefix | Str rolled back by | U64 cells restored | U64 cells removed |
//   U64 cells kept
// Part record, version 1:
//   U8 version = 1 | U8 kind | I64 recorded micros | U64 first sequence | U64 last sequence |
//   U64 rows
//
// A job record is rewritten in the same WriteBatch as every write of its job (import chunk,
// rollback batch), so it always describes exactly what is stored. A part record names the
// contiguous change sequences one write took (a write takes its sequences under the store's one
// write lock, so they are contiguous): the import chunks' parts say which revisions are the
// job's, the rollback parts which revisions its rollback wrote.
//
// All functions are pure and thread-safe; decoders return DataLoss on malformed bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace integra::monitoring {

// Persisted: never renumber, only append.
enum class ImportJobState : uint8_t {
  kOpen = 1,         // written chunk by chunk; running while a stream holds it, else incomplete
  kComplete = 2,     // the client said the file ended and every chunk was written
  kRollingBack = 3,  // a rollback wrote part of its batches (interrupted: run it again)
  kRolledBack = 4,   // every value the job wrote was reverted
};

// Persisted: never renumber, only append.
enum class ImportPartKind : uint8_t {
  kImport = 1,    // revisions an import chunk wrote
  kRollback = 2,  // revisions (and removals) a rollback batch wrote
};

// Where the client stands in its file after the rows the job has committed: how many rows it
// read and its digest of them (the server stores both as given and compares them on resume).
struct ImportCheckpoint {
  uint64_t rows = 0;
  std::string digest;
  bool operator==(const ImportCheckpoint&) const = default;
};

struct ImportJobRecord {
  uint64_t id = 0;  // from the key
  ImportJobState state = ImportJobState::kOpen;
  std::string file_name;
  std::string actor;
  int64_t started_micros = 0;
  int64_t updated_micros = 0;
  int64_t finished_micros = 0;  // complete or rolled back; 0 otherwise
  uint64_t rows = 0;            // rows of the committed chunks
  uint64_t revisions = 0;       // of them: rows that became a new revision
  uint64_t unchanged = 0;       // of them: rows equal to the stored value (nothing written)
  ImportCheckpoint checkpoint;  // the client's position after the last committed chunk
  uint32_t parts = 0;           // part records 0 .. parts-1
  std::string unit_prefix;      // the longest common prefix of every unit key the job wrote
  std::string rolled_back_by;   // the actor of the rollback ("" if none)
  uint64_t cells_restored = 0;  // rollback: cells given their previous value again
  uint64_t cells_removed = 0;   // rollback: cells the job had created, removed
  uint64_t cells_kept = 0;      // rollback: cells changed by others since, left as they are
};

struct ImportPartRecord {
  ImportPartKind kind = ImportPartKind::kImport;
  int64_t recorded_micros = 0;
  uint64_t first_sequence = 0;  // inclusive
  uint64_t last_sequence = 0;   // inclusive
  uint64_t rows = 0;            // import: rows of the chunk; rollback: cells of the batch
};

std::string ImportJobKey(uint64_t job_id);
std::string ImportPartKey(uint64_t job_id, uint32_t part);
// The prefix of every job key (the range to list jobs in).
std::string ImportJobKeyPrefix();
// Decodes a job key. DataLoss for any other bytes.
absl::StatusOr<uint64_t> DecodeImportJobKey(std::string_view key);

std::string EncodeImportJobRecord(const ImportJobRecord& r);
absl::StatusOr<ImportJobRecord> DecodeImportJobRecord(uint64_t id, std::string_view data);
std::string EncodeImportPartRecord(const ImportPartRecord& r);
absl::StatusOr<ImportPartRecord> DecodeImportPartRecord(std::string_view data);

}  // namespace integra::monitoring
