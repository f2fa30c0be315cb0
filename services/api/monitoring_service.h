// MonitoringService: thin gRPC adapter over the monitoring domain (units, indicator catalog,
// observations in monitoring_service.cc; peer groups, targets, analyses and reforms in
// monitoring_analytics_service.cc). Each handler converts the request, calls the domain once,
// maps the status and fills the response. Thread-safe (the stores are).
#pragma once

#include "integra/v1/monitoring.grpc.pb.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/register_edition.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_search.h"
#include "services/monitoring/unit_store.h"
#include "services/security/principal.h"

namespace integra::api {

// The analysis side of the monitoring domain the service calls into.
struct MonitoringAnalytics {
  monitoring::PeerGroupStore* peer_groups = nullptr;
  const monitoring::PeerResolver* peers = nullptr;
  monitoring::TargetStore* targets = nullptr;
  monitoring::ReformStore* reforms = nullptr;
  const monitoring::MonitoringQueries* queries = nullptr;
};

class MonitoringServiceImpl final : public v1::MonitoringService::Service {
 public:
  MonitoringServiceImpl(monitoring::UnitStore* units, monitoring::IndicatorCatalog* catalog,
                        monitoring::ObservationStore* observations,
                        monitoring::RegisterEditionImporter* register_editions,
                        MonitoringAnalytics analytics)
      : units_(units),
        unit_search_(units),
        catalog_(catalog),
        observations_(observations),
        register_editions_(register_editions),
        analytics_(analytics) {}

  grpc::Status UpsertUnit(grpc::ServerContext* ctx, const v1::UpsertUnitRequest* req,
                          v1::Unit* resp) override;
  grpc::Status GetUnit(grpc::ServerContext* ctx, const v1::GetUnitRequest* req,
                       v1::Unit* resp) override;
  grpc::Status ListUnits(grpc::ServerContext* ctx, const v1::ListUnitsRequest* req,
                         v1::ListUnitsResponse* resp) override;
  grpc::Status SearchUnits(grpc::ServerContext* ctx, const v1::SearchUnitsRequest* req,
                           v1::SearchUnitsResponse* resp) override;
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

  // --- monitoring_analytics_service.cc
  grpc::Status CreatePeerGroup(grpc::ServerContext* ctx, const v1::CreatePeerGroupRequest* req,
                               v1::PeerGroup* resp) override;
  grpc::Status GetPeerGroup(grpc::ServerContext* ctx, const v1::GetPeerGroupRequest* req,
                            v1::PeerGroup* resp) override;
  grpc::Status ListPeerGroups(grpc::ServerContext* ctx, const v1::ListPeerGroupsRequest* req,
                              v1::ListPeerGroupsResponse* resp) override;
  grpc::Status DeletePeerGroup(grpc::ServerContext* ctx, const v1::DeletePeerGroupRequest* req,
                               v1::DeletePeerGroupResponse* resp) override;
  grpc::Status ResolvePeers(grpc::ServerContext* ctx, const v1::ResolvePeersRequest* req,
                            v1::ResolvePeersResponse* resp) override;
  grpc::Status SetTarget(grpc::ServerContext* ctx, const v1::SetTargetRequest* req,
                         v1::Target* resp) override;
  grpc::Status GetTarget(grpc::ServerContext* ctx, const v1::TargetKey* req,
                         v1::Target* resp) override;
  grpc::Status ListTargets(grpc::ServerContext* ctx, const v1::ListTargetsRequest* req,
                           v1::ListTargetsResponse* resp) override;
  grpc::Status DeleteTarget(grpc::ServerContext* ctx, const v1::TargetKey* req,
                            v1::DeleteTargetResponse* resp) override;
  grpc::Status GetTargetStatus(grpc::ServerContext* ctx, const v1::GetTargetStatusRequest* req,
                               v1::GetTargetStatusResponse* resp) override;
  grpc::Status GetTrend(grpc::ServerContext* ctx, const v1::GetTrendRequest* req,
                        v1::GetTrendResponse* resp) override;
  grpc::Status ComparePeers(grpc::ServerContext* ctx, const v1::ComparePeersRequest* req,
                            v1::ComparePeersResponse* resp) override;
  grpc::Status GetRankTrajectory(grpc::ServerContext* ctx, const v1::GetRankTrajectoryRequest* req,
                                 v1::GetRankTrajectoryResponse* resp) override;
  grpc::Status GetGapSeries(grpc::ServerContext* ctx, const v1::GetGapSeriesRequest* req,
                            v1::GetGapSeriesResponse* resp) override;
  grpc::Status GetPeerBand(grpc::ServerContext* ctx, const v1::GetPeerBandRequest* req,
                           v1::GetPeerBandResponse* resp) override;
  grpc::Status GetLeagueTable(grpc::ServerContext* ctx, const v1::GetLeagueTableRequest* req,
                              v1::GetLeagueTableResponse* resp) override;
  grpc::Status RollUp(grpc::ServerContext* ctx, const v1::RollUpRequest* req,
                      v1::RollUpResponse* resp) override;
  grpc::Status CreateReform(grpc::ServerContext* ctx, const v1::CreateReformRequest* req,
                            v1::Reform* resp) override;
  grpc::Status ListReforms(grpc::ServerContext* ctx, const v1::ListReformsRequest* req,
                           v1::ListReformsResponse* resp) override;

 private:
  // GetSeries' read: stored values, gap indicators computed on read, and conversion to a
  // Gebietsstand when `territory_date` is set (monitoring_analytics_service.cc).
  absl::StatusOr<std::vector<monitoring::UnitSeries>> ReadSeries(
      const monitoring::SeriesQuery& query, const std::string& territory_date) const;

  // Domain observation -> proto, with the canonical breakdown text of its indicator.
  // The observation for `caller` (a confidential value only where the caller may see it).
  void Fill(const monitoring::Observation& o, const security::Principal& caller,
            v1::Observation* out) const;

  monitoring::UnitStore* units_;
  monitoring::UnitSearch unit_search_;  // the register folded for search, per generation
  monitoring::IndicatorCatalog* catalog_;
  monitoring::ObservationStore* observations_;
  monitoring::RegisterEditionImporter* register_editions_;
  MonitoringAnalytics analytics_;
};

}  // namespace integra::api
