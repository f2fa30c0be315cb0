// The scorecard as a German markdown report a municipal officer can paste into a council paper
// (Vorlage): title with unit name and key, period, peer group and its size, a summary of the
// lagging action fields, one section per action field with a table and, for lagging fields, the
// linked recommendations and success factors with their findings and the findings on the field
// itself (or a sentence that the knowledge base has no advice for it), then the data sources with
// the required attribution (dl-de/by-2-0). SYNTHETIC values are labelled in every cell that
// shows one and explained in the footer. Ranks appear only when rankings are enabled.
//
// Rendered in the domain (not in the CLI) so the report is unit-tested without a server and
// every client gets the same text. Numbers in German notation (decimal comma).
// Pure and thread-safe.
#pragma once

#include <string>

#include "services/scorecard/scorecard.h"

namespace integra::scorecard {

std::string RenderMarkdown(const Scorecard& scorecard);

// 12345.5 -> "12.345,5", 8.25 -> "8,25"; at most `max_decimals` (0-6) decimals, trailing zeros
// dropped, thousands grouped from 5 digits on. Exposed for tests.
std::string GermanNumber(double value, int max_decimals = 2);

}  // namespace integra::scorecard
