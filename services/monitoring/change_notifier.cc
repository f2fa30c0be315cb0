#include "services/monitoring/change_notifier.h"

#include <utility>
#include <vector>

namespace integra::monitoring {

void ChangeNotifier::Publish(uint64_t sequence) {
  std::vector<Wakeup> due;
  {
    std::lock_guard lock(mu_);
    if (sequence <= published_) return;
    published_ = sequence;
    // Subscriptions that have seen less than `sequence`.
    const auto end = subscriptions_.lower_bound(sequence);
    for (auto it = subscriptions_.begin(); it != end; ++it) {
      ids_.erase(it->second.id);
      due.push_back(std::move(it->second.wake));
    }
    subscriptions_.erase(subscriptions_.begin(), end);
  }
  cv_.notify_all();
  for (Wakeup& wake : due) wake();
}

uint64_t ChangeNotifier::WaitAfter(uint64_t after, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  ++waiting_;
  cv_.wait_for(lock, timeout, [&] { return closed_ || published_ > after; });
  --waiting_;
  return published_;
}

uint64_t ChangeNotifier::Subscribe(uint64_t after, Wakeup wake) {
  std::lock_guard lock(mu_);
  if (closed_ || published_ > after) return 0;
  const uint64_t id = next_id_++;
  ids_.emplace(id, subscriptions_.emplace(after, Subscription{id, std::move(wake)}));
  return id;
}

bool ChangeNotifier::Unsubscribe(uint64_t id) {
  std::lock_guard lock(mu_);
  auto it = ids_.find(id);
  if (it == ids_.end()) return false;
  subscriptions_.erase(it->second);
  ids_.erase(it);
  return true;
}

void ChangeNotifier::Close() {
  std::vector<Wakeup> due;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    for (auto& [after, sub] : subscriptions_) due.push_back(std::move(sub.wake));
    subscriptions_.clear();
    ids_.clear();
  }
  cv_.notify_all();
  for (Wakeup& wake : due) wake();
}

bool ChangeNotifier::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

uint64_t ChangeNotifier::published() const {
  std::lock_guard lock(mu_);
  return published_;
}

int ChangeNotifier::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

int ChangeNotifier::subscribed() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(subscriptions_.size());
}

}  // namespace integra::monitoring
