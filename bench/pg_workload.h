// The PostgreSQL side of the benchmark: schema, COPY load and the three query kinds, each as
// the best single-round-trip query we know for it, measured from this process over libpq.
//
// Schema (equivalently indexed to integra's two observation families, see
// services/monitoring/monitoring_keys.h):
//   units(unit_key PK, level, land, kreis, population, unincorporated)
//   observations(indicator_id, unit_key, level, period, value, revision, recorded_at)
//     PRIMARY KEY (indicator_id, unit_key, period) INCLUDE (value)   -- like obs_series
//     INDEX (indicator_id, period, level, unit_key) INCLUDE (value)  -- like obs_cross
// Both indexes carry the value so every query is an index-only scan after VACUUM. unit_key is
// text in the "C" collation (byte order, as in RocksDB).
//
// Thread-safety: one thread (one libpq connection).
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "bench/answers.h"
#include "bench/dataset.h"
#include "bench/postgres.h"
#include "bench/workload.h"

namespace integra::bench {

class PgWorkload {
 public:
  static absl::StatusOr<std::unique_ptr<PgWorkload>> Connect(const std::string& conninfo,
                                                             const Dataset* data);

  // Creates both tables and indexes and loads the units (not timed: integra's unit import is
  // not timed either).
  absl::Status CreateSchema();
  // Streams every observation through one COPY, in load order (Dataset::CellAt). Returns the
  // number of rows the server accepted.
  absl::StatusOr<int64_t> LoadObservations();
  // VACUUM ANALYZE: statistics for the planner and the visibility map for index-only scans.
  absl::Status VacuumAnalyze();
  // Prepares the statements (once, before the timed queries).
  absl::Status PrepareQueries();

  absl::StatusOr<PointAnswer> Point(const PointQuery& q);
  absl::StatusOr<PeerAnswer> Peer(const PeerQuery& q);
  absl::StatusOr<SeriesAnswer> Series(const SeriesQuery& q);
  absl::StatusOr<RollupAnswer> Rollup(const RollupQuery& q);
  // Dashboard workloads, one round trip each (the SQL is in pg_workload.cc).
  absl::StatusOr<BandAnswer> Band(const BandQuery& q);
  absl::StatusOr<ScorecardAnswer> Scorecard(const ScorecardQuery& q);
  absl::StatusOr<LeagueAnswer> League(const LeagueQuery& q);

  // Row 10: one prepared INSERT ... ON CONFLICT DO UPDATE in autocommit (one commit): a new row,
  // or the cell's value replaced and its revision counted up (as integra's revisions). Internal
  // unless exactly one row was written.
  absl::Status Write(const WriteQuery& q);
  // The cell's value and revision; found = false if there is no row.
  absl::StatusOr<CellAnswer> Cell(const CellQuery& q);

  // pg_database_size of the benchmark database, in bytes.
  absl::StatusOr<int64_t> DatabaseBytes();

 private:
  PgWorkload(std::unique_ptr<PgConn> conn, const Dataset* data)
      : conn_(std::move(conn)), data_(data) {}
  std::unique_ptr<PgConn> conn_;
  const Dataset* data_;
};

}  // namespace integra::bench
