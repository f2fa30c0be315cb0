// ScorecardService.Evaluate and the scorecard's measures through a real in-process gRPC server
// on a free port with a temp RocksDB, loaded with the constructed case of
// tests/monitoring/evaluation_scenario.h: every figure of the response (DiD per year, synthetic
// control with named donors, placebo inference, verdict texts, flagged values, peers used and
// skipped), a reader's access, the error codes, the scorecard with and without evaluations, and
// the dashboard's path: the same call through the HTTP gateway.
#include <httplib.h>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/scorecard.grpc.pb.h"
#include "services/api/server.h"
#include "services/http/http_gateway.h"
#include "tests/monitoring/evaluation_scenario.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

namespace es = monitoring::evaluation_scenario;
using Code = grpc::StatusCode;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

class EvaluationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = IntegraServer::Start({.data_dir = dir_.path(), .listen = "127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    es::Load(server_->engine());
    stub_ = v1::ScorecardService::NewStub(testing::AdminChannel(*server_));
  }

  grpc::Status Evaluate(const v1::EvaluateRequest& req, v1::EvaluateResponse* resp,
                        v1::ScorecardService::Stub* stub = nullptr) {
    grpc::ClientContext ctx;
    return (stub == nullptr ? stub_.get() : stub)->Evaluate(&ctx, req, resp);
  }
  grpc::Status Evaluate(const std::string& measure, const std::string& indicator,
                        v1::EvaluateResponse* resp) {
    v1::EvaluateRequest req;
    req.set_measure_id(measure);
    req.set_indicator_code(indicator);
    return Evaluate(req, resp);
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::unique_ptr<v1::ScorecardService::Stub> stub_;
};

TEST_F(EvaluationServiceTest, CarriesEveryFigure) {
  v1::EvaluateResponse resp;
  grpc::Status s = Evaluate(es::kMeasure, "EVA_A", &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.measure_id(), es::kMeasure);
  EXPECT_EQ(resp.unit_key(), es::kUnit);
  EXPECT_EQ(resp.unit_name(), "Dithmarschen");
  EXPECT_EQ(resp.start_date(), "2014-03-01");
  EXPECT_EQ(resp.start_year(), 2014);
  EXPECT_EQ(resp.status(), v1::MEASURE_STATUS_RUNNING);
  ASSERT_EQ(resp.goal_ids_size(), 1);
  EXPECT_FALSE(resp.peer_description().empty());
  ASSERT_EQ(resp.indicators_size(), 1);
  const v1::IndicatorEvaluation& a = resp.indicators(0);
  EXPECT_EQ(a.indicator_code(), "EVA_A");
  EXPECT_EQ(a.polarity(), v1::POLARITY_HIGHER_IS_BETTER);
  EXPECT_EQ(a.verdict(), v1::EVALUATION_VERDICT_EFFECT_IMPROVEMENT);
  EXPECT_TRUE(Has(a.verdict_de(), "Vorläufige Werte im Zeitfenster: 2015")) << a.verdict_de();
  EXPECT_TRUE(Has(a.verdict_en(), "Provisional values in the window: 2015")) << a.verdict_en();
  ASSERT_EQ(a.did_size(), 2);
  EXPECT_EQ(a.did(0).year(), 2014);
  EXPECT_NEAR(a.did(0).estimate(), es::kDid2014, 1e-9);
  EXPECT_NEAR(a.did(1).estimate(), es::kDid2015, 1e-9);
  EXPECT_NEAR(a.did_mean(), (es::kDid2014 + es::kDid2015) / 2, 1e-9);
  EXPECT_EQ(a.pre_years_size(), 4);
  EXPECT_EQ(a.post_years_size(), 2);

  ASSERT_TRUE(a.has_synthetic_control());
  const v1::EvaluationSyntheticControl& sc = a.synthetic_control();
  ASSERT_EQ(sc.years_size(), 6);
  EXPECT_FALSE(sc.years(3).post());
  EXPECT_TRUE(sc.years(4).post());
  EXPECT_NEAR(sc.years(4).actual(), 60.1, 1e-9);
  EXPECT_NEAR(sc.years(4).gap(), sc.years(4).actual() - sc.years(4).counterfactual(), 1e-9);
  EXPECT_GT(sc.effect(), 4.0);
  EXPECT_LT(sc.pre_rmspe(), 0.2);
  ASSERT_GT(sc.top_donors_size(), 0);
  double previous = 1;
  for (const auto& d : sc.top_donors()) {
    EXPECT_EQ(d.name(), "Kreis " + d.unit_key());
    EXPECT_LE(d.weight(), previous);
    previous = d.weight();
  }

  ASSERT_TRUE(a.has_inference());
  EXPECT_EQ(a.inference().statistic(), "moderated_gap");
  EXPECT_EQ(a.inference().placebos(), 10);
  EXPECT_EQ(a.inference().rank(), 1);
  EXPECT_NEAR(a.inference().p_value(), 1.0 / 11, 1e-12);
  EXPECT_NEAR(a.inference().p_value_floor(), 1.0 / 11, 1e-12);
  EXPECT_DOUBLE_EQ(a.inference().alpha(), 0.1);

  ASSERT_EQ(a.flagged_values_size(), 1);
  EXPECT_EQ(a.flagged_values(0).year(), 2015);
  EXPECT_TRUE(a.flagged_values(0).provisional());
  EXPECT_EQ(a.peer_flagged_values(), 1);
  EXPECT_EQ(a.peers_in_set(), 12);
  EXPECT_EQ(a.peers_used(), 10);
  EXPECT_EQ(a.peers_without_data(), 1);
  EXPECT_EQ(a.peers_dropped_incomplete(), 1);
  EXPECT_EQ(a.peers_dropped_break(), 0);
}

TEST_F(EvaluationServiceTest, AReaderMayEvaluateAndLandPeersAreHonoured) {
  auto reader = v1::ScorecardService::NewStub(testing::TokenChannel(
      server_->address(), testing::NewToken(*server_, security::Role::kReader, "03")));
  v1::EvaluateRequest req;
  req.set_measure_id(es::kMeasure);
  req.set_indicator_code("eva_a");
  req.mutable_peers()->set_scope(v1::PEER_SCOPE_LAND);
  v1::EvaluateResponse resp;
  grpc::Status s = Evaluate(req, &resp, reader.get());
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(resp.indicators_size(), 1);
  EXPECT_EQ(resp.indicators(0).peers_in_set(), 9);
  EXPECT_NEAR(resp.indicators(0).did(0).estimate(), 4.5, 1e-9);
}

TEST_F(EvaluationServiceTest, TheDashboardGetsTheSameAnswerOverHttp) {
  auto gateway = http::HttpGateway::Start({.listen = "127.0.0.1:0"}, server_->InProcessChannel());
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const std::string token = testing::NewToken(*server_, security::Role::kReader, "", "dashboard");
  httplib::Client client("127.0.0.1", (*gateway)->port());
  auto res =
      client.Post("/integra.v1.ScorecardService/Evaluate", {{"Authorization", "Bearer " + token}},
                  R"({"measureId":"ms.01051.jump","indicatorCode":"EVA_A"})", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  v1::EvaluateResponse over_http;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(res->body, &over_http).ok()) << res->body;
  v1::EvaluateResponse over_grpc;
  grpc::Status s = Evaluate(es::kMeasure, "EVA_A", &over_grpc);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(over_http, over_grpc));
  EXPECT_EQ(over_http.indicators(0).verdict(), v1::EVALUATION_VERDICT_EFFECT_IMPROVEMENT);
}

TEST_F(EvaluationServiceTest, ErrorCodes) {
  v1::EvaluateResponse resp;
  EXPECT_EQ(Evaluate("ms.unknown", "", &resp).error_code(), Code::NOT_FOUND);
  grpc::Status generic = Evaluate("ms.generic", "", &resp);
  EXPECT_EQ(generic.error_code(), Code::FAILED_PRECONDITION);
  EXPECT_TRUE(Has(generic.error_message(), "owner")) << generic.error_message();
  grpc::Status unlinked = Evaluate("ms.01051.ohne-ind", "", &resp);
  EXPECT_EQ(unlinked.error_code(), Code::FAILED_PRECONDITION);
  EXPECT_TRUE(Has(unlinked.error_message(), "MEASURES")) << unlinked.error_message();
  grpc::Status other = Evaluate(es::kMeasure, "EVA_C", &resp);
  EXPECT_EQ(other.error_code(), Code::INVALID_ARGUMENT);
  EXPECT_TRUE(Has(other.error_message(), "EVA_A, EVA_B")) << other.error_message();
  v1::EvaluateRequest bad_group;
  bad_group.set_measure_id(es::kMeasure);
  bad_group.mutable_peers()->set_scope(v1::PEER_SCOPE_GROUP);
  bad_group.mutable_peers()->set_group("nope");
  EXPECT_EQ(Evaluate(bad_group, &resp).error_code(), Code::NOT_FOUND);
}

TEST_F(EvaluationServiceTest, TheScorecardListsTheUnitsMeasuresAndEvaluatesThemOnRequest) {
  // The measures listed under af.eva by a scorecard of 2015, with or without evaluations.
  auto measures = [&](bool with_evaluation) {
    v1::GetScorecardRequest req;
    req.set_unit_key(es::kUnit);
    req.set_period("2015");
    req.set_with_evaluation(with_evaluation);
    v1::Scorecard card;
    grpc::ClientContext ctx;
    grpc::Status s = stub_->GetScorecard(&ctx, req, &card);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const auto& f : card.fields()) {
      if (f.id() == "af.eva") return f.measures();
    }
    ADD_FAILURE() << "no field af.eva";
    return google::protobuf::RepeatedPtrField<v1::ScorecardMeasure>();
  };
  const auto listed = measures(false);
  ASSERT_EQ(listed.size(), 1);
  EXPECT_EQ(listed[0].id(), es::kMeasure);
  EXPECT_EQ(listed[0].status(), v1::MEASURE_STATUS_RUNNING);
  EXPECT_EQ(listed[0].start_date(), "2014-03-01");
  EXPECT_EQ(listed[0].evaluations_size(), 0);  // not asked for

  const auto evaluated = measures(true);
  ASSERT_EQ(evaluated.size(), 1);
  const v1::ScorecardMeasure& m = evaluated[0];
  ASSERT_EQ(m.evaluations_size(), 2);
  EXPECT_EQ(m.evaluations(0).indicator_code(), "EVA_A");
  EXPECT_EQ(m.evaluations(0).verdict(), v1::EVALUATION_VERDICT_EFFECT_IMPROVEMENT);
  EXPECT_EQ(m.evaluations(0).label_de(), "Verbesserung");
  EXPECT_NEAR(m.evaluations(0).p_value(), 1.0 / 11, 1e-12);
  EXPECT_EQ(m.evaluations(1).verdict(), v1::EVALUATION_VERDICT_SERIES_BREAK_AT_START);
  EXPECT_FALSE(m.evaluations(1).has_p_value());
}

}  // namespace
}  // namespace integra::api
