// The real integrad binary: reflection, health, graceful shutdown, data-dir lock, restart.
#include <signal.h>

#include <chrono>
#include <filesystem>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

using testing::StartIntegrad;
using testing::TempDir;

TEST(ServerE2ETest, ReflectionListsServicesAndHealthCheckServes) {
  TempDir dir;
  std::string address;
  auto server = StartIntegrad(dir.Sub("data"), &address);
  ASSERT_FALSE(address.empty()) << server->err();
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());

  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext ctx;
  auto stream = reflection->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest req;
  req.set_list_services("");
  ASSERT_TRUE(stream->Write(req));
  grpc::reflection::v1alpha::ServerReflectionResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  std::set<std::string> services;
  for (const auto& s : resp.list_services_response().service()) services.insert(s.name());
  EXPECT_TRUE(services.contains("integra.v1.KnowledgeService"));
  EXPECT_TRUE(services.contains("integra.v1.MonitoringService"));
  EXPECT_TRUE(services.contains("integra.v1.ExchangeService"));
  EXPECT_TRUE(services.contains("integra.v1.ScorecardService"));
  EXPECT_TRUE(services.contains("grpc.health.v1.Health"));

  // The descriptor of a service is served too (what grpcurl uses to build requests).
  grpc::reflection::v1alpha::ServerReflectionRequest file_req;
  file_req.set_file_containing_symbol("integra.v1.KnowledgeService");
  ASSERT_TRUE(stream->Write(file_req));
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_GT(resp.file_descriptor_response().file_descriptor_proto_size(), 0);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());

  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest hreq;
  grpc::health::v1::HealthCheckResponse hresp;
  grpc::ClientContext hctx;
  ASSERT_TRUE(health->Check(&hctx, hreq, &hresp).ok());
  EXPECT_EQ(hresp.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->err();
  EXPECT_NE(server->out().find("stopped cleanly"), std::string::npos);
}

TEST(ServerE2ETest, SecondServerOnSameDataDirFailsFast) {
  TempDir dir;
  std::string address;
  auto first = StartIntegrad(dir.Sub("data"), &address);
  ASSERT_FALSE(address.empty()) << first->err();
  std::string second_address;
  auto second = StartIntegrad(dir.Sub("data"), &second_address);
  EXPECT_TRUE(second_address.empty());
  EXPECT_EQ(second->Wait(), 1);
  EXPECT_NE(second->err().find("in use by another process"), std::string::npos) << second->err();
  first->Signal(SIGINT);
  EXPECT_EQ(first->Wait(), 0);
}

TEST(ServerE2ETest, HelpDocumentsFlags) {
  auto r = testing::Run({testing::IntegradPath(), "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--data-dir"), std::string::npos);
  EXPECT_NE(r.out.find("--listen"), std::string::npos);
  EXPECT_NE(r.out.find("--unix-socket"), std::string::npos);
  EXPECT_NE(r.out.find("--cross-section-cache-mb"), std::string::npos);
  for (const char* flag : {"--tls-cert", "--tls-key", "--tls-client-ca", "--insecure-listen",
                           "--default-deadline-seconds", "--max-open-streams"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
  auto bad = testing::Run({testing::IntegradPath(), "--bogus"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown argument"), std::string::npos);
  for (const char* value : {"-1", "soon", "", "86401"}) {
    auto bad_deadline =
        testing::Run({testing::IntegradPath(), "--default-deadline-seconds", value});
    EXPECT_EQ(bad_deadline.exit_code, 2) << value;
    EXPECT_NE(bad_deadline.err.find("--default-deadline-seconds: default_deadline_seconds must be"),
              std::string::npos)
        << bad_deadline.err;
  }
  for (const char* value : {"-1", "lots", "", "2000000"}) {
    auto bad_cache = testing::Run({testing::IntegradPath(), "--cross-section-cache-mb", value});
    EXPECT_EQ(bad_cache.exit_code, 2) << value;
    EXPECT_NE(bad_cache.err.find("--cross-section-cache-mb: cross_section_cache_mb must be"),
              std::string::npos)
        << bad_cache.err;
  }
}

TEST(ServerE2ETest, ServesOnAUnixSocketAsWellAndRemovesItOnShutdown) {
  TempDir dir;
  const std::string socket = dir.Sub("integrad.sock");
  std::string address;
  auto server = StartIntegrad(dir.Sub("data"), &address,
                              {"--unix-socket", socket, "--cross-section-cache-mb", "0"});
  ASSERT_FALSE(address.empty()) << server->err();
  EXPECT_NE(server->out().find("--server unix:" + socket), std::string::npos) << server->out();
  ASSERT_TRUE(std::filesystem::exists(socket));
  for (const std::string& target : {address, "unix:" + socket}) {
    auto health = grpc::health::v1::Health::NewStub(
        grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ASSERT_TRUE(health->Check(&ctx, req, &resp).ok()) << target;
    EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING) << target;
  }
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << server->err();
  EXPECT_FALSE(std::filesystem::exists(socket));

  // A socket in a directory that does not exist: a clear start-up error.
  std::string unused;
  auto broken =
      StartIntegrad(dir.Sub("data"), &unused, {"--unix-socket", dir.Sub("missing/integrad.sock")});
  EXPECT_EQ(broken->Wait(), 1);
  EXPECT_NE(broken->err().find("cannot listen on unix socket"), std::string::npos) << broken->err();
}

}  // namespace
}  // namespace integra
