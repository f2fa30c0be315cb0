#include "client/io/obs_status.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <vector>

#include "client/io/cells.h"

namespace integra::io {

bool HasFlag(const ObservationRow& row, std::string_view flag) {
  return std::find(row.flags.begin(), row.flags.end(), flag) != row.flags.end();
}

void AddFlag(std::string_view flag, std::vector<std::string>* flags) {
  if (std::find(flags->begin(), flags->end(), flag) != flags->end()) return;
  flags->emplace_back(flag);
  auto rank = [](const std::string& f) {
    return std::find(std::begin(kObservationFlags), std::end(kObservationFlags), f) -
           std::begin(kObservationFlags);
  };
  std::sort(flags->begin(), flags->end(),
            [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
}

absl::Status ApplyValueCell(std::string_view cell, NumberStyle style, ObservationRow* row) {
  absl::StatusOr<NumericCell> parsed = ParseNumericCell(cell, style);
  if (!parsed.ok()) return parsed.status();
  row->value = parsed->value;
  if (!parsed->flag.empty()) AddFlag(parsed->flag, &row->flags);
  return absl::OkStatus();
}

std::string ObsStatusCode(const ObservationRow& row) {
  if (row.series_break) return "B";
  if (!row.value.has_value()) {
    if (HasFlag(row, "blocked")) return "M";
    if (HasFlag(row, "not_yet_available")) return "L";
    if (HasFlag(row, "suppressed")) return "Q";
    if (HasFlag(row, "unreliable")) return "U";
    return "O";
  }
  if (HasFlag(row, "estimated")) return "E";
  if (HasFlag(row, "provisional")) return "P";
  if (HasFlag(row, "low_reliability")) return "U";
  if (HasFlag(row, "synthetic")) return "G";
  return "A";
}

std::string ConfStatusCode(const ObservationRow& row) {
  return HasFlag(row, "suppressed") ? "C" : "";
}

absl::Status ApplyObsStatusCode(std::string_view code, ObservationRow* row) {
  std::string c(Trim(code));
  for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (c == "B") {
    row->series_break = true;
  } else if (c == "E" || c == "I" || c == "F") {
    AddFlag("estimated", &row->flags);
  } else if (c == "P" || c == "V") {
    AddFlag("provisional", &row->flags);
  } else if (c == "Q" || c == "C") {
    AddFlag("suppressed", &row->flags);
  } else if (c == "G") {
    AddFlag("synthetic", &row->flags);
  } else if (c == "M") {
    AddFlag("blocked", &row->flags);
  } else if (c == "L") {
    AddFlag("not_yet_available", &row->flags);
  } else if (c == "U") {
    AddFlag(row->value.has_value() ? "low_reliability" : "unreliable", &row->flags);
  } else if (!(c.empty() || c == "A" || c == "O" || c == "H" || c == "D" || c == "K" || c == "W" ||
               c == "J" || c == "S" || c == "N")) {
    return absl::InvalidArgumentError("'" + std::string(Trim(code)) +
                                      "' is not an SDMX observation status (CL_OBS_STATUS)");
  }
  return absl::OkStatus();
}

absl::Status ApplyConfStatusCode(std::string_view code, ObservationRow* row) {
  std::string c(Trim(code));
  for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (c == "C" || c == "A" || c == "D" || c == "N" || c == "S") {
    AddFlag("suppressed", &row->flags);
  } else if (!(c.empty() || c == "F")) {
    return absl::InvalidArgumentError("'" + std::string(Trim(code)) +
                                      "' is not an SDMX confidentiality status (CL_CONF_STATUS)");
  }
  return absl::OkStatus();
}

}  // namespace integra::io
