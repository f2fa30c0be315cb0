// The integra side of the benchmark: the real integrad binary over a fresh data dir, driven
// through its public gRPC API exactly as a client would (units and indicators set up untimed,
// observations through the client-streaming IngestObservations, queries as unary calls).
//
// Thread-safety: one thread.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bench/answers.h"
#include "bench/dataset.h"
#include "bench/process.h"
#include "bench/workload.h"

namespace integra::bench {

class IntegraWorkload {
 public:
  struct Options {
    std::string integrad_path;
    std::string data_dir;
    std::string log_prefix;  // integrad's stdout/stderr go to <prefix>.out / .err
    bool sync_writes = false;
    // "unix": every call goes over integrad's unix-domain socket (next to the data dir), as
    // PostgreSQL's do; "tcp": over loopback TCP.
    std::string transport = "unix";
    int cross_section_cache_mb = -1;  // integrad --cross-section-cache-mb (-1: its default)
  };
  // Starts integrad on 127.0.0.1:0 and a unix socket, and connects. Internal (with integrad's
  // stderr) if it does not come up within 60 s. The data dir may hold an earlier run's data
  // (a restart over it).
  static absl::StatusOr<std::unique_ptr<IntegraWorkload>> Start(const Options& options,
                                                                const Dataset* data);
  ~IntegraWorkload();

  pid_t pid() const;
  const std::string& address() const { return address_; }

  // The knowledge graph loaded for the graph queries.
  struct Knowledge {
    std::vector<std::string> node_ids;       // every node, indicators included
    std::vector<std::string> action_fields;  // ACTION_FIELD node ids
    int edges = 0;
  };
  // Loads the knowledge base seed (a KnowledgeDocument textproto, data/knowledge/) with
  // ApplyKnowledge. NotFound if the file is missing.
  absl::Status LoadKnowledge(const std::string& seed_path);
  // Imports the register files (ImportUnits), creates the indicators (CreateIndicator), each
  // measuring one of the seed's action fields (round robin) if a seed was loaded, and one
  // custom peer group per peer Land of `workload` (CreatePeerGroup: its Gemeinden).
  absl::Status Setup(const Workload& workload);
  const Knowledge& knowledge() const { return knowledge_; }
  // Streams every observation in load order, `batch_rows` rows per stream message, one stream
  // per indicator (one delivery per indicator). Returns the rows integrad accepted; Internal if
  // any batch was rejected.
  absl::StatusOr<int64_t> Ingest(int batch_rows);

  // GetUnit: one point read, the cheapest useful call (the round-trip floor), over the
  // configured transport; PointOverTcp always over loopback TCP.
  absl::StatusOr<PointAnswer> Point(const PointQuery& q);
  absl::StatusOr<PointAnswer> PointOverTcp(const PointQuery& q);
  absl::StatusOr<SeriesAnswer> Series(const SeriesQuery& q);
  // ComparePeers within the custom group of the query's Land.
  absl::StatusOr<PeerAnswer> Peer(const PeerQuery& q);
  // RollUp of a count indicator to all Kreise.
  absl::StatusOr<RollupAnswer> Rollup(const RollupQuery& q);
  // Dashboard workloads: GetPeerBand (20 years, the Land's group), GetScorecard (the Land's
  // group), GetLeagueTable (all Kreise).
  absl::StatusOr<BandAnswer> Band(const BandQuery& q);
  absl::StatusOr<ScorecardAnswer> Scorecard(const ScorecardQuery& q);
  absl::StatusOr<LeagueAnswer> League(const LeagueQuery& q);

  // Row 10: one PutObservation (a unary call; integrad commits it as one WriteBatch). Internal
  // if integrad reports the write as unchanged (the workload never repeats a value).
  absl::Status Write(const WriteQuery& q);
  // GetObservation of one cell (latest revision); found = false on NOT_FOUND.
  absl::StatusOr<CellAnswer> Cell(const CellQuery& q);

  // Knowledge-graph queries; each returns the size of its answer (nodes, path steps, entries).
  absl::StatusOr<int> KHop(const std::string& root, int depth);
  absl::StatusOr<int> Path(const std::string& from, const std::string& to);
  absl::StatusOr<int> Centrality(int limit);

  // SIGTERM and wait for a clean shutdown; returns integrad's exit code.
  int Stop();

 private:
  struct Rpc;
  IntegraWorkload() = default;
  static absl::StatusOr<std::unique_ptr<Rpc>> Connect(const std::string& target,
                                                      const std::string& token);
  absl::StatusOr<PointAnswer> PointVia(Rpc& rpc, const PointQuery& q);
  const Dataset* data_ = nullptr;
  std::unique_ptr<ServerProcess> process_;
  std::string address_;  // what the calls use: "unix:PATH" or "127.0.0.1:PORT"
  std::unique_ptr<Rpc> rpc_;
  std::unique_ptr<Rpc> tcp_;  // loopback TCP, for PointOverTcp
  Knowledge knowledge_;
  std::vector<std::string> years_;  // "2004" ... "2023"
  CleanupId cleanup_ = 0;
};

}  // namespace integra::bench
