#include "services/monitoring/observations.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/row_rejection.h"

namespace integra::monitoring {
namespace {

struct FlagName {
  ObservationFlag flag;
  const char* name;
};
constexpr FlagName kFlagNames[] = {{kFlagProvisional, "PROVISIONAL"},
                                   {kFlagEstimated, "ESTIMATED"},
                                   {kFlagSuppressed, "SUPPRESSED"},
                                   {kFlagSynthetic, "SYNTHETIC"},
                                   {kFlagLowReliability, "LOW_RELIABILITY"},
                                   {kFlagBlocked, "BLOCKED"},
                                   {kFlagUnreliable, "UNRELIABLE"},
                                   {kFlagNotYetAvailable, "NOT_YET_AVAILABLE"}};

std::string Cell(const Observation& o) {
  return absl::StrCat(o.indicator_code, " / ", o.unit_key, " / ", o.period);
}

}  // namespace

std::string FlagNames(uint8_t flags) {
  std::string out;
  for (const FlagName& f : kFlagNames) {
    if (flags & f.flag) absl::StrAppend(&out, out.empty() ? "" : ",", f.name);
  }
  return out;
}

absl::StatusOr<ObservationFlag> ParseFlag(const std::string& name) {
  std::string n = absl::AsciiStrToUpper(name);
  for (const FlagName& f : kFlagNames) {
    if (n == f.name) return f.flag;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown observation flag '", name, "' (PROVISIONAL, ESTIMATED, SUPPRESSED, SYNTHETIC, LOW_RELIABILITY, BLOCKED, "
      "UNRELIABLE, NOT_YET_AVAILABLE)"));
}

absl::StatusOr<CheckedObservation> CheckObservation(const Indicator& ind, const Observation& o) {
  if (ind.gap.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("indicator ", ind.code, " is a gap indicator computed from ", ind.gap->base,
                     " (", ind.gap->dimension, "=", ind.gap->focus, " vs ", ind.gap->dimension, "=",
                     ind.gap->reference, "); record the values on ", ind.gap->base, " instead"));
  }
  CheckedObservation out;
  auto key = ParseUnitKey(o.unit_key);
  if (!key.ok()) return AtField(key.status(), kFieldUnit);
  out.unit_key = key->key;
  out.level = key->level;
  out.unit_code = UnitCodeOf(key->key);
  auto period = ParsePeriodFor(o.period, ind.periodicity);
  if (!period.ok()) {
    return AtField(absl::InvalidArgumentError(
                       absl::StrCat(period.status().message(), " (indicator ", ind.code, ")")),
                   kFieldPeriod);
  }
  out.period = *period;
  auto breakdown = EncodeBreakdown(ind, o.breakdown);
  if (!breakdown.ok()) return AtField(breakdown.status(), kFieldBreakdown);
  out.breakdown = *std::move(breakdown);
  if ((o.flags & ~kAllFlags) != 0) {
    return AtField(absl::InvalidArgumentError(absl::StrCat(
                       "observation ", Cell(o), " has unknown flag bits ", o.flags & ~kAllFlags)),
                   kFieldFlags);
  }
  if (!o.value.has_value()) {
    if ((o.flags & kFlagsExplainingMissingValue) == 0) {
      return AtField(absl::InvalidArgumentError(absl::StrCat(
                         "observation ", Cell(o),
                         " has no value; only a SUPPRESSED, BLOCKED, UNRELIABLE or "
                         "NOT_YET_AVAILABLE observation may omit it")),
                     kFieldValue);
    }
  } else if ((o.flags & kFlagsWithoutValue) != 0) {
    return AtField(absl::InvalidArgumentError(absl::StrCat(
                       "observation ", Cell(o), " has value ", *o.value, " but is flagged ",
                       FlagNames(o.flags & kFlagsWithoutValue),
                       ", which means there is no value; drop the value or the flag")),
                   kFieldValue);
  } else {
    double v = *o.value;
    if (!std::isfinite(v)) {
      return AtField(absl::InvalidArgumentError(absl::StrCat("observation ", Cell(o), " has value ",
                                                             std::isnan(v) ? "NaN" : "infinity",
                                                             "; values must be finite numbers")),
                     kFieldValue);
    }
    if (const ValueDomain d = ValueDomainOf(ind); v < d.min || v > d.max) {
      const bool explicit_domain = ind.min_value.has_value() || ind.max_value.has_value();
      std::string why =
          explicit_domain ? absl::StrCat("outside indicator ", ind.code, "'s value domain [",
                                         d.min, ", ", d.max, "]")
          : ind.unit == MeasureUnit::kPercent
              ? absl::StrCat("but indicator ", ind.code, " is a percentage (0-100)")
              : absl::StrCat("but indicator ", ind.code,
                             " is a count (0 to 2^53 = 9007199254740992; give the indicator a "
                             "min/max to change its value domain)");
      return AtField(absl::InvalidArgumentError(
                         absl::StrCat("observation ", Cell(o), " has value ", v, ", ", why)),
                     kFieldValue);
    }
  }
  for (const std::string* text : {&o.footnote, &o.series_break, &o.source}) {
    if (text->size() > kMaxTextLength) {
      return AtField(
          absl::InvalidArgumentError(absl::StrCat(
              "observation ", Cell(o), ": footnote, series break and source are limited to ",
              kMaxTextLength, " bytes each")),
          kFieldText);
    }
  }
  return out;
}

}  // namespace integra::monitoring
