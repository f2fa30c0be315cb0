// MonitoringService: thin gRPC adapter over the monitoring domain (units, indicator catalog,
// observations). Each handler converts the request, calls the domain once, maps the status and
// fills the response. Thread-safe (the stores are).
#pragma once

#include "integra/v1/monitoring.grpc.pb.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/unit_store.h"

namespace integra::api {

class MonitoringServiceImpl final : public v1::MonitoringService::Service {
 public:
  MonitoringServiceImpl(monitoring::UnitStore* units, monitoring::IndicatorCatalog* catalog,
                        monitoring::ObservationStore* observations)
      : units_(units), catalog_(catalog), observations_(observations) {}

  grpc::Status UpsertUnit(grpc::ServerContext* ctx, const v1::UpsertUnitRequest* req,
                          v1::Unit* resp) override;
  grpc::Status GetUnit(grpc::ServerContext* ctx, const v1::GetUnitRequest* req,
                       v1::Unit* resp) override;
  grpc::Status ListUnits(grpc::ServerContext* ctx, const v1::ListUnitsRequest* req,
                         v1::ListUnitsResponse* resp) override;
  grpc::Status ImportUnits(grpc::ServerContext* ctx, const v1::ImportUnitsRequest* req,
                           v1::ImportUnitsResponse* resp) override;

  grpc::Status CreateIndicator(grpc::ServerContext* ctx, const v1::CreateIndicatorRequest* req,
                               v1::Indicator* resp) override;
  grpc::Status GetIndicator(grpc::ServerContext* ctx, const v1::GetIndicatorRequest* req,
                            v1::Indicator* resp) override;
  grpc::Status ListIndicators(grpc::ServerContext* ctx, const v1::ListIndicatorsRequest* req,
                              v1::ListIndicatorsResponse* resp) override;
  grpc::Status DeleteIndicator(grpc::ServerContext* ctx, const v1::DeleteIndicatorRequest* req,
                               v1::DeleteIndicatorResponse* resp) override;

  grpc::Status PutObservation(grpc::ServerContext* ctx, const v1::PutObservationRequest* req,
                              v1::PutObservationResponse* resp) override;
  grpc::Status GetObservation(grpc::ServerContext* ctx, const v1::GetObservationRequest* req,
                              v1::Observation* resp) override;
  grpc::Status GetObservationHistory(grpc::ServerContext* ctx,
                                     const v1::GetObservationHistoryRequest* req,
                                     v1::GetObservationHistoryResponse* resp) override;
  grpc::Status GetSeries(grpc::ServerContext* ctx, const v1::GetSeriesRequest* req,
                         v1::GetSeriesResponse* resp) override;
  grpc::Status IngestObservations(grpc::ServerContext* ctx,
                                  grpc::ServerReader<v1::IngestObservationsRequest>* reader,
                                  v1::IngestObservationsResponse* resp) override;

 private:
  // Domain observation -> proto, with the canonical breakdown text of its indicator.
  void Fill(const monitoring::Observation& o, v1::Observation* out) const;

  monitoring::UnitStore* units_;
  monitoring::IndicatorCatalog* catalog_;
  monitoring::ObservationStore* observations_;
};

}  // namespace integra::api
