#include "services/monitoring/analytics_reader.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "services/analytics/gaps.h"
#include "services/monitoring/calendar.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/packed_section.h"
#include "storage/key_codec.h"

namespace integra::monitoring {
namespace {

using storage::Family;

// Longest period range a single analytics series spells out (400 years of months).
constexpr size_t kMaxSeriesPeriods = 4800;

// A stored value that analytics may use: present and not suppressed.
std::optional<double> Usable(const std::optional<double>& value, uint8_t flags) {
  if ((flags & kFlagSuppressed) != 0) return std::nullopt;
  return value;
}

std::optional<double> UsableValue(const Observation* o) {
  if (o == nullptr) return std::nullopt;
  return Usable(o->value, o->flags);
}

std::string Num(double v) { return absl::StrCat(v); }

// `own` with the points of `twin` (the other key of the same kreisfreie Stadt) in the periods
// `own` has no cell for, and the periods in which both hold a usable value that differs.
absl::Status MergeTwin(UnitSeries& own, const UnitSeries& twin) {
  std::vector<Observation> merged;
  merged.reserve(own.points.size() + twin.points.size());
  size_t i = 0, j = 0;
  while (i < own.points.size() || j < twin.points.size()) {
    if (j == twin.points.size()) {
      merged.push_back(std::move(own.points[i++]));
      continue;
    }
    if (i == own.points.size()) {
      merged.push_back(twin.points[j++]);
      continue;
    }
    ASSIGN_OR_RETURN(Period a, ParsePeriod(own.points[i].period));
    ASSIGN_OR_RETURN(Period b, ParsePeriod(twin.points[j].period));
    if (b < a) {
      merged.push_back(twin.points[j++]);
      continue;
    }
    if (a == b) {
      const std::optional<double> mine = UsableValue(&own.points[i]);
      const std::optional<double> theirs = UsableValue(&twin.points[j]);
      if (mine.has_value() && theirs.has_value() && *mine != *theirs) {
        own.twin_differences.push_back(
            {own.points[i].period, *mine, *theirs, twin.points[j].source});
      }
      ++j;
    }
    merged.push_back(std::move(own.points[i++]));
  }
  own.points = std::move(merged);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Indicator>> AnalyticsReader::FindIndicator(
    const std::string& code) const {
  RETURN_IF_ERROR(ValidateIndicatorCode(code));
  auto ind = catalog_->Find(code);
  if (ind == nullptr) return absl::NotFoundError(absl::StrCat("indicator '", code, "' not found"));
  return ind;
}

absl::StatusOr<std::vector<UnitSeries>> AnalyticsReader::Series(const SeriesQuery& query) const {
  ASSIGN_OR_RETURN(auto ind, FindIndicator(query.indicator_code));
  storage::ReadScope scope(*store_);  // the units and their twins from one snapshot
  auto read = [&](const SeriesQuery& q) {
    return ind->gap.has_value() ? GapSeries(*ind, q) : observations_->Series(q);
  };
  ASSIGN_OR_RETURN(std::vector<UnitSeries> out, read(query));
  if (!query.with_twins) return out;
  const std::shared_ptr<const RegisterSnapshot> reg = units_->Register();
  SeriesQuery twins = query;
  twins.unit_keys.clear();
  std::vector<size_t> with_twin;  // indexes into `out`
  for (size_t i = 0; i < out.size(); ++i) {
    const RegisterSnapshot::Entry* entry = reg->Find(UnitCodeOf(out[i].unit_key));
    if (entry == nullptr) continue;
    std::string twin = TwinKeyOf(entry->key, entry->type);
    if (twin.empty() || !units_->ContainsCode(UnitCodeOf(twin))) continue;
    out[i].twin_key = twin;
    twins.unit_keys.push_back(std::move(twin));
    with_twin.push_back(i);
  }
  if (with_twin.empty()) return out;
  ASSIGN_OR_RETURN(std::vector<UnitSeries> twin_series, read(twins));
  for (size_t k = 0; k < with_twin.size(); ++k) {
    RETURN_IF_ERROR(MergeTwin(out[with_twin[k]], twin_series[k]));
  }
  return out;
}

absl::StatusOr<std::vector<UnitSeries>> AnalyticsReader::GapSeries(const Indicator& gap_ind,
                                                                   const SeriesQuery& query) const {
  const GapDefinition& gap = *gap_ind.gap;
  if (!query.breakdown.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "gap indicator ", gap_ind.code, " has no breakdowns: it compares ", gap.dimension, "=",
        gap.focus, " with ", gap.dimension, "=", gap.reference, " of ", gap.base));
  }
  storage::ReadScope scope(*store_);  // both breakdowns from one snapshot
  SeriesQuery side = query;
  side.indicator_code = gap.base;
  side.breakdown = {{gap.dimension, gap.focus}};
  ASSIGN_OR_RETURN(std::vector<UnitSeries> focus, observations_->Series(side));
  side.breakdown = {{gap.dimension, gap.reference}};
  ASSIGN_OR_RETURN(std::vector<UnitSeries> reference, observations_->Series(side));

  const std::string op = gap.kind == analytics::GapKind::kDifference ? " - " : " / ";
  std::vector<UnitSeries> out;
  for (size_t u = 0; u < focus.size(); ++u) {
    std::map<uint32_t, std::pair<const Observation*, const Observation*>> by_period;
    std::map<double, Period> period_of;
    for (int side_index = 0; side_index < 2; ++side_index) {
      const UnitSeries& s = side_index == 0 ? focus[u] : reference[u];
      for (const Observation& o : s.points) {
        ASSIGN_OR_RETURN(Period p, ParsePeriod(o.period));
        auto& slot = by_period[p.code()];
        (side_index == 0 ? slot.first : slot.second) = &o;
        period_of[PeriodNumber(p)] = p;
      }
    }
    analytics::Series fs, rs;
    for (const auto& [code, pair] : by_period) {
      const double t = PeriodNumber(Period::FromCode(code));
      fs.push_back({t, UsableValue(pair.first)});
      rs.push_back({t, UsableValue(pair.second)});
    }
    ASSIGN_OR_RETURN(std::vector<analytics::GapPoint> points,
                     analytics::ComputeGapSeries(fs, rs, gap.kind));
    UnitSeries series{focus[u].unit_key, {}};
    for (const analytics::GapPoint& gp : points) {
      const Period p = period_of.at(gp.period);
      const auto& [f, r] = by_period.at(p.code());
      Observation o;
      o.indicator_code = gap_ind.code;
      o.unit_key = series.unit_key;
      o.period = p.ToString();
      o.value = gp.gap.value;
      std::set<std::string> sources;
      for (const Observation* side_obs : {f, r}) {
        if (side_obs == nullptr) continue;
        o.flags |= side_obs->flags &
                   (kFlagProvisional | kFlagEstimated | kFlagSynthetic | kFlagLowReliability);
        if (!side_obs->source.empty()) sources.insert(side_obs->source);
        o.recorded_micros = std::max(o.recorded_micros, side_obs->recorded_micros);
      }
      o.source = absl::StrJoin(sources, "; ");
      if (!gp.gap.defined()) o.footnote = gp.gap.reason;
      o.derivation = absl::StrCat(gap.base, " ", gap.dimension, "=", gap.focus, " (",
                                  gp.focus.has_value() ? Num(*gp.focus) : "-", ")", op,
                                  gap.dimension, "=", gap.reference, " (",
                                  gp.reference.has_value() ? Num(*gp.reference) : "-", ")");
      series.points.push_back(std::move(o));
    }
    out.push_back(std::move(series));
  }
  return out;
}

absl::StatusOr<PeriodSeries> AnalyticsReader::ReadPeriodSeries(const Indicator& ind,
                                                               const std::string& unit_key,
                                                               const Breakdown& breakdown,
                                                               const std::string& from,
                                                               const std::string& to) const {
  SeriesQuery q{.indicator_code = ind.code,
                .unit_keys = {unit_key},
                .breakdown = breakdown,
                .from_period = from,
                .to_period = to};
  ASSIGN_OR_RETURN(std::vector<UnitSeries> read, Series(q));
  const std::vector<Observation>& points = read.front().points;
  PeriodSeries out;
  std::optional<Period> first, last;
  if (!from.empty()) {
    ASSIGN_OR_RETURN(first, ParsePeriodFor(from, ind.periodicity));
  } else if (!points.empty()) {
    ASSIGN_OR_RETURN(first, ParsePeriod(points.front().period));
  }
  if (!to.empty()) {
    ASSIGN_OR_RETURN(last, ParsePeriodFor(to, ind.periodicity));
  } else if (!points.empty()) {
    ASSIGN_OR_RETURN(last, ParsePeriod(points.back().period));
  }
  if (!first.has_value() || !last.has_value() || *last < *first) return out;
  std::set<std::string> sources;
  size_t next = 0;
  for (Period p = *first; p <= *last; p = NextPeriod(p)) {
    if (out.periods.size() >= kMaxSeriesPeriods) {
      return absl::InvalidArgumentError(absl::StrCat("the period range ", first->ToString(), " to ",
                                                     last->ToString(), " exceeds ",
                                                     kMaxSeriesPeriods, " periods"));
    }
    std::optional<double> value;
    if (next < points.size() && points[next].period == p.ToString()) {
      value = UsableValue(&points[next]);
      if (value.has_value() && !points[next].source.empty()) sources.insert(points[next].source);
      ++next;
    }
    out.periods.push_back(p);
    out.series.push_back({PeriodNumber(p), value});
  }
  out.sources.assign(sources.begin(), sources.end());
  return out;
}

absl::Status AnalyticsReader::ViewChunks(
    const Indicator& ind, const std::string& bd, Period period, UnitLevel level,
    const std::vector<uint32_t>& codes,
    absl::FunctionRef<absl::Status(const SectionView&, size_t begin, size_t end)> fn) const {
  if (codes.empty()) return absl::OkStatus();
  const uint8_t first = SectionChunkOf(level, codes.front());
  std::optional<storage::ReadScope> scope;  // only when more than one chunk is read
  if (std::any_of(codes.begin(), codes.end(),
                  [&](uint32_t code) { return SectionChunkOf(level, code) != first; })) {
    scope.emplace(*store_);
  }
  std::string key = SectionKey(ind.id, bd, period, level, first);
  for (size_t begin = 0; begin < codes.size();) {
    const uint8_t chunk = SectionChunkOf(level, codes[begin]);
    size_t end = begin + 1;
    while (end < codes.size() && SectionChunkOf(level, codes[end]) == chunk) ++end;
    key.back() = static_cast<char>(chunk);
    auto view = [&](std::optional<std::string_view> bytes) -> absl::Status {
      if (!bytes.has_value()) return absl::OkStatus();  // nothing stored for this chunk
      ASSIGN_OR_RETURN(SectionView section, SectionView::Parse(*bytes));
      return fn(section, begin, end);
    };
    RETURN_IF_ERROR(store_->View(Family::kObsSections, key, view));
    begin = end;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::optional<double>>> AnalyticsReader::ReadPeers(
    const Indicator& ind, const std::string& bd, Period period, UnitLevel level,
    const std::vector<uint32_t>& codes) const {
  std::vector<std::optional<double>> values(codes.size());
  RETURN_IF_ERROR(
      ViewChunks(ind, bd, period, level, codes,
                 [&](const SectionView& section, size_t begin, size_t end) -> absl::Status {
                   size_t at = 0;
                   for (size_t i = begin; i < end && at < section.size(); ++i) {
                     // Peer sets are mostly runs of neighbouring codes: try the next entry first.
                     if (section.code(at) != codes[i]) at = section.LowerBound(codes[i], at);
                     if (at < section.size() && section.code(at) == codes[i]) {
                       values[i] = Usable(section.value(at), section.flags(at));
                       ++at;  // codes ascend strictly: the next peer lies further on
                     }
                   }
                   return absl::OkStatus();
                 }));
  return values;
}

absl::StatusOr<analytics::CrossSection> AnalyticsReader::ReadCrossSection(
    const Indicator& ind, const Breakdown& breakdown, Period period, UnitLevel level,
    const std::vector<uint32_t>& codes) const {
  ASSIGN_OR_RETURN(std::vector<std::optional<double>> values,
                   ReadPeerValues(ind, breakdown, period, level, codes));
  analytics::CrossSection out;
  out.reserve(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    ASSIGN_OR_RETURN(std::string key, UnitKeyOfCode(codes[i]));
    out.push_back({std::move(key), values[i]});
  }
  return out;
}

absl::StatusOr<std::vector<std::optional<double>>> AnalyticsReader::ReadPeerValues(
    const Indicator& ind, const Breakdown& breakdown, Period period, UnitLevel level,
    const std::vector<uint32_t>& codes) const {
  std::vector<std::optional<double>> values;
  if (ind.gap.has_value()) {
    const GapDefinition& gap = *ind.gap;
    storage::ReadScope scope(*store_);  // both breakdowns from one snapshot
    if (!breakdown.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("gap indicator ", ind.code, " has no breakdowns"));
    }
    ASSIGN_OR_RETURN(auto base, FindIndicator(gap.base));
    ASSIGN_OR_RETURN(std::string focus_bd, EncodeBreakdown(*base, {{gap.dimension, gap.focus}}));
    ASSIGN_OR_RETURN(std::string ref_bd, EncodeBreakdown(*base, {{gap.dimension, gap.reference}}));
    ASSIGN_OR_RETURN(auto focus, ReadPeers(*base, focus_bd, period, level, codes));
    ASSIGN_OR_RETURN(auto reference, ReadPeers(*base, ref_bd, period, level, codes));
    values.resize(codes.size());
    for (size_t i = 0; i < codes.size(); ++i) {
      if (!focus[i].has_value() || !reference[i].has_value()) continue;
      // The definitions of gaps.h: focus - reference, or focus / reference (undefined for 0).
      double g = 0;
      if (gap.kind == analytics::GapKind::kDifference) {
        g = *focus[i] - *reference[i];
      } else if (*reference[i] != 0) {
        g = *focus[i] / *reference[i];
      } else {
        continue;
      }
      if (std::isfinite(g)) values[i] = g;
    }
  } else {
    ASSIGN_OR_RETURN(std::string bd, EncodeBreakdown(ind, breakdown));
    ASSIGN_OR_RETURN(values, ReadPeers(ind, bd, period, level, codes));
  }
  return values;
}

absl::StatusOr<std::optional<std::vector<PeerCell>>> AnalyticsReader::ReadPeerCells(
    const Indicator& ind, const Breakdown& breakdown, Period period, UnitLevel level,
    const std::vector<uint32_t>& codes) const {
  if (ind.gap.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("gap indicator ", ind.code, " is computed on read; it has no stored cells"));
  }
  ASSIGN_OR_RETURN(std::string bd, EncodeBreakdown(ind, breakdown));
  std::optional<std::vector<PeerCell>> out(std::in_place, codes.size());
  bool without_sources = false;
  RETURN_IF_ERROR(
      ViewChunks(ind, bd, period, level, codes,
                 [&](const SectionView& section, size_t begin, size_t end) -> absl::Status {
                   if (without_sources || !section.has_sources()) {
                     without_sources = true;
                     return absl::OkStatus();
                   }
                   size_t at = 0;
                   for (size_t i = begin; i < end && at < section.size(); ++i) {
                     if (section.code(at) != codes[i]) at = section.LowerBound(codes[i], at);
                     if (at < section.size() && section.code(at) == codes[i]) {
                       PeerCell& cell = (*out)[i];
                       cell.flags = section.flags(at);
                       cell.value = Usable(section.value(at), cell.flags);
                       cell.source.assign(section.source(at));
                       ++at;
                     }
                   }
                   return absl::OkStatus();
                 }));
  if (without_sources) out.reset();
  return out;
}

absl::StatusOr<std::vector<CodeValue>> AnalyticsReader::ReadLevel(const Indicator& ind,
                                                                  const Breakdown& breakdown,
                                                                  Period period,
                                                                  UnitLevel level) const {
  ASSIGN_OR_RETURN(std::string bd, EncodeBreakdown(ind, breakdown));
  std::vector<CodeValue> out;
  const std::string prefix = SectionLevelPrefix(ind.id, bd, period, level);
  storage::ReadScope scope(*store_);  // all chunks from one snapshot
  auto it = store_->NewPrefixIterator(Family::kObsSections, prefix);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {  // chunks in code order
    if (it->key().size() != prefix.size() + 1) {
      return absl::DataLossError(absl::StrCat("section key of ", it->key().size(),
                                              " bytes under a level prefix of ", prefix.size()));
    }
    ASSIGN_OR_RETURN(SectionView section, SectionView::Parse(it->value()));
    for (size_t i = 0; i < section.size(); ++i) {
      out.push_back(
          {section.code(i), Usable(section.value(i), section.flags(i)), section.flags(i)});
    }
  }
  RETURN_IF_ERROR(it->status());
  return out;
}

}  // namespace integra::monitoring
