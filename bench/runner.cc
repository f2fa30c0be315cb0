#include "bench/runner.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/dataset.h"
#include "bench/engine_workload.h"
#include "bench/integra_workload.h"
#include "bench/latency.h"
#include "bench/pg_workload.h"
#include "bench/postgres.h"
#include "bench/process.h"
#include "bench/results.h"
#include "bench/rocks_baseline.h"
#include "bench/workload.h"
#include "common/status_macros.h"
#include "services/monitoring/monitoring_queries.h"

namespace integra::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void Progress(const std::string& msg) {
  std::fprintf(stderr, "[bench %s] %s\n",
               absl::FormatTime("%H:%M:%S", absl::Now(), absl::LocalTimeZone()).c_str(),
               msg.c_str());
}

absl::Status Annotate(const absl::Status& s, const std::string& phase) {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat(phase, ": ", s.message()));
}

// Runs `warmup` queries unmeasured, then every query measured; keeps the answers.
template <typename Query, typename Answer, typename Fn>
absl::Status Measure(const std::vector<Query>& queries, size_t warmup, Fn&& fn,
                     LatencyRecorder& latency, std::vector<Answer>& answers) {
  for (size_t i = 0; i < warmup && i < queries.size(); ++i) {
    auto a = fn(queries[i]);
    if (!a.ok()) return a.status();
  }
  answers.clear();
  for (const Query& q : queries) {
    const auto start = Clock::now();
    auto a = fn(q);
    latency.Add(Clock::now() - start);
    if (!a.ok()) return a.status();
    answers.push_back(*a);
  }
  return absl::OkStatus();
}

// Row 10: every write in order, each one call and one commit; the first tenth unmeasured (a
// warm-up that writes, unlike the queries' warm-up, is not repeated: a repeated write would
// change nothing).
template <typename Fn>
absl::Status MeasureWrites(const std::vector<WriteQuery>& writes, Fn&& write,
                           LatencyRecorder& latency) {
  const size_t warmup = writes.size() / 10;
  for (size_t i = 0; i < writes.size(); ++i) {
    const auto start = Clock::now();
    absl::Status s = write(writes[i]);
    if (i >= warmup) latency.Add(Clock::now() - start);
    RETURN_IF_ERROR(s);
  }
  return absl::OkStatus();
}

// The disk's fsync cost right before a system's unary writes (MeasureDiskSync, 100 appends).
absl::StatusOr<LatencySummary> DiskSyncBeforeWrites(const std::string& dir) {
  return MeasureDiskSync(dir, 100);
}

// Reads back every cell the writes touched.
template <typename Fn>
absl::Status ReadWritten(const std::vector<CellQuery>& cells, Fn&& read,
                         std::vector<CellAnswer>& answers) {
  answers.clear();
  for (const CellQuery& c : cells) {
    ASSIGN_OR_RETURN(CellAnswer a, read(c));
    answers.push_back(a);
  }
  return absl::OkStatus();
}

// Row 10 in integra: integrad restarted over the data dir the engine has just read, the unary
// writes over gRPC, then every written cell read back. `dir`: the run's work dir (the disk
// sync probe's, as for the other systems).
absl::Status RunIntegraWrites(const IntegraWorkload::Options& io, const Dataset& data,
                              const Workload& w, const std::string& dir, IntegraResult& r) {
  Progress(absl::StrCat("integra: restarting integrad for ", w.writes.size(),
                        " unary writes (PutObservation)"));
  IntegraWorkload::Options restart = io;
  restart.log_prefix = io.log_prefix + "-writes";
  ASSIGN_OR_RETURN(auto integra, IntegraWorkload::Start(restart, &data));
  ASSIGN_OR_RETURN(r.write_disk_sync, DiskSyncBeforeWrites(dir));
  LatencyRecorder write;
  RETURN_IF_ERROR(MeasureWrites(
      w.writes, [&](const WriteQuery& q) { return integra->Write(q); }, write));
  r.write = write.Summarize();
  RETURN_IF_ERROR(ReadWritten(
      w.written, [&](const CellQuery& c) { return integra->Cell(c); }, r.written));
  const int code = integra->Stop();
  if (code != 0) Progress(absl::StrCat("integra: integrad exited with ", code));
  return absl::OkStatus();
}

// k-hop neighbourhoods (depth 2) and shortest paths between random nodes, and the centrality
// ranking; a quarter as many of each as peer/series queries, after a 10 % warm-up.
absl::Status RunGraphQueries(IntegraWorkload& in, const RunOptions& o, GraphLatency& g) {
  const auto& kb = in.knowledge();
  g.nodes = static_cast<int>(kb.node_ids.size());
  g.edges = kb.edges;
  uint64_t state = o.seed ^ 0x6b6e6f77ull;
  auto node = [&] { return kb.node_ids[Mix64(state++) % kb.node_ids.size()]; };
  const int n = std::max(10, o.queries / 4);
  std::vector<std::string> roots;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<int> ranks(static_cast<size_t>(n), 10);
  for (int i = 0; i < n; ++i) {
    roots.push_back(node());
    pairs.emplace_back(node(), node());
  }
  const auto first = Clock::now();
  if (auto c = in.Centrality(10); !c.ok()) return c.status();
  g.centrality_first_us = std::chrono::duration<double, std::micro>(Clock::now() - first).count();

  LatencyRecorder khop, path, centrality;
  std::vector<int> sizes;
  if (auto s = Measure(
          roots, roots.size() / 10, [&](const std::string& id) { return in.KHop(id, 2); }, khop,
          sizes);
      !s.ok()) {
    return s;
  }
  double total = 0;
  for (int k : sizes) total += k;
  g.khop_mean_nodes = total / static_cast<double>(std::max<size_t>(1, sizes.size()));
  if (auto s = Measure(
          pairs, pairs.size() / 10, [&](const auto& p) { return in.Path(p.first, p.second); }, path,
          sizes);
      !s.ok()) {
    return s;
  }
  if (auto s = Measure(
          ranks, ranks.size() / 10, [&](int limit) { return in.Centrality(limit); }, centrality,
          sizes);
      !s.ok()) {
    return s;
  }
  g.khop = khop.Summarize();
  g.path = path.Summarize();
  g.centrality = centrality.Summarize();
  return absl::OkStatus();
}

// The same queries in-process over integrad's (stopped) data dir: the engine without the RPC.
absl::Status RunEngine(const RunOptions& o, const Dataset& data, const Workload& w,
                       const std::string& data_dir, IntegraResult& r) {
  Progress("integra engine: the same queries in-process (no RPC)");
  const size_t cache_bytes = o.cross_section_cache_mb >= 0
                                 ? static_cast<size_t>(o.cross_section_cache_mb) << 20
                                 : size_t{64} << 20;  // integrad's default
  auto engine = EngineWorkload::Open(data_dir, cache_bytes, &data);
  if (!engine.ok()) return engine.status();
  auto& e = **engine;
  LatencyRecorder point, peer, series, rollup;
  RETURN_IF_ERROR(Measure(
      w.point, w.point.size() / 10, [&](const PointQuery& q) { return e.Point(q); }, point,
      r.engine_point));
  RETURN_IF_ERROR(Measure(
      w.peer, w.peer.size() / 10, [&](const PeerQuery& q) { return e.Peer(q); }, peer,
      r.engine_peer));
  RETURN_IF_ERROR(Measure(
      w.series, w.series.size() / 10, [&](const SeriesQuery& q) { return e.Series(q); }, series,
      r.engine_series));
  RETURN_IF_ERROR(Measure(
      w.rollup, w.rollup.size() / 10, [&](const RollupQuery& q) { return e.Rollup(q); }, rollup,
      r.engine_rollup));
  r.engine = {point.Summarize(), peer.Summarize(), series.Summarize(), rollup.Summarize(), "", ""};
  LatencyRecorder band, scorecard, league;
  RETURN_IF_ERROR(Measure(
      w.band, w.band.size() / 10, [&](const BandQuery& q) { return e.Band(q); }, band,
      r.engine_band));
  RETURN_IF_ERROR(Measure(
      w.scorecard, w.scorecard.size() / 10, [&](const ScorecardQuery& q) { return e.Scorecard(q); },
      scorecard, r.engine_scorecard));
  RETURN_IF_ERROR(Measure(
      w.league, w.league.size() / 10, [&](const LeagueQuery& q) { return e.League(q); }, league,
      r.engine_league));
  r.engine.band = band.Summarize();
  r.engine.scorecard = scorecard.Summarize();
  r.engine.league = league.Summarize();
  return absl::OkStatus();
}

absl::StatusOr<IntegraResult> RunIntegra(const RunOptions& o, const Dataset& data,
                                         const Workload& w, const std::string& dir) {
  IntegraResult r;
  IntegraWorkload::Options io{.integrad_path = o.integrad_path,
                              .data_dir = dir + "/integrad",
                              .log_prefix = dir + "/integrad",
                              .sync_writes = o.sync,
                              .transport = o.transport,
                              .cross_section_cache_mb = o.cross_section_cache_mb};
  Progress(absl::StrCat("integra: starting ", o.integrad_path));
  auto integra = IntegraWorkload::Start(io, &data);
  if (!integra.ok()) return Annotate(integra.status(), "starting integrad");
  auto t0 = Clock::now();
  if (auto s = (*integra)->LoadKnowledge(o.knowledge_seed); !s.ok()) {
    if (!absl::IsNotFound(s)) return Annotate(s, "loading the knowledge seed");
    r.graph.na = std::string(s.message());
  }
  if (auto s = (*integra)->Setup(w); !s.ok()) return Annotate(s, "integra setup");
  r.setup_s = Seconds(Clock::now() - t0);
  Progress(absl::StrCat("integra: ingesting ", FormatCount(data.observation_count()),
                        " observations over gRPC"));
  t0 = Clock::now();
  auto rows = (*integra)->Ingest(o.batch_rows);
  if (!rows.ok()) return Annotate(rows.status(), "integra ingest");
  r.ingest_s = Seconds(Clock::now() - t0);
  r.rows = *rows;
  auto mem = ReadProcessMemory((*integra)->pid());
  if (mem.ok()) r.after_load = *mem;
  // Let the compactions the bulk load triggered finish before measuring queries, as
  // PostgreSQL gets its VACUUM ANALYZE.
  Progress("integra: waiting for background compactions");
  r.settle_s = WaitUntilIdle((*integra)->pid(), 0.05, std::chrono::seconds(600));

  Progress("integra: queries");
  auto& in = **integra;
  LatencyRecorder point, peer, series, rollup;
  if (auto s = Measure(
          w.point, w.point.size() / 10, [&](const PointQuery& q) { return in.Point(q); }, point,
          r.point);
      !s.ok()) {
    return Annotate(s, "integra point reads");
  }
  if (auto s = Measure(
          w.peer, w.peer.size() / 10, [&](const PeerQuery& q) { return in.Peer(q); }, peer, r.peer);
      !s.ok()) {
    return Annotate(s, "integra peer comparisons");
  }
  if (auto s = Measure(
          w.series, w.series.size() / 10, [&](const SeriesQuery& q) { return in.Series(q); },
          series, r.series);
      !s.ok()) {
    return Annotate(s, "integra series queries");
  }
  if (auto s = Measure(
          w.rollup, w.rollup.size() / 10, [&](const RollupQuery& q) { return in.Rollup(q); },
          rollup, r.rollup);
      !s.ok()) {
    return Annotate(s, "integra roll-ups");
  }
  r.latency = {point.Summarize(), peer.Summarize(), series.Summarize(), rollup.Summarize(), "", ""};
  {
    LatencyRecorder band, scorecard, league;
    if (auto s = Measure(
            w.band, w.band.size() / 10, [&](const BandQuery& q) { return in.Band(q); }, band,
            r.band);
        !s.ok()) {
      return Annotate(s, "integra peer bands");
    }
    if (auto s = Measure(
            w.scorecard, w.scorecard.size() / 10,
            [&](const ScorecardQuery& q) { return in.Scorecard(q); }, scorecard, r.scorecard);
        !s.ok()) {
      return Annotate(s, "integra scorecards");
    }
    if (auto s = Measure(
            w.league, w.league.size() / 10, [&](const LeagueQuery& q) { return in.League(q); },
            league, r.league);
        !s.ok()) {
      return Annotate(s, "integra league tables");
    }
    r.latency.band = band.Summarize();
    r.latency.scorecard = scorecard.Summarize();
    r.latency.league = league.Summarize();
  }
  LatencyRecorder point_tcp;
  std::vector<PointAnswer> tcp_answers;
  if (auto s = Measure(
          w.point, w.point.size() / 10, [&](const PointQuery& q) { return in.PointOverTcp(q); },
          point_tcp, tcp_answers);
      !s.ok()) {
    return Annotate(s, "integra point reads over TCP");
  }
  r.point_tcp = point_tcp.Summarize();
  if (r.graph.na.empty()) {
    if (auto s = RunGraphQueries(in, o, r.graph); !s.ok()) return Annotate(s, "graph queries");
  }
  mem = ReadProcessMemory((*integra)->pid());
  if (mem.ok()) r.after_queries = *mem;
  const int code = in.Stop();
  if (code != 0) Progress(absl::StrCat("integra: integrad exited with ", code));
  // After a clean shutdown, like the baseline's closed store (storage::Store flushes its
  // memtables on close, so no write-ahead log is left).
  r.disk_bytes = DirectoryBytes(io.data_dir);
  if (auto s = RunEngine(o, data, w, io.data_dir, r); !s.ok()) {
    return Annotate(s, "in-process engine queries");
  }
  if (auto s = RunIntegraWrites(io, data, w, dir, r); !s.ok()) {
    return Annotate(s, "integra unary writes");
  }
  return r;
}

absl::StatusOr<RawResult> RunRaw(const RunOptions& o, const Dataset& data, const Workload& w,
                                 const std::string& dir) {
  RawResult r;
  Progress("RocksDB: raw WriteBatch load in-process");
  const RawLoadOptions options{
      .data_dir = dir + "/rocksdb", .batch_rows = o.batch_rows, .sync_writes = o.sync};
  auto loaded = LoadRawRocksDb(data, options);
  if (!loaded.ok()) return Annotate(loaded.status(), "raw RocksDB load");
  r.load_s = loaded->seconds;
  r.rows = loaded->rows;
  r.disk_bytes = DirectoryBytes(options.data_dir);
  Progress(absl::StrCat("RocksDB: ", w.writes.size(), " unary writes, one WriteBatch each"));
  auto writer = RawWriter::Open(data, options, static_cast<uint64_t>(loaded->rows));
  if (!writer.ok()) return Annotate(writer.status(), "raw RocksDB reopen");
  auto disk_sync = DiskSyncBeforeWrites(dir);
  if (!disk_sync.ok()) return Annotate(disk_sync.status(), "disk sync probe");
  r.write_disk_sync = *disk_sync;
  LatencyRecorder write;
  if (auto s = MeasureWrites(
          w.writes, [&](const WriteQuery& q) { return (*writer)->Write(q); }, write);
      !s.ok()) {
    return Annotate(s, "raw RocksDB unary writes");
  }
  r.write = write.Summarize();
  return r;
}

// `dir`: where the disk sync probe before the unary writes runs (as for the other systems).
absl::StatusOr<PgResultNumbers> RunPostgres(const RunOptions& o, const Dataset& data,
                                            const Workload& w, const std::string& dir) {
  PgResultNumbers r;
  PgServer::Options po;
  po.bin_dir = o.pg_bin_dir;
  po.settings = {
      {"fsync", "on"},
      {"synchronous_commit", o.sync ? "on" : "off"},
      {"full_page_writes", "on"},
      {"shared_buffers", "'512MB'"},
      {"work_mem", "'16MB'"},
      {"maintenance_work_mem", "'512MB'"},
      {"max_wal_size", "'8GB'"},
      {"checkpoint_timeout", "'30min'"},
      {"max_parallel_workers_per_gather", "0"},  // latency queries: no parallel start-up cost
      {"jit", "off"},
  };
  Progress("PostgreSQL: initdb + start");
  auto server = PgServer::Start(po);
  if (!server.ok()) return Annotate(server.status(), "starting PostgreSQL");
  r.version = (*server)->version();
  auto pg = PgWorkload::Connect((*server)->conninfo(), &data);
  if (!pg.ok()) return pg.status();
  if (auto s = (*pg)->CreateSchema(); !s.ok()) return Annotate(s, "PostgreSQL schema");
  Progress(
      absl::StrCat("PostgreSQL: COPY ", FormatCount(data.observation_count()), " observations"));
  auto t0 = Clock::now();
  auto rows = (*pg)->LoadObservations();
  if (!rows.ok()) return Annotate(rows.status(), "PostgreSQL COPY");
  r.copy_s = Seconds(Clock::now() - t0);
  r.rows = *rows;
  Progress("PostgreSQL: VACUUM ANALYZE");
  t0 = Clock::now();
  if (auto s = (*pg)->VacuumAnalyze(); !s.ok()) return Annotate(s, "PostgreSQL VACUUM");
  r.vacuum_s = Seconds(Clock::now() - t0);
  if (auto s = (*pg)->PrepareQueries(); !s.ok()) return Annotate(s, "PostgreSQL prepare");

  Progress("PostgreSQL: queries");
  LatencyRecorder point, peer, series, rollup;
  auto& p = **pg;
  if (auto s = Measure(
          w.point, w.point.size() / 10, [&](const PointQuery& q) { return p.Point(q); }, point,
          r.point);
      !s.ok()) {
    return Annotate(s, "PostgreSQL point reads");
  }
  if (auto s = Measure(
          w.peer, w.peer.size() / 10, [&](const PeerQuery& q) { return p.Peer(q); }, peer, r.peer);
      !s.ok()) {
    return Annotate(s, "PostgreSQL peer queries");
  }
  if (auto s = Measure(
          w.series, w.series.size() / 10, [&](const SeriesQuery& q) { return p.Series(q); }, series,
          r.series);
      !s.ok()) {
    return Annotate(s, "PostgreSQL series queries");
  }
  if (auto s = Measure(
          w.rollup, w.rollup.size() / 10, [&](const RollupQuery& q) { return p.Rollup(q); }, rollup,
          r.rollup);
      !s.ok()) {
    return Annotate(s, "PostgreSQL roll-up queries");
  }
  r.latency = {point.Summarize(), peer.Summarize(), series.Summarize(), rollup.Summarize(), "", ""};
  {
    LatencyRecorder band, scorecard, league;
    if (auto s = Measure(
            w.band, w.band.size() / 10, [&](const BandQuery& q) { return p.Band(q); }, band,
            r.band);
        !s.ok()) {
      return Annotate(s, "PostgreSQL peer bands");
    }
    if (auto s = Measure(
            w.scorecard, w.scorecard.size() / 10,
            [&](const ScorecardQuery& q) { return p.Scorecard(q); }, scorecard, r.scorecard);
        !s.ok()) {
      return Annotate(s, "PostgreSQL scorecards");
    }
    if (auto s = Measure(
            w.league, w.league.size() / 10, [&](const LeagueQuery& q) { return p.League(q); },
            league, r.league);
        !s.ok()) {
      return Annotate(s, "PostgreSQL league tables");
    }
    r.latency.band = band.Summarize();
    r.latency.scorecard = scorecard.Summarize();
    r.latency.league = league.Summarize();
  }
  auto bytes = p.DatabaseBytes();
  if (bytes.ok()) r.database_bytes = *bytes;
  r.dir_bytes = DirectoryBytes((*server)->data_dir());
  Progress(absl::StrCat("PostgreSQL: ", w.writes.size(),
                        " unary writes (INSERT ... ON CONFLICT DO UPDATE, autocommit)"));
  auto disk_sync = DiskSyncBeforeWrites(dir);
  if (!disk_sync.ok()) return Annotate(disk_sync.status(), "disk sync probe");
  r.write_disk_sync = *disk_sync;
  LatencyRecorder write;
  if (auto s = MeasureWrites(
          w.writes, [&](const WriteQuery& q) { return p.Write(q); }, write);
      !s.ok()) {
    return Annotate(s, "PostgreSQL unary writes");
  }
  r.write = write.Summarize();
  if (auto s = ReadWritten(
          w.written, [&](const CellQuery& c) { return p.Cell(c); }, r.written);
      !s.ok()) {
    return Annotate(s, "PostgreSQL written cells");
  }
  return r;
}

}  // namespace

absl::StatusOr<Report> RunBenchmark(const RunOptions& o) {
  const std::string start_load = LoadAverage();
  const auto started = absl::Now();
  auto data = Dataset::Build(o.scale, o.reference_dir);
  if (!data.ok()) return Annotate(data.status(), "dataset");
  const Workload w = MakeWorkload(*data, o.queries, o.rollups, o.seed);
  Progress(absl::StrCat("dataset: ", data->units().size(), " units, ", data->indicators().size(),
                        " indicators, ", Dataset::kYears,
                        " years = ", FormatCount(data->observation_count()), " observations"));

  std::string work;
  if (o.work_dir.empty()) {
    auto dir = MakeTempDir("integra-bench.");
    if (!dir.ok()) return dir.status();
    work = *dir;
  } else {
    work = absl::StrCat(o.work_dir, "/run-", getpid());
    std::error_code ec;
    fs::create_directories(work, ec);
    if (ec) return absl::InternalError(absl::StrCat("cannot create ", work, ": ", ec.message()));
  }
  const CleanupId cleanup = RegisterCleanup([work, keep = o.keep] {
    std::error_code ec;
    if (!keep) fs::remove_all(work, ec);
  });
  struct RemoveOnExit {
    std::string dir;
    bool keep;
    CleanupId id;
    ~RemoveOnExit() {
      UnregisterCleanup(id);
      std::error_code ec;
      if (!keep) fs::remove_all(dir, ec);
    }
  } remove_on_exit{work, o.keep, cleanup};

  auto integra = RunIntegra(o, *data, w, work);
  if (!integra.ok()) return integra.status();
  auto raw = RunRaw(o, *data, w, work);
  if (!raw.ok()) return raw.status();
  auto pg = RunPostgres(o, *data, w, work);
  if (!pg.ok()) return pg.status();
  return BuildReport({o, *data, w, started, start_load}, *integra, *raw, *pg);
}

}  // namespace integra::bench
