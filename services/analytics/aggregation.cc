#include "services/analytics/aggregation.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace integra::monitoring {

std::string AggregationKindName(AggregationKind aggregation) {
  switch (aggregation) {
    case AggregationKind::kNone:
      return "none";
    case AggregationKind::kSum:
      return "sum";
    case AggregationKind::kRatio:
      return "ratio";
    case AggregationKind::kWeightedMean:
      return "weighted_mean";
  }
  return "unknown";
}

absl::StatusOr<AggregationKind> ParseAggregationKind(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  std::vector<std::string> names;
  for (AggregationKind a : kAllAggregationKinds) {
    if (AggregationKindName(a) == lower) return a;
    names.push_back(AggregationKindName(a));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown aggregation '", name, "'; valid: ", absl::StrJoin(names, ", ")));
}

}  // namespace integra::monitoring
