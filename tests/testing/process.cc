#include "tests/testing/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace integra::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string TempPath(const std::string& stem) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/integra-" + stem + "-XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  return pattern;
}

pid_t Spawn(const std::vector<std::string>& argv, const std::string& in_path,
            const std::string& out_path, const std::string& err_path) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  // Child: wire up the streams and exec. Unblock signals the parent may have blocked.
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, nullptr);
  int in = in_path.empty() ? open("/dev/null", O_RDONLY) : open(in_path.c_str(), O_RDONLY);
  int out = open(out_path.c_str(), O_WRONLY | O_TRUNC);
  int err = open(err_path.c_str(), O_WRONLY | O_TRUNC);
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string BinDir() {
  const char* dir = std::getenv("INTEGRA_BIN_DIR");
  return dir != nullptr ? dir : ".";
}
std::string IntegradPath() { return BinDir() + "/services/integrad/integrad"; }
std::string IntegraPath() { return BinDir() + "/client/integra"; }

RunResult Run(const std::vector<std::string>& argv, const std::string& input) {
  std::string in_path;
  if (!input.empty()) {
    in_path = TempPath("in");
    std::ofstream(in_path, std::ios::binary) << input;
  }
  std::string out_path = TempPath("out");
  std::string err_path = TempPath("err");
  pid_t pid = Spawn(argv, in_path, out_path, err_path);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r{DecodeStatus(status), ReadFile(out_path), ReadFile(err_path)};
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  if (!in_path.empty()) unlink(in_path.c_str());
  return r;
}

Child::Child(const std::vector<std::string>& argv)
    : out_path_(TempPath("child-out")), err_path_(TempPath("child-err")) {
  pid_ = Spawn(argv, "", out_path_, err_path_);
}

Child::~Child() {
  if (!exited_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  unlink(out_path_.c_str());
  unlink(err_path_.c_str());
}

bool Child::WaitForOutput(const std::string& needle, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (out().find(needle) != std::string::npos) return true;
    int status = 0;
    if (!exited_ && waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      exit_code_ = DecodeStatus(status);
    }
    if (exited_) return out().find(needle) != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void Child::Signal(int sig) {
  if (!exited_) kill(pid_, sig);
}

int Child::Wait(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!exited_) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      exit_code_ = DecodeStatus(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

std::string Child::out() const { return ReadFile(out_path_); }
std::string Child::err() const { return ReadFile(err_path_); }

std::unique_ptr<Child> StartIntegrad(const std::string& data_dir, std::string* address,
                                     const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv = {IntegradPath(), "--data-dir", data_dir, "--listen",
                                   "127.0.0.1:0"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  auto child = std::make_unique<Child>(argv);
  address->clear();
  const std::string marker = "serving on ";
  if (!child->WaitForOutput(marker)) return child;
  std::string out = child->out();
  auto at = out.find(marker) + marker.size();
  auto end = out.find(',', at);
  *address = out.substr(at, end - at);
  return child;
}

}  // namespace integra::testing
