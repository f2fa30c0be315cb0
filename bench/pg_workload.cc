#include "bench/pg_workload.h"

#include <charconv>

#include "absl/strings/str_cat.h"

namespace integra::bench {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE units (
  unit_key   text COLLATE "C" PRIMARY KEY,
  level      smallint NOT NULL,
  land       text COLLATE "C" NOT NULL,
  kreis      text COLLATE "C" NOT NULL,
  population bigint NOT NULL,
  unincorporated boolean NOT NULL
);
CREATE TABLE observations (
  indicator_id integer NOT NULL,
  unit_key     text COLLATE "C" NOT NULL,
  level        smallint NOT NULL,
  period       smallint NOT NULL,
  value        double precision,
  revision     integer NOT NULL DEFAULT 1,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_id, unit_key, period) INCLUDE (value)
);
CREATE INDEX observations_cross ON observations (indicator_id, period, level, unit_key)
  INCLUDE (value);
)sql";

// Distribution of the group plus the counts below/equal/above the unit, in one round trip.
constexpr char kPeerSql[] = R"sql(
WITH peers AS (
  SELECT unit_key, value FROM observations
  WHERE indicator_id = $1 AND period = $2 AND level = 5
    AND unit_key >= $3 AND unit_key < $4 AND value IS NOT NULL),
me AS (SELECT value FROM peers WHERE unit_key = $5)
SELECT count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p.value),
       percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY p.value),
       count(*) FILTER (WHERE p.value < me.value),
       count(*) FILTER (WHERE p.value = me.value) - 1,
       count(*) FILTER (WHERE p.value > me.value)
FROM peers p CROSS JOIN me
)sql";

constexpr char kSeriesSql[] = R"sql(
SELECT period, value FROM observations
WHERE indicator_id = $1 AND unit_key = $2 ORDER BY period
)sql";

// Every Kreis with its members, reporting members and the sum of its Gemeinden, next to the
// Kreis's own (official) value: what integra's RollUp returns for a SUM indicator.
// Gemeindefreie Gebiete are no members (no inhabitants; integra's rule).
constexpr char kRollupSql[] = R"sql(
WITH members AS (
  SELECT u.kreis, count(*) AS members, count(o.value) AS reporting, sum(o.value) AS computed
  FROM units u
  LEFT JOIN observations o
    ON o.indicator_id = $1 AND o.period = $2 AND o.level = 5 AND o.unit_key = u.unit_key
  WHERE u.level = 5 AND u.kreis <> '' AND NOT u.unincorporated
  GROUP BY u.kreis)
SELECT m.kreis, m.members, m.reporting, m.computed, k.value AS official
FROM members m
LEFT JOIN observations k
  ON k.indicator_id = $1 AND k.period = $2 AND k.level = 4 AND k.unit_key = m.kreis
)sql";

// The cheapest useful query: one unit by key (integra: GetUnit). Measures the round-trip floor.
constexpr char kPointSql[] = R"sql(
SELECT unit_key, level, land, kreis, population FROM units WHERE unit_key = $1
)sql";

std::string IndicatorId(size_t indicator) { return absl::StrCat(indicator + 1); }

void AppendDouble(std::string& out, double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PgWorkload>> PgWorkload::Connect(const std::string& conninfo,
                                                                const Dataset* data) {
  auto conn = PgConn::Connect(conninfo);
  if (!conn.ok()) return conn.status();
  return std::unique_ptr<PgWorkload>(new PgWorkload(std::move(*conn), data));
}

absl::Status PgWorkload::CreateSchema() {
  if (auto s = conn_->Exec(kSchema); !s.ok()) return s;
  std::string rows;
  for (const BenchUnit& u : data_->units()) {
    absl::StrAppend(&rows, u.key, "\t", u.level, "\t", u.land, "\t", u.kreis, "\t", u.population,
                    "\t", u.unincorporated ? "t" : "f", "\n");
  }
  bool sent = false;
  auto copied = conn_->CopyIn("COPY units FROM STDIN", [&](std::string& chunk) {
    if (!sent) chunk = rows;
    sent = true;
    return false;
  });
  return copied.status();
}

absl::StatusOr<int64_t> PgWorkload::LoadObservations() {
  const int64_t total = data_->observation_count();
  int64_t next = 0;
  return conn_->CopyIn(
      "COPY observations (indicator_id, unit_key, level, period, value) FROM STDIN",
      [&](std::string& chunk) {
        // About 1 MiB per message.
        for (int i = 0; i < 25000 && next < total; ++i, ++next) {
          const Dataset::Cell c = data_->CellAt(next);
          const BenchUnit& u = data_->units()[c.unit];
          absl::StrAppend(&chunk, c.indicator + 1, "\t", u.key, "\t", u.level, "\t", c.year, "\t");
          AppendDouble(chunk, data_->ValueAt(c.indicator, c.unit, c.year));
          chunk.push_back('\n');
        }
        return next < total;
      });
}

absl::Status PgWorkload::VacuumAnalyze() { return conn_->Exec("VACUUM ANALYZE"); }

absl::Status PgWorkload::PrepareQueries() {
  if (auto s = conn_->Prepare("peer", kPeerSql); !s.ok()) return s;
  if (auto s = conn_->Prepare("series", kSeriesSql); !s.ok()) return s;
  if (auto s = conn_->Prepare("point", kPointSql); !s.ok()) return s;
  return conn_->Prepare("rollup", kRollupSql);
}

absl::StatusOr<PeerAnswer> PgWorkload::Peer(const PeerQuery& q) {
  auto r = conn_->ExecPrepared("peer", {IndicatorId(q.indicator), absl::StrCat(q.year), q.land,
                                        LandUpperBound(q.land), data_->units()[q.unit].key});
  if (!r.ok()) return r.status();
  if (r->rows() != 1) return absl::InternalError("peer query returned no row");
  PeerAnswer a;
  a.n = std::stoi(r->Get(0, 0));
  if (a.n == 0) return a;
  a.median = r->GetDouble(0, 1);
  a.percentile =
      MidRankPercentile(std::stoi(r->Get(0, 3)), std::stoi(r->Get(0, 4)), std::stoi(r->Get(0, 5)),
                        data_->indicators()[q.indicator].higher_is_better);
  return a;
}

absl::StatusOr<SeriesAnswer> PgWorkload::Series(const SeriesQuery& q) {
  auto r = conn_->ExecPrepared("series", {IndicatorId(q.indicator), data_->units()[q.unit].key});
  if (!r.ok()) return r.status();
  SeriesAnswer a;
  a.points = r->rows();
  for (int i = 0; i < r->rows(); ++i) a.sum += r->GetDouble(i, 1);
  return a;
}

absl::StatusOr<RollupAnswer> PgWorkload::Rollup(const RollupQuery& q) {
  auto r = conn_->ExecPrepared("rollup", {IndicatorId(q.indicator), absl::StrCat(q.year)});
  if (!r.ok()) return r.status();
  RollupAnswer a;
  for (int i = 0; i < r->rows(); ++i) {
    if (r->IsNull(i, 3)) continue;
    ++a.kreise;
    a.sum += r->GetDouble(i, 3);
  }
  return a;
}

absl::StatusOr<PointAnswer> PgWorkload::Point(const PointQuery& q) {
  auto r = conn_->ExecPrepared("point", {data_->units()[q.unit].key});
  if (!r.ok()) return r.status();
  PointAnswer a;
  if (r->rows() == 1) a.key = r->Get(0, 0);
  return a;
}

absl::StatusOr<int64_t> PgWorkload::DatabaseBytes() {
  auto r = conn_->Query("SELECT pg_database_size(current_database())");
  if (!r.ok()) return r.status();
  return std::stoll(r->Get(0, 0));
}

}  // namespace integra::bench
