// integrad: the integra server. Wiring only: flags, signals, server lifetime.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>

#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "services/api/server.h"
#include "services/integrad/admin_command.h"

namespace {

constexpr char kUsage[] = R"(integrad - the integra server (integration policy monitoring)

Usage: integrad [--data-dir DIR] [--listen HOST:PORT] [--unix-socket PATH] [--sync]
                [--no-rankings] [--cross-section-cache-mb N] [--allow-anonymous-read]
       integrad admin token create|list|revoke ...   (see integrad admin --help)

Options:
  --data-dir DIR      RocksDB data directory, created if missing (default ./var/integra).
                      Only one integrad may use a data dir at a time.
  --listen HOST:PORT  gRPC address to serve on (default 127.0.0.1:50051; port 0 = any free port).
  --unix-socket PATH  serve on this unix-domain socket as well; local clients connect with
                      --server unix:PATH (file permissions control who may connect).
  --sync              fsync the write-ahead log on every write (survives power loss; slower).
                      Without it every acknowledged write survives a crash of integrad itself.
  --no-rankings       never rank units in peer comparisons (no league places, no better/worse
                      counts); comparisons show quartile position and distance to the median.
  --cross-section-cache-mb N
                      block-cache memory for the packed cross-sections that peer comparisons,
                      roll-ups and league tables read, added to the 256 MiB block cache
                      (default 64).
  --allow-anonymous-read
                      let callers without a token read non-confidential data. Without it every
                      call needs a token ("authorization: Bearer <token>"); writes always do.
  --help              show this help.

Tokens: every call presents an API token, over TCP and the unix socket alike. Create the first
ADMIN token offline, before starting integrad on the data dir:
  integrad admin token create --data-dir DIR --name NAME --role ADMIN > admin.token

Serves integra.v1.KnowledgeService, integra.v1.MonitoringService, integra.v1.ExchangeService,
integra.v1.ScorecardService and integra.v1.AdminService, standard gRPC health checking
(grpc.health.v1.Health) and server reflection. SIGINT or SIGTERM shut down gracefully: change-feed watches end (UNAVAILABLE,
resumable by sequence), in-flight calls finish, the database is closed cleanly, exit code 0.
)";

bool TakeValue(int argc, char** argv, int& i, std::string_view flag, std::string& out) {
  std::string_view arg = argv[i];
  if (arg == flag) {
    if (i + 1 >= argc) {
      std::fprintf(stderr, "integrad: %s needs a value\n", std::string(flag).c_str());
      std::exit(2);
    }
    out = argv[++i];
    return true;
  }
  std::string prefix = std::string(flag) + "=";
  if (arg.substr(0, prefix.size()) == prefix) {
    out = std::string(arg.substr(prefix.size()));
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string_view(argv[1]) == "admin") {
    return integra::integrad::RunAdminCommand(argc, argv);
  }
  integra::api::ServerOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--sync") {
      options.sync_writes = true;
      continue;
    }
    if (arg == "--allow-anonymous-read") {
      options.allow_anonymous_read = true;
      continue;
    }
    if (arg == "--no-rankings") {
      options.rankings_enabled = false;
      continue;
    }
    if (TakeValue(argc, argv, i, "--data-dir", options.data_dir)) continue;
    if (TakeValue(argc, argv, i, "--listen", options.listen)) continue;
    if (TakeValue(argc, argv, i, "--unix-socket", options.unix_socket)) continue;
    if (std::string mb; TakeValue(argc, argv, i, "--cross-section-cache-mb", mb)) {
      char* end = nullptr;
      const unsigned long long n = std::strtoull(mb.c_str(), &end, 10);
      if (mb.empty() || *end != '\0' || mb[0] == '-' || n > (1ull << 20)) {
        std::fprintf(stderr,
                     "integrad: --cross-section-cache-mb needs a whole number of MiB (0 to "
                     "1048576), got '%s'\n",
                     mb.c_str());
        return 2;
      }
      options.cross_section_cache_bytes = static_cast<size_t>(n) << 20;
      continue;
    }
    std::fprintf(stderr, "integrad: unknown argument '%s' (see integrad --help)\n", argv[i]);
    return 2;
  }

  // Block the shutdown signals in every thread (gRPC's threads inherit the mask) and wait for
  // them synchronously below: no work happens in a signal handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  auto server = integra::api::IntegraServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "integrad: cannot start: %s\n", server.status().ToString().c_str());
    return 1;
  }
  // The "serving on" line comes last: scripts wait for it, and the socket is then up too.
  if (!options.unix_socket.empty()) {
    std::printf("integrad: local clients: --server %s\n", (*server)->unix_address().c_str());
  }
  std::printf("integrad: serving on %s, data dir %s\n", (*server)->address().c_str(),
              options.data_dir.c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::printf("integrad: %s received, shutting down\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  (*server)->Shutdown(/*grace_seconds=*/10);
  server->reset();  // closes the database
  std::printf("integrad: stopped cleanly\n");
  return 0;
}
