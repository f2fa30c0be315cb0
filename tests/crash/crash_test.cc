// Durability under kill -9 (ctest -L crash): the real integrad, written to by four clients at
// once, is killed with SIGKILL once the clients have had a random number of writes
// acknowledged, restarted over the same data dir, and checked:
//   * unary writes (PutObservation): every cell holds its last acknowledged value or a later one
//     that was sent (values only grow per cell), never an older one and never a value that was
//     not sent;
//   * the import stream (ExchangeService.ImportObservations): batch k writes the value k into
//     the same 100 cells, so the cells must all hold ONE batch's value, at least the last
//     acknowledged batch and at most the last one sent (a half-visible batch shows two values);
//   * knowledge applies: apply k sets the title "Runde k" on 20 nodes; all 20 must carry the
//     same round, at least the last acknowledged one;
//   * indicator create -> 10 values in one batch -> delete with force, in a loop: the indicator,
//     its knowledge node and its values exist together or not at all, and never 1 to 9 values;
//   * the change feed from 0 has every sequence from 1 to its last exactly once.
// The number of kill/restart cycles: 10, or --cycles N (or INTEGRA_CRASH_CYCLES=N).
// The kill waits on acknowledgements (a condition variable), not on a sleep.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "tests/testing/process.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra {
namespace {

int g_cycles = 10;

constexpr int kBatchCells = 100;   // cells of every import batch
constexpr int kKbNodes = 20;       // nodes of every knowledge apply
constexpr int kDeletedCells = 10;  // values of the indicator that is created and deleted

// What the clients sent and had acknowledged, shared with the killer.
struct Ledger {
  std::mutex mu;
  std::condition_variable acked_cv;
  int64_t acks = 0;  // acknowledgements of this cycle
  // Unary puts: per cell, the largest value acknowledged and the largest sent.
  std::map<std::string, double> put_acked, put_sent;
  int64_t batch_acked = 0, batch_sent = 0;  // the import stream's batch numbers (all cycles)
  int64_t kb_acked = 0, kb_sent = 0;        // knowledge apply rounds (all cycles)

  void Ack() {
    std::lock_guard lock(mu);
    ++acks;
    acked_cv.notify_all();
  }
};

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.Sub("data");
    secret_ = testing::CreateTokenOffline(data_, "ADMIN", "", "crash");
    ASSERT_FALSE(secret_.empty());
    token_file_ = dir_.Sub("admin.token");
    std::ofstream(token_file_) << secret_ << "\n";
    Start();
    auto r = testing::Run({testing::IntegraPath(), "--server", address_, "--token-file",
                           token_file_, "unit", "import", testing::ReferencePath("laender.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = testing::Run({testing::IntegraPath(), "--server", address_, "--token-file", token_file_,
                      "unit", "import", testing::ReferencePath("kreise_gv100ad_2023-11-30.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The first 400 Kreis keys of the register.
    std::ifstream in(testing::ReferencePath("kreise_gv100ad_2023-11-30.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) kreise_.push_back(line.substr(0, line.find(',')));
    ASSERT_GE(kreise_.size(), static_cast<size_t>(kBatchCells));
    for (const char* code : {"CRASH_PUT", "CRASH_BATCH"}) {
      grpc::Status s = CreateIndicator(code);
      ASSERT_TRUE(s.ok()) << code << ": " << s.error_message();
    }
  }

  void Start() {
    server_ = testing::StartIntegrad(data_, &address_);
    ASSERT_FALSE(address_.empty()) << server_->err();
    channel_ = testing::TokenChannel(address_, secret_);
  }

  grpc::Status CreateIndicator(const std::string& code) {
    v1::CreateIndicatorRequest req;
    req.mutable_indicator()->set_code(code);
    req.mutable_indicator()->set_name_de("Absturztest " + code);
    req.mutable_indicator()->set_unit(v1::MEASURE_UNIT_COUNT);
    req.mutable_indicator()->set_polarity(v1::POLARITY_NEUTRAL);
    v1::Indicator out;
    grpc::ClientContext ctx;
    return v1::MonitoringService::NewStub(channel_)->CreateIndicator(&ctx, req, &out);
  }

  static v1::Observation Obs(const std::string& code, const std::string& unit,
                             const std::string& period, double value) {
    v1::Observation o;
    o.set_indicator_code(code);
    o.set_unit_key(unit);
    o.set_period(period);
    o.set_value(value);
    return o;
  }

  // --- the four clients; each runs until a call fails (the server is gone)

  void PutClient(Ledger& ledger, uint32_t seed) {
    auto stub = v1::MonitoringService::NewStub(channel_);
    std::mt19937 rng(seed);
    for (;;) {
      const std::string unit = kreise_[rng() % 40];
      const std::string period = std::to_string(2000 + rng() % 5);
      const std::string cell = absl::StrCat(unit, "/", period);
      double value;
      {
        std::lock_guard lock(ledger.mu);
        value = ledger.put_sent[cell] + 1 + rng() % 3;
        ledger.put_sent[cell] = value;
      }
      v1::PutObservationRequest req;
      *req.mutable_observation() = Obs("CRASH_PUT", unit, period, value);
      v1::PutObservationResponse resp;
      grpc::ClientContext ctx;
      if (!stub->PutObservation(&ctx, req, &resp).ok()) return;
      {
        std::lock_guard lock(ledger.mu);
        ledger.put_acked[cell] = std::max(ledger.put_acked[cell], value);
      }
      ledger.Ack();
    }
  }

  void BatchClient(Ledger& ledger) {
    auto stub = v1::ExchangeService::NewStub(channel_);
    grpc::ClientContext ctx;
    auto stream = stub->ImportObservations(&ctx);
    bool first = true;
    for (;;) {
      int64_t k;
      {
        std::lock_guard lock(ledger.mu);
        k = ++ledger.batch_sent;
      }
      v1::ImportObservationsRequest req;
      if (first) req.set_job_file_name("crash-batches");
      first = false;
      for (int i = 0; i < kBatchCells; ++i) {
        *req.add_rows() = Obs("CRASH_BATCH", kreise_[i], "2020", static_cast<double>(k));
      }
      v1::ImportBatchResult result;
      if (!stream->Write(req) || !stream->Read(&result)) break;
      if (!result.applied()) {
        ADD_FAILURE() << "batch " << k << " not applied: " << result.DebugString();
        break;
      }
      {
        std::lock_guard lock(ledger.mu);
        ledger.batch_acked = k;
      }
      ledger.Ack();
    }
    stream->Finish().IgnoreError();
  }

  void KnowledgeClient(Ledger& ledger) {
    auto stub = v1::KnowledgeService::NewStub(channel_);
    for (;;) {
      int64_t k;
      {
        std::lock_guard lock(ledger.mu);
        k = ++ledger.kb_sent;
      }
      v1::ApplyKnowledgeRequest req;
      for (int i = 0; i < kKbNodes; ++i) {
        v1::Node* n = req.mutable_document()->add_nodes();
        n->set_id(absl::StrCat("crash.n", i));
        n->set_type(v1::NODE_TYPE_RECOMMENDATION);
        n->set_title_de(absl::StrCat("Runde ", k));
      }
      v1::ApplyKnowledgeResponse resp;
      grpc::ClientContext ctx;
      if (!stub->ApplyKnowledge(&ctx, req, &resp).ok()) return;
      {
        std::lock_guard lock(ledger.mu);
        ledger.kb_acked = k;
      }
      ledger.Ack();
    }
  }

  void CreateDeleteClient(Ledger& ledger) {
    auto monitoring = v1::MonitoringService::NewStub(channel_);
    auto exchange = v1::ExchangeService::NewStub(channel_);
    for (;;) {
      grpc::Status created = CreateIndicator("CRASH_DEL");
      if (!created.ok() && created.error_code() != grpc::StatusCode::ALREADY_EXISTS) return;
      {
        v1::ImportObservationsRequest req;
        for (int i = 0; i < kDeletedCells; ++i) {
          *req.add_rows() = Obs("CRASH_DEL", kreise_[i], "2021", i + 1);
        }
        grpc::ClientContext ctx;
        auto stream = exchange->ImportObservations(&ctx);
        v1::ImportBatchResult result;
        const bool ok = stream->Write(req) && stream->Read(&result);
        stream->WritesDone();
        if (!ok || !stream->Finish().ok()) return;
      }
      v1::DeleteIndicatorRequest del;
      del.set_code("CRASH_DEL");
      del.set_force(true);
      v1::DeleteIndicatorResponse resp;
      grpc::ClientContext ctx;
      if (!monitoring->DeleteIndicator(&ctx, del, &resp).ok()) return;
      ledger.Ack();
    }
  }

  // --- checks after a restart

  void CheckPuts(const Ledger& ledger) {
    auto stub = v1::MonitoringService::NewStub(channel_);
    for (const auto& [cell, acked] : ledger.put_acked) {
      v1::GetObservationRequest req;
      req.set_indicator_code("CRASH_PUT");
      req.set_unit_key(cell.substr(0, cell.find('/')));
      req.set_period(cell.substr(cell.find('/') + 1));
      v1::Observation o;
      grpc::ClientContext ctx;
      grpc::Status s = stub->GetObservation(&ctx, req, &o);
      ASSERT_TRUE(s.ok()) << cell << ": acknowledged " << acked << ", now " << s.error_message();
      EXPECT_GE(o.value(), acked) << cell << ": an acknowledged value was lost";
      EXPECT_LE(o.value(), ledger.put_sent.at(cell)) << cell << ": a value never sent";
    }
  }

  void CheckBatches(const Ledger& ledger) {
    v1::GetSeriesRequest req;
    req.set_indicator_code("CRASH_BATCH");
    req.set_own_key_only(true);
    for (int i = 0; i < kBatchCells; ++i) req.add_unit_keys(kreise_[i]);
    v1::GetSeriesResponse resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(v1::MonitoringService::NewStub(channel_)->GetSeries(&ctx, req, &resp).ok());
    std::set<double> values;
    int cells = 0;
    for (const v1::UnitSeries& s : resp.series()) {
      for (const v1::Observation& o : s.points()) {
        values.insert(o.value());
        ++cells;
      }
    }
    if (ledger.batch_sent == 0 || (ledger.batch_acked == 0 && cells == 0)) return;
    ASSERT_EQ(cells, kBatchCells) << "a batch is partly visible";
    ASSERT_EQ(values.size(), 1u) << "cells of one batch hold " << values.size() << " batches";
    EXPECT_GE(*values.begin(), ledger.batch_acked) << "an acknowledged batch was lost";
    EXPECT_LE(*values.begin(), ledger.batch_sent);
  }

  void CheckKnowledge(const Ledger& ledger) {
    v1::DumpKnowledgeRequest req;
    v1::KnowledgeDocument doc;
    grpc::ClientContext ctx;
    ASSERT_TRUE(v1::KnowledgeService::NewStub(channel_)->DumpKnowledge(&ctx, req, &doc).ok());
    std::set<std::string> titles;
    int nodes = 0;
    for (const v1::Node& n : doc.nodes()) {
      if (n.id().rfind("crash.n", 0) != 0) continue;
      titles.insert(n.title_de());
      ++nodes;
    }
    if (ledger.kb_acked == 0 && nodes == 0) return;
    ASSERT_EQ(nodes, kKbNodes) << "an apply is partly visible";
    ASSERT_EQ(titles.size(), 1u) << "the nodes of one apply hold " << titles.size() << " rounds";
    const int64_t round = std::stoll(titles.begin()->substr(6));
    EXPECT_GE(round, ledger.kb_acked) << "an acknowledged apply was lost";
    EXPECT_LE(round, ledger.kb_sent);
  }

  void CheckCreateDelete() {
    v1::GetIndicatorRequest get;
    get.set_code("CRASH_DEL");
    v1::Indicator ind;
    grpc::ClientContext ctx;
    const bool exists =
        v1::MonitoringService::NewStub(channel_)->GetIndicator(&ctx, get, &ind).ok();
    v1::GetNodeRequest node_req;
    node_req.set_id("ind.crash_del");
    v1::Node node;
    grpc::ClientContext nctx;
    const bool node_exists =
        v1::KnowledgeService::NewStub(channel_)->GetNode(&nctx, node_req, &node).ok();
    EXPECT_EQ(exists, node_exists) << "the indicator and its knowledge node went separate ways";
    if (!exists) return;
    v1::GetSeriesRequest req;
    req.set_indicator_code("CRASH_DEL");
    req.set_own_key_only(true);
    for (int i = 0; i < kDeletedCells; ++i) req.add_unit_keys(kreise_[i]);
    v1::GetSeriesResponse resp;
    grpc::ClientContext sctx;
    ASSERT_TRUE(v1::MonitoringService::NewStub(channel_)->GetSeries(&sctx, req, &resp).ok());
    int cells = 0;
    for (const v1::UnitSeries& s : resp.series()) cells += s.points_size();
    EXPECT_TRUE(cells == 0 || cells == kDeletedCells)
        << cells << " of a batch of " << kDeletedCells;
  }

  // The change feed from 0: sequences 1..last, each once. Returns the last.
  uint64_t CheckFeed() {
    v1::WatchObservationsRequest req;
    grpc::ClientContext ctx;
    auto reader = v1::ExchangeService::NewStub(channel_)->WatchObservations(&ctx, req);
    v1::WatchObservationsResponse msg;
    uint64_t expected = 1;
    while (reader->Read(&msg)) {
      for (const v1::ObservationChange& c : msg.changes()) {
        if (c.sequence() != expected) {
          ADD_FAILURE() << "change feed: sequence " << c.sequence() << " where " << expected
                        << " was due (a gap or a duplicate)";
          ctx.TryCancel();
          break;
        }
        ++expected;
      }
      if (msg.caught_up()) {
        EXPECT_EQ(msg.last_sequence(), expected - 1);
        ctx.TryCancel();
        break;
      }
    }
    reader->Finish().IgnoreError();
    return expected - 1;
  }

  testing::TempDir dir_;
  std::string data_, secret_, token_file_, address_;
  std::unique_ptr<testing::Child> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::vector<std::string> kreise_;
};

TEST_F(CrashTest, KillNineLosesNoAcknowledgedWriteAndShowsNoHalfBatch) {
  Ledger ledger;
  std::mt19937 rng(20261204);
  std::vector<double> restart_ms;
  for (int cycle = 0; cycle < g_cycles; ++cycle) {
    SCOPED_TRACE(absl::StrCat("cycle ", cycle + 1, " of ", g_cycles));
    {
      std::lock_guard lock(ledger.mu);
      ledger.acks = 0;
    }
    const int64_t kill_after = 5 + static_cast<int64_t>(rng() % 60);
    std::vector<std::thread> clients;
    clients.emplace_back([&, seed = static_cast<uint32_t>(rng())] { PutClient(ledger, seed); });
    clients.emplace_back([&] { BatchClient(ledger); });
    clients.emplace_back([&] { KnowledgeClient(ledger); });
    clients.emplace_back([&] { CreateDeleteClient(ledger); });
    {
      std::unique_lock lock(ledger.mu);
      const bool reached = ledger.acked_cv.wait_for(lock, std::chrono::seconds(60),
                                                    [&] { return ledger.acks >= kill_after; });
      EXPECT_TRUE(reached) << "only " << ledger.acks << " acknowledgements in 60 s";
    }
    server_->Signal(SIGKILL);
    EXPECT_EQ(server_->Wait(), 128 + SIGKILL);
    for (std::thread& t : clients) t.join();  // every client's next call fails

    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_NO_FATAL_FAILURE(Start());
    restart_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    ASSERT_NO_FATAL_FAILURE(CheckPuts(ledger));
    ASSERT_NO_FATAL_FAILURE(CheckBatches(ledger));
    ASSERT_NO_FATAL_FAILURE(CheckKnowledge(ledger));
    ASSERT_NO_FATAL_FAILURE(CheckCreateDelete());
    const uint64_t last = CheckFeed();
    if (HasFailure()) break;
    std::cout << "cycle " << cycle + 1 << ": killed after " << ledger.acks
              << " acknowledgements; puts acked in " << ledger.put_acked.size() << " cells, batch "
              << ledger.batch_acked << "/" << ledger.batch_sent << ", apply " << ledger.kb_acked
              << "/" << ledger.kb_sent << ", feed 1.." << last << ", restart "
              << static_cast<int>(restart_ms.back()) << " ms\n";
  }
  std::sort(restart_ms.begin(), restart_ms.end());
  if (!restart_ms.empty()) {
    RecordProperty("cycles", static_cast<int>(restart_ms.size()));
    RecordProperty("restart_ms_median", static_cast<int>(restart_ms[restart_ms.size() / 2]));
    RecordProperty("restart_ms_max", static_cast<int>(restart_ms.back()));
  }
}

}  // namespace
}  // namespace integra

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (const char* env = std::getenv("INTEGRA_CRASH_CYCLES")) integra::g_cycles = std::atoi(env);
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--cycles") integra::g_cycles = std::atoi(argv[i + 1]);
  }
  if (integra::g_cycles < 1) integra::g_cycles = 1;
  return RUN_ALL_TESTS();
}
