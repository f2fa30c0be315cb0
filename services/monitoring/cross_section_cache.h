// CrossSectionCache: decoded cross-sections (unit code -> latest value) of recently read
// (indicator, breakdown, period, level) combinations, so that comparing many units of one period
// (a report page, a map, a league table of every Gemeinde) reads obs_cross once.
//
// Entries are stamped with ObservationStore::last_sequence() as read before the scan and are
// served only while that sequence has not moved: any accepted observation write or indicator
// deletion invalidates every entry, so a reader never sees a value older than the last write
// that completed before its lookup. Monitoring data change in rare bulk loads, which is what
// makes this coarse rule cheap and sufficient. Bounded by bytes, least recently used first out.
// Admission: a comparison fills the cache (a scan of the whole level) only once the misses on
// that cross-section have read as many keys as the level holds (AdmitOnMiss, "rent or buy");
// until then each reads just its peers' range, so reads spread over many cross-sections neither
// pay for whole-level scans nor evict the hot ones. The
// fill itself runs in the background (BackgroundFiller): the comparison that triggers it is
// answered by its own bounded scan and does not wait for the whole level.
//
// Thread-safety: thread-safe (one mutex around the map; values are immutable shared vectors).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
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
  // Rent or buy: whether the misses on `key` have now paid for filling the cache. Each miss
  // "rents" (reads only its peers' range: `scanned` keys); the rent is summed per key among the
  // last kGhostKeys missed keys. On a repeated miss whose sum reaches `level_keys` (what the
  // whole-level scan costs) it returns true and the key's sum starts again from zero. A
  // cross-section compared again and again is cached after a few comparisons (on the second
  // when the peers span the whole level); one compared once or twice never pays for a
  // whole-level scan. At most about twice the work of the best choice made in hindsight.
  bool AdmitOnMiss(const std::string& key, size_t scanned, size_t level_keys);
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
  struct Ghost {
    std::list<std::string>::iterator at;  // in ghosts_
    size_t scanned = 0;                   // keys the misses on this key have read
  };
  std::list<std::string> ghosts_;  // recently missed keys, newest first
  std::unordered_map<std::string, Ghost> ghost_index_;
};

// Runs `fill(key)` for requested keys on one background thread (started on the first request),
// so that filling the cache never delays the comparison that asked for it. A key is queued at
// most once while pending; requests beyond `max_pending` are dropped (a later miss asks again).
// The destructor lets a running fill finish, drops the queue and joins the thread.
//
// Thread-safety: thread-safe.
class BackgroundFiller {
 public:
  explicit BackgroundFiller(std::function<void(const std::string&)> fill, size_t max_pending = 64)
      : fill_(std::move(fill)), max_pending_(max_pending) {}
  ~BackgroundFiller();
  BackgroundFiller(const BackgroundFiller&) = delete;
  BackgroundFiller& operator=(const BackgroundFiller&) = delete;

  // False if the request was dropped (already pending, or the queue is full).
  bool Request(const std::string& key);
  // Blocks until no fill is queued or running (tests, benchmarks).
  void WaitIdle();

 private:
  void Run();

  const std::function<void(const std::string&)> fill_;
  const size_t max_pending_;
  std::mutex mu_;
  std::condition_variable work_;  // a request arrived, or stop
  std::condition_variable idle_;  // the queue ran empty
  std::deque<std::string> queue_;
  std::set<std::string> pending_;  // queued or running
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace integra::monitoring
