// ExchangeService through a real in-process gRPC server on a free port with a temp RocksDB:
// batch-by-batch import with validate_only, streaming export in chunks, and the change feed
// (resume after a disconnect without gap or duplicate, live tail, many watchers, shutdown).
#include "services/api/exchange_service.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <thread>

#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "services/api/server.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/server_tokens.h"
#include "tests/testing/temp_dir.h"

namespace integra::api {
namespace {

using testing::ReadReference;

v1::Observation Obs(const std::string& unit, const std::string& period, double value) {
  v1::Observation o;
  o.set_indicator_code("AUSL_ANTEIL");
  o.set_unit_key(unit);
  o.set_period(period);
  o.set_value(value);
  o.set_source("INKAR");
  return o;
}

// Threads of this process (the in-process server, its gRPC pools and the test's client).
int ThreadCount() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

// Many watch streams on the client side without a thread each (gRPC's client callback API), so
// that the process's thread count shows what the server spends per stream.
class WatchBoard {
 public:
  struct Watch final : grpc::ClientReadReactor<v1::WatchObservationsResponse> {
    WatchBoard* board = nullptr;
    grpc::ClientContext ctx;
    v1::WatchObservationsRequest req;
    v1::WatchObservationsResponse resp;
    // Guarded by board->mu_.
    int messages = 0;
    std::vector<uint64_t> sequences;
    bool done = false;
    grpc::Status status;

    void OnReadDone(bool ok) override {
      if (!ok) return;  // OnDone follows with the status
      {
        std::lock_guard lock(board->mu_);
        ++messages;
        for (const v1::ObservationChange& c : resp.changes()) sequences.push_back(c.sequence());
      }
      board->cv_.notify_all();
      StartRead(&resp);
    }
    void OnDone(const grpc::Status& s) override {
      {
        std::lock_guard lock(board->mu_);
        done = true;
        status = s;
      }
      board->cv_.notify_all();
    }
  };

  ~WatchBoard() {
    for (auto& w : watches_) w->ctx.TryCancel();
    // The reactors must outlive their calls; if one never ends, leak rather than free it early.
    if (!WaitFor([&](const Watch& w) { return w.done; }, std::chrono::seconds(30))) {
      for (auto& w : watches_) static_cast<void>(w.release());
    }
  }

  void Open(v1::ExchangeService::Stub* stub, int n, const v1::WatchObservationsRequest& req) {
    for (int i = 0; i < n; ++i) {
      auto w = std::make_unique<Watch>();
      w->board = this;
      w->req = req;
      stub->async()->WatchObservations(&w->ctx, &w->req, w.get());
      w->StartRead(&w->resp);
      w->StartCall();
      watches_.push_back(std::move(w));
    }
  }

  // Waits until `pred` holds for every watch; false if `timeout` passed first.
  bool WaitFor(const std::function<bool(const Watch&)>& pred, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] {
      for (const auto& w : watches_) {
        if (!pred(*w)) return false;
      }
      return true;
    });
  }

  // Runs `f` on every watch under the board's lock (to read what arrived).
  void ForEach(const std::function<void(const Watch&)>& f) {
    std::lock_guard lock(mu_);
    for (const auto& w : watches_) f(*w);
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Watch>> watches_;
};

class ExchangeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One ADMIN token opens all of these tests' streams (200 watches in one): no per-token cap
    // here; StreamCapTest (request_limits_test.cc) proves the cap.
    auto server = IntegraServer::Start(
        {.data_dir = dir_.path(), .listen = "127.0.0.1:0", .max_streams_per_token = 0});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = testing::AdminChannel(*server_);
    stub_ = v1::ExchangeService::NewStub(channel_);
    monitoring_ = v1::MonitoringService::NewStub(channel_);
    for (const char* file : {"laender.csv", "kreise_gv100ad_2023-11-30.csv"}) {
      v1::ImportUnitsRequest req;
      req.set_register_csv(ReadReference(file));
      v1::ImportUnitsResponse resp;
      grpc::ClientContext ctx;
      ASSERT_TRUE(monitoring_->ImportUnits(&ctx, req, &resp).ok());
      ASSERT_TRUE(resp.applied());
    }
    v1::CreateIndicatorRequest req;
    v1::Indicator* ind = req.mutable_indicator();
    ind->set_code("AUSL_ANTEIL");
    ind->set_name_de("Ausländeranteil");
    ind->set_unit(v1::MEASURE_UNIT_PERCENT);
    ind->set_polarity(v1::POLARITY_NEUTRAL);
    v1::Dimension* sex = ind->add_dimensions();
    sex->set_name("sex");
    sex->add_values("m");
    sex->add_values("f");
    v1::Indicator created;
    grpc::ClientContext ctx;
    ASSERT_TRUE(monitoring_->CreateIndicator(&ctx, req, &created).ok());
  }

  // Writes rows (one batch) through the bidirectional import stream.
  v1::ImportBatchResult Import(const std::vector<v1::Observation>& rows, bool validate_only) {
    grpc::ClientContext ctx;
    auto stream = stub_->ImportObservations(&ctx);
    v1::ImportObservationsRequest req;
    req.set_validate_only(validate_only);
    for (const auto& o : rows) *req.add_rows() = o;
    v1::ImportBatchResult result;
    EXPECT_TRUE(stream->Write(req));
    EXPECT_TRUE(stream->Read(&result));
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
    return result;
  }

  // One row per Kreis and year: 400 Kreise x `years`.
  std::vector<v1::Observation> EveryKreis(int first_year, int years, double value) {
    std::vector<v1::Observation> rows;
    v1::ListUnitsRequest list;
    list.set_level(v1::UNIT_LEVEL_KREIS);
    list.set_page_size(1000);
    v1::ListUnitsResponse units;
    grpc::ClientContext ctx;
    EXPECT_TRUE(monitoring_->ListUnits(&ctx, list, &units).ok());
    for (const v1::Unit& u : units.units()) {
      for (int y = first_year; y < first_year + years; ++y) {
        rows.push_back(Obs(u.key(), std::to_string(y), value));
      }
    }
    return rows;
  }

  uint64_t LastSequence() {
    v1::WatchObservationsRequest req;
    req.set_from_now(true);
    grpc::ClientContext ctx;
    auto reader = stub_->WatchObservations(&ctx, req);
    v1::WatchObservationsResponse resp;
    EXPECT_TRUE(reader->Read(&resp));
    EXPECT_TRUE(resp.caught_up());
    ctx.TryCancel();
    reader->Finish().IgnoreError();
    return resp.last_sequence();
  }

  testing::TempDir dir_;
  std::unique_ptr<IntegraServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ExchangeService::Stub> stub_;
  std::unique_ptr<v1::MonitoringService::Stub> monitoring_;
};

TEST_F(ExchangeServiceTest, ImportAnswersEachBatchAndValidateOnlyWritesNothing) {
  grpc::ClientContext ctx;
  auto stream = stub_->ImportObservations(&ctx);
  v1::ImportObservationsRequest check;
  check.set_validate_only(true);
  *check.add_rows() = Obs("05315", "2020", 18.6);
  *check.add_rows() = Obs("05999", "2020", 1);    // no such Kreis
  *check.add_rows() = Obs("05316", "2020", 140);  // a percentage over 100
  v1::Observation bad_flag = Obs("05316", "2021", 1);
  bad_flag.add_flags(static_cast<v1::ObservationFlag>(42));  // the conversion refuses it
  *check.add_rows() = bad_flag;
  ASSERT_TRUE(stream->Write(check));
  v1::ImportBatchResult first;
  ASSERT_TRUE(stream->Read(&first));  // answered before the next batch is sent
  EXPECT_EQ(first.batch_index(), 0);
  EXPECT_TRUE(first.validate_only());
  EXPECT_FALSE(first.applied());
  ASSERT_EQ(first.rejected_size(), 3);
  EXPECT_EQ(first.rejected(0).index(), 1);
  EXPECT_EQ(first.rejected(0).code(), "NOT_FOUND");
  EXPECT_EQ(first.rejected(0).field(), "unit");
  EXPECT_EQ(first.rejected(1).index(), 2);
  EXPECT_EQ(first.rejected(1).field(), "value");
  EXPECT_EQ(first.rejected(2).index(), 3);
  EXPECT_EQ(first.rejected(2).code(), "INVALID_ARGUMENT");

  v1::ImportObservationsRequest good;
  good.set_validate_only(true);
  *good.add_rows() = Obs("05315", "2020", 18.6);
  *good.add_rows() = Obs("05316", "2020", 12.0);
  ASSERT_TRUE(stream->Write(good));
  v1::ImportBatchResult second;
  ASSERT_TRUE(stream->Read(&second));
  EXPECT_EQ(second.batch_index(), 1);
  EXPECT_EQ(second.accepted(), 2);
  EXPECT_EQ(second.rejected_size(), 0);
  EXPECT_EQ(LastSequence(), 0u);  // nothing written so far

  good.set_validate_only(false);
  ASSERT_TRUE(stream->Write(good));
  v1::ImportBatchResult written;
  ASSERT_TRUE(stream->Read(&written));
  EXPECT_TRUE(written.applied());
  EXPECT_EQ(written.accepted(), 2);
  EXPECT_EQ(written.last_sequence(), 2u);
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());

  // The same rows again: unchanged, no new revision, no new sequence.
  v1::ImportBatchResult again = Import({Obs("05315", "2020", 18.6), Obs("05316", "2020", 12.0)},
                                       /*validate_only=*/false);
  EXPECT_TRUE(again.applied());
  EXPECT_EQ(again.accepted(), 0);
  EXPECT_EQ(again.unchanged(), 2);
  EXPECT_EQ(LastSequence(), 2u);

  // A rejected write writes nothing of its batch.
  v1::ImportBatchResult refused =
      Import({Obs("05315", "2021", 19.0), Obs("05999", "2021", 1)}, /*validate_only=*/false);
  EXPECT_FALSE(refused.applied());
  ASSERT_EQ(refused.rejected_size(), 1);
  EXPECT_EQ(refused.rejected(0).index(), 1);
  EXPECT_EQ(LastSequence(), 2u);
}

TEST_F(ExchangeServiceTest, ExportStreamsInChunksAndStopsWhenTheClientCancels) {
  std::vector<v1::Observation> rows = EveryKreis(2015, 6, 10.0);  // 2,400 rows
  ASSERT_EQ(rows.size(), 2400u);
  ASSERT_TRUE(Import(rows, false).applied());

  v1::ExportObservationsRequest req;
  req.set_chunk_rows(500);
  grpc::ClientContext ctx;
  auto reader = stub_->ExportObservations(&ctx, req);
  v1::ExportObservationsResponse chunk;
  int messages = 0;
  size_t total = 0;
  std::string previous;
  while (reader->Read(&chunk)) {
    ++messages;
    EXPECT_LE(chunk.rows_size(), 500);
    for (const v1::Observation& o : chunk.rows()) {
      std::string key = o.unit_key() + "/" + o.period();
      EXPECT_LT(previous, key);  // unit, then period order
      previous = key;
      EXPECT_EQ(o.revision(), 1u);
      EXPECT_GT(o.sequence(), 0u);
    }
    total += static_cast<size_t>(chunk.rows_size());
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(total, 2400u);
  EXPECT_EQ(messages, 5);

  // All Kreise of Nordrhein-Westfalen (53), two years.
  v1::ExportObservationsRequest nrw;
  nrw.add_within("05");
  nrw.set_level(v1::UNIT_LEVEL_KREIS);
  nrw.set_from_period("2019");
  nrw.set_to_period("2020");
  grpc::ClientContext nctx;
  auto nreader = stub_->ExportObservations(&nctx, nrw);
  total = 0;
  while (nreader->Read(&chunk)) {
    for (const v1::Observation& o : chunk.rows()) {
      EXPECT_EQ(o.unit_key().substr(0, 2), "05");
      EXPECT_TRUE(o.period() == "2019" || o.period() == "2020");
    }
    total += static_cast<size_t>(chunk.rows_size());
  }
  ASSERT_TRUE(nreader->Finish().ok());
  EXPECT_EQ(total, 53u * 2);

  // A client that stops reading and cancels ends the export on the server too.
  grpc::ClientContext cctx;
  req.set_chunk_rows(100);
  auto cancelled = stub_->ExportObservations(&cctx, req);
  ASSERT_TRUE(cancelled->Read(&chunk));
  cctx.TryCancel();
  while (cancelled->Read(&chunk)) {
  }
  EXPECT_EQ(cancelled->Finish().error_code(), grpc::StatusCode::CANCELLED);

  v1::ExportObservationsRequest unknown;
  unknown.add_indicator_codes("NOPE");
  grpc::ClientContext uctx;
  auto ureader = stub_->ExportObservations(&uctx, unknown);
  while (ureader->Read(&chunk)) {
  }
  EXPECT_EQ(ureader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

// Exports parked behind clients that stop reading hold no thread each, and a client that cancels
// mid-export releases its stream on the server: the reactor and its cursor (an open iterator
// and its snapshot) are gone, and the server goes on exporting.
TEST_F(ExchangeServiceTest, ParkedExportsHoldNoThreadAndCancellingReleasesThem) {
  ASSERT_TRUE(Import(EveryKreis(2001, 20, 10.0), false).applied());  // 8,000 rows
  ExchangeServiceImpl* service = server_->exchange_service();
  constexpr int kExports = 50;
  const int before = ThreadCount();
  v1::ExportObservationsRequest req;
  req.set_chunk_rows(100);
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::ExportObservationsResponse>>> readers;
  for (int i = 0; i < kExports; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    readers.push_back(stub_->ExportObservations(contexts.back().get(), req));
    v1::ExportObservationsResponse chunk;
    ASSERT_TRUE(readers.back()->Read(&chunk));  // one chunk, then the client reads no more
    EXPECT_EQ(chunk.rows_size(), 100);
  }
  const int parked = ThreadCount();
  EXPECT_EQ(service->open_streams().exports, kExports);
  for (int i = 0; i < kExports; ++i) {
    contexts[i]->TryCancel();
    EXPECT_EQ(readers[i]->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  EXPECT_TRUE(service->AwaitOpenStreams([](const OpenStreams& o) { return o.exports == 0; },
                                        std::chrono::seconds(30)))
      << service->open_streams().exports << " exports still open";
  std::cout << "threads: " << before << " before, " << parked << " with " << kExports
            << " parked exports\n";
  // Fixed-size pools only (see TwoHundredWatchesShareAFewThreads); one thread per stream would
  // add 50.
  EXPECT_LT(parked - before, 20);

  v1::ExportObservationsRequest again;
  again.set_chunk_rows(5000);
  grpc::ClientContext ctx;
  auto reader = stub_->ExportObservations(&ctx, again);
  v1::ExportObservationsResponse chunk;
  size_t total = 0;
  while (reader->Read(&chunk)) total += static_cast<size_t>(chunk.rows_size());
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(total, 8000u);
}

TEST_F(ExchangeServiceTest, WatchResumesAfterADisconnectWithoutGapOrDuplicate) {
  std::vector<v1::Observation> rows = EveryKreis(2020, 1, 5.0);
  rows.resize(30);
  ASSERT_TRUE(Import(rows, false).applied());

  // A mirror processes ten changes, then loses its connection.
  std::vector<uint64_t> processed;
  {
    v1::WatchObservationsRequest req;
    req.set_after_sequence(0);
    grpc::ClientContext ctx;
    auto reader = stub_->WatchObservations(&ctx, req);
    v1::WatchObservationsResponse resp;
    while (processed.size() < 10 && reader->Read(&resp)) {
      for (const v1::ObservationChange& c : resp.changes()) {
        if (processed.size() == 10) break;
        EXPECT_EQ(c.kind(), v1::OBSERVATION_CHANGE_KIND_REVISION);
        EXPECT_EQ(c.observation().sequence(), c.sequence());
        EXPECT_EQ(c.observation().source(), "INKAR");
        processed.push_back(c.sequence());
      }
    }
    ctx.TryCancel();
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  // Meanwhile more is written: new rows and corrections.
  std::vector<v1::Observation> more = EveryKreis(2021, 1, 6.0);
  more.resize(15);
  for (int i = 0; i < 5; ++i) more.push_back(Obs(rows[i].unit_key(), "2020", 7.0));
  ASSERT_TRUE(Import(more, false).applied());

  // It resumes from the last sequence it processed and gets exactly the rest.
  v1::WatchObservationsRequest req;
  req.set_after_sequence(processed.back());
  grpc::ClientContext ctx;
  auto reader = stub_->WatchObservations(&ctx, req);
  v1::WatchObservationsResponse resp;
  bool caught_up = false;
  while (!caught_up && reader->Read(&resp)) {
    for (const v1::ObservationChange& c : resp.changes()) processed.push_back(c.sequence());
    caught_up = resp.caught_up();
  }
  ctx.TryCancel();
  reader->Finish().IgnoreError();
  ASSERT_EQ(processed.size(), 50u);
  for (size_t i = 0; i < processed.size(); ++i) EXPECT_EQ(processed[i], i + 1);
  EXPECT_EQ(resp.last_sequence(), 50u);
}

TEST_F(ExchangeServiceTest, LiveChangesReachEveryWatcher) {
  ASSERT_TRUE(Import({Obs("05315", "2020", 18.6)}, false).applied());
  constexpr int kWatchers = 12;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::WatchObservationsResponse>>> readers;
  for (int i = 0; i < kWatchers; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    v1::WatchObservationsRequest req;
    if (i % 2 == 0) req.set_from_now(true);  // half live only, half from the start
    readers.push_back(stub_->WatchObservations(contexts.back().get(), req));
    v1::WatchObservationsResponse resp;
    ASSERT_TRUE(readers.back()->Read(&resp));
    ASSERT_TRUE(resp.caught_up());
    EXPECT_EQ(resp.changes_size(), i % 2 == 0 ? 0 : 1);
  }
  // A write after the watches started is delivered to each, live.
  v1::Observation correction = Obs("05315", "2020", 18.7);
  correction.set_footnote("korrigiert");
  v1::PutObservationRequest put;
  *put.mutable_observation() = correction;
  v1::PutObservationResponse put_resp;
  grpc::ClientContext pctx;
  ASSERT_TRUE(monitoring_->PutObservation(&pctx, put, &put_resp).ok());
  for (int i = 0; i < kWatchers; ++i) {
    v1::WatchObservationsResponse resp;
    ASSERT_TRUE(readers[i]->Read(&resp));
    ASSERT_EQ(resp.changes_size(), 1);
    const v1::ObservationChange& c = resp.changes(0);
    EXPECT_EQ(c.sequence(), 2u);
    EXPECT_EQ(c.observation().value(), 18.7);
    EXPECT_EQ(c.observation().revision(), 2u);
    EXPECT_EQ(c.observation().footnote(), "korrigiert");
    EXPECT_TRUE(resp.caught_up());
  }
  for (int i = 0; i < kWatchers; ++i) {
    contexts[i]->TryCancel();
    EXPECT_EQ(readers[i]->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
}

TEST_F(ExchangeServiceTest, ShutdownEndsWatchesCleanly) {
  v1::WatchObservationsRequest req;
  grpc::ClientContext ctx;
  auto reader = stub_->WatchObservations(&ctx, req);
  v1::WatchObservationsResponse resp;
  ASSERT_TRUE(reader->Read(&resp));
  ASSERT_TRUE(resp.caught_up());
  server_->Shutdown(/*grace_seconds=*/30);  // returns promptly: the watch does not hold it up
  while (reader->Read(&resp)) {
  }
  grpc::Status s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(s.error_message().find("after_sequence=0"), std::string::npos) << s.error_message();
}

// 200 open watches do not cost the server a thread each: the watch RPC runs on gRPC's callback
// API and a waiting stream is only an entry in the ChangeNotifier. The bound: opening, serving
// and waking the streams may only start threads of pools whose size does not depend on the
// number of calls (gRPC's executor and event-engine pools, sized by CPU count; the service's two
// stream threads start with the server, before the baseline), so the growth must stay under 40
// (more on machines with many cores), far below the 200 of one thread per stream. Measured on
// the 2-core development machine: 18 threads before and after; 16 -> 215 with the sync API.
TEST_F(ExchangeServiceTest, TwoHundredWatchesShareAFewThreads) {
  constexpr int kWatchers = 200;
  const int kThreadBound = std::max(40, 4 * static_cast<int>(std::thread::hardware_concurrency()));
  const int before = ThreadCount();
  WatchBoard board;
  v1::WatchObservationsRequest req;
  req.set_from_now(true);
  board.Open(stub_.get(), kWatchers, req);
  ASSERT_TRUE(board.WaitFor([](const WatchBoard::Watch& w) { return w.messages >= 1; },
                            std::chrono::seconds(60)))
      << "not every watch reached the end of its backlog";
  const int open = ThreadCount();

  // A change written after the watches started reaches every one of them.
  v1::PutObservationRequest put;
  *put.mutable_observation() = Obs("05315", "2020", 18.6);
  v1::PutObservationResponse put_resp;
  grpc::ClientContext pctx;
  ASSERT_TRUE(monitoring_->PutObservation(&pctx, put, &put_resp).ok());
  ASSERT_TRUE(board.WaitFor([](const WatchBoard::Watch& w) { return !w.sequences.empty(); },
                            std::chrono::seconds(60)))
      << "not every watch received the change";
  const int delivered = ThreadCount();
  board.ForEach([](const WatchBoard::Watch& w) {
    ASSERT_EQ(w.sequences.size(), 1u);
    EXPECT_EQ(w.sequences[0], 1u);
  });

  // Shutdown ends them all with UNAVAILABLE, naming where to resume.
  server_->Shutdown(/*grace_seconds=*/30);
  ASSERT_TRUE(
      board.WaitFor([](const WatchBoard::Watch& w) { return w.done; }, std::chrono::seconds(60)));
  board.ForEach([](const WatchBoard::Watch& w) {
    EXPECT_EQ(w.status.error_code(), grpc::StatusCode::UNAVAILABLE) << w.status.error_message();
    EXPECT_NE(w.status.error_message().find("after_sequence=1"), std::string::npos)
        << w.status.error_message();
  });
  std::cout << "threads: " << before << " before the watches, " << open << " with " << kWatchers
            << " open, " << delivered << " after a change reached them all\n";
  RecordProperty("threads_before", before);
  RecordProperty("threads_open", open);
  RecordProperty("threads_delivered", delivered);
  EXPECT_LT(open - before, kThreadBound);
  EXPECT_LT(delivered - before, kThreadBound);
}

// A units file without some columns: a stored unit keeps those fields (absent_fields), in the
// check and in the write; the fields a file carries replace the stored ones.
TEST_F(ExchangeServiceTest, AUnitsFileKeepsWhatItHasNoColumnFor) {
  v1::ImportUnitsBatchRequest full;
  v1::Unit* g = full.mutable_units()->add_units();
  g->set_key("05315000");
  g->set_name("Köln, Stadt");
  g->set_type(v1::UNIT_TYPE_KREISFREIE_STADT);
  g->set_population(1084831);
  g->set_population_year(2022);
  g->set_degurba(v1::DEGURBA_STAEDTE);
  g->set_seat("Köln");
  v1::ImportBatchResult result;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ImportUnits(&ctx, full, &result).ok());
    ASSERT_TRUE(result.applied());
  }
  // The same unit from a file with key, name and type only, renamed.
  v1::ImportUnitsBatchRequest thin;
  v1::Unit* t = thin.mutable_units()->add_units();
  t->set_key("05315000");
  t->set_name("Köln");
  t->set_type(v1::UNIT_TYPE_KREISFREIE_STADT);
  for (const char* f : {"seat", "territory_date", "population", "area", "degurba", "verband",
                        "official_type", "validity"}) {
    thin.add_absent_fields(f);
  }
  thin.set_validate_only(true);
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ImportUnits(&ctx, thin, &result).ok());
    EXPECT_EQ(result.accepted(), 1);  // the name changes
  }
  thin.set_validate_only(false);
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ImportUnits(&ctx, thin, &result).ok());
    ASSERT_TRUE(result.applied());
  }
  auto get = [&] {
    v1::GetUnitRequest req;
    req.set_key("05315000");
    v1::Unit unit;
    grpc::ClientContext ctx;
    EXPECT_TRUE(monitoring_->GetUnit(&ctx, req, &unit).ok());
    return unit;
  };
  v1::Unit stored = get();
  EXPECT_EQ(stored.name(), "Köln");
  EXPECT_EQ(stored.population(), 1084831);
  EXPECT_EQ(stored.population_year(), 2022);
  EXPECT_EQ(stored.degurba(), v1::DEGURBA_STAEDTE);
  EXPECT_EQ(stored.seat(), "Köln");
  // Without absent_fields the row is the unit's whole record: the fields it lacks are cleared.
  thin.clear_absent_fields();
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ImportUnits(&ctx, thin, &result).ok());
    ASSERT_TRUE(result.applied());
  }
  stored = get();
  EXPECT_FALSE(stored.has_population());
  EXPECT_EQ(stored.degurba(), v1::DEGURBA_UNSPECIFIED);
  // An unknown field name is refused.
  thin.add_absent_fields("colour");
  grpc::ClientContext ctx;
  grpc::Status s = stub_->ImportUnits(&ctx, thin, &result);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("'colour' is not a unit field a file may lack"),
            std::string::npos)
      << s.error_message();
}

TEST_F(ExchangeServiceTest, UnitAndCatalogBatches) {
  v1::ImportUnitsBatchRequest units;
  units.set_validate_only(true);
  v1::Unit* g = units.mutable_units()->add_units();
  g->set_key("05315000");
  g->set_name("Köln, Stadt");
  g->set_type(v1::UNIT_TYPE_KREISFREIE_STADT);
  v1::Unit* orphan = units.mutable_units()->add_units();
  orphan->set_key("05999001");
  orphan->set_name("Nirgendwo");
  orphan->set_type(v1::UNIT_TYPE_KREISANGEHOERIGE_GEMEINDE);
  v1::ImportBatchResult result;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->ImportUnits(&ctx, units, &result).ok());
  EXPECT_FALSE(result.applied());
  ASSERT_EQ(result.rejected_size(), 1);
  EXPECT_EQ(result.rejected(0).index(), 1);
  EXPECT_EQ(result.rejected(0).code(), "FAILED_PRECONDITION");
  units.mutable_units()->mutable_units()->RemoveLast();
  units.set_validate_only(false);
  grpc::ClientContext wctx;
  ASSERT_TRUE(stub_->ImportUnits(&wctx, units, &result).ok());
  EXPECT_TRUE(result.applied());
  EXPECT_EQ(result.accepted(), 1);

  v1::ImportIndicatorsRequest catalog;
  v1::CreateIndicatorRequest* same = catalog.add_indicators();
  v1::GetIndicatorRequest get;
  get.set_code("AUSL_ANTEIL");
  grpc::ClientContext gctx;
  ASSERT_TRUE(monitoring_->GetIndicator(&gctx, get, same->mutable_indicator()).ok());
  v1::CreateIndicatorRequest* count = catalog.add_indicators();
  count->mutable_indicator()->set_code("BEV");
  count->mutable_indicator()->set_name_de("Bevölkerung");
  count->mutable_indicator()->set_unit(v1::MEASURE_UNIT_COUNT);
  count->mutable_indicator()->set_polarity(v1::POLARITY_NEUTRAL);
  grpc::ClientContext ictx;
  ASSERT_TRUE(stub_->ImportIndicators(&ictx, catalog, &result).ok());
  EXPECT_TRUE(result.applied());
  EXPECT_EQ(result.accepted(), 1);
  EXPECT_EQ(result.unchanged(), 1);
}

}  // namespace
}  // namespace integra::api
