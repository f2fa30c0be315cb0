// Operations against a real in-process server and HTTP gateway: /metrics scraped and parsed,
// /readyz, the metrics token, the request log (and that no token secret reaches it), and the
// per-service gRPC health status.
#include <httplib.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "services/http/http_gateway.h"
#include "tests/testing/api_seed.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// ---------------------------------------------------------------- a Prometheus text parser

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};
struct Exposition {
  std::map<std::string, std::string> help;  // family -> help text
  std::map<std::string, std::string> type;  // family -> counter | gauge | histogram
  std::vector<Sample> samples;
  // The value of the one sample named `name` with exactly `labels`; -1 if there is none.
  double Value(const std::string& name, const std::map<std::string, std::string>& labels = {}) {
    for (const Sample& s : samples) {
      if (s.name == name && s.labels == labels) return s.value;
    }
    return -1;
  }
};

// The family a sample belongs to: a histogram's _bucket, _sum and _count samples belong to
// the histogram.
std::string FamilyOf(const std::string& sample, const Exposition& e) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    if (absl::EndsWith(sample, suffix)) {
      std::string base = sample.substr(0, sample.size() - std::strlen(suffix));
      auto it = e.type.find(base);
      if (it != e.type.end() && it->second == "histogram") return base;
    }
  }
  return sample;
}

bool ValidName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != ':') return false;
  }
  return true;
}

// Parses the text format strictly; every violation is a test failure naming the line.
Exposition Parse(const std::string& text) {
  Exposition e;
  EXPECT_TRUE(absl::EndsWith(text, "\n"));
  int line_no = 0;
  for (absl::string_view line_view : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    const std::string line(line_view);
    ++line_no;
    if (absl::StartsWith(line, "# HELP ") || absl::StartsWith(line, "# TYPE ")) {
      const std::string rest = line.substr(7);
      const size_t space = rest.find(' ');
      EXPECT_NE(space, std::string::npos) << line;
      const std::string name = rest.substr(0, space);
      EXPECT_TRUE(ValidName(name)) << line;
      auto& map = line[2] == 'H' ? e.help : e.type;
      EXPECT_FALSE(map.contains(name)) << "repeated: " << line;
      map[name] = rest.substr(space + 1);
      if (line[2] == 'T') {
        EXPECT_TRUE(e.help.contains(name)) << "TYPE before HELP: " << line;
        const std::string& type = map[name];
        EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
        if (type == "counter") {
          EXPECT_TRUE(absl::EndsWith(name, "_total")) << line;
        }
      }
      continue;
    }
    EXPECT_NE(line[0], '#') << "unexpected comment: " << line;
    Sample s;
    size_t pos = line.find_first_of("{ ");
    s.name = line.substr(0, pos);
    EXPECT_TRUE(ValidName(s.name)) << line;
    if (pos != std::string::npos && line[pos] == '{') {
      ++pos;
      while (line[pos] != '}') {
        const size_t eq = line.find("=\"", pos);
        EXPECT_NE(eq, std::string::npos) << line;
        if (eq == std::string::npos) break;
        const std::string key = line.substr(pos, eq - pos);
        EXPECT_TRUE(ValidName(key)) << line;
        std::string value;
        size_t i = eq + 2;
        for (; i < line.size() && line[i] != '"'; ++i) {
          if (line[i] == '\\') {
            ++i;
            value += line[i] == 'n' ? '\n' : line[i];
          } else {
            value += line[i];
          }
        }
        s.labels[key] = value;
        pos = i + 1;
        if (line[pos] == ',') ++pos;
      }
      ++pos;
    }
    const std::string number = line.substr(pos + 1);
    if (number == "+Inf") {
      s.value = std::numeric_limits<double>::infinity();
    } else {
      EXPECT_TRUE(absl::SimpleAtod(number, &s.value)) << line;
    }
    const std::string family = FamilyOf(s.name, e);
    EXPECT_TRUE(e.type.contains(family)) << "sample before its TYPE: " << line;
    e.samples.push_back(std::move(s));
  }
  return e;
}

// ---------------------------------------------------------------- the fixture

class OperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_file_ = dir_.Sub("integrad.log");
    ASSERT_TRUE(common::ConfigureLogging(common::LogFormat::kJson, "info", log_file_).ok());
  }
  void TearDown() override {
    gateway_.reset();
    server_.reset();
    ASSERT_TRUE(common::ConfigureLogging(common::LogFormat::kText, "warn").ok());
  }
  void Start(const std::string& metrics_token = "") {
    api::ServerOptions options;
    options.data_dir = dir_.Sub("data");
    options.listen = "127.0.0.1:0";
    auto server = api::IntegraServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    http::HttpOptions http;
    http.listen = "127.0.0.1:0";
    api::IntegraServer* running = server_.get();
    http.ops.ready = [running] { return running->ready(); };
    http.ops.metrics = [running] { return running->MetricsText(); };
    http.ops.metrics_token = metrics_token;
    auto gateway = http::HttpGateway::Start(http, server_->InProcessChannel());
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::move(*gateway);
  }
  httplib::Result Get(const std::string& path, const std::string& bearer = "") {
    httplib::Client client("127.0.0.1", gateway_->port());
    httplib::Headers headers;
    if (!bearer.empty()) headers.emplace("Authorization", "Bearer " + bearer);
    return client.Get(path, headers);
  }
  Exposition Scrape() {
    auto res = Get("/metrics");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    return Parse(res->body);
  }
  std::string ReadLog() {
    std::ifstream in(log_file_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  testing::TempDir dir_;
  std::string log_file_;
  std::unique_ptr<api::IntegraServer> server_;
  std::unique_ptr<http::HttpGateway> gateway_;
};

grpc::Status GetUnit(const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
                     const std::string& request_id = "") {
  grpc::ClientContext ctx;
  if (!request_id.empty()) ctx.AddMetadata("x-request-id", request_id);
  v1::GetUnitRequest req;
  req.set_key(key);
  v1::Unit unit;
  return v1::MonitoringService::NewStub(channel)->GetUnit(&ctx, req, &unit);
}

// ---------------------------------------------------------------- metrics

TEST_F(OperationsTest, MetricsCountCallsByStatusAndParse) {
  ASSERT_NO_FATAL_FAILURE(Start());
  const std::string secret = testing::NewToken(*server_, security::Role::kAdmin);
  auto channel = testing::TokenChannel(server_->address(), secret);
  auto monitoring = v1::MonitoringService::NewStub(channel);
  ASSERT_NO_FATAL_FAILURE(testing::ImportLaenderAndKreise(*monitoring));
  ASSERT_NO_FATAL_FAILURE(testing::CreateAuslAnteil(*monitoring));
  // Three observations written, one of them twice with the same content (not a new row).
  for (const char* unit : {"05", "09", "05"}) {
    v1::PutObservationRequest req;
    v1::Observation* o = req.mutable_observation();
    o->set_indicator_code("AUSL_ANTEIL");
    o->set_unit_key(unit);
    o->set_period("2023");
    o->set_value(12.5);
    o->set_source("INKAR");
    grpc::ClientContext ctx;
    v1::PutObservationResponse resp;
    ASSERT_TRUE(monitoring->PutObservation(&ctx, req, &resp).ok());
  }
  for (int i = 0; i < 3; ++i) EXPECT_EQ(GetUnit(channel, "01001000").error_code(), grpc::NOT_FOUND);
  EXPECT_TRUE(GetUnit(channel, "05").ok());
  EXPECT_EQ(GetUnit(grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()),
                    "05")
                .error_code(),
            grpc::UNAUTHENTICATED);

  Exposition e = Scrape();
  const std::string get_unit = "/integra.v1.MonitoringService/GetUnit";
  EXPECT_EQ(e.Value("integra_rpc_requests_total", {{"method", get_unit}, {"code", "NOT_FOUND"}}),
            3);
  EXPECT_EQ(e.Value("integra_rpc_requests_total", {{"method", get_unit}, {"code", "OK"}}), 1);
  EXPECT_EQ(
      e.Value("integra_rpc_requests_total", {{"method", get_unit}, {"code", "UNAUTHENTICATED"}}),
      1);
  EXPECT_EQ(e.Value("integra_rpc_requests_total",
                    {{"method", "/integra.v1.MonitoringService/PutObservation"}, {"code", "OK"}}),
            3);
  // The histogram: cumulative buckets, +Inf = count = the calls counted above.
  EXPECT_EQ(e.type["integra_rpc_duration_seconds"], "histogram");
  double previous = 0;
  int buckets = 0;
  for (const Sample& s : e.samples) {
    if (s.name != "integra_rpc_duration_seconds_bucket" || s.labels.at("method") != get_unit) {
      continue;
    }
    EXPECT_GE(s.value, previous) << s.labels.at("le");
    previous = s.value;
    ++buckets;
  }
  EXPECT_EQ(buckets, static_cast<int>(common::RpcMetrics::kBuckets.size()) + 1);
  EXPECT_EQ(previous, 5);  // le="+Inf"
  EXPECT_EQ(e.Value("integra_rpc_duration_seconds_count", {{"method", get_unit}}), 5);
  EXPECT_GE(e.Value("integra_rpc_duration_seconds_sum", {{"method", get_unit}}), 0);
  // Two cells written; the third put changed nothing.
  EXPECT_EQ(e.type["integra_ingest_rows_total"], "counter");
  EXPECT_EQ(e.Value("integra_ingest_rows_total"), 2);
  EXPECT_EQ(e.Value("integra_open_streams", {{"kind", "export"}}), 0);
  EXPECT_EQ(e.Value("integra_open_streams", {{"kind", "watch"}}), 0);
  EXPECT_EQ(e.Value("integra_ready"), 1);
  // The block cache: 256 MiB + the default 64 MiB for cross-sections; reads went through it.
  EXPECT_EQ(e.Value("integra_rocksdb_block_cache_capacity_bytes"), (256 + 64) << 20);
  EXPECT_GE(e.Value("integra_rocksdb_block_cache_hits_total") +
                e.Value("integra_rocksdb_block_cache_misses_total"),
            0);
  const double ratio = e.Value("integra_rocksdb_block_cache_hit_ratio");
  EXPECT_GE(ratio, 0);
  EXPECT_LE(ratio, 1);
  EXPECT_GE(e.Value("integra_rocksdb_pending_compaction_bytes"), 0);
  EXPECT_GE(e.Value("integra_rocksdb_live_data_bytes"), 0);
  // RSS: more than the 10 MiB any process with gRPC and RocksDB loaded holds.
  EXPECT_GT(e.Value("process_resident_memory_bytes"), 10 << 20);
  // Every family has HELP and TYPE (the parser checked the order).
  for (const auto& [name, type] : e.type) EXPECT_TRUE(e.help.contains(name)) << name;

  // A call through the HTTP gateway counts the same way (the same server path).
  httplib::Client client("127.0.0.1", gateway_->port());
  auto res = client.Post(
      "/integra.v1.MonitoringService/GetUnit", {{"Authorization", "Bearer " + secret}},
      R"({"key":"01001000"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Scrape().Value("integra_rpc_requests_total",
                           {{"method", get_unit}, {"code", "NOT_FOUND"}}),
            4);
}

TEST_F(OperationsTest, MetricsTokenGuardsMetricsOnly) {
  const std::string metrics_token = "metrics-9f2c1e7a5b3d";
  ASSERT_NO_FATAL_FAILURE(Start(metrics_token));
  const std::string api_secret = testing::NewToken(*server_, security::Role::kAdmin);
  auto res = Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer realm=\"integra metrics\"");
  EXPECT_EQ(Get("/metrics", "metrics-9f2c1e7a5b3e")->status, 401);  // one character off
  EXPECT_EQ(Get("/metrics", api_secret)->status, 401);               // an API token is no key
  res = Get("/metrics", metrics_token);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(absl::StrContains(res->body, "# TYPE integra_rpc_requests_total counter\n"));
  // Liveness and readiness stay open.
  EXPECT_EQ(Get("/healthz")->status, 200);
  EXPECT_EQ(Get("/readyz")->status, 200);
  EXPECT_EQ(Get("/readyz")->body, "ready\n");
}

// ---------------------------------------------------------------- the request log

TEST_F(OperationsTest, RequestLogNamesTokenIdNeverTheSecret) {
  ASSERT_NO_FATAL_FAILURE(Start());
  auto created = server_->engine().tokens().Create(
      {.name = "log-test", .role = security::Role::kReader, .scope = ""});
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string secret = created->secret;  // itk_<id>_<64 hex>
  const std::string key_part = secret.substr(secret.rfind('_') + 1);
  ASSERT_EQ(key_part.size(), 64u);
  // A wrong secret for the same id, and one that is no token at all.
  std::string wrong = secret;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  const std::string garbage = "not-a-token-7c4d9e1f2a3b4c5d6e7f8091a2b3c4d5";

  grpc::ClientContext ctx;
  ctx.AddMetadata("x-request-id", "req-ops-1");
  v1::GetUnitRequest req;
  req.set_key("01001000");
  v1::Unit unit;
  auto channel = testing::TokenChannel(server_->address(), secret);
  EXPECT_EQ(v1::MonitoringService::NewStub(channel)->GetUnit(&ctx, req, &unit).error_code(),
            grpc::NOT_FOUND);
  // The request id comes back to the client.
  auto echoed = ctx.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, ctx.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "req-ops-1");
  for (const std::string& bad : {wrong, garbage}) {
    EXPECT_EQ(GetUnit(testing::TokenChannel(server_->address(), bad), "05").error_code(),
              grpc::UNAUTHENTICATED);
  }
  // And over HTTP, with each of the three.
  httplib::Client client("127.0.0.1", gateway_->port());
  for (const std::string& token : {secret, wrong, garbage}) {
    auto res = client.Post("/integra.v1.MonitoringService/GetUnit",
                           {{"Authorization", "Bearer " + token}}, R"({"key":"05"})",
                           "application/json");
    ASSERT_TRUE(res);
  }
  // The metrics endpoint with a token in its header is not an RPC, but try it too.
  Get("/metrics", secret);

  const std::string log = ReadLog();
  EXPECT_FALSE(absl::StrContains(log, secret));
  EXPECT_FALSE(absl::StrContains(log, key_part));
  EXPECT_FALSE(absl::StrContains(log, wrong));
  EXPECT_FALSE(absl::StrContains(log, wrong.substr(wrong.rfind('_') + 1)));
  EXPECT_FALSE(absl::StrContains(log, garbage));

  // One JSON object per line; the lines of the calls above carry what they should.
  int requests = 0;
  int by_token = 0;
  int unauthenticated = 0;
  bool found_request_id = false;
  for (absl::string_view line : absl::StrSplit(log, '\n', absl::SkipEmpty())) {
    google::protobuf::Struct parsed;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &parsed).ok())
        << line;
    const auto& f = parsed.fields();
    ASSERT_TRUE(f.contains("time") && f.contains("level") && f.contains("msg")) << line;
    if (f.at("msg").string_value() != "request") continue;
    ++requests;
    for (const char* key : {"request_id", "rpc", "code", "ms", "token", "peer"}) {
      EXPECT_TRUE(f.contains(key)) << key << " in " << line;
    }
    EXPECT_GE(f.at("ms").number_value(), 0);
    if (f.at("token").string_value() == created->token.id) ++by_token;
    if (f.at("token").string_value() == "unauthenticated") {
      ++unauthenticated;
      EXPECT_EQ(f.at("code").string_value(), "UNAUTHENTICATED");
      EXPECT_EQ(f.at("level").string_value(), "warning");
    }
    if (f.at("request_id").string_value() == "req-ops-1") {
      found_request_id = true;
      EXPECT_EQ(f.at("rpc").string_value(), "/integra.v1.MonitoringService/GetUnit");
      EXPECT_EQ(f.at("code").string_value(), "NOT_FOUND");
      EXPECT_EQ(f.at("token").string_value(), created->token.id);
    }
  }
  EXPECT_EQ(requests, 6);
  EXPECT_EQ(by_token, 2);         // gRPC and HTTP with the right secret
  EXPECT_EQ(unauthenticated, 4);  // two wrong secrets, each over gRPC and HTTP
  EXPECT_TRUE(found_request_id);
}

TEST(LogFormatTest, TextQuotesWhatWouldBreakTheLineJsonEscapes) {
  const std::string text = common::FormatLogEvent(
      common::LogFormat::kText, "request",
      {{"rpc", "/a/B"}, {"error", "two words\nand a \"quote\""}, {"ms", 1.5}, {"empty", ""}});
  EXPECT_EQ(text, R"(request rpc=/a/B error="two words\nand a \"quote\"" ms=1.5 empty="")");
  const std::string json = common::FormatLogEvent(common::LogFormat::kJson, "request",
                                                  {{"error", "a\"b\nc"}, {"ms", 2.25}});
  EXPECT_EQ(json, R"("msg":"request","error":"a\"b\nc","ms":2.25)");
}

// ---------------------------------------------------------------- health

TEST_F(OperationsTest, HealthPerServiceAndNotServingOnShutdown) {
  ASSERT_NO_FATAL_FAILURE(Start());
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  auto check = [&](const std::string& service) {
    HealthCheckRequest req;
    req.set_service(service);
    HealthCheckResponse resp;
    grpc::ClientContext ctx;
    const grpc::Status s = health->Check(&ctx, req, &resp);
    return s.ok() ? HealthCheckResponse::ServingStatus_Name(resp.status())
                  : absl::StrCat("error ", s.error_code());
  };
  EXPECT_EQ(api::IntegraServer::ServiceNames().size(), 5u);
  for (const std::string& service : api::IntegraServer::ServiceNames()) {
    EXPECT_EQ(check(service), "SERVING") << service;
  }
  EXPECT_EQ(check(""), "SERVING");
  EXPECT_EQ(check("integra.v1.NoSuchService"), absl::StrCat("error ", grpc::NOT_FOUND));

  // A watcher sees SERVING, then NOT_SERVING as soon as shutdown begins; /readyz says 503 and
  // /metrics integra_ready 0 from then on.
  grpc::ClientContext watch_ctx;
  HealthCheckRequest req;
  req.set_service("integra.v1.MonitoringService");
  auto watch = health->Watch(&watch_ctx, req);
  HealthCheckResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::SERVING);
  std::thread stopper([&] { server_->Shutdown(/*grace_seconds=*/10); });
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(server_->ready());
  auto readyz = Get("/readyz");
  ASSERT_TRUE(readyz);
  EXPECT_EQ(readyz->status, 503);
  watch_ctx.TryCancel();
  watch->Finish().IgnoreError();
  stopper.join();
  EXPECT_TRUE(absl::StrContains(server_->MetricsText(), "\nintegra_ready 0\n"));
}

}  // namespace
}  // namespace integra
