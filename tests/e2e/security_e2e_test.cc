// The real integrad and integra binaries: file modes of the data dir, its files and the unix
// socket; TLS between the CLI and integrad; the refusal of plaintext on the network.
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/tls_certs.h"
#include "tests/testing/token_channel.h"

namespace integra {
namespace {

using testing::IntegraPath;
using testing::RunResult;
using testing::StartIntegrad;
using testing::TempDir;

unsigned ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(SecurityE2ETest, DataDirIsOwnerOnlyItsFilesTooAndTheSocketIsGroupReadable) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  const std::string socket = dir.Sub("integrad.sock");
  // The unix socket needs a token too: an ADMIN token made offline in the data dir.
  const std::string token = testing::CreateTokenOffline(data, "ADMIN", "", "modes");
  ASSERT_FALSE(token.empty());
  const std::string token_file = dir.Sub("admin.token");
  std::ofstream(token_file) << token << "\n";
  std::string address;
  auto server = StartIntegrad(data, &address, {"--unix-socket", socket});
  ASSERT_FALSE(address.empty()) << server->err();
  // A write, so RocksDB has written more than its start-up files.
  RunResult put = testing::Run({IntegraPath(), "--server", "unix:" + socket, "--token-file",
                                token_file, "kb", "add-node", "af.modes", "--type",
                                "action_field", "--title", "Modi"});
  ASSERT_EQ(put.exit_code, 0) << put.err;

  // The unix socket is always plaintext: a TLS setting in the environment does not get in the
  // way (the CA file is not even read).
  RunResult local =
      testing::Run({"/usr/bin/env", "INTEGRA_TLS_CA=" + dir.Sub("no-such-ca.crt"), IntegraPath(),
                    "--server", "unix:" + socket, "--token-file", token_file, "kb", "get",
                    "af.modes"});
  EXPECT_EQ(local.exit_code, 0) << local.err;

  EXPECT_EQ(ModeOf(data), 0700u);
  EXPECT_EQ(ModeOf(socket), 0660u);
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
    ++files;
    const unsigned mode = ModeOf(entry.path().string());
    EXPECT_EQ(mode & 077, 0u) << entry.path() << " has mode " << std::oct << mode;
  }
  EXPECT_GT(files, 3);
  EXPECT_EQ(server->err().find("warning"), std::string::npos) << server->err();
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->err();
}

TEST(SecurityE2ETest, ExistingDataDirOpenToOthersIsUsedWithAWarningAndLeftAsItIs) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  ASSERT_TRUE(std::filesystem::create_directory(data));
  ASSERT_EQ(::chmod(data.c_str(), 0755), 0);
  std::string address;
  auto server = StartIntegrad(data, &address);
  ASSERT_FALSE(address.empty()) << server->err();
  EXPECT_NE(server->err().find("warning: data dir " + data + " has mode 0755"), std::string::npos)
      << server->err();
  EXPECT_NE(server->err().find("chmod -R go-rwx " + data), std::string::npos) << server->err();
  EXPECT_EQ(ModeOf(data), 0755u);
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->err();
}

TEST(SecurityE2ETest, CliConnectsOverTlsWithTheCaFromTheFlagOrTheEnvironment) {
  TempDir dir;
  auto ours = testing::MakeTlsFiles(dir.path(), "ours");
  ASSERT_TRUE(ours.ok()) << ours.status();
  auto other = testing::MakeTlsFiles(dir.path(), "other");
  ASSERT_TRUE(other.ok()) << other.status();
  std::string address;
  // Anonymous reads on: the calls below are reads, and this test is about the transport.
  auto server = StartIntegrad(dir.Sub("data"), &address,
                              {"--tls-cert", ours->server_cert, "--tls-key", ours->server_key,
                               "--allow-anonymous-read"});
  ASSERT_FALSE(address.empty()) << server->err();

  RunResult flag = testing::Run({IntegraPath(), "--server", address, "--tls-ca", ours->ca_cert,
                                 "unit", "list", "--timeout", "20"});
  EXPECT_EQ(flag.exit_code, 0) << flag.err;
  RunResult env = testing::Run({"/usr/bin/env", "INTEGRA_TLS_CA=" + ours->ca_cert, IntegraPath(),
                                "--server", address, "unit", "list"});
  EXPECT_EQ(env.exit_code, 0) << env.err;

  RunResult wrong = testing::Run(
      {IntegraPath(), "--server", address, "--tls-ca", other->ca_cert, "unit", "list"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("UNAVAILABLE"), std::string::npos) << wrong.err;
  RunResult plain = testing::Run({IntegraPath(), "--server", address, "unit", "list"});
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_NE(plain.err.find("UNAVAILABLE"), std::string::npos) << plain.err;
  RunResult unreadable = testing::Run(
      {IntegraPath(), "--server", address, "--tls-ca", dir.Sub("missing.crt"), "unit", "list"});
  EXPECT_EQ(unreadable.exit_code, 2);
  EXPECT_NE(unreadable.err.find("--tls-ca " + dir.Sub("missing.crt") + ": cannot read"),
            std::string::npos)
      << unreadable.err;

  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->err();
}

TEST(SecurityE2ETest, PlaintextOnTheNetworkIsRefusedAtStartUnlessAskedFor) {
  TempDir dir;
  std::string address;
  auto refused = StartIntegrad(dir.Sub("data"), &address, {"--listen", "0.0.0.0:0"});
  EXPECT_EQ(refused->Wait(), 1);
  EXPECT_TRUE(address.empty());
  EXPECT_NE(refused->err().find("refusing to listen on 0.0.0.0:0 without TLS"), std::string::npos)
      << refused->err();

  auto allowed =
      StartIntegrad(dir.Sub("data"), &address, {"--listen", "0.0.0.0:0", "--insecure-listen"});
  ASSERT_FALSE(address.empty()) << allowed->err();
  allowed->Signal(SIGTERM);
  EXPECT_EQ(allowed->Wait(), 0) << allowed->err();
}

}  // namespace
}  // namespace integra
