#include "services/analytics/gaps.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace integra::monitoring::analytics {

std::string GapKindName(GapKind kind) {
  switch (kind) {
    case GapKind::kDifference:
      return "difference";
    case GapKind::kRatio:
      return "ratio";
  }
  return "unknown";
}

absl::StatusOr<GapKind> ParseGapKind(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  for (GapKind k : {GapKind::kDifference, GapKind::kRatio}) {
    if (GapKindName(k) == lower) return k;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown gap kind '", name, "'; valid: difference, ratio"));
}

double ParityValue(GapKind kind) { return kind == GapKind::kRatio ? 1.0 : 0.0; }

absl::StatusOr<std::vector<GapPoint>> ComputeGapSeries(const Series& focus, const Series& reference,
                                                       GapKind kind) {
  RETURN_IF_ERROR(ValidateSeries(focus));
  RETURN_IF_ERROR(ValidateSeries(reference));
  std::vector<GapPoint> out;
  out.reserve(std::max(focus.size(), reference.size()));
  // Merge walk over two ascending series.
  size_t i = 0, j = 0;
  while (i < focus.size() || j < reference.size()) {
    GapPoint g;
    if (j == reference.size() || (i < focus.size() && focus[i].period < reference[j].period)) {
      g.period = focus[i].period;
      g.focus = focus[i++].value;
    } else if (i == focus.size() || reference[j].period < focus[i].period) {
      g.period = reference[j].period;
      g.reference = reference[j++].value;
    } else {
      g.period = focus[i].period;
      g.focus = focus[i++].value;
      g.reference = reference[j++].value;
    }
    if (!g.focus && !g.reference) {
      g.gap = Figure::Undefined("both groups have no value");
    } else if (!g.focus) {
      g.gap = Figure::Undefined("focus group has no value");
    } else if (!g.reference) {
      g.gap = Figure::Undefined("reference group has no value");
    } else if (kind == GapKind::kDifference) {
      g.gap = FiniteOr(*g.focus - *g.reference, "difference overflows");
    } else if (*g.reference == 0) {
      g.gap = Figure::Undefined("reference value is 0: ratio not defined");
    } else {
      g.gap = FiniteOr(*g.focus / *g.reference, "ratio overflows");
    }
    out.push_back(std::move(g));
  }
  return out;
}

Series GapAsSeries(const std::vector<GapPoint>& gaps) {
  Series out;
  out.reserve(gaps.size());
  for (const GapPoint& g : gaps) out.push_back(SeriesPoint{g.period, g.gap.value});
  return out;
}

}  // namespace integra::monitoring::analytics
