#include "services/api/call_guard.h"

#include <atomic>
#include <mutex>
#include <random>
#include <unordered_map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/clock.h"
#include "services/monitoring/units.h"
#include "services/security/audit_records.h"
#include "services/security/token_store.h"

namespace integra::api {
namespace {

using grpc::experimental::InterceptionHookPoints;

struct CallState {
  std::string method;
  const security::MethodRule* rule = nullptr;  // nullptr: not in the table
  absl::StatusOr<security::Principal> caller;
  security::AccessPolicy policy;
  std::string peer;
  std::atomic<bool> checked = false;
};

// Calls in flight, by their server context.
class CallRegistry {
 public:
  void Insert(const grpc::ServerContextBase* ctx, std::shared_ptr<CallState> state) {
    std::lock_guard<std::mutex> lock(mu_);
    calls_[ctx] = std::move(state);
  }
  void Erase(const grpc::ServerContextBase* ctx) {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.erase(ctx);
  }
  std::shared_ptr<CallState> Find(const grpc::ServerContextBase* ctx) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = calls_.find(ctx);
    return it == calls_.end() ? nullptr : it->second;
  }

 private:
  std::mutex mu_;
  std::unordered_map<const grpc::ServerContextBase*, std::shared_ptr<CallState>> calls_;
};

CallRegistry& Registry() {
  static auto* registry = new CallRegistry();  // never destroyed: calls may end at exit
  return *registry;
}

absl::StatusOr<security::Principal> Authenticate(
    security::TokenStore* tokens, std::multimap<grpc::string_ref, grpc::string_ref>* metadata) {
  auto it = metadata->find("authorization");
  if (it == metadata->end()) return security::Principal::Anonymous();
  const std::string_view value(it->second.data(), it->second.size());
  constexpr std::string_view kBearer = "Bearer ";
  if (value.substr(0, kBearer.size()) != kBearer) {
    return absl::UnauthenticatedError(
        "the authorization header must read 'Bearer <token>'");
  }
  return tokens->Authenticate(value.substr(kBearer.size()));
}

// This process's key for forwarded peers (ForwardedPeerValue): 128 random bits, hex.
const std::string& ForwardedPeerSecret() {
  static const std::string* secret = [] {
    std::random_device random;
    std::string hex;
    for (int i = 0; i < 4; ++i) absl::StrAppend(&hex, absl::Hex(random(), absl::kZeroPad8));
    return new std::string(hex);
  }();
  return *secret;
}

// The peer for the audit trail: gRPC's, or the client the HTTP gateway forwarded.
std::string PeerAddress(const grpc::ServerContextBase* ctx,
                        std::multimap<grpc::string_ref, grpc::string_ref>* metadata) {
  auto it = metadata->find(kForwardedPeerKey);
  if (it != metadata->end()) {
    const absl::string_view value(it->second.data(), it->second.size());
    const std::string prefix = ForwardedPeerSecret() + " ";
    if (absl::StartsWith(value, prefix)) {
      return absl::StrCat("http ", value.substr(prefix.size()));
    }
  }
  return ctx->peer();
}

class GuardInterceptor final : public grpc::experimental::Interceptor {
 public:
  GuardInterceptor(grpc::experimental::ServerRpcInfo* info, security::TokenStore* tokens,
                   security::AccessPolicy policy)
      : info_(info), tokens_(tokens), policy_(std::move(policy)) {}
  ~GuardInterceptor() override {
    if (state_ != nullptr) Registry().Erase(info_->server_context());
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      state_ = std::make_shared<CallState>();
      state_->method = info_->method();
      state_->rule = security::FindRule(state_->method);
      state_->policy = policy_;
      state_->caller = Authenticate(tokens_, methods->GetRecvInitialMetadata());
      state_->peer = PeerAddress(info_->server_context(), methods->GetRecvInitialMetadata());
      Registry().Insert(info_->server_context(), state_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        state_ != nullptr && !state_->checked && methods->GetSendStatus().ok() &&
        (state_->rule == nullptr || state_->rule->permission != security::Permission::kPublic)) {
      methods->ModifySendStatus(grpc::Status(
          grpc::StatusCode::INTERNAL,
          absl::StrCat(state_->method, " ran without a permission check; refused")));
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  security::TokenStore* tokens_;
  security::AccessPolicy policy_;
  std::shared_ptr<CallState> state_;
};

class GuardFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  GuardFactory(security::TokenStore* tokens, security::AccessPolicy policy)
      : tokens_(tokens), policy_(std::move(policy)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new GuardInterceptor(info, tokens_, policy_);
  }

 private:
  security::TokenStore* tokens_;
  security::AccessPolicy policy_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewCallGuardFactory(
    security::TokenStore* tokens, security::AccessPolicy policy) {
  return std::make_unique<GuardFactory>(tokens, std::move(policy));
}

namespace {

absl::StatusOr<security::Principal> Check(const grpc::ServerContextBase* ctx, bool role_only,
                                          std::span<const std::string> unit_keys) {
  std::shared_ptr<CallState> state = Registry().Find(ctx);
  if (state == nullptr) {
    return absl::InternalError("no authentication ran for this call (server misconfigured)");
  }
  state->checked = true;
  if (!state->caller.ok()) return state->caller.status();
  if (state->rule == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(state->method, " has no entry in the permission table; refused"));
  }
  absl::Status allowed =
      role_only
          ? security::AuthorizeRole(*state->caller, state->rule->permission, state->policy)
          : security::Authorize(*state->caller, state->rule->permission, unit_keys, state->policy);
  if (!allowed.ok()) return allowed;
  return *state->caller;
}

}  // namespace

absl::StatusOr<security::Principal> Authorize(const grpc::ServerContextBase* ctx,
                                              std::span<const std::string> unit_keys) {
  return Check(ctx, /*role_only=*/false, unit_keys);
}

absl::StatusOr<security::Principal> AuthorizeRole(const grpc::ServerContextBase* ctx) {
  return Check(ctx, /*role_only=*/true, {});
}

std::string CanonicalUnitKey(const std::string& key) {
  auto parsed = monitoring::ParseUnitKey(key);
  return parsed.ok() ? parsed->key : key;
}

storage::AuditScope AuditWrite(const grpc::ServerContextBase* ctx,
                               std::vector<std::string> unit_keys, std::string what) {
  security::AuditEntry entry;
  entry.recorded_micros = common::SystemClock().NowMicros();
  if (std::shared_ptr<CallState> state = Registry().Find(ctx); state != nullptr) {
    entry.rpc = state->method;
    entry.peer = state->peer;
    if (state->caller.ok()) {
      entry.token_id = state->caller->token_id;
      entry.token_name = state->caller->name;
    }
  }
  entry.unit_keys = std::move(unit_keys);
  entry.what = std::move(what);
  return storage::AuditScope([entry](const std::vector<std::string>& notes) {
    security::AuditEntry e = entry;
    e.before = AuditList(notes);
    return security::EncodeAuditRecord(e);
  });
}

std::string AuditList(const std::vector<std::string>& items) {
  constexpr size_t kMax = 200;
  if (items.size() <= kMax) return absl::StrJoin(items, "; ");
  std::vector<std::string> head(items.begin(), items.begin() + kMax);
  return absl::StrCat(absl::StrJoin(head, "; "), "; ... and ", items.size() - kMax, " more");
}

std::string ForwardedPeerValue(std::string_view client) {
  return absl::StrCat(ForwardedPeerSecret(), " ", absl::string_view(client.data(), client.size()));
}

std::string PeerOf(const grpc::ServerContextBase* ctx) {
  std::shared_ptr<CallState> state = Registry().Find(ctx);
  return state == nullptr ? std::string() : state->peer;
}

std::string CallerForLog(const grpc::ServerContextBase* ctx) {
  std::shared_ptr<CallState> state = Registry().Find(ctx);
  if (state == nullptr) return "";
  if (!state->caller.ok()) return "unauthenticated";
  return state->caller->token_id.empty() ? "anonymous" : state->caller->token_id;
}

}  // namespace integra::api
