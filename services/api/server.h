// IntegraServer: one running integra gRPC server over one data dir.
//
// Owns the Store, the domain stores and the gRPC services; used by integrad and by the service
// tests (which start it in-process on port 0). Standard gRPC health checking is enabled; server
// reflection is added by integrad (see services/integrad/main.cc) so that test binaries, which
// carry their own copy of the reflection protocol, do not link it twice.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "storage/store.h"

namespace integra::knowledge {
class GraphAnalytics;
class KnowledgeStore;
}  // namespace integra::knowledge
namespace integra::monitoring {
class UnitStore;
class IndicatorCatalog;
class ObservationStore;
class PeerGroupStore;
class PeerResolver;
class TargetStore;
class ReformStore;
class MonitoringQueries;
}  // namespace integra::monitoring
namespace integra::scorecard {
class ScorecardBuilder;
}  // namespace integra::scorecard

namespace integra::api {

class KnowledgeServiceImpl;
class MonitoringServiceImpl;
class ExchangeServiceImpl;
class ScorecardServiceImpl;

struct ServerOptions {
  std::string data_dir = "./var/integra";
  std::string listen = "127.0.0.1:50051";  // host:port; port 0 picks a free port
  // Path of a unix-domain socket to serve on as well ("" = none). Local clients (the CLI, a
  // gateway, a report job on the same host) reach it as "unix:PATH"; who may connect is then
  // decided by the file's permissions, and no TCP port needs to be open to them.
  std::string unix_socket;
  bool sync_writes = false;
  // false: no comparison anywhere shows a rank or league table (integrad --no-rankings);
  // quartile position and distance to the peer median remain.
  bool rankings_enabled = true;
  // Decoded cross-sections kept for peer comparisons and roll-ups (0 = none; every comparison
  // then scans obs_cross). See services/monitoring/cross_section_cache.h.
  size_t cross_section_cache_bytes = 64ull << 20;
};

class IntegraServer {
 public:
  // Opens the data dir and starts serving. FailedPrecondition if the data dir is locked or
  // incompatible; Unavailable if the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<IntegraServer>> Start(const ServerOptions& options);
  ~IntegraServer();

  int port() const { return port_; }
  std::string address() const;
  // "unix:PATH" if serving on a unix-domain socket, else "".
  std::string unix_address() const;
  // Ends the change-feed watches (UNAVAILABLE), stops accepting calls, lets in-flight calls
  // finish (up to `grace_seconds`), then returns.
  void Shutdown(int grace_seconds = 10);
  void Wait();

  storage::Store* store() { return store_.get(); }
  // The exchange service (its open streams, for tests and diagnostics).
  ExchangeServiceImpl* exchange_service() { return exchange_service_.get(); }

 private:
  IntegraServer() = default;
  std::string host_;
  int port_ = 0;
  std::string unix_socket_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<knowledge::KnowledgeStore> knowledge_;
  std::unique_ptr<knowledge::GraphAnalytics> analytics_;
  std::unique_ptr<KnowledgeServiceImpl> knowledge_service_;
  // Declared after knowledge_: the catalog guards knowledge nodes and must go first.
  std::unique_ptr<monitoring::UnitStore> units_;
  std::unique_ptr<monitoring::IndicatorCatalog> catalog_;
  std::unique_ptr<monitoring::ObservationStore> observations_;
  std::unique_ptr<monitoring::PeerGroupStore> peer_groups_;
  std::unique_ptr<monitoring::PeerResolver> peers_;
  std::unique_ptr<monitoring::TargetStore> targets_;
  std::unique_ptr<monitoring::ReformStore> reforms_;
  std::unique_ptr<monitoring::MonitoringQueries> queries_;
  std::unique_ptr<MonitoringServiceImpl> monitoring_service_;
  std::unique_ptr<ExchangeServiceImpl> exchange_service_;
  std::unique_ptr<scorecard::ScorecardBuilder> scorecards_;
  std::unique_ptr<ScorecardServiceImpl> scorecard_service_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace integra::api
