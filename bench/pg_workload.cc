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
  -- integra's members (docs/monitoring.md "Roll-ups"): every Gemeinde; a gemeindefreies Gebiet
  -- when inhabited, or for a period in which it holds a value.
  WHERE u.level = 5 AND u.kreis <> ''
    AND (NOT u.unincorporated OR u.population > 0 OR o.value IS NOT NULL)
  GROUP BY u.kreis)
SELECT m.kreis, m.members, m.reporting, m.computed, k.value AS official
FROM members m
LEFT JOIN observations k
  ON k.indicator_id = $1 AND k.period = $2 AND k.level = 4 AND k.unit_key = m.kreis
)sql";

// Peer band over 20 years: per year the group's n and type-7 quartiles (percentile_cont is
// type 7, docs/analytics.md) over the cross-section index, next to the unit's value (primary key).
constexpr char kBandSql[] = R"sql(
SELECT y.period, me.value, s.n, s.q1, s.median, s.q3
FROM generate_series($5::int, $6::int) AS y(period)
CROSS JOIN LATERAL (
  SELECT count(*) AS n,
         percentile_cont(0.25) WITHIN GROUP (ORDER BY value) AS q1,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median,
         percentile_cont(0.75) WITHIN GROUP (ORDER BY value) AS q3
  FROM observations
  WHERE indicator_id = $1 AND period = y.period AND level = 5
    AND unit_key >= $2 AND unit_key < $3 AND value IS NOT NULL) s
LEFT JOIN LATERAL (
  SELECT value FROM observations
  WHERE indicator_id = $1 AND unit_key = $4 AND period = y.period) me ON true
ORDER BY y.period
)sql";

// Scorecard figures per indicator: the unit's value, the group's n and median, the counts
// below / equal / above the unit (percentile in the client, as for row 2) and the OLS slope over
// the trend window (the last up to 10 years up to the year; regr_slope = OLS).
constexpr char kScorecardSql[] = R"sql(
SELECT i.id, me.value, s.n, s.median, s.below, s.tied, s.above, tr.slope
FROM generate_series(1, $5::int) AS i(id)
CROSS JOIN LATERAL (
  SELECT value FROM observations
  WHERE indicator_id = i.id AND unit_key = $1 AND period = $2::int) me
CROSS JOIN LATERAL (
  SELECT count(*) AS n,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY p.value) AS median,
         count(*) FILTER (WHERE p.value < me.value) AS below,
         count(*) FILTER (WHERE p.value = me.value) - 1 AS tied,
         count(*) FILTER (WHERE p.value > me.value) AS above
  FROM observations p
  WHERE p.indicator_id = i.id AND p.period = $2::int AND p.level = 5
    AND p.unit_key >= $3 AND p.unit_key < $4 AND p.value IS NOT NULL) s
CROSS JOIN LATERAL (
  SELECT regr_slope(t.value, t.period) AS slope FROM observations t
  WHERE t.indicator_id = i.id AND t.unit_key = $1
    AND t.period BETWEEN $2::int - 9 AND $2::int AND t.value IS NOT NULL) tr
WHERE me.value IS NOT NULL
ORDER BY i.id
)sql";

// League table of all Kreise: rank() is competition ranking ("1224"), ties by key as integra.
constexpr char kLeagueHighSql[] = R"sql(
SELECT rank() OVER (ORDER BY value DESC) AS r, unit_key, value FROM observations
WHERE indicator_id = $1 AND period = $2::int AND level = 4 AND value IS NOT NULL
ORDER BY r, unit_key
)sql";
constexpr char kLeagueLowSql[] = R"sql(
SELECT rank() OVER (ORDER BY value ASC) AS r, unit_key, value FROM observations
WHERE indicator_id = $1 AND period = $2::int AND level = 4 AND value IS NOT NULL
ORDER BY r, unit_key
)sql";

// The cheapest useful query: one unit by key (integra: GetUnit). Measures the round-trip floor.
constexpr char kPointSql[] = R"sql(
SELECT unit_key, level, land, kreis, population FROM units WHERE unit_key = $1
)sql";

// One unary write (row 10): insert the cell, or replace its value and count its revision up;
// an identical value writes nothing, as in integra.
constexpr char kWriteSql[] = R"sql(
INSERT INTO observations (indicator_id, unit_key, level, period, value)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (indicator_id, unit_key, period) DO UPDATE
  SET value = EXCLUDED.value, revision = observations.revision + 1, recorded_at = now()
  WHERE observations.value IS DISTINCT FROM EXCLUDED.value
)sql";

constexpr char kCellSql[] = R"sql(
SELECT value, revision FROM observations
WHERE indicator_id = $1 AND unit_key = $2 AND period = $3
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
  if (auto s = conn_->Prepare("band", kBandSql); !s.ok()) return s;
  if (auto s = conn_->Prepare("scorecard", kScorecardSql); !s.ok()) return s;
  if (auto s = conn_->Prepare("league_high", kLeagueHighSql); !s.ok()) return s;
  if (auto s = conn_->Prepare("league_low", kLeagueLowSql); !s.ok()) return s;
  if (auto s = conn_->Prepare("write", kWriteSql); !s.ok()) return s;
  if (auto s = conn_->Prepare("cell", kCellSql); !s.ok()) return s;
  return conn_->Prepare("rollup", kRollupSql);
}

absl::StatusOr<BandAnswer> PgWorkload::Band(const BandQuery& q) {
  auto r = conn_->ExecPrepared(
      "band", {IndicatorId(q.indicator), q.land, LandUpperBound(q.land), data_->units()[q.unit].key,
               absl::StrCat(Dataset::kFirstYear),
               absl::StrCat(Dataset::kFirstYear + Dataset::kYears - 1)});
  if (!r.ok()) return r.status();
  BandAnswer a;
  for (int i = 0; i < r->rows(); ++i) {
    BandAnswer::Point p;
    p.year = std::stoi(r->Get(i, 0));
    p.has_value = !r->IsNull(i, 1);
    if (p.has_value) p.value = r->GetDouble(i, 1);
    p.n = std::stoi(r->Get(i, 2));
    if (p.n > 0) {
      p.q1 = r->GetDouble(i, 3);
      p.median = r->GetDouble(i, 4);
      p.q3 = r->GetDouble(i, 5);
    }
    a.points.push_back(p);
  }
  return a;
}

absl::StatusOr<ScorecardAnswer> PgWorkload::Scorecard(const ScorecardQuery& q) {
  auto r = conn_->ExecPrepared(
      "scorecard", {data_->units()[q.unit].key, absl::StrCat(q.year), q.land,
                    LandUpperBound(q.land), absl::StrCat(data_->indicators().size())});
  if (!r.ok()) return r.status();
  ScorecardAnswer a;
  for (int i = 0; i < r->rows(); ++i) {
    const size_t ind = static_cast<size_t>(std::stoi(r->Get(i, 0)) - 1);
    ScorecardAnswer::Row row;
    row.code = data_->indicators()[ind].code;
    row.value = r->GetDouble(i, 1);
    row.n = std::stoi(r->Get(i, 2));
    row.median = r->GetDouble(i, 3);
    row.percentile =
        MidRankPercentile(std::stoi(r->Get(i, 4)), std::stoi(r->Get(i, 5)),
                          std::stoi(r->Get(i, 6)), data_->indicators()[ind].higher_is_better);
    row.has_slope = !r->IsNull(i, 7);
    if (row.has_slope) row.slope = r->GetDouble(i, 7);
    a.rows.push_back(std::move(row));
  }
  return a;
}

absl::StatusOr<LeagueAnswer> PgWorkload::League(const LeagueQuery& q) {
  auto r = conn_->ExecPrepared(
      data_->indicators()[q.indicator].higher_is_better ? "league_high" : "league_low",
      {IndicatorId(q.indicator), absl::StrCat(q.year)});
  if (!r.ok()) return r.status();
  LeagueAnswer a;
  for (int i = 0; i < r->rows(); ++i) {
    a.ranks.emplace_back(std::stoi(r->Get(i, 0)), r->Get(i, 1));
    a.sum += r->GetDouble(i, 2);
  }
  return a;
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

absl::Status PgWorkload::Write(const WriteQuery& q) {
  const BenchUnit& u = data_->units()[q.unit];
  std::string value;
  AppendDouble(value, q.value);
  auto r = conn_->ExecPrepared("write", {IndicatorId(q.indicator), u.key, absl::StrCat(u.level),
                                         absl::StrCat(q.year), value});
  if (!r.ok()) return r.status();
  const std::string written = PQcmdTuples(r->raw());
  if (written != "1") {
    return absl::InternalError(absl::StrCat("PostgreSQL wrote ", written, " rows for ", u.key, " ",
                                            q.year, ", expected 1"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CellAnswer> PgWorkload::Cell(const CellQuery& q) {
  auto r = conn_->ExecPrepared(
      "cell", {IndicatorId(q.indicator), data_->units()[q.unit].key, absl::StrCat(q.year)});
  if (!r.ok()) return r.status();
  CellAnswer a;
  if (r->rows() == 1) {
    a.found = !r->IsNull(0, 0);
    if (a.found) a.value = r->GetDouble(0, 0);
    a.revision = std::stoi(r->Get(0, 1));
  }
  return a;
}

absl::StatusOr<int64_t> PgWorkload::DatabaseBytes() {
  auto r = conn_->Query("SELECT pg_database_size(current_database())");
  if (!r.ok()) return r.status();
  return std::stoll(r->Get(0, 0));
}

}  // namespace integra::bench
