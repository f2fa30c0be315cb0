// The write audit trail through a real in-process server: a write records the token, peer,
// time, RPC, units and values in the same write as the change; a refused or failed write leaves
// no record; ListAudit shows ADMIN everything and a READER only its scope.
#include <string>

#include "gtest/gtest.h"
#include "integra/v1/admin.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/api_seed.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

using security::Role;

class AuditTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = IntegraServer::Start({.data_dir = dir_.path(), .listen = "127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    admin_ = testing::AdminChannel(*server_);
    auto monitoring = v1::MonitoringService::NewStub(admin_);
    ASSERT_NO_FATAL_FAILURE(testing::ImportLaenderAndKreise(*monitoring));
    ASSERT_NO_FATAL_FAILURE(testing::CreateAuslAnteil(*monitoring));
  }

  static grpc::Status Put(const std::shared_ptr<grpc::Channel>& channel, const std::string& unit,
                          double value) {
    v1::PutObservationRequest req;
    req.mutable_observation()->set_indicator_code("AUSL_ANTEIL");
    req.mutable_observation()->set_unit_key(unit);
    req.mutable_observation()->set_period("2021");
    req.mutable_observation()->set_value(value);
    v1::PutObservationResponse resp;
    grpc::ClientContext ctx;
    return v1::MonitoringService::NewStub(channel)->PutObservation(&ctx, req, &resp);
  }

  static grpc::Status List(const std::shared_ptr<grpc::Channel>& channel,
                           v1::ListAuditResponse* resp, const std::string& unit = "") {
    v1::ListAuditRequest req;
    req.set_unit_key(unit);
    grpc::ClientContext ctx;
    return v1::AdminService::NewStub(channel)->ListAudit(&ctx, req, resp);
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::shared_ptr<grpc::Channel> admin_;
};

TEST_F(AuditTrailTest, AWriteRecordsWhoWhereWhenWhatAndTheValues) {
  const std::string secret = testing::NewToken(*server_, Role::kEditor, "05315", "koeln");
  const auto koeln = testing::TokenChannel(server_->address(), secret);
  ASSERT_TRUE(Put(koeln, "05315", 17).ok());
  ASSERT_TRUE(Put(koeln, "05315", 18.5).ok());
  EXPECT_EQ(Put(koeln, "05111", 1).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  v1::ListAuditResponse all;
  ASSERT_TRUE(List(admin_, &all).ok());
  // The fixture's unit imports and indicator, then Köln's one accepted write; the refused one
  // left nothing.
  ASSERT_GE(all.records_size(), 3);
  const v1::WriteAuditRecord& last = all.records(all.records_size() - 1);
  EXPECT_EQ(last.token_id(), secret.substr(4, 16));
  EXPECT_EQ(last.token_name(), "koeln");
  EXPECT_EQ(last.rpc(), "/integra.v1.MonitoringService/PutObservation");
  ASSERT_EQ(last.unit_keys_size(), 1);
  EXPECT_EQ(last.unit_keys(0), "05315");
  EXPECT_EQ(last.what(), "AUSL_ANTEIL 05315 2021 = 18.5");
  EXPECT_EQ(last.before(), "AUSL_ANTEIL 05315 2021 was 17");
  EXPECT_EQ(all.records(all.records_size() - 2).before(), "AUSL_ANTEIL 05315 2021 was (new)");
  EXPECT_NE(last.peer().find("127.0.0.1"), std::string::npos) << last.peer();
  EXPECT_GT(last.recorded_micros(), 0);
  for (const auto& r : all.records()) {
    for (const auto& key : r.unit_keys()) EXPECT_NE(key, "05111") << "a refused write left a record";
  }
  EXPECT_EQ(all.records(0).rpc(), "/integra.v1.MonitoringService/ImportUnits");
  EXPECT_EQ(all.records(0).token_name(), "admin");
}

TEST_F(AuditTrailTest, AFailedWriteLeavesNeitherChangeNorRecord) {
  v1::ListAuditResponse before;
  ASSERT_TRUE(List(admin_, &before).ok());
  server_->store()->SetBeforeWriteHookForTesting(
      [](const storage::WriteBatch&) { return absl::UnavailableError("disk on fire"); });
  EXPECT_FALSE(Put(admin_, "05315", 18.5).ok());
  server_->store()->SetBeforeWriteHookForTesting(nullptr);
  v1::ListAuditResponse after;
  ASSERT_TRUE(List(admin_, &after).ok());
  EXPECT_EQ(after.records_size(), before.records_size());
  // The next write still gets the next record.
  ASSERT_TRUE(Put(admin_, "05315", 18.5).ok());
  ASSERT_TRUE(List(admin_, &after).ok());
  EXPECT_EQ(after.records_size(), before.records_size() + 1);
}

TEST_F(AuditTrailTest, ReadersSeeTheirScopeOnly) {
  ASSERT_TRUE(Put(admin_, "05315", 18.5).ok());
  ASSERT_TRUE(Put(admin_, "05111", 12).ok());
  const auto koeln = testing::TokenChannel(
      server_->address(), testing::NewToken(*server_, Role::kReader, "05315"));
  v1::ListAuditResponse mine;
  ASSERT_TRUE(List(koeln, &mine).ok());
  ASSERT_EQ(mine.records_size(), 1);  // not the imports, not Düsseldorf
  EXPECT_EQ(mine.records(0).unit_keys(0), "05315");
  v1::ListAuditResponse theirs;
  EXPECT_EQ(List(koeln, &theirs, "05111").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::ListAuditResponse by_unit;
  ASSERT_TRUE(List(admin_, &by_unit, "05111").ok());
  ASSERT_EQ(by_unit.records_size(), 1);
  EXPECT_EQ(by_unit.records(0).what(), "AUSL_ANTEIL 05111 2021 = 12");

  // Targets: the replaced target value too.
  for (double value : {8.0, 9.5}) {
    v1::SetTargetRequest set;
    set.mutable_target()->mutable_key()->set_indicator_code("AUSL_ANTEIL");
    set.mutable_target()->mutable_key()->set_unit_key("05315");
    set.mutable_target()->mutable_key()->set_target_period("2030");
    set.mutable_target()->set_target_value(value);
    v1::Target out;
    grpc::ClientContext ctx;
    const grpc::Status s = v1::MonitoringService::NewStub(admin_)->SetTarget(&ctx, set, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::ListAuditResponse targets;
  ASSERT_TRUE(List(admin_, &targets, "05315").ok());
  ASSERT_GE(targets.records_size(), 2);
  EXPECT_EQ(targets.records(targets.records_size() - 2).before(),
            "target AUSL_ANTEIL 05315 2030 was (new)");
  EXPECT_EQ(targets.records(targets.records_size() - 1).before(),
            "target AUSL_ANTEIL 05315 2030 was 8");
  EXPECT_EQ(targets.records(targets.records_size() - 1).what(),
            "target AUSL_ANTEIL 05315 2030 = 9.5");
  const auto kb = testing::TokenChannel(
      server_->address(), testing::NewToken(*server_, Role::kKbEditor));
  EXPECT_EQ(List(kb, &by_unit).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace integra::api
