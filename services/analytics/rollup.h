// Roll-up: a higher-level unit's value (Kreis, Land) computed from its member units' values,
// with coverage, and the comparison with an officially published value (which takes
// precedence). Rules in docs/analytics.md ("Roll-ups"):
//   SUM            sum of member values                      member reports: value present
//   RATIO          factor * sum(numerators) / sum(denominators)
//                                                            reports: numerator AND denominator
//   WEIGHTED_MEAN  sum(weight * value) / sum(weight)         reports: value AND weight
//   NONE           not aggregatable -> FailedPrecondition
// The value is computed over the reporting members; coverage = reporting / total is always
// returned so a partial sum is never mistaken for a total.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/aggregation.h"
#include "services/analytics/analytics.h"

namespace integra::monitoring::analytics {

// One member unit's inputs; which fields are read depends on the aggregation rule.
struct MemberValue {
  std::string unit_key;
  std::optional<double> value;        // SUM, WEIGHTED_MEAN
  std::optional<double> weight;       // WEIGHTED_MEAN (e.g. population), >= 0
  std::optional<double> numerator;    // RATIO (e.g. unemployed persons)
  std::optional<double> denominator;  // RATIO (e.g. labour force), >= 0
};

struct RollUpOptions {
  double ratio_factor = 1;  // RATIO: 100 for percentages, 1000 for "per 1,000"
  // The value is undefined when coverage is below this share, in [0, 1]. Default 0: any
  // reporting member suffices; the caller sees coverage either way.
  double min_coverage = 0;
};

struct RollUpResult {
  Figure value;
  int members_total = 0;
  int members_reporting = 0;
  Figure coverage;                         // reporting / total; undefined with no members
  std::vector<std::string> not_reporting;  // member keys, in input order
};

// InvalidArgument: duplicate member keys, non-finite inputs, negative weights or denominators,
// ratio_factor not finite, min_coverage outside [0, 1].
// FailedPrecondition: aggregation kNone (the indicator is not aggregatable).
// No member, no reporting member, coverage below min_coverage, a zero sum of denominators or of
// weights: OK with an undefined value and the reason.
// Whether a member counts as reporting under `aggregation` (SUM: a value; RATIO: numerator and
// denominator; WEIGHTED_MEAN: value and weight).
bool MemberReports(const MemberValue& m, AggregationKind aggregation);

absl::StatusOr<RollUpResult> RollUp(const std::vector<MemberValue>& members,
                                    AggregationKind aggregation, const RollUpOptions& options = {});

// Sent over the API: never renumber, only append.
enum class ValueSource : uint8_t {
  kNone = 0,      // neither official nor computed value
  kOfficial = 1,  // the published value (takes precedence)
  kComputed = 2,  // the roll-up
};

struct OfficialVsComputed {
  std::optional<double> official;
  Figure computed;
  Figure effective;  // official if present, else computed
  ValueSource source = ValueSource::kNone;
  Figure difference;           // computed - official
  Figure relative_difference;  // (computed - official) / |official|
};

// Both values side by side; the official one wins. Differences are undefined (with reason)
// when either side is missing or, for the relative one, when the official value is 0. A
// non-finite official value counts as absent.
OfficialVsComputed CompareWithOfficial(std::optional<double> official, const Figure& computed);

}  // namespace integra::monitoring::analytics
