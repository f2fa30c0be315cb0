// MonitoringService handlers for peer groups, targets, analyses and territorial reforms
// (declared in monitoring_service.h). Thin: convert, call the domain once, map the status.
#include "absl/strings/str_cat.h"
#include "services/api/analytics_convert.h"
#include "services/api/call_guard.h"
#include "services/api/monitoring_convert.h"
#include "services/api/monitoring_service.h"
#include "services/api/status.h"

namespace integra::api {

absl::StatusOr<std::vector<monitoring::UnitSeries>> MonitoringServiceImpl::ReadSeries(
    const monitoring::SeriesQuery& query, const std::string& territory_date) const {
  if (territory_date.empty()) return analytics_.queries->reader().Series(query);
  return analytics_.queries->SeriesOnBoundaries(query, territory_date);
}

// ---------------------------------------------------------------------------- peer groups

grpc::Status MonitoringServiceImpl::CreatePeerGroup(grpc::ServerContext* ctx,
                                                    const v1::CreatePeerGroupRequest* req,
                                                    v1::PeerGroup* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller,
                        Authorize(ctx, KeysOf(req->group().member_keys())));
  const storage::AuditScope audit =
      AuditWrite(ctx, KeysOf(req->group().member_keys()), "peer group " + req->group().name());
  GRPC_ASSIGN_OR_RETURN(auto group,
                        analytics_.peer_groups->Create(FromProto(req->group()), caller.Actor()));
  ToProto(group, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetPeerGroup(grpc::ServerContext* ctx,
                                                 const v1::GetPeerGroupRequest* req,
                                                 v1::PeerGroup* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto group, analytics_.peer_groups->Get(req->name()));
  ToProto(group, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::ListPeerGroups(grpc::ServerContext* ctx,
                                                   const v1::ListPeerGroupsRequest*,
                                                   v1::ListPeerGroupsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  for (const auto& g : analytics_.peer_groups->List()) ToProto(g, resp->add_groups());
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::DeletePeerGroup(grpc::ServerContext* ctx,
                                                    const v1::DeletePeerGroupRequest* req,
                                                    v1::DeletePeerGroupResponse*) {
  // A scoped editor may delete only a group whose members all lie inside its scope.
  std::vector<std::string> members;
  if (auto group = analytics_.peer_groups->Get(req->name()); group.ok()) {
    members = group->members;
  }
  GRPC_RETURN_IF_ERROR(Authorize(ctx, members).status());
  const storage::AuditScope audit = AuditWrite(ctx, members, "delete peer group " + req->name());
  return ToGrpc(analytics_.peer_groups->Delete(req->name()));
}

grpc::Status MonitoringServiceImpl::ResolvePeers(grpc::ServerContext* ctx,
                                                 const v1::ResolvePeersRequest* req,
                                                 v1::ResolvePeersResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto selection, FromProto(req->peers()));
  std::optional<monitoring::Period> period;
  if (!req->period().empty()) {
    GRPC_ASSIGN_OR_RETURN(auto p, monitoring::ParsePeriod(req->period()));
    period = p;
  }
  GRPC_ASSIGN_OR_RETURN(auto set, analytics_.peers->Resolve(req->unit_key(), selection, period));
  ToProto(set, *units_->Register(), resp);
  return grpc::Status::OK;
}

// ---------------------------------------------------------------------------- targets

grpc::Status MonitoringServiceImpl::SetTarget(grpc::ServerContext* ctx,
                                              const v1::SetTargetRequest* req, v1::Target* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller,
                        Authorize(ctx, KeysOf(req->target().key().unit_key())));
  const storage::AuditScope audit =
      AuditWrite(ctx, KeysOf(req->target().key().unit_key()), AuditText(req->target()));
  GRPC_ASSIGN_OR_RETURN(auto target,
                        analytics_.targets->Set(FromProto(req->target()), caller.Actor()));
  ToProto(target, catalog_->Find(target.ref.indicator_code).get(), resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetTarget(grpc::ServerContext* ctx, const v1::TargetKey* req,
                                              v1::Target* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto target, analytics_.targets->Get(FromProto(*req)));
  ToProto(target, catalog_->Find(target.ref.indicator_code).get(), resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::ListTargets(grpc::ServerContext* ctx,
                                                const v1::ListTargetsRequest* req,
                                                v1::ListTargetsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto targets,
                        analytics_.targets->List(req->indicator_code(), req->unit_key()));
  for (const auto& t : targets) {
    ToProto(t, catalog_->Find(t.ref.indicator_code).get(), resp->add_targets());
  }
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::DeleteTarget(grpc::ServerContext* ctx, const v1::TargetKey* req,
                                                 v1::DeleteTargetResponse*) {
  GRPC_RETURN_IF_ERROR(Authorize(ctx, KeysOf(req->unit_key())).status());
  const storage::AuditScope audit =
      AuditWrite(ctx, KeysOf(req->unit_key()),
                 absl::StrCat("delete target ", req->indicator_code(), " ", req->unit_key(), " ",
                              req->target_period()));
  return ToGrpc(analytics_.targets->Delete(FromProto(*req)));
}

grpc::Status MonitoringServiceImpl::GetTargetStatus(grpc::ServerContext* ctx,
                                                    const v1::GetTargetStatusRequest* req,
                                                    v1::GetTargetStatusResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto entries, analytics_.queries->TargetStatus(
                                          req->indicator_code(), req->unit_key(),
                                          FromProto(req->breakdown()), req->target_period()));
  for (const auto& e : entries) {
    auto ind = catalog_->Find(e.target.ref.indicator_code);
    auto* out = resp->add_entries();
    ToProto(e.target, ind.get(), out->mutable_target());
    ToProto(e.assessment, ind ? ind->periodicity : monitoring::Periodicity::kYear,
            out->mutable_assessment());
    out->set_note(e.note);
  }
  return grpc::Status::OK;
}

// ---------------------------------------------------------------------------- analyses

grpc::Status MonitoringServiceImpl::GetTrend(grpc::ServerContext* ctx,
                                             const v1::GetTrendRequest* req,
                                             v1::GetTrendResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(
      auto trend, analytics_.queries->Trend({.indicator_code = req->indicator_code(),
                                             .unit_key = req->unit_key(),
                                             .breakdown = FromProto(req->breakdown()),
                                             .from_period = req->from_period(),
                                             .to_period = req->to_period(),
                                             .window = req->window() == 0 ? 3 : req->window()}));
  ToProto(trend, resp);
  if (!trend.series.periods.empty() && req->breakdown_size() > 0) {
    resp->set_breakdown_text(
        monitoring::BreakdownText(*trend.indicator, FromProto(req->breakdown())));
  }
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::ComparePeers(grpc::ServerContext* ctx,
                                                 const v1::ComparePeersRequest* req,
                                                 v1::ComparePeersResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto selection, FromProto(req->peers()));
  GRPC_ASSIGN_OR_RETURN(auto result, analytics_.queries->Compare(
                                         {.indicator_code = req->indicator_code(),
                                          .unit_key = req->unit_key(),
                                          .breakdown = FromProto(req->breakdown()),
                                          .period = req->period(),
                                          .peers = selection,
                                          .include_peers = req->include_peers(),
                                          .reveals_suppressed = [&caller](const std::string& key) {
                                            return security::RevealsValue(caller, key,
                                                                          /*suppressed=*/true);
                                          }}));
  ToProto(result, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetRankTrajectory(grpc::ServerContext* ctx,
                                                      const v1::GetRankTrajectoryRequest* req,
                                                      v1::GetRankTrajectoryResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto selection, FromProto(req->peers()));
  GRPC_ASSIGN_OR_RETURN(auto result,
                        analytics_.queries->Trajectory({.indicator_code = req->indicator_code(),
                                                        .unit_key = req->unit_key(),
                                                        .breakdown = FromProto(req->breakdown()),
                                                        .from_period = req->from_period(),
                                                        .to_period = req->to_period(),
                                                        .peers = selection}));
  ToProto(result, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetPeerBand(grpc::ServerContext* ctx,
                                                const v1::GetPeerBandRequest* req,
                                                v1::GetPeerBandResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  auto selection = FromProto(req->peers());
  if (!selection.ok()) return ToGrpc(selection.status());
  auto result = analytics_.queries->PeerBand({.indicator_code = req->indicator_code(),
                                              .unit_key = req->unit_key(),
                                              .breakdown = FromProto(req->breakdown()),
                                              .from_period = req->from_period(),
                                              .to_period = req->to_period(),
                                              .peers = *selection});
  if (!result.ok()) return ToGrpc(result.status());
  ToProto(*result, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetLeagueTable(grpc::ServerContext* ctx,
                                                   const v1::GetLeagueTableRequest* req,
                                                   v1::GetLeagueTableResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  if (req->level() == v1::UNIT_LEVEL_UNSPECIFIED) {
    return ToGrpc(absl::InvalidArgumentError(
        "a league table needs its level: land, regierungsbezirk, kreis or gemeinde"));
  }
  auto level = FromProto(req->level());
  if (!level.ok()) return ToGrpc(level.status());
  auto result = analytics_.queries->LeagueTable({.indicator_code = req->indicator_code(),
                                                 .breakdown = FromProto(req->breakdown()),
                                                 .period = req->period(),
                                                 .level = *level,
                                                 .within = req->within()});
  if (!result.ok()) return ToGrpc(result.status());
  ToProto(*result, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::GetGapSeries(grpc::ServerContext* ctx,
                                                 const v1::GetGapSeriesRequest* req,
                                                 v1::GetGapSeriesResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  monitoring::GapQuery q{.gap_code = req->gap_code(),
                         .unit_key = req->unit_key(),
                         .from_period = req->from_period(),
                         .to_period = req->to_period(),
                         .target_period = req->target_period(),
                         .tolerance = req->tolerance()};
  if (req->has_definition()) {
    GRPC_ASSIGN_OR_RETURN(auto def, FromProto(req->definition()));
    q.definition = def;
  }
  GRPC_ASSIGN_OR_RETURN(auto result, analytics_.queries->Gap(q));
  auto base = catalog_->Find(result.definition.base);
  ToProto(result, base ? base->periodicity : monitoring::Periodicity::kYear, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::RollUp(grpc::ServerContext* ctx, const v1::RollUpRequest* req,
                                           v1::RollUpResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  if (req->level() == v1::UNIT_LEVEL_UNSPECIFIED) {
    return ToGrpc(absl::InvalidArgumentError("a roll-up needs its level: kreis, land or bund"));
  }
  GRPC_ASSIGN_OR_RETURN(auto level, FromProto(req->level()));
  GRPC_ASSIGN_OR_RETURN(auto result,
                        analytics_.queries->RollUp({.indicator_code = req->indicator_code(),
                                                    .period = req->period(),
                                                    .level = level,
                                                    .parent_key = req->parent_key(),
                                                    .breakdown = FromProto(req->breakdown()),
                                                    .min_coverage = req->min_coverage()}));
  ToProto(result, resp);
  return grpc::Status::OK;
}

// ---------------------------------------------------------------------------- reforms

grpc::Status MonitoringServiceImpl::CreateReform(grpc::ServerContext* ctx,
                                                 const v1::CreateReformRequest* req,
                                                 v1::Reform* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  const storage::AuditScope audit = AuditWrite(ctx, {}, "reform " + req->reform().id());
  GRPC_ASSIGN_OR_RETURN(auto reform,
                        analytics_.reforms->Create(FromProto(req->reform()), caller.Actor()));
  ToProto(reform, resp);
  return grpc::Status::OK;
}

grpc::Status MonitoringServiceImpl::ListReforms(grpc::ServerContext* ctx,
                                                const v1::ListReformsRequest* req,
                                                v1::ListReformsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto reforms, analytics_.reforms->List(req->unit_key()));
  for (const auto& r : reforms) ToProto(r, resp->add_reforms());
  return grpc::Status::OK;
}

}  // namespace integra::api
