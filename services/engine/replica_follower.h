// ReplicaFollower: keeps a read replica's Engine (EngineOptions::replica_of) caught up with its
// primary, every `interval` on its own thread and on demand (CatchUpNow: the AdminService's
// CatchUp), and says whether the replica is fit to serve (integrad's readiness).
//
// Staleness: a read on the replica sees every write the primary acknowledged up to the last
// successful catch-up, so at most about one interval (plus the catch-up's own time) behind
// while catch-ups succeed. A catch-up waits up to one interval for the consistent reads in
// progress (storage::Store::CatchUp); if they are still open it is deferred to the next tick.
//
// Healthy: the last catch-up did not fail, and the last successful one is at most
// kStaleIntervals intervals old (a primary dir that is gone or unreadable, or reads that never
// pause, make the replica unready; it becomes ready again by itself once a catch-up succeeds).
//
// Thread-safety: thread-safe. Stop (or the destructor) ends the thread; the Engine must outlive
// the follower.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"

namespace integra::engine {

class Engine;

struct ReplicaState {
  bool healthy = false;
  int64_t last_success_micros = 0;   // 0: none yet since start (the open reads the primary)
  int64_t last_attempt_micros = 0;
  absl::Status last_status;          // of the last attempt (Unavailable: deferred)
  uint64_t sequence = 0;             // the replica's RocksDB sequence number
  uint64_t catch_ups_ok = 0;         // since start, by result
  uint64_t catch_ups_deferred = 0;
  uint64_t catch_ups_failed = 0;
};

class ReplicaFollower {
 public:
  static constexpr int kStaleIntervals = 10;

  // Starts the thread. `on_health_change` (may be empty) is called whenever healthy() changes
  // after a catch-up attempt (on the thread that made it, under the follower's lock: it must
  // not call the follower), first right away with the state at start (healthy: the Engine has
  // just read the primary). `clock` must outlive the follower.
  ReplicaFollower(Engine* engine, std::chrono::milliseconds interval,
                  std::function<void(bool healthy)> on_health_change,
                  const common::Clock* clock = &common::SystemClock());
  ~ReplicaFollower();
  ReplicaFollower(const ReplicaFollower&) = delete;
  ReplicaFollower& operator=(const ReplicaFollower&) = delete;

  // Catches up now (waiting up to `max_wait` for open reads) and returns whether anything was
  // new. Errors of Engine::CatchUp.
  absl::StatusOr<bool> CatchUpNow(std::chrono::milliseconds max_wait);
  bool healthy() const;
  ReplicaState state() const;
  std::chrono::milliseconds interval() const { return interval_; }
  // Ends the thread (idempotent).
  void Stop();

 private:
  void Run();
  // Records an attempt's result and reports a change of health.
  void Record(const absl::StatusOr<bool>& result);
  bool HealthyLocked(int64_t now_micros) const;

  Engine* engine_;
  const std::chrono::milliseconds interval_;
  std::function<void(bool)> on_health_change_;
  const common::Clock* clock_;
  mutable std::mutex mu_;  // guards state_, reported_, stop_
  std::condition_variable wake_;
  ReplicaState state_;
  bool reported_ = false;  // the health last reported to on_health_change_
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace integra::engine
