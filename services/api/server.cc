#include "services/api/server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "services/api/admin_service.h"
#include "services/api/call_guard.h"
#include "services/api/default_deadline.h"
#include "services/api/exchange_service.h"
#include "services/api/knowledge_service.h"
#include "services/api/monitoring_service.h"
#include "services/api/request_log.h"
#include "services/api/scorecard_service.h"
#include "services/engine/engine.h"
#include "services/engine/replica_follower.h"
#include "services/monitoring/observation_store.h"

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
  auto credentials = ListenerCredentials(options.listen, options.transport);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<IntegraServer> server(new IntegraServer());
  server->host_ = options.listen.substr(0, colon);

  engine::EngineOptions engine_options;
  engine_options.data_dir = options.data_dir;
  engine_options.sync_writes = options.sync_writes;
  engine_options.rankings_enabled = options.rankings_enabled;
  engine_options.block_cache_bytes = (256ull << 20) + options.cross_section_cache_bytes;
  engine_options.replica_of = options.replica_of;
  auto opened = engine::Engine::Open(engine_options);
  if (!opened.ok()) return opened.status();
  server->engine_ = std::move(*opened);
  engine::Engine& e = *server->engine_;
  if (e.is_replica()) {
    IntegraServer* raw = server.get();
    server->follower_ = std::make_unique<engine::ReplicaFollower>(
        &e, options.catch_up_interval, [raw](bool healthy) { raw->ReportHealth(healthy); });
  }
  server->knowledge_service_ = std::make_unique<KnowledgeServiceImpl>(&e.knowledge(), &e.graph());
  server->monitoring_service_ = std::make_unique<MonitoringServiceImpl>(
      &e.units(), &e.catalog(), &e.observations(), &e.register_editions(),
      MonitoringAnalytics{&e.peer_groups(), &e.peers(), &e.targets(), &e.reforms(), &e.queries()});
  server->exchange_service_ = std::make_unique<ExchangeServiceImpl>(
      &e.units(), &e.catalog(), &e.observations(), &e.import_jobs(), &e.targets(), &e.knowledge(),
      options.max_open_streams, options.max_streams_per_token);
  server->scorecard_service_ =
      std::make_unique<ScorecardServiceImpl>(&e.scorecards(), &e.evaluator());
  server->admin_service_ = std::make_unique<AdminServiceImpl>(&e, server->follower_.get());

  // Health: per service, NOT_SERVING until Start has finished (below).
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *credentials, &server->port_);
  int unix_port = 0;
  if (!options.unix_socket.empty()) {
    server->unix_socket_ = options.unix_socket;
    builder.AddListeningPort(server->unix_address(), grpc::InsecureServerCredentials(), &unix_port);
  }
  builder.RegisterService(server->knowledge_service_.get());
  builder.RegisterService(server->monitoring_service_.get());
  builder.RegisterService(server->exchange_service_.get());
  builder.RegisterService(server->scorecard_service_.get());
  builder.RegisterService(server->admin_service_.get());
  builder.SetMaxReceiveMessageSize(64 << 20);
  // Every call first passes the call guard (the token, call_guard.h); unary calls without a
  // client deadline then get the server's default one.
  // The request log (one line per call, the RPC metrics) comes after the guard, whose caller it
  // names.
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
  creators.push_back(NewCallGuardFactory(
      &e.tokens(), security::AccessPolicy{.allow_anonymous_read = options.allow_anonymous_read,
                                          .read_replica_of = options.replica_of}));
  creators.push_back(NewRequestLogFactory(&server->rpc_metrics_));
  if (options.default_deadline.count() > 0) {
    creators.push_back(DefaultDeadlineFactory(options.default_deadline));
  }
  builder.experimental().SetInterceptorCreators(std::move(creators));
  server->server_ = builder.BuildAndStart();
  if (server->server_ != nullptr) {
    grpc::HealthCheckServiceInterface* health = server->server_->GetHealthCheckService();
    for (const std::string& name : ServiceNames()) health->SetServingStatus(name, false);
    health->SetServingStatus(false);
  }
  if (server->server_ == nullptr || server->port_ == 0 ||
      (!options.unix_socket.empty() && unix_port == 0)) {
    const std::string why = options.transport.tls()
                                ? " (address in use or not available, or the TLS certificate "
                                  "does not match the key)"
                                : " (address in use or not available)";
    if (options.unix_socket.empty()) {
      return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen, why));
    }
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen,
                                               " or on unix socket ", options.unix_socket, why));
  }
  if (!options.unix_socket.empty() && ::chmod(options.unix_socket.c_str(), 0660) != 0) {
    // gRPC created it with the process umask (integrad's is 077: owner only); widen it to the
    // group, which is how local access is granted.
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot set mode 0660 on unix socket ", options.unix_socket, ": ", std::strerror(errno)));
  }
  server->ready_ = true;
  server->health_live_ = true;
  // "" and every service: SERVING (a replica: if it catches up)
  server->ReportHealth(server->follower_ == nullptr || server->follower_->healthy());
  return server;
}

bool IntegraServer::ready() const {
  return ready_.load() && (follower_ == nullptr || follower_->healthy());
}

void IntegraServer::ReportHealth(bool follower_healthy) {
  if (!health_live_.load()) return;
  server_->GetHealthCheckService()->SetServingStatus(ready_.load() && follower_healthy);
}

IntegraServer::~IntegraServer() { Shutdown(0); }

storage::Store* IntegraServer::store() { return &engine_->store(); }

std::string IntegraServer::address() const { return absl::StrCat(host_, ":", port_); }

std::string IntegraServer::unix_address() const {
  return unix_socket_.empty() ? "" : absl::StrCat("unix:", unix_socket_);
}

std::shared_ptr<grpc::Channel> IntegraServer::InProcessChannel() {
  if (server_ == nullptr) return nullptr;
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(64 << 20);
  args.SetMaxReceiveMessageSize(-1);
  return server_->InProcessChannel(args);
}

void IntegraServer::Shutdown(int grace_seconds) {
  if (server_ == nullptr) return;
  health_live_ = false;
  if (follower_ != nullptr) follower_->Stop();  // no catch-up (or health report) from now on
  ready_ = false;
  server_->GetHealthCheckService()->SetServingStatus(false);
  // Watch streams never end by themselves; end them first so the grace period is not spent
  // waiting for them.
  exchange_service_->Shutdown();
  // ... and let their last status (with the sequence to resume after) reach the clients before
  // the transports close: on the in-process channel (the HTTP gateway's), gRPC's shutdown would
  // otherwise replace it with "Transport closed".
  exchange_service_->AwaitOpenStreams([](const OpenStreams& open) { return open.watches == 0; },
                                      std::chrono::seconds(grace_seconds));
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(grace_seconds));
  server_->Wait();
  server_.reset();
  if (!unix_socket_.empty()) ::unlink(unix_socket_.c_str());  // a stale socket file misleads
}

const std::vector<std::string>& IntegraServer::ServiceNames() {
  static const auto* names = new std::vector<std::string>{
      v1::KnowledgeService::service_full_name(), v1::MonitoringService::service_full_name(),
      v1::ExchangeService::service_full_name(), v1::ScorecardService::service_full_name(),
      v1::AdminService::service_full_name()};
  return *names;
}

std::string IntegraServer::MetricsText() const {
  common::PrometheusText out;
  rpc_metrics_.AppendTo(out);
  out.Single("integra_ready", "gauge",
             "1 while the server is ready (health SERVING), 0 during start-up and shutdown.",
             ready() ? 1 : 0);
  out.Single("integra_ingest_rows_total", "counter",
             "Observation rows written (new or changed cells) since start, by every import path.",
             static_cast<double>(engine_->observations().rows_written()));
  const OpenStreams open = exchange_service_->open_streams();
  out.Family("integra_open_streams", "gauge", "Export and watch streams open now.");
  out.Sample("integra_open_streams", {{"kind", "export"}}, open.exports);
  out.Sample("integra_open_streams", {{"kind", "watch"}}, open.watches);
  const storage::StoreStats st = engine_->store().Stats();
  out.Single("integra_rocksdb_block_cache_hits_total", "counter",
             "RocksDB block cache hits since start.", static_cast<double>(st.block_cache_hits));
  out.Single("integra_rocksdb_block_cache_misses_total", "counter",
             "RocksDB block cache misses since start.",
             static_cast<double>(st.block_cache_misses));
  const uint64_t lookups = st.block_cache_hits + st.block_cache_misses;
  out.Single("integra_rocksdb_block_cache_hit_ratio", "gauge",
             "Block cache hits / lookups since start (0 before the first lookup); for a recent "
             "window use the rate of the two counters.",
             lookups == 0 ? 0.0 : static_cast<double>(st.block_cache_hits) / lookups);
  out.Single("integra_rocksdb_block_cache_usage_bytes", "gauge",
             "Bytes held in the RocksDB block cache.",
             static_cast<double>(st.block_cache_usage_bytes));
  out.Single("integra_rocksdb_block_cache_capacity_bytes", "gauge",
             "Capacity of the RocksDB block cache.",
             static_cast<double>(st.block_cache_capacity_bytes));
  out.Single("integra_rocksdb_pending_compaction_bytes", "gauge",
             "Estimated bytes compaction still has to rewrite (all column families).",
             static_cast<double>(st.pending_compaction_bytes));
  out.Single("integra_rocksdb_live_data_bytes", "gauge",
             "Estimated size of the live data (all column families).",
             static_cast<double>(st.live_data_bytes));
  out.Single("integra_rocksdb_sst_bytes", "gauge", "Size of all table files.",
             static_cast<double>(st.sst_bytes));
  if (follower_ != nullptr) {
    const engine::ReplicaState r = follower_->state();
    out.Single("integra_replica_healthy", "gauge",
               "1 while this read replica catches up with its primary (readiness), else 0.",
               r.healthy ? 1 : 0);
    out.Single("integra_replica_seconds_since_catch_up", "gauge",
               "Seconds since the last successful catch-up: how far reads may lag behind the "
               "primary's acknowledged writes.",
               static_cast<double>(common::SystemClock().NowMicros() - r.last_success_micros) /
                   1e6);
    out.Single("integra_replica_sequence", "gauge",
               "The replica's RocksDB sequence number (the primary's as of the last catch-up).",
               static_cast<double>(r.sequence));
    out.Family("integra_replica_catch_ups_total", "counter",
               "Catch-ups since start by result: ok, deferred (reads open), failed.");
    out.Sample("integra_replica_catch_ups_total", {{"result", "ok"}},
               static_cast<double>(r.catch_ups_ok));
    out.Sample("integra_replica_catch_ups_total", {{"result", "deferred"}},
               static_cast<double>(r.catch_ups_deferred));
    out.Sample("integra_replica_catch_ups_total", {{"result", "failed"}},
               static_cast<double>(r.catch_ups_failed));
  }
  out.Single("process_resident_memory_bytes", "gauge", "Resident memory of integrad in bytes.",
             static_cast<double>(common::ProcessResidentBytes()));
  return out.text();
}

void IntegraServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace integra::api
