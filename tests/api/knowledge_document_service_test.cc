// ApplyKnowledge / DumpKnowledge through a real in-process gRPC server, including the seed file.
#include <fstream>
#include <sstream>

#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

std::string SeedPath() {
  return std::string(INTEGRA_SOURCE_DIR) + "/data/knowledge/seed.textproto";
}

v1::KnowledgeDocument ReadSeed() {
  std::ifstream in(SeedPath());
  std::stringstream text;
  text << in.rdbuf();
  v1::KnowledgeDocument doc;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &doc)) << SeedPath();
  return doc;
}

class Server {
 public:
  explicit Server(const std::string& dir) {
    auto server = IntegraServer::Start({.data_dir = dir, .listen = "127.0.0.1:0"});
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::KnowledgeService::NewStub(testing::TokenChannel(
        server_->address(), testing::NewToken(*server_, security::Role::kKbEditor, "", "loader")));
  }
  grpc::Status Apply(const v1::KnowledgeDocument& doc, v1::ApplyKnowledgeResponse* resp,
                     bool prune = false) {
    v1::ApplyKnowledgeRequest req;
    *req.mutable_document() = doc;
    req.set_prune(prune);
    grpc::ClientContext ctx;
    return stub_->ApplyKnowledge(&ctx, req, resp);
  }
  v1::KnowledgeDocument Dump() {
    v1::KnowledgeDocument doc;
    grpc::ClientContext ctx;
    EXPECT_TRUE(stub_->DumpKnowledge(&ctx, v1::DumpKnowledgeRequest(), &doc).ok());
    return doc;
  }
  v1::KnowledgeService::Stub& stub() { return *stub_; }

 private:
  std::unique_ptr<IntegraServer> server_;
  std::unique_ptr<v1::KnowledgeService::Stub> stub_;
};

class KnowledgeDocumentServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(KnowledgeDocumentServiceTest, SeedLoadsOnceThenReportsNoChanges) {
  Server server(dir_.Sub("a"));
  v1::KnowledgeDocument seed = ReadSeed();
  v1::ApplyKnowledgeResponse first;
  grpc::Status s = server.Apply(seed, &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(first.nodes_created(), seed.nodes_size());
  EXPECT_EQ(first.edges_created(), seed.edges_size());
  EXPECT_EQ(first.changes(), seed.nodes_size() + seed.edges_size());

  v1::ApplyKnowledgeResponse second;
  ASSERT_TRUE(server.Apply(seed, &second).ok());
  EXPECT_EQ(second.changes(), 0);
  EXPECT_EQ(second.nodes_unchanged(), seed.nodes_size());
  EXPECT_EQ(second.edges_unchanged(), seed.edges_size());

  // The audit trail records the loader as the actor.
  v1::HistoryRequest hreq;
  hreq.set_id("af.information-evaluation");
  v1::HistoryResponse history;
  grpc::ClientContext ctx;
  ASSERT_TRUE(server.stub().History(&ctx, hreq, &history).ok());
  ASSERT_GE(history.records_size(), 1);
  EXPECT_EQ(history.records(0).operation(), "create_node");
  EXPECT_EQ(history.records(0).actor().rfind("loader (token ", 0), 0u) << history.records(0).actor();
}

TEST_F(KnowledgeDocumentServiceTest, DumpRoundTripsThroughAFreshStore) {
  v1::KnowledgeDocument first_dump;
  {
    Server a(dir_.Sub("a"));
    v1::ApplyKnowledgeResponse resp;
    ASSERT_TRUE(a.Apply(ReadSeed(), &resp).ok());
    first_dump = a.Dump();
  }
  Server b(dir_.Sub("b"));
  v1::ApplyKnowledgeResponse resp;
  ASSERT_TRUE(b.Apply(first_dump, &resp).ok());
  v1::KnowledgeDocument second_dump = b.Dump();
  EXPECT_EQ(first_dump.SerializeAsString(), second_dump.SerializeAsString());
  // Same content as the file, only reordered.
  google::protobuf::util::MessageDifferencer diff;
  diff.TreatAsSet(v1::KnowledgeDocument::descriptor()->FindFieldByName("nodes"));
  diff.TreatAsSet(v1::KnowledgeDocument::descriptor()->FindFieldByName("edges"));
  std::string report;
  diff.ReportDifferencesToString(&report);
  EXPECT_TRUE(diff.Compare(ReadSeed(), second_dump)) << report;
}

TEST_F(KnowledgeDocumentServiceTest, InvalidDocumentIsRefusedWhole) {
  Server server(dir_.Sub("a"));
  v1::KnowledgeDocument doc = ReadSeed();
  // A valid node and a refused pair (an action field cannot address a recommendation).
  auto* extra = doc.add_nodes();
  extra->set_id("af.extra");
  extra->set_type(v1::NODE_TYPE_ACTION_FIELD);
  extra->set_title_de("Zusatz");
  auto* bad = doc.add_edges();
  bad->set_from("af.extra");
  bad->set_to("rec.3-zivilgesellschaft");
  bad->set_type(v1::EDGE_TYPE_ADDRESSES);
  v1::ApplyKnowledgeResponse resp;
  grpc::Status s = server.Apply(doc, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("af.extra -addresses-> rec.3-zivilgesellschaft"),
            std::string::npos)
      << s.error_message();
  EXPECT_EQ(server.Dump().nodes_size(), 0);

  // An unset type is named by position and id.
  v1::KnowledgeDocument untyped;
  untyped.add_nodes()->set_id("af.ok");
  untyped.mutable_nodes(0)->set_type(v1::NODE_TYPE_ACTION_FIELD);
  untyped.mutable_nodes(0)->set_title_de("OK");
  untyped.add_nodes()->set_id("af.untyped");
  s = server.Apply(untyped, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("node #2 ('af.untyped')"), std::string::npos)
      << s.error_message();
  EXPECT_EQ(server.Dump().nodes_size(), 0);
}

TEST_F(KnowledgeDocumentServiceTest, PruneRemovesWhatTheDocumentLacks) {
  Server server(dir_.Sub("a"));
  const v1::KnowledgeDocument seed = ReadSeed();
  v1::ApplyKnowledgeResponse resp;
  ASSERT_TRUE(server.Apply(seed, &resp).ok());
  v1::KnowledgeDocument sources_only;
  for (const auto& n : seed.nodes()) {
    if (n.type() == v1::NODE_TYPE_SOURCE) *sources_only.add_nodes() = n;
  }
  ASSERT_TRUE(server.Apply(sources_only, &resp).ok());
  EXPECT_EQ(resp.changes(), 0) << "without prune, absent nodes stay";
  ASSERT_TRUE(server.Apply(sources_only, &resp, /*prune=*/true).ok());
  EXPECT_EQ(resp.nodes_removed(), seed.nodes_size() - sources_only.nodes_size());
  EXPECT_EQ(resp.edges_removed(), seed.edges_size());
  EXPECT_EQ(server.Dump().nodes_size(), sources_only.nodes_size());
}

}  // namespace
}  // namespace integra::api
