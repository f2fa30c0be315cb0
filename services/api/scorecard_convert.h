// Conversion of the scorecard domain model (services/scorecard) to integra.v1.Scorecard, the
// gap report, and of a measure's evaluation (monitoring/measure_evaluation.h) to
// integra.v1.EvaluateResponse. Enum values are equal on both sides (all "never renumber").
#pragma once

#include "integra/v1/scorecard.pb.h"
#include "services/monitoring/measure_evaluation.h"
#include "services/scorecard/scorecard.h"

namespace integra::api {

void ToProto(const scorecard::Scorecard& scorecard, v1::Scorecard* out);
void ToProto(const monitoring::MeasureEvaluation& evaluation, v1::EvaluateResponse* out);

}  // namespace integra::api
