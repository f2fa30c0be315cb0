// The register as MonitoringQueries' level-wide analyses read it (roll-ups, league tables):
// built once per UnitStore::generation() by MonitoringQueries::Register() (territorial_queries.cc).
// Internal to services/monitoring.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/monitoring/calendar.h"
#include "services/monitoring/monitoring_queries.h"

namespace integra::monitoring {

struct MonitoringQueries::RegisterIndex {
  struct Entry {
    std::string key;
    std::string name;
    uint32_t code = 0;
    UnitLevel level = UnitLevel::kGemeinde;
    bool reports = false;  // a Gemeinde that reports values (not a gemeindefreies Gebiet)
    DayNumber from = kNoDayBefore;
    DayNumber to = kNoDayAfter;
    uint32_t kreis_code = 0;  // Gemeinden: the Kreis they roll up into (0: none)
    uint32_t land_code = 0;   // Gemeinden: their Land
  };
  uint64_t generation = 0;
  std::vector<Entry> units;  // key order
};

}  // namespace integra::monitoring
