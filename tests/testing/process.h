// Child processes for end-to-end tests: run the real integrad and integra binaries.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace integra::testing {

// Directory holding the build tree (INTEGRA_BIN_DIR, set by CTest); binaries live at
// services/integrad/integrad and client/integra below it.
std::string BinDir();
std::string IntegradPath();
std::string IntegraPath();

struct RunResult {
  int exit_code = -1;  // exit status, or 128+signal if killed
  std::string out;
  std::string err;
};

// Runs a command to completion, capturing stdout and stderr; `input` goes to its stdin.
RunResult Run(const std::vector<std::string>& argv, const std::string& input = "");

// A background process (e.g. integrad) with stdout/stderr going to files.
class Child {
 public:
  explicit Child(const std::vector<std::string>& argv);
  ~Child();  // SIGKILLs the process if still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  // Waits until stdout contains `needle` or the process exits / `timeout_ms` passes.
  bool WaitForOutput(const std::string& needle, int timeout_ms = 15000);
  void Signal(int sig);
  // Waits for exit; returns exit code (128+signal if killed), -1 on timeout.
  int Wait(int timeout_ms = 15000);
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  int exit_code_ = -1;
  std::string out_path_;
  std::string err_path_;
};

// Starts integrad on a free loopback port over `data_dir` and waits until it serves; sets
// `*address` to "127.0.0.1:PORT" (empty on failure: the child's stderr then says why).
std::unique_ptr<Child> StartIntegrad(const std::string& data_dir, std::string* address,
                                     const std::vector<std::string>& extra_args = {});

}  // namespace integra::testing
