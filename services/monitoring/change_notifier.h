// ChangeNotifier: wakes change-feed watchers when new changes commit.
//
// The observation store publishes the highest committed sequence after every successful write;
// watchers read the change log (obs_changes) themselves and only wait here when they have seen
// everything. Waiting is by sequence, not by signal, so no wake-up is lost: a wait for changes
// after `after` ends at once if a sequence > after was already published. Close() (server
// shutdown) ends every wait for good.
//
// Two ways to wait:
//  - WaitAfter blocks the calling thread (one condition variable serves any number of waiters;
//    a publish is one notify_all). Waiters pass a timeout so they can also notice other events.
//  - Subscribe holds no thread: it registers a one-shot callback, called when a sequence past
//    the subscriber's is published or the notifier closes. This is what the gRPC watch streams
//    use (see services/api/exchange_service.h): a waiting watch is one entry in a map here.
//    Callbacks run on the publishing thread, which is the ingest path: they must only hand the
//    work off (post it to an executor) and never read the change log or block.
//
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>

namespace integra::monitoring {

class ChangeNotifier {
 public:
  using Wakeup = std::function<void()>;

  explicit ChangeNotifier(uint64_t published = 0) : published_(published) {}

  // Records that every change up to `sequence` is committed and readable; wakes the waiters and
  // calls the subscriptions it satisfies (on this thread, after releasing the lock). Sequences
  // only grow: a smaller one is ignored.
  void Publish(uint64_t sequence);
  // Waits until a sequence > `after` is published, the notifier is closed, or `timeout` has
  // passed. Returns the highest published sequence (compare with `after` to tell why it
  // returned).
  uint64_t WaitAfter(uint64_t after, std::chrono::milliseconds timeout);

  // Calls `wake` once, when a sequence > `after` is published or the notifier is closed. If that
  // is already the case, registers nothing, never calls `wake` and returns 0: the caller goes on
  // at once (so `wake` never runs inside Subscribe). Otherwise returns the subscription's id
  // (> 0). `wake` runs on the thread of Publish or Close, without the notifier's lock.
  uint64_t Subscribe(uint64_t after, Wakeup wake);
  // Drops a pending subscription. true: removed, its `wake` will not be called. false: it has
  // been called or is being called right now (or the id is unknown or 0).
  bool Unsubscribe(uint64_t id);

  // Ends every wait and calls every subscription; from now on WaitAfter returns at once and
  // Subscribe returns 0. For server shutdown.
  void Close();
  bool closed() const;
  uint64_t published() const;
  // Watchers currently inside WaitAfter (for tests and diagnostics).
  int waiting() const;
  // Pending subscriptions (for tests and diagnostics).
  int subscribed() const;

 private:
  struct Subscription {
    uint64_t id;
    Wakeup wake;
  };
  using ByAfter = std::multimap<uint64_t, Subscription>;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t published_;
  bool closed_ = false;
  int waiting_ = 0;
  uint64_t next_id_ = 1;
  ByAfter subscriptions_;                                // by the sequence they have seen
  std::unordered_map<uint64_t, ByAfter::iterator> ids_;  // id -> entry in subscriptions_
};

}  // namespace integra::monitoring
