// IntegraServer: one running integra gRPC server over one data dir.
//
// Owns the Engine (the Store and the domain, services/engine/engine.h) and the gRPC services;
// every call passes the one permission check (services/api/call_guard.h);
// used by integrad and by the service tests (which start it in-process on port 0). Standard gRPC health checking is enabled; server
// reflection is added by integrad (see services/integrad/main.cc) so that test binaries, which
// carry their own copy of the reflection protocol, do not link it twice.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/metrics.h"
#include "grpcpp/server.h"
#include "services/api/transport.h"
#include "storage/store.h"

namespace integra::engine {
class Engine;
class ReplicaFollower;
}  // namespace integra::engine

namespace integra::api {

class KnowledgeServiceImpl;
class MonitoringServiceImpl;
class ExchangeServiceImpl;
class ScorecardServiceImpl;
class AdminServiceImpl;

struct ServerOptions {
  std::string data_dir = "./var/integra";
  std::string listen = "127.0.0.1:50051";  // host:port; port 0 picks a free port
  // TLS for the TCP listener and the rule for plaintext on non-loopback addresses
  // (services/api/transport.h). Default: plaintext, allowed on loopback only.
  TransportOptions transport;
  // Path of a unix-domain socket to serve on as well ("" = none). Local clients (the CLI, a
  // gateway, a report job on the same host) reach it as "unix:PATH"; who may connect is then
  // decided by the file's permissions: the socket is made 0660 (owner and group), so the group
  // of the socket (of its directory, or integrad's) decides. It is always plaintext (local).
  std::string unix_socket;
  // Unary calls whose client set no deadline are cancelled after this long (integrad
  // --default-deadline-seconds; services/api/default_deadline.h). Streaming calls are exempt.
  // Zero: no default. Default 60 s (the CLI sets 30 s on every unary call itself).
  std::chrono::milliseconds default_deadline = std::chrono::seconds(60);
  // Export and watch streams open at once, together; one more is refused with
  // RESOURCE_EXHAUSTED (integrad --max-open-streams; ExchangeServiceImpl). 0 = no limit.
  int max_open_streams = 1000;
  // Export and watch streams one token may hold open at once (all anonymous callers share one
  // count); one more is refused with RESOURCE_EXHAUSTED (integrad --max-streams-per-token).
  // 0 = no limit.
  int max_streams_per_token = 100;
  bool sync_writes = false;
  // false: no comparison anywhere shows a rank or league table (integrad --no-rankings);
  // quartile position and distance to the peer median remain.
  bool rankings_enabled = true;
  // Block-cache memory added for the packed cross-sections that peer comparisons, roll-ups and
  // league tables read (integrad --cross-section-cache-mb); the block cache holds 256 MiB plus
  // this. See services/monitoring/packed_section.h.
  size_t cross_section_cache_bytes = 64ull << 20;
  // true: reads of non-confidential data need no token (integrad --allow-anonymous-read).
  // Every write, and every call over the unix socket too, needs a token either way.
  bool allow_anonymous_read = false;
  // Serve as a read replica of the integra data dir at this path (integrad --replica-of;
  // engine::EngineOptions::replica_of): data_dir is then the replica's own dir, every write is
  // refused with FAILED_PRECONDITION, and the replica catches up every `catch_up_interval`
  // (engine::ReplicaFollower) and on demand (AdminService.CatchUp). "" (default): a primary.
  std::string replica_of;
  std::chrono::milliseconds catch_up_interval = std::chrono::seconds(1);
};

class IntegraServer {
 public:
  // Opens the data dir and starts serving. InvalidArgument for a malformed listen address or
  // inconsistent TLS options; FailedPrecondition if plaintext is asked for on a non-loopback
  // address without transport.insecure_listen, a TLS file cannot be read, or the data dir is
  // locked or incompatible (all checked before the data dir is opened, except the last);
  // Unavailable if the address cannot be bound (or, with TLS, the certificate does not match
  // the key).
  static absl::StatusOr<std::unique_ptr<IntegraServer>> Start(const ServerOptions& options);
  ~IntegraServer();

  int port() const { return port_; }
  std::string address() const;
  // "unix:PATH" if serving on a unix-domain socket, else "".
  std::string unix_address() const;
  // A channel to this server within the process (no socket, no TLS): what the HTTP gateway
  // (services/http) calls through, so its calls pass the same call guard, permission table,
  // default deadline and stream limits as any gRPC client's. Requests up to 64 MiB, responses
  // of any size. nullptr after Shutdown.
  std::shared_ptr<grpc::Channel> InProcessChannel();
  // Ends the change-feed watches (UNAVAILABLE), stops accepting calls, lets in-flight calls
  // finish (up to `grace_seconds`), then returns.
  void Shutdown(int grace_seconds = 10);
  void Wait();

  // Whether the server is ready: true from the end of Start until Shutdown begins, and on a
  // read replica only while it catches up (engine::ReplicaFollower::healthy). The gRPC health
  // service (grpc.health.v1.Health) says SERVING for "" and for every integra service exactly
  // then, NOT_SERVING otherwise; the HTTP gateway's /readyz follows it.
  bool ready() const;
  // The server's metrics in the Prometheus text format (common/metrics.h): RPCs by method and
  // status code with latency histograms, observation rows ingested, open streams, RocksDB's
  // block cache, compaction and size figures, the process's resident memory; on a read replica
  // its catch-ups (integra_replica_*). Thread-safe.
  std::string MetricsText() const;
  // The names of the services with a health status: integra.v1.KnowledgeService, ...
  static const std::vector<std::string>& ServiceNames();

  storage::Store* store();
  engine::Engine& engine() { return *engine_; }
  // The follower of a read replica (nullptr on a primary).
  engine::ReplicaFollower* replica_follower() { return follower_.get(); }
  // The exchange service (its open streams, for tests and diagnostics).
  ExchangeServiceImpl* exchange_service() { return exchange_service_.get(); }

 private:
  IntegraServer() = default;
  std::string host_;
  int port_ = 0;
  std::string unix_socket_;
  // Sets the gRPC health status to ready() given the follower's health (a replica's follower
  // calls it on a change, under its lock: so this must not ask the follower).
  void ReportHealth(bool follower_healthy);
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<engine::ReplicaFollower> follower_;  // a replica's; before the services go
  std::atomic<bool> health_live_ = false;  // server_ is built and not yet shutting down
  std::unique_ptr<KnowledgeServiceImpl> knowledge_service_;
  std::unique_ptr<MonitoringServiceImpl> monitoring_service_;
  std::unique_ptr<ExchangeServiceImpl> exchange_service_;
  std::unique_ptr<ScorecardServiceImpl> scorecard_service_;
  std::unique_ptr<AdminServiceImpl> admin_service_;
  std::unique_ptr<grpc::Server> server_;
  common::RpcMetrics rpc_metrics_;
  std::atomic<bool> ready_ = false;
};

}  // namespace integra::api
