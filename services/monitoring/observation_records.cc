#include "services/monitoring/observation_records.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/record_codec.h"

namespace integra::monitoring {
namespace {

using storage::RecordReader;
using storage::RecordWriter;

constexpr uint8_t kSeriesVersion = 1;
constexpr uint8_t kCrossVersion = 1;
constexpr uint8_t kChangeVersion = 1;

absl::Status CheckVersion(RecordReader& r, uint8_t expected, const char* what) {
  ASSIGN_OR_RETURN(uint8_t v, r.U8());
  if (v != expected) {
    return absl::DataLossError(absl::StrCat(what, " record has unknown version ", v));
  }
  return absl::OkStatus();
}

void Fnv(uint64_t& h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
}

}  // namespace

namespace {

// Flags, presence and value: the fields every observation record carries, in this order.
RecordWriter& PutValue(RecordWriter& w, uint8_t flags, const std::optional<double>& value) {
  return w.U8(flags).Bool(value.has_value()).F64(value.value_or(0));
}

absl::Status GetValue(RecordReader& r, uint8_t* flags, std::optional<double>* value) {
  ASSIGN_OR_RETURN(*flags, r.U8());
  ASSIGN_OR_RETURN(bool has_value, r.Bool());
  ASSIGN_OR_RETURN(double v, r.F64());
  if (has_value) *value = v;
  return absl::OkStatus();
}

// A series record's content: what a revision says, without when and which revision it is. Also
// the input of its fingerprint.
RecordWriter& PutContent(RecordWriter& w, const SeriesRecord& r) {
  return PutValue(w, r.flags, r.value).Str(r.source).Str(r.footnote).Str(r.series_break);
}

}  // namespace

std::string EncodeSeriesRecord(const SeriesRecord& r) {
  RecordWriter w;
  w.U8(kSeriesVersion).I64(r.recorded_micros).U32(r.revision);
  return PutContent(w, r).Take();
}

absl::StatusOr<SeriesRecord> DecodeSeriesRecord(std::string_view data) {
  RecordReader r(data);
  RETURN_IF_ERROR(CheckVersion(r, kSeriesVersion, "series"));
  SeriesRecord out;
  ASSIGN_OR_RETURN(out.recorded_micros, r.I64());
  ASSIGN_OR_RETURN(out.revision, r.U32());
  RETURN_IF_ERROR(GetValue(r, &out.flags, &out.value));
  ASSIGN_OR_RETURN(out.source, r.Str());
  ASSIGN_OR_RETURN(out.footnote, r.Str());
  ASSIGN_OR_RETURN(out.series_break, r.Str());
  return out;
}

absl::StatusOr<int64_t> SeriesRecordTime(std::string_view data) {
  RecordReader r(data);
  RETURN_IF_ERROR(CheckVersion(r, kSeriesVersion, "series"));
  return r.I64();
}

uint64_t Fingerprint(const SeriesRecord& r) {
  RecordWriter w;
  const std::string content = PutContent(w, r).Take();
  uint64_t h = 14695981039346656037ull;
  Fnv(h, content);
  return h;
}

std::string EncodeCrossRecord(const CrossRecord& r) {
  RecordWriter w;
  w.U8(kCrossVersion);
  return PutValue(w, r.flags, r.value).U32(r.revision).U64(r.sequence).U64(r.fingerprint).Take();
}

absl::StatusOr<CrossRecord> DecodeCrossRecord(std::string_view data) {
  RecordReader r(data);
  RETURN_IF_ERROR(CheckVersion(r, kCrossVersion, "cross-section"));
  CrossRecord out;
  RETURN_IF_ERROR(GetValue(r, &out.flags, &out.value));
  ASSIGN_OR_RETURN(out.revision, r.U32());
  ASSIGN_OR_RETURN(out.sequence, r.U64());
  ASSIGN_OR_RETURN(out.fingerprint, r.U64());
  return out;
}

std::string EncodeChangeRecord(const ChangeRecord& r) {
  RecordWriter w;
  w.U8(kChangeVersion)
      .U8(static_cast<uint8_t>(r.kind))
      .I64(r.recorded_micros)
      .Str(r.actor)
      .Str(r.indicator_code)
      .Str(r.unit_key)
      .Str(r.period)
      .Str(r.breakdown)
      .U32(r.revision);
  return PutValue(w, r.flags, r.value).U64(r.removed).Take();
}

absl::StatusOr<ChangeRecord> DecodeChangeRecord(uint64_t sequence, std::string_view data) {
  RecordReader r(data);
  RETURN_IF_ERROR(CheckVersion(r, kChangeVersion, "change"));
  ChangeRecord out;
  out.sequence = sequence;
  ASSIGN_OR_RETURN(uint8_t kind, r.U8());
  if (kind != static_cast<uint8_t>(ChangeKind::kRevision) &&
      kind != static_cast<uint8_t>(ChangeKind::kIndicatorDeleted) &&
      kind != static_cast<uint8_t>(ChangeKind::kRemoved)) {
    return absl::DataLossError(absl::StrCat("change ", sequence, " has unknown kind ", kind));
  }
  out.kind = static_cast<ChangeKind>(kind);
  ASSIGN_OR_RETURN(out.recorded_micros, r.I64());
  ASSIGN_OR_RETURN(out.actor, r.Str());
  ASSIGN_OR_RETURN(out.indicator_code, r.Str());
  ASSIGN_OR_RETURN(out.unit_key, r.Str());
  ASSIGN_OR_RETURN(out.period, r.Str());
  ASSIGN_OR_RETURN(out.breakdown, r.Str());
  ASSIGN_OR_RETURN(out.revision, r.U32());
  RETURN_IF_ERROR(GetValue(r, &out.flags, &out.value));
  ASSIGN_OR_RETURN(out.removed, r.U64());
  return out;
}

}  // namespace integra::monitoring
