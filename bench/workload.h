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
};

// `queries` point, peer and series queries each, `rollups` roll-up queries and as many of each
// dashboard workload (band, scorecard, league table).
Workload MakeWorkload(const Dataset& data, int queries, int rollups, uint64_t seed);

// The name of the custom peer group holding the Gemeinden of `land`.
std::string PeerGroupName(const std::string& land);

// The half-open key range [lower, upper) holding exactly the keys starting with `land`
// ("09" -> ["09", "10")); used by the PostgreSQL query and integra's range scan alike.
std::string LandUpperBound(const std::string& land);

}  // namespace integra::bench
