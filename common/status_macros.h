// Local status propagation macros. Debian's abseil (20220623) ships no status_macros.h.
// Used by every layer (common is the floor of the build graph); the gRPC adapters have their
// own variants that convert the status (GRPC_RETURN_IF_ERROR in services/api/status.h).
#pragma once

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define INTEGRA_CONCAT_INNER(a, b) a##b
#define INTEGRA_CONCAT(a, b) INTEGRA_CONCAT_INNER(a, b)

// RETURN_IF_ERROR(expr): evaluates `expr` (an absl::Status) and returns it if not OK.
#define RETURN_IF_ERROR(expr)                         \
  do {                                                \
    ::absl::Status integra_status_ = (expr);          \
    if (!integra_status_.ok()) return integra_status_; \
  } while (0)

// ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>); returns its status
// if not OK, otherwise moves the value into `lhs` (which may be a declaration).
#define ASSIGN_OR_RETURN(lhs, expr) \
  INTEGRA_ASSIGN_OR_RETURN_IMPL(INTEGRA_CONCAT(integra_statusor_, __LINE__), lhs, expr)
// `tmp` is a generated name and `lhs` may be a declaration: neither can be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define INTEGRA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
