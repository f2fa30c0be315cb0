// The HTTP/JSON gateway (services/http/http_gateway.h) in front of a real in-process integra
// server over a temporary RocksDB, called with cpp-httplib's client over loopback TCP: every
// RPC is reachable and guarded exactly as over gRPC, codes map to Connect's HTTP statuses,
// streams travel as NDJSON, static files are served without escaping the web root, CORS is off
// unless configured, and the audit trail names the HTTP client.
#include "services/http/http_gateway.h"

#include <httplib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "integra/v1/admin.grpc.pb.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "integra/v1/scorecard.grpc.pb.h"
#include "services/api/server.h"
#include "services/http/compression.h"
#include "services/security/permissions.h"
#include "tests/testing/api_seed.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/tls_certs.h"

namespace integra::http {
namespace {

// gzip decoding with zlib directly (independent of the gateway's encoder).
absl::StatusOr<std::string> Gunzip(const std::string& data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return absl::InternalError("inflateInit2");
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return absl::DataLossError("not a complete gzip stream");
  return out;
}

TEST(CompressionTest, AcceptsGzipUnlessRefused) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br, zstd"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.0, br"));
  EXPECT_FALSE(AcceptsGzip("x-gzip-ish"));
}

TEST(CompressionTest, GzipRoundTripsThroughZlib) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "Köln 05315 " + std::to_string(i % 17) + "\n";
  ASSERT_OK_AND_ASSIGN(std::string gz, [&]() -> absl::StatusOr<std::string> {
    auto g = Gzip(text);
    if (!g.has_value()) return absl::InternalError("gzip failed");
    return *g;
  }());
  EXPECT_LT(gz.size(), text.size() / 5);
  ASSERT_OK_AND_ASSIGN(std::string back, Gunzip(gz));
  EXPECT_EQ(back, text);
  auto empty = Gzip("");
  ASSERT_TRUE(empty.has_value());
  ASSERT_OK_AND_ASSIGN(back, Gunzip(*empty));
  EXPECT_EQ(back, "");
}

using security::Role;

// Every RPC of every integra service, from the descriptors of proto/integra/v1/*.proto
// (INTEGRA_PROTO_FILES, globbed by CMake: a new file or RPC is covered without a test change).
std::vector<const google::protobuf::MethodDescriptor*> AllIntegraMethods() {
  (void)v1::AdminService::service_full_name();
  (void)v1::ExchangeService::service_full_name();
  (void)v1::KnowledgeService::service_full_name();
  (void)v1::MonitoringService::service_full_name();
  (void)v1::ScorecardService::service_full_name();
  std::vector<const google::protobuf::MethodDescriptor*> out;
  const std::vector<std::string> files =
      absl::StrSplit(INTEGRA_PROTO_FILES, ',', absl::SkipEmpty());
  for (const std::string& name : files) {
    const google::protobuf::FileDescriptor* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    EXPECT_NE(file, nullptr) << name;
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        out.push_back(file->service(s)->method(m));
      }
    }
  }
  return out;
}

std::string PathOf(const google::protobuf::MethodDescriptor* method) {
  return absl::StrCat("/", method->service()->full_name(), "/", method->name());
}

// One gRPC call of `method` with the serialized request `request` (default: the empty
// message) and, if given, a bearer token, whatever its streaming kind.
grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     const std::string& request_bytes = "", const std::string& token = "") {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::CompletionQueue cq;
  void* tag = nullptr;
  bool ok = false;
  auto call = stub.PrepareCall(&ctx, method, &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  cq.Next(&tag, &ok);
  grpc::Slice bytes(request_bytes);
  grpc::ByteBuffer request(&bytes, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  cq.Next(&tag, &ok);
  call->WritesDone(reinterpret_cast<void*>(3));
  cq.Next(&tag, &ok);
  grpc::ByteBuffer response;
  do {
    call->Read(&response, reinterpret_cast<void*>(4));
    cq.Next(&tag, &ok);
  } while (ok);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

struct ConnectError {
  std::string code;
  std::string message;
};

// Reads {"code": ..., "message": ...} with protobuf's JSON parser (a Struct), so the test does
// not trust the gateway's own printer.
ConnectError ParseError(const std::string& body) {
  google::protobuf::Struct s;
  auto parsed = google::protobuf::util::JsonStringToMessage(body, &s);
  EXPECT_TRUE(parsed.ok()) << body;
  ConnectError e;
  if (s.fields().contains("code")) e.code = s.fields().at("code").string_value();
  if (s.fields().contains("message")) e.message = s.fields().at("message").string_value();
  EXPECT_EQ(s.fields().size(), 2u) << body;
  return e;
}

template <typename Message>
Message FromJson(const std::string& json) {
  Message m;
  auto parsed = google::protobuf::util::JsonStringToMessage(json, &m);
  EXPECT_TRUE(parsed.ok()) << parsed.message() << ": " << json;
  return m;
}

std::vector<std::string> Lines(const std::string& body) {
  return absl::StrSplit(body, '\n', absl::SkipEmpty());
}

class HttpGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(StartServer({}, {})); }
  void TearDown() override {
    gateway_.reset();
    server_.reset();
  }

  void StartServer(api::ServerOptions options, HttpOptions http) {
    gateway_.reset();
    server_.reset();
    options.data_dir = dir_.Sub("data");
    options.listen = "127.0.0.1:0";
    auto server = api::IntegraServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    admin_channel_ = testing::AdminChannel(*server_);
    admin_token_ = testing::NewToken(*server_, Role::kAdmin, "", "http-admin");
    ASSERT_NO_FATAL_FAILURE(StartGateway(std::move(http)));
  }
  void StartGateway(HttpOptions http) {
    gateway_.reset();
    http.listen = "127.0.0.1:0";
    auto gateway = HttpGateway::Start(http, server_->InProcessChannel());
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::move(*gateway);
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", gateway_->port());
    client.set_read_timeout(std::chrono::seconds(30));
    return client;
  }

  // POST `body` to `path`; `token` "" = anonymous.
  httplib::Result Post(const std::string& path, const std::string& body,
                       const std::string& token = "",
                       const std::string& content_type = "application/json",
                       httplib::Headers headers = {}) {
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return Client().Post(path.c_str(), headers, body, content_type.c_str());
  }

  // The units the tests read: Länder, Kreise, and AUSL_ANTEIL with values for four Kreise.
  void Seed() {
    auto monitoring = v1::MonitoringService::NewStub(admin_channel_);
    ASSERT_NO_FATAL_FAILURE(testing::ImportLaenderAndKreise(*monitoring));
    ASSERT_NO_FATAL_FAILURE(testing::CreateAuslAnteil(*monitoring));
    for (auto [unit, value] : std::vector<std::pair<std::string, double>>{
             {"05315", 19.5}, {"05111", 21.25}, {"05913", 17.0}, {"09162", 28.75}}) {
      v1::PutObservationRequest req;
      req.mutable_observation()->set_indicator_code("AUSL_ANTEIL");
      req.mutable_observation()->set_unit_key(unit);
      req.mutable_observation()->set_period("2021");
      req.mutable_observation()->set_value(value);
      v1::PutObservationResponse resp;
      grpc::ClientContext ctx;
      const grpc::Status s = monitoring->PutObservation(&ctx, req, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<api::IntegraServer> server_;
  std::unique_ptr<HttpGateway> gateway_;
  std::shared_ptr<grpc::Channel> admin_channel_;
  std::string admin_token_;
};

TEST(ConnectCodesTest, ConnectsTableOfHttpStatuses) {
  using C = grpc::StatusCode;
  const std::vector<std::tuple<C, int, std::string>> table = {
      {C::CANCELLED, 499, "canceled"},
      {C::UNKNOWN, 500, "unknown"},
      {C::INVALID_ARGUMENT, 400, "invalid_argument"},
      {C::DEADLINE_EXCEEDED, 504, "deadline_exceeded"},
      {C::NOT_FOUND, 404, "not_found"},
      {C::ALREADY_EXISTS, 409, "already_exists"},
      {C::PERMISSION_DENIED, 403, "permission_denied"},
      {C::RESOURCE_EXHAUSTED, 429, "resource_exhausted"},
      {C::FAILED_PRECONDITION, 400, "failed_precondition"},
      {C::ABORTED, 409, "aborted"},
      {C::OUT_OF_RANGE, 400, "out_of_range"},
      {C::UNIMPLEMENTED, 501, "unimplemented"},
      {C::INTERNAL, 500, "internal"},
      {C::UNAVAILABLE, 503, "unavailable"},
      {C::DATA_LOSS, 500, "data_loss"},
      {C::UNAUTHENTICATED, 401, "unauthenticated"}};
  for (const auto& [code, status, name] : table) {
    EXPECT_EQ(ConnectHttpStatus(code), status) << name;
    EXPECT_EQ(ConnectCodeName(code), name);
  }
  const ConnectError e = ParseError(ConnectErrorJson(C::NOT_FOUND, "unit \"05315\" fehlt"));
  EXPECT_EQ(e.code, "not_found");
  EXPECT_EQ(e.message, "unit \"05315\" fehlt");
}

TEST_F(HttpGatewayTest, EveryRpcIsReachableAndRefusesTheAnonymousCallerAsGrpcDoes) {
  const auto anonymous =
      grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  const auto methods = AllIntegraMethods();
  ASSERT_GE(methods.size(), 60u);
  for (const google::protobuf::MethodDescriptor* method : methods) {
    const std::string path = PathOf(method);
    auto res = method->client_streaming() ? Post(path, "{}\n", "", "application/x-ndjson")
                                          : Post(path, "{}");
    ASSERT_TRUE(res) << path << ": " << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 401) << path << ": " << res->body;
    const ConnectError e = ParseError(res->body);
    EXPECT_EQ(e.code, "unauthenticated") << path;
    const grpc::Status grpc_status = CallRaw(anonymous, path);
    EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << path;
    EXPECT_EQ(e.message, grpc_status.error_message()) << path;
  }
}

TEST_F(HttpGatewayTest, AnonymousReadsWhenTheServerAllowsThem) {
  ASSERT_NO_FATAL_FAILURE(StartServer({.allow_anonymous_read = true}, {}));
  ASSERT_NO_FATAL_FAILURE(Seed());
  for (const google::protobuf::MethodDescriptor* method : AllIntegraMethods()) {
    const std::string path = PathOf(method);
    const security::MethodRule* rule = security::FindRule(path);
    ASSERT_NE(rule, nullptr) << path;
    // The change feed never ends by itself: a client deadline ends it.
    httplib::Headers headers;
    if (method->name() == "WatchObservations") headers.emplace("Connect-Timeout-Ms", "500");
    auto res = method->client_streaming() ? Post(path, "{}\n", "", "application/x-ndjson", headers)
                                          : Post(path, "{}", "", "application/json", headers);
    ASSERT_TRUE(res) << path;
    if (rule->permission == security::Permission::kRead) {
      EXPECT_NE(res->status, 401) << path << ": " << res->body;
      EXPECT_NE(res->status, 403) << path << ": " << res->body;
    } else {
      EXPECT_EQ(res->status, 401) << path << ": " << res->body;
    }
  }
  // A published value, read anonymously.
  auto res = Post("/integra.v1.MonitoringService/GetObservation",
                  R"({"indicatorCode":"AUSL_ANTEIL","unitKey":"05315","period":"2021"})");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_DOUBLE_EQ(FromJson<v1::Observation>(res->body).value(), 19.5);
}

TEST_F(HttpGatewayTest, UnaryWriteThenReadRoundTripsAndMatchesGrpc) {
  auto put = Post("/integra.v1.MonitoringService/UpsertUnit",
                  R"({"unit":{"key":"05","name":"Nordrhein-Westfalen"}})", admin_token_);
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(put->get_header_value("Content-Type"), "application/json");
  const v1::Unit written = FromJson<v1::Unit>(put->body);
  EXPECT_EQ(written.key(), "05");
  EXPECT_EQ(written.type(), v1::UNIT_TYPE_LAND);  // derived by the server

  auto get = Post("/integra.v1.MonitoringService/GetUnit", R"({"key":"05"})", admin_token_);
  ASSERT_TRUE(get);
  ASSERT_EQ(get->status, 200) << get->body;
  // lowerCamelCase names and enum names (canonical JSON), defaults left out.
  EXPECT_TRUE(absl::StrContains(get->body, R"("parentKey":"DG")")) << get->body;
  EXPECT_TRUE(absl::StrContains(get->body, R"("type":"UNIT_TYPE_LAND")")) << get->body;
  EXPECT_FALSE(absl::StrContains(get->body, "population")) << get->body;

  v1::GetUnitRequest req;
  req.set_key("05");
  v1::Unit over_grpc;
  grpc::ClientContext ctx;
  ASSERT_TRUE(v1::MonitoringService::NewStub(admin_channel_)->GetUnit(&ctx, req, &over_grpc).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(FromJson<v1::Unit>(get->body), over_grpc));
}

TEST_F(HttpGatewayTest, StatusCodesMapToConnectsHttpStatuses) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string reader = testing::NewToken(*server_, Role::kReader, "05", "reader");
  struct Case {
    std::string path, body, token;
    int http;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"/integra.v1.MonitoringService/GetIndicator", R"({"code":"NO_SUCH"})", admin_token_, 404,
       "not_found"},
      {"/integra.v1.MonitoringService/GetUnit", R"({"key":"99999"})", admin_token_, 400,
       "invalid_argument"},
      {"/integra.v1.MonitoringService/UpsertUnit", R"({"unit":{"key":"06","name":"Hessen"}})",
       reader, 403, "permission_denied"},
      {"/integra.v1.MonitoringService/GetUnit", R"({"key":"05"})", "itk_not-a-token", 401,
       "unauthenticated"},
      {"/integra.v1.MonitoringService/CreateIndicator",
       R"({"indicator":{"code":"AUSL_ANTEIL","nameDe":"Ausländeranteil","unit":"MEASURE_UNIT_PERCENT","polarity":"POLARITY_NEUTRAL"}})",
       admin_token_, 409, "already_exists"},
  };
  const auto plain = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  for (const Case& c : cases) {
    auto res = Post(c.path, c.body, c.token);
    ASSERT_TRUE(res) << c.path;
    EXPECT_EQ(res->status, c.http) << c.path << " " << c.body << ": " << res->body;
    const ConnectError e = ParseError(res->body);
    EXPECT_EQ(e.code, c.code) << res->body;
    EXPECT_FALSE(e.message.empty());
    // The same request over gRPC: the same refusal, word for word.
    const std::vector<std::string> parts = absl::StrSplit(c.path, '/');
    const google::protobuf::MethodDescriptor* method =
        google::protobuf::DescriptorPool::generated_pool()
            ->FindServiceByName(parts[1])
            ->FindMethodByName(parts[2]);
    std::unique_ptr<google::protobuf::Message> request(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method->input_type())
            ->New());
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(c.body, request.get()).ok());
    const grpc::Status over_grpc = CallRaw(plain, c.path, request->SerializeAsString(), c.token);
    EXPECT_EQ(ConnectCodeName(over_grpc.error_code()), c.code) << c.path;
    EXPECT_EQ(e.message, over_grpc.error_message()) << c.path;
  }
}

TEST_F(HttpGatewayTest, SearchUnitsFindsKoelnHoweverItIsTyped) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  for (const std::string query : {"Koln", "Koeln", "köln", "KÖLN"}) {
    auto res = Post("/integra.v1.MonitoringService/SearchUnits",
                    absl::StrCat(R"({"query":")", query, R"(","limit":5})"), admin_token_);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const auto found = FromJson<v1::SearchUnitsResponse>(res->body);
    ASSERT_GE(found.units_size(), 1) << query;
    EXPECT_EQ(found.units(0).key(), "05315") << query;
    EXPECT_EQ(found.units(0).level(), v1::UNIT_LEVEL_KREIS);
  }
  auto res = Post("/integra.v1.MonitoringService/SearchUnits",
                  R"({"query":"05315","level":"UNIT_LEVEL_KREIS"})", admin_token_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(absl::StartsWith(res->body, R"({"units":[{"key":"05315","name":"Köln, Stadt")"))
      << res->body;
  res = Post("/integra.v1.MonitoringService/SearchUnits", R"({"query":""})", admin_token_);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(HttpGatewayTest, ComparePeersListsThePeersMaskedForTheCaller) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  // Düsseldorf's value is confidential: only tokens whose scope covers 05111 see it.
  auto put = Post("/integra.v1.MonitoringService/PutObservation",
                  R"({"observation":{"indicatorCode":"AUSL_ANTEIL","unitKey":"05111",)"
                  R"("period":"2021","value":30,"flags":["OBSERVATION_FLAG_SUPPRESSED"]}})",
                  admin_token_);
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  const std::string request =
      R"({"indicatorCode":"AUSL_ANTEIL","unitKey":"05315","period":"2021","includePeers":true})";
  const std::string inside = testing::NewToken(*server_, Role::kReader, "05111", "duesseldorf");
  const std::string outside = testing::NewToken(*server_, Role::kReader, "09", "bayern");
  for (const auto& [token, sees] : std::vector<std::pair<std::string, bool>>{
           {inside, true}, {outside, false}, {admin_token_, true}}) {
    auto res = Post("/integra.v1.MonitoringService/ComparePeers", request, token);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const auto compared = FromJson<v1::ComparePeersResponse>(res->body);
    ASSERT_EQ(compared.peers_size(), compared.peer_count());
    bool self = false;
    bool duesseldorf = false;
    for (const v1::ComparePeerRow& row : compared.peers()) {
      EXPECT_FALSE(row.name().empty()) << row.unit_key();
      if (row.unit_key() == "05315") {
        self = true;
        EXPECT_DOUBLE_EQ(row.value(), 19.5);
        EXPECT_EQ(row.rank(), compared.rank());
      }
      if (row.unit_key() == "05111") {
        duesseldorf = true;
        EXPECT_EQ(row.has_value(), sees) << res->body;
        if (sees) {
          EXPECT_DOUBLE_EQ(row.value(), 30);
        }
        ASSERT_EQ(row.flags_size(), 1);
        EXPECT_EQ(row.flags(0), v1::OBSERVATION_FLAG_SUPPRESSED);
        EXPECT_FALSE(row.has_rank());  // not in the statistics, for anyone
      }
    }
    EXPECT_TRUE(self && duesseldorf) << res->body;
    // The same call over gRPC gives the same answer.
    v1::ComparePeersRequest req = FromJson<v1::ComparePeersRequest>(request);
    v1::ComparePeersResponse over_grpc;
    grpc::ClientContext ctx;
    const auto channel = testing::TokenChannel(server_->address(), token);
    ASSERT_TRUE(v1::MonitoringService::NewStub(channel)->ComparePeers(&ctx, req, &over_grpc).ok());
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(compared, over_grpc));
  }
}

TEST_F(HttpGatewayTest, MalformedJsonIsInvalidArgumentNamingTheProblem) {
  for (const auto& [body, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"key":)", "not a valid integra.v1.GetUnitRequest in JSON"},
           {R"({"kee":"05"})", "kee"},
           {R"({"key":5})", "key"},
           {"nonsense", "not a valid integra.v1.GetUnitRequest in JSON"}}) {
    auto res = Post("/integra.v1.MonitoringService/GetUnit", body, admin_token_);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    const ConnectError e = ParseError(res->body);
    EXPECT_EQ(e.code, "invalid_argument");
    EXPECT_TRUE(absl::StrContains(e.message, expected)) << body << " -> " << e.message;
  }
  // NDJSON: the bad line is named.
  auto res = Post("/integra.v1.MonitoringService/IngestObservations", "{\"rows\":[]}\n{\"rows\":\n",
                  admin_token_, "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(absl::StrContains(ParseError(res->body).message, "line 2")) << res->body;
}

TEST_F(HttpGatewayTest, UnknownMethodsAndServicesAre404WithThePath) {
  for (const std::string path :
       {"/integra.v1.MonitoringService/NoSuchMethod", "/integra.v1.NoSuchService/GetUnit",
        "/grpc.health.v1.Health/Check", "/v1/units", "/"}) {
    auto res = Post(path, "{}", admin_token_);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    const ConnectError e = ParseError(res->body);
    EXPECT_EQ(e.code, "not_found");
    EXPECT_TRUE(absl::StrContains(e.message, path)) << e.message;
  }
}

TEST_F(HttpGatewayTest, WrongContentTypeIs415) {
  auto res =
      Post("/integra.v1.MonitoringService/GetUnit", R"({"key":"05"})", admin_token_, "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
  EXPECT_EQ(res->get_header_value("Accept-Post"), "application/json");
  EXPECT_TRUE(absl::StrContains(ParseError(res->body).message, "application/json"));
  // With parameters it is still JSON.
  res = Post("/integra.v1.MonitoringService/GetUnit", R"({"key":"99"})", admin_token_,
             "application/json; charset=utf-8");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);  // reached the server: Land 99 does not exist
}

TEST_F(HttpGatewayTest, ConnectTimeoutMsMustBeANumber) {
  auto res = Post("/integra.v1.MonitoringService/GetUnit", R"({"key":"05"})", admin_token_,
                  "application/json", {{"Connect-Timeout-Ms", "soon"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(absl::StrContains(ParseError(res->body).message, "Connect-Timeout-Ms"));
}

TEST_F(HttpGatewayTest, ExportStreamsNdjsonEqualToTheGrpcStream) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string request = R"({"indicatorCodes":["AUSL_ANTEIL"]})";
  auto res = Post("/integra.v1.ExchangeService/ExportObservations", request, admin_token_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/x-ndjson");
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
  std::vector<v1::Observation> over_http;
  for (const std::string& line : Lines(res->body)) {
    ASSERT_FALSE(absl::StrContains(line, "\"error\"")) << line;
    const auto chunk = FromJson<v1::ExportObservationsResponse>(line);
    over_http.insert(over_http.end(), chunk.rows().begin(), chunk.rows().end());
  }
  {
    // Never compressed: a compressor would hold lines back (a live watch would stall).
    httplib::Client client("127.0.0.1", gateway_->port());
    client.set_decompress(false);
    auto raw = client.Post("/integra.v1.ExchangeService/ExportObservations",
                           {{"Authorization", "Bearer " + admin_token_},
                            {"Accept-Encoding", "br, gzip"}},
                           request, "application/json");
    ASSERT_TRUE(raw);
    EXPECT_FALSE(raw->has_header("Content-Encoding"));
    EXPECT_EQ(raw->body, res->body);
  }
  std::vector<v1::Observation> over_grpc;
  v1::ExportObservationsRequest req = FromJson<v1::ExportObservationsRequest>(request);
  grpc::ClientContext ctx;
  auto reader = v1::ExchangeService::NewStub(admin_channel_)->ExportObservations(&ctx, req);
  v1::ExportObservationsResponse chunk;
  while (reader->Read(&chunk)) {
    for (const auto& row : chunk.rows()) over_grpc.push_back(row);
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(over_http.size(), 4u);
  ASSERT_EQ(over_http.size(), over_grpc.size());
  for (size_t i = 0; i < over_http.size(); ++i) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(over_http[i], over_grpc[i]))
        << over_http[i].ShortDebugString() << " vs " << over_grpc[i].ShortDebugString();
  }
}

TEST_F(HttpGatewayTest, AnErrorInsideAStreamIsTheLastLine) {
  // The watch sends its backlog, then waits; the client's deadline ends it mid-stream.
  ASSERT_NO_FATAL_FAILURE(Seed());
  auto res = Post("/integra.v1.ExchangeService/WatchObservations", "{}", admin_token_,
                  "application/json", {{"Connect-Timeout-Ms", "300"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::vector<std::string> lines = Lines(res->body);
  ASSERT_GE(lines.size(), 2u) << res->body;
  EXPECT_TRUE(FromJson<v1::WatchObservationsResponse>(lines.front()).changes_size() > 0);
  google::protobuf::Struct last = FromJson<google::protobuf::Struct>(lines.back());
  ASSERT_TRUE(last.fields().contains("error")) << lines.back();
  EXPECT_EQ(last.fields().at("error").struct_value().fields().at("code").string_value(),
            "deadline_exceeded");
}

TEST_F(HttpGatewayTest, ShutdownEndsAnOpenWatchWithItsResumePoint) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  std::string received;
  std::atomic<bool> caught_up = false;
  std::thread watcher([&] {
    httplib::Client client = Client();
    httplib::Request req;
    req.method = "POST";
    req.path = "/integra.v1.ExchangeService/WatchObservations";
    req.headers = {{"Authorization", "Bearer " + admin_token_},
                   {"Content-Type", "application/json"}};
    req.body = "{}";
    req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
      received.append(data, n);
      if (absl::StrContains(received, "caughtUp")) caught_up = true;
      return true;
    };
    (void)client.send(req);
  });
  while (!caught_up) std::this_thread::yield();  // the watch is open and waiting
  server_->Shutdown(5);
  gateway_->Shutdown();
  watcher.join();
  const std::vector<std::string> lines = Lines(received);
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(absl::StrContains(lines.back(), R"("code":"unavailable")")) << received;
  EXPECT_TRUE(absl::StrContains(lines.back(), "after_sequence=4")) << lines.back();
}

TEST_F(HttpGatewayTest, GatewayShutdownCancelsAnOpenWatchWithALastLine) {
  std::string received;
  std::atomic<bool> caught_up = false;
  std::thread watcher([&] {
    httplib::Client client = Client();
    httplib::Request req;
    req.method = "POST";
    req.path = "/integra.v1.ExchangeService/WatchObservations";
    req.headers = {{"Authorization", "Bearer " + admin_token_},
                   {"Content-Type", "application/json"}};
    req.body = "{}";
    req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
      received.append(data, n);
      if (absl::StrContains(received, "caughtUp")) caught_up = true;
      return true;
    };
    (void)client.send(req);
  });
  while (!caught_up) std::this_thread::yield();
  gateway_->Shutdown();
  watcher.join();
  const std::vector<std::string> lines = Lines(received);
  ASSERT_EQ(lines.size(), 2u) << received;
  EXPECT_TRUE(absl::StrContains(lines.back(), R"({"error":{"code":"canceled")")) << received;
}

TEST_F(HttpGatewayTest, ClientStreamingIngestTakesNdjson) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string body =
      R"({"rows":[{"indicatorCode":"AUSL_ANTEIL","unitKey":"05315","period":"2022","value":20.5}]})"
      "\n\n"
      R"({"rows":[{"indicatorCode":"AUSL_ANTEIL","unitKey":"05111","period":"2022","value":22},)"
      R"({"indicatorCode":"AUSL_ANTEIL","unitKey":"99999","period":"2022","value":1}]})"
      "\n";
  auto res = Post("/integra.v1.MonitoringService/IngestObservations", body, admin_token_,
                  "application/x-ndjson");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto response = FromJson<v1::IngestObservationsResponse>(res->body);
  ASSERT_EQ(response.batches_size(), 2);
  EXPECT_TRUE(response.batches(0).applied());
  EXPECT_FALSE(response.batches(1).applied());  // one bad row refuses its batch
  EXPECT_EQ(response.rows_accepted(), 1);

  v1::GetObservationRequest req;
  req.set_indicator_code("AUSL_ANTEIL");
  req.set_unit_key("05315");
  req.set_period("2022");
  v1::Observation obs;
  grpc::ClientContext ctx;
  ASSERT_TRUE(v1::MonitoringService::NewStub(admin_channel_)->GetObservation(&ctx, req, &obs).ok());
  EXPECT_DOUBLE_EQ(obs.value(), 20.5);

  // The bidi import answers one line per batch.
  res = Post(
      "/integra.v1.ExchangeService/ImportObservations",
      R"({"rows":[{"indicatorCode":"AUSL_ANTEIL","unitKey":"05913","period":"2022","value":18}]})"
      "\n"
      R"({"rows":[{"indicatorCode":"AUSL_ANTEIL","unitKey":"09162","period":"2022","value":29}]})",
      admin_token_, "application/x-ndjson");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/x-ndjson");
  EXPECT_EQ(Lines(res->body).size(), 2u) << res->body;
}

TEST_F(HttpGatewayTest, TheAuditTrailNamesTheHttpClientAndCannotBeForged) {
  auto put = Post("/integra.v1.MonitoringService/UpsertUnit",
                  R"({"unit":{"key":"05","name":"Nordrhein-Westfalen"}})", admin_token_);
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200);
  // A gRPC client sending the gateway's header is not believed.
  {
    v1::UpsertUnitRequest req;
    req.mutable_unit()->set_key("06");
    req.mutable_unit()->set_name("Hessen");
    v1::Unit unit;
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-integra-forwarded-peer", "0000 forged");
    ASSERT_TRUE(v1::MonitoringService::NewStub(admin_channel_)->UpsertUnit(&ctx, req, &unit).ok());
  }
  v1::ListAuditRequest req;
  v1::ListAuditResponse audit;
  grpc::ClientContext ctx;
  ASSERT_TRUE(v1::AdminService::NewStub(admin_channel_)->ListAudit(&ctx, req, &audit).ok());
  std::set<std::string> peers;
  for (const auto& r : audit.records()) {
    if (!r.unit_keys().empty()) peers.insert(r.unit_keys(0) + " " + r.peer());
  }
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_TRUE(absl::StartsWith(*peers.begin(), "05 http 127.0.0.1:")) << *peers.begin();
  EXPECT_TRUE(absl::StartsWith(*peers.rbegin(), "06 ipv4:127.0.0.1:")) << *peers.rbegin();
}

TEST_F(HttpGatewayTest, BodiesOverTheLimitAre413) {
  ASSERT_NO_FATAL_FAILURE(StartGateway({.max_body_bytes = 1024}));
  auto res = Post("/integra.v1.MonitoringService/GetUnit",
                  absl::StrCat(R"({"key":")", std::string(2000, '1'), R"("})"), admin_token_);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(ParseError(res->body).code, "resource_exhausted");
}

TEST_F(HttpGatewayTest, HealthzAndThePageWithoutADashboard) {
  auto res = Client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "ok\n");
  res = Client().Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(absl::StrContains(res->body, "Dashboard ist nicht gebaut")) << res->body;
  EXPECT_TRUE(absl::StrContains(res->body, "dashboard is not built"));
  EXPECT_FALSE(gateway_->serves_web_root());
}

TEST_F(HttpGatewayTest, ServesTheWebRootAndNothingOutsideIt) {
  const std::filesystem::path root = dir_.Sub("site/dist");
  std::filesystem::create_directories(root / "assets");
  std::ofstream(root / "index.html") << "<!doctype html><title>integra</title>";
  std::string script;
  for (int i = 0; i < 300; ++i) script += "console.log(" + std::to_string(i) + ");\n";
  std::ofstream(root / "assets" / "app-1a2b3c.js") << script;
  std::ofstream(root / "assets" / "tiny-4d5e6f.js") << "console.log(1);";
  std::ofstream(root / "kreise.geojson") << R"({"type":"FeatureCollection","features":[]})";
  std::ofstream(dir_.Sub("site/secret.txt")) << "outside the web root";
  ASSERT_NO_FATAL_FAILURE(StartGateway({.web_root = root.string()}));
  ASSERT_TRUE(gateway_->serves_web_root());

  auto res = Client().Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<!doctype html><title>integra</title>");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  res = Client().Get("/assets/app-1a2b3c.js");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/javascript; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(res->body, script);
  {
    // gzip (made once, kept in memory) when the client accepts it, as browsers do; also when it
    // prefers brotli, and never twice. A tiny file goes as it is.
    httplib::Client client("127.0.0.1", gateway_->port());
    client.set_decompress(false);
    res = client.Get("/assets/app-1a2b3c.js", {{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding");
    EXPECT_LT(res->body.size(), script.size() / 3);
    ASSERT_OK_AND_ASSIGN(std::string inflated, Gunzip(res->body));
    EXPECT_EQ(inflated, script);
    res = client.Get("/assets/app-1a2b3c.js", {{"Accept-Encoding", "br"}});
    ASSERT_TRUE(res);
    EXPECT_FALSE(res->has_header("Content-Encoding"));
    EXPECT_EQ(res->body, script);
    res = client.Get("/assets/tiny-4d5e6f.js", {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(res);
    EXPECT_FALSE(res->has_header("Content-Encoding"));
    EXPECT_EQ(res->body, "console.log(1);");
  }
  {
    // index.html is revalidated: 304 for the same ETag, the new content once the file changed.
    res = Client().Get("/index.html");
    ASSERT_TRUE(res);
    const std::string etag = res->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    res = Client().Get("/index.html", {{"If-None-Match", etag}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 304);
    std::ofstream(root / "index.html") << "<!doctype html><title>integra 2</title>";
    res = Client().Get("/", {{"If-None-Match", etag}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "<!doctype html><title>integra 2</title>");
    std::ofstream(root / "index.html") << "<!doctype html><title>integra</title>";
  }
  res = Client().Get("/kreise.geojson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/geo+json; charset=utf-8");
  res = Client().Get("/missing.js");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  // The API still answers beside the files.
  EXPECT_EQ(Post("/integra.v1.MonitoringService/GetUnit", "{}")->status, 401);

  // Traversal, raw on the socket (a client library would normalise the path).
  for (const std::string path : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt",
                                 "/assets/%2E%2E/%2E%2E/secret.txt", "/..%2fsecret.txt"}) {
    httplib::Client client("127.0.0.1", gateway_->port());
    httplib::Request req;
    req.method = "GET";
    req.path = path;
    auto raw = client.send(req);
    ASSERT_TRUE(raw) << path;
    EXPECT_NE(raw->status, 200) << path;
    EXPECT_FALSE(absl::StrContains(raw->body, "outside the web root")) << path;
  }
}

TEST_F(HttpGatewayTest, LargeJsonAnswersAreGzippedWhenAccepted) {
  ASSERT_NO_FATAL_FAILURE(StartGateway({}));
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string request = R"({"level":"UNIT_LEVEL_KREIS","pageSize":200})";
  httplib::Client client("127.0.0.1", gateway_->port());
  client.set_decompress(false);
  const httplib::Headers auth = {{"Authorization", "Bearer " + admin_token_}};
  auto plain = client.Post("/integra.v1.MonitoringService/ListUnits", auth, request,
                           "application/json");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200) << plain->body;
  ASSERT_GT(plain->body.size(), kMinCompressBytes);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->get_header_value("Content-Type"), "application/json; charset=utf-8");
  httplib::Headers gzip = auth;
  gzip.emplace("Accept-Encoding", "gzip, deflate, br");
  auto packed = client.Post("/integra.v1.MonitoringService/ListUnits", gzip, request,
                            "application/json");
  ASSERT_TRUE(packed);
  ASSERT_EQ(packed->status, 200);
  EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(packed->body.size(), plain->body.size() / 3);
  ASSERT_OK_AND_ASSIGN(std::string inflated, Gunzip(packed->body));
  EXPECT_EQ(inflated, plain->body);
  // A small answer (an error) keeps the plain Connect content type.
  auto small = client.Post("/integra.v1.MonitoringService/GetUnit", auth, R"({"key":"05999"})",
                           "application/json");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 404);
  EXPECT_EQ(small->get_header_value("Content-Type"), "application/json");
}

TEST_F(HttpGatewayTest, CorsIsOffByDefault) {
  httplib::Headers preflight = {{"Origin", "https://statistik.example.de"},
                                {"Access-Control-Request-Method", "POST"},
                                {"Access-Control-Request-Headers", "authorization,content-type"}};
  auto res = Client().Options("/integra.v1.MonitoringService/GetUnit", preflight);
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
  res = Post("/integra.v1.MonitoringService/GetUnit", "{}", "", "application/json",
             {{"Origin", "https://statistik.example.de"}});
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
}

TEST_F(HttpGatewayTest, CorsAnswersTheConfiguredOriginOnly) {
  ASSERT_NO_FATAL_FAILURE(StartGateway({.cors_origin = "https://statistik.example.de"}));
  httplib::Headers preflight = {{"Origin", "https://statistik.example.de"},
                                {"Access-Control-Request-Method", "POST"},
                                {"Access-Control-Request-Headers", "authorization,content-type"}};
  auto res = Client().Options("/integra.v1.MonitoringService/GetUnit", preflight);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "https://statistik.example.de");
  EXPECT_TRUE(
      absl::StrContains(res->get_header_value("Access-Control-Allow-Headers"), "Authorization"));
  EXPECT_TRUE(absl::StrContains(res->get_header_value("Access-Control-Allow-Methods"), "POST"));
  res = Post("/integra.v1.MonitoringService/GetUnit", R"({"key":"05"})", admin_token_,
             "application/json", {{"Origin", "https://statistik.example.de"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "https://statistik.example.de");
  // Another origin gets nothing.
  preflight.erase("Origin");
  preflight.emplace("Origin", "https://evil.example");
  res = Client().Options("/integra.v1.MonitoringService/GetUnit", preflight);
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
}

TEST_F(HttpGatewayTest, PlaintextOnANonLoopbackAddressIsRefused) {
  auto gateway = HttpGateway::Start({.listen = "0.0.0.0:0"}, server_->InProcessChannel());
  ASSERT_FALSE(gateway.ok());
  EXPECT_EQ(gateway.status().code(), absl::StatusCode::kFailedPrecondition);
  gateway = HttpGateway::Start({.listen = "no-port"}, server_->InProcessChannel());
  EXPECT_EQ(gateway.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(HttpGatewayTest, HttpsWithMutualTls) {
  auto files = testing::MakeTlsFiles(dir_.path(), "http");
  ASSERT_TRUE(files.ok()) << files.status();
  HttpOptions http;
  http.transport = {.tls_cert_file = files->server_cert,
                    .tls_key_file = files->server_key,
                    .tls_client_ca_file = files->ca_cert};
  ASSERT_NO_FATAL_FAILURE(StartGateway(http));
  EXPECT_TRUE(absl::StartsWith(gateway_->url(), "https://127.0.0.1:"));
  {
    httplib::SSLClient client("127.0.0.1", gateway_->port(), files->client_cert, files->client_key);
    client.set_ca_cert_path(files->ca_cert.c_str());
    client.enable_server_certificate_verification(true);
    auto res = client.Post("/integra.v1.MonitoringService/GetUnit",
                           {{"Authorization", "Bearer " + admin_token_}}, R"({"key":"99"})",
                           "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 400);  // reached the server over HTTPS
  }
  {
    httplib::SSLClient client("127.0.0.1", gateway_->port());  // no client certificate
    client.set_ca_cert_path(files->ca_cert.c_str());
    client.enable_server_certificate_verification(true);
    auto res = client.Get("/healthz");
    EXPECT_FALSE(res);
  }
}

}  // namespace
}  // namespace integra::http
