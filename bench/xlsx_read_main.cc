// bench_xlsx_read: how long reading a large XLSX export takes, and how much memory it needs.
//
//   bench_xlsx_read --write FILE [--rows N]   writes N observation rows (default 100,000) with
//                                             integra's XLSX writer (io::XlsxWriter), as
//                                             `integra export observations --format xlsx` does
//   bench_xlsx_read --read FILE               reads them back as `integra import` does
//                                             (io::ObservationFile), checking every row
// Each prints the wall time, the rows, and the process's peak resident set size (getrusage),
// so writing and reading are measured in separate processes. Not run by ctest.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "client/io/observation_file.h"
#include "client/io/xlsx_writer.h"

namespace {

using Clock = std::chrono::steady_clock;

long PeakRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Row i: 11,000 Gemeinden x years, a breakdown on every third row, flags, a source, a footnote
// on every hundredth row.
integra::io::ObservationRow RowAt(int64_t i) {
  integra::io::ObservationRow row;
  char key[16];
  std::snprintf(key, sizeof(key), "05%06lld", static_cast<long long>(i % 11000));
  row.unit_key = key;
  row.indicator = "AUSL_ANTEIL";
  row.period = std::to_string(1990 + i / 11000 % 60);
  if (i % 3 == 0) row.breakdown = {{"sex", i % 2 == 0 ? "f" : "m"}};
  row.value = static_cast<double>(i % 10000) / 100.0;
  if (i % 7 == 0) row.flags = {"provisional"};
  row.source = "Statistisches Bundesamt (Destatis), Zensus 2022";
  if (i % 100 == 0) row.footnote = "Gebietsstand 31.12.2022; vorl\xC3\xA4ufige Werte";
  return row;
}

int Write(const std::string& path, int64_t rows) {
  const auto start = Clock::now();
  integra::io::XlsxOptions options;
  options.attribution = "Quelle: Statistisches Bundesamt (Destatis) \xE2\x80\x93 dl-de/by-2-0";
  auto writer = integra::io::XlsxWriter::Create(path, options);
  if (!writer.ok()) {
    std::fprintf(stderr, "%s\n", std::string(writer.status().message()).c_str());
    return 1;
  }
  integra::io::IndicatorRow indicator;
  indicator.code = "AUSL_ANTEIL";
  indicator.dimensions = {{"sex", {"f", "m"}}};
  if (!(*writer)->AddIndicator(indicator).ok()) return 1;
  for (int64_t i = 0; i < rows; ++i) {
    if (absl::Status s = (*writer)->Write(RowAt(i)); !s.ok()) {
      std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
      return 1;
    }
  }
  if (absl::Status s = (*writer)->Close(); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    return 1;
  }
  std::printf("wrote %lld rows to %s (%llu bytes) in %.2f s, peak RSS %ld KiB\n",
              static_cast<long long>(rows), path.c_str(),
              static_cast<unsigned long long>(std::filesystem::file_size(path)), Seconds(start),
              PeakRssKib());
  return 0;
}

int Read(const std::string& path) {
  const long rss_before = PeakRssKib();
  const auto start = Clock::now();
  auto file = integra::io::ObservationFile::Open(path, {});
  if (!file.ok()) {
    std::fprintf(stderr, "%s\n", std::string(file.status().message()).c_str());
    return 1;
  }
  int64_t rows = 0;
  int64_t mismatches = 0;
  size_t buffered = 0;
  uint64_t xml_bytes = 0;
  for (size_t t = 0; t < (*file)->tables(); ++t) {
    auto reader = (*file)->OpenTable(t);
    if (!reader.ok()) {
      std::fprintf(stderr, "%s\n", std::string(reader.status().message()).c_str());
      return 1;
    }
    integra::io::ObservationRow row;
    while ((*reader)->Next(&row)) {
      integra::io::ObservationRow expected = RowAt(rows);
      expected.line = row.line;
      mismatches += !(row == expected);
      ++rows;
    }
    if (!(*reader)->status().ok() || (*reader)->error_count() > 0) {
      std::fprintf(stderr, "read failed: %s, %lld bad rows\n",
                   std::string((*reader)->status().message()).c_str(),
                   static_cast<long long>((*reader)->error_count()));
      return 1;
    }
    buffered = std::max(buffered, (*reader)->source().max_buffered_bytes());
    xml_bytes += (*reader)->source().bytes_consumed();
  }
  std::printf(
      "read %lld rows (%lld differ from what was written) from %s in %.2f s; sheet XML %llu "
      "bytes; reader held at most %zu bytes; peak RSS %ld KiB (%ld KiB before reading)\n",
      static_cast<long long>(rows), static_cast<long long>(mismatches), path.c_str(),
      Seconds(start), static_cast<unsigned long long>(xml_bytes), buffered, PeakRssKib(),
      rss_before);
  return mismatches == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string write, read;
  int64_t rows = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--write") == 0) {
      write = argv[i + 1];
    } else if (std::strcmp(argv[i], "--read") == 0) {
      read = argv[i + 1];
    } else if (std::strcmp(argv[i], "--rows") == 0) {
      rows = std::atoll(argv[i + 1]);
    }
  }
  if (!write.empty()) return Write(write, rows);
  if (!read.empty()) return Read(read);
  std::fprintf(stderr, "usage: bench_xlsx_read --write FILE [--rows N] | --read FILE\n");
  return 2;
}
