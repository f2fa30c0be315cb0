// Metrics in the Prometheus text exposition format (version 0.0.4), written by hand: Debian 12
// packages no Prometheus client library for C++ (no prometheus-cpp), and the format is small —
// "# HELP" and "# TYPE" lines per family, then one `name{label="value"} number` line per sample
// (prometheus.io/docs/instrumenting/exposition_formats).
//
// PrometheusText builds one scrape's text; RpcMetrics counts calls by method and status code and
// keeps a latency histogram per method. Thread-safety: PrometheusText is a plain value;
// RpcMetrics is thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace integra::common {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class PrometheusText {
 public:
  // Starts a family: its "# HELP" and "# TYPE" lines. `type`: counter, gauge or histogram.
  void Family(std::string_view name, std::string_view type, std::string_view help);
  // One sample line. Label values are escaped (\\, \", \n); numbers are written exactly
  // (integers without a fraction, others in the shortest form that reads back the same).
  void Sample(std::string_view name, const MetricLabels& labels, double value);
  // Family + one unlabelled sample.
  void Single(std::string_view name, std::string_view type, std::string_view help, double value);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// A number as Prometheus writes it: "+Inf", "-Inf", "NaN", or the shortest decimal form.
std::string PrometheusNumber(double value);

class RpcMetrics {
 public:
  // Upper bounds of the latency histogram's buckets, in seconds (+Inf implied).
  static constexpr std::array<double, 14> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,    1,     2.5,  5,     10,   30};
  // Counts one finished call of `method` ("/integra.v1.MonitoringService/GetSeries") with
  // status `code` ("OK", "NOT_FOUND") that took `seconds`.
  void Record(std::string_view method, std::string_view code, double seconds);
  // integra_rpc_requests_total{method,code} (counter) and
  // integra_rpc_duration_seconds{method} (histogram).
  void AppendTo(PrometheusText& out) const;

 private:
  struct PerMethod {
    std::map<std::string, uint64_t, std::less<>> by_code;
    std::array<uint64_t, kBuckets.size()> buckets{};  // non-cumulative; summed when written
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, PerMethod, std::less<>> methods_;
};

// Resident set size of this process in bytes (/proc/self/statm), 0 if unreadable.
uint64_t ProcessResidentBytes();

}  // namespace integra::common
