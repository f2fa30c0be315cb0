// The real integra CLI against the real integrad binary.
#include <signal.h>

#include <fstream>

#include "gtest/gtest.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra {
namespace {

using CliE2ETest = testing::IntegradTest;

TEST_F(CliE2ETest, AddLinkNeighborsAndPersistAcrossRestart) {
  auto r = Cli({"kb", "add-node", "af.sprache", "--type", "action_field", "--title",
                "Sprache und Bildung", "--tags", "bildung,sprache"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"kb", "add-node", "rec.r3", "--type", "recommendation", "--title",
           "Zivilgesellschaft beteiligen"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"kb", "link", "rec.r3", "addresses", "af.sprache", "--note", "Engagement in Bildung"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  Restart();

  r = Cli({"kb", "neighbors", "af.sprache"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rec.r3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("addresses"), std::string::npos) << r.out;

  r = Cli({"--format", "json", "kb", "get", "af.sprache"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"title_de\":\"Sprache und Bildung\""), std::string::npos) << r.out;

  r = Cli({"kb", "neighbors", "af.sprache", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.front(), '[');
  EXPECT_NE(r.out.find("\"id\":\"rec.r3\""), std::string::npos) << r.out;

  // Every write is in the audit trail, with the token that made it.
  r = Cli({"audit"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("CreateNode"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("e2e-admin"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("link rec.r3 af.sprache"), std::string::npos) << r.out;
}

TEST_F(CliE2ETest, ErrorsPrintStatusAndExitNonZero) {
  auto r = Cli({"kb", "get", "af.missing"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOT_FOUND"), std::string::npos) << r.err;
  r = Cli({"kb", "add-node", "af.x", "--type", "nonsense", "--title", "X"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown node type"), std::string::npos) << r.err;
  r = Cli({"kb", "get"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("usage"), std::string::npos) << r.err;
  auto down = testing::Run(
      {testing::IntegraPath(), "--server", "127.0.0.1:1", "--timeout", "2", "kb", "get", "af.x"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("UNAVAILABLE"), std::string::npos) << down.err;
}

TEST_F(CliE2ETest, TokensDecideWhatTheCliMayDo) {
  auto anonymous = testing::Run({testing::IntegraPath(), "--server", address_, "kb", "get", "af.x"});
  EXPECT_EQ(anonymous.exit_code, 1);
  EXPECT_NE(anonymous.err.find("UNAUTHENTICATED"), std::string::npos) << anonymous.err;
  EXPECT_NE(anonymous.err.find("--token-file"), std::string::npos) << anonymous.err;

  auto missing = Cli({"--token-file", dir_.Sub("nope.token"), "kb", "get", "af.x"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read the token file"), std::string::npos) << missing.err;

  // Offline administration needs the data dir to itself.
  auto busy = testing::Run({testing::IntegradPath(), "admin", "token", "list", "--data-dir",
                            dir_.Sub("data")});
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_NE(busy.err.find("in use"), std::string::npos) << busy.err;

  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->Wait(), 0) << server_->err();
  server_.reset();
  const std::string reader = testing::CreateTokenOffline(dir_.Sub("data"), "READER", "05315");
  const std::string reader_file = dir_.Sub("reader.token");
  std::ofstream(reader_file) << reader << "\n";
  auto list = testing::Run({testing::IntegradPath(), "admin", "token", "list", "--data-dir",
                            dir_.Sub("data")});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("READER     05315"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(reader.substr(21)), std::string::npos) << "no secret in the list";
  ASSERT_NO_FATAL_FAILURE(Start({"--allow-anonymous-read"}));

  anonymous = testing::Run({testing::IntegraPath(), "--server", address_, "kb", "get", "af.x"});
  EXPECT_EQ(anonymous.exit_code, 1);
  EXPECT_NE(anonymous.err.find("NOT_FOUND"), std::string::npos) << anonymous.err;
  anonymous = testing::Run({testing::IntegraPath(), "--server", address_, "kb", "add-node", "af.x",
                            "--type", "action_field", "--title", "X"});
  EXPECT_EQ(anonymous.exit_code, 1);
  EXPECT_NE(anonymous.err.find("UNAUTHENTICATED"), std::string::npos) << anonymous.err;

  auto denied = Cli({"--token-file", reader_file, "kb", "add-node", "af.x", "--type",
                     "action_field", "--title", "X"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_NE(denied.err.find("PERMISSION_DENIED"), std::string::npos) << denied.err;
  EXPECT_NE(denied.err.find("KB_EDITOR"), std::string::npos) << denied.err;

  // The offline token administration is in the audit trail too; a reader with a scope sees
  // only its scope's records, which a token creation is not part of.
  auto audit = Cli({"audit", "--format", "csv"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find(
                "offline,integrad admin token create,,create token 'test' role READER scope 05315"),
            std::string::npos)
      << audit.out;
  audit = Cli({"--token-file", reader_file, "audit"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_EQ(audit.out.find("integrad admin token"), std::string::npos) << audit.out;
}

}  // namespace
}  // namespace integra
