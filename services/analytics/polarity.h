// Polarity of an indicator: which direction of change is an improvement.
//
// Shared by the indicator catalog (which persists it) and the analytics (which orient ranks,
// percentiles, quartiles and target rules by it). Persisted enum: never renumber, only append.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace integra::monitoring {

enum class Polarity : uint8_t {
  kHigherIsBetter = 1,  // e.g. childcare places, share with Abitur
  kLowerIsBetter = 2,   // e.g. unemployment rate, share without school degree
  kNeutral = 3,         // descriptive only, e.g. share of foreign nationals
};
inline constexpr Polarity kAllPolarities[] = {Polarity::kHigherIsBetter, Polarity::kLowerIsBetter,
                                              Polarity::kNeutral};

// "higher_is_better", "lower_is_better", "neutral": used by the CLI, data files and docs.
std::string PolarityName(Polarity polarity);
// Case-insensitive; InvalidArgument listing the valid names otherwise.
absl::StatusOr<Polarity> ParsePolarity(const std::string& name);

// +1 when higher values are better, -1 when lower values are better, 0 when neutral.
// Multiplying a raw difference by this sign turns it into "positive = better".
inline int PolaritySign(Polarity polarity) {
  switch (polarity) {
    case Polarity::kHigherIsBetter:
      return 1;
    case Polarity::kLowerIsBetter:
      return -1;
    case Polarity::kNeutral:
      return 0;
  }
  return 0;
}

}  // namespace integra::monitoring
