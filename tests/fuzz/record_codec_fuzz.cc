// Fuzz target: the value codec (storage/record_codec.h) and every record decoder over it that
// reads stored bytes: observation series, cross and change records (services/monitoring/
// observation_records.h), packed sections (packed_section.h), import job and part records
// (import_job_records.h), knowledge nodes and edges (services/knowledge/knowledge_records.h),
// API tokens and the audit trail (services/security/{token,audit}_records.h).
//
// The first byte picks the decoder (the generic reader also takes its field types from the
// input). Invariants: decoding never aborts, errors are DataLoss (or InvalidArgument);
// whatever decodes, encoded and decoded again encodes to the same bytes (the encoder's output
// is a fixed point), and the generic fields re-encode to exactly the bytes consumed.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "services/knowledge/knowledge_records.h"
#include "services/monitoring/import_job_records.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/packed_section.h"
#include "services/security/audit_records.h"
#include "services/security/token_records.h"
#include "storage/record_codec.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using integra::storage::RecordReader;
using integra::storage::RecordWriter;

void CheckError(const absl::Status& status) {
  FUZZ_CHECK(!status.ok());
  FUZZ_CHECK(status.code() == absl::StatusCode::kDataLoss ||
             status.code() == absl::StatusCode::kInvalidArgument);
}

// decode -> encode -> decode -> encode: both encodings equal.
template <typename Decode, typename Encode>
void FixedPoint(std::string_view data, Decode decode, Encode encode) {
  auto first = decode(data);
  if (!first.ok()) return CheckError(first.status());
  const std::string bytes = encode(*first);
  auto second = decode(bytes);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(encode(*second) == bytes);
}

void GenericFields(std::string_view ops, std::string_view data) {
  RecordReader reader(data);
  RecordWriter writer;
  size_t consumed_ok = 0;
  for (char op : ops) {
    absl::Status status;
    switch (static_cast<uint8_t>(op) % 8) {
      case 0: {
        auto v = reader.U8();
        if (v.ok()) writer.U8(*v);
        status = v.status();
        break;
      }
      case 1: {
        auto v = reader.U32();
        if (v.ok()) writer.U32(*v);
        status = v.status();
        break;
      }
      case 2: {
        auto v = reader.U64();
        if (v.ok()) writer.U64(*v);
        status = v.status();
        break;
      }
      case 3: {
        auto v = reader.I64();
        if (v.ok()) writer.I64(*v);
        status = v.status();
        break;
      }
      case 4: {
        auto v = reader.F64();
        if (v.ok()) writer.F64(*v);
        status = v.status();
        break;
      }
      case 5: {
        auto v = reader.Bool();
        if (v.ok()) writer.Bool(*v);
        status = v.status();
        break;
      }
      case 6: {
        auto v = reader.Str();
        if (v.ok()) writer.Str(*v);
        status = v.status();
        break;
      }
      default: {
        auto v = reader.StrList();
        if (v.ok()) writer.StrList(*v);
        status = v.status();
        break;
      }
    }
    if (!status.ok()) {
      CheckError(status);
      return;
    }
    ++consumed_ok;
  }
  // Varints may be written longer than needed (LEB128 with padding); the writer writes the
  // shortest form, so compare what the fields decode to, not the bytes.
  RecordReader again(writer.data());
  RecordReader first(data);
  for (size_t i = 0; i < consumed_ok; ++i) {
    switch (static_cast<uint8_t>(ops[i]) % 8) {
      case 0:
        FUZZ_CHECK(*again.U8() == *first.U8());
        break;
      case 1:
        FUZZ_CHECK(*again.U32() == *first.U32());
        break;
      case 2:
        FUZZ_CHECK(*again.U64() == *first.U64());
        break;
      case 3:
        FUZZ_CHECK(*again.I64() == *first.I64());
        break;
      case 4: {
        const double a = *again.F64(), b = *first.F64();
        FUZZ_CHECK(std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b));
        break;
      }
      case 5:
        FUZZ_CHECK(*again.Bool() == *first.Bool());
        break;
      case 6:
        FUZZ_CHECK(*again.Str() == *first.Str());
        break;
      default:
        FUZZ_CHECK(*again.StrList() == *first.StrList());
        break;
    }
  }
  FUZZ_CHECK(again.done());
}

void PackedSection(integra::fuzz::FuzzInput& in) {
  using integra::monitoring::Section;
  using integra::monitoring::SectionView;
  const uint8_t shape = in.Byte();
  const std::string_view values = in.Chunk(255);
  const std::string_view state = in.Rest();
  // The read path: a view checks its header and length only; Validate the rest.
  auto view = SectionView::Parse(values);
  if (view.ok()) {
    for (size_t i = 0; i < view->size(); ++i) {
      (void)view->code(i);
      (void)view->flags(i);
      (void)view->value(i);
    }
    if (view->Validate().ok()) {
      for (size_t i = 0; i < view->size(); ++i) (void)view->source(i);
      if (view->size() > 0) FUZZ_CHECK(view->LowerBound(view->code(0)) == 0);
    }
  } else {
    CheckError(view.status());
  }
  // The write path.
  std::optional<std::string_view> v, s;
  if (shape & 1) v = values;
  if (shape & 2) s = state;
  auto section = Section::Decode(v, s);
  if (!section.ok()) return CheckError(section.status());
  auto encoded = section->EncodeValues();
  if (!encoded.ok()) return CheckError(encoded.status());
  const std::string encoded_state = section->EncodeState();
  auto again = Section::Decode(*encoded, encoded_state);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->cells().size() == section->cells().size());
  auto encoded_again = again->EncodeValues();
  FUZZ_CHECK(encoded_again.ok() && *encoded_again == *encoded);
  FUZZ_CHECK(again->EncodeState() == encoded_state);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace mon = integra::monitoring;
  namespace kb = integra::knowledge::records;
  namespace sec = integra::security;
  integra::fuzz::FuzzInput in(data, size);
  const uint8_t selector = in.Byte();
  switch (selector % 11) {
    case 0: {
      const std::string_view ops = in.Chunk(24);
      GenericFields(ops, in.Rest());
      break;
    }
    case 1: {
      const std::string_view rest = in.Rest();
      FixedPoint(rest, mon::DecodeSeriesRecord, mon::EncodeSeriesRecord);
      auto time = mon::SeriesRecordTime(rest);
      auto record = mon::DecodeSeriesRecord(rest);
      if (record.ok()) FUZZ_CHECK(time.ok() && *time == record->recorded_micros);
      if (!time.ok()) CheckError(time.status());
      break;
    }
    case 2:
      FixedPoint(in.Rest(), mon::DecodeCrossRecord, mon::EncodeCrossRecord);
      break;
    case 3:
      FixedPoint(
          in.Rest(), [](std::string_view d) { return mon::DecodeChangeRecord(7, d); },
          mon::EncodeChangeRecord);
      break;
    case 4:
      FixedPoint(
          in.Rest(), [](std::string_view d) { return mon::DecodeImportJobRecord(7, d); },
          mon::EncodeImportJobRecord);
      break;
    case 5:
      FixedPoint(in.Rest(), mon::DecodeImportPartRecord, mon::EncodeImportPartRecord);
      break;
    case 6:
      FixedPoint(
          in.Rest(), [](std::string_view d) { return kb::DecodeNode("af.integration", d); },
          kb::EncodeNode);
      break;
    case 7:
      FixedPoint(
          in.Rest(),
          [](std::string_view d) -> absl::StatusOr<integra::knowledge::Edge> {
            integra::knowledge::Edge edge{.from = "a", .to = "b"};
            if (absl::Status s = kb::DecodeEdgeAttributes(d, edge); !s.ok()) return s;
            return edge;
          },
          kb::EncodeEdge);
      break;
    case 8:
      FixedPoint(
          in.Rest(),
          [](std::string_view d) { return sec::DecodeTokenRecord("0123456789abcdef", d); },
          sec::EncodeTokenRecord);
      break;
    case 9:
      FixedPoint(
          in.Rest(), [](std::string_view d) { return sec::DecodeAuditRecord(7, d); },
          sec::EncodeAuditRecord);
      break;
    default:
      PackedSection(in);
      break;
  }
  return 0;
}
