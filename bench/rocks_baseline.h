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
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/dataset.h"
#include "bench/workload.h"

namespace integra::storage {
class Store;
}

namespace integra::bench {

struct RawUnitCode;  // a unit's code and level (rocks_baseline.cc)

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

// Row 10 in-process: each unary write as integrad commits it, one WriteBatch per write over the
// loaded store: the series revision, the change-feed entry, the cell's packed section read
// (Get of values and state), changed and written back, and the batch entry. Left out, as for
// the load: gRPC, protobuf, validation and the read of the cell's latest revision (the writer
// counts revisions in memory).
class RawWriter {
 public:
  // Reopens the store LoadRawRocksDb wrote (options.data_dir) after it was closed;
  // `last_sequence` is the load's last change-feed sequence (its row count).
  static absl::StatusOr<std::unique_ptr<RawWriter>> Open(const Dataset& data,
                                                         const RawLoadOptions& options,
                                                         uint64_t last_sequence);
  ~RawWriter();
  absl::Status Write(const WriteQuery& q);

 private:
  RawWriter(const Dataset& data, std::unique_ptr<storage::Store> store, uint64_t sequence);
  const Dataset& data_;
  std::unique_ptr<storage::Store> store_;
  std::vector<RawUnitCode> units_;
  uint64_t sequence_;
  std::map<std::tuple<size_t, int, size_t>, uint32_t> revisions_;  // cells written so far
};

}  // namespace integra::bench
