#include "client/io/measure_units.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "client/io/rows.h"

namespace integra::io {

std::string MeasureUnitLabelDe(std::string_view unit, std::string_view unit_label) {
  if (!unit_label.empty()) return std::string(unit_label);
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"percent", "Prozent"},
      {"count", "Anzahl"},
      {"per_1000_inhabitants", "je 1.000 Einwohner"},
      {"per_100000_inhabitants", "je 100.000 Einwohner"},
      {"eur", "Euro"},
      {"eur_per_inhabitant", "Euro je Einwohner"},
      {"index", "Index"},
      {"years", "Jahre"},
      {"other", "sonstige Einheit"},
  };
  for (const auto& [word, label] : kLabels) {
    if (word == unit) return std::string(label);
  }
  return "";
}

std::string SdmxUnitMeasureCode(std::string_view unit) {
  if (std::find(std::begin(kMeasureUnits), std::end(kMeasureUnits), unit) ==
      std::end(kMeasureUnits)) {
    return "";
  }
  std::string code(unit);
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return code;
}

}  // namespace integra::io
