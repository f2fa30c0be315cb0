// ScorecardService through a real in-process gRPC server on a free port with a temp RocksDB,
// loaded with the constructed case (tests/scorecard/scenario.h) through the public RPCs: the
// gap report's lagging and not-monitored fields, advice with findings, SYNTHETIC labelling,
// markdown on request, rankings switched off for the deployment, and error codes.
#include "absl/strings/ascii.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "integra/v1/scorecard.grpc.pb.h"
#include "services/api/server.h"
#include "tests/scorecard/scenario.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

namespace sc = scorecard::scenario;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// "action_field" -> NODE_TYPE_ACTION_FIELD through the generated descriptor.
template <typename Enum>
Enum ProtoEnum(const google::protobuf::EnumDescriptor* d, const std::string& prefix,
               const std::string& name) {
  const auto* v = d->FindValueByName(prefix + absl::AsciiStrToUpper(name));
  EXPECT_NE(v, nullptr) << prefix << name;
  return static_cast<Enum>(v == nullptr ? 0 : v->number());
}

class ScorecardServiceTest : public ::testing::Test {
 protected:
  void Start(bool rankings) {
    stub_.reset();
    server_.reset();
    auto server = IntegraServer::Start(
        {.data_dir = dir_.path(), .listen = "127.0.0.1:0", .rankings_enabled = rankings});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto channel = testing::AdminChannel(*server_);
    stub_ = v1::ScorecardService::NewStub(channel);
    monitoring_ = v1::MonitoringService::NewStub(channel);
    knowledge_ = v1::KnowledgeService::NewStub(channel);
  }

  void Load() {
    v1::ImportUnitsRequest units;
    auto add_unit = [&](const std::string& key, const std::string& name, v1::UnitType type) {
      v1::Unit* u = units.mutable_units()->add_units();
      u->set_key(key);
      u->set_name(name);
      u->set_type(type);
    };
    add_unit("01", "Schleswig-Holstein", v1::UNIT_TYPE_LAND);
    for (const auto& k : sc::Landkreise()) add_unit(k.key, k.name, v1::UNIT_TYPE_LANDKREIS);
    {
      v1::ImportUnitsResponse resp;
      grpc::ClientContext ctx;
      ASSERT_TRUE(monitoring_->ImportUnits(&ctx, units, &resp).ok());
      ASSERT_TRUE(resp.applied());
    }

    v1::ApplyKnowledgeRequest apply;
    for (const auto& n : sc::Nodes()) {
      v1::Node* node = apply.mutable_document()->add_nodes();
      node->set_id(n.id);
      node->set_type(ProtoEnum<v1::NodeType>(v1::NodeType_descriptor(), "NODE_TYPE_", n.type));
      node->set_title_de(n.title);
      node->mutable_provenance()->set_year(n.year);
      node->mutable_provenance()->set_sample_size(n.sample_size);
    }
    for (const auto& e : sc::Edges()) {
      v1::Edge* edge = apply.mutable_document()->add_edges();
      edge->set_from(e.from);
      edge->set_to(e.to);
      edge->set_type(ProtoEnum<v1::EdgeType>(v1::EdgeType_descriptor(), "EDGE_TYPE_", e.type));
      edge->set_note(e.note);
    }
    {
      v1::ApplyKnowledgeResponse resp;
      grpc::ClientContext ctx;
      grpc::Status s = knowledge_->ApplyKnowledge(&ctx, apply, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }

    for (const auto& spec : sc::Indicators()) {
      v1::CreateIndicatorRequest req;
      v1::Indicator* ind = req.mutable_indicator();
      ind->set_code(spec.code);
      ind->set_name_de(spec.name);
      ind->set_unit(v1::MEASURE_UNIT_PERCENT);
      ind->set_polarity(
          ProtoEnum<v1::Polarity>(v1::Polarity_descriptor(), "POLARITY_", spec.polarity));
      ind->set_ranking_allowed(spec.ranking_allowed);
      for (const char* f : spec.fields) req.add_action_field_ids(f);
      v1::Indicator out;
      grpc::ClientContext ctx;
      grpc::Status s = monitoring_->CreateIndicator(&ctx, req, &out);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    for (const auto& v : sc::Values()) {
      v1::PutObservationRequest req;
      v1::Observation* o = req.mutable_observation();
      o->set_indicator_code(v.code);
      o->set_unit_key(v.unit);
      o->set_period(v.period);
      o->set_source(v.source);
      const std::string flags = v.flags;
      if (flags == "suppressed") {
        o->add_flags(v1::OBSERVATION_FLAG_SUPPRESSED);
      } else {
        o->set_value(v.value);
      }
      if (flags == "synthetic") o->add_flags(v1::OBSERVATION_FLAG_SYNTHETIC);
      v1::PutObservationResponse resp;
      grpc::ClientContext ctx;
      grpc::Status s = monitoring_->PutObservation(&ctx, req, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    v1::SetTargetRequest target;
    target.mutable_target()->mutable_key()->set_indicator_code("ALQ");
    target.mutable_target()->mutable_key()->set_unit_key(sc::kUnit);
    target.mutable_target()->mutable_key()->set_target_period("2025");
    target.mutable_target()->set_target_value(5);
    v1::Target out;
    grpc::ClientContext ctx;
    ASSERT_TRUE(monitoring_->SetTarget(&ctx, target, &out).ok());
  }

  grpc::Status Get(const std::string& unit, const std::string& period, bool markdown,
                   v1::Scorecard* out, const std::string& group = "") {
    v1::GetScorecardRequest req;
    req.set_unit_key(unit);
    req.set_period(period);
    req.set_include_markdown(markdown);
    if (!group.empty()) {
      req.mutable_peers()->set_scope(v1::PEER_SCOPE_GROUP);
      req.mutable_peers()->set_group(group);
    }
    grpc::ClientContext ctx;
    return stub_->GetScorecard(&ctx, req, out);
  }

  static const v1::ScorecardField& Field(const v1::Scorecard& s, const std::string& id) {
    for (const auto& f : s.fields()) {
      if (f.id() == id) return f;
    }
    ADD_FAILURE() << "no field " << id;
    return v1::ScorecardField::default_instance();
  }
  static const v1::ScorecardIndicator& Ind(const v1::ScorecardField& f, const std::string& code) {
    for (const auto& c : f.indicators()) {
      if (c.code() == code) return c;
    }
    ADD_FAILURE() << "no indicator " << code;
    return v1::ScorecardIndicator::default_instance();
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::unique_ptr<v1::ScorecardService::Stub> stub_;
  std::unique_ptr<v1::MonitoringService::Stub> monitoring_;
  std::unique_ptr<v1::KnowledgeService::Stub> knowledge_;
};

TEST_F(ScorecardServiceTest, GapReportOfTheConstructedCase) {
  Start(true);
  Load();
  v1::Scorecard s;
  grpc::Status st = Get(sc::kUnit, sc::kPeriod, false, &s);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(s.unit_name(), "Dithmarschen");
  EXPECT_EQ(s.peer_count(), 6);
  EXPECT_TRUE(s.rankings_enabled());
  EXPECT_FALSE(s.rule().empty());
  EXPECT_EQ(std::vector<std::string>(s.lagging_field_ids().begin(), s.lagging_field_ids().end()),
            sc::kLagging);
  EXPECT_EQ(std::vector<std::string>(s.not_monitored_field_ids().begin(),
                                     s.not_monitored_field_ids().end()),
            sc::kNotMonitored);
  EXPECT_TRUE(s.markdown().empty());  // only on request

  const v1::ScorecardField& arbeit = Field(s, "af.arbeit");
  EXPECT_EQ(arbeit.status(), v1::FIELD_STATUS_LAGGING);
  EXPECT_EQ(arbeit.assessable(), 2);
  EXPECT_EQ(arbeit.bottom_quartile(), 2);
  EXPECT_TRUE(arbeit.rests_on_synthetic());
  ASSERT_EQ(arbeit.recommendations_size(), 1);
  EXPECT_EQ(arbeit.recommendations(0).id(), "rec.arbeit");
  ASSERT_EQ(arbeit.recommendations(0).evidence_size(), 1);
  EXPECT_EQ(arbeit.recommendations(0).evidence(0).id(), "fnd.a");
  EXPECT_EQ(arbeit.recommendations(0).evidence(0).note(), "Befragung nennt Arbeit zuerst");
  ASSERT_EQ(arbeit.success_factors_size(), 1);
  EXPECT_EQ(arbeit.success_factors(0).id(), "sf.vernetzung");
  EXPECT_EQ(arbeit.success_factors(0).evidence(0).id(), "fnd.b");
  ASSERT_EQ(arbeit.findings_size(), 1);
  EXPECT_EQ(arbeit.findings(0).id(), "fnd.d");

  const v1::ScorecardIndicator& besch = Ind(arbeit, "BESCH");
  EXPECT_TRUE(besch.value().synthetic());
  ASSERT_EQ(besch.value().flags_size(), 1);
  EXPECT_EQ(besch.value().flags(0), v1::OBSERVATION_FLAG_SYNTHETIC);
  EXPECT_TRUE(besch.bottom_quartile());
  const v1::ScorecardIndicator& alq = Ind(arbeit, "ALQ");
  EXPECT_EQ(alq.position().rank(), 6);
  EXPECT_EQ(alq.position().quartile(), v1::QUARTILE_POSITION_BOTTOM);
  EXPECT_EQ(alq.trend().direction(), v1::TREND_DIRECTION_IMPROVING);
  EXPECT_EQ(alq.target().status(), v1::TARGET_STATUS_OFF_TRACK);
  EXPECT_EQ(Ind(Field(s, "af.verwaltung"), "VERW").value().status(), v1::VALUE_STATUS_SUPPRESSED);
  EXPECT_TRUE(Ind(Field(s, "af.bildung"), "SCHULAB").value().earlier_period());
  EXPECT_EQ(Field(s, "af.bildung").status(), v1::FIELD_STATUS_NOT_LAGGING);
  EXPECT_EQ(Field(s, "af.netzwerke").status(), v1::FIELD_STATUS_NOT_MONITORED);
  EXPECT_TRUE(s.has_synthetic());
  ASSERT_EQ(s.attributions_size(), 2);
  EXPECT_EQ(s.attributions(1).text(), "INKAR, BBSR Bonn");
  EXPECT_EQ(s.attributions(1).licence(), "dl-de/by-2-0");

  v1::Scorecard with_md;
  ASSERT_TRUE(Get(sc::kUnit, sc::kPeriod, true, &with_md).ok());
  EXPECT_TRUE(Has(with_md.markdown(), "Scorecard Dithmarschen (01051), 2021"));
  EXPECT_TRUE(Has(with_md.markdown(), "**SYNTHETIC**"));
  EXPECT_TRUE(Has(with_md.markdown(), "| Rang |"));
}

TEST_F(ScorecardServiceTest, RankingsOffForTheDeployment) {
  Start(false);
  Load();
  v1::Scorecard s;
  ASSERT_TRUE(Get(sc::kUnit, sc::kPeriod, true, &s).ok());
  EXPECT_FALSE(s.rankings_enabled());
  EXPECT_TRUE(Has(s.rankings_note(), "no-rankings")) << s.rankings_note();
  for (const auto& f : s.fields()) {
    for (const auto& c : f.indicators()) EXPECT_FALSE(c.position().has_rank()) << c.code();
  }
  EXPECT_EQ(Ind(Field(s, "af.arbeit"), "ALQ").position().quartile(), v1::QUARTILE_POSITION_BOTTOM);
  EXPECT_EQ(s.lagging_field_ids_size(), 1);
  EXPECT_FALSE(Has(s.markdown(), "| Rang |")) << s.markdown();
}

TEST_F(ScorecardServiceTest, ErrorCodes) {
  Start(true);
  Load();
  v1::Scorecard s;
  EXPECT_EQ(Get("01059", "2021", false, &s).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("1", "2021", false, &s).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Get(sc::kUnit, "2021-07", false, &s).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Get(sc::kUnit, "", false, &s).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  grpc::Status st = Get(sc::kUnit, "2021", false, &s, "nope");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Has(st.error_message(), "nope")) << st.error_message();
}

TEST_F(ScorecardServiceTest, ASuppressedValueNeverReachesTheScorecard) {
  Start(true);
  Load();
  // The suppressed cell now carries a value in storage; no caller sees it in the scorecard
  // (it is missing there for everyone), whatever its scope.
  v1::PutObservationRequest put;
  put.mutable_observation()->set_indicator_code("VERW");
  put.mutable_observation()->set_unit_key(sc::kUnit);
  put.mutable_observation()->set_period("2021");
  put.mutable_observation()->set_value(87.625);
  put.mutable_observation()->add_flags(v1::OBSERVATION_FLAG_SUPPRESSED);
  v1::PutObservationResponse resp;
  grpc::ClientContext pctx;
  const grpc::Status put_status = monitoring_->PutObservation(&pctx, put, &resp);
  ASSERT_TRUE(put_status.ok()) << put_status.error_message();
  for (const auto& [role, scope] : std::vector<std::pair<security::Role, std::string>>{
           {security::Role::kReader, "09"}, {security::Role::kReader, "01"},
           {security::Role::kAdmin, ""}}) {
    auto stub = v1::ScorecardService::NewStub(
        testing::TokenChannel(server_->address(), testing::NewToken(*server_, role, scope)));
    v1::GetScorecardRequest req;
    req.set_unit_key(sc::kUnit);
    req.set_period(sc::kPeriod);
    req.set_include_markdown(true);
    v1::Scorecard s;
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->GetScorecard(&ctx, req, &s).ok());
    const v1::ScorecardIndicator& verw = Ind(Field(s, "af.verwaltung"), "VERW");
    EXPECT_EQ(verw.value().status(), v1::VALUE_STATUS_SUPPRESSED) << scope;
    EXPECT_FALSE(verw.value().has_value()) << scope;
    EXPECT_EQ(s.DebugString().find("87.625"), std::string::npos) << scope;
  }
}

}  // namespace
}  // namespace integra::api
