// One benchmark run: the three systems measured one after another on the same dataset and
// query mix, then the side-by-side table with the goals (bench/README.md explains each row).
//
// Each system runs alone: integrad is stopped before the RocksDB baseline starts, and that
// before PostgreSQL starts, so no phase competes with another for the machine's cores.
//
// Thread-safety: one thread.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "bench/report.h"

namespace integra::bench {

struct RunOptions {
  double scale = 1;
  std::string reference_dir;  // official register; synthetic keys if missing
  std::string integrad_path;
  std::string knowledge_seed;  // KnowledgeDocument textproto for the graph queries
  std::string pg_bin_dir = "/usr/lib/postgresql/15/bin";
  std::string work_dir;  // parent of the integrad and RocksDB data dirs ("" = $TMPDIR)
  bool keep = false;     // keep the data dirs (PostgreSQL's is always removed)
  int queries = 2000;    // point, peer and series queries and unary writes each (after a warm-up)
  int rollups = 200;
  int batch_rows = 5000;            // rows per ingest batch (gRPC message / WriteBatch)
  bool sync = false;                // fsync every commit in all three systems
  std::string transport = "unix";   // integra's calls: "unix" (as PostgreSQL's) or "tcp"
  int cross_section_cache_mb = -1;  // integrad --cross-section-cache-mb (-1: its default)
  uint64_t seed = 42;
  std::string build_type;  // CMAKE_BUILD_TYPE of the bench and integrad
};

// Runs everything and returns the report. Errors: whatever a phase fails with (the message names
// the phase); data dirs are cleaned up either way.
absl::StatusOr<Report> RunBenchmark(const RunOptions& options);

}  // namespace integra::bench
