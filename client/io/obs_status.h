// integra observation flags <-> SDMX observation status codes (CL_OBS_STATUS) and
// confidentiality status (CL_CONF_STATUS), shared by the SDMX-CSV and Open SDG formats.
//
// SDMX allows one OBS_STATUS per observation. integra picks the one SDMX's recommended
// hierarchy ranks highest among those that apply:
//   series break -> B; missing value: suppressed -> Q, otherwise -> O;
//   estimated -> E; provisional -> P; synthetic -> G ("experimental value", the closest code
//   for model-generated demo data); none of these -> A.
// Suppression is confidentiality, which SDMX records in CONF_STATUS: suppressed -> C.
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "client/io/rows.h"

namespace integra::io {

// The OBS_STATUS code for `row` by the rules above.
std::string ObsStatusCode(const ObservationRow& row);
// "C" when `row` is suppressed, "" otherwise.
std::string ConfStatusCode(const ObservationRow& row);

// Adds what an OBS_STATUS code says to `row`: B -> series_break; E, I, F -> estimated;
// P, V -> provisional; Q and C (C is not in CL_OBS_STATUS but common for "confidential")
// -> suppressed; G -> synthetic; A, O, M, L, H, D, K, W, J, S, N, U and "" -> nothing.
// Flags stay in canonical order. InvalidArgument for other codes.
absl::Status ApplyObsStatusCode(std::string_view code, ObservationRow* row);
// CONF_STATUS: C, A, D, N, S -> suppressed; F and "" -> nothing; InvalidArgument otherwise.
absl::Status ApplyConfStatusCode(std::string_view code, ObservationRow* row);

// Adds `flag` (from kObservationFlags) to `flags`, keeping canonical order and no duplicates.
void AddFlag(std::string_view flag, std::vector<std::string>* flags);
bool HasFlag(const ObservationRow& row, std::string_view flag);

}  // namespace integra::io
