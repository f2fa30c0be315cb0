// PeerGroupStore: named custom peer groups ("Ruhr cities"), usable everywhere a peer group is.
//
// A custom group is an explicit list of member units, all of one level (a comparison reads one
// cross-section, which holds one level). The default peer sets (same type and size class,
// optionally within the unit's Land) are not stored: peer_resolver.h derives them from the unit
// register.
//
// Storage: family `peer_groups`, key Str(name) -> group record, version 1:
//   U8 version | Str title | Str description | StrList member keys (canonical, sorted) |
//   I64 created_micros | Str created_by
// All groups (a handful, each at most kMaxPeerGroupMembers keys) are loaded at Open and kept in
// memory, so resolving a group does no I/O.
//
// Thread-safety: thread-safe. Writers are serialised; readers share a lock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/monitoring/unit_store.h"
#include "services/monitoring/units.h"
#include "storage/store.h"

namespace integra::monitoring {

inline constexpr size_t kMaxPeerGroupMembers = 12000;

struct PeerGroup {
  std::string name;   // [a-z0-9][a-z0-9_-]{0,63}; not "default", "land" or "degurba" (CLI keywords)
  std::string title;  // display name, e.g. "Ruhr cities" (defaults to the name)
  std::string description;
  std::vector<std::string> members;  // canonical unit keys, sorted, all of one level
  // Set by the store.
  int64_t created_micros = 0;
  std::string created_by;

  UnitLevel level() const { return members.empty() ? UnitLevel::kBund : LevelOfKey(members[0]); }
};

// InvalidArgument unless `name` is a valid group name (and not a reserved word).
absl::Status ValidatePeerGroupName(const std::string& name);

// Decodes one stored record of this family, key and value, as Open does (integrad verify).
// DataLoss / InvalidArgument naming what does not decode.
absl::Status CheckStoredPeerGroup(std::string_view key, std::string_view value);

class PeerGroupStore {
 public:
  // Loads every stored group. DataLoss if a record is unreadable. `units` and `clock` (creation
  // stamps) must outlive the store.
  static absl::StatusOr<std::unique_ptr<PeerGroupStore>> Open(
      storage::Store* store, const UnitStore* units,
      const common::Clock* clock = &common::SystemClock());
  // Reads the stored state again, replacing what was loaded at Open: on a read replica after
  // each catch-up with its primary (engine::Engine::CatchUp), which holds the store's write lock
  // (Internal without it). Errors of Open.
  absl::Status Refresh(const storage::WriteLock& lock);

  // Stores a new group; member keys are canonicalised and sorted. InvalidArgument (name, no
  // members, more than kMaxPeerGroupMembers, a malformed or duplicate key, members of different
  // levels), NotFound (a member is not registered), AlreadyExists (the name is taken).
  absl::StatusOr<PeerGroup> Create(PeerGroup group, const std::string& actor);
  // InvalidArgument (malformed name), NotFound.
  absl::StatusOr<PeerGroup> Get(const std::string& name) const;
  // All groups in name order.
  std::vector<PeerGroup> List() const;
  // InvalidArgument (malformed name), NotFound.
  absl::Status Delete(const std::string& name);

  // A shared, immutable view of one group for the resolver (nullptr if absent). No I/O.
  std::shared_ptr<const PeerGroup> Find(const std::string& name) const;

 private:
  PeerGroupStore(storage::Store* store, const UnitStore* units, const common::Clock* clock)
      : store_(store), units_(units), clock_(clock) {}

  storage::Store* store_;
  const UnitStore* units_;
  const common::Clock* clock_;
  // Writers hold the Store's one write lock (storage::WriteLock).
  mutable std::shared_mutex mu_;  // guards groups_
  std::map<std::string, std::shared_ptr<const PeerGroup>> groups_;
};

}  // namespace integra::monitoring
