#include "tests/testing/token_channel.h"

#include <vector>

#include "client/token_channel.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace integra::testing {

std::shared_ptr<grpc::Channel> TokenChannel(const std::string& address,
                                            const std::string& secret) {
  return cli::TokenChannel(address, secret);
}

std::string CreateTokenOffline(const std::string& data_dir, const std::string& role,
                               const std::string& scope, const std::string& name) {
  std::vector<std::string> argv = {IntegradPath(), "admin",  "token",  "create", "--data-dir",
                                   data_dir,       "--name", name,     "--role", role};
  if (!scope.empty()) {
    argv.push_back("--scope");
    argv.push_back(scope);
  }
  RunResult r = Run(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (r.exit_code != 0) return "";
  std::string secret = r.out;
  while (!secret.empty() && secret.back() == '\n') secret.pop_back();
  return secret;
}

}  // namespace integra::testing
