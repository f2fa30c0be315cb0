// MonitoringService analyses through a real in-process gRPC server on a free port with a temp
// RocksDB: peer groups, peer comparison (also with rankings switched off for the deployment),
// targets, trends, gap indicators, roll-ups, territorial reforms and series on a Gebietsstand.
#include <cmath>

#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

class MonitoringAnalyticsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(true); }

  void Start(bool rankings) {
    stub_.reset();
    server_.reset();
    auto server = IntegraServer::Start(
        {.data_dir = dir_.path(), .listen = "127.0.0.1:0", .rankings_enabled = rankings});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::MonitoringService::NewStub(testing::AdminChannel(*server_));
  }

  static v1::Unit U(const std::string& key, const std::string& name, v1::UnitType type,
                    int64_t population = 0, const std::string& valid_from = "") {
    v1::Unit u;
    u.set_key(key);
    u.set_name(name);
    u.set_type(type);
    if (population > 0) u.set_population(population);
    u.set_valid_from(valid_from);
    return u;
  }

  // Two Länder, two Landkreise, five Gemeinden; ALQ (lower is better, by nationality), BEV
  // (sum) and the gap indicator ALQ_GAP.
  void SetUpData() {
    v1::ImportUnitsRequest req;
    auto* b = req.mutable_units();
    const auto gem = v1::UNIT_TYPE_KREISANGEHOERIGE_GEMEINDE;
    *b->add_units() = U("01", "Schleswig-Holstein", v1::UNIT_TYPE_LAND);
    *b->add_units() = U("05", "Nordrhein-Westfalen", v1::UNIT_TYPE_LAND);
    *b->add_units() = U("01051", "Dithmarschen", v1::UNIT_TYPE_LANDKREIS);
    *b->add_units() = U("05962", "Märkischer Kreis", v1::UNIT_TYPE_LANDKREIS);
    *b->add_units() = U("01051001", "A", gem, 10000);
    *b->add_units() = U("01051002", "B", gem, 8000);
    *b->add_units() = U("01051003", "C", gem, 6000);
    *b->add_units() = U("01051004", "D", gem, 900);
    *b->add_units() = U("05962004", "E", gem, 12000);
    *b->add_units() = U("01051010", "A+B", gem, 18000, "2017-01-01");
    v1::ImportUnitsResponse resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ImportUnits(&ctx, req, &resp).ok());
    ASSERT_TRUE(resp.applied()) << resp.DebugString();

    auto create = [&](const std::string& code, v1::MeasureUnit unit, v1::Polarity polarity,
                      v1::AggregationKind agg, bool by_nationality) {
      v1::CreateIndicatorRequest creq;
      auto* ind = creq.mutable_indicator();
      ind->set_code(code);
      ind->set_name_de(code);
      ind->set_unit(unit);
      ind->set_polarity(polarity);
      ind->mutable_aggregation()->set_kind(agg);
      if (by_nationality) {
        auto* d = ind->add_dimensions();
        d->set_name("nationality");
        d->add_values("german");
        d->add_values("foreign");
      }
      v1::Indicator out;
      grpc::ClientContext c;
      grpc::Status s = stub_->CreateIndicator(&c, creq, &out);
      ASSERT_TRUE(s.ok()) << s.error_message();
    };
    create("ALQ", v1::MEASURE_UNIT_PERCENT, v1::POLARITY_LOWER_IS_BETTER, v1::AGGREGATION_KIND_NONE,
           true);
    create("BEV", v1::MEASURE_UNIT_COUNT, v1::POLARITY_NEUTRAL, v1::AGGREGATION_KIND_SUM, false);

    v1::IngestObservationsRequest rows;
    auto add = [&](const std::string& code, const std::string& unit, const std::string& period,
                   double value, const std::string& nationality = "") {
      auto* o = rows.add_rows();
      o->set_indicator_code(code);
      o->set_unit_key(unit);
      o->set_period(period);
      o->set_value(value);
      o->set_source("Bundesagentur für Arbeit");
      if (!nationality.empty()) (*o->mutable_breakdown())["nationality"] = nationality;
    };
    add("ALQ", "01051001", "2016", 5);
    add("ALQ", "01051002", "2016", 7);
    add("ALQ", "01051003", "2016", 5);
    add("ALQ", "05962004", "2016", 9);
    add("ALQ", "01051004", "2016", 1);  // a Landgemeinde: no peer of the Kleinstädte
    for (const auto& [period, value] : std::vector<std::pair<std::string, double>>{
             {"2012", 9}, {"2013", 8}, {"2014", 7}, {"2015", 6}}) {
      add("ALQ", "01051001", period, value);
    }
    add("ALQ", "01051001", "2015", 14, "foreign");
    add("ALQ", "01051001", "2015", 6, "german");
    add("ALQ", "01051001", "2016", 12, "foreign");
    add("ALQ", "01051001", "2016", 6, "german");
    add("BEV", "01051001", "2016", 10000);
    add("BEV", "01051002", "2016", 8000);
    add("BEV", "01051003", "2016", 6000);
    add("BEV", "01051", "2016", 25000);  // official Kreis value
    add("BEV", "01051010", "2017", 18100);
    grpc::ClientContext ictx;
    v1::IngestObservationsResponse iresp;
    auto writer = stub_->IngestObservations(&ictx, &iresp);
    ASSERT_TRUE(writer->Write(rows));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    ASSERT_EQ(iresp.batches_applied(), 1) << iresp.DebugString();
  }

  grpc::Status Compare(const std::string& unit, v1::ComparePeersResponse* resp,
                       v1::PeerScope scope = v1::PEER_SCOPE_DEFAULT, const std::string& group = "",
                       const std::string& period = "2016") {
    v1::ComparePeersRequest req;
    req.set_indicator_code("ALQ");
    req.set_unit_key(unit);
    req.set_period(period);
    req.mutable_peers()->set_scope(scope);
    req.mutable_peers()->set_group(group);
    grpc::ClientContext ctx;
    return stub_->ComparePeers(&ctx, req, resp);
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::unique_ptr<v1::MonitoringService::Stub> stub_;
};

TEST_F(MonitoringAnalyticsServiceTest, PeerGroupsAreStoredAndResolved) {
  SetUpData();
  v1::CreatePeerGroupRequest create;
  create.mutable_group()->set_name("nord-west");
  create.mutable_group()->set_title("Nord-West");
  create.mutable_group()->add_member_keys("05962004");
  create.mutable_group()->add_member_keys("01051002");
  v1::PeerGroup group;
  grpc::ClientContext c1;
  ASSERT_TRUE(stub_->CreatePeerGroup(&c1, create, &group).ok());
  EXPECT_EQ(group.level(), v1::UNIT_LEVEL_GEMEINDE);
  EXPECT_EQ(group.member_keys(0), "01051002");
  grpc::ClientContext c2;
  EXPECT_EQ(stub_->CreatePeerGroup(&c2, create, &group).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  v1::ListPeerGroupsResponse list;
  grpc::ClientContext c3;
  ASSERT_TRUE(stub_->ListPeerGroups(&c3, {}, &list).ok());
  ASSERT_EQ(list.groups_size(), 1);

  v1::ResolvePeersRequest resolve;
  resolve.set_unit_key("01051001");
  resolve.set_period("2016");  // 01051010 (a Kleinstadt too) exists from 2017
  v1::ResolvePeersResponse peers;
  grpc::ClientContext c4;
  ASSERT_TRUE(stub_->ResolvePeers(&c4, resolve, &peers).ok());
  EXPECT_EQ(std::vector<std::string>(peers.unit_keys().begin(), peers.unit_keys().end()),
            (std::vector<std::string>{"01051001", "01051002", "01051003", "05962004"}));
  // The register's names, parallel to the keys (the CLI prints them beside the keys).
  EXPECT_EQ(std::vector<std::string>(peers.unit_names().begin(), peers.unit_names().end()),
            (std::vector<std::string>{"A", "B", "C", "E"}));
  resolve.mutable_peers()->set_scope(v1::PEER_SCOPE_LAND);
  grpc::ClientContext c5;
  ASSERT_TRUE(stub_->ResolvePeers(&c5, resolve, &peers).ok());
  EXPECT_EQ(peers.unit_keys_size(), 3);
  resolve.mutable_peers()->set_scope(v1::PEER_SCOPE_GROUP);
  resolve.mutable_peers()->set_group("nord-west");
  grpc::ClientContext c6;
  ASSERT_TRUE(stub_->ResolvePeers(&c6, resolve, &peers).ok());
  EXPECT_FALSE(peers.unit_is_member());
  EXPECT_EQ(peers.unit_keys_size(), 3);

  v1::DeletePeerGroupRequest del;
  del.set_name("nord-west");
  v1::DeletePeerGroupResponse deleted;
  grpc::ClientContext c7;
  ASSERT_TRUE(stub_->DeletePeerGroup(&c7, del, &deleted).ok());
  grpc::ClientContext c8;
  EXPECT_EQ(stub_->DeletePeerGroup(&c8, del, &deleted).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(MonitoringAnalyticsServiceTest, ComparePeersReportsPositionAndDistribution) {
  SetUpData();
  v1::ComparePeersResponse r;
  ASSERT_TRUE(Compare("01051001", &r).ok());
  EXPECT_EQ(r.peer_count(), 4);
  EXPECT_EQ(r.n(), 4);
  EXPECT_TRUE(r.rankings_enabled());
  ASSERT_TRUE(r.has_rank());
  EXPECT_EQ(r.rank(), 1);  // tied with 01051003
  EXPECT_EQ(r.tied(), 1);
  EXPECT_NEAR(r.percentile(), 100 * 2.5 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(r.min(), 5);
  EXPECT_DOUBLE_EQ(r.q1(), 5);
  EXPECT_DOUBLE_EQ(r.median(), 6);
  EXPECT_DOUBLE_EQ(r.q3(), 7.5);
  EXPECT_DOUBLE_EQ(r.max(), 9);
  EXPECT_DOUBLE_EQ(r.mean(), 6.5);
  EXPECT_NEAR(r.stddev(), std::sqrt(11.0 / 3), 1e-12);
  EXPECT_NEAR(r.z(), -1.5 / std::sqrt(11.0 / 3), 1e-12);
  EXPECT_EQ(r.quartile(), v1::QUARTILE_POSITION_TOP);
  EXPECT_EQ(r.polarity(), v1::POLARITY_LOWER_IS_BETTER);

  v1::ComparePeersResponse none;
  grpc::Status s = Compare("01051001", &none, v1::PEER_SCOPE_DEFAULT, "", "2010");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  s = Compare("01051001", &none, v1::PEER_SCOPE_GROUP, "nope");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  s = Compare("01051001", &none, v1::PEER_SCOPE_GROUP, "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::GetRankTrajectoryRequest treq;
  treq.set_indicator_code("ALQ");
  treq.set_unit_key("01051001");
  treq.set_from_period("2015");
  treq.set_to_period("2016");
  v1::GetRankTrajectoryResponse traj;
  grpc::ClientContext tctx;
  ASSERT_TRUE(stub_->GetRankTrajectory(&tctx, treq, &traj).ok());
  ASSERT_EQ(traj.points_size(), 2);
  EXPECT_EQ(traj.points(0).n(), 1);
  EXPECT_EQ(traj.points(0).rank(), 1);
  EXPECT_FALSE(traj.points(0).has_percentile());  // n = 1
  EXPECT_EQ(traj.points(1).rank(), 1);
}

TEST_F(MonitoringAnalyticsServiceTest, RankingsSwitchedOffForTheDeployment) {
  SetUpData();
  Start(/*rankings=*/false);
  v1::ComparePeersResponse r;
  ASSERT_TRUE(Compare("05962004", &r).ok());
  EXPECT_FALSE(r.rankings_enabled());
  EXPECT_NE(r.rankings_note().find("--no-rankings"), std::string::npos);
  EXPECT_FALSE(r.has_rank());
  EXPECT_FALSE(r.has_better());
  EXPECT_EQ(r.quartile(), v1::QUARTILE_POSITION_BOTTOM);
  EXPECT_DOUBLE_EQ(r.diff_to_median(), 3);
  EXPECT_TRUE(r.has_percentile());
}

TEST_F(MonitoringAnalyticsServiceTest, PeerBandIsComparePeersPerPeriodInOneCall) {
  SetUpData();
  v1::GetPeerBandRequest req;
  req.set_indicator_code("ALQ");
  req.set_unit_key("01051001");
  req.set_from_period("2011");
  req.set_to_period("2016");
  v1::GetPeerBandResponse band;
  grpc::ClientContext ctx;
  grpc::Status s = stub_->GetPeerBand(&ctx, req, &band);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(band.unit_key(), "01051001");
  EXPECT_EQ(band.polarity(), v1::POLARITY_LOWER_IS_BETTER);
  ASSERT_EQ(band.points_size(), 6);
  // 2011: nobody has a value; a point without quantiles.
  EXPECT_EQ(band.points(0).period(), "2011");
  EXPECT_EQ(band.points(0).n(), 0);
  EXPECT_FALSE(band.points(0).has_median());
  EXPECT_FALSE(band.points(0).has_value());
  // 2012..2015: only the unit itself has a value.
  EXPECT_EQ(band.points(1).n(), 1);
  EXPECT_DOUBLE_EQ(band.points(1).value(), 9);
  EXPECT_DOUBLE_EQ(band.points(1).q1(), 9);
  EXPECT_DOUBLE_EQ(band.points(1).q3(), 9);
  // 2016 equals ComparePeers for 2016.
  const v1::PeerBandPoint& last = band.points(5);
  v1::ComparePeersResponse cmp;
  ASSERT_TRUE(Compare("01051001", &cmp).ok());
  EXPECT_EQ(last.period(), "2016");
  EXPECT_EQ(last.peer_count(), cmp.peer_count());
  EXPECT_EQ(last.n(), cmp.n());
  EXPECT_EQ(last.q1(), cmp.q1());
  EXPECT_EQ(last.median(), cmp.median());
  EXPECT_EQ(last.q3(), cmp.q3());
  EXPECT_EQ(last.value(), cmp.value());
  EXPECT_DOUBLE_EQ(last.q1(), 5);
  EXPECT_DOUBLE_EQ(last.median(), 6);
  EXPECT_DOUBLE_EQ(last.q3(), 7.5);
  ASSERT_EQ(band.sources_size(), 1);
  EXPECT_EQ(band.sources(0), "Bundesagentur für Arbeit");

  req.mutable_peers()->set_scope(v1::PEER_SCOPE_GROUP);
  req.mutable_peers()->set_group("nope");
  grpc::ClientContext c2;
  EXPECT_EQ(stub_->GetPeerBand(&c2, req, &band).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(MonitoringAnalyticsServiceTest, LeagueTableRanksALevel) {
  SetUpData();
  v1::GetLeagueTableRequest req;
  req.set_indicator_code("ALQ");
  req.set_period("2016");
  req.set_level(v1::UNIT_LEVEL_GEMEINDE);
  v1::GetLeagueTableResponse league;
  grpc::ClientContext ctx;
  grpc::Status s = stub_->GetLeagueTable(&ctx, req, &league);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(league.units(), 5);  // 01051010 exists from 2017
  EXPECT_EQ(league.missing(), 0);
  std::vector<std::pair<int, std::string>> ranks;
  for (const auto& r : league.rows()) ranks.emplace_back(r.rank(), r.unit_key());
  EXPECT_EQ(
      ranks,
      (std::vector<std::pair<int, std::string>>{
          {1, "01051004"}, {2, "01051001"}, {2, "01051003"}, {4, "01051002"}, {5, "05962004"}}));
  EXPECT_EQ(league.rows(0).name(), "D");
  EXPECT_DOUBLE_EQ(league.rows(0).percentile(), 100);

  req.set_within("05");
  grpc::ClientContext c2;
  ASSERT_TRUE(stub_->GetLeagueTable(&c2, req, &league).ok());
  ASSERT_EQ(league.rows_size(), 1);
  EXPECT_FALSE(league.rows(0).has_percentile());  // a single unit

  // A --within that holds no unit of the level says so instead of printing an empty table.
  req.set_within("05958");  // a well-formed Kreis key the register does not hold
  grpc::ClientContext c2b;
  grpc::Status none = stub_->GetLeagueTable(&c2b, req, &league);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(none.error_message(), "within 05958: no such unit in the register");
  req.set_within("05");

  req.set_level(v1::UNIT_LEVEL_UNSPECIFIED);
  grpc::ClientContext c3;
  EXPECT_EQ(stub_->GetLeagueTable(&c3, req, &league).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  Start(/*rankings=*/false);
  req.set_level(v1::UNIT_LEVEL_KREIS);
  grpc::ClientContext c4;
  s = stub_->GetLeagueTable(&c4, req, &league);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("--no-rankings"), std::string::npos) << s.error_message();
}

TEST_F(MonitoringAnalyticsServiceTest, TargetsAndTheirStatus) {
  SetUpData();
  v1::SetTargetRequest set;
  auto* t = set.mutable_target();
  t->mutable_key()->set_indicator_code("ALQ");
  t->mutable_key()->set_unit_key("01051001");
  t->mutable_key()->set_target_period("2020");
  t->set_target_value(2);
  t->set_note("Ratsbeschluss 2016");
  v1::Target stored;
  grpc::ClientContext c1;
  grpc::Status s = stub_->SetTarget(&c1, set, &stored);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(stored.note(), "Ratsbeschluss 2016");

  v1::GetTargetStatusRequest status_req;
  status_req.set_unit_key("01051001");
  v1::GetTargetStatusResponse status;
  grpc::ClientContext c2;
  ASSERT_TRUE(stub_->GetTargetStatus(&c2, status_req, &status).ok());
  ASSERT_EQ(status.entries_size(), 1);
  // 9, 8, 7, 6, 5 (2012-2016): -1 a year reaches 1 in 2020 <= 2.
  const v1::TargetAssessment& a = status.entries(0).assessment();
  EXPECT_EQ(a.status(), v1::TARGET_STATUS_ON_TRACK);
  EXPECT_EQ(a.latest_period(), "2016");
  EXPECT_NEAR(a.projected_value(), 1, 1e-9);
  EXPECT_NEAR(a.slope(), -1, 1e-9);

  v1::ListTargetsRequest list_req;
  list_req.set_indicator_code("ALQ");
  v1::ListTargetsResponse list;
  grpc::ClientContext c3;
  ASSERT_TRUE(stub_->ListTargets(&c3, list_req, &list).ok());
  EXPECT_EQ(list.targets_size(), 1);

  grpc::ClientContext c4;
  v1::DeleteTargetResponse deleted;
  ASSERT_TRUE(stub_->DeleteTarget(&c4, t->key(), &deleted).ok());
  grpc::ClientContext c5;
  EXPECT_EQ(stub_->GetTarget(&c5, t->key(), &stored).error_code(), grpc::StatusCode::NOT_FOUND);
  t->mutable_key()->set_unit_key("01051999");
  grpc::ClientContext c6;
  EXPECT_EQ(stub_->SetTarget(&c6, set, &stored).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(MonitoringAnalyticsServiceTest, TrendsAndGapIndicators) {
  SetUpData();
  v1::GetTrendRequest treq;
  treq.set_indicator_code("ALQ");
  treq.set_unit_key("01051001");
  v1::GetTrendResponse trend;
  grpc::ClientContext c1;
  ASSERT_TRUE(stub_->GetTrend(&c1, treq, &trend).ok());
  EXPECT_EQ(trend.points_size(), 5);
  EXPECT_EQ(trend.window(), 3);
  EXPECT_DOUBLE_EQ(trend.absolute_change(), -4);
  EXPECT_NEAR(trend.cagr(), std::pow(5.0 / 9, 0.25) - 1, 1e-12);
  EXPECT_NEAR(trend.r_squared(), 1, 1e-12);
  EXPECT_FALSE(trend.points(1).has_moving_average());
  EXPECT_DOUBLE_EQ(trend.points(2).moving_average(), 8);
  EXPECT_EQ(trend.sources(0), "Bundesagentur für Arbeit");

  v1::CreateIndicatorRequest creq;
  auto* gap = creq.mutable_indicator();
  gap->set_code("ALQ_GAP");
  gap->set_name_de("Abstand ALQ Ausländer - Deutsche");
  gap->set_unit(v1::MEASURE_UNIT_PERCENT);
  gap->set_polarity(v1::POLARITY_LOWER_IS_BETTER);
  gap->mutable_gap()->set_base_code("ALQ");
  gap->mutable_gap()->set_dimension("nationality");
  gap->mutable_gap()->set_focus("foreign");
  gap->mutable_gap()->set_reference("german");
  v1::Indicator created;
  grpc::ClientContext c2;
  grpc::Status s = stub_->CreateIndicator(&c2, creq, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.gap().kind(), v1::GAP_KIND_DIFFERENCE);

  v1::GetSeriesRequest sreq;
  sreq.set_indicator_code("ALQ_GAP");
  sreq.add_unit_keys("01051001");
  v1::GetSeriesResponse series;
  grpc::ClientContext c3;
  ASSERT_TRUE(stub_->GetSeries(&c3, sreq, &series).ok());
  ASSERT_EQ(series.series(0).points_size(), 2);
  EXPECT_DOUBLE_EQ(series.series(0).points(0).value(), 8);
  EXPECT_DOUBLE_EQ(series.series(0).points(1).value(), 6);
  EXPECT_FALSE(series.series(0).points(1).derivation().empty());

  v1::GetGapSeriesRequest greq;
  greq.set_gap_code("ALQ_GAP");
  greq.set_unit_key("01051001");
  greq.set_target_period("2019");
  v1::GetGapSeriesResponse gaps;
  grpc::ClientContext c4;
  ASSERT_TRUE(stub_->GetGapSeries(&c4, greq, &gaps).ok());
  ASSERT_EQ(gaps.points_size(), 2);
  EXPECT_DOUBLE_EQ(gaps.points(1).focus(), 12);
  EXPECT_DOUBLE_EQ(gaps.parity(), 0);
  // Parity is neutral: -2 a year from 6 in 2016 reaches 0 exactly in 2019 (later it would
  // overshoot, which counts as distance too).
  EXPECT_EQ(gaps.parity_assessment().status(), v1::TARGET_STATUS_ON_TRACK);

  v1::PutObservationRequest put;
  put.mutable_observation()->set_indicator_code("ALQ_GAP");
  put.mutable_observation()->set_unit_key("01051001");
  put.mutable_observation()->set_period("2017");
  put.mutable_observation()->set_value(1);
  v1::PutObservationResponse put_resp;
  grpc::ClientContext c5;
  EXPECT_EQ(stub_->PutObservation(&c5, put, &put_resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(MonitoringAnalyticsServiceTest, RollUpsReformsAndGebietsstand) {
  SetUpData();
  v1::RollUpRequest rreq;
  rreq.set_indicator_code("BEV");
  rreq.set_period("2016");
  rreq.set_level(v1::UNIT_LEVEL_KREIS);
  rreq.set_parent_key("01");
  v1::RollUpResponse rollup;
  grpc::ClientContext c1;
  ASSERT_TRUE(stub_->RollUp(&c1, rreq, &rollup).ok());
  ASSERT_EQ(rollup.rows_size(), 1);
  const v1::RollUpRow& row = rollup.rows(0);
  EXPECT_EQ(row.unit_key(), "01051");
  EXPECT_DOUBLE_EQ(row.computed(), 24000);
  EXPECT_DOUBLE_EQ(row.official(), 25000);
  EXPECT_DOUBLE_EQ(row.effective(), 25000);
  EXPECT_EQ(row.source(), v1::VALUE_SOURCE_OFFICIAL);
  EXPECT_DOUBLE_EQ(row.difference(), -1000);
  EXPECT_EQ(row.members_total(), 4);  // 01051010 did not exist yet in 2016
  EXPECT_EQ(row.members_reporting(), 3);
  EXPECT_EQ(row.not_reporting(0), "01051004");
  rreq.set_indicator_code("ALQ");
  grpc::ClientContext c2;
  EXPECT_EQ(stub_->RollUp(&c2, rreq, &rollup).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  v1::CreateReformRequest create;
  auto* reform = create.mutable_reform();
  reform->set_id("sh-2017");
  reform->set_effective_date("2017-01-01");
  for (const char* pred : {"01051001", "01051002"}) {
    auto* c = reform->add_changes();
    c->set_predecessor(pred);
    c->set_successor("01051010");
    c->set_share(1);
  }
  v1::Reform stored;
  grpc::ClientContext c3;
  grpc::Status s = stub_->CreateReform(&c3, create, &stored);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(stored.ended_units_size(), 2);
  v1::ListReformsResponse reforms;
  grpc::ClientContext c4;
  ASSERT_TRUE(stub_->ListReforms(&c4, {}, &reforms).ok());
  EXPECT_EQ(reforms.reforms_size(), 1);
  v1::GetUnitRequest get;
  get.set_key("01051002");
  v1::Unit ended;
  grpc::ClientContext c5;
  ASSERT_TRUE(stub_->GetUnit(&c5, get, &ended).ok());
  EXPECT_EQ(ended.valid_to(), "2016-12-31");

  v1::GetSeriesRequest sreq;
  sreq.set_indicator_code("BEV");
  sreq.add_unit_keys("01051010");
  sreq.set_territory_date("2017-01-01");
  v1::GetSeriesResponse series;
  grpc::ClientContext c6;
  ASSERT_TRUE(stub_->GetSeries(&c6, sreq, &series).ok());
  ASSERT_EQ(series.series(0).points_size(), 2);
  EXPECT_DOUBLE_EQ(series.series(0).points(0).value(), 18000);
  EXPECT_NE(series.series(0).points(0).derivation().find("sh-2017"), std::string::npos);
  EXPECT_DOUBLE_EQ(series.series(0).points(1).value(), 18100);
  sreq.set_unit_keys(0, "01051001");
  grpc::ClientContext c7;
  s = stub_->GetSeries(&c7, sreq, &series);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("01051010"), std::string::npos);
  sreq.set_territory_date("2017-02-30");
  grpc::ClientContext c8;
  EXPECT_EQ(stub_->GetSeries(&c8, sreq, &series).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace integra::api
