// integrad's HTTP flags end to end: the real binary with --http serves the API and the web root,
// prints the URL, refuses flags that make no sense alone, and stops cleanly on SIGTERM.
#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra::testing {
namespace {

// The port of "integrad: serving HTTP on http://127.0.0.1:PORT/ ..." in `out`, or 0.
int HttpPort(const std::string& out) {
  constexpr char kPrefix[] = "serving HTTP on http://127.0.0.1:";
  const size_t at = out.find(kPrefix);
  if (at == std::string::npos) return 0;
  const size_t begin = at + sizeof(kPrefix) - 1;
  int port = 0;
  if (!absl::SimpleAtoi(out.substr(begin, out.find('/', begin) - begin), &port)) return 0;
  return port;
}

TEST(HttpE2eTest, ServesTheApiAndTheWebRootAndStopsCleanly) {
  TempDir dir;
  const std::string token = CreateTokenOffline(dir.Sub("data"), "ADMIN", "", "e2e-admin");
  ASSERT_FALSE(token.empty());
  std::filesystem::create_directories(dir.Sub("dist"));
  std::ofstream(dir.Sub("dist/index.html")) << "<!doctype html><title>integra dashboard</title>";
  std::string address;
  auto server = StartIntegrad(
      dir.Sub("data"), &address,
      {"--http", "127.0.0.1:0", "--allow-anonymous-read", "--web-root", dir.Sub("dist")});
  ASSERT_FALSE(address.empty()) << server->err();
  const int port = HttpPort(server->out());
  ASSERT_NE(port, 0) << server->out();
  EXPECT_TRUE(absl::StrContains(server->out(), "dashboard from " + dir.Sub("dist")))
      << server->out();
  {
    httplib::Client client("127.0.0.1", port);
    auto page = client.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->body, "<!doctype html><title>integra dashboard</title>");
    // Reads are anonymous here; writes need the token.
    auto read = client.Post("/integra.v1.MonitoringService/SearchUnits", R"({"query":"Köln"})",
                            "application/json");
    ASSERT_TRUE(read);
    EXPECT_EQ(read->status, 200) << read->body;
    auto write =
        client.Post("/integra.v1.MonitoringService/UpsertUnit",
                    R"({"unit":{"key":"05","name":"Nordrhein-Westfalen"}})", "application/json");
    ASSERT_TRUE(write);
    EXPECT_EQ(write->status, 401) << write->body;
    write = client.Post(
        "/integra.v1.MonitoringService/UpsertUnit", {{"Authorization", "Bearer " + token}},
        R"({"unit":{"key":"05","name":"Nordrhein-Westfalen"}})", "application/json");
    ASSERT_TRUE(write);
    EXPECT_EQ(write->status, 200) << write->body;
  }
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->err();
  EXPECT_TRUE(absl::StrContains(server->out(), "stopped cleanly")) << server->out();
}

TEST(HttpE2eTest, RefusesHttpFlagsWithoutHttpAndPlaintextOnTheNetwork) {
  TempDir dir;
  RunResult r =
      testing::Run({IntegradPath(), "--data-dir", dir.Sub("data"), "--web-root", dir.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(r.err, "need --http")) << r.err;
  r = testing::Run({IntegradPath(), "--data-dir", dir.Sub("data"), "--listen", "127.0.0.1:0",
                    "--http", "0.0.0.0:0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "--insecure-listen")) << r.err;
  r = testing::Run({IntegradPath(), "--data-dir", dir.Sub("data"), "--http", "127.0.0.1:0",
                    "--web-root", dir.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(r.err, "no index.html")) << r.err;
}

}  // namespace
}  // namespace integra::testing
