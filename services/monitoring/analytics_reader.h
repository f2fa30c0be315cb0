// AnalyticsReader: reads observations in the shapes the pure analytics take, computing gap
// indicators on read.
//
//  * Series: one or several units over a period range (ObservationStore::Series, one range
//    scan of obs_series per unit). For a gap indicator the base's two breakdowns are read and
//    the gap is computed per period (gaps.h); such points carry a `derivation` and are never
//    stored.
//  * Analytics series: one unit's series on the numeric time axis (calendar.h PeriodNumber),
//    every period of the range spelled out, missing or suppressed values as gap points.
//  * Cross-section of a peer set: ONE point read of the packed section under
//    indicator | BD | period | level (packed_section.h), viewed in place in the block cache
//    (no copy, nothing decoded but the peers' entries), merged with the sorted peer codes
//    (peer_resolver.h): each peer's code is found by binary search from the previous one's
//    position. A gap indicator reads two sections from one snapshot.
//  * Level: every value of one level for one period (roll-ups, league tables): the same read.
//
// Suppressed values are stored with their flag; every read here treats them as missing (no
// statistic may let them be recovered).
//
// Thread-safety: thread-safe (reads only).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/analytics/analytics.h"
#include "services/analytics/peer_stats.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/packed_section.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"

namespace integra::monitoring {

// One unit's series on the analytics time axis, with the periods it came from.
struct PeriodSeries {
  std::vector<Period> periods;       // periods[i] belongs to series[i]
  analytics::Series series;          // gaps (missing, suppressed) as points without value
  std::vector<std::string> sources;  // distinct sources of the values, for attribution
};

// One unit's entry in a stored cross-section, with what a table row shows beside the value.
struct PeerCell {
  std::optional<double> value;  // as ReadPeerValues: nullopt if missing or suppressed
  uint8_t flags = 0;            // of the stored observation (0 if none is stored)
  std::string source;           // of the stored value ("" if none)
};

// One unit's value in a level's cross-section.
struct CodeValue {
  uint32_t unit_code = 0;
  std::optional<double> value;  // nullopt: suppressed
  uint8_t flags = 0;            // the cell's ObservationFlag bits
};

class AnalyticsReader {
 public:
  // All pointers must outlive the reader.
  AnalyticsReader(storage::Store* store, const UnitStore* units, const IndicatorCatalog* catalog,
                  const ObservationStore* observations)
      : store_(store), units_(units), catalog_(catalog), observations_(observations) {}

  // InvalidArgument (malformed code), NotFound.
  absl::StatusOr<std::shared_ptr<const Indicator>> FindIndicator(const std::string& code) const;

  // As ObservationStore::Series, and for gap indicators the computed gap (value absent where
  // the gap is undefined; the footnote says why).
  absl::StatusOr<std::vector<UnitSeries>> Series(const SeriesQuery& query) const;

  // One unit's series over [from, to] ("" = the unit's first / last stored period), every
  // period of the range present. InvalidArgument / NotFound as Series.
  absl::StatusOr<PeriodSeries> ReadPeriodSeries(const Indicator& indicator,
                                                const std::string& unit_key,
                                                const Breakdown& breakdown, const std::string& from,
                                                const std::string& to) const;

  // The values of the units `codes` (ascending, one level) for one period; units without a
  // stored value, or suppressed, come back without value. One range scan (two for a gap).
  absl::StatusOr<analytics::CrossSection> ReadCrossSection(
      const Indicator& indicator, const Breakdown& breakdown, Period period, UnitLevel level,
      const std::vector<uint32_t>& codes) const;

  // As ReadCrossSection, values only: result[i] belongs to codes[i] (no keys are built, for
  // comparisons of large peer sets).
  absl::StatusOr<std::vector<std::optional<double>>> ReadPeerValues(
      const Indicator& indicator, const Breakdown& breakdown, Period period, UnitLevel level,
      const std::vector<uint32_t>& codes) const;

  // The cells of sorted `codes` in the stored cross-section, with flags and sources (what a
  // league table shows beside each value), in the same read (one per chunk). nullopt if a chunk
  // the codes fall into was written before sources were packed (packed_section.h format 1): read
  // the units' series then.
  // InvalidArgument for a gap indicator (computed on read; its flags are its bases').
  absl::StatusOr<std::optional<std::vector<PeerCell>>> ReadPeerCells(
      const Indicator& indicator, const Breakdown& breakdown, Period period, UnitLevel level,
      const std::vector<uint32_t>& codes) const;

  // Every stored value of one level for one period, in unit-code order (not for gaps): all the
  // level's chunks, one prefix scan.
  absl::StatusOr<std::vector<CodeValue>> ReadLevel(const Indicator& indicator,
                                                   const Breakdown& breakdown, Period period,
                                                   UnitLevel level) const;

 private:
  // Calls `fn` once per stored section chunk that sorted `codes` need (monitoring_keys.h
  // SectionChunkOf: the Land for Gemeinden), in code order, with the run [begin, end) of `codes`
  // that falls into it; chunks not stored are skipped, chunks no code falls into are not read.
  // Several chunks are read from one snapshot (the caller's ReadScope, else one opened here).
  absl::Status ViewChunks(
      const Indicator& indicator, const std::string& bd, Period period, UnitLevel level,
      const std::vector<uint32_t>& codes,
      absl::FunctionRef<absl::Status(const SectionView&, size_t begin, size_t end)> fn) const;
  // The stored (not gap) cross-section, merged with `codes`.
  absl::StatusOr<std::vector<std::optional<double>>> ReadPeers(
      const Indicator& indicator, const std::string& bd, Period period, UnitLevel level,
      const std::vector<uint32_t>& codes) const;
  absl::StatusOr<std::vector<UnitSeries>> GapSeries(const Indicator& gap,
                                                    const SeriesQuery& query) const;
  storage::Store* store_;
  const UnitStore* units_;
  const IndicatorCatalog* catalog_;
  const ObservationStore* observations_;
};

}  // namespace integra::monitoring
