// The time source of the stores: creation and update stamps, recorded times of observations.
// Stores take a `const Clock*` (default &SystemClock()) so tests can fix the time with a
// ManualClock instead of sleeping or reading the wall clock.
#pragma once

#include <atomic>
#include <cstdint>

namespace integra::common {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch (1970-01-01T00:00:00Z). Implementations are thread-safe.
  virtual int64_t NowMicros() const = 0;
};

// The wall clock (std::chrono::system_clock). Not monotonic: stores that need rising stamps
// enforce that themselves. A process-wide instance that is never destroyed.
const Clock& SystemClock();

// A clock that stands still until told to move: for tests. Thread-safe.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t now_micros = 0) : now_micros_(now_micros) {}
  int64_t NowMicros() const override { return now_micros_.load(); }
  void SetMicros(int64_t now_micros) { now_micros_.store(now_micros); }
  void AdvanceMicros(int64_t delta_micros) { now_micros_.fetch_add(delta_micros); }

 private:
  std::atomic<int64_t> now_micros_;
};

}  // namespace integra::common
