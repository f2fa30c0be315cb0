#include "services/scorecard/scorecard.h"

#include "services/monitoring/observations.h"

namespace integra::scorecard {

std::string FieldStatusName(FieldStatus status) {
  switch (status) {
    case FieldStatus::kLagging:
      return "lagging";
    case FieldStatus::kNotLagging:
      return "not_lagging";
    case FieldStatus::kNotAssessable:
      return "not_assessable";
    case FieldStatus::kNotMonitored:
      return "not_monitored";
  }
  return "not_monitored";
}

std::string TrendDirectionName(TrendDirection direction) {
  switch (direction) {
    case TrendDirection::kUnknown:
      return "unknown";
    case TrendDirection::kImproving:
      return "improving";
    case TrendDirection::kWorsening:
      return "worsening";
    case TrendDirection::kStable:
      return "stable";
    case TrendDirection::kRising:
      return "rising";
    case TrendDirection::kFalling:
      return "falling";
  }
  return "unknown";
}

bool CurrentValue::synthetic() const { return (flags & monitoring::kFlagSynthetic) != 0; }

}  // namespace integra::scorecard
