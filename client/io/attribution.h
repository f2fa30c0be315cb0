// What exported figures must carry: their sources, the Datenlizenz Deutschland where official
// data is among them (Destatis, the Länder offices, Zensus, INKAR/BBSR, the Bundesagentur, the
// Regionaldatenbank: dl-de/by-2-0), and a warning where synthetic demo values are. One text
// for every export format (stderr after an export, the XLSX metadata sheet, the Open SDG
// metadata's `copyright`). Pure; not thread-safe (one instance per export).
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace integra::io {

// True when `source` names a publisher whose figures come under the Datenlizenz Deutschland:
// Destatis, a Statistisches Landesamt/Amt ("statistisches", "statistik", "it.nrw"), Zensus,
// INKAR, BBSR, the Bundesagentur (für Arbeit), the Regionaldatenbank (case-insensitive).
bool IsOfficialSource(std::string_view source);

// The licence line that official figures carry.
inline constexpr char kDlDeBy20[] =
    "Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0, "
    "https://www.govdata.de/dl-de/by-2-0)";

class Attribution {
 public:
  // Notes one exported value: its source (may be empty) and whether it is synthetic. A
  // synthetic value's source never counts as official.
  void Note(std::string_view source, bool synthetic);
  // "Quelle: INKAR, BBSR Bonn; Zensus 2022 – Datenlizenz Deutschland – Namensnennung 2.0
  // (dl-de/by-2-0, https://www.govdata.de/dl-de/by-2-0). Weitere Quellen: BA. Enthält
  // synthetische Demo-Werte (Flag synthetic), keine amtlichen Daten.", each part left out when
  // it has nothing to say; "" when nothing was noted.
  std::string Text() const;
  bool has_official() const { return !official_.empty(); }

 private:
  std::set<std::string> official_;
  std::set<std::string> other_;
  bool synthetic_ = false;
};

}  // namespace integra::io
