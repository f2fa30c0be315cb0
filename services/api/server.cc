#include "services/api/server.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "services/api/exchange_service.h"
#include "services/api/knowledge_service.h"
#include "services/api/monitoring_service.h"
#include "services/api/scorecard_service.h"
#include "services/knowledge/graph_analytics.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "services/scorecard/scorecard_builder.h"

namespace integra::api {

absl::StatusOr<std::unique_ptr<IntegraServer>> IntegraServer::Start(const ServerOptions& options) {
  auto colon = options.listen.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address '", options.listen, "' must be HOST:PORT"));
  }
  if (!options.unix_socket.empty()) {
    // gRPC only says "no address added"; name the usual cause before trying.
    const std::filesystem::path dir = std::filesystem::absolute(options.unix_socket).parent_path();
    if (::access(dir.c_str(), W_OK) != 0) {
      return absl::UnavailableError(absl::StrCat("cannot listen on unix socket ",
                                                 options.unix_socket, ": directory ", dir.string(),
                                                 " is missing or not writable"));
    }
  }
  std::unique_ptr<IntegraServer> server(new IntegraServer());
  server->host_ = options.listen.substr(0, colon);

  storage::Store::Options store_options;
  store_options.path = options.data_dir;
  store_options.sync_writes = options.sync_writes;
  auto store = storage::Store::Open(store_options);
  if (!store.ok()) return store.status();
  server->store_ = std::move(*store);

  auto knowledge = knowledge::KnowledgeStore::Open(server->store_.get());
  if (!knowledge.ok()) return knowledge.status();
  server->knowledge_ = std::move(*knowledge);
  server->analytics_ = std::make_unique<knowledge::GraphAnalytics>(server->knowledge_.get());
  server->knowledge_service_ =
      std::make_unique<KnowledgeServiceImpl>(server->knowledge_.get(), server->analytics_.get());

  auto units = monitoring::UnitStore::Open(server->store_.get());
  if (!units.ok()) return units.status();
  server->units_ = std::move(*units);
  auto catalog = monitoring::IndicatorCatalog::Open(server->store_.get(), server->knowledge_.get());
  if (!catalog.ok()) return catalog.status();
  server->catalog_ = std::move(*catalog);
  auto observations = monitoring::ObservationStore::Open(server->store_.get(), server->units_.get(),
                                                         server->catalog_.get());
  if (!observations.ok()) return observations.status();
  server->observations_ = std::move(*observations);
  auto peer_groups = monitoring::PeerGroupStore::Open(server->store_.get(), server->units_.get());
  if (!peer_groups.ok()) return peer_groups.status();
  server->peer_groups_ = std::move(*peer_groups);
  auto reforms = monitoring::ReformStore::Open(server->store_.get(), server->units_.get());
  if (!reforms.ok()) return reforms.status();
  server->reforms_ = std::move(*reforms);
  server->peers_ =
      std::make_unique<monitoring::PeerResolver>(server->units_.get(), server->peer_groups_.get());
  server->targets_ = std::make_unique<monitoring::TargetStore>(
      server->store_.get(), server->units_.get(), server->catalog_.get());
  server->queries_ = std::make_unique<monitoring::MonitoringQueries>(
      server->store_.get(), server->units_.get(), server->catalog_.get(),
      server->observations_.get(), server->peers_.get(), server->targets_.get(),
      server->reforms_.get(),
      monitoring::QueryOptions{options.rankings_enabled, options.cross_section_cache_bytes});
  server->monitoring_service_ = std::make_unique<MonitoringServiceImpl>(
      server->units_.get(), server->catalog_.get(), server->observations_.get(),
      MonitoringAnalytics{server->peer_groups_.get(), server->peers_.get(), server->targets_.get(),
                          server->reforms_.get(), server->queries_.get()});
  server->exchange_service_ = std::make_unique<ExchangeServiceImpl>(
      server->units_.get(), server->catalog_.get(), server->observations_.get(),
      server->targets_.get(), server->knowledge_.get());
  server->scorecards_ = std::make_unique<scorecard::ScorecardBuilder>(
      server->knowledge_.get(), server->units_.get(), server->catalog_.get(), server->peers_.get(),
      server->targets_.get(), server->queries_.get(),
      scorecard::ScorecardOptions{options.rankings_enabled});
  server->scorecard_service_ = std::make_unique<ScorecardServiceImpl>(server->scorecards_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &server->port_);
  int unix_port = 0;
  if (!options.unix_socket.empty()) {
    server->unix_socket_ = options.unix_socket;
    builder.AddListeningPort(server->unix_address(), grpc::InsecureServerCredentials(), &unix_port);
  }
  builder.RegisterService(server->knowledge_service_.get());
  builder.RegisterService(server->monitoring_service_.get());
  builder.RegisterService(server->exchange_service_.get());
  builder.RegisterService(server->scorecard_service_.get());
  builder.SetMaxReceiveMessageSize(64 << 20);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0 ||
      (!options.unix_socket.empty() && unix_port == 0)) {
    if (options.unix_socket.empty()) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", options.listen, " (address in use or not available)"));
    }
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen,
                                               " or on unix socket ", options.unix_socket,
                                               " (address in use or not available)"));
  }
  server->server_->GetHealthCheckService()->SetServingStatus(true);
  return server;
}

IntegraServer::~IntegraServer() { Shutdown(0); }

std::string IntegraServer::address() const { return absl::StrCat(host_, ":", port_); }

std::string IntegraServer::unix_address() const {
  return unix_socket_.empty() ? "" : absl::StrCat("unix:", unix_socket_);
}

void IntegraServer::Shutdown(int grace_seconds) {
  if (server_ == nullptr) return;
  server_->GetHealthCheckService()->SetServingStatus(false);
  // Watch streams never end by themselves; end them first so the grace period is not spent
  // waiting for them.
  exchange_service_->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(grace_seconds));
  server_->Wait();
  server_.reset();
  if (!unix_socket_.empty()) ::unlink(unix_socket_.c_str());  // a stale socket file misleads
}

void IntegraServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace integra::api
