#include "client/io/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace integra::io {
namespace {

std::string FormatBytes(uint64_t bytes) {
  char buf[32];
  if (bytes < 1024ull * 1024) {
    std::snprintf(buf, sizeof(buf), "%.1f KiB", static_cast<double>(bytes) / 1024);
  } else if (bytes < 1024ull * 1024 * 1024) {
    std::snprintf(buf, sizeof(buf), "%.1f MiB", static_cast<double>(bytes) / (1024 * 1024));
  } else {
    std::snprintf(buf, sizeof(buf), "%.2f GiB",
                  static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  }
  return buf;
}

}  // namespace

std::string FormatCount(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string FormatDuration(double seconds) {
  auto total = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
  int64_t h = total / 3600, m = (total / 60) % 60, s = total % 60;
  char buf[32];
  if (h > 0) {
    std::snprintf(buf, sizeof(buf), "%lld:%02lld:%02lld", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s));
  } else {
    std::snprintf(buf, sizeof(buf), "%lld:%02lld", static_cast<long long>(m),
                  static_cast<long long>(s));
  }
  return buf;
}

std::string FormatProgress(const ProgressSnapshot& s, int width) {
  bool timed = s.elapsed_seconds >= 0.05;
  std::string rate =
      timed ? FormatCount(static_cast<int64_t>(static_cast<double>(s.rows) / s.elapsed_seconds))
            : "-";
  std::string tail = FormatCount(s.rows) + " rows  " + rate + " rows/s";
  if (!s.bytes_total || *s.bytes_total == 0) {
    std::string line = tail + "  " + FormatBytes(s.bytes_done);
    return line.substr(0, static_cast<size_t>(std::max(width, 0)));
  }
  double fraction =
      std::min(1.0, static_cast<double>(s.bytes_done) / static_cast<double>(*s.bytes_total));
  std::string eta = "-";
  if (fraction >= 1.0) {
    eta = FormatDuration(0);
  } else if (timed && s.bytes_done > 0) {
    double bytes_per_second = static_cast<double>(s.bytes_done) / s.elapsed_seconds;
    eta = FormatDuration(static_cast<double>(*s.bytes_total - s.bytes_done) / bytes_per_second);
  }
  char percent[8];
  std::snprintf(percent, sizeof(percent), "%3d%%", static_cast<int>(fraction * 100));
  tail = std::string(percent) + "  " + tail + "  ETA " + eta;
  int bar = std::clamp(width - static_cast<int>(tail.size()) - 4, 0, 40);
  if (bar < 10) return tail.substr(0, static_cast<size_t>(std::max(width, 0)));
  int filled = static_cast<int>(fraction * bar);
  return "[" + std::string(static_cast<size_t>(filled), '#') +
         std::string(static_cast<size_t>(bar - filled), '.') + "]  " + tail;
}

ProgressBar::ProgressBar(std::FILE* out) : ProgressBar(out, ::isatty(::fileno(out)) == 1) {}

ProgressBar::ProgressBar(std::FILE* out, bool enabled)
    : out_(out), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::Update(int64_t rows, uint64_t bytes_done, std::optional<uint64_t> bytes_total) {
  if (!enabled_) return;
  snapshot_.rows = rows;
  snapshot_.bytes_done = bytes_done;
  snapshot_.bytes_total = bytes_total;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw();
}

void ProgressBar::Finish() {
  if (!enabled_ || !drawn_) return;
  Draw();
  std::fputc('\n', out_);
  std::fflush(out_);
}

void ProgressBar::Clear() {
  if (!enabled_ || !drawn_) return;
  std::fputs("\r\x1b[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

void ProgressBar::Draw() {
  snapshot_.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string line = FormatProgress(snapshot_, 79);
  std::fprintf(out_, "\r%s\x1b[K", line.c_str());
  std::fflush(out_);
  drawn_ = true;
}

}  // namespace integra::io
