#include "services/engine/replica_follower.h"

#include "services/engine/engine.h"

namespace integra::engine {

ReplicaFollower::ReplicaFollower(Engine* engine, std::chrono::milliseconds interval,
                                 std::function<void(bool healthy)> on_health_change,
                                 const common::Clock* clock)
    : engine_(engine),
      interval_(interval),
      on_health_change_(std::move(on_health_change)),
      clock_(clock) {
  // The open has just read the primary: that counts as the first catch-up.
  const int64_t now = clock_->NowMicros();
  state_.last_success_micros = now;
  state_.last_attempt_micros = now;
  state_.sequence = engine_->store().LatestSequence();
  state_.healthy = reported_ = true;
  if (on_health_change_) on_health_change_(true);
  thread_ = std::thread([this] { Run(); });
}

ReplicaFollower::~ReplicaFollower() { Stop(); }

void ReplicaFollower::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ReplicaFollower::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, interval_, [this] { return stop_; });
    if (stop_) break;
    lock.unlock();
    Record(engine_->CatchUp(interval_));
    lock.lock();
  }
}

absl::StatusOr<bool> ReplicaFollower::CatchUpNow(std::chrono::milliseconds max_wait) {
  absl::StatusOr<bool> result = engine_->CatchUp(max_wait);
  Record(result);
  return result;
}

void ReplicaFollower::Record(const absl::StatusOr<bool>& result) {
  std::lock_guard lock(mu_);  // also orders the reports of concurrent attempts
  const int64_t now = clock_->NowMicros();
  state_.last_attempt_micros = now;
  state_.last_status = result.status();
  if (result.ok()) {
    state_.last_success_micros = now;
    ++state_.catch_ups_ok;
  } else if (absl::IsUnavailable(result.status())) {
    ++state_.catch_ups_deferred;
  } else {
    ++state_.catch_ups_failed;
  }
  state_.sequence = engine_->store().LatestSequence();
  state_.healthy = HealthyLocked(now);
  if (state_.healthy == reported_) return;
  reported_ = state_.healthy;
  if (on_health_change_) on_health_change_(reported_);
}

bool ReplicaFollower::HealthyLocked(int64_t now_micros) const {
  if (!state_.last_status.ok() && !absl::IsUnavailable(state_.last_status)) return false;
  const int64_t stale_after =
      std::chrono::duration_cast<std::chrono::microseconds>(interval_).count() * kStaleIntervals;
  return now_micros - state_.last_success_micros <= stale_after;
}

bool ReplicaFollower::healthy() const {
  std::lock_guard lock(mu_);
  return HealthyLocked(clock_->NowMicros());
}

ReplicaState ReplicaFollower::state() const {
  std::lock_guard lock(mu_);
  ReplicaState out = state_;
  out.healthy = HealthyLocked(clock_->NowMicros());
  return out;
}

}  // namespace integra::engine
