// The one permission table: every RPC integra serves, by full gRPC method name
// ("/integra.v1.MonitoringService/PutObservation"), mapped to the permission it needs, and the
// one decision whether a caller holds that permission for the units a request touches.
//
// The API layer (services/api/call_guard.h) runs every call through Authorize with the method's
// rule; a test enumerates the services' descriptors and fails when a method has no entry here.
// A method that is not listed is refused (PERMISSION_DENIED), never let through.
//
// Thread-safety: the table is immutable; the functions are pure.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "services/security/principal.h"

namespace integra::security {

enum class Permission {
  kPublic,       // no token needed (health checks, server reflection)
  kRead,         // any token; anonymous only with --allow-anonymous-read. Confidential values
                 // are masked per unit (Principal::MaySeeConfidential), not refused.
  kScopedWrite,  // ADMIN; EDITOR if its scope covers every unit the request touches
  kKbWrite,      // ADMIN, KB_EDITOR; EDITOR for units' strategies inside its scope (the keys are
                 // the owners written, "" = national content, which an EDITOR may not write)
  kAdmin,        // ADMIN only
  kAuditRead,    // ADMIN; READER or EDITOR for units inside its scope
};

std::string_view PermissionName(Permission permission);

struct MethodRule {
  std::string_view method;  // full gRPC method name: "/package.Service/Method"
  Permission permission;
};

// Every rule, sorted by method name.
std::span<const MethodRule> MethodTable();
// The rule of `method`, or nullptr if the method is not in the table.
const MethodRule* FindRule(std::string_view method);

struct AccessPolicy {
  bool allow_anonymous_read = false;  // integrad --allow-anonymous-read
  // The primary's data dir when this server is a read replica (integrad --replica-of): every
  // kScopedWrite and kKbWrite call that the caller may make is refused with FailedPrecondition
  // naming the primary. ("" = a primary.) Writes needing kAdmin reach the store, which refuses
  // them with the same message.
  std::string read_replica_of;
};

// Whether `caller` may run a call needing `permission` that touches the units `unit_keys`
// (for kScopedWrite and kAuditRead: every key must be inside the caller's scope; a scoped
// EDITOR may not run a scoped write that names no unit). Returns OK, or
//   Unauthenticated: an anonymous caller where a token is needed;
//   PermissionDenied: the role may not do this, or a key lies outside the scope; the message
//     names the role or the scope needed;
//   FailedPrecondition: a write the caller may make, on a read replica (policy.read_replica_of).
absl::Status Authorize(const Principal& caller, Permission permission,
                       std::span<const std::string> unit_keys, const AccessPolicy& policy);

// Authorize without the scope part: whether the caller's role may run such a call at all (for a
// stream whose units arrive later). Same errors as Authorize.
absl::Status AuthorizeRole(const Principal& caller, Permission permission,
                           const AccessPolicy& policy);

}  // namespace integra::security
