// The in-process limit for ingest: the same keys and values integrad writes for each accepted
// observation (a series revision, the cross-section entry and a change-feed entry; see
// services/monitoring/observation_store.cc), encoded by integra's own functions
// (monitoring_keys.h, observation_records.h) and written with storage::Store WriteBatches
// (RocksDB WriteBatch, same column families and options as integrad), batch for batch. What it
// leaves out is exactly integrad's overhead: gRPC, protobuf, validation, the MultiGet of each
// batch's latest revisions.
//
// Thread-safety: one thread.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "bench/dataset.h"

namespace integra::bench {

struct RawLoadOptions {
  std::string data_dir;  // fresh, created
  int batch_rows = 5000;
  bool sync_writes = false;  // as integrad --sync
};

struct RawLoadResult {
  int64_t rows = 0;
  // From the first to the last Write (opening and closing the database excluded, as integrad's
  // open happens before its ingest is timed).
  double seconds = 0;
};

// Writes every observation in load order.
absl::StatusOr<RawLoadResult> LoadRawRocksDb(const Dataset& data, const RawLoadOptions& options);

}  // namespace integra::bench
