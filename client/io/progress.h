// A one-line terminal progress bar for long imports and exports:
//   [##########..........]  48%  1,234,567 rows  98,765 rows/s  ETA 0:12
// drawn on stderr only when stderr is a terminal, so pipes and logs stay clean. The
// formatting is a pure function, testable without a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace integra::io {

struct ProgressSnapshot {
  int64_t rows = 0;
  uint64_t bytes_done = 0;
  std::optional<uint64_t> bytes_total;  // unknown for pipes
  double elapsed_seconds = 0;
};

// One progress line, at most `width` columns. With a known total: a bar, percent, rows,
// rows/s and an ETA extrapolated from the bytes consumed (rows are not known in advance);
// without: rows, rows/s and the bytes read so far. Rates show "-" until time has passed.
std::string FormatProgress(const ProgressSnapshot& snapshot, int width = 80);

// "1,234,567"
std::string FormatCount(int64_t n);
// "0:07", "12:34", "1:02:03"
std::string FormatDuration(double seconds);

// Draws FormatProgress lines in place ("\r" + clear to end of line). Not thread-safe.
class ProgressBar {
 public:
  // Enabled when `out` is a terminal.
  explicit ProgressBar(std::FILE* out = stderr);
  ProgressBar(std::FILE* out, bool enabled);

  // Redraws at most every 100 ms (cheap to call per row).
  void Update(int64_t rows, uint64_t bytes_done, std::optional<uint64_t> bytes_total);
  // Draws the final state and ends the line, if anything was drawn.
  void Finish();
  // Erases the bar so that other text (error lines) can be printed; the next Update redraws it.
  void Clear();
  bool enabled() const { return enabled_; }

 private:
  void Draw();

  std::FILE* out_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
  ProgressSnapshot snapshot_;
  bool drawn_ = false;
};

}  // namespace integra::io
