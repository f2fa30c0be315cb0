// Child processes of the benchmark (integrad, initdb, pg_ctl), their memory, disk usage, and
// cleanup when the run is interrupted.
//
// Thread-safety: the cleanup registry is thread-safe; everything else is used by the driver's
// one thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/latency.h"

namespace integra::bench {

// The account a child runs as: nullopt = the current user. PostgreSQL refuses to run as root,
// so when the bench runs as root, initdb/pg_ctl run as this unprivileged user instead.
struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;
};
// The unprivileged account for PostgreSQL: nullopt if not root; the "postgres" user (created by
// Debian's postgresql package) when root. FailedPrecondition if root and that user is missing.
absl::StatusOr<std::optional<RunAs>> PostgresAccount();

// Runs `argv` to completion (stdin /dev/null), as `run_as` if given. Returns its combined
// stdout and stderr; Internal (with that output) if it exits non-zero or cannot be started.
absl::StatusOr<std::string> RunCommand(const std::vector<std::string>& argv,
                                       const std::optional<RunAs>& run_as = std::nullopt);

// A long-running child whose stdout/stderr go to files.
class ServerProcess {
 public:
  // Starts `argv`, output to `log_prefix`.out / .err.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(const std::vector<std::string>& argv,
                                                              const std::string& log_prefix);
  ~ServerProcess();  // SIGKILLs the child if it still runs
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Waits until a stdout line contains `marker` and returns the rest of that line after it.
  // DeadlineExceeded on timeout, Internal if the child exits first (with its stderr).
  absl::StatusOr<std::string> WaitForLine(const std::string& marker,
                                          std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after `grace`. Returns the exit code (128 + signal if killed).
  int Stop(std::chrono::milliseconds grace);
  std::string StdErr() const;

 private:
  ServerProcess() = default;
  bool Reap(bool block);
  pid_t pid_ = -1;
  bool exited_ = false;
  int exit_code_ = -1;
  std::string out_path_;
  std::string err_path_;
};

// VmRSS and VmHWM of a process (from /proc/PID/status), in bytes.
struct ProcessMemory {
  int64_t rss_bytes = 0;
  int64_t peak_rss_bytes = 0;
};
absl::StatusOr<ProcessMemory> ReadProcessMemory(pid_t pid);

// CPU time (user + system) a process has used so far, in seconds, from /proc/PID/stat.
absl::StatusOr<double> ProcessCpuSeconds(pid_t pid);

// Waits until `pid` uses less than `max_share` of one core over a 1 s window (background work
// such as RocksDB compactions after a bulk load has finished), at most `timeout`. Returns the
// time waited in seconds.
double WaitUntilIdle(pid_t pid, double max_share, std::chrono::seconds timeout);

// What one commit's fsync costs on the disk holding `dir` at this moment: `appends` times a
// 4 KiB append to a fresh file and fdatasync, as a write-ahead log does per synced commit. On a
// shared virtual disk this moves by an order of magnitude from minute to minute, so the bench
// measures it right before each system's unary writes. Internal with errno's text on failure.
absl::StatusOr<LatencySummary> MeasureDiskSync(const std::string& dir, int appends);

// Allocated size of a directory tree, as `du` counts it (st_blocks * 512).
uint64_t DirectoryBytes(const std::string& path);

// A private temporary directory under $TMPDIR (default /tmp). InvalidArgument-free: Internal on
// failure.
absl::StatusOr<std::string> MakeTempDir(const std::string& prefix);

// Cleanup on interruption: actions registered here run (newest first) if the process receives
// SIGINT or SIGTERM, after which it exits with 130. Call InstallInterruptCleanup once, first
// thing in main (it blocks the signals in all threads and waits for them in its own thread).
using CleanupId = int;
void InstallInterruptCleanup();
CleanupId RegisterCleanup(std::function<void()> action);
void UnregisterCleanup(CleanupId id);

}  // namespace integra::bench
