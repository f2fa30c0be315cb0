// The seed content through the real binaries: integrad plus the integra CLI, as README command 1
// runs them (deploy/load-demo.sh).
#include <fstream>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "integra/v1/knowledge.pb.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

using testing::RunResult;

std::string SeedPath() {
  return std::string(INTEGRA_SOURCE_DIR) + "/data/knowledge/seed.textproto";
}

// Parses the CLI's `--format json` node list (a JSON array of Node) with protobuf's JSON parser.
std::vector<v1::Node> ParseNodeArray(const std::string& json) {
  v1::ListNodesResponse wrapper;
  auto status = google::protobuf::util::JsonStringToMessage("{\"nodes\":" + json + "}", &wrapper);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return {wrapper.nodes().begin(), wrapper.nodes().end()};
}

class KbSeedE2ETest : public testing::IntegradTest {
 protected:
  void LoadSeed() {
    RunResult r = Cli({"kb", "load", SeedPath()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(KbSeedE2ETest, SeedHasTenActionFieldsAndSevenRecommendationsAndReloadsAsNoOp) {
  RunResult first = Cli({"kb", "load", SeedPath()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("nodes 70 created"), std::string::npos) << first.out;

  RunResult fields = Cli({"kb", "list", "--type", "action_field", "--format", "json"});
  ASSERT_EQ(fields.exit_code, 0) << fields.err;
  auto action_fields = ParseNodeArray(fields.out);
  EXPECT_EQ(action_fields.size(), 10u);
  for (const auto& n : action_fields) EXPECT_EQ(n.type(), v1::NODE_TYPE_ACTION_FIELD) << n.id();

  RunResult recs = Cli({"kb", "list", "--type", "recommendation", "--format", "json"});
  ASSERT_EQ(recs.exit_code, 0) << recs.err;
  auto recommendations = ParseNodeArray(recs.out);
  ASSERT_EQ(recommendations.size(), 7u);
  for (size_t i = 0; i < recommendations.size(); ++i) {
    EXPECT_EQ(recommendations[i].id().rfind("rec." + std::to_string(i + 1) + "-", 0), 0u);
  }

  RunResult second = Cli({"kb", "load", SeedPath(), "--format", "json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  v1::ApplyKnowledgeResponse counts;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(second.out, &counts).ok()) << second.out;
  EXPECT_EQ(counts.changes(), 0);
  EXPECT_EQ(counts.nodes_unchanged(), 70);
  RunResult third = Cli({"kb", "load", SeedPath()});
  EXPECT_NE(third.out.find("; 0 change(s)"), std::string::npos) << third.out;
}

TEST_F(KbSeedE2ETest, DumpLoadDumpIsByteIdentical) {
  LoadSeed();
  RunResult dump1 = Cli({"kb", "dump"});
  ASSERT_EQ(dump1.exit_code, 0) << dump1.err;
  const std::string file = dir_.Sub("dump.textproto");
  {
    std::ofstream out(file);
    out << dump1.out;
  }
  std::string fresh_address;
  auto fresh = StartOther(dir_.Sub("fresh"), &fresh_address);
  ASSERT_FALSE(fresh_address.empty()) << fresh->err();
  RunResult load = Cli({"kb", "load", file}, "", fresh_address);
  ASSERT_EQ(load.exit_code, 0) << load.err;
  RunResult dump2 = Cli({"kb", "dump"}, "", fresh_address);
  ASSERT_EQ(dump2.exit_code, 0) << dump2.err;
  EXPECT_EQ(dump1.out, dump2.out);
  EXPECT_NE(dump1.out.find("title_de: \"Sprache und Bildung\""), std::string::npos)
      << "umlauts stay readable";
  EXPECT_NE(dump1.out.find("Förderung lokaler ethnischer Ökonomie"), std::string::npos);
}

TEST_F(KbSeedE2ETest, UmlautSearchAnalyticsAndFormats) {
  LoadSeed();
  RunResult umlaut = Cli({"kb", "search", "Sprachförderung", "--format", "json"});
  RunResult ascii = Cli({"kb", "search", "sprachfoerderung", "--format", "json"});
  ASSERT_EQ(umlaut.exit_code, 0) << umlaut.err;
  EXPECT_EQ(umlaut.out, ascii.out);
  EXPECT_NE(umlaut.out.find("\"af.sprache-bildung\""), std::string::npos) << umlaut.out;

  RunResult coverage = Cli({"kb", "coverage"});
  ASSERT_EQ(coverage.exit_code, 0) << coverage.err;
  EXPECT_NE(coverage.out.find("0 of 17 action fields and recommendations are measured"),
            std::string::npos)
      << coverage.out;

  RunResult path = Cli({"kb", "path", "rec.7-leitbilder", "af.information-evaluation"});
  ASSERT_EQ(path.exit_code, 0) << path.err;
  EXPECT_NE(path.out.find("-requires->"), std::string::npos) << path.out;

  RunResult centrality = Cli({"kb", "centrality", "--type", "action_field", "--limit", "3"});
  ASSERT_EQ(centrality.exit_code, 0) << centrality.err;

  RunResult topo = Cli({"kb", "topo", "--format", "csv"});
  ASSERT_EQ(topo.exit_code, 0) << topo.err;
  EXPECT_EQ(topo.out.rfind("order,level,id,type,requires,title_de\n", 0), 0u) << topo.out;

  RunResult dot =
      Cli({"kb", "export", "--root", "rec.3-zivilgesellschaft", "--depth", "1", "--format", "dot"});
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.out.rfind("digraph G {", 0), 0u) << dot.out;
  RunResult graphml = Cli({"kb", "export", "--format", "graphml"});
  ASSERT_EQ(graphml.exit_code, 0) << graphml.err;
  EXPECT_NE(graphml.out.find("<graphml"), std::string::npos);
  RunResult json = Cli({"kb", "export", "--root", "af.sprache-bildung", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  v1::Subgraph sub;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &sub).ok()) << json.out;
  EXPECT_GT(sub.nodes_size(), 1);

  RunResult refused = Cli({"kb", "list", "--format", "dot"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("does not support --format dot"), std::string::npos) << refused.err;
  RunResult table_export = Cli({"kb", "export"});
  EXPECT_EQ(table_export.exit_code, 2);
  EXPECT_NE(table_export.err.find("supported: json, dot, graphml"), std::string::npos)
      << table_export.err;
}

TEST_F(KbSeedE2ETest, BrokenFilesAreRefusedWithTheirPosition) {
  const std::string file = dir_.Sub("broken.textproto");
  {
    std::ofstream out(file);
    out << "nodes {\n  id: \"af.x\"\n  titel: \"Tippfehler\"\n}\n";
  }
  RunResult r = Cli({"kb", "load", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.textproto:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("titel"), std::string::npos) << r.err;

  {
    std::ofstream out(file);
    out << "nodes { id: \"af.x\" type: NODE_TYPE_ACTION_FIELD title_de: \"X\" }\n"
        << "edges { from: \"af.x\" to: \"af.y\" type: EDGE_TYPE_ADDRESSES }\n";
  }
  r = Cli({"kb", "load", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("INVALID_ARGUMENT"), std::string::npos) << r.err;
  RunResult get = Cli({"kb", "get", "af.x"});
  EXPECT_EQ(get.exit_code, 1) << "nothing of the refused file was written";

  RunResult missing = Cli({"kb", "load", dir_.Sub("missing.textproto")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace integra
