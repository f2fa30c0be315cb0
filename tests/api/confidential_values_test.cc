// Confidential (SUPPRESSED) values through every read path of a real in-process server: the
// value reaches ADMIN and READER/EDITOR tokens whose scope covers the unit; every other caller
// (another scope, KB_EDITOR, anonymous) gets the observation with its flag and without its value,
// through Get, History, Series, Export and Watch; peer statistics treat the value as missing for
// everyone, so it cannot be recovered from them.
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/api_seed.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

using security::Role;

constexpr double kSecret = 42.5;  // Köln's suppressed value; the others are 10, 20, 30

bool IsSuppressed(const v1::Observation& o) {
  for (int f : o.flags()) {
    if (f == v1::OBSERVATION_FLAG_SUPPRESSED) return true;
  }
  return false;
}

class ConfidentialValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = IntegraServer::Start(
        {.data_dir = dir_.path(), .listen = "127.0.0.1:0", .allow_anonymous_read = true});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto admin = v1::MonitoringService::NewStub(testing::AdminChannel(*server_));
    ASSERT_NO_FATAL_FAILURE(testing::ImportLaenderAndKreise(*admin));
    ASSERT_NO_FATAL_FAILURE(testing::CreateAuslAnteil(*admin));
    for (auto [unit, value] : std::vector<std::pair<std::string, double>>{
             {"05111", 10}, {"05112", 20}, {"05113", 30}, {"05315", kSecret}}) {
      v1::PutObservationRequest put;
      v1::Observation* o = put.mutable_observation();
      o->set_indicator_code("AUSL_ANTEIL");
      o->set_unit_key(unit);
      o->set_period("2021");
      o->set_value(value);
      if (unit == "05315") o->add_flags(v1::OBSERVATION_FLAG_SUPPRESSED);
      v1::PutObservationResponse resp;
      grpc::ClientContext ctx;
      const grpc::Status s = admin->PutObservation(&ctx, put, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    v1::CreatePeerGroupRequest group;
    group.mutable_group()->set_name("rhein");
    for (const char* unit : {"05111", "05112", "05113", "05315"}) {
      group.mutable_group()->add_member_keys(unit);
    }
    v1::PeerGroup made;
    grpc::ClientContext gctx;
    ASSERT_TRUE(admin->CreatePeerGroup(&gctx, group, &made).ok());
  }

  struct Caller {
    std::string label;
    std::shared_ptr<grpc::Channel> channel;
    bool sees;  // may see Köln's suppressed value
  };
  std::vector<Caller> Callers() {
    auto as = [&](Role role, const std::string& scope) {
      return testing::TokenChannel(server_->address(), testing::NewToken(*server_, role, scope));
    };
    return {
        {"admin", as(Role::kAdmin, ""), true},
        {"reader 05315", as(Role::kReader, "05315"), true},
        {"reader 05 (NRW)", as(Role::kReader, "05"), true},
        {"editor 05315", as(Role::kEditor, "05315"), true},
        {"reader 05111", as(Role::kReader, "05111"), false},
        {"editor 053150 (narrower than the Kreis)", as(Role::kEditor, "053150"), false},
        {"kb_editor", as(Role::kKbEditor, ""), false},
        {"anonymous", grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()),
         false},
    };
  }

  // Checks one observation of Köln as `caller` received it.
  static void ExpectKoeln(const Caller& caller, const v1::Observation& o, const std::string& path) {
    ASSERT_EQ(o.unit_key(), "05315") << path;
    EXPECT_TRUE(IsSuppressed(o)) << caller.label << " via " << path << ": the flag always shows";
    if (caller.sees) {
      ASSERT_TRUE(o.has_value()) << caller.label << " via " << path;
      EXPECT_EQ(o.value(), kSecret) << caller.label << " via " << path;
    } else {
      EXPECT_FALSE(o.has_value()) << caller.label << " via " << path << " got " << o.value();
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
};

TEST_F(ConfidentialValuesTest, GetHistoryAndSeries) {
  for (const Caller& caller : Callers()) {
    auto stub = v1::MonitoringService::NewStub(caller.channel);
    v1::GetObservationRequest get;
    get.set_indicator_code("AUSL_ANTEIL");
    get.set_unit_key("05315");
    get.set_period("2021");
    v1::Observation o;
    grpc::ClientContext c1;
    ASSERT_TRUE(stub->GetObservation(&c1, get, &o).ok()) << caller.label;
    ExpectKoeln(caller, o, "GetObservation");

    v1::GetObservationHistoryRequest history;
    history.set_indicator_code("AUSL_ANTEIL");
    history.set_unit_key("05315");
    history.set_period("2021");
    v1::GetObservationHistoryResponse revisions;
    grpc::ClientContext c2;
    ASSERT_TRUE(stub->GetObservationHistory(&c2, history, &revisions).ok()) << caller.label;
    ASSERT_EQ(revisions.revisions_size(), 1);
    ExpectKoeln(caller, revisions.revisions(0), "GetObservationHistory");

    v1::GetSeriesRequest series;
    series.set_indicator_code("AUSL_ANTEIL");
    series.add_unit_keys("05315");
    series.add_unit_keys("05111");
    v1::GetSeriesResponse got;
    grpc::ClientContext c3;
    ASSERT_TRUE(stub->GetSeries(&c3, series, &got).ok()) << caller.label;
    ASSERT_EQ(got.series_size(), 2);
    for (const auto& s : got.series()) {
      ASSERT_EQ(s.points_size(), 1);
      if (s.unit_key() == "05315") {
        ExpectKoeln(caller, s.points(0), "GetSeries");
      } else {
        EXPECT_EQ(s.points(0).value(), 10) << "values that are not suppressed go to everyone";
      }
    }
  }
}

TEST_F(ConfidentialValuesTest, ExportAndWatch) {
  for (const Caller& caller : Callers()) {
    auto stub = v1::ExchangeService::NewStub(caller.channel);
    v1::ExportObservationsRequest req;
    req.add_unit_keys("05315");
    grpc::ClientContext ctx;
    auto reader = stub->ExportObservations(&ctx, req);
    v1::ExportObservationsResponse chunk;
    int rows = 0;
    while (reader->Read(&chunk)) {
      for (const auto& o : chunk.rows()) {
        ExpectKoeln(caller, o, "ExportObservations");
        ++rows;
      }
    }
    ASSERT_TRUE(reader->Finish().ok()) << caller.label;
    EXPECT_EQ(rows, 1) << caller.label;

    // The change feed from the beginning: four puts; read until caught up, then end the call.
    v1::WatchObservationsRequest watch;
    grpc::ClientContext wctx;
    auto feed = stub->WatchObservations(&wctx, watch);
    v1::WatchObservationsResponse resp;
    int koeln = 0;
    while (feed->Read(&resp)) {
      for (const auto& c : resp.changes()) {
        if (c.observation().unit_key() == "05315") {
          ExpectKoeln(caller, c.observation(), "WatchObservations");
          ++koeln;
        }
      }
      if (resp.caught_up()) break;
    }
    wctx.TryCancel();
    feed->Finish();
    EXPECT_EQ(koeln, 1) << caller.label;
  }
}

TEST_F(ConfidentialValuesTest, PeerStatisticsTreatTheValueAsMissingForEveryone) {
  for (const Caller& caller : Callers()) {
    auto stub = v1::MonitoringService::NewStub(caller.channel);
    for (const char* unit : {"05315", "05111"}) {
      v1::ComparePeersRequest req;
      req.set_indicator_code("AUSL_ANTEIL");
      req.set_unit_key(unit);
      req.set_period("2021");
      req.mutable_peers()->set_scope(v1::PEER_SCOPE_GROUP);
      req.mutable_peers()->set_group("rhein");
      v1::ComparePeersResponse resp;
      grpc::ClientContext ctx;
      const grpc::Status s = stub->ComparePeers(&ctx, req, &resp);
      ASSERT_TRUE(s.ok()) << caller.label << ": " << s.error_message();
      // 10, 20, 30 and a missing value: with 42.5 the median would be 25 and the max 42.5.
      EXPECT_EQ(resp.n(), 3) << caller.label << " " << unit;
      EXPECT_EQ(resp.missing(), 1) << caller.label << " " << unit;
      EXPECT_EQ(resp.median(), 20) << caller.label << " " << unit;
      EXPECT_EQ(resp.max(), 30) << caller.label << " " << unit;
      if (std::string(unit) == "05315") {
        EXPECT_FALSE(resp.has_value()) << caller.label;
      }
    }
  }
}

}  // namespace
}  // namespace integra::api
