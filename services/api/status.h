// The one conversion from the domain error model (absl::Status) to gRPC's. The canonical codes
// match one for one, so the mapping keeps the code, and the message up to a bound.
#pragma once

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace integra::api {

// Same code; the message cut to common::kMaxStatusMessageBytes (common::TruncateMessage), so a
// message that quotes a huge request value still fits gRPC's metadata limit and the client sees
// the code and the reason rather than a transport error.
grpc::Status ToGrpc(const absl::Status& status);

}  // namespace integra::api

// The handlers' early returns, as RETURN_IF_ERROR / ASSIGN_OR_RETURN (common/status_macros.h)
// but returning ToGrpc(status) from a function that returns grpc::Status.
// GRPC_RETURN_IF_ERROR(expr): evaluates `expr` (an absl::Status); returns it converted if not OK.
#define GRPC_RETURN_IF_ERROR(expr)                                                       \
  do {                                                                                   \
    ::absl::Status integra_grpc_status_ = (expr);                                        \
    if (!integra_grpc_status_.ok()) return ::integra::api::ToGrpc(integra_grpc_status_); \
  } while (0)

// GRPC_ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>); returns its status
// converted if not OK, otherwise moves the value into `lhs` (which may be a declaration).
#define GRPC_ASSIGN_OR_RETURN(lhs, expr) \
  INTEGRA_GRPC_ASSIGN_OR_RETURN_IMPL(INTEGRA_CONCAT(integra_grpc_statusor_, __LINE__), lhs, expr)
// `tmp` is a generated name and `lhs` may be a declaration: neither can be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define INTEGRA_GRPC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)    \
  auto tmp = (expr);                                          \
  if (!tmp.ok()) return ::integra::api::ToGrpc(tmp.status()); \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
