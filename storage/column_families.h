// The one registry of RocksDB column families.
//
// Each family is identified by a Family enum value; handles are looked up by that value, never by
// position. The numeric values are persisted nowhere but are kept stable anyway: never renumber,
// only append. The byte layout of each family's keys is documented in the codec header of the
// layer that owns it and summarised in storage/README.md.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace integra::storage {

enum class Family : uint8_t {
  kDefault = 0,           // RocksDB's mandatory default family; unused by integra.
  kMeta = 1,              // schema version, counters (sequence numbers).
  kKbNodes = 2,           // knowledge graph nodes, keyed by node id.
  kKbEdgesOut = 3,        // forward adjacency: from, type, to -> edge attributes.
  kKbEdgesIn = 4,         // reverse adjacency: to, type, from -> empty.
  kKbAudit = 5,           // knowledge audit trail: node id, sequence -> change record.
  kUnits = 6,             // territorial units, keyed by official key (AGS / Kreis / Land code).
  kIndicators = 7,        // indicator catalog, keyed by indicator code.
  kObsSeries = 8,         // observations by series: indicator, breakdown, unit, period, revision.
  kObsCross = 9,          // schema 1 only: latest value per cell by cross-section. Emptied by the
                          // migration to schema 2 (packed cross-sections); kept so that a
                          // schema-1 data dir opens.
  kObsChanges = 10,       // change feed: sequence -> accepted observation change.
  kPeerGroups = 11,       // named custom peer groups.
  kTargets = 12,          // targets: indicator, unit, target period.
  kReforms = 13,          // territorial reforms: predecessor -> successor mappings.
  kObsSections = 14,      // packed cross-sections: indicator, breakdown, period, level -> the
                          // latest value and flags of every unit of the level (the read path).
  kObsSectionState = 15,  // the same keys -> every unit's latest revision and content
                          // fingerprint (the write path's bookkeeping).
  kObsBatches = 16,       // recorded time of each observation write -> its last sequence (as-of).
  kTokens = 17,           // API tokens: token id -> name, role, scope, salted secret hash, times
                          // (services/security/token_store.h).
  kAudit = 18,            // write audit trail: U64 sequence -> who, where from, when, which RPC,
                          // which units, what (services/security/audit_records.h).
  kImportJobs = 19,       // observation import jobs: job id -> state, counts, client checkpoint;
                          // job id, part -> the change sequences each write of the job took
                          // (services/monitoring/import_job_records.h).
};

struct FamilySpec {
  Family family;
  std::string_view name;     // the RocksDB column family name (persisted: never rename).
  std::string_view purpose;  // one line for docs and diagnostics.
};

// All families in enum order. Every family listed here is created on first open.
std::span<const FamilySpec> AllFamilies();

// The spec of one family.
const FamilySpec& SpecOf(Family family);

}  // namespace integra::storage
