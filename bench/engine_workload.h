// The integra engine in-process: the same domain libraries integrad serves (storage,
// monitoring), opened directly over integrad's data dir after integrad has stopped, answering
// the same queries without gRPC. Its latencies are the server-side work alone; the difference to
// the gRPC numbers is what the transport costs (bench/README.md, "in-process" column).
//
// Thread-safety: one thread.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bench/answers.h"
#include "bench/dataset.h"
#include "bench/workload.h"

namespace integra::engine {
class Engine;
}  // namespace integra::engine

namespace integra::bench {

class EngineWorkload {
 public:
  // Opens `data_dir` (not in use by integrad) through the Engine, with `cross_section_cache_bytes`
  // added to the block cache as integrad adds its --cross-section-cache-mb.
  static absl::StatusOr<std::unique_ptr<EngineWorkload>> Open(const std::string& data_dir,
                                                              size_t cross_section_cache_bytes,
                                                              const Dataset* data);
  ~EngineWorkload();

  absl::StatusOr<PointAnswer> Point(const PointQuery& q);
  absl::StatusOr<SeriesAnswer> Series(const SeriesQuery& q);
  absl::StatusOr<PeerAnswer> Peer(const PeerQuery& q);
  absl::StatusOr<RollupAnswer> Rollup(const RollupQuery& q);
  absl::StatusOr<BandAnswer> Band(const BandQuery& q);
  absl::StatusOr<ScorecardAnswer> Scorecard(const ScorecardQuery& q);
  absl::StatusOr<LeagueAnswer> League(const LeagueQuery& q);

 private:
  EngineWorkload() = default;
  const Dataset* data_ = nullptr;
  std::unique_ptr<engine::Engine> engine_;
};

}  // namespace integra::bench
