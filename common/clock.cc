#include "common/clock.h"

#include <chrono>

namespace integra::common {
namespace {

class WallClock final : public Clock {
 public:
  int64_t NowMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

const Clock& SystemClock() {
  static const WallClock* const clock = new WallClock();  // never destroyed: safe at exit
  return *clock;
}

}  // namespace integra::common
