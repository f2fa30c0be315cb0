// ExchangeService: bulk import with validation, streaming export and the change feed of
// observations, as thin gRPC adapters over the monitoring domain (see exchange.proto for the
// contracts). Thread-safe (the stores are).
//
// The two long-lived server streams, ExportObservations and WatchObservations, use gRPC's
// callback API (one grpc::ServerWriteReactor per call) and hold no thread while they wait: an
// open stream costs memory, not a thread, so 200 watchers do not add 200 threads. Both keep one
// write in flight at a time (flow control: a slow client slows its own stream only). The import
// RPCs stay on the synchronous API. The writing messages of an ImportObservations stream are one
// import job (monitoring::ImportJobStore::Session, held for the stream's life).
//
// Export: the reactor owns an ObservationStore::ExportCursor and produces the next chunk when
// the previous write is done (OnWriteDone, on gRPC's callback threads; a chunk is bounded by
// chunk_rows). A client that stops reading leaves the cursor parked; cancelling releases it.
//
// Watch: the reactor reads the next page of the change feed when its previous write is done
// (OnWriteDone, on gRPC's callback threads; a page is at most 500 changes) until it has caught
// up; then it subscribes to the observation store's ChangeNotifier and returns. A new change
// calls the subscription on the publishing thread, which is the ingest path, so that call only
// posts the watch to a small StreamExecutor (kStreamThreads threads shared by every stream); the
// read of the feed and the write start there. A fixed pool rather than gRPC's alarm threads so
// that the hand-off and its lifetime are ours. Shutdown() closes the notifier: every waiting
// watch wakes and finishes with UNAVAILABLE (naming the sequence to resume after) before gRPC's
// own shutdown would wait for them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "integra/v1/exchange.grpc.pb.h"
#include "services/api/stream_executor.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/import_jobs.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "services/security/principal.h"

namespace integra::api {

inline constexpr int kStreamThreads = 2;
// Default cap on the export and watch streams open at once on one server (integrad
// --max-open-streams): an open stream costs memory (a watch its subscription, an export its
// cursor, an open iterator over one snapshot), so their number is bounded.
inline constexpr int kDefaultMaxOpenStreams = 1000;
inline constexpr int kDefaultMaxStreamsPerCaller = 100;

// Streams of the service that are open (from the call's start until its reactor is released).
struct OpenStreams {
  int exports = 0;
  int watches = 0;
};

using ExchangeServiceBase = v1::ExchangeService::WithCallbackMethod_ExportObservations<
    v1::ExchangeService::WithCallbackMethod_WatchObservations<v1::ExchangeService::Service>>;

class ExchangeServiceImpl final : public ExchangeServiceBase {
 public:
  ExchangeServiceImpl(monitoring::UnitStore* units, monitoring::IndicatorCatalog* catalog,
                      monitoring::ObservationStore* observations,
                      monitoring::ImportJobStore* import_jobs, monitoring::TargetStore* targets,
                      const knowledge::KnowledgeStore* knowledge,
                      int max_open_streams = kDefaultMaxOpenStreams,
                      int max_streams_per_caller = kDefaultMaxStreamsPerCaller)
      : units_(units),
        catalog_(catalog),
        observations_(observations),
        import_jobs_(import_jobs),
        targets_(targets),
        knowledge_(knowledge),
        max_open_streams_(max_open_streams),
        max_streams_per_caller_(max_streams_per_caller),
        executor_(kStreamThreads) {}

  grpc::Status ImportObservations(
      grpc::ServerContext* ctx,
      grpc::ServerReaderWriter<v1::ImportBatchResult, v1::ImportObservationsRequest>* stream)
      override;
  grpc::Status ListImportJobs(grpc::ServerContext* ctx, const v1::ListImportJobsRequest* req,
                              v1::ListImportJobsResponse* resp) override;
  grpc::Status GetImportJob(grpc::ServerContext* ctx, const v1::GetImportJobRequest* req,
                            v1::ImportJob* resp) override;
  grpc::Status RollbackImportJob(grpc::ServerContext* ctx, const v1::RollbackImportJobRequest* req,
                                 v1::RollbackImportJobResponse* resp) override;
  grpc::Status ImportUnits(grpc::ServerContext* ctx, const v1::ImportUnitsBatchRequest* req,
                           v1::ImportBatchResult* resp) override;
  grpc::Status ImportIndicators(grpc::ServerContext* ctx, const v1::ImportIndicatorsRequest* req,
                                v1::ImportBatchResult* resp) override;
  grpc::Status ImportTargets(grpc::ServerContext* ctx, const v1::ImportTargetsRequest* req,
                             v1::ImportBatchResult* resp) override;
  grpc::ServerWriteReactor<v1::ExportObservationsResponse>* ExportObservations(
      grpc::CallbackServerContext* ctx, const v1::ExportObservationsRequest* req) override;
  grpc::ServerWriteReactor<v1::WatchObservationsResponse>* WatchObservations(
      grpc::CallbackServerContext* ctx, const v1::WatchObservationsRequest* req) override;

  // Ends every running and future watch with UNAVAILABLE (called by IntegraServer::Shutdown
  // before gRPC's own shutdown, which would otherwise wait for the never-ending watch streams).
  void Shutdown() { observations_->notifier().Close(); }

  OpenStreams open_streams() const;
  // Waits until `done(open_streams())` holds; false if `timeout` passed first.
  bool AwaitOpenStreams(const std::function<bool(const OpenStreams&)>& done,
                        std::chrono::milliseconds timeout) const;

  // Counts an export or watch of `caller` as open before its reactor starts: ResourceExhausted
  // (naming the limit) when max_open_streams exports and watches together are open already, or
  // max_streams_per_caller of this caller's (one token; all anonymous callers count as one)
  // (0 = no limit). The reactor releases it (ReleaseExport/ReleaseWatch) when gRPC is done.
  absl::Status ReserveExport(const security::Principal& caller);
  absl::Status ReserveWatch(const security::Principal& caller);
  void ReleaseExport(const security::Principal& caller);
  void ReleaseWatch(const security::Principal& caller);

 private:
  monitoring::UnitStore* units_;
  monitoring::IndicatorCatalog* catalog_;
  monitoring::ObservationStore* observations_;
  monitoring::ImportJobStore* import_jobs_;
  monitoring::TargetStore* targets_;
  const knowledge::KnowledgeStore* knowledge_;

  const int max_open_streams_;        // 0 = no limit
  const int max_streams_per_caller_;  // 0 = no limit

  mutable std::mutex streams_mu_;
  mutable std::condition_variable streams_cv_;
  OpenStreams open_;  // guarded by streams_mu_
  std::map<std::string, int> open_by_caller_;  // token id ("" = anonymous); guarded by streams_mu_
  absl::Status Reserve(const security::Principal& caller, int OpenStreams::*kind);
  void Release(const security::Principal& caller, int OpenStreams::*kind);

  // Last member: destroyed first, running what is posted (which may release watch reactors)
  // while everything above still exists.
  StreamExecutor executor_;
};

}  // namespace integra::api
