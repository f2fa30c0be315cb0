#include "services/security/permissions.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"

namespace integra::security {
namespace {

using P = Permission;

// Sorted by method name (checked by a test and by FindRule's binary search).
constexpr std::array kTable = std::to_array<MethodRule>({
    {"/grpc.health.v1.Health/Check", P::kPublic},
    {"/grpc.health.v1.Health/Watch", P::kPublic},
    {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", P::kPublic},
    {"/integra.v1.AdminService/CatchUp", P::kAdmin},
    {"/integra.v1.AdminService/CreateBackup", P::kAdmin},
    {"/integra.v1.AdminService/CreateToken", P::kAdmin},
    {"/integra.v1.AdminService/ListAudit", P::kAuditRead},
    {"/integra.v1.AdminService/ListTokens", P::kAdmin},
    {"/integra.v1.AdminService/RevokeToken", P::kAdmin},
    {"/integra.v1.ExchangeService/ExportObservations", P::kRead},
    {"/integra.v1.ExchangeService/GetImportJob", P::kScopedWrite},
    {"/integra.v1.ExchangeService/ImportIndicators", P::kAdmin},
    {"/integra.v1.ExchangeService/ImportObservations", P::kScopedWrite},
    {"/integra.v1.ExchangeService/ImportTargets", P::kScopedWrite},
    {"/integra.v1.ExchangeService/ImportUnits", P::kAdmin},
    {"/integra.v1.ExchangeService/ListImportJobs", P::kScopedWrite},
    {"/integra.v1.ExchangeService/RollbackImportJob", P::kScopedWrite},
    {"/integra.v1.ExchangeService/WatchObservations", P::kRead},
    {"/integra.v1.KnowledgeService/ApplyKnowledge", P::kKbWrite},
    {"/integra.v1.KnowledgeService/Centrality", P::kRead},
    {"/integra.v1.KnowledgeService/Components", P::kRead},
    {"/integra.v1.KnowledgeService/Coverage", P::kRead},
    {"/integra.v1.KnowledgeService/CreateNode", P::kKbWrite},
    {"/integra.v1.KnowledgeService/DeleteNode", P::kKbWrite},
    {"/integra.v1.KnowledgeService/DumpKnowledge", P::kRead},
    {"/integra.v1.KnowledgeService/ExplainPath", P::kRead},
    {"/integra.v1.KnowledgeService/ExportGraph", P::kRead},
    {"/integra.v1.KnowledgeService/GetNode", P::kRead},
    {"/integra.v1.KnowledgeService/GetSubgraph", P::kRead},
    {"/integra.v1.KnowledgeService/History", P::kRead},
    {"/integra.v1.KnowledgeService/Link", P::kKbWrite},
    {"/integra.v1.KnowledgeService/ListNodes", P::kRead},
    {"/integra.v1.KnowledgeService/Neighbors", P::kRead},
    {"/integra.v1.KnowledgeService/Search", P::kRead},
    {"/integra.v1.KnowledgeService/TopologicalOrder", P::kRead},
    {"/integra.v1.KnowledgeService/Unlink", P::kKbWrite},
    {"/integra.v1.KnowledgeService/UpdateNode", P::kKbWrite},
    {"/integra.v1.MonitoringService/ComparePeers", P::kRead},
    {"/integra.v1.MonitoringService/CreateIndicator", P::kAdmin},
    {"/integra.v1.MonitoringService/CreatePeerGroup", P::kScopedWrite},
    {"/integra.v1.MonitoringService/CreateReform", P::kAdmin},
    {"/integra.v1.MonitoringService/DeleteIndicator", P::kAdmin},
    {"/integra.v1.MonitoringService/DeletePeerGroup", P::kScopedWrite},
    {"/integra.v1.MonitoringService/DeleteTarget", P::kScopedWrite},
    {"/integra.v1.MonitoringService/GetGapSeries", P::kRead},
    {"/integra.v1.MonitoringService/GetIndicator", P::kRead},
    {"/integra.v1.MonitoringService/GetLeagueTable", P::kRead},
    {"/integra.v1.MonitoringService/GetObservation", P::kRead},
    {"/integra.v1.MonitoringService/GetObservationHistory", P::kRead},
    {"/integra.v1.MonitoringService/GetPeerBand", P::kRead},
    {"/integra.v1.MonitoringService/GetPeerGroup", P::kRead},
    {"/integra.v1.MonitoringService/GetRankTrajectory", P::kRead},
    {"/integra.v1.MonitoringService/GetSeries", P::kRead},
    {"/integra.v1.MonitoringService/GetTarget", P::kRead},
    {"/integra.v1.MonitoringService/GetTargetStatus", P::kRead},
    {"/integra.v1.MonitoringService/GetTrend", P::kRead},
    {"/integra.v1.MonitoringService/GetUnit", P::kRead},
    {"/integra.v1.MonitoringService/ImportUnits", P::kAdmin},
    {"/integra.v1.MonitoringService/IngestObservations", P::kScopedWrite},
    {"/integra.v1.MonitoringService/ListIndicators", P::kRead},
    {"/integra.v1.MonitoringService/ListPeerGroups", P::kRead},
    {"/integra.v1.MonitoringService/ListReforms", P::kRead},
    {"/integra.v1.MonitoringService/ListTargets", P::kRead},
    {"/integra.v1.MonitoringService/ListUnits", P::kRead},
    {"/integra.v1.MonitoringService/PutObservation", P::kScopedWrite},
    {"/integra.v1.MonitoringService/ResolvePeers", P::kRead},
    {"/integra.v1.MonitoringService/RollUp", P::kRead},
    {"/integra.v1.MonitoringService/SearchUnits", P::kRead},
    {"/integra.v1.MonitoringService/SetTarget", P::kScopedWrite},
    {"/integra.v1.MonitoringService/UpsertUnit", P::kAdmin},
    {"/integra.v1.ScorecardService/Evaluate", P::kRead},
    {"/integra.v1.ScorecardService/GetScorecard", P::kRead},
});

constexpr bool Sorted() {
  for (size_t i = 1; i < kTable.size(); ++i) {
    if (!(kTable[i - 1].method < kTable[i].method)) return false;
  }
  return true;
}
static_assert(Sorted(), "kTable must be sorted by method name, without duplicates");

absl::Status Denied(const Principal& caller, std::string_view needed) {
  return absl::PermissionDeniedError(
      absl::StrCat(caller.Describe(), " may not do this: it needs ", std::string(needed)));
}

// Scoped permissions: every key inside the caller's scope.
absl::Status CheckScope(const Principal& caller, std::span<const std::string> unit_keys,
                        std::string_view what) {
  if (unit_keys.empty() && !caller.scope.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(
        caller.Describe(), " may not ", std::string(what), " without naming units inside its scope ",
        caller.scope));
  }
  for (const std::string& key : unit_keys) {
    if (!ScopeCovers(caller.scope, key)) {
      return absl::PermissionDeniedError(absl::StrCat(
          caller.Describe(), " may not ", std::string(what), " unit '", key,
          "' (outside scope ", caller.scope, "): that needs a token whose scope is a prefix of '",
          key, "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case P::kPublic:
      return "public";
    case P::kRead:
      return "read";
    case P::kScopedWrite:
      return "scoped write";
    case P::kKbWrite:
      return "knowledge-base write";
    case P::kAdmin:
      return "admin";
    case P::kAuditRead:
      return "audit read";
  }
  return "unknown";
}

std::span<const MethodRule> MethodTable() { return kTable; }

const MethodRule* FindRule(std::string_view method) {
  auto it = std::lower_bound(kTable.begin(), kTable.end(), method,
                             [](const MethodRule& r, std::string_view m) { return r.method < m; });
  if (it == kTable.end() || it->method != method) return nullptr;
  return &*it;
}

namespace {

absl::Status Decide(const Principal& caller, Permission permission, bool role_only,
                    std::span<const std::string> unit_keys, const AccessPolicy& policy) {
  if (permission == P::kPublic) return absl::OkStatus();
  if (caller.anonymous) {
    if (permission == P::kRead && policy.allow_anonymous_read) return absl::OkStatus();
    return absl::UnauthenticatedError(
        permission == P::kRead
            ? "this server needs a token for reads: send 'authorization: Bearer <token>' "
              "(integra --token-file FILE or INTEGRA_TOKEN)"
            : "writes need a token: send 'authorization: Bearer <token>' "
              "(integra --token-file FILE or INTEGRA_TOKEN)");
  }
  if (caller.role == Role::kAdmin) return absl::OkStatus();
  switch (permission) {
    case P::kPublic:
    case P::kRead:
      return absl::OkStatus();
    case P::kAdmin:
      return Denied(caller, "an ADMIN token");
    case P::kKbWrite:
      if (caller.role == Role::kKbEditor) return absl::OkStatus();
      if (caller.role != Role::kEditor) {
        return Denied(caller,
                      "an ADMIN or KB_EDITOR token (or, for a unit's strategy, an EDITOR token "
                      "whose scope covers the unit)");
      }
      if (role_only) return absl::OkStatus();
      // An EDITOR writes only units' strategies ("" = national content) inside its scope.
      if (unit_keys.empty() ||
          std::find(unit_keys.begin(), unit_keys.end(), "") != unit_keys.end()) {
        return Denied(caller,
                      "an ADMIN or KB_EDITOR token: national knowledge-base content is not any "
                      "unit's strategy");
      }
      return CheckScope(caller, unit_keys, "write the strategy of");
    case P::kScopedWrite:
      if (caller.role != Role::kEditor) {
        return Denied(caller, "an ADMIN token or an EDITOR token whose scope covers the units");
      }
      return role_only ? absl::OkStatus() : CheckScope(caller, unit_keys, "write");
    case P::kAuditRead:
      if (caller.role != Role::kReader && caller.role != Role::kEditor) {
        return Denied(caller, "an ADMIN token, or a READER or EDITOR token for its scope");
      }
      return role_only ? absl::OkStatus()
                       : CheckScope(caller, unit_keys, "read the audit trail of");
  }
  return absl::InternalError("unknown permission");
}

// A read replica refuses the writes a caller may make (the others are refused as usual).
absl::Status RefuseWriteOnReplica(absl::Status decided, Permission permission,
                                  const AccessPolicy& policy) {
  if (!decided.ok() || policy.read_replica_of.empty()) return decided;
  if (permission != P::kScopedWrite && permission != P::kKbWrite) return decided;
  return absl::FailedPreconditionError(
      absl::StrCat("this integrad is a read replica of ", policy.read_replica_of,
                   ": it refuses every write; send writes to the primary"));
}

}  // namespace

absl::Status Authorize(const Principal& caller, Permission permission,
                       std::span<const std::string> unit_keys, const AccessPolicy& policy) {
  return RefuseWriteOnReplica(Decide(caller, permission, /*role_only=*/false, unit_keys, policy),
                              permission, policy);
}

absl::Status AuthorizeRole(const Principal& caller, Permission permission,
                           const AccessPolicy& policy) {
  return RefuseWriteOnReplica(Decide(caller, permission, /*role_only=*/true, {}, policy),
                              permission, policy);
}

}  // namespace integra::security
