// RegisterSnapshot: one immutable, indexed view of the unit register, built once per
// UnitStore::generation() (UnitStore::Register()) and shared by everything that reads the
// register in bulk: peer resolution (peer_resolver.h), roll-ups and league tables
// (MonitoringQueries), and through them the scorecard. Validity dates are parsed once, into day
// numbers; each Gemeinde knows its Kreis and Land.
//
// Thread-safety: immutable once built; share it through std::shared_ptr<const RegisterSnapshot>.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "services/monitoring/calendar.h"
#include "services/monitoring/units.h"

namespace integra::monitoring {

struct RegisterSnapshot {
  struct Entry {
    std::string key;
    std::string name;
    uint32_t code = 0;  // UnitCodeOf(key)
    UnitLevel level = UnitLevel::kGemeinde;
    UnitType type = UnitType::kBund;
    SizeClass size = SizeClass::kNotApplicable;
    Degurba degurba = Degurba::kUnknown;
    bool reports = false;  // a Gemeinde that reports values (not a gemeindefreies Gebiet)
    // A Gemeinde-level unit a roll-up counts as a member that should report: every Gemeinde and
    // the INHABITED gemeindefreie Gebiete (register type 65, or a population > 0: e.g. 03351501
    // Lohheide, 03358501 Osterheide). Uninhabited ones (type 66: forests, lakes) are members
    // only for the periods in which they hold a value, so they neither drop a value nor lower
    // the coverage.
    bool expected_in_rollups = false;
    DayNumber from = kNoDayBefore;
    DayNumber to = kNoDayAfter;
    uint32_t kreis_code = 0;  // Gemeinden: the Kreis they roll up into (0: none)
    uint32_t land_code = 0;   // Gemeinden: their Land
  };
  // A member of a peer class: what resolution filters on, without touching the entries.
  struct Member {
    uint32_t code;
    DayNumber from;
    DayNumber to;
  };
  using ClassKey = std::tuple<UnitLevel, UnitType, SizeClass>;
  // A default peer class narrowed to one degree of urbanisation (units with a known DEGURBA).
  using DegurbaClassKey = std::tuple<UnitLevel, UnitType, SizeClass, Degurba>;

  // `units` in key order (UnitStore::Snapshot), all passed NormalizeUnit (dates parse).
  static RegisterSnapshot Build(std::vector<Unit> units, uint64_t generation);

  // The entry of a unit code, or nullptr if none is registered.
  const Entry* Find(uint32_t code) const;

  uint64_t generation = 0;
  std::vector<Entry> units;  // key order; codes of one level ascend with keys
  std::unordered_map<uint32_t, uint32_t> index_of_code;  // code -> index into units
  std::map<ClassKey, std::vector<Member>> classes;       // per (level, type, size class), codes ascending
  std::map<DegurbaClassKey, std::vector<Member>> degurba_classes;  // likewise, per DEGURBA too
};

}  // namespace integra::monitoring
