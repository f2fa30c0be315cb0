// What one benchmark run measured in each system, and the report built from it (the table
// with the goals and the notes that explain them; bench/README.md describes each row).
//
// Thread-safety: plain data; BuildReport is a pure function of its inputs and the machine's
// /proc files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/answers.h"
#include "bench/dataset.h"
#include "bench/latency.h"
#include "bench/process.h"
#include "bench/report.h"
#include "bench/runner.h"
#include "bench/workload.h"

namespace integra::bench {

struct SystemLatency {
  LatencySummary point, peer, series, rollup;
  std::string peer_na, rollup_na;  // why the measurement is missing, if it is
  LatencySummary band, scorecard, league;  // dashboard workloads (rows 7-9)
};

struct GraphLatency {
  std::string na;  // why there are no graph numbers, if there are none
  int nodes = 0, edges = 0;
  LatencySummary khop, path, centrality;
  double centrality_first_us = 0;  // the first call computes betweenness; later calls reuse it
  double khop_mean_nodes = 0;
};

struct IntegraResult {
  int64_t rows = 0;
  double ingest_s = 0;
  double setup_s = 0;
  double settle_s = 0;  // until integrad was idle after the load
  ProcessMemory after_load, after_queries;
  uint64_t disk_bytes = 0;
  SystemLatency latency;
  LatencySummary point_tcp;  // GetUnit over loopback TCP (the other transport's floor)
  GraphLatency graph;
  std::vector<PointAnswer> point;
  std::vector<PeerAnswer> peer;
  std::vector<SeriesAnswer> series;
  std::vector<RollupAnswer> rollup;
  std::vector<BandAnswer> band;
  std::vector<ScorecardAnswer> scorecard;
  std::vector<LeagueAnswer> league;
  // The same queries answered in-process by the engine over integrad's data dir
  // (engine_workload.h): the server-side work without the RPC.
  SystemLatency engine;
  std::vector<PointAnswer> engine_point;
  std::vector<PeerAnswer> engine_peer;
  std::vector<SeriesAnswer> engine_series;
  std::vector<RollupAnswer> engine_rollup;
  std::vector<BandAnswer> engine_band;
  std::vector<ScorecardAnswer> engine_scorecard;
  std::vector<LeagueAnswer> engine_league;
  // Row 10, after a restart of integrad over the same data dir (the engine's queries above
  // read the data as loaded): the unary writes and the written cells read back.
  LatencySummary write;
  LatencySummary write_disk_sync;  // MeasureDiskSync just before the writes
  std::vector<CellAnswer> written;
};

struct PgResultNumbers {
  int64_t rows = 0;
  double copy_s = 0;
  double vacuum_s = 0;
  int64_t database_bytes = 0;
  uint64_t dir_bytes = 0;
  std::string version;
  SystemLatency latency;
  std::vector<PointAnswer> point;
  std::vector<PeerAnswer> peer;
  std::vector<SeriesAnswer> series;
  std::vector<RollupAnswer> rollup;
  std::vector<BandAnswer> band;
  std::vector<ScorecardAnswer> scorecard;
  std::vector<LeagueAnswer> league;
  LatencySummary write;  // row 10, after the queries
  LatencySummary write_disk_sync;
  std::vector<CellAnswer> written;
};

struct RawResult {
  int64_t rows = 0;
  double load_s = 0;
  uint64_t disk_bytes = 0;  // after the load, before the unary writes
  LatencySummary write;     // row 10
  LatencySummary write_disk_sync;
};

// The context of a run: what was measured, where and when.
struct RunFacts {
  const RunOptions& options;
  const Dataset& data;
  const Workload& workload;
  absl::Time started;
  std::string load_at_start;  // LoadAverage() before the first phase
};

// The three numbers of /proc/loadavg ("1.02 0.87 0.55").
std::string LoadAverage();

Report BuildReport(const RunFacts& facts, const IntegraResult& integra, const RawResult& raw,
                   const PgResultNumbers& pg);

}  // namespace integra::bench
