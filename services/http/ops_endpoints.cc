#include "services/http/ops_endpoints.h"

#include <httplib.h>

namespace integra::http {

bool BearerMatches(const std::string& header, const std::string& token) {
  const std::string expected = "Bearer " + token;
  if (header.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(header[i] ^ expected[i]);
  }
  return diff == 0;
}

void AddOpsEndpoints(httplib::Server& server, const OpsEndpoints& endpoints) {
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
  server.Get("/readyz", [ready = endpoints.ready](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    const bool is_ready = !ready || ready();
    res.status = is_ready ? 200 : 503;
    res.set_content(is_ready ? "ready\n" : "not ready\n", "text/plain; charset=utf-8");
  });
  if (!endpoints.metrics) return;
  server.Get("/metrics", [endpoints](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    if (!endpoints.metrics_token.empty() &&
        !BearerMatches(req.get_header_value("Authorization"), endpoints.metrics_token)) {
      res.status = 401;
      res.set_header("WWW-Authenticate", "Bearer realm=\"integra metrics\"");
      res.set_content("/metrics needs the metrics token: Authorization: Bearer <token>\n",
                      "text/plain; charset=utf-8");
      return;
    }
    res.set_content(endpoints.metrics(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace integra::http
