#include "services/monitoring/register_snapshot.h"

#include <utility>


namespace integra::monitoring {
namespace {

// The Kreis a Gemeinde rolls up into ("" if none, e.g. a Gemeinde without Kreis).
std::string KreisOf(const std::string& gemeinde) {
  std::string parent = ParentKey(gemeinde);
  return parent.size() == 5 ? parent : "";
}

}  // namespace

RegisterSnapshot RegisterSnapshot::Build(std::vector<Unit> units, uint64_t generation) {
  RegisterSnapshot r;
  r.generation = generation;
  r.units.reserve(units.size());
  r.index_of_code.reserve(units.size());
  for (Unit& u : units) {
    Entry e;
    e.code = UnitCodeOf(u.key);
    e.level = u.level();
    e.type = u.type;
    e.size = u.size_class();
    e.degurba = u.degurba;
    e.reports = e.level == UnitLevel::kGemeinde && u.type != UnitType::kGemeindefreiesGebiet;
    e.expected_in_rollups =
        e.reports || (e.level == UnitLevel::kGemeinde &&
                      (u.official_type_code == "65" || u.population.value_or(0) > 0));
    // Stored units passed NormalizeUnit, so their dates parse.
    e.from = ParseDateOr(u.valid_from, kNoDayBefore, "").value_or(kNoDayBefore);
    e.to = ParseDateOr(u.valid_to, kNoDayAfter, "").value_or(kNoDayAfter);
    if (e.level == UnitLevel::kGemeinde) {
      const std::string kreis = KreisOf(u.key);
      e.kreis_code = kreis.empty() ? 0 : UnitCodeOf(kreis);
      e.land_code = UnitCodeOf(u.key.substr(0, 2));
    }
    e.key = std::move(u.key);
    e.name = std::move(u.name);
    r.index_of_code.emplace(e.code, static_cast<uint32_t>(r.units.size()));
    // Key order; codes of one level sort like keys, so each class list stays sorted.
    r.classes[ClassKey{e.level, e.type, e.size}].push_back({e.code, e.from, e.to});
    if (e.degurba != Degurba::kUnknown) {
      r.degurba_classes[DegurbaClassKey{e.level, e.type, e.size, e.degurba}].push_back(
          {e.code, e.from, e.to});
    }
    r.units.push_back(std::move(e));
  }
  return r;
}

const RegisterSnapshot::Entry* RegisterSnapshot::Find(uint32_t code) const {
  auto it = index_of_code.find(code);
  return it == index_of_code.end() ? nullptr : &units[it->second];
}

}  // namespace integra::monitoring
