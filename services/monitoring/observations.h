// Observations: (indicator, unit, period, breakdown) -> value, with quality flags, footnotes,
// series-break markers, source and revision history.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/monitoring/indicators.h"
#include "services/monitoring/periods.h"
#include "services/monitoring/units.h"

namespace integra::monitoring {

// Quality flags, a bit set. Persisted: never reassign a bit.
enum ObservationFlag : uint8_t {
  kFlagProvisional = 1 << 0,  // vorläufig
  kFlagEstimated = 1 << 1,    // geschätzt
  kFlagSuppressed = 1 << 2,   // geheim gehalten (confidentiality); the value may be absent
  kFlagSynthetic = 1 << 3,    // synthetic demo value, never official
  // Destatis table symbols (Zeichenerklärung) that qualify a value or say why it is missing.
  kFlagLowReliability = 1 << 4,  // "(12)": Aussagewert eingeschränkt; the value is kept
  kFlagBlocked = 1 << 5,         // "x": Tabellenfach gesperrt (no meaningful value); no value
  kFlagUnreliable = 1 << 6,      // "/": keine Angabe, Zahlenwert nicht sicher genug; no value
  kFlagNotYetAvailable = 1 << 7, // "...": Angabe fällt später an; no value
};
inline constexpr uint8_t kAllFlags = kFlagProvisional | kFlagEstimated | kFlagSuppressed |
                                     kFlagSynthetic | kFlagLowReliability | kFlagBlocked |
                                     kFlagUnreliable | kFlagNotYetAvailable;
// Flags that say why a value is missing: an observation may omit its value only with one of
// them. BLOCKED, UNRELIABLE and NOT_YET_AVAILABLE mean "there is no value", so an observation
// carrying one of them must not have a value; SUPPRESSED may keep it (shown to those allowed).
inline constexpr uint8_t kFlagsWithoutValue = kFlagBlocked | kFlagUnreliable | kFlagNotYetAvailable;
inline constexpr uint8_t kFlagsExplainingMissingValue = kFlagSuppressed | kFlagsWithoutValue;

// "PROVISIONAL,SUPPRESSED" ("" for none), in bit order.
std::string FlagNames(uint8_t flags);
// One name, case-insensitive. InvalidArgument listing the valid names otherwise.
absl::StatusOr<ObservationFlag> ParseFlag(const std::string& name);

inline constexpr size_t kMaxTextLength = 2000;  // footnote, series break note, source

struct Observation {
  std::string indicator_code;
  std::string unit_key;
  std::string period;
  Breakdown breakdown;          // empty = total
  std::optional<double> value;  // absent only with a kFlagsExplainingMissingValue flag
  uint8_t flags = 0;
  std::string footnote;      // value-level footnote, shown with the value
  std::string series_break;  // non-empty: the series breaks before this value; says why
  std::string source;        // where the value comes from
  // Set by the store; ignored on input.
  int64_t recorded_micros = 0;  // when this revision was recorded (UTC microseconds)
  uint32_t revision = 0;        // 1 for the first value of a cell, +1 per correction
  uint64_t sequence = 0;        // global change sequence (kObsChanges key)
  // Output only, never stored: set on values computed on read (a gap indicator, a value
  // converted to another Gebietsstand) and says how they were derived; "" for stored values.
  std::string derivation;
};

// An observation checked against its indicator, with canonical key parts.
struct CheckedObservation {
  std::string unit_key;  // canonical
  UnitLevel level = UnitLevel::kBund;
  uint32_t unit_code = 0;
  Period period;
  std::string breakdown;  // encoded BD bytes
};

// Checks everything but the unit's registration: unit key syntax, period against the
// indicator's periodicity, breakdown against its declared dimensions, value finite (no NaN/inf),
// present unless SUPPRESSED/BLOCKED/UNRELIABLE/NOT_YET_AVAILABLE and absent with the last three,
// within the indicator's value domain (ValueDomainOf: percent 0-100, count 0 to 2^53 unless
// min/max say otherwise), known flag bits, text lengths.
// InvalidArgument with the precise reason; FailedPrecondition for a gap indicator (its values
// are computed, never stored).
absl::StatusOr<CheckedObservation> CheckObservation(const Indicator& indicator,
                                                    const Observation& observation);

}  // namespace integra::monitoring
