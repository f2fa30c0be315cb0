#include "services/monitoring/import_job_records.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/key_codec.h"
#include "storage/record_codec.h"

namespace integra::monitoring {
namespace {

using storage::KeyReader;
using storage::KeyWriter;
using storage::RecordReader;
using storage::RecordWriter;

constexpr uint8_t kJobTag = 0x00;
constexpr uint8_t kPartTag = 0x01;
constexpr uint8_t kJobVersion = 1;
constexpr uint8_t kPartVersion = 1;

absl::Status CheckVersion(RecordReader& r, uint8_t expected, const char* what) {
  ASSIGN_OR_RETURN(uint8_t v, r.U8());
  if (v != expected) {
    return absl::DataLossError(absl::StrCat(what, " record has unknown version ", v));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ImportJobKeyPrefix() { return KeyWriter().U8(kJobTag).Take(); }

std::string ImportJobKey(uint64_t job_id) { return KeyWriter().U8(kJobTag).U64(job_id).Take(); }

std::string ImportPartKey(uint64_t job_id, uint32_t part) {
  return KeyWriter().U8(kPartTag).U64(job_id).U32(part).Take();
}

absl::StatusOr<uint64_t> DecodeImportJobKey(std::string_view key) {
  KeyReader r(key);
  ASSIGN_OR_RETURN(uint8_t tag, r.U8());
  ASSIGN_OR_RETURN(uint64_t id, r.U64());
  if (tag != kJobTag || !r.done()) return absl::DataLossError("malformed import job key");
  return id;
}

std::string EncodeImportJobRecord(const ImportJobRecord& r) {
  return RecordWriter()
      .U8(kJobVersion)
      .U8(static_cast<uint8_t>(r.state))
      .Str(r.file_name)
      .Str(r.actor)
      .I64(r.started_micros)
      .I64(r.updated_micros)
      .I64(r.finished_micros)
      .U64(r.rows)
      .U64(r.revisions)
      .U64(r.unchanged)
      .U64(r.checkpoint.rows)
      .Str(r.checkpoint.digest)
      .U32(r.parts)
      .Str(r.unit_prefix)
      .Str(r.rolled_back_by)
      .U64(r.cells_restored)
      .U64(r.cells_removed)
      .U64(r.cells_kept)
      .Take();
}

absl::StatusOr<ImportJobRecord> DecodeImportJobRecord(uint64_t id, std::string_view data) {
  RecordReader r(data);
  RETURN_IF_ERROR(CheckVersion(r, kJobVersion, "import job"));
  ImportJobRecord out;
  out.id = id;
  ASSIGN_OR_RETURN(uint8_t state, r.U8());
  if (state < static_cast<uint8_t>(ImportJobState::kOpen) ||
      state > static_cast<uint8_t>(ImportJobState::kRolledBack)) {
    return absl::DataLossError(absl::StrCat("import job ", id, " has unknown state ", state));
  }
  out.state = static_cast<ImportJobState>(state);
  ASSIGN_OR_RETURN(out.file_name, r.Str());
  ASSIGN_OR_RETURN(out.actor, r.Str());
  ASSIGN_OR_RETURN(out.started_micros, r.I64());
  ASSIGN_OR_RETURN(out.updated_micros, r.I64());
  ASSIGN_OR_RETURN(out.finished_micros, r.I64());
  ASSIGN_OR_RETURN(out.rows, r.U64());
  ASSIGN_OR_RETURN(out.revisions, r.U64());
  ASSIGN_OR_RETURN(out.unchanged, r.U64());
  ASSIGN_OR_RETURN(out.checkpoint.rows, r.U64());
  ASSIGN_OR_RETURN(out.checkpoint.digest, r.Str());
  ASSIGN_OR_RETURN(out.parts, r.U32());
  ASSIGN_OR_RETURN(out.unit_prefix, r.Str());
  ASSIGN_OR_RETURN(out.rolled_back_by, r.Str());
  ASSIGN_OR_RETURN(out.cells_restored, r.U64());
  ASSIGN_OR_RETURN(out.cells_removed, r.U64());
  ASSIGN_OR_RETURN(out.cells_kept, r.U64());
  if (!r.done()) return absl::DataLossError(absl::StrCat("import job ", id, " has trailing bytes"));
  return out;
}

std::string EncodeImportPartRecord(const ImportPartRecord& r) {
  return RecordWriter()
      .U8(kPartVersion)
      .U8(static_cast<uint8_t>(r.kind))
      .I64(r.recorded_micros)
      .U64(r.first_sequence)
      .U64(r.last_sequence)
      .U64(r.rows)
      .Take();
}

absl::StatusOr<ImportPartRecord> DecodeImportPartRecord(std::string_view data) {
  RecordReader r(data);
  RETURN_IF_ERROR(CheckVersion(r, kPartVersion, "import part"));
  ImportPartRecord out;
  ASSIGN_OR_RETURN(uint8_t kind, r.U8());
  if (kind != static_cast<uint8_t>(ImportPartKind::kImport) &&
      kind != static_cast<uint8_t>(ImportPartKind::kRollback)) {
    return absl::DataLossError(absl::StrCat("import part record has unknown kind ", kind));
  }
  out.kind = static_cast<ImportPartKind>(kind);
  ASSIGN_OR_RETURN(out.recorded_micros, r.I64());
  ASSIGN_OR_RETURN(out.first_sequence, r.U64());
  ASSIGN_OR_RETURN(out.last_sequence, r.U64());
  ASSIGN_OR_RETURN(out.rows, r.U64());
  if (out.first_sequence == 0 || out.last_sequence < out.first_sequence) {
    return absl::DataLossError(absl::StrCat("import part record has the sequence range ",
                                            out.first_sequence, "..", out.last_sequence));
  }
  if (!r.done()) return absl::DataLossError("import part record has trailing bytes");
  return out;
}

}  // namespace integra::monitoring
