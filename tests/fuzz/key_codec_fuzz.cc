// Fuzz target: the order-preserving key codec (storage/key_codec.h) and the key decoders built
// on it: monitoring (series, section, cross, batch, change keys; services/monitoring/
// monitoring_keys.h), import jobs (import_job_records.h) and the knowledge graph's edge keys
// (services/knowledge/knowledge_records.h).
//
// The first byte picks the decoder; for the generic reader, the next bytes are the component
// types to read. Invariants: decoding never aborts, errors are DataLoss or InvalidArgument;
// whatever decodes encodes back to exactly the bytes it was decoded from (each key has one
// encoding, so byte order is the order of the decoded values); PrefixSuccessor is an exclusive
// upper bound of every key with that prefix.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "services/knowledge/knowledge_records.h"
#include "services/monitoring/import_job_records.h"
#include "services/monitoring/monitoring_keys.h"
#include "storage/key_codec.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using integra::storage::KeyReader;
using integra::storage::KeyWriter;

void CheckError(const absl::Status& status) {
  FUZZ_CHECK(status.code() == absl::StatusCode::kDataLoss ||
             status.code() == absl::StatusCode::kInvalidArgument);
}

// Reads the components `ops` names from `key`, re-encodes each one that decodes and compares
// with the bytes consumed.
void GenericComponents(std::string_view ops, std::string_view key) {
  KeyReader reader(key);
  KeyWriter writer;
  for (char op : ops) {
    absl::Status status;
    switch (static_cast<uint8_t>(op) % 7) {
      case 0: {
        auto v = reader.U8();
        if (v.ok()) writer.U8(*v);
        status = v.status();
        break;
      }
      case 1: {
        auto v = reader.U16();
        if (v.ok()) writer.U16(*v);
        status = v.status();
        break;
      }
      case 2: {
        auto v = reader.U32();
        if (v.ok()) writer.U32(*v);
        status = v.status();
        break;
      }
      case 3: {
        auto v = reader.U64();
        if (v.ok()) writer.U64(*v);
        status = v.status();
        break;
      }
      case 4: {
        auto v = reader.I32();
        if (v.ok()) writer.I32(*v);
        status = v.status();
        break;
      }
      case 5: {
        auto v = reader.I64();
        if (v.ok()) writer.I64(*v);
        status = v.status();
        break;
      }
      default: {
        auto v = reader.Str();
        if (v.ok()) writer.Str(*v);
        status = v.status();
        break;
      }
    }
    if (!status.ok()) {
      CheckError(status);
      break;
    }
  }
  const size_t consumed = key.size() - reader.rest().size();
  FUZZ_CHECK(writer.key() == key.substr(0, consumed));
  FUZZ_CHECK(reader.done() == (consumed == key.size()));

  const std::string successor = integra::storage::PrefixSuccessor(key);
  if (!successor.empty()) {
    FUZZ_CHECK(std::string_view(successor) > key);
    // Every key with the prefix sorts below the successor.
    FUZZ_CHECK(std::string(key) + "\xff\xff" < successor);
  } else {
    FUZZ_CHECK(key.find_first_not_of('\xff') == std::string_view::npos);
  }
}

void MonitoringKeys(uint8_t which, std::string_view key) {
  using namespace integra::monitoring;
  switch (which % 7) {
    case 0: {
      auto p = DecodeSeriesKey(key);
      if (!p.ok()) return CheckError(p.status());
      FUZZ_CHECK(SeriesKey(p->indicator_id, p->breakdown, p->unit, p->period, p->sequence) == key);
      return;
    }
    case 1: {
      auto p = DecodeSectionKey(key);
      if (!p.ok()) return CheckError(p.status());
      const std::string again =
          p->chunk ? SectionKey(p->indicator_id, p->breakdown, p->period, p->level, *p->chunk)
                   : SectionLevelPrefix(p->indicator_id, p->breakdown, p->period, p->level);
      FUZZ_CHECK(again == key);
      return;
    }
    case 2: {
      auto p = DecodeCrossKey(key);
      if (!p.ok()) return CheckError(p.status());
      FUZZ_CHECK(CrossKey(p->indicator_id, p->breakdown, p->period, p->level, p->unit) == key);
      return;
    }
    case 3: {
      auto micros = DecodeBatchKey(key);
      if (!micros.ok()) return CheckError(micros.status());
      FUZZ_CHECK(BatchKey(*micros) == key);
      return;
    }
    case 4: {
      auto sequence = DecodeChangeKey(key);
      if (!sequence.ok()) return CheckError(sequence.status());
      FUZZ_CHECK(ChangeKey(*sequence) == key);
      return;
    }
    case 5: {
      auto id = DecodeImportJobKey(key);
      if (!id.ok()) return CheckError(id.status());
      FUZZ_CHECK(ImportJobKey(*id) == key);
      return;
    }
    default: {
      std::string_view in = key;
      auto breakdown = TakeBreakdown(in);
      if (!breakdown.ok()) return CheckError(breakdown.status());
      FUZZ_CHECK(*breakdown + std::string(in) == key);
      return;
    }
  }
}

void KnowledgeEdgeKey(std::string_view key, std::string_view value) {
  auto edge = integra::knowledge::records::DecodeOutEntry(key, value);
  if (!edge.ok()) return CheckError(edge.status());
  FUZZ_CHECK(integra::knowledge::records::OutKey(edge->from, edge->type, edge->to) == key);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  integra::fuzz::FuzzInput in(data, size);
  const uint8_t selector = in.Byte();
  switch (selector % 3) {
    case 0: {
      const std::string_view ops = in.Chunk(16);
      GenericComponents(ops, in.Rest());
      break;
    }
    case 1:
      MonitoringKeys(selector / 3, in.Rest());
      break;
    default: {
      const std::string_view value = in.Chunk(32);
      KnowledgeEdgeKey(in.Rest(), value);
      break;
    }
  }
  return 0;
}
