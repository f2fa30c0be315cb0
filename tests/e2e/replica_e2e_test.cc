// Read replicas through the real binaries: a primary integrad and a second one started with
// --replica-of on the primary's data dir. Acknowledged writes through the primary become
// visible on the replica within its catch-up interval (a bounded poll, deadline several
// intervals), indexes held in memory (the unit register) included; writes to the replica are
// refused with FAILED_PRECONDITION naming the primary; a replica whose primary's dir is gone
// turns NOT_SERVING.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "integra/v1/admin.grpc.pb.h"
#include "integra/v1/knowledge.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/token_channel.h"

namespace integra {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::IntegraPath;
using testing::StartIntegrad;
using testing::TempDir;

constexpr int kIntervalMs = 200;
// Generous for a loaded test machine: the replica is expected within about one interval.
constexpr milliseconds kDeadline{kIntervalMs * 25};

// Polls `condition` every 10 ms until it holds or `deadline` passes; returns how long it took,
// or nullopt if it never held.
std::optional<milliseconds> WaitFor(const std::function<bool()>& condition, milliseconds deadline) {
  const auto start = steady_clock::now();
  while (steady_clock::now() - start < deadline) {
    if (condition()) {
      return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
  return std::nullopt;
}

grpc::health::v1::HealthCheckResponse::ServingStatus Health(
    const std::shared_ptr<grpc::Channel>& channel) {
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!grpc::health::v1::Health::NewStub(channel)->Check(&ctx, req, &resp).ok()) {
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }
  return resp.status();
}

TEST(ReplicaE2ETest, SeesAcknowledgedWritesWithinItsIntervalRefusesWritesAndReportsHealth) {
  TempDir dir;
  const std::string primary_dir = dir.Sub("primary");
  const std::string replica_dir = dir.Sub("replica");
  const std::string secret = testing::CreateTokenOffline(primary_dir, "ADMIN", "", "ops");
  ASSERT_FALSE(secret.empty());
  const std::string token_file = dir.Sub("admin.token");
  std::ofstream(token_file) << secret << "\n";

  std::string primary_address;
  auto primary = StartIntegrad(primary_dir, &primary_address);
  ASSERT_FALSE(primary_address.empty()) << primary->err();
  std::string replica_address;
  auto replica = StartIntegrad(replica_dir, &replica_address,
                               {"--replica-of", primary_dir, "--catch-up-interval-ms",
                                std::to_string(kIntervalMs)});
  ASSERT_FALSE(replica_address.empty()) << replica->err();
  EXPECT_NE(replica->out().find("read replica of " + primary_dir), std::string::npos)
      << replica->out();
  // The token lives in the primary's data: the replica reads it (and does not record its use).
  auto to_primary = testing::TokenChannel(primary_address, secret);
  auto to_replica = testing::TokenChannel(replica_address, secret);
  EXPECT_EQ(Health(to_replica), grpc::health::v1::HealthCheckResponse::SERVING);

  // A knowledge node (read from RocksDB) and a unit (served from the replica's in-memory
  // register, refreshed after the catch-up), each acknowledged by the primary first.
  auto primary_kb = v1::KnowledgeService::NewStub(to_primary);
  auto replica_kb = v1::KnowledgeService::NewStub(to_replica);
  auto primary_units = v1::MonitoringService::NewStub(to_primary);
  auto replica_units = v1::MonitoringService::NewStub(to_replica);
  v1::CreateNodeRequest create;
  create.mutable_node()->set_id("af.sprache");
  create.mutable_node()->set_type(v1::NODE_TYPE_ACTION_FIELD);
  create.mutable_node()->set_title_de("Sprache");
  v1::UpsertUnitRequest upsert;
  upsert.mutable_unit()->set_key("01");
  upsert.mutable_unit()->set_name("Schleswig-Holstein");
  {
    v1::Node node;
    grpc::ClientContext ctx;
    ASSERT_TRUE(primary_kb->CreateNode(&ctx, create, &node).ok());
    v1::Unit unit;
    grpc::ClientContext ctx2;
    ASSERT_TRUE(primary_units->UpsertUnit(&ctx2, upsert, &unit).ok());
  }
  const auto acknowledged = steady_clock::now();
  auto node_visible = [&] {
    v1::GetNodeRequest get;
    get.set_id("af.sprache");
    v1::Node node;
    grpc::ClientContext ctx;
    return replica_kb->GetNode(&ctx, get, &node).ok() && node.title_de() == "Sprache";
  };
  auto unit_visible = [&] {
    v1::GetUnitRequest get;
    get.set_key("01");
    v1::Unit unit;
    grpc::ClientContext ctx;
    return replica_units->GetUnit(&ctx, get, &unit).ok() && unit.name() == "Schleswig-Holstein";
  };
  ASSERT_TRUE(WaitFor([&] { return node_visible() && unit_visible(); }, kDeadline))
      << "the replica did not show the primary's acknowledged writes within " << kDeadline.count()
      << " ms";
  const auto lag = std::chrono::duration_cast<milliseconds>(steady_clock::now() - acknowledged);
  {
    // A scan (one consistent read of many keys) works on the replica as well.
    v1::ListNodesRequest list;
    v1::ListNodesResponse nodes;
    grpc::ClientContext ctx;
    ASSERT_TRUE(replica_kb->ListNodes(&ctx, list, &nodes).ok());
    ASSERT_EQ(nodes.nodes_size(), 1);
    EXPECT_EQ(nodes.nodes(0).id(), "af.sprache");
  }
  std::printf("replica lag after an acknowledged write: %lld ms (interval %d ms)\n",
              static_cast<long long>(lag.count()), kIntervalMs);
  RecordProperty("replica_lag_ms", static_cast<int>(lag.count()));

  // Writes to the replica: refused, naming the primary; nothing reaches the primary's data.
  const std::string refusal = "this integrad is a read replica of " + primary_dir +
                              ": it refuses every write; send writes to the primary";
  {
    create.mutable_node()->set_id("af.arbeit");
    v1::Node node;
    grpc::ClientContext ctx;
    grpc::Status s = replica_kb->CreateNode(&ctx, create, &node);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(s.error_message(), refusal);
    upsert.mutable_unit()->set_name("Schleswig-Holstein (geändert)");
    v1::Unit unit;
    grpc::ClientContext ctx2;
    s = replica_units->UpsertUnit(&ctx2, upsert, &unit);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(s.error_message(), refusal);
    // An ADMIN write reaches the store, which refuses it the same way.
    v1::CreateTokenRequest token;
    token.set_name("late");
    token.set_role(v1::ROLE_READER);
    v1::CreateTokenResponse created;
    grpc::ClientContext ctx3;
    s = v1::AdminService::NewStub(to_replica)->CreateToken(&ctx3, token, &created);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(s.error_message(), refusal);
    v1::GetNodeRequest get;
    get.set_id("af.arbeit");
    grpc::ClientContext ctx4;
    EXPECT_EQ(primary_kb->GetNode(&ctx4, get, &node).error_code(), grpc::StatusCode::NOT_FOUND);
  }

  // On demand: `integra admin catch-up` against the replica sees a write at once; against the
  // primary it is refused.
  {
    create.mutable_node()->set_id("af.bildung");
    create.mutable_node()->set_title_de("Bildung");
    v1::Node node;
    grpc::ClientContext ctx;
    ASSERT_TRUE(primary_kb->CreateNode(&ctx, create, &node).ok());
    testing::RunResult r = testing::Run(
        {IntegraPath(), "--server", replica_address, "--token-file", token_file, "admin",
         "catch-up"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("replica of " + primary_dir), std::string::npos) << r.out;
    v1::GetNodeRequest get;
    get.set_id("af.bildung");
    grpc::ClientContext ctx2;
    EXPECT_TRUE(replica_kb->GetNode(&ctx2, get, &node).ok());  // no wait: caught up on demand
    testing::RunResult on_primary = testing::Run(
        {IntegraPath(), "--server", primary_address, "--token-file", token_file, "admin",
         "catch-up"});
    EXPECT_EQ(on_primary.exit_code, 1);
    EXPECT_NE(on_primary.err.find("not a read replica"), std::string::npos) << on_primary.err;
  }

  // The primary stops and its data dir goes away: the replica can no longer catch up and says
  // so in its health, while it still answers reads from the files it holds open.
  primary_kb.reset();  // an open client connection would hold the primary's shutdown up
  primary_units.reset();
  to_primary.reset();
  primary->Signal(SIGTERM);
  ASSERT_EQ(primary->Wait(), 0) << primary->err();
  std::filesystem::rename(primary_dir, dir.Sub("primary-moved"));
  EXPECT_TRUE(WaitFor(
      [&] { return Health(to_replica) == grpc::health::v1::HealthCheckResponse::NOT_SERVING; },
      kDeadline))
      << "the replica stayed SERVING without its primary's data dir";
  EXPECT_TRUE(node_visible());

  replica->Signal(SIGTERM);
  EXPECT_EQ(replica->Wait(), 0) << replica->err();
}

TEST(ReplicaE2ETest, RefusesToStartOnADirWithoutAnIntegraDatabase) {
  TempDir dir;
  std::string address;
  auto replica = StartIntegrad(dir.Sub("replica"), &address,
                               {"--replica-of", dir.Sub("no-primary-here")});
  EXPECT_TRUE(address.empty());
  EXPECT_EQ(replica->Wait(), 1);
  EXPECT_NE(replica->err().find("holds no integra database (start the primary integrad on it "
                                "first)"),
            std::string::npos)
      << replica->err();
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("no-primary-here")));
}

}  // namespace
}  // namespace integra
