#include "services/analytics/polarity.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace integra::monitoring {

std::string PolarityName(Polarity polarity) {
  switch (polarity) {
    case Polarity::kHigherIsBetter:
      return "higher_is_better";
    case Polarity::kLowerIsBetter:
      return "lower_is_better";
    case Polarity::kNeutral:
      return "neutral";
  }
  return "unknown";
}

absl::StatusOr<Polarity> ParsePolarity(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  std::vector<std::string> names;
  for (Polarity p : kAllPolarities) {
    if (PolarityName(p) == lower) return p;
    names.push_back(PolarityName(p));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown polarity '", name, "'; valid: ", absl::StrJoin(names, ", ")));
}

}  // namespace integra::monitoring
