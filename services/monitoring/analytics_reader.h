// AnalyticsReader: reads observations in the shapes the pure analytics take, computing gap
// indicators on read.
//
//  * Series: one or several units over a period range (ObservationStore::Series, one range
//    scan of obs_series per unit). For a gap indicator the base's two breakdowns are read and
//    the gap is computed per period (gaps.h); such points carry a `derivation` and are never
//    stored.
//  * Analytics series: one unit's series on the numeric time axis (calendar.h PeriodNumber),
//    every period of the range spelled out, missing or suppressed values as gap points.
//  * Cross-section of a peer set: ONE range scan of obs_cross under
//    indicator | BD | period | level, merged with the sorted peer codes (peer_resolver.h).
//    With the cross-section cache (default), the second comparison of a cross-section has the
//    whole level scanned once in the background and its decoded result (16 bytes per unit)
//    serves every later comparison of that cross-section until the next observation write
//    (cross_section_cache.h); such a comparison is a merge in memory. Otherwise the scan is bounded
//    by the smallest and largest peer code, keys of non-peers are skipped after reading their last
//    4 bytes (after 8 in a row the cursor seeks to the next peer), and only peers' records are
//    decoded. A gap indicator reads two ranges.
//  * Level: every value of one level for one period (roll-ups), one range scan (or the cache).
//
// Thread-safety: thread-safe (reads only).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/analytics.h"
#include "services/analytics/peer_stats.h"
#include "services/monitoring/cross_section_cache.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"

namespace integra::monitoring {

// One unit's series on the analytics time axis, with the periods it came from.
struct PeriodSeries {
  std::vector<Period> periods;       // periods[i] belongs to series[i]
  analytics::Series series;          // gaps (missing, suppressed) as points without value
  std::vector<std::string> sources;  // distinct sources of the values, for attribution
};

// One unit's value in a level's cross-section.
struct CodeValue {
  uint32_t unit_code = 0;
  std::optional<double> value;  // nullopt: suppressed
};

class AnalyticsReader {
 public:
  // All pointers must outlive the reader. `cache_bytes` bounds the cross-section cache (0 = no
  // cache: every comparison scans).
  AnalyticsReader(storage::Store* store, const UnitStore* units, const IndicatorCatalog* catalog,
                  const ObservationStore* observations, size_t cache_bytes)
      : store_(store),
        units_(units),
        catalog_(catalog),
        observations_(observations),
        cache_(std::make_unique<CrossSectionCache>(cache_bytes)),
        filler_(std::make_unique<BackgroundFiller>(
            [this](const std::string& prefix) { FillCache(prefix); })) {}

  // For diagnostics and tests.
  const CrossSectionCache& cache() const { return *cache_; }
  // Blocks until the background cache fills requested so far are done (tests, benchmarks).
  void WaitForCacheFills() const { filler_->WaitIdle(); }

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

  // Every stored value of one level for one period, in unit-code order (not for gaps).
  absl::StatusOr<std::vector<CodeValue>> ReadLevel(const Indicator& indicator,
                                                   const Breakdown& breakdown, Period period,
                                                   UnitLevel level) const;

 private:
  // The stored (not gap) cross-section, merged with `codes`.
  absl::StatusOr<std::vector<std::optional<double>>> ScanPeers(
      const Indicator& indicator, const std::string& bd, Period period, UnitLevel level,
      const std::vector<uint32_t>& codes) const;
  absl::StatusOr<std::vector<UnitSeries>> GapSeries(const Indicator& gap,
                                                    const SeriesQuery& query) const;
  // A whole level's cross-section from the cache, or one prefix scan that fills it.
  absl::StatusOr<std::shared_ptr<const CachedCrossSection>> CachedLevel(const Indicator& indicator,
                                                                        const std::string& bd,
                                                                        Period period,
                                                                        UnitLevel level) const;
  // One prefix scan of a level's cross-section (`prefix` from CrossLevelPrefix), decoded.
  absl::StatusOr<std::shared_ptr<const CachedCrossSection>> ScanLevel(
      const std::string& prefix) const;
  // On the filler's thread: caches the level's cross-section unless it is cached already. A
  // failed scan caches nothing (the comparisons report read errors themselves).
  void FillCache(const std::string& prefix) const;

  storage::Store* store_;
  const UnitStore* units_;
  const IndicatorCatalog* catalog_;
  const ObservationStore* observations_;
  std::unique_ptr<CrossSectionCache> cache_;
  // Last: destroyed first, so no fill runs once the rest of the reader is gone.
  std::unique_ptr<BackgroundFiller> filler_;
};

}  // namespace integra::monitoring
