#include "services/monitoring/aggregation.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace integra::monitoring {

std::string AggregationName(Aggregation aggregation) {
  switch (aggregation) {
    case Aggregation::kNone:
      return "none";
    case Aggregation::kSum:
      return "sum";
    case Aggregation::kRatio:
      return "ratio";
    case Aggregation::kWeightedMean:
      return "weighted_mean";
  }
  return "unknown";
}

absl::StatusOr<Aggregation> ParseAggregation(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  std::vector<std::string> names;
  for (Aggregation a : kAllAggregations) {
    if (AggregationName(a) == lower) return a;
    names.push_back(AggregationName(a));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown aggregation '", name, "'; valid: ", absl::StrJoin(names, ", ")));
}

}  // namespace integra::monitoring
