// The server-side default deadline, on a real in-process gRPC server with a service whose calls
// never finish by themselves (tests/protos/integra_test/blocking.proto): what ends them is what
// is under test, so no sleep decides an outcome.
#include "services/api/default_deadline.h"

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "integra_test/blocking.grpc.pb.h"

namespace integra::api {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class BlockingService final : public test::Blocking::CallbackService {
 public:
  grpc::ServerUnaryReactor* Hang(grpc::CallbackServerContext*, const test::Empty*,
                                 test::Empty*) override {
    class Reactor final : public grpc::ServerUnaryReactor {
     public:
      void OnCancel() override { Finish(grpc::Status::CANCELLED); }
      void OnDone() override { delete this; }
    };
    return new Reactor();
  }

  grpc::ServerWriteReactor<test::Empty>* HangStream(grpc::CallbackServerContext*,
                                                    const test::Empty*) override {
    return new StreamReactor(this);
  }

  // Waits until `n` streams are open; false after 20 s.
  bool AwaitStreams(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return streams_.size() == n; });
  }
  // Finishes every open stream with OK.
  void FinishStreams() {
    std::lock_guard lock(mu_);
    for (StreamReactor* s : streams_) s->FinishOnce(grpc::Status::OK);
  }

 private:
  class StreamReactor final : public grpc::ServerWriteReactor<test::Empty> {
   public:
    explicit StreamReactor(BlockingService* service) : service_(service) {
      std::lock_guard lock(service_->mu_);
      service_->streams_.insert(this);
      service_->cv_.notify_all();
    }
    void OnCancel() override { FinishOnce(grpc::Status::CANCELLED); }
    void OnDone() override {
      {
        std::lock_guard lock(service_->mu_);
        service_->streams_.erase(this);
        service_->cv_.notify_all();
      }
      delete this;
    }
    void FinishOnce(const grpc::Status& status) {
      std::lock_guard lock(mu_);
      if (finished_) return;
      finished_ = true;
      Finish(status);
    }

   private:
    BlockingService* service_;
    std::mutex mu_;
    bool finished_ = false;
  };

  std::mutex mu_;
  std::condition_variable cv_;
  std::set<StreamReactor*> streams_;  // guarded by mu_
};

// A synchronous handler holds its thread until the call is cancelled; it can only poll for
// that (the poll interval decides nothing but how soon it notices).
class BlockingSyncService final : public test::BlockingSync::Service {
 public:
  grpc::Status Hang(grpc::ServerContext* ctx, const test::Empty*, test::Empty*) override {
    while (!ctx->IsCancelled()) std::this_thread::sleep_for(milliseconds(5));
    return grpc::Status::CANCELLED;
  }
};

class DefaultDeadlineTest : public ::testing::Test {
 protected:
  void StartServer(milliseconds deadline) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service_);
    builder.RegisterService(&sync_service_);
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
    creators.push_back(DefaultDeadlineFactory(deadline));
    builder.experimental().SetInterceptorCreators(std::move(creators));
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                       grpc::InsecureChannelCredentials());
    stub_ = test::Blocking::NewStub(channel);
    sync_stub_ = test::BlockingSync::NewStub(channel);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  // Hang with `ctx`; the status and how long the call took. If nothing ended the call within
  // 20 s the test fails and the call is cancelled from here.
  std::pair<grpc::Status, milliseconds> Hang(grpc::ClientContext& ctx, bool sync = false) {
    const auto start = Clock::now();
    auto call = std::async(std::launch::async, [&] {
      test::Empty req, resp;
      return sync ? sync_stub_->Hang(&ctx, req, &resp) : stub_->Hang(&ctx, req, &resp);
    });
    if (call.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
      ADD_FAILURE() << "the call was not ended by the server";
      ctx.TryCancel();
    }
    grpc::Status status = call.get();
    return {status, std::chrono::duration_cast<milliseconds>(Clock::now() - start)};
  }

  BlockingService service_;
  BlockingSyncService sync_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<test::Blocking::Stub> stub_;
  std::unique_ptr<test::BlockingSync::Stub> sync_stub_;
};

TEST_F(DefaultDeadlineTest, UnaryCallWithoutAClientDeadlineIsCancelledAfterTheDefault) {
  StartServer(milliseconds(200));
  grpc::ClientContext ctx;
  auto [status, took] = Hang(ctx);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED) << status.error_message();
  EXPECT_GE(took, milliseconds(200));
}

TEST_F(DefaultDeadlineTest, SynchronousHandlersAreCancelledToo) {
  StartServer(milliseconds(200));
  grpc::ClientContext ctx;
  auto [status, took] = Hang(ctx, /*sync=*/true);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED) << status.error_message();
  EXPECT_GE(took, milliseconds(200));
}

TEST_F(DefaultDeadlineTest, TheClientsOwnDeadlineWinsEvenWhenLonger) {
  StartServer(milliseconds(100));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + milliseconds(600));
  auto [status, took] = Hang(ctx);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_GE(took, milliseconds(550));  // not cut at the server's 100 ms
}

TEST_F(DefaultDeadlineTest, StreamsOutliveTheDefault) {
  StartServer(milliseconds(100));
  grpc::ClientContext stream_ctx;
  test::Empty req;
  auto stream = stub_->HangStream(&stream_ctx, req);
  ASSERT_TRUE(service_.AwaitStreams(1));
  // A unary call started after the stream is cancelled by the default: the stream has now been
  // open longer than the default.
  grpc::ClientContext unary_ctx;
  EXPECT_EQ(Hang(unary_ctx).first.error_code(), grpc::StatusCode::CANCELLED);
  ASSERT_TRUE(service_.AwaitStreams(1)) << "the stream ended early";
  service_.FinishStreams();
  test::Empty none;
  EXPECT_FALSE(stream->Read(&none));
  const grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
}

}  // namespace
}  // namespace integra::api
