// A test with one real integrad over a temporary data dir, and the integra CLI pointed at it:
// the shape every CLI end-to-end test shares. Before the first start an ADMIN token is created
// in the data dir (`integrad admin token create`); the CLI presents it (--token-file) and
// admin_token_ holds it for direct gRPC calls (testing::TokenChannel).
#pragma once

#include <signal.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra::testing {

class IntegradTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Start()); }

  // Starts integrad over dir_/data with `extra` flags; a running one is first stopped cleanly
  // (SIGTERM, exit code 0), so the data dir carries over.
  void Start(const std::vector<std::string>& extra = {}) {
    if (admin_token_.empty()) {
      admin_token_ = CreateTokenOffline(dir_.Sub("data"), "ADMIN", "", "e2e-admin");
      ASSERT_FALSE(admin_token_.empty());
      token_file_ = dir_.Sub("admin.token");
      std::ofstream(token_file_) << admin_token_ << "\n";
    }
    if (server_ != nullptr) {
      server_->Signal(SIGTERM);
      ASSERT_EQ(server_->Wait(), 0) << server_->err();
    }
    server_ = StartIntegrad(dir_.Sub("data"), &address_, extra);
    ASSERT_FALSE(address_.empty()) << server_->err();
  }
  // Starts another integrad over `data_dir` with an ADMIN token of its own, which Cli(...,
  // address) then presents to it.
  std::unique_ptr<Child> StartOther(const std::string& data_dir, std::string* address,
                                    const std::vector<std::string>& extra = {}) {
    const std::string secret = CreateTokenOffline(data_dir, "ADMIN", "", "e2e-admin");
    auto child = StartIntegrad(data_dir, address, extra);
    const std::string file = data_dir + ".token";
    std::ofstream(file) << secret << "\n";
    other_token_files_[*address] = file;
    return child;
  }
  // Restarts with the same data dir and no extra flags.
  void Restart() { ASSERT_NO_FATAL_FAILURE(Start()); }

  // `integra --server ADDRESS args...` (ADDRESS: this test's integrad unless given).
  RunResult Cli(std::vector<std::string> args, const std::string& input = "",
                const std::string& address = "") {
    auto other = other_token_files_.find(address);
    args.insert(args.begin(),
                {IntegraPath(), "--server", address.empty() ? address_ : address, "--token-file",
                 other == other_token_files_.end() ? token_file_ : other->second});
    return testing::Run(args, input);
  }
  // Cli, asserting exit code 0.
  void Ok(std::vector<std::string> args) {
    RunResult r = Cli(std::move(args));
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  }

  TempDir dir_;
  std::string admin_token_;  // the secret of an ADMIN token in the data dir
  std::string token_file_;   // holds admin_token_
  std::map<std::string, std::string> other_token_files_;  // StartOther: address -> token file
  std::string address_;
  std::unique_ptr<Child> server_;
};

}  // namespace integra::testing
