// PeerResolver: turns "the peers of unit U" into a sorted set of unit codes, cheaply.
//
// Peer selections (docs/monitoring.md, "Peer groups"):
//   default  the units of U's level with U's type and BBSR size class (a kreisangehörige
//            Kleinstadt among kreisangehörige Kleinstädte; a Landkreis among Landkreise, whose
//            size class is NOT_APPLICABLE);
//   land     the default peers within U's Land;
//   group    a named custom group (peer_groups.h). U is compared with the group even if it is
//            not a member: it is then added to the set (reported as unit_is_member = false).
// The degree of urbanisation (DEGURBA, units.h) narrows default and land peers further
// (same_degurba; CLI "degurba", "land+degurba"): only units with U's DEGURBA class. U must have
// one (FailedPrecondition otherwise: it comes from the Gemeindeverzeichnis-Auszug); units
// without one are never such peers. A custom group is explicit and is not narrowed.
// With a period, only units valid during it (units.h valid_from/valid_to) are peers, so a
// Gemeinde merged away in 2021 is a peer in 2016 and not in 2022.
//
// Cost: the register's shared snapshot (UnitStore::Register(), register_snapshot.h) holds
// per-(level, type, size class) lists of unit codes in code order, rebuilt only when
// UnitStore::generation() moves (any unit write). A resolution is then a copy of one list
// filtered by validity: O(peers), no I/O, no map lookups per peer. The result's sort order lets
// the cross-section reader merge it with the packed section in one pass (analytics_reader.h).
//
// Thread-safety: thread-safe. Resolved custom groups are cached under a mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "services/monitoring/calendar.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/periods.h"
#include "services/monitoring/unit_store.h"

namespace integra::monitoring {

// Sent over the API: never renumber, only append.
enum class PeerScope : uint8_t {
  kDefault = 1,  // same level, type and size class
  kLand = 2,     // default peers within the unit's Land
  kGroup = 3,    // a named custom group
};

struct PeerSelection {
  PeerScope scope = PeerScope::kDefault;
  std::string group;          // kGroup only
  bool same_degurba = false;  // kDefault, kLand: only peers of the unit's DEGURBA class
};

// Parses the CLI/API spelling: "default" (or ""), "land", "degurba" (default peers of the same
// DEGURBA), "land+degurba", or a group name.
absl::StatusOr<PeerSelection> ParsePeerSelection(const std::string& text);

struct PeerSet {
  std::string unit_key;     // the unit whose peers these are (canonical)
  std::string description;  // e.g. "default peers: gemeinde units of type ..., size class ..."
  UnitLevel level = UnitLevel::kGemeinde;
  std::vector<uint32_t> codes;  // unit codes (UnitCodeOf), ascending; includes the unit itself
  bool unit_is_member = true;   // false: a custom group the unit was added to
};

class PeerResolver {
 public:
  // Both stores must outlive the resolver.
  PeerResolver(const UnitStore* units, const PeerGroupStore* groups)
      : units_(units), groups_(groups) {}

  // InvalidArgument (malformed key; a group of another level than the unit; same_degurba with a
  // group), NotFound (unit or group unknown), FailedPrecondition (same_degurba for a unit
  // without DEGURBA).
  absl::StatusOr<PeerSet> Resolve(const std::string& unit_key, const PeerSelection& selection,
                                  std::optional<Period> at) const;

 private:
  using Member = RegisterSnapshot::Member;
  // A custom group's registered members, ascending, resolved against `reg` once and reused
  // while neither the group nor the register changes (a comparison then copies, not parses).
  std::shared_ptr<const std::vector<Member>> GroupMembers(
      const std::shared_ptr<const PeerGroup>& group,
      const std::shared_ptr<const RegisterSnapshot>& reg) const;
  struct ResolvedGroup {
    std::shared_ptr<const PeerGroup> group;  // the version resolved (groups are immutable)
    std::shared_ptr<const RegisterSnapshot> reg;
    std::shared_ptr<const std::vector<Member>> members;
  };

  const UnitStore* units_;
  const PeerGroupStore* groups_;
  mutable std::mutex mu_;  // guards groups_resolved_
  mutable std::unordered_map<std::string, ResolvedGroup> groups_resolved_;  // by group name
};

}  // namespace integra::monitoring
