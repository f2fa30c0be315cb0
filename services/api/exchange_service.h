// ExchangeService: bulk import with validation, streaming export and the change feed of
// observations, as thin gRPC adapters over the monitoring domain (see exchange.proto for the
// contracts). Thread-safe (the stores are).
//
// Watchers: each WatchObservations call holds one server thread while it waits for changes
// (synchronous gRPC API); it sleeps on the observation store's ChangeNotifier and re-checks
// cancellation every kWatchPollInterval. Shutdown() ends every watch promptly with UNAVAILABLE.
#pragma once

#include <chrono>

#include "integra/v1/exchange.grpc.pb.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"

namespace integra::api {

inline constexpr std::chrono::milliseconds kWatchPollInterval{200};

class ExchangeServiceImpl final : public v1::ExchangeService::Service {
 public:
  ExchangeServiceImpl(monitoring::UnitStore* units, monitoring::IndicatorCatalog* catalog,
                      monitoring::ObservationStore* observations, monitoring::TargetStore* targets,
                      const knowledge::KnowledgeStore* knowledge)
      : units_(units),
        catalog_(catalog),
        observations_(observations),
        targets_(targets),
        knowledge_(knowledge) {}

  grpc::Status ImportObservations(
      grpc::ServerContext* ctx,
      grpc::ServerReaderWriter<v1::ImportBatchResult, v1::ImportObservationsRequest>* stream)
      override;
  grpc::Status ImportUnits(grpc::ServerContext* ctx, const v1::ImportUnitsBatchRequest* req,
                           v1::ImportBatchResult* resp) override;
  grpc::Status ImportIndicators(grpc::ServerContext* ctx, const v1::ImportIndicatorsRequest* req,
                                v1::ImportBatchResult* resp) override;
  grpc::Status ImportTargets(grpc::ServerContext* ctx, const v1::ImportTargetsRequest* req,
                             v1::ImportBatchResult* resp) override;
  grpc::Status ExportObservations(
      grpc::ServerContext* ctx, const v1::ExportObservationsRequest* req,
      grpc::ServerWriter<v1::ExportObservationsResponse>* writer) override;
  grpc::Status WatchObservations(
      grpc::ServerContext* ctx, const v1::WatchObservationsRequest* req,
      grpc::ServerWriter<v1::WatchObservationsResponse>* writer) override;

  // Ends every running and future watch (called by IntegraServer::Shutdown before gRPC's own
  // shutdown, which would otherwise wait for the never-ending watch streams).
  void Shutdown() { observations_->notifier().Close(); }

 private:
  monitoring::UnitStore* units_;
  monitoring::IndicatorCatalog* catalog_;
  monitoring::ObservationStore* observations_;
  monitoring::TargetStore* targets_;
  const knowledge::KnowledgeStore* knowledge_;
};

}  // namespace integra::api
