// integra_bench: the Germany-scale benchmark driver (see bench/README.md).
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "bench/process.h"
#include "bench/runner.h"

namespace {

constexpr char kUsage[] = R"(integra_bench - integra vs raw RocksDB vs PostgreSQL, Germany-scale

Usage: integra_bench [options]

  --scale S            share of the full dataset, in (0, 1] (default 1: 22.8 million
                       observations; 0.1 = 10 indicators; 0.001 = 1 indicator, 10 % of Gemeinden)
  --out FILE           markdown result table (default bench/results/latest.md in the source tree)
  --queries N          point reads, peer comparisons, time series and unary writes
                       each (default 2000)
  --rollups N          roll-up queries, and as many peer bands, scorecards and league
                       tables (default 200)
  --batch N            rows per ingest batch (default 5000)
  --sync               fsync every commit in all three systems (default: WAL without fsync)
  --integrad PATH      the server binary (default: the one in this build tree)
  --reference-dir DIR  the official register (default data/reference of the source tree)
  --pg-bin DIR         PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
  --work-dir DIR       where integrad's and the RocksDB baseline's data dirs go (default $TMPDIR)
  --keep               keep those data dirs
  --seed N             query-mix seed (default 42)
  --transport T        integra's calls over "unix" (integrad's unix socket, like PostgreSQL's
                       libpq; default) or "tcp" (loopback). Point reads are measured over both.
  --cross-section-cache-mb N
                       integrad's cross-section cache (default: integrad's default; 0 = off,
                       every comparison scans)

Needs Debian's postgresql package. PostgreSQL refuses root: when run as root, its server runs
as the 'postgres' user in a temporary directory under $TMPDIR (default /tmp).
)";

}  // namespace

int main(int argc, char** argv) {
  integra::bench::InstallInterruptCleanup();
  integra::bench::RunOptions o;
  o.reference_dir = INTEGRA_SOURCE_DIR "/data/reference";
  o.integrad_path = INTEGRA_BINARY_DIR "/services/integrad/integrad";
  o.knowledge_seed = INTEGRA_SOURCE_DIR "/data/knowledge/seed.textproto";
  o.build_type = INTEGRA_BUILD_TYPE;
  std::string out = INTEGRA_SOURCE_DIR "/bench/results/latest.md";
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "integra_bench: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&]() -> long long {
      std::string v = value();
      char* end = nullptr;
      long long n = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n <= 0) {
        std::fprintf(stderr, "integra_bench: %s needs a positive whole number, got '%s'\n",
                     argv[i - 1], v.c_str());
        std::exit(2);
      }
      return n;
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--scale") {
      std::string v = value();
      char* end = nullptr;
      o.scale = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0' || !(o.scale > 0 && o.scale <= 1)) {
        std::fprintf(stderr, "integra_bench: --scale must be in (0, 1], got '%s'\n", v.c_str());
        return 2;
      }
    } else if (a == "--out") {
      out = value();
    } else if (a == "--queries") {
      o.queries = static_cast<int>(number());
    } else if (a == "--rollups") {
      o.rollups = static_cast<int>(number());
    } else if (a == "--batch") {
      o.batch_rows = static_cast<int>(number());
    } else if (a == "--sync") {
      o.sync = true;
    } else if (a == "--integrad") {
      o.integrad_path = value();
    } else if (a == "--reference-dir") {
      o.reference_dir = value();
    } else if (a == "--pg-bin") {
      o.pg_bin_dir = value();
    } else if (a == "--work-dir") {
      o.work_dir = value();
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--seed") {
      o.seed = static_cast<uint64_t>(number());
    } else if (a == "--transport") {
      o.transport = value();
      if (o.transport != "unix" && o.transport != "tcp") {
        std::fprintf(stderr, "integra_bench: --transport must be unix or tcp, got '%s'\n",
                     o.transport.c_str());
        return 2;
      }
    } else if (a == "--cross-section-cache-mb") {
      const std::string v = value();
      char* end = nullptr;
      const long long n = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 0 || n > (1 << 20)) {
        std::fprintf(stderr,
                     "integra_bench: --cross-section-cache-mb needs a whole number of MiB, "
                     "got '%s'\n",
                     v.c_str());
        return 2;
      }
      o.cross_section_cache_mb = static_cast<int>(n);
    } else {
      std::fprintf(stderr, "integra_bench: unknown argument '%s'\n%s", argv[i], kUsage);
      return 2;
    }
  }
  auto report = integra::bench::RunBenchmark(o);
  if (!report.ok()) {
    std::fprintf(stderr, "integra_bench: %s\n", report.status().ToString().c_str());
    return 1;
  }
  std::cout << report->Markdown() << std::flush;
  if (auto s = report->WriteFile(out); !s.ok()) {
    std::fprintf(stderr, "integra_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "integra_bench: table written to %s\n", out.c_str());
  // The cross-check of every answer against PostgreSQL's: a disagreement fails the run (and the
  // bench_smoke test), since a fast wrong answer is no result.
  if (report->Markdown().find("MISMATCH") != std::string::npos) {
    std::fprintf(stderr,
                 "integra_bench: integra's answers disagree with PostgreSQL's (MISMATCH in the "
                 "table's notes)\n");
    return 3;
  }
  return 0;
}
