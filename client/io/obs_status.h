// integra observation flags <-> SDMX observation status codes (CL_OBS_STATUS) and
// confidentiality status (CL_CONF_STATUS), shared by the SDMX-CSV and Open SDG formats.
// The one table (docs/io.md "Flags and SDMX codes" repeats it):
//
//   integra flag        Destatis symbol  OBS_STATUS                          CONF_STATUS
//   (series break)                       B  time series break
//   blocked             x                M  missing value; data cannot exist
//   not_yet_available   ...              L  missing value; exists, not (yet) collected
//   suppressed          .                Q  missing value; suppressed        C  confidential
//                                           (with a value: as the others)
//   unreliable          /                U  low reliability (no value)
//   (missing, no flag)                   O  missing value
//   estimated                            E  estimated value
//   provisional                          P  provisional value
//   low_reliability     (12)             U  low reliability (with a value)
//   synthetic                            G  experimental value (closest code for demo data)
//   (none of these)                      A  normal value
//
// SDMX allows one OBS_STATUS per observation; integra writes the first that applies in the
// order above, which follows SDMX's recommended hierarchy (B, O, M, L, H, Q, ..., E, P, N, U,
// V, G, A: "Possible ways of implementing the observation status concept", 2019), except that
// the specific missing-value codes come before the generic O. All flags travel exactly in
// SDMX-CSV's INTEGRA_FLAGS column. All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "client/io/cells.h"
#include "client/io/rows.h"

namespace integra::io {

// The OBS_STATUS code for `row` by the rules above.
std::string ObsStatusCode(const ObservationRow& row);
// "C" when `row` is suppressed, "" otherwise.
std::string ConfStatusCode(const ObservationRow& row);

// Adds what an OBS_STATUS code says to `row` (whose value must already be set): B ->
// series_break; E, I, F -> estimated; P, V -> provisional; Q and C (C is not in CL_OBS_STATUS
// but common for "confidential") -> suppressed; G -> synthetic; M -> blocked; L ->
// not_yet_available; U -> low_reliability with a value, unreliable without; A, O, H, D, K, W,
// J, S, N and "" -> nothing. Flags stay in canonical order. InvalidArgument for other codes.
absl::Status ApplyObsStatusCode(std::string_view code, ObservationRow* row);
// CONF_STATUS: C, A, D, N, S -> suppressed; F and "" -> nothing; InvalidArgument otherwise.
absl::Status ApplyConfStatusCode(std::string_view code, ObservationRow* row);

// Reads a value cell (ParseNumericCell: number or Destatis symbol) into row->value and adds
// the symbol's flag to row->flags. InvalidArgument as ParseNumericCell; `row` is unchanged then.
absl::Status ApplyValueCell(std::string_view cell, NumberStyle style, ObservationRow* row);

// Adds `flag` (from kObservationFlags) to `flags`, keeping canonical order and no duplicates.
void AddFlag(std::string_view flag, std::vector<std::string>* flags);
bool HasFlag(const ObservationRow& row, std::string_view flag);

}  // namespace integra::io
