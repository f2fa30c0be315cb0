// Latency samples of one kind of query and their summary (nearest-rank percentiles).
//
// Not thread-safe: one recorder per measuring thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace integra::bench {

struct LatencySummary {
  size_t n = 0;
  double p50_us = 0;
  double p99_us = 0;
  double mean_us = 0;
  double max_us = 0;
};

class LatencyRecorder {
 public:
  void Add(std::chrono::steady_clock::duration d) {
    samples_us_.push_back(std::chrono::duration<double, std::micro>(d).count());
  }
  // Percentiles by nearest rank over all samples; all zero when there are none.
  LatencySummary Summarize() const;

 private:
  std::vector<double> samples_us_;
};

// Milliseconds ("0.423 ms", "12.3 ms"; seconds from 1 s on), about three significant digits.
std::string FormatMicros(double us);
// "1.23 M/s", "456 k/s", "789 /s".
std::string FormatRate(double per_second);
// 22796000 -> "22,796,000".
std::string FormatCount(int64_t n);
// "1.2 GiB", "345 MiB", "12 KiB".
std::string FormatBytes(double bytes);

}  // namespace integra::bench
