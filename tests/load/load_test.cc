// Load (ctest -L load): the real integrad on loopback, 8 clients for two phases of a fixed time
// (5 s each; INTEGRA_LOAD_SECONDS=N for longer): point reads, series, peer comparisons and
// unary writes in a fixed mix, plus 4 watch streams following the change feed. Printed: calls,
// throughput, p50/p99 per kind, errors, integrad's RSS and threads after each phase. Checked:
// no call fails; every watcher receives every change; between the end of phase 1 and the end of
// phase 2 neither RSS (beyond 32 MiB of cache warm-up) nor the thread count grows, i.e. nothing
// grows with the number of calls.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "tests/testing/process.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra {
namespace {

using Clock = std::chrono::steady_clock;

// VmRSS (KiB) and Threads of a process, from /proc.
std::pair<int64_t, int64_t> RssAndThreads(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  int64_t rss = -1, threads = -1;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    fields >> name;
    if (name == "VmRSS:") fields >> rss;
    if (name == "Threads:") fields >> threads;
  }
  return {rss, threads};
}

struct Latencies {
  std::mutex mu;
  std::map<std::string, std::vector<double>> ms;  // by call kind
  std::map<std::string, std::string> errors;      // kind -> first error
  int64_t error_count = 0;

  void Add(const std::string& kind, double millis, const grpc::Status& s) {
    std::lock_guard lock(mu);
    ms[kind].push_back(millis);
    if (!s.ok()) {
      ++error_count;
      errors.emplace(kind, absl::StrCat(s.error_code(), " ", s.error_message()));
    }
  }
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1,
                    static_cast<size_t>(std::lround(p * static_cast<double>(v.size() - 1))))];
}

class LoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* env = std::getenv("INTEGRA_LOAD_SECONDS")) seconds_ = std::atoi(env);
    seconds_ = std::max(seconds_, 1);
    const std::string data = dir_.Sub("data");
    secret_ = testing::CreateTokenOffline(data, "ADMIN", "", "load");
    ASSERT_FALSE(secret_.empty());
    // In an AddressSanitizer build (the asan preset) freed memory waits in a quarantine of
    // 256 MiB before reuse, so RSS grows with the calls made until the quarantine is full: the
    // no-growth check would measure the sanitizer. A 16 MiB quarantine fills in phase 1. Other
    // builds ignore the variable.
    std::string asan = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
    if (asan.find("quarantine_size_mb") == std::string::npos) {
      ::setenv("ASAN_OPTIONS",
               (asan.empty() ? "" : asan + ":").append("quarantine_size_mb=16").c_str(), 1);
    }
    const std::string token_file = dir_.Sub("admin.token");
    std::ofstream(token_file) << secret_ << "\n";
    server_ = testing::StartIntegrad(data, &address_);
    ASSERT_FALSE(address_.empty()) << server_->err();
    for (const char* file : {"laender.csv", "kreise_gv100ad_2023-11-30.csv"}) {
      auto r = testing::Run({testing::IntegraPath(), "--server", address_, "--token-file",
                             token_file, "unit", "import", testing::ReferencePath(file)});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    std::ifstream in(testing::ReferencePath("kreise_gv100ad_2023-11-30.csv"));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) kreise_.push_back(line.substr(0, line.find(',')));
    channel_ = testing::TokenChannel(address_, secret_);
    v1::CreateIndicatorRequest req;
    req.mutable_indicator()->set_code("LOAD_Q");
    req.mutable_indicator()->set_name_de("Lasttest-Quote");
    req.mutable_indicator()->set_unit(v1::MEASURE_UNIT_PERCENT);
    req.mutable_indicator()->set_polarity(v1::POLARITY_LOWER_IS_BETTER);
    v1::Indicator created;
    grpc::ClientContext ctx;
    ASSERT_TRUE(
        v1::MonitoringService::NewStub(channel_)->CreateIndicator(&ctx, req, &created).ok());
    // Every Kreis gets a value for 2015-2020, so comparisons have their peers.
    v1::ImportObservationsRequest rows;
    for (const std::string& k : kreise_) {
      for (int year = 2015; year <= 2020; ++year) {
        v1::Observation* o = rows.add_rows();
        o->set_indicator_code("LOAD_Q");
        o->set_unit_key(k);
        o->set_period(std::to_string(year));
        o->set_value(5 + (std::hash<std::string>{}(k) % 100) / 10.0 + year % 7);
      }
    }
    grpc::ClientContext ictx;
    auto stream = v1::ExchangeService::NewStub(channel_)->ImportObservations(&ictx);
    v1::ImportBatchResult result;
    ASSERT_TRUE(stream->Write(rows) && stream->Read(&result));
    ASSERT_TRUE(result.applied()) << result.DebugString();
    stream->WritesDone();
    ASSERT_TRUE(stream->Finish().ok());
  }

  // One client: until `stop`, calls in the mix 40 % point reads, 20 % series, 25 % peer
  // comparisons, 15 % writes.
  void Client(uint32_t seed, const std::atomic<bool>& stop, Latencies& lat, uint64_t* last_seq) {
    auto stub = v1::MonitoringService::NewStub(channel_);
    std::mt19937 rng(seed);
    while (!stop.load()) {
      const std::string& unit = kreise_[rng() % kreise_.size()];
      const std::string period = std::to_string(2015 + rng() % 6);
      const int pick = static_cast<int>(rng() % 100);
      grpc::ClientContext ctx;
      const auto t0 = Clock::now();
      grpc::Status s;
      std::string kind;
      if (pick < 40) {
        kind = "point read";
        v1::GetObservationRequest req;
        req.set_indicator_code("LOAD_Q");
        req.set_unit_key(unit);
        req.set_period(period);
        v1::Observation o;
        s = stub->GetObservation(&ctx, req, &o);
      } else if (pick < 60) {
        kind = "series";
        v1::GetSeriesRequest req;
        req.set_indicator_code("LOAD_Q");
        req.add_unit_keys(unit);
        v1::GetSeriesResponse resp;
        s = stub->GetSeries(&ctx, req, &resp);
      } else if (pick < 85) {
        kind = "peer comparison";
        v1::ComparePeersRequest req;
        req.set_indicator_code("LOAD_Q");
        req.set_unit_key(unit);
        req.set_period(period);
        v1::ComparePeersResponse resp;
        s = stub->ComparePeers(&ctx, req, &resp);
      } else {
        kind = "write";
        v1::PutObservationRequest req;
        v1::Observation* o = req.mutable_observation();
        o->set_indicator_code("LOAD_Q");
        o->set_unit_key(unit);
        o->set_period(period);
        o->set_value(static_cast<double>(rng() % 1000) / 10.0);
        v1::PutObservationResponse resp;
        s = stub->PutObservation(&ctx, req, &resp);
        if (s.ok() && resp.changed()) {
          *last_seq = std::max<uint64_t>(*last_seq, resp.observation().sequence());
        }
      }
      lat.Add(kind, std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), s);
    }
  }

  int seconds_ = 5;
  testing::TempDir dir_;
  std::string secret_, address_;
  std::unique_ptr<testing::Child> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::vector<std::string> kreise_;
};

TEST_F(LoadTest, MixedClientsAndWatchersForAFixedTime) {
  constexpr int kClients = 8;
  constexpr int kWatchers = 4;
  // Watchers from now on: each counts the changes it receives and the last sequence.
  struct Watcher {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<v1::WatchObservationsResponse>> reader;
    std::thread thread;
    std::mutex mu;
    std::condition_variable cv;
    uint64_t last = 0;
    int64_t changes = 0;
    uint64_t first = 0;
  };
  std::vector<std::unique_ptr<Watcher>> watchers;
  auto exchange = v1::ExchangeService::NewStub(channel_);
  for (int i = 0; i < kWatchers; ++i) {
    auto w = std::make_unique<Watcher>();
    v1::WatchObservationsRequest req;
    req.set_from_now(true);
    w->reader = exchange->WatchObservations(&w->ctx, req);
    w->thread = std::thread([w = w.get()] {
      v1::WatchObservationsResponse msg;
      while (w->reader->Read(&msg)) {
        std::lock_guard lock(w->mu);
        for (const v1::ObservationChange& c : msg.changes()) {
          if (w->first == 0) w->first = c.sequence();
          w->last = c.sequence();
          ++w->changes;
        }
        w->cv.notify_all();
      }
    });
    watchers.push_back(std::move(w));
  }

  const auto [rss_start, threads_start] = RssAndThreads(server_->pid());
  std::vector<std::pair<int64_t, int64_t>> after_phase;
  Latencies total;
  std::vector<uint64_t> last_seq(kClients, 0);
  for (int phase = 1; phase <= 2; ++phase) {
    std::atomic<bool> stop{false};
    Latencies lat;
    std::vector<std::thread> clients;
    clients.reserve(kClients);
    const auto t0 = Clock::now();
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] { Client(1000 * phase + c, stop, lat, &last_seq[c]); });
    }
    // The phase lasts a fixed time: the clients run until the deadline (the length of the
    // measurement, not an outcome).
    std::this_thread::sleep_until(t0 + std::chrono::seconds(seconds_));
    stop = true;
    for (std::thread& t : clients) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    after_phase.push_back(RssAndThreads(server_->pid()));
    int64_t calls = 0;
    std::cout << "phase " << phase << " (" << kClients << " clients, " << kWatchers << " watchers, "
              << seconds_ << " s):\n";
    for (const auto& [kind, v] : lat.ms) {
      calls += static_cast<int64_t>(v.size());
      std::cout << "  " << kind << ": " << v.size() << " calls, p50 " << Percentile(v, 0.5)
                << " ms, p99 " << Percentile(v, 0.99) << " ms\n";
    }
    std::cout << "  total " << calls << " calls, " << static_cast<int64_t>(calls / elapsed)
              << " calls/s, errors " << lat.error_count << "; integrad RSS "
              << after_phase.back().first / 1024 << " MiB, threads " << after_phase.back().second
              << "\n";
    EXPECT_EQ(lat.error_count, 0);
    for (const auto& [kind, error] : lat.errors) ADD_FAILURE() << kind << ": " << error;
    EXPECT_GT(calls, 0);
  }
  // Every watcher has every change up to the last acknowledged write.
  const uint64_t newest = *std::max_element(last_seq.begin(), last_seq.end());
  for (auto& w : watchers) {
    // A watcher sends what is committed as it comes: wait until it has the newest write.
    {
      std::unique_lock lock(w->mu);
      EXPECT_TRUE(w->cv.wait_for(lock, std::chrono::seconds(30), [&] { return w->last >= newest; }))
          << "a watcher fell behind: " << w->last << " of " << newest;
    }
    w->ctx.TryCancel();
    w->thread.join();
    EXPECT_EQ(static_cast<uint64_t>(w->changes), w->last - w->first + 1)
        << "a watcher missed or repeated changes";
  }
  std::cout << "integrad RSS at start " << rss_start / 1024 << " MiB, after phase 1 "
            << after_phase[0].first / 1024 << " MiB, after phase 2 " << after_phase[1].first / 1024
            << " MiB; threads " << threads_start << " -> " << after_phase[0].second << " -> "
            << after_phase[1].second << "\n";
  EXPECT_LE(after_phase[1].first - after_phase[0].first, 32 * 1024)
      << "RSS grew by more than 32 MiB in phase 2";
  EXPECT_LE(after_phase[1].second, after_phase[0].second + 2) << "threads grew in phase 2";
  RecordProperty("rss_kib_phase1", static_cast<int>(after_phase[0].first));
  RecordProperty("rss_kib_phase2", static_cast<int>(after_phase[1].first));
}

}  // namespace
}  // namespace integra
