// Limits on what a request may carry and on what an error may echo back, through a real
// in-process gRPC server on a free port with a temp RocksDB.
#include <string>

#include "common/message.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/exchange_service.h"
#include "services/api/server.h"
#include "services/api/status.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra::api {
namespace {

class RequestLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = IntegraServer::Start({.data_dir = dir_.path(), .listen = "127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto channel = testing::AdminChannel(*server_);
    monitoring_ = v1::MonitoringService::NewStub(channel);
    knowledge_ = v1::KnowledgeService::NewStub(channel);
  }

  grpc::Status GetUnit(const std::string& key) {
    v1::GetUnitRequest req;
    req.set_key(key);
    v1::Unit resp;
    grpc::ClientContext ctx;
    return monitoring_->GetUnit(&ctx, req, &resp);
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::unique_ptr<v1::MonitoringService::Stub> monitoring_;
  std::unique_ptr<v1::KnowledgeService::Stub> knowledge_;
};

// Before the bound, the message quoted the whole key: at 10 KB it overflowed gRPC's 8 KiB
// metadata limit and the client saw a transport error instead of INVALID_ARGUMENT.
TEST_F(RequestLimitsTest, HugeUnitKeyGetsInvalidArgumentWithABoundedReadableMessage) {
  for (const size_t size : {size_t{10} << 10, size_t{1} << 20}) {
    SCOPED_TRACE(size);
    const grpc::Status s = GetUnit(std::string(size, '1'));
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << s.error_message().substr(0, 200);
    EXPECT_LE(s.error_message().size(), 300u);
    EXPECT_EQ(s.error_message().rfind("unit key '" + std::string(common::kMaxQuotedBytes, '1') +
                                          "…' (" + std::to_string(size) + " bytes) is not valid",
                                      0),
              0u)
        << s.error_message();
  }
}

TEST_F(RequestLimitsTest, HugeNodeIdGetsInvalidArgumentWithABoundedReadableMessage) {
  for (const size_t size : {size_t{10} << 10, size_t{1} << 20}) {
    SCOPED_TRACE(size);
    v1::GetNodeRequest req;
    req.set_id(std::string(size, 'a'));
    v1::Node resp;
    grpc::ClientContext ctx;
    const grpc::Status s = knowledge_->GetNode(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << s.error_message().substr(0, 200);
    EXPECT_EQ(s.error_message(), "node id '" + std::string(common::kMaxQuotedBytes, 'a') + "…' (" +
                                     std::to_string(size) +
                                     " bytes) must be 2 to 100 characters long");
  }
}

TEST_F(RequestLimitsTest, TenMegabyteDescriptionIsRefusedNamingFieldLimitAndSize) {
  v1::CreateNodeRequest req;
  req.mutable_node()->set_id("rec.big");
  req.mutable_node()->set_type(v1::NODE_TYPE_RECOMMENDATION);
  req.mutable_node()->set_title_de("Groß");
  req.mutable_node()->set_description(std::string(10 << 20, 'd'));
  v1::Node resp;
  grpc::ClientContext ctx;
  const grpc::Status s = knowledge_->CreateNode(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(),
            "node 'rec.big': description is 10485760 bytes, the limit is 16384 bytes");

  grpc::ClientContext get_ctx;
  v1::GetNodeRequest get;
  get.set_id("rec.big");
  EXPECT_EQ(knowledge_->GetNode(&get_ctx, get, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
}

// The last line of defence: whatever a domain message quotes, what leaves the server is bounded
// and keeps its code.
TEST(ToGrpcTest, CapsTheMessageAndKeepsTheCode) {
  const absl::Status huge =
      absl::NotFoundError("indicator '" + std::string(1 << 20, 'X') + "' not found");
  const grpc::Status s = ToGrpc(huge);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_LE(s.error_message().size(), common::kMaxStatusMessageBytes);
  EXPECT_EQ(s.error_message().rfind("indicator 'XXX", 0), 0u);
  EXPECT_NE(s.error_message().find("(message truncated, 1048598 bytes)"), std::string::npos);
  EXPECT_EQ(ToGrpc(absl::NotFoundError("unit '05315' not found")).error_message(),
            "unit '05315' not found");
  EXPECT_TRUE(ToGrpc(absl::OkStatus()).ok());
}

// The per-server cap on open export and watch streams: one more is refused with
// RESOURCE_EXHAUSTED, and a stream that ends makes room again.
TEST(StreamCapTest, OneStreamMoreThanTheCapIsRefusedUntilOneEnds) {
  testing::TempDir dir;
  auto started = IntegraServer::Start(
      {.data_dir = dir.path(), .listen = "127.0.0.1:0", .max_open_streams = 2});
  ASSERT_TRUE(started.ok()) << started.status();
  std::unique_ptr<IntegraServer> server = std::move(*started);
  ExchangeServiceImpl* service = server->exchange_service();
  auto stub = v1::ExchangeService::NewStub(testing::AdminChannel(*server));
  v1::WatchObservationsRequest watch;
  watch.set_from_now(true);

  grpc::ClientContext first_ctx, second_ctx;
  auto first = stub->WatchObservations(&first_ctx, watch);
  auto second = stub->WatchObservations(&second_ctx, watch);
  ASSERT_TRUE(service->AwaitOpenStreams([](const OpenStreams& o) { return o.watches == 2; },
                                        std::chrono::seconds(20)));

  grpc::ClientContext third_ctx;
  auto third = stub->WatchObservations(&third_ctx, watch);
  v1::WatchObservationsResponse ignored;
  EXPECT_FALSE(third->Read(&ignored));
  const grpc::Status refused = third->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(refused.error_message(),
            "this server has 2 export and watch streams open, its limit (integrad "
            "--max-open-streams): retry when one has ended");
  grpc::ClientContext export_ctx;
  auto exporting = stub->ExportObservations(&export_ctx, v1::ExportObservationsRequest());
  v1::ExportObservationsResponse chunk;
  EXPECT_FALSE(exporting->Read(&chunk));
  EXPECT_EQ(exporting->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  first_ctx.TryCancel();
  EXPECT_EQ(first->Finish().error_code(), grpc::StatusCode::CANCELLED);
  ASSERT_TRUE(service->AwaitOpenStreams([](const OpenStreams& o) { return o.watches == 1; },
                                        std::chrono::seconds(20)));
  grpc::ClientContext again_ctx;
  auto again = stub->ExportObservations(&again_ctx, v1::ExportObservationsRequest());
  EXPECT_FALSE(again->Read(&chunk));  // an empty store: the export ends at once, OK
  EXPECT_TRUE(again->Finish().ok());
  second_ctx.TryCancel();
  EXPECT_EQ(second->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

// The per-token cap: a token at its limit is refused with RESOURCE_EXHAUSTED naming the token
// and the flag, another token still gets a stream, and an ended stream makes room again.
TEST(StreamCapTest, OneTokenCannotHoldMoreStreamsThanItsShare) {
  testing::TempDir dir;
  auto started = IntegraServer::Start({.data_dir = dir.path(),
                                       .listen = "127.0.0.1:0",
                                       .max_open_streams = 10,
                                       .max_streams_per_token = 1});
  ASSERT_TRUE(started.ok()) << started.status();
  std::unique_ptr<IntegraServer> server = std::move(*started);
  ExchangeServiceImpl* service = server->exchange_service();
  auto created = server->engine().tokens().Create(
      {.name = "greedy", .role = security::Role::kReader, .scope = ""});
  ASSERT_TRUE(created.ok()) << created.status();
  auto greedy = v1::ExchangeService::NewStub(
      testing::TokenChannel(server->address(), created->secret));
  auto other = v1::ExchangeService::NewStub(testing::AdminChannel(*server));
  v1::WatchObservationsRequest watch;
  watch.set_from_now(true);

  grpc::ClientContext first_ctx;
  auto first = greedy->WatchObservations(&first_ctx, watch);
  ASSERT_TRUE(service->AwaitOpenStreams([](const OpenStreams& o) { return o.watches == 1; },
                                        std::chrono::seconds(20)));
  grpc::ClientContext second_ctx;
  auto second = greedy->WatchObservations(&second_ctx, watch);
  v1::WatchObservationsResponse ignored;
  EXPECT_FALSE(second->Read(&ignored));
  const grpc::Status refused = second->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(refused.error_message().find("token " + created->token.id + " has 1 export and "
                                         "watch streams open, the limit per token"),
            std::string::npos)
      << refused.error_message();
  EXPECT_NE(refused.error_message().find("--max-streams-per-token"), std::string::npos);

  grpc::ClientContext other_ctx;  // another token is not affected
  auto others = other->WatchObservations(&other_ctx, watch);
  ASSERT_TRUE(service->AwaitOpenStreams([](const OpenStreams& o) { return o.watches == 2; },
                                        std::chrono::seconds(20)));

  first_ctx.TryCancel();
  EXPECT_EQ(first->Finish().error_code(), grpc::StatusCode::CANCELLED);
  ASSERT_TRUE(service->AwaitOpenStreams([](const OpenStreams& o) { return o.watches == 1; },
                                        std::chrono::seconds(20)));
  grpc::ClientContext again_ctx;  // room again for the greedy token
  auto again = greedy->ExportObservations(&again_ctx, v1::ExportObservationsRequest());
  v1::ExportObservationsResponse chunk;
  EXPECT_FALSE(again->Read(&chunk));  // an empty store: the export ends at once, OK
  EXPECT_TRUE(again->Finish().ok());
  other_ctx.TryCancel();
  EXPECT_EQ(others->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

}  // namespace
}  // namespace integra::api
