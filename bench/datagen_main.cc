// bench_datagen: writes the benchmark dataset (bench/dataset.h) as CSV files, for inspection or
// for loading into other systems. The driver (integra_bench) generates the same data in memory.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "bench/dataset.h"

namespace {

constexpr char kUsage[] = R"(bench_datagen - write the integra benchmark dataset as CSV

Usage: bench_datagen --out DIR [--scale S] [--reference-dir DIR]

  --out DIR            directory for the files (created): laender.csv, kreise.csv,
                       gemeinden.csv (register format), indicators.csv, observations.csv
  --scale S            share of the full dataset, in (0, 1] (default 1: 22.8 million rows)
  --reference-dir DIR  the official register (default: data/reference of the source tree;
                       a synthetic register with plausible keys if it is missing)
)";

bool WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir;
  std::string reference_dir = INTEGRA_SOURCE_DIR "/data/reference";
  double scale = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_datagen: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--out") {
      out_dir = value();
    } else if (a == "--scale") {
      scale = std::atof(value().c_str());
    } else if (a == "--reference-dir") {
      reference_dir = value();
    } else {
      std::fprintf(stderr, "bench_datagen: unknown argument '%s'\n%s", argv[i], kUsage);
      return 2;
    }
  }
  if (out_dir.empty()) {
    std::fprintf(stderr, "bench_datagen: --out is required\n%s", kUsage);
    return 2;
  }
  auto data = integra::bench::Dataset::Build(scale, reference_dir);
  if (!data.ok()) {
    std::fprintf(stderr, "bench_datagen: %s\n", data.status().ToString().c_str());
    return 1;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  const fs::path dir(out_dir);
  const auto& reg = data->register_files();
  std::string indicators = "code,name,unit_of_measure,aggregation,polarity\n";
  for (const auto& ind : data->indicators()) {
    absl::StrAppend(
        &indicators, ind.code, ",", ind.name, ",", ind.unit_of_measure, ",",
        ind.aggregation == integra::bench::BenchAggregation::kSum ? "sum" : "weighted_mean", ",",
        ind.higher_is_better ? "higher_is_better" : "lower_is_better", "\n");
  }
  if (!WriteText(dir / "laender.csv", reg.laender) || !WriteText(dir / "kreise.csv", reg.kreise) ||
      !WriteText(dir / "gemeinden.csv", reg.gemeinden) ||
      !WriteText(dir / "indicators.csv", indicators)) {
    std::fprintf(stderr, "bench_datagen: cannot write to %s\n", out_dir.c_str());
    return 1;
  }
  std::ofstream obs(dir / "observations.csv", std::ios::binary | std::ios::trunc);
  obs << "indicator,unit,period,value\n";
  std::string buf;
  const int64_t total = data->observation_count();
  for (int64_t i = 0; i < total; ++i) {
    const auto c = data->CellAt(i);
    absl::StrAppend(&buf, data->indicators()[c.indicator].code, ",", data->units()[c.unit].key, ",",
                    c.year, ",", data->ValueAt(c.indicator, c.unit, c.year), "\n");
    if (buf.size() > (1 << 20)) {
      obs << buf;
      buf.clear();
    }
  }
  obs << buf;
  if (!obs) {
    std::fprintf(stderr, "bench_datagen: cannot write observations.csv\n");
    return 1;
  }
  std::printf("bench_datagen: %zu units (%s), %zu indicators, %d years, %lld observations -> %s\n",
              data->units().size(), data->register_source().c_str(), data->indicators().size(),
              integra::bench::Dataset::kYears, static_cast<long long>(total), out_dir.c_str());
  return 0;
}
