// integrad: the integra server. Wiring only: flags, signals, server lifetime.
#include <pthread.h>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "services/api/server.h"
#include "services/http/http_gateway.h"
#include "services/integrad/admin_command.h"
#include "services/integrad/config.h"
#include "services/integrad/data_dir_command.h"

namespace {

constexpr char kUsage[] = R"(integrad - the integra server (integration policy monitoring)

Usage: integrad [--config FILE] [--print-config] [--data-dir DIR] [--listen HOST:PORT]
                [--replica-of PRIMARY_DIR [--catch-up-interval-ms N]]
                [--unix-socket PATH] [--sync]
                [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]] [--insecure-listen]
                [--default-deadline-seconds N] [--max-open-streams N] [--max-streams-per-token N]
                [--no-rankings] [--cross-section-cache-mb N] [--allow-anonymous-read]
                [--http HOST:PORT [--http-cors-origin ORIGIN] [--web-root DIR] [--http-threads N]]
                [--metrics-token TOKEN | --metrics-token-file FILE]
                [--log-format text|json] [--log-level debug|info|warn|error|off]
       integrad admin token create|list|revoke ...   (see integrad admin --help)
       integrad restore --from BACKUP_DIR --data-dir NEW_DIR [--backup-id ID]
       integrad verify --data-dir DIR

Configuration (docs/operations.md, "Configuration"): every option below is also a key of a
TOML file (--config FILE, or INTEGRA_CONFIG; else /etc/integra/integrad.toml if it exists)
and an environment variable: --data-dir DIR is `data_dir = "DIR"` and INTEGRA_DATA_DIR=DIR; a
switch such as --sync is `sync = true`, INTEGRA_SYNC=true, and --no-sync turns it off.
Precedence: flag > environment > file > default. An unknown key or a wrong type stops integrad
at start, naming the key (and the file line).
  --config FILE       read the configuration from this TOML file.
  --print-config      print the effective configuration as TOML (secret values masked, each
                      line's source as a comment) and exit.

Options:
  --data-dir DIR      RocksDB data directory, created if missing (default ./var/integra) with
                      mode 0700; integrad runs with umask 077, so its files are 0600. An existing
                      data dir open to group or others is used as it is, with a warning.
                      Only one integrad may use a data dir at a time.
  --replica-of PRIMARY_DIR
                      serve reads as a read replica of the data dir of an integrad running on
                      this host (or a shared file system): a RocksDB secondary instance whose own
                      files (its log) go to --data-dir, which must differ. Every write is refused
                      with FAILED_PRECONDITION naming the primary; reads lag the primary by at most
                      about one catch-up interval (docs/operations.md, "Read replicas").
  --catch-up-interval-ms N
                      how often a replica reads the primary's new writes (default 1000); also on
                      demand: integra admin catch-up. /readyz fails after 10 intervals without a
                      successful catch-up.
  --listen HOST:PORT  gRPC address to serve on (default 127.0.0.1:50051; port 0 = any free port).
                      A non-loopback address needs TLS or --insecure-listen.
  --unix-socket PATH  serve on this unix-domain socket as well; local clients connect with
                      --server unix:PATH. The socket is mode 0660: its owner and group may
                      connect. Always plaintext (it never leaves the host).
  --tls-cert FILE     PEM certificate chain for TLS on --listen (with --tls-key).
  --tls-key FILE      PEM private key of that certificate.
  --tls-client-ca FILE
                      mutual TLS: PEM CA bundle; every TCP client must present a certificate
                      signed by one of these CAs (integra --tls-cert/--tls-key).
  --insecure-listen   allow plaintext on a non-loopback --listen address. Without it integrad
                      refuses to start there unless TLS is configured. Loopback (127.0.0.0/8,
                      ::1, localhost) never needs it.
  --default-deadline-seconds N
                      cancel a unary call whose client set no deadline after N seconds
                      (default 60; 0 = never). A client's own deadline always wins; streams
                      (export, watch, streamed observation imports) are exempt.
  --max-open-streams N
                      export and watch streams open at once (together); one more is refused
                      with RESOURCE_EXHAUSTED (default 1000; 0 = no limit).
  --max-streams-per-token N
                      export and watch streams one token may hold open at once (anonymous
                      callers share one count); default 100, 0 = no limit.
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
  --http HOST:PORT    serve HTTP/1.1 as well (off by default): every RPC as JSON at
                      POST /integra.v1.<Service>/<Method>, the dashboard at /, GET /healthz,
                      /readyz and /metrics (docs/http.md, docs/operations.md). The same tokens, permissions, TLS files (--tls-cert,
                      --tls-key, --tls-client-ca: HTTPS) and loopback rule as --listen.
  --http-cors-origin ORIGIN
                      let pages from ORIGIN (e.g. https://statistik.example.de, or *) call the
                      HTTP API from a browser; default: no CORS headers.
  --web-root DIR      the built dashboard to serve at / (default: web/dist of the source tree
                      integrad was built in, else <prefix>/share/integra/web next to an installed
                      binary; without one, / says how to build it).
  --http-threads N    threads serving HTTP (default 16); each open export or watch stream over
                      HTTP holds one.
  --metrics-token TOKEN, --metrics-token-file FILE
                      GET /metrics on the HTTP port (Prometheus text format) then needs
                      "Authorization: Bearer TOKEN"; without either it is open to anyone who
                      reaches the port. /healthz (liveness) and /readyz (readiness) stay open.
  --log-format text|json
                      one line per request (request id, token id, RPC, status, duration) on
                      stderr, as text (default) or as JSON lines.
  --log-level LEVEL   debug, info (default), warn (failed requests only), error or off.
  --help              show this help.

Backups (docs/operations.md): `integra admin backup --to DIR [--keep N]` backs a running
integrad up online; `integrad restore` restores a backup into a new data dir; `integrad verify`
checks a data dir (read-only; also while integrad serves it) and exits 1 on any problem.

Tokens: every call presents an API token, over TCP and the unix socket alike. Create the first
ADMIN token offline, before starting integrad on the data dir:
  integrad admin token create --data-dir DIR --name NAME --role ADMIN > admin.token

Serves integra.v1.KnowledgeService, integra.v1.MonitoringService, integra.v1.ExchangeService,
integra.v1.ScorecardService and integra.v1.AdminService, standard gRPC health checking
(grpc.health.v1.Health) and server reflection. SIGINT or SIGTERM shut down gracefully: change-feed watches end (UNAVAILABLE,
resumable by sequence), in-flight calls finish, the database is closed cleanly, exit code 0.
)";

// An existing data dir that group or others may enter: said on stderr, left as it is. The
// operator may have opened it on purpose (a backup user in the group); changing the mode of a
// directory we did not create would be a surprise, and a wrong guess could break that backup.
void WarnIfDataDirIsOpen(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;  // created 0700 below
  const unsigned mode = st.st_mode & 07777;
  if ((mode & 077) == 0) return;
  std::fprintf(stderr,
               "integrad: warning: data dir %s has mode %04o: group or others may read the "
               "data (unpublished and confidential values). Unless that is intended, run: "
               "chmod -R go-rwx %s\n",
               dir.c_str(), mode, dir.c_str());
}

constexpr char kDefaultConfigFile[] = "/etc/integra/integrad.toml";

// The effective configuration onto the server's and the gateway's options, with the checks
// that involve more than one key or the file system.
absl::Status ApplyConfig(const integra::integrad::Config& config,
                         integra::api::ServerOptions& options, integra::http::HttpOptions& http) {
  options.data_dir = config.String("data_dir");
  options.replica_of = config.String("replica_of");
  options.catch_up_interval = std::chrono::milliseconds(config.Int("catch_up_interval_ms"));
  if (options.replica_of.empty() && config.IsSet("catch_up_interval_ms")) {
    return absl::InvalidArgumentError(
        "--catch-up-interval-ms (key catch_up_interval_ms) needs --replica-of PRIMARY_DIR "
        "(key replica_of)");
  }
  options.listen = config.String("listen");
  options.unix_socket = config.String("unix_socket");
  options.transport.tls_cert_file = config.String("tls_cert");
  options.transport.tls_key_file = config.String("tls_key");
  options.transport.tls_client_ca_file = config.String("tls_client_ca");
  options.transport.insecure_listen = config.Bool("insecure_listen");
  options.default_deadline = std::chrono::seconds(config.Int("default_deadline_seconds"));
  options.max_open_streams = static_cast<int>(config.Int("max_open_streams"));
  options.max_streams_per_token = static_cast<int>(config.Int("max_streams_per_token"));
  options.sync_writes = config.Bool("sync");
  options.rankings_enabled = config.Bool("rankings");
  options.cross_section_cache_bytes = static_cast<size_t>(config.Int("cross_section_cache_mb"))
                                      << 20;
  options.allow_anonymous_read = config.Bool("allow_anonymous_read");

  http.listen = config.String("http");
  http.cors_origin = config.String("http_cors_origin");
  http.web_root = config.String("web_root");
  http.max_threads = static_cast<int>(config.Int("http_threads"));
  http.transport = options.transport;
  const bool web_root_given = !http.web_root.empty();
  if (http.listen.empty() && (web_root_given || !http.cors_origin.empty())) {
    return absl::InvalidArgumentError(
        "--web-root and --http-cors-origin (keys web_root, http_cors_origin) need --http HOST:PORT "
        "(key http)");
  }
  if (web_root_given &&
      !std::filesystem::is_regular_file(std::filesystem::path(http.web_root) / "index.html")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--web-root (web_root) ", http.web_root, " holds no index.html"));
  }
  if (!web_root_given) http.web_root = integra::http::DefaultWebRoot("/proc/self/exe");

  const std::string& token_file = config.String("metrics_token_file");
  http.ops.metrics_token = config.String("metrics_token");
  if (!token_file.empty()) {
    if (!http.ops.metrics_token.empty()) {
      return absl::InvalidArgumentError(
          "give --metrics-token or --metrics-token-file (metrics_token, metrics_token_file), not "
          "both");
    }
    std::ifstream in(token_file);
    if (!in || !std::getline(in, http.ops.metrics_token) || http.ops.metrics_token.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("metrics_token_file ", token_file,
                                                     " cannot be read or its first line is empty"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  // Everything integrad creates is its owner's only, for every subcommand (serving and the
  // offline `admin` commands): the data dir (0700, also made so by storage::Store::Open),
  // RocksDB's files (which RocksDB creates itself, 0644 & ~umask), the unix socket (widened to
  // 0660 by IntegraServer). Set before any thread or file exists.
  ::umask(077);
  if (argc >= 2 && std::string_view(argv[1]) == "admin") {
    return integra::integrad::RunAdminCommand(argc, argv);
  }
  if (argc >= 2 && std::string_view(argv[1]) == "restore") {
    return integra::integrad::RunRestoreCommand(argc, argv);
  }
  if (argc >= 2 && std::string_view(argv[1]) == "verify") {
    return integra::integrad::RunVerifyCommand(argc, argv);
  }
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  bool print_config = false;
  auto config = integra::integrad::LoadConfig(std::vector<std::string>(argv + 1, argv + argc),
                                              integra::integrad::ProcessEnvironment(),
                                              kDefaultConfigFile, &print_config);
  if (!config.ok()) {
    std::fprintf(stderr, "integrad: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  integra::api::ServerOptions options;
  integra::http::HttpOptions http_options;
  if (absl::Status s = ApplyConfig(*config, options, http_options); !s.ok()) {
    std::fprintf(stderr, "integrad: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  if (print_config) {  // after ApplyConfig: what it prints would also start
    std::fputs(config->ToToml().c_str(), stdout);
    return 0;
  }
  const std::string& http_listen = http_options.listen;
  if (absl::Status s = integra::common::ConfigureLogging(config->String("log_format") == "json"
                                                             ? integra::common::LogFormat::kJson
                                                             : integra::common::LogFormat::kText,
                                                         config->String("log_level"));
      !s.ok()) {
    std::fprintf(stderr, "integrad: %s\n", std::string(s.message()).c_str());
    return 2;
  }

  WarnIfDataDirIsOpen(options.data_dir);

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
  std::unique_ptr<integra::http::HttpGateway> gateway;
  if (!http_listen.empty()) {
    integra::api::IntegraServer* running = server->get();
    http_options.ops.ready = [running] { return running->ready(); };
    http_options.ops.metrics = [running] { return running->MetricsText(); };
    auto started = integra::http::HttpGateway::Start(http_options, (*server)->InProcessChannel());
    if (!started.ok()) {
      std::fprintf(stderr, "integrad: cannot start: %s\n", started.status().ToString().c_str());
      (*server)->Shutdown(0);
      return 1;
    }
    gateway = std::move(*started);
  }
  // The "serving on" line comes last: scripts wait for it, and the socket is then up too.
  if (gateway != nullptr) {
    std::printf("integrad: serving HTTP on %s/ (%s)\n", gateway->url().c_str(),
                gateway->serves_web_root()
                    ? ("dashboard from " + gateway->web_root()).c_str()
                    : "dashboard not built: see the page at / for how to build it");
  }
  if (!options.unix_socket.empty()) {
    std::printf("integrad: local clients: --server %s\n", (*server)->unix_address().c_str());
  }
  if (!options.replica_of.empty()) {
    std::printf("integrad: read replica of %s, catching up every %lld ms\n",
                options.replica_of.c_str(),
                static_cast<long long>(options.catch_up_interval.count()));
  }
  std::printf("integrad: serving on %s, data dir %s\n", (*server)->address().c_str(),
              options.data_dir.c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::printf("integrad: %s received, shutting down\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  // The gRPC shutdown ends the watches (HTTP ones too, whose last line then says where to
  // resume) and lets in-flight calls finish; then the HTTP server stops.
  (*server)->Shutdown(/*grace_seconds=*/10);
  if (gateway != nullptr) gateway->Shutdown(/*drain=*/std::chrono::seconds(5));
  gateway.reset();
  server->reset();  // closes the database
  std::printf("integrad: stopped cleanly\n");
  return 0;
}
