// A test with one real integrad over a temporary data dir, and the integra CLI pointed at it:
// the shape every CLI end-to-end test shares.
#pragma once

#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace integra::testing {

class IntegradTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Start()); }

  // Starts integrad over dir_/data with `extra` flags; a running one is first stopped cleanly
  // (SIGTERM, exit code 0), so the data dir carries over.
  void Start(const std::vector<std::string>& extra = {}) {
    if (server_ != nullptr) {
      server_->Signal(SIGTERM);
      ASSERT_EQ(server_->Wait(), 0) << server_->err();
    }
    server_ = StartIntegrad(dir_.Sub("data"), &address_, extra);
    ASSERT_FALSE(address_.empty()) << server_->err();
  }
  // Restarts with the same data dir and no extra flags.
  void Restart() { ASSERT_NO_FATAL_FAILURE(Start()); }

  // `integra --server ADDRESS args...` (ADDRESS: this test's integrad unless given).
  RunResult Cli(std::vector<std::string> args, const std::string& input = "",
                const std::string& address = "") {
    args.insert(args.begin(), {IntegraPath(), "--server", address.empty() ? address_ : address});
    return testing::Run(args, input);
  }
  // Cli, asserting exit code 0.
  void Ok(std::vector<std::string> args) {
    RunResult r = Cli(std::move(args));
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  }

  TempDir dir_;
  std::string address_;
  std::unique_ptr<Child> server_;
};

}  // namespace integra::testing
