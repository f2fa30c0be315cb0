// Who is calling, and what a role with a territorial scope may see.
//
// A Principal is the verified identity of one call: an API token (id, name, role, scope) or the
// anonymous caller. It carries no secret. The actor recorded in observation history, the
// knowledge audit trail and the write audit is Principal::Actor().
//
// Scopes are key prefixes of the official territorial keys (AGS): "" covers every unit, "05"
// covers NRW (every key starting with 05), "05315" covers Köln's Kreis key and 05315000 and any
// key below it. A prefix covers by characters, not by level: "051" covers 05111000 but not
// 05315000, and a Gemeinde scope ("05315000") does not cover its Kreis ("05315").
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace integra::security {

// Persisted in token records: never renumber, only append.
enum class Role : uint8_t {
  kAdmin = 1,     // everything: token administration, catalog, deletes of indicators
  kKbEditor = 2,  // knowledge-base writes; reads like a READER without scope
  kEditor = 3,    // writes observations, targets and peer groups inside its scope; reads
  kReader = 4,    // reads, confidential values inside its scope
};

// "ADMIN", "KB_EDITOR", "EDITOR", "READER".
std::string_view RoleName(Role role);
// Parses RoleName's spelling (case-insensitive). InvalidArgument naming the four roles otherwise.
absl::StatusOr<Role> ParseRole(std::string_view name);

// OK if `scope` is "" or 1 to 12 ASCII digits; InvalidArgument otherwise.
absl::Status ValidateScope(std::string_view scope);
// True if `scope` covers the unit `key` (see the header comment).
bool ScopeCovers(std::string_view scope, std::string_view key);

struct Principal {
  bool anonymous = true;
  std::string token_id;  // "" when anonymous
  std::string name;      // the token's name; "" when anonymous
  Role role = Role::kReader;
  std::string scope;     // "" = every unit (for ADMIN and KB_EDITOR always "")

  static Principal Anonymous() { return Principal{}; }
  static Principal ForToken(std::string token_id, std::string name, Role role,
                            std::string scope);

  // True if this caller may see a confidential (SUPPRESSED) value of `unit_key`: ADMIN, and
  // EDITOR or READER whose scope covers the unit. Never anonymous or KB_EDITOR callers.
  bool MaySeeConfidential(std::string_view unit_key) const;
  // What the write history records as the actor: "NAME (token ID)", or "anonymous".
  std::string Actor() const;
  // For messages: "token 'NAME' (ROLE, scope 05315)" or "the anonymous caller".
  std::string Describe() const;
};

// The one masking decision for confidential values: whether `caller` receives the value of an
// observation of `unit_key` that is (or is not) flagged SUPPRESSED. Values that are not
// suppressed go to everyone who may read; suppressed ones only where MaySeeConfidential holds.
// Everyone else gets the observation with its flag and without its value. (Peer statistics,
// roll-ups, trends and the scorecard treat suppressed values as missing for every caller, so
// they never carry one; see services/monitoring/analytics_reader.h.)
inline bool RevealsValue(const Principal& caller, std::string_view unit_key, bool suppressed) {
  return !suppressed || caller.MaySeeConfidential(unit_key);
}

}  // namespace integra::security
