#include "bench/process.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace integra::bench {
namespace {

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// In a forked child: restore the default signal mask (the parent blocks SIGINT/SIGTERM for its
// watcher thread, and a blocked mask survives exec), drop privileges if asked, exec.
[[noreturn]] void ExecChild(const std::vector<std::string>& argv, const std::optional<RunAs>& as) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (as.has_value()) {
    if (setgroups(0, nullptr) != 0 || setgid(as->gid) != 0 || setuid(as->uid) != 0) {
      std::fprintf(stderr, "cannot switch to user %s: %s\n", as->name.c_str(),
                   std::strerror(errno));
      _exit(126);
    }
    // The unprivileged user may not be able to read the caller's working directory.
    if (chdir("/tmp") != 0) _exit(126);
  }
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  std::fprintf(stderr, "cannot execute %s: %s\n", args[0], std::strerror(errno));
  _exit(127);
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::mutex cleanup_mu;
std::map<CleanupId, std::function<void()>>& Cleanups() {
  static auto* cleanups = new std::map<CleanupId, std::function<void()>>();
  return *cleanups;
}
CleanupId next_cleanup_id = 1;

}  // namespace

absl::StatusOr<std::optional<RunAs>> PostgresAccount() {
  if (geteuid() != 0) return std::optional<RunAs>();
  struct passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    return absl::FailedPreconditionError(
        "PostgreSQL refuses to run as root and there is no 'postgres' user to run it as: install "
        "Debian's postgresql package (deploy/install-deps.sh) or run the bench as a normal user");
  }
  return std::optional<RunAs>(RunAs{pw->pw_uid, pw->pw_gid, "postgres"});
}

absl::StatusOr<std::string> RunCommand(const std::vector<std::string>& argv,
                                       const std::optional<RunAs>& run_as) {
  int fds[2];
  if (pipe(fds) != 0) return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    ExecChild(argv, run_as);
  }
  close(fds[1]);
  std::string output;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) output.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const int code = DecodeWaitStatus(status);
  if (code != 0) {
    return absl::InternalError(
        absl::StrCat("'", absl::StrJoin(argv, " "), "' exited with ", code, ": ", output));
  }
  return output;
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const std::vector<std::string>& argv, const std::string& log_prefix) {
  std::unique_ptr<ServerProcess> p(new ServerProcess());
  p->out_path_ = log_prefix + ".out";
  p->err_path_ = log_prefix + ".err";
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    int out = open(p->out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(p->err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (devnull < 0 || out < 0 || err < 0) _exit(126);
    dup2(devnull, 0);
    dup2(out, 1);
    dup2(err, 2);
    ExecChild(argv, std::nullopt);
  }
  p->pid_ = pid;
  return p;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    Reap(/*block=*/true);
  }
}

bool ServerProcess::Reap(bool block) {
  if (exited_) return true;
  int status = 0;
  pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == pid_) {
    exited_ = true;
    exit_code_ = DecodeWaitStatus(status);
  }
  return exited_;
}

absl::StatusOr<std::string> ServerProcess::WaitForLine(const std::string& marker,
                                                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::string out = ReadWhole(out_path_);
    size_t at = out.find(marker);
    if (at != std::string::npos) {
      size_t end = out.find('\n', at);
      if (end != std::string::npos) return out.substr(at + marker.size(), end - at - marker.size());
    }
    if (Reap(/*block=*/false)) {
      return absl::InternalError(absl::StrCat("process exited with ", exit_code_,
                                              " before printing '", marker, "': ", StdErr()));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("no '", marker, "' line within ", timeout.count(), " ms: ", StdErr()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int ServerProcess::Stop(std::chrono::milliseconds grace) {
  if (exited_) return exit_code_;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (!Reap(/*block=*/false)) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      Reap(/*block=*/true);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

std::string ServerProcess::StdErr() const { return ReadWhole(err_path_); }

absl::StatusOr<ProcessMemory> ReadProcessMemory(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  if (!in) return absl::NotFoundError(absl::StrCat("no /proc/", pid, "/status"));
  ProcessMemory m;
  std::string line;
  while (std::getline(in, line)) {
    auto kib = [&](const char* field) -> std::optional<int64_t> {
      if (line.rfind(field, 0) != 0) return std::nullopt;
      return std::strtoll(line.c_str() + std::strlen(field), nullptr, 10) * 1024;
    };
    if (auto v = kib("VmRSS:")) m.rss_bytes = *v;
    if (auto v = kib("VmHWM:")) m.peak_rss_bytes = *v;
  }
  return m;
}

absl::StatusOr<double> ProcessCpuSeconds(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces, hence the last ')'): state is field
  // 3, utime 14 and stime 15.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return absl::NotFoundError(absl::StrCat("no process ", pid));
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::strtod(field.c_str(), nullptr);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double WaitUntilIdle(pid_t pid, double max_share, std::chrono::seconds timeout) {
  const auto start = std::chrono::steady_clock::now();
  auto before = ProcessCpuSeconds(pid);
  while (before.ok() && std::chrono::steady_clock::now() - start < timeout) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    auto after = ProcessCpuSeconds(pid);
    if (!after.ok() || *after - *before < max_share) break;
    before = after;
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::StatusOr<LatencySummary> MeasureDiskSync(const std::string& dir, int appends) {
  const std::string path = dir + "/fsync-probe";
  const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot create ", path, ": ", std::strerror(errno)));
  }
  const std::string block(4096, 'w');
  LatencyRecorder latency;
  absl::Status status;
  for (int i = 0; i < appends && status.ok(); ++i) {
    const auto start = std::chrono::steady_clock::now();
    if (write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size()) ||
        fdatasync(fd) != 0) {
      status = absl::InternalError(
          absl::StrCat("cannot append and sync ", path, ": ", std::strerror(errno)));
    }
    latency.Add(std::chrono::steady_clock::now() - start);
  }
  close(fd);
  unlink(path.c_str());
  if (!status.ok()) return status;
  return latency.Summarize();
}

uint64_t DirectoryBytes(const std::string& path) {
  namespace fs = std::filesystem;
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    struct stat st;
    if (lstat(it->path().c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
      total += static_cast<uint64_t>(st.st_blocks) * 512;
    }
  }
  return total;
}

absl::StatusOr<std::string> MakeTempDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(tmp != nullptr && *tmp ? tmp : "/tmp", "/", prefix, "XXXXXX");
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", pattern, ": ", std::strerror(errno)));
  }
  return std::string(buf.data());
}

void InstallInterruptCleanup() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(stderr, "\nintegra_bench: interrupted, cleaning up\n");
    std::lock_guard lock(cleanup_mu);
    for (auto it = Cleanups().rbegin(); it != Cleanups().rend(); ++it) it->second();
    _exit(130);
  }).detach();
}

CleanupId RegisterCleanup(std::function<void()> action) {
  std::lock_guard lock(cleanup_mu);
  CleanupId id = next_cleanup_id++;
  Cleanups().emplace(id, std::move(action));
  return id;
}

void UnregisterCleanup(CleanupId id) {
  std::lock_guard lock(cleanup_mu);
  Cleanups().erase(id);
}

}  // namespace integra::bench
