// HttpGateway: integra over HTTP/1.1 with JSON, for browsers, spreadsheets and planning tools.
//
// A thin adapter with no handler per endpoint: `POST /integra.v1.<Service>/<Method>` looks the
// method up in the generated descriptor pool, parses the JSON body into that method's request
// message (protobuf's canonical JSON mapping), and calls the method through the gRPC server's
// in-process channel with grpc::GenericStub, forwarding "Authorization: Bearer <token>" as gRPC
// metadata. Every HTTP call therefore passes the same call guard, permission table, deadlines
// and stream limits as a gRPC call (services/api/call_guard.h): there is one source of truth,
// and a new RPC is reachable over HTTP without gateway code. The answer is converted back to
// JSON. The wire conventions follow the Connect protocol's unary JSON form (connectrpc.com):
// errors are `{"code": "not_found", "message": "..."}` with Connect's HTTP status per code
// (ConnectHttpStatus). Streams are newline-delimited JSON (docs/http.md).
//
// Beside the API it serves the dashboard's static files from a directory (web root) and
// `GET /healthz`, `/readyz` and `/metrics` (ops_endpoints.h). cpp-httplib (Debian libcpp-httplib-dev) parses HTTP; TLS and mutual TLS use
// the same files and the same loopback rule as the gRPC listener (services/api/transport.h).
//
// Thread-safety: Start/Shutdown from one thread; requests are served by a pool of
// `max_threads` threads. An open server stream (export, watch) holds one of them while it runs.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"
#include "services/api/transport.h"
#include "services/http/ops_endpoints.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace integra::http {

struct HttpOptions {
  // HOST:PORT to serve HTTP on (integrad --http); port 0 picks a free port.
  std::string listen = "127.0.0.1:8080";
  // TLS (HTTPS) and mutual TLS with the gRPC listener's files (integrad --tls-cert, --tls-key,
  // --tls-client-ca), and the same rule: plaintext on a non-loopback address only with
  // insecure_listen.
  api::TransportOptions transport;
  // Origin allowed to call the API from another site's pages (integrad --http-cors-origin),
  // e.g. "https://statistik.koeln.de". "" (default): no CORS headers at all, so browsers let
  // only pages served by this gateway call it. "*": any origin.
  std::string cors_origin;
  // Directory of the dashboard's built files, served at "/" (integrad --web-root). "" or a
  // directory without index.html: "/" answers a short page saying how to build the dashboard.
  std::string web_root;
  // Largest request body accepted; a larger one gets 413 (resource_exhausted). 64 MiB, the same
  // as the largest gRPC request message.
  size_t max_body_bytes = 64ull << 20;
  // Threads serving requests. Each open export or watch stream holds one for its lifetime;
  // connections beyond the pool wait in the accept queue.
  int max_threads = 16;
  // GET /healthz, /readyz and /metrics (services/http/ops_endpoints.h): readiness, metrics
  // text and the metrics token, from the server (integrad wires IntegraServer's).
  OpsEndpoints ops;
};

// Connect's HTTP status for a gRPC status code (connectrpc.com/docs/protocol, "Error codes"):
// canceled 499, unknown 500, invalid_argument 400, deadline_exceeded 504, not_found 404,
// already_exists 409, permission_denied 403, resource_exhausted 429, failed_precondition 400,
// aborted 409, out_of_range 400, unimplemented 501, internal 500, unavailable 503,
// data_loss 500, unauthenticated 401; OK 200.
int ConnectHttpStatus(grpc::StatusCode code);
// Connect's name of a code: "not_found", "invalid_argument", ... ("ok" for OK).
absl::string_view ConnectCodeName(grpc::StatusCode code);
// The error body `{"code":"<name>","message":"<message>"}`.
std::string ConnectErrorJson(grpc::StatusCode code, absl::string_view message);

// Where integrad looks for the dashboard when --web-root is not given: `web/dist` of the source
// tree the binary was built in (the binary in <tree>/build/<preset>/services/integrad/), then
// <prefix>/share/integra/web for an installed binary in <prefix>/bin. The first that holds an
// index.html, or "" if none does. `executable`: the path of the running binary.
std::string DefaultWebRoot(const std::string& executable);

class HttpGateway {
 public:
  // Starts serving on options.listen, calling the gRPC server behind `channel` (its in-process
  // channel; IntegraServer::InProcessChannel). InvalidArgument for a malformed address or
  // inconsistent TLS options; FailedPrecondition for plaintext on a non-loopback address
  // without insecure_listen or an unreadable TLS file; Unavailable if the address cannot be
  // bound or the certificate and key are refused.
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(const HttpOptions& options,
                                                            std::shared_ptr<grpc::Channel> channel);
  // Shutdown().
  ~HttpGateway();

  int port() const { return port_; }
  // "http://HOST:PORT" or "https://HOST:PORT".
  std::string url() const;
  // Whether static files are served (a web root with index.html was found).
  bool serves_web_root() const { return !web_root_.empty(); }
  const std::string& web_root() const { return web_root_; }

  // Waits up to `drain` for the gRPC calls still open to end by themselves, cancels the rest
  // (a stream's last line is then its error), waits until their responses are written, stops
  // accepting and waits for the serving threads (idle keep-alive connections end within 5 s).
  // For a graceful stop, shut the gRPC server down first: it lets calls finish and ends
  // watches with their resume point (UNAVAILABLE, "resume with after_sequence=N"); then give
  // the gateway a drain time, so that status reaches HTTP clients as the last line instead of
  // being overtaken by the cancellation. HTTP requests arriving meanwhile get 503 unavailable.
  void Shutdown(std::chrono::milliseconds drain = std::chrono::milliseconds(0));

  class Calls;  // the gRPC calls in flight (services/http/http_gateway.cc)

 private:
  HttpGateway() = default;
  std::string host_;
  int port_ = 0;
  bool tls_ = false;
  std::string web_root_;
  std::unique_ptr<Calls> calls_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace integra::http
