// The one enforcement point (services/api/call_guard.h, services/security/permissions.h) through
// a real in-process server: every method of every service has a rule and refuses the anonymous
// caller, the role matrix and the scope boundaries hold over the wire, a batch with one unit
// outside the scope is refused whole, bad tokens are UNAUTHENTICATED, the unix socket needs a
// token, and AdminService manages tokens.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "integra/v1/admin.grpc.pb.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "integra/v1/scorecard.grpc.pb.h"
#include "services/api/server.h"
#include "services/security/permissions.h"
#include "tests/testing/api_seed.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

using Code = grpc::StatusCode;
using security::Role;

// Every RPC of every integra service, as "/package.Service/Method", from the descriptors of the
// proto files in proto/integra/v1 (INTEGRA_PROTO_FILES, globbed by CMake: a new file is covered).
std::vector<std::string> AllIntegraMethods() {
  // Link every generated file so that the generated pool holds it.
  (void)v1::AdminService::service_full_name();
  (void)v1::ExchangeService::service_full_name();
  (void)v1::KnowledgeService::service_full_name();
  (void)v1::MonitoringService::service_full_name();
  (void)v1::ScorecardService::service_full_name();
  std::vector<std::string> out;
  const std::vector<std::string> files = absl::StrSplit(INTEGRA_PROTO_FILES, ',', absl::SkipEmpty());
  for (const std::string& name : files) {
    const google::protobuf::FileDescriptor* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    EXPECT_NE(file, nullptr) << name << " is not linked into the test";
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        out.push_back("/" + service->full_name() + "/" + service->method(m)->name());
      }
    }
  }
  return out;
}

TEST(PermissionTableTest, EveryMethodOfEveryServiceHasARuleAndEveryRuleAMethod) {
  const std::vector<std::string> methods = AllIntegraMethods();
  EXPECT_GE(methods.size(), 60u);  // 58 before AdminService; guards against an empty glob
  for (const std::string& method : methods) {
    EXPECT_NE(security::FindRule(method), nullptr) << method << " has no permission rule";
  }
  const std::set<std::string> known(methods.begin(), methods.end());
  for (const security::MethodRule& rule : security::MethodTable()) {
    const std::string method(rule.method);
    if (method.rfind("/integra.", 0) == 0) {
      EXPECT_TRUE(known.contains(method)) << method << " is in the table but not in the protos";
    }
  }
}

// One call of `method` with an empty request message, whatever its streaming kind.
grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     std::chrono::seconds deadline = std::chrono::seconds(20)) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadline);
  grpc::CompletionQueue cq;
  void* tag = nullptr;
  bool ok = false;
  auto call = stub.PrepareCall(&ctx, method, &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  cq.Next(&tag, &ok);
  grpc::Slice empty("", 0);
  grpc::ByteBuffer request(&empty, 1);
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

class GuardTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(StartServer({})); }

  void StartServer(ServerOptions options) {
    server_.reset();
    options.data_dir = dir_.Sub("data");
    options.listen = "127.0.0.1:0";
    auto server = IntegraServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    admin_ = testing::AdminChannel(*server_);
  }

  std::shared_ptr<grpc::Channel> As(Role role, const std::string& scope = "",
                                    const std::string& name = "test") {
    return testing::TokenChannel(server_->address(), testing::NewToken(*server_, role, scope, name));
  }
  std::shared_ptr<grpc::Channel> Anonymous() {
    return grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  }

  // Units (Länder, Kreise and three Gemeinden) and the indicator AUSL_ANTEIL.
  void LoadUnitsAndIndicator() {
    auto monitoring = v1::MonitoringService::NewStub(admin_);
    ASSERT_NO_FATAL_FAILURE(testing::ImportLaenderAndKreise(*monitoring));
    for (auto [key, name, type] :
         std::vector<std::tuple<std::string, std::string, v1::UnitType>>{
             {"05315000", "Köln, Stadt", v1::UNIT_TYPE_KREISFREIE_STADT},
             {"05111000", "Düsseldorf, Stadt", v1::UNIT_TYPE_KREISFREIE_STADT},
             {"05334002", "Aachen, Stadt", v1::UNIT_TYPE_KREISANGEHOERIGE_GEMEINDE}}) {
      v1::UpsertUnitRequest req;
      req.mutable_unit()->set_key(key);
      req.mutable_unit()->set_name(name);
      req.mutable_unit()->set_type(type);
      v1::Unit unit;
      grpc::ClientContext ctx;
      const grpc::Status s = monitoring->UpsertUnit(&ctx, req, &unit);
      ASSERT_TRUE(s.ok()) << key << ": " << s.error_message();
    }
    ASSERT_NO_FATAL_FAILURE(testing::CreateAuslAnteil(*monitoring));
  }

  static v1::Observation Obs(const std::string& unit, double value = 10) {
    v1::Observation o;
    o.set_indicator_code("AUSL_ANTEIL");
    o.set_unit_key(unit);
    o.set_period("2021");
    o.set_value(value);
    return o;
  }

  static grpc::Status Put(const std::shared_ptr<grpc::Channel>& channel, const std::string& unit) {
    v1::PutObservationRequest req;
    *req.mutable_observation() = Obs(unit);
    v1::PutObservationResponse resp;
    grpc::ClientContext ctx;
    return v1::MonitoringService::NewStub(channel)->PutObservation(&ctx, req, &resp);
  }

  grpc::StatusCode GetCode(const std::string& unit) {
    v1::GetObservationRequest req;
    req.set_indicator_code("AUSL_ANTEIL");
    req.set_unit_key(unit);
    req.set_period("2021");
    v1::Observation o;
    grpc::ClientContext ctx;
    return v1::MonitoringService::NewStub(admin_)->GetObservation(&ctx, req, &o).error_code();
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::shared_ptr<grpc::Channel> admin_;
};

TEST_F(GuardTest, EveryMethodRefusesTheAnonymousCaller) {
  const auto anonymous = Anonymous();
  for (const std::string& method : AllIntegraMethods()) {
    const grpc::Status s = CallRaw(anonymous, method);
    EXPECT_EQ(s.error_code(), Code::UNAUTHENTICATED) << method << ": " << s.error_message();
  }
}

TEST_F(GuardTest, AnonymousReadsOnlyWhenAllowed) {
  ASSERT_NO_FATAL_FAILURE(StartServer({.allow_anonymous_read = true}));
  const auto anonymous = Anonymous();
  for (const std::string& method : AllIntegraMethods()) {
    const security::MethodRule* rule = security::FindRule(method);
    ASSERT_NE(rule, nullptr) << method;
    // The change feed never ends by itself: a short deadline ends it (any code but the two
    // refusals passes).
    const bool endless = method == "/integra.v1.ExchangeService/WatchObservations";
    const grpc::Status s = CallRaw(anonymous, method, std::chrono::seconds(endless ? 1 : 20));
    if (rule->permission == security::Permission::kRead) {
      EXPECT_NE(s.error_code(), Code::UNAUTHENTICATED) << method << ": " << s.error_message();
      EXPECT_NE(s.error_code(), Code::PERMISSION_DENIED) << method << ": " << s.error_message();
    } else {
      EXPECT_EQ(s.error_code(), Code::UNAUTHENTICATED) << method << ": " << s.error_message();
    }
  }
}

TEST_F(GuardTest, RoleMatrixOverTheWire) {
  ASSERT_NO_FATAL_FAILURE(LoadUnitsAndIndicator());
  struct Caller {
    const char* label;
    std::shared_ptr<grpc::Channel> channel;
  };
  const std::vector<Caller> callers = {
      {"admin", admin_},
      {"kb_editor", As(Role::kKbEditor)},
      {"editor 05315", As(Role::kEditor, "05315")},
      {"reader 05315", As(Role::kReader, "05315")},
      {"anonymous", Anonymous()},
  };
  // Per caller, in the order above: the code of a scoped write (in scope), a knowledge-base
  // write, an admin-only call, a read. "allowed" means neither refusal code.
  enum Expect { kAllowed, kUnauthenticated, kDenied };
  const std::vector<std::vector<Expect>> expected = {
      {kAllowed, kAllowed, kAllowed, kAllowed},         // admin
      {kDenied, kAllowed, kDenied, kAllowed},           // kb_editor
      {kAllowed, kDenied, kDenied, kAllowed},           // editor
      {kDenied, kDenied, kDenied, kAllowed},            // reader
      {kUnauthenticated, kUnauthenticated, kUnauthenticated, kUnauthenticated},  // anonymous
  };
  for (size_t i = 0; i < callers.size(); ++i) {
    auto monitoring = v1::MonitoringService::NewStub(callers[i].channel);
    auto knowledge = v1::KnowledgeService::NewStub(callers[i].channel);
    std::vector<grpc::Status> got;
    got.push_back(Put(callers[i].channel, "05315000"));
    {
      v1::CreateNodeRequest req;
      req.mutable_node()->set_id("af.test" + std::to_string(i));
      req.mutable_node()->set_type(v1::NODE_TYPE_ACTION_FIELD);
      req.mutable_node()->set_title_de("Test");
      v1::Node node;
      grpc::ClientContext ctx;
      got.push_back(knowledge->CreateNode(&ctx, req, &node));
    }
    {
      v1::DeleteIndicatorRequest req;
      req.set_code("NO_SUCH_INDICATOR");
      v1::DeleteIndicatorResponse resp;
      grpc::ClientContext ctx;
      got.push_back(monitoring->DeleteIndicator(&ctx, req, &resp));
    }
    {
      v1::GetUnitRequest req;
      req.set_key("05315");
      v1::Unit unit;
      grpc::ClientContext ctx;
      got.push_back(monitoring->GetUnit(&ctx, req, &unit));
    }
    for (size_t j = 0; j < got.size(); ++j) {
      const Code code = got[j].error_code();
      const std::string where = std::string(callers[i].label) + " call " + std::to_string(j) +
                                ": " + got[j].error_message();
      switch (expected[i][j]) {
        case kAllowed:
          EXPECT_NE(code, Code::UNAUTHENTICATED) << where;
          EXPECT_NE(code, Code::PERMISSION_DENIED) << where;
          break;
        case kUnauthenticated:
          EXPECT_EQ(code, Code::UNAUTHENTICATED) << where;
          break;
        case kDenied:
          EXPECT_EQ(code, Code::PERMISSION_DENIED) << where;
          break;
      }
    }
  }
}

TEST_F(GuardTest, EditorScopeBoundariesOverTheWire) {
  ASSERT_NO_FATAL_FAILURE(LoadUnitsAndIndicator());
  struct Case {
    std::string scope;
    std::string unit;
    bool allowed;
  };
  const std::vector<Case> cases = {
      {"05", "05315000", true},     {"051", "05315000", false}, {"053", "05315000", true},
      {"05315", "05315000", true},  {"05315", "05315", true},   {"053150", "05315", false},
      {"053150", "05315000", true}, {"05315000", "05315", false},
      {"05334", "05334002", true},  {"05334002", "05334", false}, {"05", "09162", false},
  };
  for (const Case& c : cases) {
    const grpc::Status s = Put(As(Role::kEditor, c.scope), c.unit);
    if (c.allowed) {
      EXPECT_TRUE(s.ok()) << c.scope << " writes " << c.unit << ": " << s.error_message();
    } else {
      EXPECT_EQ(s.error_code(), Code::PERMISSION_DENIED) << c.scope << " writes " << c.unit;
      EXPECT_NE(s.error_message().find("outside scope " + c.scope), std::string::npos)
          << s.error_message();
    }
  }
}

TEST_F(GuardTest, ABatchWithOneUnitOutsideTheScopeIsRefusedWhole) {
  ASSERT_NO_FATAL_FAILURE(LoadUnitsAndIndicator());
  const auto koeln = As(Role::kEditor, "05315");
  {  // IngestObservations (client stream)
    grpc::ClientContext ctx;
    v1::IngestObservationsResponse resp;
    auto stream = v1::MonitoringService::NewStub(koeln)->IngestObservations(&ctx, &resp);
    v1::IngestObservationsRequest batch;
    *batch.add_rows() = Obs("05315000");
    *batch.add_rows() = Obs("05111000");
    stream->Write(batch);
    stream->WritesDone();
    const grpc::Status s = stream->Finish();
    EXPECT_EQ(s.error_code(), Code::PERMISSION_DENIED);
    EXPECT_NE(s.error_message().find("05111000"), std::string::npos) << s.error_message();
  }
  {  // ImportObservations (bidirectional stream)
    grpc::ClientContext ctx;
    auto stream = v1::ExchangeService::NewStub(koeln)->ImportObservations(&ctx);
    v1::ImportObservationsRequest batch;
    *batch.add_rows() = Obs("05315");
    *batch.add_rows() = Obs("05111");
    stream->Write(batch);
    stream->WritesDone();
    v1::ImportBatchResult result;
    EXPECT_FALSE(stream->Read(&result));
    EXPECT_EQ(stream->Finish().error_code(), Code::PERMISSION_DENIED);
  }
  {  // ImportTargets (one request)
    v1::ImportTargetsRequest req;
    for (const char* unit : {"05315", "05111"}) {
      v1::Target* t = req.add_targets();
      t->mutable_key()->set_indicator_code("AUSL_ANTEIL");
      t->mutable_key()->set_unit_key(unit);
      t->mutable_key()->set_target_period("2030");
      t->set_target_value(5);
    }
    v1::ImportBatchResult result;
    grpc::ClientContext ctx;
    EXPECT_EQ(v1::ExchangeService::NewStub(koeln)->ImportTargets(&ctx, req, &result).error_code(),
              Code::PERMISSION_DENIED);
  }
  for (const char* unit : {"05315000", "05111000", "05315", "05111"}) {
    EXPECT_EQ(GetCode(unit), Code::NOT_FOUND) << unit << " was written";
  }
  v1::ListTargetsRequest list;
  v1::ListTargetsResponse targets;
  grpc::ClientContext ctx;
  ASSERT_TRUE(v1::MonitoringService::NewStub(admin_)->ListTargets(&ctx, list, &targets).ok());
  EXPECT_EQ(targets.targets_size(), 0);
}

TEST_F(GuardTest, UnknownRevokedAndMalformedTokensAreUnauthenticated) {
  const std::string secret = testing::NewToken(*server_, Role::kReader);
  auto get_unit = [&](const std::shared_ptr<grpc::Channel>& channel) {
    v1::GetUnitRequest req;
    req.set_key("05");
    v1::Unit unit;
    grpc::ClientContext ctx;
    return v1::MonitoringService::NewStub(channel)->GetUnit(&ctx, req, &unit);
  };
  EXPECT_EQ(get_unit(testing::TokenChannel(server_->address(), secret)).error_code(),
            Code::NOT_FOUND);  // authenticated; the unit is simply not there
  std::string wrong = secret;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_EQ(get_unit(testing::TokenChannel(server_->address(), wrong)).error_code(),
            Code::UNAUTHENTICATED);
  EXPECT_EQ(get_unit(testing::TokenChannel(server_->address(), "not-a-token")).error_code(),
            Code::UNAUTHENTICATED);
  ASSERT_TRUE(server_->engine().tokens().Revoke(secret.substr(4, 16)).ok());
  const grpc::Status revoked = get_unit(testing::TokenChannel(server_->address(), secret));
  EXPECT_EQ(revoked.error_code(), Code::UNAUTHENTICATED);
  EXPECT_NE(revoked.error_message().find("revoked"), std::string::npos);
  EXPECT_EQ(revoked.error_message().find(secret.substr(21)), std::string::npos)
      << "the secret is never echoed";
}

TEST_F(GuardTest, TheUnixSocketNeedsATokenToo) {
  const std::string socket = dir_.Sub("integrad.sock");
  ASSERT_NO_FATAL_FAILURE(StartServer({.unix_socket = socket}));
  const std::string target = server_->unix_address();
  v1::GetUnitRequest req;
  req.set_key("05");
  v1::Unit unit;
  grpc::ClientContext anonymous_ctx;
  EXPECT_EQ(v1::MonitoringService::NewStub(
                grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))
                ->GetUnit(&anonymous_ctx, req, &unit)
                .error_code(),
            Code::UNAUTHENTICATED);
  grpc::ClientContext token_ctx;
  EXPECT_EQ(v1::MonitoringService::NewStub(
                testing::TokenChannel(target, testing::NewToken(*server_, Role::kReader)))
                ->GetUnit(&token_ctx, req, &unit)
                .error_code(),
            Code::NOT_FOUND);
}

TEST_F(GuardTest, AdminServiceCreatesListsAndRevokesTokens) {
  auto admin = v1::AdminService::NewStub(admin_);
  v1::CreateTokenRequest create;
  create.set_name("koeln");
  create.set_role(v1::ROLE_EDITOR);
  create.set_scope("05315");
  v1::CreateTokenResponse created;
  grpc::ClientContext c1;
  ASSERT_TRUE(admin->CreateToken(&c1, create, &created).ok());
  EXPECT_EQ(created.token().scope(), "05315");
  EXPECT_EQ(created.secret().rfind("itk_" + created.token().id() + "_", 0), 0u);

  // The new token works, and may not administer tokens.
  auto as_koeln =
      v1::AdminService::NewStub(testing::TokenChannel(server_->address(), created.secret()));
  v1::ListTokensResponse list;
  grpc::ClientContext c2;
  const grpc::Status denied = as_koeln->ListTokens(&c2, {}, &list);
  EXPECT_EQ(denied.error_code(), Code::PERMISSION_DENIED);
  EXPECT_NE(denied.error_message().find("ADMIN"), std::string::npos) << denied.error_message();

  grpc::ClientContext c3;
  ASSERT_TRUE(admin->ListTokens(&c3, {}, &list).ok());
  EXPECT_EQ(list.tokens_size(), 2);  // the fixture's admin and koeln
  v1::RevokeTokenRequest revoke;
  revoke.set_id(created.token().id());
  v1::ApiToken revoked;
  grpc::ClientContext c4;
  ASSERT_TRUE(admin->RevokeToken(&c4, revoke, &revoked).ok());
  EXPECT_TRUE(revoked.has_revoked_micros());
  grpc::ClientContext c5;
  EXPECT_EQ(as_koeln->ListTokens(&c5, {}, &list).error_code(), Code::UNAUTHENTICATED);

  create.set_role(v1::ROLE_ADMIN);  // with a scope: refused
  grpc::ClientContext c6;
  EXPECT_EQ(admin->CreateToken(&c6, create, &created).error_code(), Code::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace integra::api
