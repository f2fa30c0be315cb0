#include "services/monitoring/peer_resolver.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace integra::monitoring {

absl::StatusOr<PeerSelection> ParsePeerSelection(const std::string& text) {
  std::string t = absl::AsciiStrToLower(text);
  if (t.empty() || t == "default") return PeerSelection{PeerScope::kDefault, ""};
  if (t == "land") return PeerSelection{PeerScope::kLand, ""};
  if (t == "degurba") return PeerSelection{PeerScope::kDefault, "", true};
  if (t == "land+degurba" || t == "degurba+land") return PeerSelection{PeerScope::kLand, "", true};
  RETURN_IF_ERROR(ValidatePeerGroupName(text));
  return PeerSelection{PeerScope::kGroup, text};
}

std::shared_ptr<const std::vector<PeerResolver::Member>> PeerResolver::GroupMembers(
    const std::shared_ptr<const PeerGroup>& group,
    const std::shared_ptr<const RegisterSnapshot>& reg) const {
  {
    std::lock_guard lock(mu_);
    auto it = groups_resolved_.find(group->name);
    if (it != groups_resolved_.end() && it->second.group == group && it->second.reg == reg) {
      return it->second.members;
    }
  }
  auto members = std::make_shared<std::vector<Member>>();
  members->reserve(group->members.size());
  for (const std::string& m : group->members) {
    if (const RegisterSnapshot::Entry* e = reg->Find(UnitCodeOf(m))) {
      members->push_back({e->code, e->from, e->to});
    }
  }
  std::sort(members->begin(), members->end(),
            [](const Member& a, const Member& b) { return a.code < b.code; });
  std::lock_guard lock(mu_);
  // Replaces an entry of an older group version or register; deleted groups' entries stay
  // until a group of that name is resolved again (a few KB each).
  groups_resolved_[group->name] = {group, reg, members};
  return members;
}

absl::StatusOr<PeerSet> PeerResolver::Resolve(const std::string& unit_key,
                                              const PeerSelection& selection,
                                              std::optional<Period> at) const {
  ASSIGN_OR_RETURN(UnitKey key, ParseUnitKey(unit_key));
  const std::shared_ptr<const RegisterSnapshot> reg = units_->Register();
  const uint32_t unit_code = UnitCodeOf(key.key);
  const RegisterSnapshot::Entry* self = reg->Find(unit_code);
  if (self == nullptr) {
    return absl::NotFoundError(absl::StrCat("unit ", key.key, " is not registered"));
  }
  PeerSet out;
  out.unit_key = key.key;
  out.level = key.level;
  const DayNumber first = at.has_value() ? FirstDay(*at) : kNoDayAfter;
  const DayNumber last = at.has_value() ? LastDay(*at) : kNoDayBefore;
  std::string validity = at.has_value() ? absl::StrCat(", valid in ", at->ToString()) : "";

  if (selection.scope == PeerScope::kGroup && selection.same_degurba) {
    return absl::InvalidArgumentError(
        "a custom peer group is an explicit list: it cannot be narrowed by DEGURBA");
  }
  if (selection.same_degurba && self->degurba == Degurba::kUnknown) {
    return absl::FailedPreconditionError(absl::StrCat(
        "unit ", key.key,
        " has no degree of urbanisation (DEGURBA): import the Gemeindeverzeichnis-Auszug "
        "(integra unit import) or choose other peers"));
  }
  if (selection.scope == PeerScope::kGroup) {
    std::shared_ptr<const PeerGroup> group = groups_->Find(selection.group);
    if (group == nullptr) {
      return absl::NotFoundError(absl::StrCat("peer group ", selection.group, " not found"));
    }
    if (group->level() != key.level) {
      return absl::InvalidArgumentError(absl::StrCat("peer group ", group->name, " holds ",
                                                     UnitLevelName(group->level()), " units; unit ",
                                                     key.key, " is a ", UnitLevelName(key.level)));
    }
    std::shared_ptr<const std::vector<Member>> members = GroupMembers(group, reg);
    out.codes.reserve(members->size() + 1);
    for (const Member& m : *members) {
      if (!at.has_value() || (m.from <= last && m.to >= first)) out.codes.push_back(m.code);
    }
    out.unit_is_member = std::binary_search(out.codes.begin(), out.codes.end(), unit_code);
    if (!out.unit_is_member) {
      out.codes.insert(std::lower_bound(out.codes.begin(), out.codes.end(), unit_code), unit_code);
    }
    out.description = absl::StrCat("peer group ", group->name, " (", group->title, ")", validity,
                                   out.unit_is_member ? "" : absl::StrCat(", plus ", key.key));
    return out;
  }

  // Either class holds the unit itself at least.
  const std::vector<Member>& members =
      selection.same_degurba
          ? reg->degurba_classes
                .find(RegisterSnapshot::DegurbaClassKey{key.level, self->type, self->size,
                                                        self->degurba})
                ->second
          : reg->classes.find(RegisterSnapshot::ClassKey{key.level, self->type, self->size})
                ->second;
  auto begin = members.begin();
  auto end = members.end();
  auto by_code = [](const Member& m, uint32_t code) { return m.code < code; };
  std::string where;
  if (selection.scope == PeerScope::kLand) {
    if (key.level == UnitLevel::kBund || key.level == UnitLevel::kLand) {
      return absl::InvalidArgumentError(
          absl::StrCat("peers within the Land need a unit below the Land level; ", key.key,
                       " is a ", UnitLevelName(key.level)));
    }
    // BCD codes put the Land in the top byte: its units form one contiguous code range.
    const uint32_t land = unit_code & 0xFF000000u;
    begin = std::lower_bound(members.begin(), members.end(), land, by_code);
    end = std::lower_bound(begin, members.end(), land + 0x01000000u, by_code);
    where = absl::StrCat(" in Land ", key.key.substr(0, 2));
  }
  out.codes.reserve(static_cast<size_t>(end - begin));
  for (auto it = begin; it != end; ++it) {
    if (it->code == unit_code || !at.has_value() || (it->from <= last && it->to >= first)) {
      out.codes.push_back(it->code);
    }
  }
  out.description = absl::StrCat(
      selection.scope == PeerScope::kLand ? "land" : "default",
      selection.same_degurba ? "+degurba" : "", " peers of ", key.key, ": ",
      UnitLevelName(key.level), " units of type ", UnitTypeName(self->type), ", size class ",
      SizeClassName(self->size),
      selection.same_degurba ? absl::StrCat(", DEGURBA ", static_cast<int>(self->degurba), " (",
                                            DegurbaLabel(self->degurba), ")")
                             : "",
      where, validity);
  return out;
}

}  // namespace integra::monitoring
