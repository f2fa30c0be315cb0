// Progress line formatting (pure) and the bar's silence when not on a terminal.
#include "client/io/progress.h"

#include <cstdio>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace integra::io {
namespace {

TEST(ProgressTest, FormatsCountsAndDurations) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatDuration(7), "0:07");
  EXPECT_EQ(FormatDuration(754), "12:34");
  EXPECT_EQ(FormatDuration(3723), "1:02:03");
}

TEST(ProgressTest, LineWithKnownSizeHasBarPercentRateAndEta) {
  ProgressSnapshot s{1000000, uint64_t{50} * 1024 * 1024, uint64_t{100} * 1024 * 1024, 10.0};
  std::string line = FormatProgress(s, 80);
  std::string tail = "]   50%  1,000,000 rows  100,000 rows/s  ETA 0:10";
  ASSERT_EQ(line.substr(line.size() - tail.size()), tail);
  std::string bar = line.substr(1, line.size() - tail.size() - 1);
  ASSERT_GE(bar.size(), 10u);
  EXPECT_EQ(bar, std::string(bar.size() / 2, '#') + std::string(bar.size() - bar.size() / 2, '.'));
  EXPECT_LE(line.size(), 80u);
  ProgressSnapshot done{10, 100, 100, 1.0};
  EXPECT_THAT(FormatProgress(done, 80), ::testing::HasSubstr("100%  10 rows  10 rows/s  ETA 0:00"));
}

TEST(ProgressTest, LineWithoutSizeOrTime) {
  ProgressSnapshot pipe{2500, uint64_t{3} * 1024 * 1024, std::nullopt, 2.0};
  EXPECT_EQ(FormatProgress(pipe, 80), "2,500 rows  1,250 rows/s  3.0 MiB");
  ProgressSnapshot start{0, 0, 1000, 0.0};
  EXPECT_THAT(FormatProgress(start, 80), ::testing::HasSubstr("0 rows  - rows/s  ETA -"));
  EXPECT_LE(FormatProgress(start, 30).size(), 30u);
}

TEST(ProgressTest, BarIsSilentWhenNotATerminal) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  ProgressBar bar(file);
  EXPECT_FALSE(bar.enabled());
  bar.Update(10, 10, 100);
  bar.Finish();
  EXPECT_EQ(std::ftell(file), 0);
  ProgressBar forced(file, true);
  forced.Update(10, 10, 100);
  forced.Finish();
  EXPECT_GT(std::ftell(file), 0);
  std::fclose(file);
}

}  // namespace
}  // namespace integra::io
