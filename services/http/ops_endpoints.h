// The operations endpoints of the HTTP port, for orchestrators and monitoring:
//   GET /healthz  liveness: 200 "ok" whenever the process answers HTTP at all.
//   GET /readyz   readiness: 200 "ready" while the server is ready (the gRPC health service
//                 says SERVING), else 503 "not ready" (start-up, shutdown).
//   GET /metrics  the metrics in the Prometheus text format (text/plain; version=0.0.4). Open
//                 to anyone unless a metrics token is configured; then only a request with
//                 "Authorization: Bearer <metrics token>" (401 otherwise). The API tokens do not
//                 open it: a scraper holds no API permission.
// Thread-safety: the handlers are called from the gateway's serving threads at once; `ready`
// and `metrics` must be thread-safe.
#pragma once

#include <functional>
#include <string>

namespace httplib {
class Server;
}  // namespace httplib

namespace integra::http {

struct OpsEndpoints {
  std::function<bool()> ready;           // empty: always ready
  std::function<std::string()> metrics;  // empty: no /metrics (404)
  std::string metrics_token;             // "" = /metrics needs no token
};

void AddOpsEndpoints(httplib::Server& server, const OpsEndpoints& endpoints);

// Whether `header` is "Bearer <token>"; compares in time independent of where they differ.
bool BearerMatches(const std::string& header, const std::string& token);

}  // namespace integra::http
