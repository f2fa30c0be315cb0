#include "services/monitoring/indicators.h"

#include <limits>

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/message.h"

namespace integra::monitoring {
namespace {

constexpr MeasureUnit kAllUnits[] = {MeasureUnit::kPercent,
                                     MeasureUnit::kCount,
                                     MeasureUnit::kPer1000Inhabitants,
                                     MeasureUnit::kPer100000Inhabitants,
                                     MeasureUnit::kEur,
                                     MeasureUnit::kEurPerInhabitant,
                                     MeasureUnit::kIndex,
                                     MeasureUnit::kYears,
                                     MeasureUnit::kOther};

template <typename E, size_t N>
absl::StatusOr<E> ParseByName(const std::string& name, const E (&all)[N], std::string (*name_of)(E),
                              const std::string& what) {
  std::string n = absl::AsciiStrToLower(name);
  std::vector<std::string> names;
  for (E e : all) {
    if (name_of(e) == n) return e;
    names.push_back(name_of(e));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown ", what, " '", name, "' (", absl::StrJoin(names, ", "), ")"));
}

bool IsDimensionName(const std::string& s) {
  if (s.empty() || s.size() > 64 || !absl::ascii_islower(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  for (char c : s) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

bool IsDimensionValue(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '+' && c != '-' &&
        c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string MeasureUnitName(MeasureUnit u) {
  switch (u) {
    case MeasureUnit::kPercent:
      return "percent";
    case MeasureUnit::kCount:
      return "count";
    case MeasureUnit::kPer1000Inhabitants:
      return "per_1000_inhabitants";
    case MeasureUnit::kPer100000Inhabitants:
      return "per_100000_inhabitants";
    case MeasureUnit::kEur:
      return "eur";
    case MeasureUnit::kEurPerInhabitant:
      return "eur_per_inhabitant";
    case MeasureUnit::kIndex:
      return "index";
    case MeasureUnit::kYears:
      return "years";
    case MeasureUnit::kOther:
      return "other";
  }
  return "unknown";
}

absl::StatusOr<MeasureUnit> ParseMeasureUnit(const std::string& name) {
  return ParseByName(name, kAllUnits, &MeasureUnitName, "unit of measure");
}

absl::Status ValidateIndicatorCode(const std::string& code) {
  bool ok = code.size() >= 2 && code.size() <= 64 &&
            absl::ascii_isupper(static_cast<unsigned char>(code[0]));
  for (char c : code) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_') {
      ok = false;
    }
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "indicator code ", common::QuoteForMessage(code),
        " is not valid: use 2-64 upper-case letters A-Z, digits and '_', starting with a "
        "letter (e.g. AUSL_ANTEIL)"));
  }
  return absl::OkStatus();
}

ValueDomain ValueDomainOf(const Indicator& ind) {
  ValueDomain d{-std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  if (ind.unit == MeasureUnit::kPercent) d = {0, 100};
  if (ind.unit == MeasureUnit::kCount) d = {0, kMaxCount};
  if (ind.min_value.has_value()) d.min = *ind.min_value;
  if (ind.max_value.has_value()) d.max = *ind.max_value;
  return d;
}

absl::Status ValidateIndicator(const Indicator& ind) {
  if (auto s = ValidateIndicatorCode(ind.code); !s.ok()) return s;
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat("indicator ", ind.code, ": ", why));
  };
  if (absl::StripAsciiWhitespace(ind.name_de).empty()) return bad("the German name is required");
  if (ind.unit == MeasureUnit::kOther && absl::StripAsciiWhitespace(ind.unit_label).empty()) {
    return bad("unit of measure 'other' needs a unit label (e.g. 'Plätze je Kind')");
  }
  for (const auto& [bound, name] : {std::pair{ind.min_value, "min"}, {ind.max_value, "max"}}) {
    if (bound.has_value() && !std::isfinite(*bound)) {
      return bad(absl::StrCat("the value domain's ", name, " must be a finite number"));
    }
  }
  if (const ValueDomain d = ValueDomainOf(ind); d.min > d.max) {
    return bad(absl::StrCat("the value domain's min ", d.min, " is above its max ", d.max,
                            ind.min_value.has_value() && ind.max_value.has_value()
                                ? ""
                                : " (the unit's default for the side not given)"));
  }
  const Aggregation& a = ind.aggregation;
  auto check_ref = [&](const std::string& ref, const std::string& role) -> absl::Status {
    if (ref.empty()) {
      return bad(
          absl::StrCat(AggregationKindName(a.kind), " aggregation needs a ", role, " indicator"));
    }
    if (auto s = ValidateIndicatorCode(ref); !s.ok())
      return bad(absl::StrCat(role, ": ", s.message()));
    if (ref == ind.code) return bad(absl::StrCat("the ", role, " cannot be the indicator itself"));
    return absl::OkStatus();
  };
  switch (a.kind) {
    case AggregationKind::kRatio:
      if (auto s = check_ref(a.numerator, "numerator"); !s.ok()) return s;
      if (auto s = check_ref(a.denominator, "denominator"); !s.ok()) return s;
      if (!std::isfinite(a.scale) || a.scale <= 0) return bad("the ratio scale must be > 0");
      if (!a.weight.empty()) return bad("a ratio aggregation has no weight indicator");
      break;
    case AggregationKind::kWeightedMean:
      if (auto s = check_ref(a.weight, "weight"); !s.ok()) return s;
      if (!a.numerator.empty() || !a.denominator.empty()) {
        return bad("a weighted-mean aggregation has no numerator/denominator");
      }
      break;
    case AggregationKind::kNone:
    case AggregationKind::kSum:
      if (!a.numerator.empty() || !a.denominator.empty() || !a.weight.empty()) {
        return bad(absl::StrCat("a ", AggregationKindName(a.kind),
                                " aggregation names no other indicator"));
      }
      break;
  }
  if (ind.gap.has_value()) {
    const GapDefinition& g = *ind.gap;
    if (auto s = ValidateIndicatorCode(g.base); !s.ok()) {
      return bad(absl::StrCat("gap base: ", s.message()));
    }
    if (g.base == ind.code) return bad("a gap indicator cannot be its own base");
    if (!IsDimensionName(g.dimension)) return bad("a gap indicator needs the base's dimension");
    if (!IsDimensionValue(g.focus) || !IsDimensionValue(g.reference)) {
      return bad("a gap indicator needs a focus and a reference value of the dimension");
    }
    if (g.focus == g.reference) return bad("the focus and reference groups must differ");
    if (!ind.dimensions.empty()) {
      return bad("a gap indicator declares no dimensions (it compares two of its base's)");
    }
    if (a.kind != AggregationKind::kNone) {
      return bad("a gap indicator is computed on read and has aggregation none");
    }
  }
  if (ind.dimensions.size() > kMaxDimensions) {
    return bad(absl::StrCat("at most ", kMaxDimensions, " breakdown dimensions"));
  }
  std::set<std::string> names;
  for (const Dimension& d : ind.dimensions) {
    if (!IsDimensionName(d.name)) {
      return bad(
          absl::StrCat("dimension name '", d.name,
                       "' must be lower-case letters, digits and '_', starting with a letter"));
    }
    if (!names.insert(d.name).second)
      return bad(absl::StrCat("dimension '", d.name, "' is declared twice"));
    if (d.values.empty()) return bad(absl::StrCat("dimension '", d.name, "' declares no values"));
    if (d.values.size() > kMaxDimensionValues) {
      return bad(
          absl::StrCat("dimension '", d.name, "' has more than ", kMaxDimensionValues, " values"));
    }
    std::set<std::string> values;
    for (const std::string& v : d.values) {
      if (!IsDimensionValue(v)) {
        return bad(absl::StrCat("value '", v, "' of dimension '", d.name,
                                "' must be 1-64 letters, digits or _ + - ."));
      }
      if (!values.insert(v).second) {
        return bad(absl::StrCat("value '", v, "' of dimension '", d.name, "' is declared twice"));
      }
    }
  }
  return absl::OkStatus();
}

std::string IndicatorNodeId(const std::string& code) {
  return absl::StrCat("ind.", absl::AsciiStrToLower(code));
}

double DefaultRatioScale(MeasureUnit unit) {
  switch (unit) {
    case MeasureUnit::kPercent:
      return 100;
    case MeasureUnit::kPer1000Inhabitants:
      return 1000;
    case MeasureUnit::kPer100000Inhabitants:
      return 100000;
    default:
      return 1;
  }
}

absl::StatusOr<Breakdown> ParseBreakdown(const std::string& text) {
  Breakdown out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::vector<std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (kv.size() != 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          "breakdown '", text, "' is malformed: expected dimension=value[,dimension=value...]"));
    }
    std::string k(absl::StripAsciiWhitespace(kv[0]));
    std::string v(absl::StripAsciiWhitespace(kv[1]));
    if (k.empty() || v.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("breakdown '", text, "' has an empty dimension or value"));
    }
    if (!out.emplace(k, v).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("breakdown '", text, "' names dimension '", k, "' twice"));
    }
  }
  return out;
}

std::string BreakdownText(const Indicator& ind, const Breakdown& bd) {
  std::vector<std::string> parts;
  for (const Dimension& d : ind.dimensions) {
    auto it = bd.find(d.name);
    if (it != bd.end()) parts.push_back(absl::StrCat(d.name, "=", it->second));
  }
  return absl::StrJoin(parts, ",");
}

absl::StatusOr<std::string> EncodeBreakdown(const Indicator& ind, const Breakdown& bd) {
  std::string out(1, static_cast<char>(bd.size()));
  size_t found = 0;
  for (size_t di = 0; di < ind.dimensions.size(); ++di) {
    const Dimension& d = ind.dimensions[di];
    auto it = bd.find(d.name);
    if (it == bd.end()) continue;
    size_t vi = 0;
    while (vi < d.values.size() && d.values[vi] != it->second) ++vi;
    if (vi == d.values.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "breakdown value '", it->second, "' is not allowed for dimension '", d.name,
          "' of indicator ", ind.code, " (allowed: ", absl::StrJoin(d.values, ", "), ")"));
    }
    out.push_back(static_cast<char>(di));
    out.push_back(static_cast<char>(vi));
    ++found;
  }
  if (found != bd.size()) {
    for (const auto& [name, value] : bd) {
      bool declared = false;
      for (const Dimension& d : ind.dimensions) declared = declared || d.name == name;
      if (!declared) {
        std::vector<std::string> names;
        for (const Dimension& d : ind.dimensions) names.push_back(d.name);
        return absl::InvalidArgumentError(absl::StrCat(
            "breakdown dimension '", name, "' is not declared for indicator ", ind.code,
            names.empty() ? " (it declares no dimensions)"
                          : absl::StrCat(" (declared: ", absl::StrJoin(names, ", "), ")")));
      }
    }
  }
  return out;
}

absl::StatusOr<Breakdown> DecodeBreakdown(const Indicator& ind, std::string_view bytes) {
  if (bytes.empty() ||
      bytes.size() != 1 + 2 * static_cast<size_t>(static_cast<uint8_t>(bytes[0]))) {
    return absl::DataLossError("stored breakdown is malformed");
  }
  Breakdown out;
  for (size_t i = 1; i < bytes.size(); i += 2) {
    size_t di = static_cast<uint8_t>(bytes[i]);
    size_t vi = static_cast<uint8_t>(bytes[i + 1]);
    if (di >= ind.dimensions.size() || vi >= ind.dimensions[di].values.size()) {
      return absl::DataLossError(absl::StrCat("stored breakdown of indicator ", ind.code,
                                              " refers to an undeclared dimension or value"));
    }
    out.emplace(ind.dimensions[di].name, ind.dimensions[di].values[vi]);
  }
  return out;
}

absl::Status CheckGapAgainstBase(Indicator& ind, const Indicator& base) {
  const GapDefinition& g = *ind.gap;
  if (base.gap.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("gap indicator ", ind.code, ": base ", g.base, " is itself a gap indicator"));
  }
  auto dim = std::find_if(base.dimensions.begin(), base.dimensions.end(),
                          [&](const Dimension& d) { return d.name == g.dimension; });
  if (dim == base.dimensions.end()) {
    return absl::InvalidArgumentError(absl::StrCat("gap indicator ", ind.code, ": base ", g.base,
                                                   " declares no dimension '", g.dimension, "'"));
  }
  for (const std::string* v : {&g.focus, &g.reference}) {
    if (std::find(dim->values.begin(), dim->values.end(), *v) == dim->values.end()) {
      return absl::InvalidArgumentError(absl::StrCat("gap indicator ", ind.code, ": dimension '",
                                                     g.dimension, "' of ", g.base,
                                                     " has no value '", *v, "'"));
    }
  }
  ind.periodicity = base.periodicity;
  return absl::OkStatus();
}

}  // namespace integra::monitoring
