// Conversion of the scorecard domain model (services/scorecard) to integra.v1.Scorecard, the
// gap report. Enum values are equal on both sides (all "never renumber").
#pragma once

#include "integra/v1/scorecard.pb.h"
#include "services/scorecard/scorecard.h"

namespace integra::api {

void ToProto(const scorecard::Scorecard& scorecard, v1::Scorecard* out);

}  // namespace integra::api
