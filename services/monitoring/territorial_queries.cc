// MonitoringQueries over the territorial hierarchy: roll-ups from Gemeinden and series on a
// chosen Gebietsstand (declared in monitoring_queries.h).
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "services/analytics/territorial.h"
#include "services/monitoring/calendar.h"
#include "services/monitoring/monitoring_queries.h"

namespace integra::monitoring {
namespace {

// One level's values in unit-code order (AnalyticsReader::ReadLevel).
using LevelValues = std::vector<CodeValue>;

const CodeValue* Find(const LevelValues& values, uint32_t code) {
  auto it = std::lower_bound(values.begin(), values.end(), code,
                             [](const CodeValue& v, uint32_t c) { return v.unit_code < c; });
  return it != values.end() && it->unit_code == code ? &*it : nullptr;
}

std::optional<double> Lookup(const LevelValues& values, uint32_t code) {
  const CodeValue* v = Find(values, code);
  return v != nullptr ? v->value : std::nullopt;
}

// The quality flags of `code`'s usable value in `values` (0 without one).
uint8_t QualityOf(const LevelValues& values, uint32_t code) {
  const CodeValue* v = Find(values, code);
  return v != nullptr && v->value.has_value() ? v->flags & kRollUpFlags : 0;
}

bool ValidDuring(const Unit& u, Period p) {
  auto from = ParseDateOr(u.valid_from, kNoDayBefore, "");
  auto to = ParseDateOr(u.valid_to, kNoDayAfter, "");
  return from.ok() && to.ok() && *from <= LastDay(p) && *to >= FirstDay(p);
}

}  // namespace

absl::StatusOr<RollUpResultSet> MonitoringQueries::RollUp(const RollUpQuery& q) const {
  storage::ReadScope scope(*store_);
  RollUpResultSet out;
  ASSIGN_OR_RETURN(out.indicator, reader_.FindIndicator(q.indicator_code));
  const Indicator& ind = *out.indicator;
  if (ind.gap.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("gap indicator ", ind.code, " does not roll up; roll up its base ",
                     ind.gap->base, " with the breakdowns ", ind.gap->dimension, "=",
                     ind.gap->focus, " and ", ind.gap->dimension, "=", ind.gap->reference));
  }
  if (ind.aggregation.kind == AggregationKind::kNone) {
    return absl::FailedPreconditionError(absl::StrCat(
        "indicator ", ind.code, " has aggregation none: its values cannot be rolled up"));
  }
  if (q.level != UnitLevel::kKreis && q.level != UnitLevel::kLand && q.level != UnitLevel::kBund) {
    return absl::InvalidArgumentError(
        absl::StrCat("roll-ups go to level kreis, land or bund, not ", UnitLevelName(q.level)));
  }
  if (q.period.empty()) return absl::InvalidArgumentError("a roll-up needs a period");
  ASSIGN_OR_RETURN(Period period, ParsePeriodFor(q.period, ind.periodicity));
  std::string parent;
  if (!q.parent_key.empty()) {
    ASSIGN_OR_RETURN(UnitKey p, ParseUnitKey(q.parent_key));
    parent = p.key == kBundKey ? "" : p.key;
  }

  // Targets (in key order) and their member Gemeinden, from the register index: (target code,
  // member index) pairs sorted by target, members in key order.
  const std::shared_ptr<const RegisterIndex> reg = Register();
  const DayNumber first_day = FirstDay(period);
  const DayNumber last_day = LastDay(period);
  const uint32_t bund_code = UnitCodeOf(kBundKey);
  std::vector<const RegisterIndex::Entry*> targets;
  std::vector<std::pair<uint32_t, const RegisterIndex::Entry*>> members;
  for (const RegisterIndex::Entry& e : reg->units) {
    if (e.from > last_day || e.to < first_day) continue;  // not valid during the period
    if (e.level == q.level && e.key.compare(0, parent.size(), parent) == 0) {
      targets.push_back(&e);
    } else if (e.level == UnitLevel::kGemeinde) {
      // Every Gemeinde-level unit, gemeindefreie Gebiete included (see expected_in_rollups).
      const uint32_t target = q.level == UnitLevel::kBund   ? bund_code
                              : q.level == UnitLevel::kLand ? e.land_code
                                                            : e.kreis_code;
      members.emplace_back(target, &e);
    }
  }
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  // One cross-section scan per input indicator, over all Gemeinden.
  LevelValues values, numerators, denominators, weights;
  const Aggregation& agg = ind.aggregation;
  auto read_level = [&](const std::string& code, const Breakdown& bd,
                        LevelValues& into) -> absl::Status {
    ASSIGN_OR_RETURN(auto input, reader_.FindIndicator(code));
    ASSIGN_OR_RETURN(Period p, ParsePeriodFor(q.period, input->periodicity));
    ASSIGN_OR_RETURN(into, reader_.ReadLevel(*input, bd, p, UnitLevel::kGemeinde));
    return absl::OkStatus();
  };
  switch (agg.kind) {
    case AggregationKind::kSum:
      RETURN_IF_ERROR(read_level(ind.code, q.breakdown, values));
      break;
    case AggregationKind::kRatio:
      RETURN_IF_ERROR(read_level(agg.numerator, q.breakdown, numerators));
      RETURN_IF_ERROR(read_level(agg.denominator, q.breakdown, denominators));
      break;
    case AggregationKind::kWeightedMean:
      RETURN_IF_ERROR(read_level(ind.code, q.breakdown, values));
      RETURN_IF_ERROR(read_level(agg.weight, {}, weights));
      break;
    case AggregationKind::kNone:
      break;
  }
  ASSIGN_OR_RETURN(const LevelValues officials,
                   reader_.ReadLevel(ind, q.breakdown, period, q.level));

  analytics::RollUpOptions options{
      .ratio_factor = agg.kind == AggregationKind::kRatio ? agg.scale : 1,
      .min_coverage = q.min_coverage};
  out.rows.reserve(targets.size());
  std::vector<analytics::MemberValue> in;
  for (const RegisterIndex::Entry* target : targets) {
    RollUpRow row{.unit_key = target->key, .name = target->name};
    auto [begin, end] =
        std::equal_range(members.begin(), members.end(), std::make_pair(target->code, nullptr),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    in.clear();
    for (auto m = begin; m != end; ++m) {
      const uint32_t code = m->second->code;
      analytics::MemberValue member{.unit_key = m->second->key,
                                    .value = Lookup(values, code),
                                    .weight = Lookup(weights, code),
                                    .numerator = Lookup(numerators, code),
                                    .denominator = Lookup(denominators, code)};
      // An uninhabited gemeindefreies Gebiet is a member only when it holds a value.
      if (!m->second->expected_in_rollups && !member.value && !member.weight && !member.numerator &&
          !member.denominator) {
        continue;
      }
      if (analytics::MemberReports(member, agg.kind)) {
        row.computed_flags |= QualityOf(values, code) | QualityOf(weights, code) |
                              QualityOf(numerators, code) | QualityOf(denominators, code);
      }
      in.push_back(std::move(member));
    }
    ASSIGN_OR_RETURN(row.rollup, analytics::RollUp(in, agg.kind, options));
    if (!row.rollup.value.value.has_value()) row.computed_flags = 0;
    row.values = analytics::CompareWithOfficial(Lookup(officials, target->code), row.rollup.value);
    out.rows.push_back(std::move(row));
  }
  return out;
}

absl::StatusOr<std::vector<UnitSeries>> MonitoringQueries::SeriesOnBoundaries(
    const SeriesQuery& query, const std::string& territory_date) const {
  storage::ReadScope scope(*store_);
  ASSIGN_OR_RETURN(DayNumber boundary, ParseDate(territory_date, "Gebietsstand"));
  ASSIGN_OR_RETURN(auto ind, reader_.FindIndicator(query.indicator_code));
  const std::vector<Reform> reforms = reforms_->Between(kNoDayBefore, boundary);

  // The requested units must exist on the chosen boundaries.
  std::vector<std::string> requested;
  for (const std::string& raw : query.unit_keys) {
    ASSIGN_OR_RETURN(UnitKey key, ParseUnitKey(raw));
    for (const Reform& r : reforms) {
      if (std::find(r.ended_units.begin(), r.ended_units.end(), key.key) == r.ended_units.end()) {
        continue;
      }
      std::set<std::string> successors;
      for (const auto& c : r.changes) {
        if (c.predecessor == key.key) successors.insert(c.successor);
      }
      return absl::FailedPreconditionError(
          absl::StrCat("unit ", key.key, " no longer exists on Gebietsstand ", territory_date,
                       " (reform ", r.id, " of ", r.effective_date, "); ask for its successor(s) ",
                       absl::StrJoin(successors, ", ")));
    }
    requested.push_back(key.key);
  }

  // Every unit whose old values can flow into a requested one, through the reforms newest first.
  std::set<std::string> needed(requested.begin(), requested.end());
  for (auto r = reforms.rbegin(); r != reforms.rend(); ++r) {
    std::set<std::string> more;
    for (const auto& c : r->changes) {
      if (needed.contains(c.successor)) more.insert(c.predecessor);
    }
    needed.insert(more.begin(), more.end());
  }
  SeriesQuery read = query;
  read.unit_keys.assign(needed.begin(), needed.end());
  ASSIGN_OR_RETURN(std::vector<UnitSeries> stored, reader_.Series(read));
  std::map<std::string, std::map<uint32_t, const Observation*>> by_unit;
  std::set<uint32_t> periods;
  for (const UnitSeries& s : stored) {
    for (const Observation& o : s.points) {
      ASSIGN_OR_RETURN(Period p, ParsePeriod(o.period));
      by_unit[s.unit_key][p.code()] = &o;
      periods.insert(p.code());
    }
  }
  std::map<std::string, Unit> unit_of;
  for (const std::string& key : needed) {
    ASSIGN_OR_RETURN(unit_of[key], units_->Get(key));
  }

  std::map<std::string, UnitSeries> out;
  for (const std::string& key : requested) out[key].unit_key = key;
  for (uint32_t code : periods) {
    const Period p = Period::FromCode(code);
    std::vector<Reform> applying;
    for (const Reform& r : reforms) {
      if (*ParseDate(r.effective_date, "") > LastDay(p)) applying.push_back(r);
    }
    if (applying.empty()) {  // the period already lies on the chosen boundaries
      for (const std::string& key : requested) {
        auto it = by_unit[key].find(code);
        if (it != by_unit[key].end()) out[key].points.push_back(*it->second);
      }
      continue;
    }
    // Old values of the period: units that existed then (with or without a value) or that
    // hold a value; a unit created later must not count as its own predecessor.
    analytics::CrossSection values;
    std::map<std::string, std::string> reasons, derivations;
    std::map<std::string, std::set<std::string>> origins;  // old units behind a value
    for (const std::string& key : needed) {
      auto it = by_unit[key].find(code);
      const Observation* o = it == by_unit[key].end() ? nullptr : it->second;
      if (o == nullptr && !ValidDuring(unit_of[key], p)) continue;
      std::optional<double> v;
      if (o != nullptr && (o->flags & kFlagSuppressed) == 0) v = o->value;
      if (!v.has_value()) reasons[key] = o == nullptr ? "no value" : "suppressed";
      values.push_back({key, v});
      origins[key] = {key};
    }
    for (const Reform& r : applying) {
      ASSIGN_OR_RETURN(auto converted,
                       analytics::ConvertToBoundaries(values, r.changes, ind->aggregation.kind));
      analytics::CrossSection next;
      for (const analytics::ConvertedValue& cv : converted) {
        if (cv.changed) {
          std::vector<std::string> parts;
          for (const auto& c : r.changes) {
            if (c.successor == cv.unit_key) {
              parts.push_back(c.share.has_value() ? absl::StrCat(*c.share, " x ", c.predecessor)
                                                  : c.predecessor);
            }
          }
          if (std::find(cv.inputs.begin(), cv.inputs.end(), cv.unit_key) != cv.inputs.end() &&
              parts.size() < cv.inputs.size()) {
            parts.insert(parts.begin(), cv.unit_key);
          }
          std::string step =
              absl::StrCat(r.id, " (", r.effective_date, "): ", absl::StrJoin(parts, " + "));
          auto prior = derivations.find(cv.unit_key);
          derivations[cv.unit_key] =
              prior == derivations.end() ? step : absl::StrCat(prior->second, "; ", step);
          std::set<std::string> from;
          for (const std::string& in : cv.inputs)
            from.insert(origins[in].begin(), origins[in].end());
          origins[cv.unit_key] = std::move(from);
          if (cv.value.defined()) {
            reasons.erase(cv.unit_key);
          } else {
            reasons[cv.unit_key] = cv.value.reason;
          }
        }
        next.push_back({cv.unit_key, cv.value.value});
      }
      values = std::move(next);
    }
    for (const std::string& key : requested) {
      auto it = std::find_if(values.begin(), values.end(),
                             [&](const analytics::PeerValue& v) { return v.unit_key == key; });
      if (it == values.end()) continue;
      if (!derivations.contains(key)) {  // territory unchanged: the stored value as it is
        auto stored_it = by_unit[key].find(code);
        if (stored_it != by_unit[key].end()) out[key].points.push_back(*stored_it->second);
        continue;
      }
      // Only periods some old unit behind this one reported (no point made of nothing).
      const bool reported =
          std::any_of(origins[key].begin(), origins[key].end(),
                      [&](const std::string& origin) { return by_unit[origin].contains(code); });
      if (!reported) continue;
      Observation o;
      o.indicator_code = ind->code;
      o.unit_key = key;
      o.period = p.ToString();
      o.breakdown = query.breakdown;
      o.value = it->value;
      if (!it->value.has_value()) o.footnote = reasons[key];
      std::set<std::string> sources;
      for (const std::string& origin : origins[key]) {
        auto src = by_unit[origin].find(code);
        if (src == by_unit[origin].end()) continue;
        if (!src->second->source.empty()) sources.insert(src->second->source);
        o.flags |= src->second->flags &
                   (kFlagProvisional | kFlagEstimated | kFlagSynthetic | kFlagLowReliability);
      }
      o.source = absl::StrJoin(sources, "; ");
      o.derivation =
          absl::StrCat("converted to Gebietsstand ", territory_date, " by ", derivations[key]);
      out[key].points.push_back(std::move(o));
    }
  }
  std::vector<UnitSeries> result;
  result.reserve(requested.size());
  for (const std::string& key : requested) result.push_back(std::move(out[key]));
  return result;
}

}  // namespace integra::monitoring
