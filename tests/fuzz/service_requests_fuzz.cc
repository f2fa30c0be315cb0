// Fuzz target: requests into the service layer. The bytes are a serialized request message
// (plain byte fuzzing of the protobuf parser: Debian 12 packages no protobuf mutator); when it
// parses, it is converted as the gRPC adapter converts it (services/api/*_convert.h) and handed
// to the domain call the adapter makes, against one real data dir (RocksDB in a temp dir,
// opened once per process through engine::Engine and seeded with units, indicators and an
// action field).
//
// The first byte picks the message: PutObservationRequest, ImportObservationsRequest (as one
// message of the import stream: validate, or an import job's chunk), ApplyKnowledgeRequest,
// UpsertUnitRequest, ImportUnitsRequest (units), CreateIndicatorRequest, GetObservationRequest.
// Invariants: bad requests are refused with a client error, never Internal, DataLoss or Unknown
// (those would mean the store was hurt or the code went wrong); a value Put says it stored is
// what Get reads back.
#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "integra/v1/exchange.pb.h"
#include "integra/v1/knowledge.pb.h"
#include "integra/v1/monitoring.pb.h"
#include "services/api/knowledge_convert.h"
#include "services/api/monitoring_convert.h"
#include "services/engine/engine.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/import_jobs.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/unit_store.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace mon = integra::monitoring;
namespace v1 = integra::v1;

constexpr char kActor[] = "fuzz";

// A client error: what a request may cause.
void CheckClientError(const absl::Status& status) {
  if (status.ok()) return;
  const absl::StatusCode code = status.code();
  if (code == absl::StatusCode::kInternal || code == absl::StatusCode::kDataLoss ||
      code == absl::StatusCode::kUnknown) {
    std::fprintf(stderr, "server-side error for a request: %s\n", status.ToString().c_str());
    std::abort();
  }
}

void Check(const absl::Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "fuzz setup failed: %s\n", status.ToString().c_str());
    std::abort();
  }
}

integra::engine::Engine& TheEngine() {
  static integra::engine::Engine* engine = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string((tmp != nullptr && *tmp != '\0') ? tmp : "/tmp") +
                          "/integra-fuzz-service-XXXXXX";
    FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr);
    auto opened =
        integra::engine::Engine::Open({.data_dir = pattern, .block_cache_bytes = 8 << 20});
    Check(opened.status());
    integra::engine::Engine* e = opened->release();
    Check(e->knowledge()
              .CreateNode({.id = "af.integration",
                           .type = integra::knowledge::NodeType::kActionField,
                           .title_de = "Integration vor Ort"},
                          kActor)
              .status());
    std::vector<mon::Unit> units = {
        {.key = "01", .name = "Schleswig-Holstein", .type = mon::UnitType::kLand},
        {.key = "01001",
         .name = "Flensburg",
         .type = mon::UnitType::kKreisfreieStadt,
         .population = 92550},
        {.key = "01001000",
         .name = "Flensburg",
         .type = mon::UnitType::kKreisfreieStadt,
         .population = 92550},
        {.key = "05", .name = "Nordrhein-Westfalen", .type = mon::UnitType::kLand},
        {.key = "05315",
         .name = "Köln",
         .type = mon::UnitType::kKreisfreieStadt,
         .population = 1084831},
        {.key = "05315000",
         .name = "Köln",
         .type = mon::UnitType::kKreisfreieStadt,
         .population = 1084831}};
    Check(e->units().UpsertBatch(units).status());
    mon::Indicator count;
    count.code = "BEV";
    count.name_de = "Bevölkerung";
    count.unit = mon::MeasureUnit::kCount;
    count.aggregation.kind = mon::AggregationKind::kSum;
    Check(e->catalog().Create(count, {}, kActor).status());
    mon::Indicator share;
    share.code = "AUSL_ANTEIL";
    share.name_de = "Ausländeranteil";
    share.unit = mon::MeasureUnit::kPercent;
    share.dimensions = {{"sex", {"m", "f"}}};
    Check(e->catalog().Create(share, {"af.integration"}, kActor).status());
    return e;
  }();
  return *engine;
}

bool SameValue(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::bit_cast<uint64_t>(*a) == std::bit_cast<uint64_t>(*b) || *a == *b;
}

void PutObservation(const v1::PutObservationRequest& req) {
  auto row = integra::api::FromProto(req.observation());
  if (!row.ok()) return CheckClientError(row.status());
  auto put = TheEngine().observations().Put(*row, kActor);
  if (!put.ok()) return CheckClientError(put.status());
  const mon::Observation& stored = put->stored;
  auto read = TheEngine().observations().Get(
      {stored.indicator_code, stored.unit_key, stored.period, stored.breakdown}, std::nullopt);
  FUZZ_CHECK(read.ok());
  FUZZ_CHECK(SameValue(read->value, stored.value));
}

void ImportObservations(const v1::ImportObservationsRequest& req) {
  std::vector<mon::Observation> rows;
  for (const v1::Observation& o : req.rows()) {
    auto row = integra::api::FromProto(o);
    if (!row.ok()) return CheckClientError(row.status());
    rows.push_back(*std::move(row));
  }
  if (rows.empty()) return;
  if (req.absent_fields_size() > 1 && req.absent_fields_size() != req.rows_size()) return;
  mon::IngestOptions options;
  options.series_break_yes_no = req.series_break_yes_no();
  options.value_digits = std::clamp(req.value_digits(), 0, 17);
  for (uint32_t bits : req.absent_fields()) options.absent.push_back(static_cast<uint8_t>(bits));
  if (req.validate_only()) {
    CheckClientError(TheEngine().observations().Validate(rows, options).status());
    return;
  }
  auto job = TheEngine().import_jobs().Start(req.job_file_name(), kActor);
  auto result = job->Ingest(
      rows, {.rows = req.checkpoint().rows(), .digest = req.checkpoint().digest()}, options);
  if (!result.ok()) return CheckClientError(result.status());
  if (req.finish()) CheckClientError(job->Finish());
}

void ApplyKnowledge(const v1::ApplyKnowledgeRequest& req) {
  auto doc = integra::api::FromProto(req.document());
  if (!doc.ok()) return CheckClientError(doc.status());
  // Pruning would empty the graph the other requests refer to; the fuzzer may only dry-run it.
  const bool prune = req.prune();
  auto result = TheEngine().knowledge().Apply(
      *doc, {.prune = prune, .dry_run = prune || req.dry_run()}, kActor);
  CheckClientError(result.status());
}

void UpsertUnits(const google::protobuf::RepeatedPtrField<v1::Unit>& list) {
  std::vector<mon::Unit> units;
  for (const v1::Unit& u : list) {
    auto unit = integra::api::FromProto(u);
    if (!unit.ok()) return CheckClientError(unit.status());
    units.push_back(*std::move(unit));
  }
  if (units.empty()) return;
  CheckClientError(TheEngine().units().UpsertBatch(std::move(units)).status());
}

void CreateIndicator(const v1::CreateIndicatorRequest& req) {
  auto indicator = integra::api::FromProto(req.indicator());
  if (!indicator.ok()) return CheckClientError(indicator.status());
  std::vector<std::string> fields(req.action_field_ids().begin(), req.action_field_ids().end());
  CheckClientError(TheEngine().catalog().Create(*indicator, fields, kActor).status());
}

void GetObservation(const v1::GetObservationRequest& req) {
  mon::CellRef cell{req.indicator_code(), req.unit_key(), req.period(),
                    integra::api::FromProto(req.breakdown())};
  std::optional<int64_t> as_of;
  if (req.has_as_of_micros()) as_of = req.as_of_micros();
  CheckClientError(TheEngine().observations().Get(cell, as_of).status());
  CheckClientError(TheEngine().observations().History(cell).status());
}

template <typename Message>
bool Parse(std::string_view bytes, Message* message) {
  return message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  integra::fuzz::FuzzInput in(data, size);
  const uint8_t selector = in.Byte();
  const std::string_view bytes = in.Rest();
  TheEngine();
  switch (selector % 7) {
    case 0: {
      v1::PutObservationRequest req;
      if (Parse(bytes, &req)) PutObservation(req);
      break;
    }
    case 1: {
      v1::ImportObservationsRequest req;
      if (Parse(bytes, &req)) ImportObservations(req);
      break;
    }
    case 2: {
      v1::ApplyKnowledgeRequest req;
      if (Parse(bytes, &req)) ApplyKnowledge(req);
      break;
    }
    case 3: {
      v1::UpsertUnitRequest req;
      if (Parse(bytes, &req)) {
        auto unit = integra::api::FromProto(req.unit());
        if (!unit.ok()) {
          CheckClientError(unit.status());
        } else {
          CheckClientError(TheEngine().units().Upsert(*std::move(unit)).status());
        }
      }
      break;
    }
    case 4: {
      v1::ImportUnitsRequest req;
      if (Parse(bytes, &req) && req.has_units()) UpsertUnits(req.units().units());
      break;
    }
    case 5: {
      v1::CreateIndicatorRequest req;
      if (Parse(bytes, &req)) CreateIndicator(req);
      break;
    }
    default: {
      v1::GetObservationRequest req;
      if (Parse(bytes, &req)) GetObservation(req);
      break;
    }
  }
  return 0;
}
