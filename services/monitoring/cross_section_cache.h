// CrossSectionCache: decoded cross-sections (unit code -> latest value) of recently read
// (indicator, breakdown, period, level) combinations, so that comparing many units of one period
// (a report page, a map, a league table of every Gemeinde) reads obs_cross once.
//
// Entries are stamped with ObservationStore::last_sequence() as read before the scan and are
// served only while that sequence has not moved: any accepted observation write or indicator
// deletion invalidates every entry, so a reader never sees a value older than the last write
// that completed before its lookup. Monitoring data change in rare bulk loads, which is what
// makes this coarse rule cheap and sufficient. Bounded by bytes, least recently used first out.
// Admission: a comparison fills the cache (a scan of the whole level) only for a cross-section
// it missed before (AdmitOnMiss); a one-off read scans just its peers' range instead, so reads
// spread over many cross-sections neither pay for whole-level scans nor evict the hot ones.
//
// Thread-safety: thread-safe (one mutex around the map; values are immutable shared vectors).
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace integra::monitoring {

// One unit's latest usable value in a cached cross-section (16 bytes).
struct CachedValue {
  uint32_t unit_code = 0;
  bool has_value = false;  // false: suppressed
  double value = 0;
};
using CachedCrossSection = std::vector<CachedValue>;  // unit-code order

class CrossSectionCache {
 public:
  // capacity_bytes 0 disables the cache (Get always misses, Put drops).
  explicit CrossSectionCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  bool enabled() const { return capacity_ > 0; }
  // The entry for `key` if it was stored at `sequence`; nullptr otherwise (an entry of an older
  // sequence is dropped).
  std::shared_ptr<const CachedCrossSection> Get(const std::string& key, uint64_t sequence);
  void Put(const std::string& key, uint64_t sequence,
           std::shared_ptr<const CachedCrossSection> values);
  // Whether a miss on `key` should fill the cache: true if `key` was missed recently before
  // (remembered among the last kGhostKeys missed keys), else remembers it and returns false.
  bool AdmitOnMiss(const std::string& key);
  static constexpr size_t kGhostKeys = 4096;

  size_t bytes() const;

 private:
  struct Entry {
    std::string key;
    uint64_t sequence;
    std::shared_ptr<const CachedCrossSection> values;
    size_t bytes;
  };
  void EraseLocked(std::list<Entry>::iterator it);

  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
  std::list<std::string> ghosts_;  // recently missed keys, newest first
  std::unordered_map<std::string, std::list<std::string>::iterator> ghost_index_;
};

}  // namespace integra::monitoring
