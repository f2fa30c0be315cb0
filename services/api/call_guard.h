// The one enforcement point: every call to integra passes through CallGuard.
//
// How: a server interceptor (installed by IntegraServer for every service, health and
// reflection included) authenticates the call as soon as its metadata arrives — the
// "authorization: Bearer <secret>" header through security::TokenStore, no header = the
// anonymous caller — and files the result under the call's ServerContext together with the
// method's rule from the permission table (services/security/permissions.h). gRPC's C++
// interceptors cannot end a call with a status, and scope checks need the decoded request, so
// every handler begins with
//   GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx, unit_keys));
// which applies the method's rule to the caller and the units the request touches and returns
// the caller (for the actor in history and for masking confidential values). A handler that
// forgot to call Authorize cannot leak a success: the interceptor replaces an OK status of a
// call whose permission was never checked with INTERNAL.
//
// Errors of Authorize: Unauthenticated (token missing where needed, unknown, wrong, expired,
// revoked), PermissionDenied (role, or a unit outside the token's scope; the message names the
// scope needed), Internal (no call registered: the server was built without the interceptor).
//
// Thread-safety: thread-safe; one registry entry per call in flight.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "services/security/permissions.h"
#include "services/security/principal.h"
#include "storage/store.h"

namespace integra::security {
class TokenStore;
}  // namespace integra::security

namespace integra::api {

// Creates the interceptor of every call. `tokens` must outlive the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewCallGuardFactory(
    security::TokenStore* tokens, security::AccessPolicy policy);

// Applies the permission of the running call's method to its caller and `unit_keys` (the units
// the request writes, for scoped writes). See the header comment for the errors.
absl::StatusOr<security::Principal> Authorize(const grpc::ServerContextBase* ctx,
                                              std::span<const std::string> unit_keys = {});

// The same check without the units, for a stream whose units arrive later: the caller must hold
// the method's role (for a scoped write: ADMIN or EDITOR). Each batch of the stream is then
// checked with Authorize(ctx, its units) before it is written.
absl::StatusOr<security::Principal> AuthorizeRole(const grpc::ServerContextBase* ctx);

// The unit keys of a request field, for Authorize: each canonicalised as the domain will store
// it (monitoring::ParseUnitKey: "00" is the Bund "DG"), so the scope is checked against the key
// actually written; a key that does not parse stays as given (the domain refuses it).
std::string CanonicalUnitKey(const std::string& key);
inline std::vector<std::string> KeysOf(const std::string& key) { return {CanonicalUnitKey(key)}; }
template <typename Range>
std::vector<std::string> KeysOf(const Range& keys) {
  std::vector<std::string> out;
  out.reserve(std::size(keys));
  for (const auto& key : keys) out.push_back(CanonicalUnitKey(key));
  return out;
}

// Starts the audit record of a write for the running call (after Authorize): the token, the
// peer address, the time, the RPC, `unit_keys` and `what` (the written values or ids). Every
// Store write this thread makes while the returned scope lives carries the record in its own
// WriteBatch (storage::AuditScope), so no change is applied without it.
storage::AuditScope AuditWrite(const grpc::ServerContextBase* ctx,
                               std::vector<std::string> unit_keys, std::string what);
// `items` joined with "; ", the first 200 of them and a count of the rest.
std::string AuditList(const std::vector<std::string>& items);

// How the HTTP gateway (services/http), calling through the in-process channel, names its own
// client for the audit trail: metadata `kForwardedPeerKey` with ForwardedPeerValue(client). The
// value carries a random key made once per process, so a remote gRPC caller cannot forge it;
// the audit trail then shows "http <client>" instead of the in-process channel.
inline constexpr char kForwardedPeerKey[] = "x-integra-forwarded-peer";
std::string ForwardedPeerValue(std::string_view client);

// Who and where the running call comes from, for the audit trail: the peer address gRPC saw.
std::string PeerOf(const grpc::ServerContextBase* ctx);

// The caller of the running call for the request log: the id of its token (never the secret),
// "anonymous" without one, "unauthenticated" if the token presented was refused, "" if the
// guard has no record of the call.
std::string CallerForLog(const grpc::ServerContextBase* ctx);

}  // namespace integra::api
