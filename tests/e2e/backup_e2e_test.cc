// Backups through the real binaries: `integra admin backup` against a running integrad (ADMIN
// only), `integrad verify` beside it, `integrad restore` into a new dir, and integrad serving the
// restored copy.
#include <signal.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra {
namespace {

using testing::IntegradPath;
using testing::IntegraPath;
using testing::RunResult;
using testing::StartIntegrad;
using testing::TempDir;

TEST(BackupE2ETest, AdminBacksUpOnlineOthersAreRefusedAndTheCopyRestoresVerifiesAndServes) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  const std::string backups = dir.Sub("backups");
  const std::string admin = dir.Sub("admin.token");
  const std::string editor = dir.Sub("editor.token");
  std::ofstream(admin) << testing::CreateTokenOffline(data, "ADMIN", "", "ops") << "\n";
  std::ofstream(editor) << testing::CreateTokenOffline(data, "KB_EDITOR", "", "kb") << "\n";
  std::string address;
  auto server = StartIntegrad(data, &address);
  ASSERT_FALSE(address.empty()) << server->err();
  auto cli = [&](const std::string& token, std::vector<std::string> args) {
    std::vector<std::string> argv = {IntegraPath(), "--server", address, "--token-file", token};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::Run(argv);
  };
  RunResult put =
      cli(editor, {"kb", "add-node", "af.sprache", "--type", "action_field", "--title", "Sprache"});
  ASSERT_EQ(put.exit_code, 0) << put.err;

  RunResult refused = cli(editor, {"admin", "backup", "--to", backups});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("PERMISSION_DENIED"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(backups));

  RunResult relative = cli(admin, {"admin", "backup", "--to", "backups"});
  EXPECT_EQ(relative.exit_code, 1);
  EXPECT_NE(relative.err.find("absolute path"), std::string::npos) << relative.err;

  for (int i = 1; i <= 3; ++i) {
    RunResult backup = cli(admin, {"admin", "backup", "--to", backups, "--keep", "2"});
    ASSERT_EQ(backup.exit_code, 0) << backup.err;
    EXPECT_NE(backup.out.find("backup " + std::to_string(i) + " in " + backups), std::string::npos)
        << backup.out;
    if (i == 3) {
      EXPECT_NE(backup.out.find("removed older backups: 1"), std::string::npos) << backup.out;
    }
  }
  RunResult audit = cli(admin, {"audit"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find("backup to " + backups + " keep 2"), std::string::npos) << audit.out;

  // verify runs beside the serving integrad (read-only, no lock).
  RunResult live = testing::Run({IntegradPath(), "verify", "--data-dir", data});
  EXPECT_EQ(live.exit_code, 0) << live.out << live.err;
  EXPECT_NE(live.out.find("0 problems"), std::string::npos) << live.out;

  RunResult onto_live =
      testing::Run({IntegradPath(), "restore", "--from", backups, "--data-dir", data});
  EXPECT_EQ(onto_live.exit_code, 1);
  EXPECT_NE(onto_live.err.find("is not empty"), std::string::npos) << onto_live.err;
  server->Signal(SIGTERM);
  ASSERT_EQ(server->Wait(), 0) << server->err();

  const std::string restored = dir.Sub("restored");
  RunResult restore =
      testing::Run({IntegradPath(), "restore", "--from", backups, "--data-dir", restored});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(restore.out.find("restored backup 3"), std::string::npos) << restore.out;
  RunResult verify = testing::Run({IntegradPath(), "verify", "--data-dir", restored});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("kb_nodes"), std::string::npos) << verify.out;

  auto copy = StartIntegrad(restored, &address);
  ASSERT_FALSE(address.empty()) << copy->err();
  RunResult node = cli(editor, {"kb", "get", "af.sprache"});
  EXPECT_EQ(node.exit_code, 0) << node.err;
  EXPECT_NE(node.out.find("Sprache"), std::string::npos) << node.out;
  copy->Signal(SIGTERM);
  EXPECT_EQ(copy->Wait(), 0) << copy->err();
}

TEST(BackupE2ETest, IntegradRefusesADamagedDataDirAndVerifySaysWhy) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  testing::CreateTokenOffline(data, "ADMIN");  // a data dir with content, closed
  std::string sst;
  for (const auto& entry : std::filesystem::directory_iterator(data)) {
    if (entry.path().extension() == ".sst") sst = entry.path();
  }
  ASSERT_FALSE(sst.empty());
  std::filesystem::resize_file(sst, std::filesystem::file_size(sst) / 2);
  std::string address;
  auto server = StartIntegrad(data, &address);
  EXPECT_TRUE(address.empty());
  EXPECT_EQ(server->Wait(), 1);
  EXPECT_NE(server->err().find("is damaged"), std::string::npos) << server->err();
  EXPECT_NE(server->err().find("integrad verify --data-dir " + data), std::string::npos);
  RunResult verify = testing::Run({IntegradPath(), "verify", "--data-dir", data});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.err.find(std::filesystem::path(sst).filename().string()), std::string::npos)
      << verify.err;
}

}  // namespace
}  // namespace integra
