#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_format.h"
#include "bench/results.h"

namespace integra::bench {
namespace {

// How many answers differ between the two systems.
template <typename Answer>
size_t Mismatches(const std::vector<Answer>& a, const std::vector<Answer>& b) {
  if (a.size() != b.size()) return std::max(a.size(), b.size());
  size_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += Same(a[i], b[i]) ? 0 : 1;
  return n;
}

std::string FirstLine(const std::string& path, const std::string& prefix) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line.substr(line.find(':') + 1);
  }
  return "";
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  return s;
}

std::string Machine() {
  struct utsname u;
  uname(&u);
  return absl::StrCat(std::thread::hardware_concurrency(), " cores (",
                      Trimmed(FirstLine("/proc/cpuinfo", "model name")), "), ",
                      Trimmed(FirstLine("/proc/meminfo", "MemTotal")), " RAM, Linux ", u.release);
}

std::string Ratio(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, x >= 10 ? "%.0f×" : "%.1f×", x);
  return buf;
}

std::string Percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", 100 * x);
  return buf;
}

std::string LatencyCell(const LatencySummary& s, bool p99, const std::string& na) {
  if (!na.empty()) return NotAvailable(na);
  return FormatMicros(p99 ? s.p99_us : s.p50_us);
}

}  // namespace

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return absl::StrCat(a, " ", b, " ", c);
}

Report BuildReport(const RunFacts& facts, const IntegraResult& integra, const RawResult& raw,
                   const PgResultNumbers& pg) {
  const RunOptions& o = facts.options;
  const Dataset& data = facts.data;
  const Workload& w = facts.workload;
  Report report;
  const bool full = o.scale >= 1;
  std::string groups;
  for (size_t i = 0; i < w.peer_lands.size(); ++i) {
    absl::StrAppend(&groups, i ? ", " : "", w.peer_lands[i], " (", w.peer_group_sizes[i], ")");
  }
  report.AddContext("Date",
                    absl::FormatTime("%Y-%m-%d %H:%M %Z", facts.started, absl::LocalTimeZone()));
  report.AddContext("Scale", absl::StrCat(o.scale, full ? " (full)" : " (NOT full scale)", ": ",
                                          FormatCount(data.observation_count()), " observations = ",
                                          FormatCount(static_cast<int64_t>(data.units().size())),
                                          " units × ", data.indicators().size(), " indicators × ",
                                          Dataset::kYears, " years (", Dataset::kFirstYear, "–",
                                          Dataset::kFirstYear + Dataset::kYears - 1, ")"));
  report.AddContext("Units", data.register_source());
  report.AddContext("Machine", Machine());
  report.AddContext("Load average", absl::StrCat("at start ", facts.load_at_start, ", at end ",
                                                 LoadAverage(), " (the machine is shared)"));
  report.AddContext("Build", o.build_type == "Release"
                                 ? "Release (integrad and the bench)"
                                 : absl::StrCat(o.build_type.empty() ? "unknown" : o.build_type,
                                                " — NOT an optimised build: timings are not "
                                                "representative (use the release preset)"));
  report.AddContext(
      "Durability",
      o.sync ? "every commit fsynced in all three systems (integrad --sync; RocksDB sync=true; "
               "PostgreSQL synchronous_commit=on, fsync=on)"
             : "write-ahead log written but not fsynced per commit in all three (integrad "
               "default; RocksDB WAL sync=false; PostgreSQL synchronous_commit=off, fsync=on): "
               "survives a process crash, may lose the last moments on power loss");
  report.AddContext("Ingest batches",
                    absl::StrCat(o.batch_rows,
                                 " rows per gRPC message / WriteBatch; one "
                                 "IngestObservations stream per indicator; PostgreSQL: one COPY"));
  report.AddContext("Queries",
                    absl::StrCat(w.peer.size(), " peer and ", w.series.size(), " series queries, ",
                                 w.rollup.size(), " roll-ups, ", w.band.size(), " peer bands, ",
                                 w.scorecard.size(), " scorecards, ", w.league.size(),
                                 " league tables, random, same list for both systems, one client, "
                                 "sequential, after an unmeasured warm-up of 10 %; peer groups "
                                 "(Gemeinden of a Land): ",
                                 groups));
  size_t new_cells = 0;
  for (const WriteQuery& q : w.writes) new_cells += q.year == kNewCellYear ? 1 : 0;
  report.AddContext(
      "Unary writes",
      absl::StrCat(w.writes.size(), " single-observation writes (", w.writes.size() / 10,
                   " of them an unmeasured warm-up), one client, sequential, one call and one "
                   "commit each, the same random list for the three systems, after the queries: ",
                   new_cells, " writes to cells of year ", kNewCellYear,
                   " (new to every system), the rest new revisions of loaded cells; ",
                   w.written.size(),
                   " distinct cells; integra PutObservation (integrad restarted over its "
                   "data dir after the engine's queries), RocksDB one WriteBatch per write, "
                   "PostgreSQL one prepared INSERT … ON CONFLICT DO UPDATE in autocommit"));
  report.AddContext(
      "Transport",
      o.transport == "unix"
          ? "integra: gRPC over integrad's unix-domain socket (--unix-socket), like libpq's; "
            "point reads also over loopback TCP (row 0b)"
          : "integra: gRPC over loopback TCP (bench --transport tcp); PostgreSQL: unix socket");
  report.AddContext("PostgreSQL", absl::StrCat(pg.version, ", unix socket, prepared statements"));
  report.AddContext("Cross-section cache",
                    o.cross_section_cache_mb < 0
                        ? "integrad's default (64 MiB)"
                        : absl::StrCat(o.cross_section_cache_mb, " MiB",
                                       o.cross_section_cache_mb == 0 ? " (off)" : ""));

  // The goals of a latency row (0 = none): end to end and engine-alone speed-ups over
  // PostgreSQL, an absolute p99 bound, and for series a bound relative to the point-read floor.
  struct LatencyGoals {
    double e2e_ratio = 0;
    double engine_ratio = 0;
    double p99_limit_ms = 0;
    double floor_factor = 0;  // p50 end to end <= factor x the point read's p50 (same run)
    bool ratios_at_p99 = true;
  };
  const LatencySummary& point_floor = integra.latency.point;
  auto latency_rows = [&](const std::string& name, const LatencySummary& in,
                          const std::string& in_na, const LatencySummary& engine,
                          const LatencySummary& pgl, const LatencyGoals& g) {
    for (bool p99 : {false, true}) {
      ReportRow row;
      row.measurement = absl::StrCat(name, p99 ? " p99" : " p50");
      row.integra = LatencyCell(in, p99, in_na);
      row.rocksdb = engine.n > 0 ? LatencyCell(engine, p99, "") : "";
      row.postgres = pgl.n > 0 ? LatencyCell(pgl, p99, "") : "";
      const double a = p99 ? in.p99_us : in.p50_us;
      const double e = p99 ? engine.p99_us : engine.p50_us;
      const double b = p99 ? pgl.p99_us : pgl.p50_us;
      std::vector<std::string> goals, results;
      const bool ratios = !p99 || g.ratios_at_p99;
      if (ratios && g.e2e_ratio > 0) {
        goals.push_back(absl::StrCat("≥ ", g.e2e_ratio, "× PostgreSQL"));
        results.push_back(Verdict(b >= g.e2e_ratio * a, absl::StrCat(Ratio(b / a), " faster")));
      }
      if (ratios && g.engine_ratio > 0 && engine.n > 0) {
        goals.push_back(absl::StrCat("engine ≥ ", g.engine_ratio, "×"));
        results.push_back(
            Verdict(b >= g.engine_ratio * e, absl::StrCat("engine ", Ratio(b / e), " faster")));
      }
      if (!p99 && g.floor_factor > 0) {
        goals.push_back(absl::StrCat("≤ ", g.floor_factor, "× point read"));
        results.push_back(Verdict(a <= g.floor_factor * point_floor.p50_us,
                                  absl::StrCat(Ratio(a / point_floor.p50_us), " the point read")));
      }
      if (p99 && g.p99_limit_ms > 0) {
        const bool within = a < g.p99_limit_ms * 1000;
        goals.push_back(absl::StrCat("< ", g.p99_limit_ms, " ms"));
        results.push_back(Verdict(within, absl::StrCat(within ? "< " : "≥ ", g.p99_limit_ms, " ms",
                                                       full ? "" : ", goal is for full scale")));
      }
      if (!goals.empty()) {
        row.goal = absl::StrJoin(goals, ", ");
        row.result = in_na.empty() ? absl::StrJoin(results, "; ") : "n/a";
      }
      report.AddRow(row);
    }
  };
  latency_rows("0. Point read (one unit by key: the round-trip floor)", integra.latency.point, "",
               integra.engine.point, pg.latency.point, {});
  if (o.transport == "unix") {
    latency_rows("0b. Point read over loopback TCP (the floor for remote clients)",
                 integra.point_tcp, "", LatencySummary{}, LatencySummary{}, {});
  }
  const double rate_integra = integra.rows / integra.ingest_s;
  const double rate_raw = raw.rows / raw.load_s;
  const double rate_pg = pg.rows / pg.copy_s;
  report.AddRow({"1. Ingest, observations/s", FormatRate(rate_integra), FormatRate(rate_raw),
                 absl::StrCat(FormatRate(rate_pg), " (COPY)"), "gRPC ≥ PostgreSQL COPY",
                 Verdict(rate_integra >= rate_pg,
                         absl::StrCat(Percent(rate_integra / rate_pg), " of COPY"))});
  report.AddRow({"1. Ingest, floor", "", "", "", "gRPC ≥ 50 % of RocksDB",
                 Verdict(rate_integra >= 0.5 * rate_raw,
                         absl::StrCat(Percent(rate_integra / rate_raw), " of RocksDB"))});
  report.AddRow({"1. Ingest, wall time",
                 absl::StrFormat("%.1f s (+ %.0f s until compactions were done)", integra.ingest_s,
                                 integra.settle_s),
                 absl::StrFormat("%.1f s", raw.load_s),
                 absl::StrFormat("%.1f s + %.1f s VACUUM ANALYZE", pg.copy_s, pg.vacuum_s), "",
                 ""});

  latency_rows("2. Peer comparison", integra.latency.peer, integra.latency.peer_na,
               integra.engine.peer, pg.latency.peer,
               {.e2e_ratio = 5, .engine_ratio = 20, .p99_limit_ms = 2});
  latency_rows("3. Time series, 20 years", integra.latency.series, "", integra.engine.series,
               pg.latency.series,
               {.engine_ratio = 5, .p99_limit_ms = 1, .floor_factor = 1.3, .ratios_at_p99 = false});
  latency_rows("4. Roll-up to all Kreise", integra.latency.rollup, integra.latency.rollup_na,
               integra.engine.rollup, pg.latency.rollup, {});
  // Dashboard workloads: one call each; the goal is judged at p50 only.
  auto dashboard_rows = [&](const std::string& name, const LatencySummary& in,
                            const LatencySummary& engine, const LatencySummary& pgl) {
    for (bool p99 : {false, true}) {
      ReportRow row;
      row.measurement = absl::StrCat(name, p99 ? " p99" : " p50");
      const bool measured = in.n > 0 && pgl.n > 0;
      row.integra = in.n > 0 ? LatencyCell(in, p99, "") : NotAvailable("no queries");
      row.rocksdb = engine.n > 0 ? LatencyCell(engine, p99, "") : "";
      row.postgres = pgl.n > 0 ? LatencyCell(pgl, p99, "") : "";
      if (!p99) {
        row.goal = "≥ 10× faster than PostgreSQL (p50)";
        row.result = measured ? Verdict(pgl.p50_us >= 10 * in.p50_us,
                                        absl::StrCat(Ratio(pgl.p50_us / in.p50_us), " faster"))
                              : "n/a";
      }
      report.AddRow(row);
    }
  };
  dashboard_rows("7. Peer band over time (20 years, one GetPeerBand)", integra.latency.band,
                 integra.engine.band, pg.latency.band);
  dashboard_rows(absl::StrCat("8. Scorecard (", data.indicators().size(),
                              " indicators, one GetScorecard)"),
                 integra.latency.scorecard, integra.engine.scorecard, pg.latency.scorecard);
  dashboard_rows("9. League table of all Kreise (one GetLeagueTable)", integra.latency.league,
                 integra.engine.league, pg.latency.league);
  latency_rows("10. Unary write (one observation, one call, one commit)", integra.write, "",
               raw.write, pg.write, {});
  {
    auto mean_rate = [](const LatencySummary& l) {
      return l.n > 0 ? absl::StrCat(FormatMicros(l.mean_us), ", ", FormatRate(1e6 / l.mean_us))
                     : std::string();
    };
    report.AddRow({"10. Unary write, mean and writes/s (one client)", mean_rate(integra.write),
                   mean_rate(raw.write), mean_rate(pg.write), "", ""});
    // What a synced commit costs the disk itself at the time: the floor of every --sync write.
    auto disk = [](const LatencySummary& l) {
      return absl::StrCat(FormatMicros(l.p50_us), " / ", FormatMicros(l.p99_us));
    };
    report.AddRow({"10. Disk sync just before the writes (4 KiB append + fdatasync, p50 / p99)",
                   disk(integra.write_disk_sync), disk(raw.write_disk_sync),
                   disk(pg.write_disk_sync), "", ""});
  }
  const GraphLatency& g = integra.graph;
  const std::string graph_size =
      g.na.empty() ? absl::StrCat(" (", g.nodes, " nodes, ", g.edges, " edges)") : "";
  auto graph_row = [&](const std::string& name, const LatencySummary& l, const std::string& extra) {
    report.AddRow({absl::StrCat("5. Knowledge graph", graph_size, ", ", name, " p50 / p99"),
                   g.na.empty()
                       ? absl::StrCat(FormatMicros(l.p50_us), " / ", FormatMicros(l.p99_us), extra)
                       : NotAvailable(g.na),
                   "", "", "", ""});
  };
  graph_row("k-hop (depth 2, both directions)", g.khop,
            absl::StrFormat(" (%.0f nodes on average)", g.khop_mean_nodes));
  graph_row("shortest path (undirected)", g.path, "");
  graph_row("centrality (degree + betweenness, top 10)", g.centrality,
            absl::StrCat(" (first call ", FormatMicros(g.centrality_first_us), ")"));
  const double gib = 1024.0 * 1024 * 1024;
  report.AddRow({"6. integrad memory after load (VmRSS / VmHWM)",
                 absl::StrCat(FormatBytes(integra.after_load.rss_bytes), " / ",
                              FormatBytes(integra.after_load.peak_rss_bytes)),
                 "", "", "", ""});
  report.AddRow({"6. integrad memory after queries (VmRSS / VmHWM)",
                 absl::StrCat(FormatBytes(integra.after_queries.rss_bytes), " / ",
                              FormatBytes(integra.after_queries.peak_rss_bytes)),
                 "", "", "RSS < 1 GiB",
                 Verdict(integra.after_queries.peak_rss_bytes < gib,
                         full ? "peak" : "peak; goal is for full scale")});
  report.AddRow(
      {"6. On-disk size", FormatBytes(static_cast<double>(integra.disk_bytes)),
       FormatBytes(static_cast<double>(raw.disk_bytes)),
       absl::StrCat(FormatBytes(static_cast<double>(pg.database_bytes)), " database (",
                    FormatBytes(static_cast<double>(pg.dir_bytes)), " data dir incl. WAL)"),
       "", ""});

  // Why a speed-up goal fails, in numbers: the engine's own work (in-process) against the
  // share of PostgreSQL's time the goal leaves, and what the RPC adds on top.
  const LatencySummary& floor = integra.latency.point;
  const std::string transport = o.transport == "unix" ? "unix socket" : "loopback TCP";
  auto explain = [&](const std::string& name, double ratio, const LatencySummary& in,
                     const std::string& in_na, const LatencySummary& engine,
                     const LatencySummary& pgl) {
    if (!in_na.empty() || in.n == 0) return;
    if (pgl.p50_us >= ratio * in.p50_us) return;
    std::string note = absl::StrCat(name, ": the ", ratio, "× goal needs integra at p50 ≤ ",
                                    FormatMicros(pgl.p50_us / ratio), " (PostgreSQL ",
                                    FormatMicros(pgl.p50_us), " / ", ratio, "). integra takes ",
                                    FormatMicros(in.p50_us), " end to end. ");
    if (engine.n > 0) {
      absl::StrAppend(&note, "The engine's own work, in-process, is ", FormatMicros(engine.p50_us),
                      " (", Ratio(pgl.p50_us / engine.p50_us),
                      " PostgreSQL's end-to-end time); the gRPC call adds ",
                      FormatMicros(std::max(0.0, in.p50_us - engine.p50_us)), ". ");
    }
    absl::StrAppend(&note, "An empty-ish call (GetUnit) takes ", FormatMicros(floor.p50_us),
                    " over the ", transport,
                    o.transport == "unix"
                        ? absl::StrCat(" (", FormatMicros(integra.point_tcp.p50_us), " over TCP)")
                        : "",
                    ", PostgreSQL's libpq round trip ", FormatMicros(pg.latency.point.p50_us), ".");
    if (floor.p50_us > pgl.p50_us / ratio) {
      absl::StrAppend(&note,
                      " The gRPC round trip alone is above the goal: no server-side work can "
                      "reach it through the gRPC client on this machine.");
    }
    report.AddNote(note);
  };
  explain("Peer comparison", 5, integra.latency.peer, integra.latency.peer_na,
          integra.engine.peer, pg.latency.peer);
  explain("Peer band", 10, integra.latency.band, "", integra.engine.band, pg.latency.band);
  explain("Scorecard", 10, integra.latency.scorecard, "", integra.engine.scorecard,
          pg.latency.scorecard);
  explain("League table", 10, integra.latency.league, "", integra.engine.league,
          pg.latency.league);
  report.AddNote(absl::StrCat(
      "Tail latency: the point read, which does almost no work, had p99 ",
      FormatMicros(floor.p99_us), " in integra and ", FormatMicros(pg.latency.point.p99_us),
      " in PostgreSQL. On this machine (2 cores shared with other work, see the load average) "
      "p99 values move by milliseconds from run to run for both systems when another process "
      "takes a core; p50 is the stable comparison."));

  std::string checked;
  auto check = [&](const std::string& what, size_t total, size_t diff) {
    absl::StrAppend(&checked, checked.empty() ? "" : ", ", total - std::min(diff, total), " of ",
                    total, " ", what, diff ? " (MISMATCH: those numbers are not comparable)" : "");
  };
  check("point reads", integra.point.size(), Mismatches(integra.point, pg.point));
  check("peer comparisons (n, median, percentile)", integra.peer.size(),
        Mismatches(integra.peer, pg.peer));
  check("time series (points, sum)", integra.series.size(), Mismatches(integra.series, pg.series));
  check("roll-ups (Kreise, sum)", integra.rollup.size(), Mismatches(integra.rollup, pg.rollup));
  check("peer bands (per year: value, n, Q1, median, Q3)", integra.band.size(),
        Mismatches(integra.band, pg.band));
  check("scorecards (per indicator: value, n, median, percentile, trend slope)",
        integra.scorecard.size(), Mismatches(integra.scorecard, pg.scorecard));
  check("league tables (rank and key of every row, sum)", integra.league.size(),
        Mismatches(integra.league, pg.league));
  // The written cells: integra against PostgreSQL and against what the writes must have left
  // (the last value written; revision 1 for the loaded value plus one per write).
  size_t written_diff = Mismatches(integra.written, pg.written);
  if (integra.written.size() == w.written.size()) {
    for (size_t i = 0; i < w.written.size(); ++i) {
      const CellQuery& c = w.written[i];
      if (!Same(integra.written[i], CellAnswer{true, c.value, c.revision})) ++written_diff;
    }
  }
  check(
      "cells read back after the unary writes (value and revision, also against the last value "
      "written)",
      w.written.size(), std::min(written_diff, w.written.size()));
  report.AddNote(absl::StrCat(
      "Answers cross-checked query by query: integra and PostgreSQL agreed on ", checked, "."));
  checked.clear();
  check("point reads", integra.engine_point.size(), Mismatches(integra.engine_point, pg.point));
  check("peer comparisons", integra.engine_peer.size(), Mismatches(integra.engine_peer, pg.peer));
  check("time series", integra.engine_series.size(), Mismatches(integra.engine_series, pg.series));
  check("roll-ups", integra.engine_rollup.size(), Mismatches(integra.engine_rollup, pg.rollup));
  check("peer bands", integra.engine_band.size(), Mismatches(integra.engine_band, pg.band));
  check("scorecards", integra.engine_scorecard.size(),
        Mismatches(integra.engine_scorecard, pg.scorecard));
  check("league tables", integra.engine_league.size(),
        Mismatches(integra.engine_league, pg.league));
  report.AddNote(
      absl::StrCat("The in-process engine's answers agreed with PostgreSQL's on ", checked, "."));
  report.AddNote(data.real_register()
                     ? "Units and populations: Quelle: Statistisches Bundesamt (Destatis), "
                       "Gemeindeverzeichnis GV100AD (dl-de/by-2-0). Indicator values are "
                       "synthetic."
                     : "Units, populations and indicator values are synthetic.");
  return report;
}

}  // namespace integra::bench
