#include "services/api/default_deadline.h"

#include <mutex>

#include "grpcpp/alarm.h"
#include "grpcpp/server_context.h"

namespace integra::api {
namespace {

using grpc::experimental::InterceptionHookPoints;

// What the alarm and the call share: the call's context while the call may still be cancelled
// (nullptr once its status is on its way or the interceptor is gone). The alarm calls TryCancel
// holding `mu`, so the context cannot be destroyed meanwhile; recursive because gRPC may run the
// call's cancellation (and so its PRE_SEND_STATUS hook, Disarm) on the same thread, inside
// TryCancel.
struct Pending {
  std::recursive_mutex mu;
  grpc::ServerContextBase* context = nullptr;  // guarded by mu
};

// One per call (gRPC creates it with the call and destroys it with the call's context).
class DefaultDeadlineInterceptor final : public grpc::experimental::Interceptor {
 public:
  DefaultDeadlineInterceptor(grpc::experimental::ServerRpcInfo* info,
                             std::chrono::milliseconds deadline)
      : info_(info), deadline_(deadline) {}

  ~DefaultDeadlineInterceptor() override { Disarm(); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Arm();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) Disarm();
    methods->Proceed();
  }

 private:
  void Arm() {
    grpc::ServerContextBase* context = info_->server_context();
    if (info_->type() != grpc::experimental::ServerRpcInfo::Type::UNARY) return;
    if (context->deadline() != std::chrono::system_clock::time_point::max()) return;  // client's
    pending_ = std::make_shared<Pending>();
    pending_->context = context;
    alarm_.Set(std::chrono::system_clock::now() + deadline_, [pending = pending_](bool expired) {
      if (!expired) return;  // cancelled: the call finished first
      std::lock_guard lock(pending->mu);
      if (pending->context != nullptr) pending->context->TryCancel();
    });
  }

  void Disarm() {
    if (pending_ == nullptr) return;
    {
      std::lock_guard lock(pending_->mu);
      pending_->context = nullptr;
    }
    alarm_.Cancel();
  }

  grpc::experimental::ServerRpcInfo* info_;
  const std::chrono::milliseconds deadline_;
  std::shared_ptr<Pending> pending_;
  grpc::Alarm alarm_;
};

class DefaultDeadlineFactoryImpl final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit DefaultDeadlineFactoryImpl(std::chrono::milliseconds deadline) : deadline_(deadline) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new DefaultDeadlineInterceptor(info, deadline_);
  }

 private:
  const std::chrono::milliseconds deadline_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> DefaultDeadlineFactory(
    std::chrono::milliseconds deadline) {
  return std::make_unique<DefaultDeadlineFactoryImpl>(deadline);
}

}  // namespace integra::api
