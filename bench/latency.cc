#include "bench/latency.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "absl/strings/str_cat.h"

namespace integra::bench {
namespace {

std::string Sig3(double v, const char* unit) {
  char buf[64];
  if (v >= 100) {
    std::snprintf(buf, sizeof buf, "%.0f %s", v, unit);
  } else if (v >= 10) {
    std::snprintf(buf, sizeof buf, "%.1f %s", v, unit);
  } else if (v >= 1) {
    std::snprintf(buf, sizeof buf, "%.2f %s", v, unit);
  } else {
    std::snprintf(buf, sizeof buf, "%.3f %s", v, unit);
  }
  return buf;
}

}  // namespace

LatencySummary LatencyRecorder::Summarize() const {
  LatencySummary s;
  s.n = samples_us_.size();
  if (s.n == 0) return s;
  std::vector<double> sorted = samples_us_;
  std::sort(sorted.begin(), sorted.end());
  auto rank = [&](double p) {
    size_t r = static_cast<size_t>(std::ceil(p * static_cast<double>(s.n)));
    return sorted[std::clamp<size_t>(r, 1, s.n) - 1];
  };
  s.p50_us = rank(0.50);
  s.p99_us = rank(0.99);
  s.max_us = sorted.back();
  s.mean_us = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(s.n);
  return s;
}

std::string FormatMicros(double us) {
  if (us >= 1e6) return Sig3(us / 1e6, "s");
  return Sig3(us / 1e3, "ms");
}

std::string FormatRate(double per_second) {
  if (per_second >= 1e6) return Sig3(per_second / 1e6, "M/s");
  if (per_second >= 1e3) return Sig3(per_second / 1e3, "k/s");
  return Sig3(per_second, "/s");
}

std::string FormatBytes(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024) return Sig3(bytes / (1024.0 * 1024 * 1024), "GiB");
  if (bytes >= 1024.0 * 1024) return Sig3(bytes / (1024.0 * 1024), "MiB");
  return Sig3(bytes / 1024.0, "KiB");
}

// 22796000 -> "22,796,000".
std::string FormatCount(int64_t n) {
  const std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace integra::bench
