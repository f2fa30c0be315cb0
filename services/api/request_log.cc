#include "services/api/request_log.h"

#include <chrono>
#include <cmath>
#include <random>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "services/api/call_guard.h"

namespace integra::api {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr char kRequestIdKey[] = "x-request-id";

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return absl::StrCat(absl::Hex(random(), absl::kZeroPad16));
}

class RequestLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  RequestLogInterceptor(grpc::experimental::ServerRpcInfo* info, common::RpcMetrics* metrics)
      : info_(info), metrics_(metrics), start_(std::chrono::steady_clock::now()) {}
  ~RequestLogInterceptor() override {
    // The call's context may be gone by now: log without caller and peer.
    if (!done_) {
      Finish(grpc::StatusCode::CANCELLED, "ended without a status (client cancelled)",
             /*with_context=*/false);
    }
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      auto it = metadata->find(kRequestIdKey);
      if (it != metadata->end()) {
        const std::string_view given(it->second.data(), it->second.size());
        if (ValidRequestId(given)) request_id_ = std::string(given);
      }
      if (request_id_.empty()) request_id_ = NewRequestId();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA) &&
        !request_id_.empty()) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdKey, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      Finish(status.error_code(), status.error_message(), /*with_context=*/true);
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code, const std::string& message, bool with_context) {
    done_ = true;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::string method = info_->method() == nullptr ? "" : info_->method();
    const std::string code_name = GrpcCodeName(code);
    metrics_->Record(method, code_name, seconds);
    const grpc::ServerContextBase* ctx = with_context ? info_->server_context() : nullptr;
    std::string caller = ctx == nullptr ? "" : CallerForLog(ctx);
    std::string peer = ctx == nullptr ? "" : PeerOf(ctx);
    if (peer.empty() && ctx != nullptr) peer = ctx->peer();
    // Messages are bounded: a status message may quote request data.
    const std::string shown = message.size() > 300 ? message.substr(0, 300) + "..." : message;
    // OK, NOT_FOUND and CANCELLED are routine (info); every other code is a warning.
    const bool routine = code == grpc::StatusCode::OK || code == grpc::StatusCode::NOT_FOUND ||
                         code == grpc::StatusCode::CANCELLED;
    auto log = routine ? common::LogInfo : common::LogWarn;
    log("request", {{"request_id", request_id_},
                    {"rpc", method},
                    {"code", code_name},
                    {"ms", std::round(seconds * 1e6) / 1e3},  // to the microsecond
                    {"token", caller},
                    {"peer", peer},
                    {"error", shown}});
  }

  grpc::experimental::ServerRpcInfo* info_;
  common::RpcMetrics* metrics_;
  const std::chrono::steady_clock::time_point start_;
  std::string request_id_;
  bool done_ = false;
};

class RequestLogFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RequestLogFactory(common::RpcMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RequestLogInterceptor(info, metrics_);
  }

 private:
  common::RpcMetrics* metrics_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewRequestLogFactory(
    common::RpcMetrics* metrics) {
  return std::make_unique<RequestLogFactory>(metrics);
}

std::string GrpcCodeName(grpc::StatusCode code) {
  // absl's codes are gRPC's, one for one (absl/status/status.h).
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace integra::api
