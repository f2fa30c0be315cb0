// KnowledgeService through a real in-process gRPC server on a free port with a temp RocksDB.
#include "services/api/knowledge_service.h"

#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

class KnowledgeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = IntegraServer::Start({.data_dir = dir_.path(), .listen = "127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    const std::string secret =
        testing::NewToken(*server_, security::Role::kKbEditor, "", "service-test");
    token_id_ = secret.substr(4, 16);
    stub_ = v1::KnowledgeService::NewStub(testing::TokenChannel(server_->address(), secret));
  }

  grpc::Status Create(const std::string& id, v1::NodeType type, const std::string& title) {
    v1::CreateNodeRequest req;
    req.mutable_node()->set_id(id);
    req.mutable_node()->set_type(type);
    req.mutable_node()->set_title_de(title);
    v1::Node resp;
    grpc::ClientContext ctx;
    ctx.AddMetadata("integra-actor", "someone-else");  // gone: the actor is the token
    return stub_->CreateNode(&ctx, req, &resp);
  }

  grpc::Status Link(const std::string& from, v1::EdgeType type, const std::string& to) {
    v1::LinkRequest req;
    req.mutable_edge()->set_from(from);
    req.mutable_edge()->set_type(type);
    req.mutable_edge()->set_to(to);
    v1::Edge resp;
    grpc::ClientContext ctx;
    return stub_->Link(&ctx, req, &resp);
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::string token_id_;
  std::unique_ptr<v1::KnowledgeService::Stub> stub_;
};

TEST_F(KnowledgeServiceTest, CreateGetNeighborsRoundTrip) {
  ASSERT_TRUE(Create("af.sprache", v1::NODE_TYPE_ACTION_FIELD, "Sprache und Bildung").ok());
  ASSERT_TRUE(Create("rec.r3", v1::NODE_TYPE_RECOMMENDATION, "Zivilgesellschaft beteiligen").ok());
  ASSERT_TRUE(Link("rec.r3", v1::EDGE_TYPE_ADDRESSES, "af.sprache").ok());

  v1::GetNodeRequest get;
  get.set_id("af.sprache");
  v1::Node node;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->GetNode(&ctx, get, &node).ok());
  EXPECT_EQ(node.title_de(), "Sprache und Bildung");
  EXPECT_EQ(node.type(), v1::NODE_TYPE_ACTION_FIELD);

  v1::NeighborsRequest nreq;
  nreq.set_id("af.sprache");
  nreq.set_direction(v1::DIRECTION_IN);
  v1::NeighborsResponse nresp;
  grpc::ClientContext ctx2;
  ASSERT_TRUE(stub_->Neighbors(&ctx2, nreq, &nresp).ok());
  ASSERT_EQ(nresp.neighbors_size(), 1);
  EXPECT_EQ(nresp.neighbors(0).node().id(), "rec.r3");
  EXPECT_FALSE(nresp.neighbors(0).outgoing());

  v1::HistoryRequest hreq;
  hreq.set_id("af.sprache");
  v1::HistoryResponse hresp;
  grpc::ClientContext ctx3;
  ASSERT_TRUE(stub_->History(&ctx3, hreq, &hresp).ok());
  ASSERT_EQ(hresp.records_size(), 2);
  EXPECT_EQ(hresp.records(0).actor(), "service-test (token " + token_id_ + ")");
}

TEST_F(KnowledgeServiceTest, ErrorsMapToCanonicalCodes) {
  EXPECT_EQ(Create("Bad Id", v1::NODE_TYPE_ACTION_FIELD, "x").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Create("af.notitle", v1::NODE_TYPE_ACTION_FIELD, "").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Create("af.notype", v1::NODE_TYPE_UNSPECIFIED, "x").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Create("af.a", v1::NODE_TYPE_ACTION_FIELD, "A").ok());
  EXPECT_EQ(Create("af.a", v1::NODE_TYPE_ACTION_FIELD, "A").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  grpc::Status missing = Link("af.a", v1::EDGE_TYPE_ADDRESSES, "af.b");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Create("rec.a", v1::NODE_TYPE_RECOMMENDATION, "A").ok());
  ASSERT_TRUE(Create("rec.b", v1::NODE_TYPE_RECOMMENDATION, "B").ok());
  grpc::Status pair = Link("af.a", v1::EDGE_TYPE_ADDRESSES, "rec.a");
  EXPECT_EQ(pair.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(pair.error_message().find("may not run from action_field"), std::string::npos);
  ASSERT_TRUE(Link("rec.a", v1::EDGE_TYPE_REQUIRES, "rec.b").ok());
  grpc::Status cycle = Link("rec.b", v1::EDGE_TYPE_REQUIRES, "rec.a");
  EXPECT_EQ(cycle.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(cycle.error_message().find("rec.b -> rec.a -> rec.b"), std::string::npos)
      << cycle.error_message();
}

}  // namespace
}  // namespace integra::api
