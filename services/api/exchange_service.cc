#include "services/api/exchange_service.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/api/analytics_convert.h"
#include "services/api/call_guard.h"
#include "services/api/monitoring_convert.h"
#include "services/api/status.h"
#include "services/monitoring/catalog_import.h"
#include "services/monitoring/register_import.h"

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

monitoring::ImportCheckpoint CheckpointFromProto(const v1::ImportCheckpoint& c) {
  return {.rows = c.rows(), .digest = c.digest()};
}

void CheckpointToProto(const monitoring::ImportCheckpoint& c, v1::ImportCheckpoint* out) {
  out->set_rows(c.rows);
  out->set_digest(c.digest);
}

v1::ImportJobState StateToProto(monitoring::ImportJobPhase phase) {
  switch (phase) {
    case monitoring::ImportJobPhase::kRunning:
      return v1::IMPORT_JOB_STATE_RUNNING;
    case monitoring::ImportJobPhase::kIncomplete:
      return v1::IMPORT_JOB_STATE_INCOMPLETE;
    case monitoring::ImportJobPhase::kComplete:
      return v1::IMPORT_JOB_STATE_COMPLETE;
    case monitoring::ImportJobPhase::kRollingBack:
      return v1::IMPORT_JOB_STATE_ROLLING_BACK;
    case monitoring::ImportJobPhase::kRolledBack:
      return v1::IMPORT_JOB_STATE_ROLLED_BACK;
  }
  return v1::IMPORT_JOB_STATE_UNSPECIFIED;
}

void JobToProto(const monitoring::ImportJob& job, v1::ImportJob* out) {
  const monitoring::ImportJobRecord& r = job.record;
  out->set_id(r.id);
  out->set_file_name(r.file_name);
  out->set_actor(r.actor);
  out->set_started_micros(r.started_micros);
  out->set_updated_micros(r.updated_micros);
  out->set_finished_micros(r.finished_micros);
  out->set_state(StateToProto(job.phase()));
  out->set_rows_read(r.checkpoint.rows);
  out->set_rows_committed(r.rows);
  out->set_revisions(r.revisions);
  out->set_unchanged(r.unchanged);
  CheckpointToProto(r.checkpoint, out->mutable_checkpoint());
  out->set_unit_prefix(r.unit_prefix);
  out->set_rolled_back_by(r.rolled_back_by);
  out->set_cells_restored(r.cells_restored);
  out->set_cells_removed(r.cells_removed);
  out->set_cells_kept(r.cells_kept);
}

}  // namespace

grpc::Status ExchangeServiceImpl::ImportObservations(
    grpc::ServerContext* ctx,
    grpc::ServerReaderWriter<v1::ImportBatchResult, v1::ImportObservationsRequest>* stream) {
  // The role now; each batch's units before it is written (a batch with one unit outside
  // the scope is refused whole and ends the stream).
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  const std::string actor = caller.Actor();
  // The stream's import job, from its first writing message on. Released when the stream ends
  // (then incomplete unless finished).
  std::unique_ptr<monitoring::ImportJobStore::Session> job;
  v1::ImportObservationsRequest req;
  for (int index = 0; stream->Read(&req); ++index) {
    const bool writes = !req.validate_only();
    v1::ImportBatchResult out;
    out.set_batch_index(index);
    out.set_validate_only(req.validate_only());
    out.set_rows(req.rows_size());
    if (req.rows_size() == 0 && !(writes && req.finish())) {
      return ToGrpc(absl::InvalidArgumentError("an import batch needs at least one row"));
    }
    if (writes && job == nullptr) {
      if (req.resume_job_id() != 0) {
        // Resuming needs the import permission for the job's units as well.
        GRPC_ASSIGN_OR_RETURN(monitoring::ImportJob existing,
                              import_jobs_->Get(req.resume_job_id()));
        const std::vector<std::string> job_units = {existing.record.unit_prefix};
        GRPC_RETURN_IF_ERROR(Authorize(ctx, job_units).status());
        GRPC_ASSIGN_OR_RETURN(
            job, import_jobs_->Resume(req.resume_job_id(), CheckpointFromProto(req.resume_from()),
                                      actor));
      } else {
        job = import_jobs_->Start(req.job_file_name(), actor);
      }
    } else if (writes && req.resume_job_id() != 0 && req.resume_job_id() != job->job_id()) {
      return ToGrpc(absl::InvalidArgumentError(
          "resume_job_id belongs on the first writing message of an import stream"));
    }
    bool written = true;  // this message's rows (if any) are stored
    if (req.rows_size() > 0) {
      std::vector<monitoring::Observation> rows;
      std::vector<int> kept;
      std::vector<RowRejection> malformed;
      rows.reserve(req.rows_size());
      Split<monitoring::Observation>(
          req.rows(), [](const v1::Observation& o) { return FromProto(o); }, &rows, &kept,
          &malformed);
      std::vector<std::string> units;
      for (const v1::Observation& o : req.rows()) units.push_back(o.unit_key());
      GRPC_RETURN_IF_ERROR(Authorize(ctx, KeysOf(units)).status());
      std::vector<std::string> what;
      for (const v1::Observation& o : req.rows()) what.push_back(AuditText(o));
      const storage::AuditScope audit =
          AuditWrite(ctx, KeysOf(units),
                     writes ? absl::StrCat("import job ", job->job_id(), ": ", AuditList(what))
                            : AuditList(what));
      if (req.absent_fields_size() > 1 && req.absent_fields_size() != req.rows_size()) {
        return ToGrpc(absl::InvalidArgumentError(
            absl::StrCat("absent_fields has ", req.absent_fields_size(), " elements for ",
                         req.rows_size(), " rows (give none, one for all rows, or one per row)")));
      }
      monitoring::IngestOptions options;
      options.series_break_yes_no = req.series_break_yes_no();
      options.value_digits = std::clamp(req.value_digits(), 0, 17);
      if (req.absent_fields_size() == 1) {
        options.absent.push_back(static_cast<uint8_t>(req.absent_fields(0) & 0xFF));
      } else if (req.absent_fields_size() > 1) {
        for (int i : kept)
          options.absent.push_back(static_cast<uint8_t>(req.absent_fields(i) & 0xFF));
      }
      absl::StatusOr<monitoring::IngestResult> result;
      if (rows.empty()) {
        result = monitoring::IngestResult{};
      } else if (!writes || !malformed.empty()) {
        // With malformed rows nothing is written, but the others are still checked so that one
        // answer lists every problem of the batch.
        result = observations_->Validate(rows, options);
      } else {
        result = job->Ingest(rows, CheckpointFromProto(req.checkpoint()), options);
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
      written = out.applied();
    }
    if (writes && req.finish() && written) GRPC_RETURN_IF_ERROR(job->Finish());
    if (job != nullptr && job->exists()) {
      out.set_job_id(job->job_id());
      out.set_job_state(job->record().state == monitoring::ImportJobState::kComplete
                            ? v1::IMPORT_JOB_STATE_COMPLETE
                            : v1::IMPORT_JOB_STATE_RUNNING);
    }
    if (!stream->Write(out)) return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
  }
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ListImportJobs(grpc::ServerContext* ctx,
                                                 const v1::ListImportJobsRequest* req,
                                                 v1::ListImportJobsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  GRPC_ASSIGN_OR_RETURN(std::vector<monitoring::ImportJob> jobs,
                        import_jobs_->List(req->before_id(), req->limit()));
  for (const monitoring::ImportJob& job : jobs) {
    // A scoped EDITOR sees the jobs whose every unit lies in its scope.
    if (!security::ScopeCovers(caller.scope, job.record.unit_prefix)) continue;
    JobToProto(job, resp->add_jobs());
  }
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::GetImportJob(grpc::ServerContext* ctx,
                                               const v1::GetImportJobRequest* req,
                                               v1::ImportJob* resp) {
  GRPC_RETURN_IF_ERROR(AuthorizeRole(ctx).status());
  GRPC_ASSIGN_OR_RETURN(monitoring::ImportJob job, import_jobs_->Get(req->id()));
  const std::vector<std::string> units = {job.record.unit_prefix};
  GRPC_RETURN_IF_ERROR(Authorize(ctx, units).status());
  JobToProto(job, resp);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::RollbackImportJob(grpc::ServerContext* ctx,
                                                    const v1::RollbackImportJobRequest* req,
                                                    v1::RollbackImportJobResponse* resp) {
  GRPC_RETURN_IF_ERROR(AuthorizeRole(ctx).status());
  GRPC_ASSIGN_OR_RETURN(monitoring::ImportJob job, import_jobs_->Get(req->id()));
  // The job's units: every one of them must lie in the caller's scope.
  std::vector<std::string> units = {job.record.unit_prefix};
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx, units));
  const storage::AuditScope audit =
      AuditWrite(ctx, units,
                 absl::StrCat("rollback of import job ", req->id(), " ('", job.record.file_name,
                              "')", req->keep_changed() ? ", keeping cells changed since" : ""));
  GRPC_ASSIGN_OR_RETURN(monitoring::RollbackResult result,
                        import_jobs_->Rollback(req->id(), caller.Actor(),
                                               {.dry_run = req->validate_only(),
                                                .keep_changed = req->keep_changed()}));
  JobToProto(result.job, resp->mutable_job());
  resp->set_restored(result.restored);
  resp->set_removed(result.removed);
  resp->set_kept(result.kept);
  resp->set_last_sequence(result.last_sequence);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ImportUnits(grpc::ServerContext* ctx,
                                              const v1::ImportUnitsBatchRequest* req,
                                              v1::ImportBatchResult* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  const storage::AuditScope audit =
      AuditWrite(ctx, {}, absl::StrCat(req->units().units_size(), " unit(s)"));
  std::vector<monitoring::Unit> units;
  std::vector<int> kept;
  std::vector<RowRejection> malformed;
  Split<monitoring::Unit>(
      req->units().units(), [](const v1::Unit& u) { return FromProto(u); }, &units, &kept,
      &malformed);
  // A unit already stored keeps what the file has no column for.
  GRPC_ASSIGN_OR_RETURN(const monitoring::AbsentUnitFields absent,
                        monitoring::ParseAbsentUnitFields(
                            {req->absent_fields().begin(), req->absent_fields().end()}));
  monitoring::UnitStore::Completion complete;
  if (!req->absent_fields().empty()) {
    complete = [&absent](const monitoring::Unit& stored, monitoring::Unit& u) {
      monitoring::KeepAbsent(stored, absent, u);
    };
  }
  resp->set_validate_only(req->validate_only());
  resp->set_rows(req->units().units_size());
  monitoring::UnitBatchResult result;
  if (req->validate_only() || !malformed.empty()) {
    result = units_->ValidateBatch(std::move(units), complete);
  } else {
    GRPC_ASSIGN_OR_RETURN(auto written, units_->UpsertBatch(std::move(units), complete));
    result = std::move(written);
  }
  FinishBatch(std::move(malformed), result.rejected, kept, result.applied, result.upserted,
              result.unchanged, resp);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ImportIndicators(grpc::ServerContext* ctx,
                                                   const v1::ImportIndicatorsRequest* req,
                                                   v1::ImportBatchResult* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  const storage::AuditScope audit =
      AuditWrite(ctx, {}, absl::StrCat(req->indicators_size(), " indicator(s)"));
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
  GRPC_ASSIGN_OR_RETURN(
      auto result,
      monitoring::ImportCatalogEntries(*catalog_, *knowledge_, std::move(entries),
                                       req->validate_only() || !malformed.empty(), caller.Actor()));
  FinishBatch(std::move(malformed), result.rejected, kept, result.applied, result.created,
              result.unchanged, resp);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ImportTargets(grpc::ServerContext* ctx,
                                                const v1::ImportTargetsRequest* req,
                                                v1::ImportBatchResult* resp) {
  std::vector<std::string> units;
  for (const v1::Target& t : req->targets()) units.push_back(t.key().unit_key());
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx, KeysOf(units)));
  std::vector<std::string> what;
  for (const v1::Target& t : req->targets()) what.push_back(AuditText(t));
  const storage::AuditScope audit = AuditWrite(ctx, KeysOf(units), AuditList(what));
  std::vector<monitoring::IndicatorTarget> targets;
  targets.reserve(req->targets_size());
  for (const v1::Target& t : req->targets()) targets.push_back(FromProto(t));
  resp->set_validate_only(req->validate_only());
  resp->set_rows(req->targets_size());
  GRPC_ASSIGN_OR_RETURN(
      auto result, targets_->SetBatch(std::move(targets), caller.Actor(), req->validate_only()));
  resp->set_applied(result.applied);
  resp->set_accepted(result.changed);
  resp->set_unchanged(result.unchanged);
  AddProblems(result.rejected, resp);
  return grpc::Status::OK;
}

namespace {

// A stream refused before it started (a malformed request): finishes at once with `status`.
template <typename Response>
class RefusedStream final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedStream(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

// One export: writes the cursor's rows a chunk at a time, the next chunk when the previous
// write is done. Deletes itself when gRPC is done with the call.
class ExportReactor final : public grpc::ServerWriteReactor<v1::ExportObservationsResponse> {
 public:
  ExportReactor(ExchangeServiceImpl* service, const monitoring::IndicatorCatalog* catalog,
                std::unique_ptr<monitoring::ObservationStore::ExportCursor> cursor, int chunk,
                security::Principal caller)
      : service_(service),
        catalog_(catalog),
        cursor_(std::move(cursor)),
        chunk_(chunk),
        caller_(std::move(caller)) {
    NextChunk();
  }
  ~ExportReactor() override {
    cursor_.reset();  // released (iterator and snapshot) before the stream counts as closed
    service_->ReleaseExport(caller_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    } else if (complete_) {
      Finish(grpc::Status::OK);
    } else {
      NextChunk();
    }
  }
  void OnDone() override { delete this; }

 private:
  // Reads up to one chunk and writes it, or finishes (complete, or an error of the export).
  void NextChunk() {
    resp_.clear_rows();
    absl::StatusOr<bool> more =
        cursor_->Next(static_cast<size_t>(chunk_), [this](const monitoring::Observation& o) {
          if (ind_ == nullptr || ind_->code != o.indicator_code) {
            ind_ = catalog_->Find(o.indicator_code);
          }
          v1::Observation* out = resp_.add_rows();
          ToProto(o, caller_, out);
          if (ind_ != nullptr) {
            out->set_breakdown_text(monitoring::BreakdownText(*ind_, o.breakdown));
          }
          return true;
        });
    if (!more.ok()) {
      Finish(ToGrpc(more.status()));  // rows read for this chunk are not sent, as before
      return;
    }
    complete_ = !*more;
    if (resp_.rows_size() == 0) {
      Finish(grpc::Status::OK);
      return;
    }
    StartWrite(&resp_);
  }

  ExchangeServiceImpl* const service_;
  const monitoring::IndicatorCatalog* const catalog_;
  std::unique_ptr<monitoring::ObservationStore::ExportCursor> cursor_;
  const int chunk_;
  const security::Principal caller_;  // whose export: confidential values masked for it
  bool complete_ = false;             // the cursor has nothing more
  std::shared_ptr<const monitoring::Indicator> ind_;  // of the rows being sent (breakdown text)
  v1::ExportObservationsResponse resp_;               // the write in flight
};

// One watch: writes the change feed after `after` a page at a time, then waits on a
// ChangeNotifier subscription (no thread) for more. See the header for where each step runs.
//
// Lifetime: the reactor is deleted when no one holds it any more: gRPC holds it until OnDone,
// and a pending subscription holds it until its executor task has run (the task may come after
// OnDone when the wake-up raced with a cancel).
class WatchReactor final : public grpc::ServerWriteReactor<v1::WatchObservationsResponse> {
 public:
  WatchReactor(ExchangeServiceImpl* service, monitoring::ObservationStore* observations,
               StreamExecutor* executor, uint64_t after, security::Principal caller)
      : service_(service),
        observations_(observations),
        executor_(executor),
        after_(after),
        caller_(std::move(caller)) {
    Pump();
  }
  ~WatchReactor() override { service_->ReleaseWatch(caller_); }

  void OnWriteDone(bool ok) override {
    {
      std::lock_guard lock(mu_);
      writing_ = false;
      if (!ok) cancelled_ = true;  // the client is gone
    }
    Pump();
  }

  void OnCancel() override {
    std::unique_lock lock(mu_);
    cancelled_ = true;
    if (subscription_ != 0 && observations_->notifier().Unsubscribe(subscription_)) {
      subscription_ = 0;
      --holds_;  // its wake-up will not come (gRPC's hold remains: no delete here)
    }
    if (finished_ || writing_) return;  // a write in flight ends in OnWriteDone(false)
    finished_ = true;
    lock.unlock();
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "watch cancelled"));
  }

  void OnDone() override { Release(); }

 private:
  // Writes the next page of the feed, or finishes, or subscribes for the next change. Runs in
  // the constructor, in OnWriteDone and on the executor after a wake-up; does nothing while a
  // write or a subscription is pending.
  void Pump() {
    std::unique_lock lock(mu_);
    monitoring::ChangeNotifier& notifier = observations_->notifier();
    while (true) {
      if (finished_ || writing_ || subscription_ != 0) return;
      if (cancelled_) {
        finished_ = true;
        lock.unlock();
        Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
        return;
      }
      auto entries = observations_->Feed(after_, kFeedChunk);
      if (!entries.ok()) {
        finished_ = true;
        lock.unlock();
        Finish(ToGrpc(entries.status()));
        return;
      }
      resp_.Clear();
      for (const monitoring::FeedEntry& e : *entries) {
        auto* c = resp_.add_changes();
        c->set_sequence(e.change.sequence);
        c->set_recorded_micros(e.change.recorded_micros);
        c->set_actor(e.change.actor);
        ToProto(e.observation, caller_, c->mutable_observation());
        if (e.change.kind == monitoring::ChangeKind::kRevision) {
          c->set_kind(v1::OBSERVATION_CHANGE_KIND_REVISION);
          c->mutable_observation()->set_breakdown_text(e.change.breakdown);
        } else if (e.change.kind == monitoring::ChangeKind::kRemoved) {
          c->set_kind(v1::OBSERVATION_CHANGE_KIND_REMOVED);
          c->mutable_observation()->set_breakdown_text(e.change.breakdown);
          c->set_observations_removed(static_cast<int64_t>(e.change.removed));
        } else {
          c->set_kind(v1::OBSERVATION_CHANGE_KIND_INDICATOR_DELETED);
          c->set_observations_removed(static_cast<int64_t>(e.change.removed));
        }
        after_ = e.change.sequence;
      }
      const uint64_t last = observations_->last_sequence();
      resp_.set_last_sequence(last);
      resp_.set_caught_up(after_ >= last);
      // Changes go out at once (OnWriteDone reads on: there may be more backlog); an empty
      // message only to mark the end of the backlog once.
      if (!entries->empty() || (resp_.caught_up() && !caught_up_sent_)) {
        caught_up_sent_ = caught_up_sent_ || resp_.caught_up();
        writing_ = true;
        lock.unlock();
        StartWrite(&resp_);
        return;
      }
      if (notifier.closed()) {
        finished_ = true;
        const uint64_t after = after_;
        lock.unlock();
        Finish(grpc::Status(
            grpc::StatusCode::UNAVAILABLE,
            absl::StrCat("the server is shutting down; resume with after_sequence=", after)));
        return;
      }
      ++holds_;  // for the wake-up's task
      subscription_ = notifier.Subscribe(after_, [this] { executor_->Post([this] { Woken(); }); });
      if (subscription_ != 0) return;
      --holds_;  // published (or closed) since the read: read again
    }
  }

  // On the executor, after the subscription fired.
  void Woken() {
    {
      std::lock_guard lock(mu_);
      subscription_ = 0;
    }
    Pump();
    Release();
  }

  void Release() {
    bool last;
    {
      std::lock_guard lock(mu_);
      last = --holds_ == 0;
    }
    if (last) delete this;
  }

  ExchangeServiceImpl* const service_;
  monitoring::ObservationStore* const observations_;
  StreamExecutor* const executor_;

  std::mutex mu_;  // guards everything below; never held while calling into gRPC
  int holds_ = 1;  // gRPC's (until OnDone) + a pending subscription's
  uint64_t after_;
  const security::Principal caller_;  // whose feed: confidential values masked for it
  bool caught_up_sent_ = false;
  bool writing_ = false;    // a write is in flight (resp_ belongs to gRPC until OnWriteDone)
  bool finished_ = false;   // Finish has been called
  bool cancelled_ = false;  // the client cancelled or went away
  uint64_t subscription_ = 0;
  v1::WatchObservationsResponse resp_;
};

}  // namespace

grpc::ServerWriteReactor<v1::ExportObservationsResponse>* ExchangeServiceImpl::ExportObservations(
    grpc::CallbackServerContext* ctx, const v1::ExportObservationsRequest* req) {
  using Refused = RefusedStream<v1::ExportObservationsResponse>;
  auto caller = Authorize(ctx);
  if (!caller.ok()) return new Refused(ToGrpc(caller.status()));
  monitoring::ExportQuery q;
  q.indicator_codes.assign(req->indicator_codes().begin(), req->indicator_codes().end());
  q.unit_keys.assign(req->unit_keys().begin(), req->unit_keys().end());
  q.within.assign(req->within().begin(), req->within().end());
  if (req->level() != v1::UNIT_LEVEL_UNSPECIFIED) {
    auto level = FromProto(req->level());
    if (!level.ok()) return new Refused(ToGrpc(level.status()));
    q.level = *level;
  }
  q.from_period = req->from_period();
  q.to_period = req->to_period();
  q.total_only = req->total_only();
  if (!req->breakdown().empty()) {
    if (q.total_only) {
      return new Refused(
          ToGrpc(absl::InvalidArgumentError("give either total_only or a breakdown")));
    }
    q.breakdown = FromProto(req->breakdown());
  }
  if (req->has_as_of_micros()) q.as_of_micros = req->as_of_micros();
  if (req->chunk_rows() < 0) {
    return new Refused(ToGrpc(absl::InvalidArgumentError("chunk_rows must not be negative")));
  }
  const int chunk =
      req->chunk_rows() == 0 ? kDefaultExportChunk : std::min(req->chunk_rows(), kMaxExportChunk);
  auto cursor = observations_->StartExport(q);
  if (!cursor.ok()) return new Refused(ToGrpc(cursor.status()));
  if (absl::Status reserved = ReserveExport(*caller); !reserved.ok()) {
    return new Refused(ToGrpc(reserved));
  }
  return new ExportReactor(this, catalog_, *std::move(cursor), chunk, *std::move(caller));
}

grpc::ServerWriteReactor<v1::WatchObservationsResponse>* ExchangeServiceImpl::WatchObservations(
    grpc::CallbackServerContext* ctx, const v1::WatchObservationsRequest* req) {
  auto caller = Authorize(ctx);
  if (!caller.ok())
    return new RefusedStream<v1::WatchObservationsResponse>(ToGrpc(caller.status()));
  const uint64_t after = req->from_now() ? observations_->last_sequence() : req->after_sequence();
  if (absl::Status reserved = ReserveWatch(*caller); !reserved.ok()) {
    return new RefusedStream<v1::WatchObservationsResponse>(ToGrpc(reserved));
  }
  return new WatchReactor(this, observations_, &executor_, after, *std::move(caller));
}

OpenStreams ExchangeServiceImpl::open_streams() const {
  std::lock_guard lock(streams_mu_);
  return open_;
}

bool ExchangeServiceImpl::AwaitOpenStreams(const std::function<bool(const OpenStreams&)>& done,
                                           std::chrono::milliseconds timeout) const {
  std::unique_lock lock(streams_mu_);
  return streams_cv_.wait_for(lock, timeout, [&] { return done(open_); });
}

namespace {

absl::Status TooManyStreams(int limit) {
  return absl::ResourceExhaustedError(
      absl::StrCat("this server has ", limit,
                   " export and watch streams open, its limit "
                   "(integrad --max-open-streams): retry when one has ended"));
}

}  // namespace

absl::Status ExchangeServiceImpl::Reserve(const security::Principal& caller,
                                          int OpenStreams::*kind) {
  {
    std::lock_guard lock(streams_mu_);
    if (max_open_streams_ > 0 && open_.exports + open_.watches >= max_open_streams_) {
      return TooManyStreams(max_open_streams_);
    }
    int& mine = open_by_caller_[caller.token_id];
    if (max_streams_per_caller_ > 0 && mine >= max_streams_per_caller_) {
      return absl::ResourceExhaustedError(
          absl::StrCat(caller.anonymous ? "anonymous callers have "
                                        : absl::StrCat("token ", caller.token_id, " has "),
                       mine,
                       " export and watch streams open, the limit per token (integrad "
                       "--max-streams-per-token): retry when one has ended"));
    }
    ++mine;
    ++(open_.*kind);
  }
  streams_cv_.notify_all();
  return absl::OkStatus();
}

void ExchangeServiceImpl::Release(const security::Principal& caller, int OpenStreams::*kind) {
  {
    std::lock_guard lock(streams_mu_);
    --(open_.*kind);
    auto it = open_by_caller_.find(caller.token_id);
    if (it != open_by_caller_.end() && --it->second <= 0) open_by_caller_.erase(it);
  }
  streams_cv_.notify_all();
}

absl::Status ExchangeServiceImpl::ReserveExport(const security::Principal& caller) {
  return Reserve(caller, &OpenStreams::exports);
}
absl::Status ExchangeServiceImpl::ReserveWatch(const security::Principal& caller) {
  return Reserve(caller, &OpenStreams::watches);
}
void ExchangeServiceImpl::ReleaseExport(const security::Principal& caller) {
  Release(caller, &OpenStreams::exports);
}
void ExchangeServiceImpl::ReleaseWatch(const security::Principal& caller) {
  Release(caller, &OpenStreams::watches);
}

}  // namespace integra::api
