#include "services/api/exchange_service.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/api/analytics_convert.h"
#include "services/api/monitoring_convert.h"
#include "services/api/status.h"
#include "services/monitoring/catalog_import.h"

namespace integra::api {
namespace {

using monitoring::RowRejection;

constexpr int kFeedChunk = 500;
constexpr int kDefaultExportChunk = 1000;
constexpr int kMaxExportChunk = 10000;

void AddProblems(const std::vector<RowRejection>& rejected, v1::ImportBatchResult* out) {
  for (const RowRejection& r : rejected) {
    auto* p = out->add_rejected();
    p->set_index(r.index);
    p->set_code(absl::StatusCodeToString(r.status.code()));
    p->set_reason(std::string(r.status.message()));
    p->set_field(monitoring::FieldOf(r.status));
  }
}

// Rows a conversion refused, merged with the rejections of the rows it let through (whose
// indices refer to the `kept` subset), in batch order.
std::vector<RowRejection> Merge(std::vector<RowRejection> malformed,
                                const std::vector<RowRejection>& checked,
                                const std::vector<int>& kept) {
  for (const RowRejection& r : checked) malformed.push_back({kept[r.index], r.status});
  std::sort(malformed.begin(), malformed.end(),
            [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; });
  return malformed;
}

// The answer to a catalog batch (units, indicators): every rejection in batch order, applied
// only if nothing was rejected, and the counts only then.
void FinishBatch(std::vector<RowRejection> malformed, const std::vector<RowRejection>& checked,
                 const std::vector<int>& kept, bool applied, int accepted, int unchanged,
                 v1::ImportBatchResult* resp) {
  const std::vector<RowRejection> rejected = Merge(std::move(malformed), checked, kept);
  resp->set_applied(applied && rejected.empty());
  if (rejected.empty()) {
    resp->set_accepted(accepted);
    resp->set_unchanged(unchanged);
  }
  AddProblems(rejected, resp);
}

// Converts a batch of proto rows with `convert`, splitting it into domain rows (with their batch
// positions) and rows refused by the conversion.
template <typename Domain, typename ProtoRows, typename Convert>
void Split(const ProtoRows& rows, Convert convert, std::vector<Domain>* good,
           std::vector<int>* kept, std::vector<RowRejection>* malformed) {
  for (int i = 0; i < rows.size(); ++i) {
    auto row = convert(rows[i]);
    if (row.ok()) {
      good->push_back(std::move(*row));
      kept->push_back(i);
    } else {
      malformed->push_back({i, row.status()});
    }
  }
}

}  // namespace

grpc::Status ExchangeServiceImpl::ImportObservations(
    grpc::ServerContext* ctx,
    grpc::ServerReaderWriter<v1::ImportBatchResult, v1::ImportObservationsRequest>* stream) {
  const std::string actor = ActorOf(ctx);
  v1::ImportObservationsRequest req;
  for (int index = 0; stream->Read(&req); ++index) {
    v1::ImportBatchResult out;
    out.set_batch_index(index);
    out.set_validate_only(req.validate_only());
    out.set_rows(req.rows_size());
    std::vector<monitoring::Observation> rows;
    std::vector<int> kept;
    std::vector<RowRejection> malformed;
    rows.reserve(req.rows_size());
    Split<monitoring::Observation>(
        req.rows(), [](const v1::Observation& o) { return FromProto(o); }, &rows, &kept,
        &malformed);
    if (req.rows_size() == 0) {
      return ToGrpc(absl::InvalidArgumentError("an import batch needs at least one row"));
    }
    absl::StatusOr<monitoring::IngestResult> result;
    if (rows.empty()) {
      result = monitoring::IngestResult{};
    } else if (req.validate_only() || !malformed.empty()) {
      // With malformed rows nothing is written, but the others are still checked so that one
      // answer lists every problem of the batch.
      result = observations_->Validate(rows);
    } else {
      result = observations_->Ingest(rows, actor);
    }
    if (!result.ok()) return ToGrpc(result.status());
    std::vector<RowRejection> rejected = Merge(std::move(malformed), result->rejected, kept);
    if (!rejected.empty()) {
      result->accepted = 0;
      result->unchanged = 0;
    }
    out.set_applied(result->applied && rejected.empty());
    out.set_accepted(result->accepted);
    out.set_unchanged(result->unchanged);
    out.set_recorded_micros(result->recorded_micros);
    out.set_last_sequence(result->last_sequence);
    AddProblems(rejected, &out);
    if (!stream->Write(out)) return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
  }
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ImportUnits(grpc::ServerContext*,
                                              const v1::ImportUnitsBatchRequest* req,
                                              v1::ImportBatchResult* resp) {
  std::vector<monitoring::Unit> units;
  std::vector<int> kept;
  std::vector<RowRejection> malformed;
  Split<monitoring::Unit>(
      req->units().units(), [](const v1::Unit& u) { return FromProto(u); }, &units, &kept,
      &malformed);
  resp->set_validate_only(req->validate_only());
  resp->set_rows(req->units().units_size());
  monitoring::UnitBatchResult result;
  if (req->validate_only() || !malformed.empty()) {
    result = units_->ValidateBatch(std::move(units));
  } else {
    GRPC_ASSIGN_OR_RETURN(auto written, units_->UpsertBatch(std::move(units)));
    result = std::move(written);
  }
  FinishBatch(std::move(malformed), result.rejected, kept, result.applied, result.upserted,
              result.unchanged, resp);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ImportIndicators(grpc::ServerContext* ctx,
                                                   const v1::ImportIndicatorsRequest* req,
                                                   v1::ImportBatchResult* resp) {
  std::vector<monitoring::CatalogEntry> entries;
  std::vector<int> kept;
  std::vector<RowRejection> malformed;
  Split<monitoring::CatalogEntry>(
      req->indicators(),
      [](const v1::CreateIndicatorRequest& r) -> absl::StatusOr<monitoring::CatalogEntry> {
        auto ind = FromProto(r.indicator());
        if (!ind.ok()) return ind.status();
        return monitoring::CatalogEntry{*std::move(ind),
                                        {r.action_field_ids().begin(), r.action_field_ids().end()}};
      },
      &entries, &kept, &malformed);
  resp->set_validate_only(req->validate_only());
  resp->set_rows(req->indicators_size());
  GRPC_ASSIGN_OR_RETURN(auto result, monitoring::ImportCatalogEntries(
                                         *catalog_, *knowledge_, std::move(entries),
                                         req->validate_only() || !malformed.empty(), ActorOf(ctx)));
  FinishBatch(std::move(malformed), result.rejected, kept, result.applied, result.created,
              result.unchanged, resp);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ImportTargets(grpc::ServerContext* ctx,
                                                const v1::ImportTargetsRequest* req,
                                                v1::ImportBatchResult* resp) {
  std::vector<monitoring::IndicatorTarget> targets;
  targets.reserve(req->targets_size());
  for (const v1::Target& t : req->targets()) targets.push_back(FromProto(t));
  resp->set_validate_only(req->validate_only());
  resp->set_rows(req->targets_size());
  GRPC_ASSIGN_OR_RETURN(auto result,
                        targets_->SetBatch(std::move(targets), ActorOf(ctx), req->validate_only()));
  resp->set_applied(result.applied);
  resp->set_accepted(result.changed);
  resp->set_unchanged(result.unchanged);
  AddProblems(result.rejected, resp);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ExportObservations(
    grpc::ServerContext* ctx, const v1::ExportObservationsRequest* req,
    grpc::ServerWriter<v1::ExportObservationsResponse>* writer) {
  monitoring::ExportQuery q;
  q.indicator_codes.assign(req->indicator_codes().begin(), req->indicator_codes().end());
  q.unit_keys.assign(req->unit_keys().begin(), req->unit_keys().end());
  q.within.assign(req->within().begin(), req->within().end());
  if (req->level() != v1::UNIT_LEVEL_UNSPECIFIED) {
    GRPC_ASSIGN_OR_RETURN(auto level, FromProto(req->level()));
    q.level = level;
  }
  q.from_period = req->from_period();
  q.to_period = req->to_period();
  q.total_only = req->total_only();
  if (!req->breakdown().empty()) {
    if (q.total_only) {
      return ToGrpc(absl::InvalidArgumentError("give either total_only or a breakdown"));
    }
    q.breakdown = FromProto(req->breakdown());
  }
  if (req->has_as_of_micros()) q.as_of_micros = req->as_of_micros();
  if (req->chunk_rows() < 0) {
    return ToGrpc(absl::InvalidArgumentError("chunk_rows must not be negative"));
  }
  const int chunk =
      req->chunk_rows() == 0 ? kDefaultExportChunk : std::min(req->chunk_rows(), kMaxExportChunk);

  v1::ExportObservationsResponse resp;
  std::shared_ptr<const monitoring::Indicator> ind;  // of the rows being sent (breakdown text)
  bool receiver_gone = false;
  auto flush = [&] {
    if (resp.rows_size() == 0) return true;
    if (ctx->IsCancelled() || !writer->Write(resp)) {
      receiver_gone = true;
      return false;
    }
    resp.clear_rows();
    return true;
  };
  absl::Status s = observations_->Export(q, [&](const monitoring::Observation& o) {
    if (ind == nullptr || ind->code != o.indicator_code) ind = catalog_->Find(o.indicator_code);
    v1::Observation* out = resp.add_rows();
    ToProto(o, out);
    if (ind != nullptr) out->set_breakdown_text(monitoring::BreakdownText(*ind, o.breakdown));
    return resp.rows_size() < chunk || flush();
  });
  if (receiver_gone) return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
  if (!s.ok()) return ToGrpc(s);
  if (!flush()) return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::WatchObservations(
    grpc::ServerContext* ctx, const v1::WatchObservationsRequest* req,
    grpc::ServerWriter<v1::WatchObservationsResponse>* writer) {
  monitoring::ChangeNotifier& notifier = observations_->notifier();
  uint64_t after = req->from_now() ? observations_->last_sequence() : req->after_sequence();
  bool caught_up_sent = false;
  while (true) {
    if (ctx->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "watch cancelled");
    GRPC_ASSIGN_OR_RETURN(auto entries, observations_->Feed(after, kFeedChunk));
    v1::WatchObservationsResponse resp;
    for (const monitoring::FeedEntry& e : entries) {
      auto* c = resp.add_changes();
      c->set_sequence(e.change.sequence);
      c->set_recorded_micros(e.change.recorded_micros);
      c->set_actor(e.change.actor);
      ToProto(e.observation, c->mutable_observation());
      if (e.change.kind == monitoring::ChangeKind::kRevision) {
        c->set_kind(v1::OBSERVATION_CHANGE_KIND_REVISION);
        c->mutable_observation()->set_breakdown_text(e.change.breakdown);
      } else {
        c->set_kind(v1::OBSERVATION_CHANGE_KIND_INDICATOR_DELETED);
        c->set_observations_removed(static_cast<int64_t>(e.change.removed));
      }
      after = e.change.sequence;
    }
    const uint64_t last = observations_->last_sequence();
    resp.set_last_sequence(last);
    resp.set_caught_up(after >= last);
    // Changes go out at once; an empty message only to mark the end of the backlog once.
    if (!entries.empty() || (resp.caught_up() && !caught_up_sent)) {
      caught_up_sent = caught_up_sent || resp.caught_up();
      if (!writer->Write(resp)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
      }
      if (!entries.empty()) continue;  // there may be more backlog
    }
    if (notifier.closed()) {
      return grpc::Status(
          grpc::StatusCode::UNAVAILABLE,
          absl::StrCat("the server is shutting down; resume with after_sequence=", after));
    }
    notifier.WaitAfter(after, kWatchPollInterval);
  }
}

}  // namespace integra::api
