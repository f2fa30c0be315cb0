// MonitoringService through a real in-process gRPC server on a free port with a temp RocksDB.
#include "services/api/monitoring_service.h"

#include <latch>
#include <map>
#include <thread>

#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

using testing::ReadReference;

class MonitoringServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = IntegraServer::Start({.data_dir = dir_.path(), .listen = "127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto channel = testing::AdminChannel(*server_);
    stub_ = v1::MonitoringService::NewStub(channel);
    kb_ = v1::KnowledgeService::NewStub(channel);
  }

  grpc::Status ImportFile(const std::string& name, v1::ImportUnitsResponse* resp) {
    v1::ImportUnitsRequest req;
    req.set_register_csv(ReadReference(name));
    grpc::ClientContext ctx;
    return stub_->ImportUnits(&ctx, req, resp);
  }

  void SetUpUnitsAndIndicator() {
    v1::ImportUnitsResponse resp;
    ASSERT_TRUE(ImportFile("laender.csv", &resp).ok());
    ASSERT_TRUE(ImportFile("kreise_gv100ad_2023-11-30.csv", &resp).ok());
    ASSERT_TRUE(resp.applied());
    v1::CreateNodeRequest node;
    node.mutable_node()->set_id("af.integration");
    node.mutable_node()->set_type(v1::NODE_TYPE_ACTION_FIELD);
    node.mutable_node()->set_title_de("Integration");
    v1::Node created;
    grpc::ClientContext kctx;
    ASSERT_TRUE(kb_->CreateNode(&kctx, node, &created).ok());

    v1::CreateIndicatorRequest req;
    auto* ind = req.mutable_indicator();
    ind->set_code("AUSL_ANTEIL");
    ind->set_name_de("Ausländeranteil");
    ind->mutable_sheet()->set_definition("Anteil der Ausländer an der Bevölkerung in %");
    ind->mutable_sheet()->set_data_source("INKAR, BBSR Bonn");
    ind->set_unit(v1::MEASURE_UNIT_PERCENT);
    ind->set_polarity(v1::POLARITY_NEUTRAL);
    auto* dim = ind->add_dimensions();
    dim->set_name("sex");
    dim->add_values("m");
    dim->add_values("f");
    req.add_action_field_ids("af.integration");
    v1::Indicator resp_ind;
    grpc::ClientContext ctx;
    grpc::Status s = stub_->CreateIndicator(&ctx, req, &resp_ind);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static v1::Observation Obs(const std::string& unit, const std::string& period, double value) {
    v1::Observation o;
    o.set_indicator_code("AUSL_ANTEIL");
    o.set_unit_key(unit);
    o.set_period(period);
    o.set_value(value);
    o.set_source("INKAR");
    return o;
  }

  grpc::Status Put(const v1::Observation& o, v1::PutObservationResponse* resp) {
    v1::PutObservationRequest req;
    *req.mutable_observation() = o;
    grpc::ClientContext ctx;
    return stub_->PutObservation(&ctx, req, resp);
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::unique_ptr<v1::MonitoringService::Stub> stub_;
  std::unique_ptr<v1::KnowledgeService::Stub> kb_;
};

TEST_F(MonitoringServiceTest, ImportsRegisterAndListsUnitsWithFilters) {
  v1::ImportUnitsResponse resp;
  ASSERT_TRUE(ImportFile("gemeinden_gv100ad_2023-11-30.csv", &resp).ok());
  EXPECT_FALSE(resp.applied());
  EXPECT_EQ(resp.rejected_total(), 10981);
  EXPECT_EQ(resp.rejected_size(), 1000);
  EXPECT_EQ(resp.rejected(0).code(), "FAILED_PRECONDITION");

  ASSERT_TRUE(ImportFile("laender.csv", &resp).ok());
  ASSERT_TRUE(ImportFile("kreise_gv100ad_2023-11-30.csv", &resp).ok());
  ASSERT_TRUE(ImportFile("gemeinden_gv100ad_2023-11-30.csv", &resp).ok());
  EXPECT_TRUE(resp.applied());
  EXPECT_EQ(resp.register_kind(), "gemeinden");
  EXPECT_EQ(resp.upserted(), 10981);

  v1::GetUnitRequest get;
  get.set_key("01002000");
  v1::Unit kiel;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->GetUnit(&ctx, get, &kiel).ok());
  EXPECT_EQ(kiel.name(), "Kiel, Landeshauptstadt");
  EXPECT_EQ(kiel.population(), 247717);
  EXPECT_EQ(kiel.type(), v1::UNIT_TYPE_KREISFREIE_STADT);
  EXPECT_EQ(kiel.level(), v1::UNIT_LEVEL_GEMEINDE);
  EXPECT_EQ(kiel.size_class(), v1::SIZE_CLASS_GROSSSTADT);
  EXPECT_EQ(kiel.parent_key(), "01002");
  EXPECT_EQ(kiel.twin_key(), "01002");

  // Paginated listing of Kleinstädte in Schleswig-Holstein's Kreis Dithmarschen.
  v1::ListUnitsRequest list;
  list.set_parent_key("01051");
  list.set_size_class(v1::SIZE_CLASS_KLEINSTADT);
  list.set_page_size(2);
  std::vector<std::string> keys;
  do {
    v1::ListUnitsResponse page;
    grpc::ClientContext lctx;
    ASSERT_TRUE(stub_->ListUnits(&lctx, list, &page).ok());
    for (const auto& u : page.units()) {
      EXPECT_EQ(u.size_class(), v1::SIZE_CLASS_KLEINSTADT);
      keys.push_back(u.key());
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_GE(keys.size(), 2u);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));

  get.set_key("17001");
  grpc::ClientContext bad;
  grpc::Status s = stub_->GetUnit(&bad, get, &kiel);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("Land 17 does not exist"), std::string::npos);
}

TEST_F(MonitoringServiceTest, UpsertUnitValidatesKeyTypeAndParent) {
  v1::UpsertUnitRequest req;
  req.mutable_unit()->set_key("01");
  req.mutable_unit()->set_name("Schleswig-Holstein");
  v1::Unit resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->UpsertUnit(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.type(), v1::UNIT_TYPE_LAND);  // derived from the key
  req.mutable_unit()->set_key("01051001");
  req.mutable_unit()->set_name("Albersdorf");
  req.mutable_unit()->set_type(v1::UNIT_TYPE_KREISANGEHOERIGE_GEMEINDE);
  grpc::ClientContext ctx2;
  grpc::Status s = stub_->UpsertUnit(&ctx2, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("parent Kreis 01051"), std::string::npos) << s.error_message();
  req.mutable_unit()->set_key("01051");
  req.mutable_unit()->clear_type();
  grpc::ClientContext ctx3;
  s = stub_->UpsertUnit(&ctx3, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("needs a type"), std::string::npos);
}

TEST_F(MonitoringServiceTest, IndicatorWithMetadataSheetAndGraphNode) {
  SetUpUnitsAndIndicator();
  v1::GetIndicatorRequest get;
  get.set_code("AUSL_ANTEIL");
  v1::Indicator ind;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->GetIndicator(&ctx, get, &ind).ok());
  EXPECT_EQ(ind.sheet().data_source(), "INKAR, BBSR Bonn");
  EXPECT_EQ(ind.node_id(), "ind.ausl_anteil");
  ASSERT_EQ(ind.action_field_ids_size(), 1);
  EXPECT_EQ(ind.action_field_ids(0), "af.integration");
  EXPECT_TRUE(ind.ranking_allowed());
  EXPECT_EQ(ind.periodicity(), v1::PERIODICITY_YEAR);

  // The knowledge API sees the node and refuses to delete it on its own.
  v1::DeleteNodeRequest del;
  del.set_id("ind.ausl_anteil");
  v1::DeleteNodeResponse dresp;
  grpc::ClientContext kctx;
  EXPECT_EQ(kb_->DeleteNode(&kctx, del, &dresp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::CreateIndicatorRequest bad;
  bad.mutable_indicator()->set_code("bad code");
  bad.mutable_indicator()->set_unit(v1::MEASURE_UNIT_COUNT);
  bad.mutable_indicator()->set_polarity(v1::POLARITY_NEUTRAL);
  grpc::ClientContext bctx;
  grpc::Status s = stub_->CreateIndicator(&bctx, bad, &ind);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("upper-case"), std::string::npos);
  bad.mutable_indicator()->set_code("NO_POLARITY");
  bad.mutable_indicator()->set_polarity(v1::POLARITY_UNSPECIFIED);
  grpc::ClientContext pctx;
  s = stub_->CreateIndicator(&pctx, bad, &ind);
  EXPECT_NE(s.error_message().find("polarity is required"), std::string::npos);

  v1::ListIndicatorsRequest list;
  v1::ListIndicatorsResponse listed;
  grpc::ClientContext lctx;
  ASSERT_TRUE(stub_->ListIndicators(&lctx, list, &listed).ok());
  ASSERT_EQ(listed.indicators_size(), 1);
}

TEST_F(MonitoringServiceTest, PutGetAsOfHistoryAndSeries) {
  SetUpUnitsAndIndicator();
  v1::PutObservationResponse put;
  ASSERT_TRUE(Put(Obs("01001", "2016", 8.1), &put).ok());
  EXPECT_TRUE(put.changed());
  EXPECT_EQ(put.observation().revision(), 1u);
  const int64_t first_time = put.observation().recorded_micros();
  v1::Observation fix = Obs("01001", "2016", 8.4);
  fix.add_flags(v1::OBSERVATION_FLAG_PROVISIONAL);
  fix.set_footnote("korrigiert");
  ASSERT_TRUE(Put(fix, &put).ok());
  EXPECT_EQ(put.observation().revision(), 2u);
  ASSERT_TRUE(Put(fix, &put).ok());
  EXPECT_FALSE(put.changed());

  v1::GetObservationRequest get;
  get.set_indicator_code("AUSL_ANTEIL");
  get.set_unit_key("01001");
  get.set_period("2016");
  v1::Observation latest;
  grpc::ClientContext c1;
  ASSERT_TRUE(stub_->GetObservation(&c1, get, &latest).ok());
  EXPECT_EQ(latest.value(), 8.4);
  EXPECT_EQ(latest.footnote(), "korrigiert");
  ASSERT_EQ(latest.flags_size(), 1);
  get.set_as_of_micros(first_time);
  v1::Observation old;
  grpc::ClientContext c2;
  ASSERT_TRUE(stub_->GetObservation(&c2, get, &old).ok());
  EXPECT_EQ(old.value(), 8.1);

  v1::GetObservationHistoryRequest hist;
  hist.set_indicator_code("AUSL_ANTEIL");
  hist.set_unit_key("01001");
  hist.set_period("2016");
  v1::GetObservationHistoryResponse revisions;
  grpc::ClientContext c3;
  ASSERT_TRUE(stub_->GetObservationHistory(&c3, hist, &revisions).ok());
  ASSERT_EQ(revisions.revisions_size(), 2);

  v1::Observation women = Obs("01002", "2016", 9.0);
  (*women.mutable_breakdown())["sex"] = "f";
  ASSERT_TRUE(Put(women, &put).ok());
  EXPECT_EQ(put.observation().breakdown_text(), "sex=f");

  ASSERT_TRUE(Put(Obs("01002", "2017", 9.5), &put).ok());
  v1::GetSeriesRequest series;
  series.set_indicator_code("AUSL_ANTEIL");
  series.add_unit_keys("01001");
  series.add_unit_keys("01002");
  series.set_from_period("2016");
  v1::GetSeriesResponse got;
  grpc::ClientContext c4;
  ASSERT_TRUE(stub_->GetSeries(&c4, series, &got).ok());
  ASSERT_EQ(got.series_size(), 2);
  // Each series carries the register's name (kreise_gv100ad_2023-11-30.csv).
  EXPECT_EQ(got.series(0).unit_name(), "Flensburg, Stadt");
  EXPECT_EQ(got.series(1).unit_name(), "Kiel, Landeshauptstadt");
  EXPECT_EQ(got.series(0).points_size(), 1);
  ASSERT_EQ(got.series(1).points_size(), 1);  // the total only, not the sex=f value
  EXPECT_EQ(got.series(1).points(0).period(), "2017");

  v1::Observation nan = Obs("01001", "2017", std::nan(""));
  grpc::Status s = Put(nan, &put);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("NaN"), std::string::npos);
  s = Put(Obs("01099", "2017", 5), &put);  // syntactically fine, not registered
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(MonitoringServiceTest, IngestStreamAppliesEachBatchAtomically) {
  SetUpUnitsAndIndicator();
  grpc::ClientContext ctx;
  v1::IngestObservationsResponse resp;
  auto writer = stub_->IngestObservations(&ctx, &resp);
  v1::IngestObservationsRequest good;
  for (const char* unit : {"01001", "01002", "01003", "01004"}) {
    *good.add_rows() = Obs(unit, "2020", 10);
  }
  ASSERT_TRUE(writer->Write(good));
  v1::IngestObservationsRequest bad;
  *bad.add_rows() = Obs("01051", "2020", 5);
  *bad.add_rows() = Obs("01053", "2020", 105);   // percent > 100
  *bad.add_rows() = Obs("01054", "2020-Q1", 5);  // wrong periodicity
  ASSERT_TRUE(writer->Write(bad));
  v1::IngestObservationsRequest again = good;  // idempotent re-send
  ASSERT_TRUE(writer->Write(again));
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();

  ASSERT_EQ(resp.batches_size(), 3);
  EXPECT_TRUE(resp.batches(0).applied());
  EXPECT_EQ(resp.batches(0).accepted(), 4);
  const auto& b1 = resp.batches(1);
  EXPECT_FALSE(b1.applied());
  EXPECT_EQ(b1.accepted(), 0);
  ASSERT_EQ(b1.rejected_size(), 2);
  EXPECT_EQ(b1.rejected(0).index(), 1);
  EXPECT_EQ(b1.rejected(0).code(), "INVALID_ARGUMENT");
  EXPECT_NE(b1.rejected(0).reason().find("percentage"), std::string::npos);
  EXPECT_EQ(b1.rejected(1).index(), 2);
  EXPECT_NE(b1.rejected(1).reason().find("quarter"), std::string::npos);
  EXPECT_TRUE(resp.batches(2).applied());
  EXPECT_EQ(resp.batches(2).unchanged(), 4);
  EXPECT_EQ(resp.rows_accepted(), 4);
  EXPECT_EQ(resp.rows_rejected(), 2);
  EXPECT_EQ(resp.batches_applied(), 2);
  EXPECT_EQ(resp.batches_failed(), 1);

  // The bad batch's valid first row was not written.
  v1::GetObservationRequest get;
  get.set_indicator_code("AUSL_ANTEIL");
  get.set_unit_key("01051");
  get.set_period("2020");
  v1::Observation o;
  grpc::ClientContext gctx;
  EXPECT_EQ(stub_->GetObservation(&gctx, get, &o).error_code(), grpc::StatusCode::NOT_FOUND);

  // Deleting the indicator now needs force and says how many observations it has.
  v1::DeleteIndicatorRequest del;
  del.set_code("AUSL_ANTEIL");
  v1::DeleteIndicatorResponse dresp;
  grpc::ClientContext d1;
  s = stub_->DeleteIndicator(&d1, del, &dresp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("has 4 observation(s)"), std::string::npos);
  del.set_force(true);
  grpc::ClientContext d2;
  ASSERT_TRUE(stub_->DeleteIndicator(&d2, del, &dresp).ok());
  EXPECT_EQ(dresp.observations_deleted(), 4);
}

// Regression (issue 15): the reply of PutObservation was read after the write lock was released,
// so with two writers to one cell it could carry the other writer's value and sequence. Each
// reply must match what the cell's history recorded under its sequence. Real threads released
// together by a latch; nothing sleeps.
TEST_F(MonitoringServiceTest, ConcurrentPutsToOneCellEachReplyWithTheirOwnWrite) {
  SetUpUnitsAndIndicator();
  constexpr int kWriters = 4;
  constexpr int kPutsEach = 60;
  std::vector<std::vector<std::pair<double, v1::PutObservationResponse>>> replies(kWriters);
  std::vector<grpc::Status> errors(kWriters);
  std::latch start(kWriters);
  std::vector<std::thread> writers;
  writers.reserve(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      start.arrive_and_wait();
      for (int i = 0; i < kPutsEach; ++i) {
        const double value = w * 10 + i / 10.0;  // distinct across writers, within 0-100
        v1::PutObservationResponse resp;
        grpc::Status s = Put(Obs("01001", "2016", value), &resp);
        if (!s.ok()) {
          errors[w] = s;
          return;
        }
        replies[w].emplace_back(value, resp);
      }
    });
  }
  for (std::thread& t : writers) t.join();
  for (const grpc::Status& e : errors) ASSERT_TRUE(e.ok()) << e.error_message();

  v1::GetObservationHistoryRequest hreq;
  hreq.set_indicator_code("AUSL_ANTEIL");
  hreq.set_unit_key("01001");
  hreq.set_period("2016");
  v1::GetObservationHistoryResponse history;
  grpc::ClientContext hctx;
  ASSERT_TRUE(stub_->GetObservationHistory(&hctx, hreq, &history).ok());
  ASSERT_EQ(history.revisions_size(), kWriters * kPutsEach);
  std::map<uint64_t, v1::Observation> by_sequence;
  for (const v1::Observation& o : history.revisions()) by_sequence[o.sequence()] = o;
  for (const auto& mine : replies) {
    for (const auto& [sent, reply] : mine) {
      EXPECT_TRUE(reply.changed());
      EXPECT_EQ(reply.observation().value(), sent);
      auto it = by_sequence.find(reply.observation().sequence());
      ASSERT_NE(it, by_sequence.end());
      EXPECT_EQ(it->second.value(), sent) << "sequence " << reply.observation().sequence();
      EXPECT_EQ(it->second.revision(), reply.observation().revision());
      by_sequence.erase(it);  // no two replies may carry one sequence
    }
  }
  EXPECT_TRUE(by_sequence.empty());
}

// The value domain travels through the API (Indicator.min_value/max_value) and refuses
// observations outside it (issue 15).
TEST_F(MonitoringServiceTest, IndicatorValueDomainRoundTripsAndRefusesValuesOutsideIt) {
  SetUpUnitsAndIndicator();
  v1::CreateIndicatorRequest req;
  auto* ind = req.mutable_indicator();
  ind->set_code("SALDO");
  ind->set_name_de("Wanderungssaldo");
  ind->set_unit(v1::MEASURE_UNIT_COUNT);
  ind->set_polarity(v1::POLARITY_NEUTRAL);
  ind->set_min_value(-5000);
  v1::Indicator created;
  grpc::ClientContext cctx;
  grpc::Status s = stub_->CreateIndicator(&cctx, req, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(created.has_min_value());
  EXPECT_EQ(created.min_value(), -5000);
  EXPECT_FALSE(created.has_max_value());

  v1::Observation o = Obs("01001", "2016", -4000);
  o.set_indicator_code("SALDO");
  v1::PutObservationResponse put;
  s = Put(o, &put);
  ASSERT_TRUE(s.ok()) << s.error_message();
  o.set_value(-6000);
  s = Put(o, &put);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("has value -6000, outside indicator SALDO's value domain "
                                   "[-5000, 9.0072e+15]"),
            std::string::npos)
      << s.error_message();
}

}  // namespace
}  // namespace integra::api
