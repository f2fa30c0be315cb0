// The real integra CLI against the real integrad binary.
#include <signal.h>

#include "gtest/gtest.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

using testing::RunResult;
using testing::StartIntegrad;
using testing::TempDir;

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

}  // namespace
}  // namespace integra
