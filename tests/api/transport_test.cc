// TLS, mutual TLS and the plaintext policy of the TCP listener, through a real in-process gRPC
// server on a free port with certificates generated at test time.
#include "services/api/transport.h"

#include <filesystem>
#include <fstream>

#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/tls_certs.h"

namespace integra::api {
namespace {

using testing::ReadFileOrEmpty;
using testing::TlsFiles;

TEST(IsLoopbackHostTest, LoopbackNamesAndAddresses) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]",
                           "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "::", "[::]", "", "10.0.0.1", "128.0.0.1", "192.168.1.5",
                           "example.org", "localhost.example.org", "::2", "126.255.255.255"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

class TransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = testing::MakeTlsFiles(dir_.path(), "a");
    ASSERT_TRUE(a.ok()) << a.status();
    a_ = *a;
    auto b = testing::MakeTlsFiles(dir_.path(), "b");
    ASSERT_TRUE(b.ok()) << b.status();
    b_ = *b;
  }

  // Starts a server over a fresh data dir with `transport`.
  std::unique_ptr<IntegraServer> Start(const TransportOptions& transport,
                                       const std::string& listen = "127.0.0.1:0") {
    // Anonymous reads on: these tests are about the transport, not the token (call_guard_test).
    auto server = IntegraServer::Start({.data_dir = dir_.Sub("data"),
                                        .listen = listen,
                                        .transport = transport,
                                        .allow_anonymous_read = true});
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? std::move(*server) : nullptr;
  }

  // One ListUnits call to 127.0.0.1:`port` over `credentials` (bounded by a deadline, so a
  // handshake that never completes fails the test instead of hanging it).
  static grpc::Status Call(int port, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
    auto stub = v1::MonitoringService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port), credentials));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::ListUnitsRequest req;
    v1::ListUnitsResponse resp;
    return stub->ListUnits(&ctx, req, &resp);
  }

  static std::shared_ptr<grpc::ChannelCredentials> Tls(const std::string& ca,
                                                       const std::string& cert = "",
                                                       const std::string& key = "") {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFileOrEmpty(ca);
    if (!cert.empty()) {
      ssl.pem_cert_chain = ReadFileOrEmpty(cert);
      ssl.pem_private_key = ReadFileOrEmpty(key);
    }
    return grpc::SslCredentials(ssl);
  }

  testing::TempDir dir_;
  TlsFiles a_;  // the server's CA
  TlsFiles b_;  // an unrelated CA
};

TEST_F(TransportTest, TlsClientWithTheRightCaConnectsOthersFail) {
  auto server = Start({.tls_cert_file = a_.server_cert, .tls_key_file = a_.server_key});
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Call(server->port(), Tls(a_.ca_cert)).ok());

  const grpc::Status wrong_ca = Call(server->port(), Tls(b_.ca_cert));
  EXPECT_EQ(wrong_ca.error_code(), grpc::StatusCode::UNAVAILABLE) << wrong_ca.error_message();
  const grpc::Status plaintext = Call(server->port(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(plaintext.error_code(), grpc::StatusCode::UNAVAILABLE) << plaintext.error_message();
}

TEST_F(TransportTest, MutualTlsNeedsAClientCertificateSignedByTheClientCa) {
  // Client certificates are checked against CA b; the server's own certificate is from CA a.
  auto server = Start({.tls_cert_file = a_.server_cert,
                       .tls_key_file = a_.server_key,
                       .tls_client_ca_file = b_.ca_cert});
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Call(server->port(), Tls(a_.ca_cert, b_.client_cert, b_.client_key)).ok());

  const grpc::Status no_cert = Call(server->port(), Tls(a_.ca_cert));
  EXPECT_EQ(no_cert.error_code(), grpc::StatusCode::UNAVAILABLE) << no_cert.error_message();
  const grpc::Status other_ca =
      Call(server->port(), Tls(a_.ca_cert, a_.client_cert, a_.client_key));
  EXPECT_EQ(other_ca.error_code(), grpc::StatusCode::UNAVAILABLE) << other_ca.error_message();
}

TEST_F(TransportTest, PlaintextOnANonLoopbackAddressIsRefusedBeforeTheDataDirIsOpened) {
  auto refused = IntegraServer::Start({.data_dir = dir_.Sub("data"), .listen = "0.0.0.0:0"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("refusing to listen on 0.0.0.0:0 without TLS"),
            std::string::npos)
      << refused.status();
  EXPECT_NE(refused.status().message().find("--insecure-listen"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("data")));

  auto insecure = Start({.insecure_listen = true}, "0.0.0.0:0");
  ASSERT_NE(insecure, nullptr);
  EXPECT_TRUE(Call(insecure->port(), grpc::InsecureChannelCredentials()).ok());
  insecure.reset();

  auto tls = Start({.tls_cert_file = a_.server_cert, .tls_key_file = a_.server_key}, "0.0.0.0:0");
  ASSERT_NE(tls, nullptr);
  EXPECT_TRUE(Call(tls->port(), Tls(a_.ca_cert)).ok());
}

TEST_F(TransportTest, InconsistentOrUnreadableTlsOptionsAreRefused) {
  auto half = ListenerCredentials("127.0.0.1:0", {.tls_cert_file = a_.server_cert});
  EXPECT_EQ(half.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(half.status().message(), "--tls-cert and --tls-key go together: give both or neither");

  auto ca_only = ListenerCredentials("127.0.0.1:0", {.tls_client_ca_file = a_.ca_cert});
  EXPECT_EQ(ca_only.status().code(), absl::StatusCode::kInvalidArgument);

  auto missing = ListenerCredentials(
      "127.0.0.1:0", {.tls_cert_file = dir_.Sub("nope.crt"), .tls_key_file = a_.server_key});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(missing.status().message(),
            "--tls-cert " + dir_.Sub("nope.crt") + ": cannot read: No such file or directory");

  std::ofstream(dir_.Sub("garbage.key")) << "not a key";
  auto garbage = ListenerCredentials(
      "127.0.0.1:0", {.tls_cert_file = a_.server_cert, .tls_key_file = dir_.Sub("garbage.key")});
  EXPECT_EQ(garbage.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(garbage.status().message().find("not a PEM file"), std::string::npos);

  // A certificate with another certificate's key: found when the port is added.
  auto mismatch = IntegraServer::Start(
      {.data_dir = dir_.Sub("data"),
       .listen = "127.0.0.1:0",
       .transport = {.tls_cert_file = a_.server_cert, .tls_key_file = b_.server_key}});
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(mismatch.status().message().find("certificate does not match the key"),
            std::string::npos)
      << mismatch.status();
}

}  // namespace
}  // namespace integra::api
