// ChangeNotifier: wakes change-feed watchers when new changes commit.
//
// The observation store publishes the highest committed sequence after every successful write;
// watchers read the change log (obs_changes) themselves and only wait here when they have seen
// everything. Waiting is by sequence, not by signal, so no wake-up is lost: WaitAfter(after)
// returns at once if a sequence > after was already published. Close() (server shutdown) wakes
// every watcher for good.
//
// One condition variable serves any number of watchers; a publish is one notify_all. Watchers
// wait with a timeout so that they can also notice a cancelled call.
//
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace integra::monitoring {

class ChangeNotifier {
 public:
  explicit ChangeNotifier(uint64_t published = 0) : published_(published) {}

  // Records that every change up to `sequence` is committed and readable; wakes the waiters.
  // Sequences only grow: a smaller one is ignored.
  void Publish(uint64_t sequence);
  // Waits until a sequence > `after` is published, the notifier is closed, or `timeout` has
  // passed. Returns the highest published sequence (compare with `after` to tell why it
  // returned).
  uint64_t WaitAfter(uint64_t after, std::chrono::milliseconds timeout);
  // Wakes every waiter; from now on WaitAfter returns at once. For server shutdown.
  void Close();
  bool closed() const;
  uint64_t published() const;
  // Watchers currently inside WaitAfter (for tests and diagnostics).
  int waiting() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t published_;
  bool closed_ = false;
  int waiting_ = 0;
};

}  // namespace integra::monitoring
