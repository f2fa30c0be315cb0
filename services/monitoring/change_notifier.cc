#include "services/monitoring/change_notifier.h"

namespace integra::monitoring {

void ChangeNotifier::Publish(uint64_t sequence) {
  {
    std::lock_guard lock(mu_);
    if (sequence <= published_) return;
    published_ = sequence;
  }
  cv_.notify_all();
}

uint64_t ChangeNotifier::WaitAfter(uint64_t after, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  ++waiting_;
  cv_.wait_for(lock, timeout, [&] { return closed_ || published_ > after; });
  --waiting_;
  return published_;
}

void ChangeNotifier::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
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

}  // namespace integra::monitoring
