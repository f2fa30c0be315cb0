// StreamExecutor: a small fixed pool of threads for the work of streaming RPC reactors that must
// not run on the thread that triggered it.
//
// Used by the watch streams (exchange_service.h): a new change wakes a waiting watch on the
// thread that published it, the ingest path; that thread only posts here, and one of these
// threads reads the change log and starts the write. The pool's size is fixed, however many
// streams there are.
//
// Thread-safety: thread-safe. The destructor runs every task already posted, then joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace integra::api {

class StreamExecutor {
 public:
  explicit StreamExecutor(int threads);
  ~StreamExecutor();
  StreamExecutor(const StreamExecutor&) = delete;
  StreamExecutor& operator=(const StreamExecutor&) = delete;

  // Runs `task` on one of the pool's threads, soon. Cheap: never blocks on running tasks.
  void Post(std::function<void()> task);

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace integra::api
