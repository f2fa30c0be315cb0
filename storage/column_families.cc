#include "storage/column_families.h"

#include <array>

namespace integra::storage {
namespace {

constexpr std::array<FamilySpec, 20> kFamilies = {{
    {Family::kDefault, "default", "RocksDB default family (unused)"},
    {Family::kMeta, "meta", "schema version and counters"},
    {Family::kKbNodes, "kb_nodes", "knowledge graph nodes"},
    {Family::kKbEdgesOut, "kb_edges_out", "knowledge graph forward adjacency"},
    {Family::kKbEdgesIn, "kb_edges_in", "knowledge graph reverse adjacency"},
    {Family::kKbAudit, "kb_audit", "knowledge graph audit trail"},
    {Family::kUnits, "units", "territorial units"},
    {Family::kIndicators, "indicators", "indicator catalog"},
    {Family::kObsSeries, "obs_series", "observations by series, all revisions"},
    {Family::kObsCross, "obs_cross", "schema 1: latest observations by cell (migrated away)"},
    {Family::kObsChanges, "obs_changes", "observation change feed"},
    {Family::kPeerGroups, "peer_groups", "named custom peer groups"},
    {Family::kTargets, "targets", "indicator targets"},
    {Family::kReforms, "reforms", "territorial reforms"},
    {Family::kObsSections, "obs_sections", "packed cross-sections: latest values of a level"},
    {Family::kObsSectionState, "obs_section_state",
     "packed cross-sections: revisions, fingerprints"},
    {Family::kObsBatches, "obs_batches", "recorded time of each write -> last sequence"},
    {Family::kTokens, "tokens", "API tokens: role, scope, salted secret hash"},
    {Family::kAudit, "audit", "write audit trail: token, peer, time, RPC, units"},
    {Family::kImportJobs, "import_jobs", "observation import jobs and their writes"},
}};

constexpr bool InEnumOrder() {
  for (size_t i = 0; i < kFamilies.size(); ++i) {
    if (static_cast<size_t>(kFamilies[i].family) != i) return false;
  }
  return true;
}
static_assert(InEnumOrder(), "kFamilies must list every Family in enum order");

}  // namespace

std::span<const FamilySpec> AllFamilies() { return kFamilies; }

const FamilySpec& SpecOf(Family family) {
  return kFamilies[static_cast<size_t>(family)];
}

}  // namespace integra::storage
