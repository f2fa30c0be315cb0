// The query mix both systems answer, drawn once per run from a seeded generator so integra and
// PostgreSQL see exactly the same queries in the same order.
//
// Peer groups: the Gemeinden of one Land, using the Länder with 1,000-3,000 Gemeinden in the
// dataset (at full scale Schleswig-Holstein 1,106, Rheinland-Pfalz 2,302, Baden-Württemberg
// 1,103, Bayern 2,228); at small scales, where no Land is that large, the four largest.
//
// Thread-safety: plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/dataset.h"

namespace integra::bench {

struct PointQuery {
  size_t unit;  // look this unit up by key
};

struct PeerQuery {
  size_t indicator;
  int year;
  std::string land;  // peer group: the Gemeinden of this Land
  size_t unit;       // the Gemeinde whose position is asked (a member of the group)
};

struct SeriesQuery {
  size_t indicator;
  size_t unit;  // any unit; all 20 years are fetched
};

struct RollupQuery {
  size_t indicator;  // a count (SUM) indicator
  int year;
};

// Dashboard workloads (rows 7-9): one call each.
struct BandQuery {
  size_t indicator;
  std::string land;  // peer group: the Gemeinden of this Land (as PeerQuery)
  size_t unit;       // a member of the group; all 20 years
};

struct ScorecardQuery {
  int year;
  std::string land;  // peer group: the Gemeinden of this Land
  size_t unit;       // a member of the group
};

struct LeagueQuery {
  size_t indicator;
  int year;  // all Kreise ranked
};

// Row 10: one single-observation write, one call and one commit. `year` is a loaded year (the
// write is a new revision of a stored cell) or kNewCellYear (a cell no system holds yet).
struct WriteQuery {
  size_t indicator;
  int year;
  size_t unit;
  double value;  // differs from every earlier value of the cell, so every write changes it
};

// A cell read back after the writes, with what the writes must have left in it: the last value
// written and the revision number (1 for the loaded value, plus one per write).
struct CellQuery {
  size_t indicator;
  int year;
  size_t unit;
  double value;
  int revision;
};

// The year of the cells the unary writes create: the first after the loaded range.
inline constexpr int kNewCellYear = Dataset::kFirstYear + Dataset::kYears;

struct Workload {
  std::vector<std::string> peer_lands;
  std::vector<size_t> peer_group_sizes;  // parallel to peer_lands
  std::vector<PointQuery> point;
  std::vector<PeerQuery> peer;
  std::vector<SeriesQuery> series;
  std::vector<RollupQuery> rollup;
  std::vector<BandQuery> band;
  std::vector<ScorecardQuery> scorecard;
  std::vector<LeagueQuery> league;
  std::vector<WriteQuery> writes;  // row 10, in order; the first tenth is the warm-up
  std::vector<CellQuery> written;  // every cell the writes touched, in order of first write
};

// `queries` point, peer and series queries each, `rollups` roll-up queries and as many of each
// dashboard workload (band, scorecard, league table); `queries` unary writes (a quarter of
// them to new cells of kNewCellYear, the rest new revisions of loaded cells).
Workload MakeWorkload(const Dataset& data, int queries, int rollups, uint64_t seed);

// The name of the custom peer group holding the Gemeinden of `land`.
std::string PeerGroupName(const std::string& land);

// The half-open key range [lower, upper) holding exactly the keys starting with `land`
// ("09" -> ["09", "10")); used by the PostgreSQL query and integra's range scan alike.
std::string LandUpperBound(const std::string& land);

}  // namespace integra::bench
