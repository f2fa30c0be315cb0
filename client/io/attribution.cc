#include "client/io/attribution.h"

#include <cctype>
#include <vector>

namespace integra::io {
namespace {

std::string Join(const std::set<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace

bool IsOfficialSource(std::string_view source) {
  std::string s(source);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* publisher : {"destatis", "statistisches", "statistik", "zensus", "inkar", "bbsr",
                                "bundesagentur", "it.nrw", "regionaldatenbank"}) {
    if (s.find(publisher) != std::string::npos) return true;
  }
  return false;
}

void Attribution::Note(std::string_view source, bool synthetic) {
  synthetic_ = synthetic_ || synthetic;
  if (source.empty()) return;
  (!synthetic && IsOfficialSource(source) ? official_ : other_).insert(std::string(source));
}

std::string Attribution::Text() const {
  std::vector<std::string> parts;
  if (!official_.empty()) {
    parts.push_back("Quelle: " + Join(official_, "; ") + " – " + kDlDeBy20);
  }
  if (!other_.empty()) {
    parts.push_back((official_.empty() ? "Quelle: " : "Weitere Quellen: ") + Join(other_, "; "));
  }
  if (synthetic_) {
    parts.push_back("Enthält synthetische Demo-Werte (Flag synthetic), keine amtlichen Daten");
  }
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += ". ";
    out += part;
  }
  return out.empty() ? out : out + ".";
}

}  // namespace integra::io
