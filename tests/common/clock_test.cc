#include "common/clock.h"

#include <chrono>

#include "gtest/gtest.h"

namespace integra::common {
namespace {

TEST(Clock, SystemClockReadsTheWallClock) {
  const auto micros = [] {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const int64_t before = micros();
  const int64_t now = SystemClock().NowMicros();
  const int64_t after = micros();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
  EXPECT_EQ(&SystemClock(), &SystemClock());  // one instance
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(1'700'000'000'000'000);
  EXPECT_EQ(clock.NowMicros(), 1'700'000'000'000'000);
  EXPECT_EQ(clock.NowMicros(), 1'700'000'000'000'000);
  clock.AdvanceMicros(250);
  EXPECT_EQ(clock.NowMicros(), 1'700'000'000'000'250);
  clock.SetMicros(42);  // may go backwards, as a wall clock can
  EXPECT_EQ(clock.NowMicros(), 42);
  const Clock& as_base = clock;
  EXPECT_EQ(as_base.NowMicros(), 42);
  EXPECT_EQ(ManualClock().NowMicros(), 0);
}

}  // namespace
}  // namespace integra::common
