// Memory stays flat: two million observations read from a file with a bounded buffer.
#include <fstream>

#include "client/io/observation_reader.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::io {
namespace {

TEST(LargeFileTest, TwoMillionRowsWithBoundedBuffers) {
  constexpr int kRows = 2'000'000;
  testing::TempDir dir;
  std::string path = dir.Sub("big.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "ags,indicator,period,value,flags,footnote\n";
    char line[128];
    for (int i = 0; i < kRows; ++i) {
      // Every 1000th row has a quoted footnote spanning two lines.
      int n = std::snprintf(line, sizeof(line), "%08d,share_foreign,%d,%d.%d,%s,%s\n",
                            1001000 + i % 10000, 1995 + i % 28, i % 100, i % 10,
                            i % 7 == 0 ? "provisional" : "", i % 1000 == 0 ? "\"two\nlines\"" : "");
      out.write(line, n);
    }
  }
  ObservationReadOptions options;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ObservationReader> reader,
                       OpenObservationFile(path, options));
  ObservationRow row;
  int64_t rows = 0;
  int last_line = 1;
  double sum = 0;
  while (reader->Next(&row)) {
    ++rows;
    EXPECT_GT(row.line, last_line);
    last_line = row.line;
    sum += *row.value;
  }
  ASSERT_OK(reader->status());
  EXPECT_EQ(reader->error_count(), 0);
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(last_line, 1 + kRows + kRows / 1000);  // header + rows + embedded newlines
  EXPECT_GT(sum, 0);
  EXPECT_EQ(reader->source().bytes_consumed(), *reader->source().total_bytes());
  EXPECT_LT(reader->source().max_buffered_bytes(), 1024u * 1024);
  std::printf("max buffered bytes: %zu, file bytes: %llu\n", reader->source().max_buffered_bytes(),
              static_cast<unsigned long long>(*reader->source().total_bytes()));
}

}  // namespace
}  // namespace integra::io
