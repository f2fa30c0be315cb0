#include "services/monitoring/peer_groups.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/key_codec.h"
#include "storage/record_codec.h"

namespace integra::monitoring {
namespace {

using storage::Family;

constexpr uint8_t kGroupRecordVersion = 1;

std::string GroupKey(const std::string& name) { return storage::KeyWriter().Str(name).Take(); }

std::string EncodeGroup(const PeerGroup& g) {
  return storage::RecordWriter()
      .U8(kGroupRecordVersion)
      .Str(g.title)
      .Str(g.description)
      .StrList(g.members)
      .I64(g.created_micros)
      .Str(g.created_by)
      .Take();
}

absl::StatusOr<PeerGroup> DecodeGroup(const std::string& name, std::string_view data) {
  storage::RecordReader r(data);
  PeerGroup g;
  g.name = name;
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kGroupRecordVersion) {
    return absl::DataLossError(absl::StrCat("peer group ", name, " has record version ", version));
  }
  ASSIGN_OR_RETURN(g.title, r.Str());
  ASSIGN_OR_RETURN(g.description, r.Str());
  ASSIGN_OR_RETURN(g.members, r.StrList());
  ASSIGN_OR_RETURN(g.created_micros, r.I64());
  ASSIGN_OR_RETURN(g.created_by, r.Str());
  return g;
}

}  // namespace

absl::Status CheckStoredPeerGroup(std::string_view key, std::string_view value) {
  storage::KeyReader k(key);
  ASSIGN_OR_RETURN(std::string name, k.Str());
  return DecodeGroup(name, value).status();
}

absl::Status ValidatePeerGroupName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64 &&
            (absl::ascii_islower(static_cast<unsigned char>(name[0])) ||
             absl::ascii_isdigit(static_cast<unsigned char>(name[0])));
  for (char c : name) {
    ok = ok && (absl::ascii_islower(static_cast<unsigned char>(c)) ||
                absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "peer group name '", name,
        "' is not valid: use 1-64 lower-case letters, digits, '_' and '-', starting with a "
        "letter or digit (e.g. ruhr-cities)"));
  }
  if (name == "default" || name == "land" || name == "degurba") {
    return absl::InvalidArgumentError(
        absl::StrCat("peer group name '", name,
                     "' is reserved for the derived peer sets (default, land, degurba)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PeerGroupStore>> PeerGroupStore::Open(
    storage::Store* store, const UnitStore* units, const common::Clock* clock) {
  std::unique_ptr<PeerGroupStore> gs(new PeerGroupStore(store, units, clock));
  auto it = store->NewIterator(Family::kPeerGroups, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    storage::KeyReader k(it->key());
    ASSIGN_OR_RETURN(std::string name, k.Str());
    ASSIGN_OR_RETURN(PeerGroup g, DecodeGroup(name, it->value()));
    gs->groups_.emplace(name, std::make_shared<const PeerGroup>(std::move(g)));
  }
  RETURN_IF_ERROR(it->status());
  return gs;
}

absl::Status PeerGroupStore::Refresh(const storage::WriteLock& lock) {
  RETURN_IF_ERROR(lock.Require(*store_, "refreshing the peer groups"));
  ASSIGN_OR_RETURN(std::unique_ptr<PeerGroupStore> fresh, Open(store_, units_, clock_));
  std::unique_lock guard(mu_);
  groups_ = std::move(fresh->groups_);  // new objects: the resolver's cached resolutions lapse
  return absl::OkStatus();
}

absl::StatusOr<PeerGroup> PeerGroupStore::Create(PeerGroup g, const std::string& actor) {
  RETURN_IF_ERROR(ValidatePeerGroupName(g.name));
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat("peer group ", g.name, ": ", why));
  };
  if (g.members.empty()) return bad("it needs at least one member unit");
  if (g.members.size() > kMaxPeerGroupMembers) {
    return bad(absl::StrCat("at most ", kMaxPeerGroupMembers, " members"));
  }
  for (std::string& m : g.members) {
    auto key = ParseUnitKey(m);
    if (!key.ok()) return bad(std::string(key.status().message()));
    m = key->key;
  }
  std::sort(g.members.begin(), g.members.end());
  if (auto dup = std::adjacent_find(g.members.begin(), g.members.end()); dup != g.members.end()) {
    return bad(absl::StrCat("unit ", *dup, " is listed twice"));
  }
  const UnitLevel level = LevelOfKey(g.members[0]);
  for (const std::string& m : g.members) {
    if (LevelOfKey(m) != level) {
      return bad(absl::StrCat("members must all be of one level (", UnitLevelName(level), " ",
                              g.members[0], ", but ", UnitLevelName(LevelOfKey(m)), " ", m,
                              "): a comparison reads one level's cross-section"));
    }
    if (!units_->ContainsCode(UnitCodeOf(m))) {
      return absl::NotFoundError(
          absl::StrCat("peer group ", g.name, ": unit ", m, " is not registered"));
    }
  }
  if (absl::StripAsciiWhitespace(g.title).empty()) g.title = g.name;
  g.created_micros = clock_->NowMicros();
  g.created_by = actor;
  storage::WriteLock write_lock = store_->LockWrites();
  {
    std::shared_lock lock(mu_);
    if (groups_.contains(g.name)) {
      return absl::AlreadyExistsError(
          absl::StrCat("peer group ", g.name, " already exists; delete it first to redefine it"));
    }
  }
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(Family::kPeerGroups, GroupKey(g.name), EncodeGroup(g));
  RETURN_IF_ERROR(store_->Write(batch));
  std::unique_lock lock(mu_);
  groups_[g.name] = std::make_shared<const PeerGroup>(g);
  return g;
}

absl::StatusOr<PeerGroup> PeerGroupStore::Get(const std::string& name) const {
  RETURN_IF_ERROR(ValidatePeerGroupName(name));
  auto g = Find(name);
  if (g == nullptr) return absl::NotFoundError(absl::StrCat("peer group ", name, " not found"));
  return *g;
}

std::vector<PeerGroup> PeerGroupStore::List() const {
  std::shared_lock lock(mu_);
  std::vector<PeerGroup> out;
  for (const auto& [name, g] : groups_) out.push_back(*g);
  return out;
}

absl::Status PeerGroupStore::Delete(const std::string& name) {
  RETURN_IF_ERROR(ValidatePeerGroupName(name));
  storage::WriteLock write_lock = store_->LockWrites();
  if (Find(name) == nullptr) {
    return absl::NotFoundError(absl::StrCat("peer group ", name, " not found"));
  }
  storage::WriteBatch batch = store_->NewBatch();
  batch.Delete(Family::kPeerGroups, GroupKey(name));
  RETURN_IF_ERROR(store_->Write(batch));
  std::unique_lock lock(mu_);
  groups_.erase(name);
  return absl::OkStatus();
}

std::shared_ptr<const PeerGroup> PeerGroupStore::Find(const std::string& name) const {
  std::shared_lock lock(mu_);
  auto it = groups_.find(name);
  return it == groups_.end() ? nullptr : it->second;
}

}  // namespace integra::monitoring
