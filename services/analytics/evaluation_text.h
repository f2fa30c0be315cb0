// The plain-language verdict texts of an evaluation (evaluation.h), in English and German.
// Internal to integra_analytics: EvaluateMeasure calls it once the verdict is set.
#pragma once

#include "services/analytics/evaluation.h"

namespace integra::monitoring::analytics {

// Fills r.verdict_en and r.verdict_de from r.verdict and the figures in r. The texts name the
// provisional and synthetic values inside the window, the dropped peers and shortened windows,
// and never claim more than "consistent with an effect".
void WriteVerdictTexts(EvaluationResult& r, Polarity polarity, const EvaluationOptions& options);

// A figure for the texts: three significant digits, no exponent; German uses a decimal comma.
std::string FormatEvaluationNumber(double v, bool german);

}  // namespace integra::monitoring::analytics
