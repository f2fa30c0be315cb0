#include "common/metrics.h"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>

namespace integra::common {
namespace {

void AppendEscaped(std::string_view value, std::string& out) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string PrometheusNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

void PrometheusText::Family(std::string_view name, std::string_view type, std::string_view help) {
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  for (char c : help) text_ += c == '\n' ? ' ' : c;
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += type;
  text_ += '\n';
}

void PrometheusText::Sample(std::string_view name, const MetricLabels& labels, double value) {
  text_ += name;
  if (!labels.empty()) {
    text_ += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) text_ += ',';
      text_ += labels[i].first;
      text_ += "=\"";
      AppendEscaped(labels[i].second, text_);
      text_ += '"';
    }
    text_ += '}';
  }
  text_ += ' ';
  text_ += PrometheusNumber(value);
  text_ += '\n';
}

void PrometheusText::Single(std::string_view name, std::string_view type, std::string_view help,
                            double value) {
  Family(name, type, help);
  Sample(name, {}, value);
}

void RpcMetrics::Record(std::string_view method, std::string_view code, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = methods_.find(method);
  if (it == methods_.end()) it = methods_.emplace(std::string(method), PerMethod()).first;
  PerMethod& m = it->second;
  auto code_it = m.by_code.find(code);
  if (code_it == m.by_code.end()) code_it = m.by_code.emplace(std::string(code), 0).first;
  ++code_it->second;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++m.buckets[i];
      break;
    }
  }
  ++m.count;
  m.sum += seconds;
}

void RpcMetrics::AppendTo(PrometheusText& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  out.Family("integra_rpc_requests_total", "counter",
             "Finished RPCs by method and gRPC status code (HTTP gateway calls included).");
  for (const auto& [method, m] : methods_) {
    for (const auto& [code, n] : m.by_code) {
      out.Sample("integra_rpc_requests_total", {{"method", method}, {"code", code}},
                 static_cast<double>(n));
    }
  }
  out.Family("integra_rpc_duration_seconds", "histogram",
             "RPC duration from the arrival of its metadata to its status, in seconds (streams: "
             "their whole lifetime).");
  for (const auto& [method, m] : methods_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += m.buckets[i];
      out.Sample("integra_rpc_duration_seconds_bucket",
                 {{"method", method}, {"le", PrometheusNumber(kBuckets[i])}},
                 static_cast<double>(cumulative));
    }
    out.Sample("integra_rpc_duration_seconds_bucket", {{"method", method}, {"le", "+Inf"}},
               static_cast<double>(m.count));
    out.Sample("integra_rpc_duration_seconds_sum", {{"method", method}}, m.sum);
    out.Sample("integra_rpc_duration_seconds_count", {{"method", method}},
               static_cast<double>(m.count));
  }
}

uint64_t ProcessResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  const int read = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (read != 2) return 0;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace integra::common
