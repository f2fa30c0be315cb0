#include "services/analytics/rollup.h"

#include <cmath>
#include <string_view>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace integra::monitoring::analytics {
namespace {

absl::Status CheckField(const MemberValue& m, const std::optional<double>& field, const char* name,
                        bool non_negative) {
  if (!field) return absl::OkStatus();
  if (!std::isfinite(*field)) {
    return absl::InvalidArgumentError(
        absl::StrCat("member '", m.unit_key, "': ", name, " is not finite"));
  }
  if (non_negative && *field < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("member '", m.unit_key, "': ", name, " must be >= 0, got ", *field));
  }
  return absl::OkStatus();
}

absl::Status ValidateMembers(const std::vector<MemberValue>& members,
                             const RollUpOptions& options) {
  if (!std::isfinite(options.ratio_factor)) {
    return absl::InvalidArgumentError("ratio_factor must be finite");
  }
  if (!(options.min_coverage >= 0 && options.min_coverage <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("min_coverage must be in [0, 1], got ", options.min_coverage));
  }
  std::unordered_set<std::string_view> seen;
  seen.reserve(members.size());
  for (const MemberValue& m : members) {
    if (!seen.insert(m.unit_key).second) {
      return absl::InvalidArgumentError(absl::StrCat("member '", m.unit_key, "' appears twice"));
    }
    for (absl::Status s :
         {CheckField(m, m.value, "value", false), CheckField(m, m.weight, "weight", true),
          CheckField(m, m.numerator, "numerator", false),
          CheckField(m, m.denominator, "denominator", true)}) {
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool MemberReports(const MemberValue& m, AggregationKind aggregation) {
  switch (aggregation) {
    case AggregationKind::kSum:
      return m.value.has_value();
    case AggregationKind::kRatio:
      return m.numerator.has_value() && m.denominator.has_value();
    case AggregationKind::kWeightedMean:
      return m.value.has_value() && m.weight.has_value();
    case AggregationKind::kNone:
      return false;
  }
  return false;
}

absl::StatusOr<RollUpResult> RollUp(const std::vector<MemberValue>& members,
                                    AggregationKind aggregation, const RollUpOptions& options) {
  if (aggregation == AggregationKind::kNone) {
    return absl::FailedPreconditionError(
        "indicator is not aggregatable (aggregation 'none'): no roll-up");
  }
  RETURN_IF_ERROR(ValidateMembers(members, options));

  RollUpResult r;
  r.members_total = static_cast<int>(members.size());
  double a = 0, b = 0;  // SUM: a; RATIO: a / b; WEIGHTED_MEAN: a / b
  for (const MemberValue& m : members) {
    if (!MemberReports(m, aggregation)) {
      r.not_reporting.push_back(m.unit_key);
      continue;
    }
    ++r.members_reporting;
    switch (aggregation) {
      case AggregationKind::kSum:
        a += *m.value;
        break;
      case AggregationKind::kRatio:
        a += *m.numerator, b += *m.denominator;
        break;
      case AggregationKind::kWeightedMean:
        a += *m.weight * *m.value, b += *m.weight;
        break;
      case AggregationKind::kNone:
        break;
    }
  }
  if (r.members_total == 0) {
    r.coverage = r.value = Figure::Undefined("no members");
    return r;
  }
  const double coverage = static_cast<double>(r.members_reporting) / r.members_total;
  r.coverage = Figure::Of(coverage);
  if (r.members_reporting == 0) {
    r.value = Figure::Undefined("no member reports a value");
  } else if (coverage < options.min_coverage) {
    r.value = Figure::Undefined(absl::StrCat("coverage ", r.members_reporting, "/", r.members_total,
                                             " is below the required ", options.min_coverage * 100,
                                             " %"));
  } else if (aggregation == AggregationKind::kSum) {
    r.value = FiniteOr(a, "sum overflows");
  } else if (b == 0) {
    r.value = Figure::Undefined(aggregation == AggregationKind::kRatio ? "sum of denominators is 0"
                                                                       : "sum of weights is 0");
  } else {
    const double factor = aggregation == AggregationKind::kRatio ? options.ratio_factor : 1.0;
    r.value = FiniteOr(factor * a / b, "roll-up overflows");
  }
  return r;
}

OfficialVsComputed CompareWithOfficial(std::optional<double> official, const Figure& computed) {
  OfficialVsComputed c;
  c.computed = computed;
  if (official && !std::isfinite(*official)) official.reset();
  c.official = official;
  if (official) {
    c.effective = Figure::Of(*official);
    c.source = ValueSource::kOfficial;
  } else if (computed.defined()) {
    c.effective = computed;
    c.source = ValueSource::kComputed;
  } else {
    c.effective = Figure::Undefined(
        absl::StrCat("no official value; computed value undefined: ", computed.reason));
  }
  if (!official || !computed.defined()) {
    const std::string why = !official ? "no official value" : "computed value undefined";
    c.difference = c.relative_difference = Figure::Undefined(why);
    return c;
  }
  const double diff = *computed.value - *official;
  c.difference = FiniteOr(diff, "difference overflows");
  c.relative_difference = *official == 0
                              ? Figure::Undefined("official value is 0")
                              : FiniteOr(diff / std::fabs(*official), "difference overflows");
  return c;
}

}  // namespace integra::monitoring::analytics
