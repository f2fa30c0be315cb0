#include "services/api/analytics_convert.h"

#include "absl/strings/str_cat.h"
#include "services/api/monitoring_convert.h"
#include "services/monitoring/calendar.h"

namespace integra::api {
namespace {

using namespace integra::monitoring;  // NOLINT: conversion code names both sides constantly
using analytics::Figure;

// Sets a defined figure through `set`, or records why it is undefined in `msg`'s map.
template <typename Msg>
void Put(const Figure& f, const char* name, Msg* msg, void (Msg::*set)(double)) {
  if (f.defined()) {
    (msg->*set)(*f.value);
  } else {
    (*msg->mutable_undefined())[name] = f.reason;
  }
}

v1::QuartilePosition ToProto(analytics::QuartilePosition q) {
  return static_cast<v1::QuartilePosition>(q);  // same values, both "never renumber"
}

}  // namespace

absl::StatusOr<PeerSelection> FromProto(const v1::PeerSelection& in) {
  switch (in.scope()) {
    case v1::PEER_SCOPE_UNSPECIFIED:
    case v1::PEER_SCOPE_DEFAULT:
      return PeerSelection{PeerScope::kDefault, "", in.same_degurba()};
    case v1::PEER_SCOPE_LAND:
      return PeerSelection{PeerScope::kLand, "", in.same_degurba()};
    case v1::PEER_SCOPE_GROUP:
      if (in.group().empty()) {
        return absl::InvalidArgumentError("peer scope GROUP needs the group's name");
      }
      if (in.same_degurba()) {
        return absl::InvalidArgumentError(
            "a custom peer group is an explicit list: same_degurba cannot narrow it");
      }
      return PeerSelection{PeerScope::kGroup, in.group()};
    default:
      return absl::InvalidArgumentError(absl::StrCat("unknown peer scope ", in.scope()));
  }
}

PeerGroup FromProto(const v1::PeerGroup& in) {
  return PeerGroup{.name = in.name(),
                   .title = in.title(),
                   .description = in.description(),
                   .members = {in.member_keys().begin(), in.member_keys().end()}};
}

void ToProto(const PeerGroup& g, v1::PeerGroup* out) {
  out->set_name(g.name);
  out->set_title(g.title);
  out->set_description(g.description);
  for (const auto& m : g.members) out->add_member_keys(m);
  out->set_level(static_cast<v1::UnitLevel>(g.level()));
  out->set_created_micros(g.created_micros);
  out->set_created_by(g.created_by);
}

void ToProto(const PeerSet& set, const RegisterSnapshot& names, v1::ResolvePeersResponse* out) {
  out->set_description(set.description);
  out->set_level(static_cast<v1::UnitLevel>(set.level));
  out->set_unit_is_member(set.unit_is_member);
  for (uint32_t code : set.codes) {
    auto key = UnitKeyOfCode(code);
    if (!key.ok()) continue;
    out->add_unit_keys(*key);
    const RegisterSnapshot::Entry* entry = names.Find(code);
    out->add_unit_names(entry != nullptr ? entry->name : "");
  }
}

TargetRef FromProto(const v1::TargetKey& in) {
  return TargetRef{in.indicator_code(), in.unit_key(), FromProto(in.breakdown()),
                   in.target_period()};
}

IndicatorTarget FromProto(const v1::Target& in) {
  IndicatorTarget t;
  t.ref = FromProto(in.key());
  t.target_value = in.target_value();
  t.baseline_period = in.baseline_period();
  if (in.has_baseline_value()) t.baseline_value = in.baseline_value();
  t.tolerance = in.tolerance();
  t.trend_points = in.trend_points();
  t.note = in.note();
  return t;
}

void ToProto(const IndicatorTarget& t, const Indicator* ind, v1::Target* out) {
  auto* key = out->mutable_key();
  key->set_indicator_code(t.ref.indicator_code);
  key->set_unit_key(t.ref.unit_key);
  for (const auto& [k, v] : t.ref.breakdown) (*key->mutable_breakdown())[k] = v;
  key->set_target_period(t.ref.target_period);
  out->set_target_value(t.target_value);
  out->set_baseline_period(t.baseline_period);
  if (t.baseline_value.has_value()) out->set_baseline_value(*t.baseline_value);
  out->set_tolerance(t.tolerance);
  out->set_trend_points(t.trend_points);
  out->set_note(t.note);
  out->set_updated_micros(t.updated_micros);
  out->set_updated_by(t.updated_by);
  if (ind != nullptr) out->set_breakdown_text(BreakdownText(*ind, t.ref.breakdown));
}

void ToProto(const analytics::TargetAssessment& a, Periodicity periodicity,
             v1::TargetAssessment* out) {
  out->set_status(static_cast<v1::TargetStatus>(a.status));
  out->set_reason(a.reason);
  if (a.latest.has_value()) {
    out->set_latest_period(PeriodOfNumber(a.latest->period, periodicity).ToString());
    if (a.latest->value.has_value()) out->set_latest_value(*a.latest->value);
  }
  using M = v1::TargetAssessment;
  Put(a.projected_value, "projected_value", out, &M::set_projected_value);
  Put(a.needed_change, "needed_change", out, &M::set_needed_change);
  Put(a.projected_change, "projected_change", out, &M::set_projected_change);
  Put(a.progress, "progress", out, &M::set_progress);
  Put(a.trend.slope, "slope", out, &M::set_slope);
  Put(a.trend.r_squared, "r_squared", out, &M::set_r_squared);
}

void ToProto(const TrendResult& t, v1::GetTrendResponse* out) {
  out->set_indicator_code(t.indicator->code);
  out->set_unit_key(t.unit_key);
  out->set_window(t.window);
  const analytics::TrendSummary& s = t.summary;
  for (size_t i = 0; i < t.series.periods.size(); ++i) {
    auto* p = out->add_points();
    p->set_period(t.series.periods[i].ToString());
    if (t.series.series[i].value.has_value()) p->set_value(*t.series.series[i].value);
    if (i < t.moving_average.size() && t.moving_average[i].value.has_value()) {
      p->set_moving_average(*t.moving_average[i].value);
    }
    Figure fitted = s.linear.ValueAt(t.series.series[i].period);
    if (fitted.defined()) p->set_fitted(*fitted.value);
  }
  out->set_observed_points(s.observed_points);
  const Periodicity periodicity = t.indicator->periodicity;
  if (s.first.has_value()) {
    out->set_first_period(PeriodOfNumber(s.first->period, periodicity).ToString());
    out->set_first_value(*s.first->value);
  }
  if (s.last.has_value()) {
    out->set_last_period(PeriodOfNumber(s.last->period, periodicity).ToString());
    out->set_last_value(*s.last->value);
  }
  using M = v1::GetTrendResponse;
  Put(s.absolute_change, "absolute_change", out, &M::set_absolute_change);
  Put(s.relative_change, "relative_change", out, &M::set_relative_change);
  Put(s.cagr, "cagr", out, &M::set_cagr);
  Put(s.linear.slope, "slope", out, &M::set_slope);
  Put(s.linear.intercept, "intercept", out, &M::set_intercept);
  Put(s.linear.r_squared, "r_squared", out, &M::set_r_squared);
  for (const auto& src : t.series.sources) out->add_sources(src);
}

void ToProto(const CompareResult& c, v1::ComparePeersResponse* out) {
  out->set_indicator_code(c.indicator->code);
  out->set_unit_key(c.peers.unit_key);
  out->set_period(c.period.ToString());
  out->set_peer_group(c.peers.description);
  out->set_peer_count(static_cast<int32_t>(c.peers.codes.size()));
  for (const monitoring::ComparePeerRow& r : c.rows) {
    v1::ComparePeerRow* row = out->add_peers();
    row->set_unit_key(r.unit_key);
    row->set_name(r.name);
    if (r.value.has_value()) row->set_value(*r.value);
    AddFlags(r.flags, row->mutable_flags());
    if (r.rank.has_value()) row->set_rank(*r.rank);
  }
  out->set_polarity(static_cast<v1::Polarity>(c.indicator->polarity));
  out->set_rankings_enabled(c.rankings.enabled);
  out->set_rankings_note(c.rankings.note);
  const analytics::PeerDistribution& d = c.comparison.distribution;
  out->set_n(d.n);
  out->set_missing(d.missing);
  out->set_min(d.min);
  out->set_q1(d.q1);
  out->set_median(d.median);
  out->set_q3(d.q3);
  out->set_max(d.max);
  out->set_mean(d.mean);
  using M = v1::ComparePeersResponse;
  Put(d.sd, "stddev", out, &M::set_stddev);
  if (!c.comparison.position.has_value()) {
    (*out->mutable_undefined())["value"] = c.comparison.position_reason;
    return;
  }
  const analytics::UnitPosition& p = *c.comparison.position;
  out->set_value(p.value);
  if (p.rank.has_value()) out->set_rank(*p.rank);
  if (p.better.has_value()) out->set_better(*p.better);
  if (p.tied.has_value()) out->set_tied(*p.tied);
  if (p.worse.has_value()) out->set_worse(*p.worse);
  Put(p.percentile, "percentile", out, &M::set_percentile);
  Put(p.z_score, "z", out, &M::set_z);
  out->set_quartile(ToProto(p.quartile));
  out->set_diff_to_median(p.diff_to_median);
  Put(p.relative_diff_to_median, "relative_diff_to_median", out, &M::set_relative_diff_to_median);
}

void ToProto(const TrajectoryResult& t, v1::GetRankTrajectoryResponse* out) {
  out->set_peer_group(t.peer_description);
  out->set_rankings_enabled(t.rankings.enabled);
  out->set_rankings_note(t.rankings.note);
  for (size_t i = 0; i < t.points.size(); ++i) {
    const analytics::RankTrajectoryPoint& p = t.points[i];
    auto* o = out->add_points();
    o->set_period(t.periods[i].ToString());
    o->set_n(p.n);
    if (p.value.has_value()) o->set_value(*p.value);
    if (p.rank.has_value()) o->set_rank(*p.rank);
    if (p.percentile.defined()) {
      o->set_percentile(*p.percentile.value);
    } else {
      o->set_reason(p.percentile.reason);
    }
    if (p.quartile.has_value()) o->set_quartile(ToProto(*p.quartile));
  }
}

void ToProto(const BandResult& b, v1::GetPeerBandResponse* out) {
  out->set_indicator_code(b.indicator->code);
  out->set_unit_key(b.unit_key);
  out->set_peer_group(b.peer_description);
  out->set_polarity(static_cast<v1::Polarity>(b.indicator->polarity));
  for (const BandPoint& p : b.points) {
    auto* o = out->add_points();
    o->set_period(p.period.ToString());
    if (p.value.has_value()) o->set_value(*p.value);
    AddFlags(p.flags, o->mutable_flags());
    o->set_peer_count(p.peer_count);
    o->set_n(p.n);
    o->set_missing(p.missing);
    if (p.q1.has_value()) o->set_q1(*p.q1);
    if (p.median.has_value()) o->set_median(*p.median);
    if (p.q3.has_value()) o->set_q3(*p.q3);
  }
  for (const auto& s : b.sources) out->add_sources(s);
}

void ToProto(const LeagueResult& l, v1::GetLeagueTableResponse* out) {
  out->set_indicator_code(l.indicator->code);
  out->set_period(l.period.ToString());
  out->set_level(static_cast<v1::UnitLevel>(l.level));
  out->set_within(l.within);
  out->set_polarity(static_cast<v1::Polarity>(l.indicator->polarity));
  out->set_units(l.units);
  out->set_missing(l.missing);
  for (const LeagueRow& r : l.rows) {
    auto* o = out->add_rows();
    o->set_rank(r.rank);
    o->set_unit_key(r.unit_key);
    o->set_name(r.name);
    o->set_value(r.value);
    AddFlags(r.flags, o->mutable_flags());
    if (r.percentile.defined()) o->set_percentile(*r.percentile.value);
  }
  for (const auto& s : l.sources) out->add_sources(s);
}

void ToProto(const GapResult& g, Periodicity periodicity, v1::GetGapSeriesResponse* out) {
  out->set_gap_code(g.code);
  ToProto(g.definition, out->mutable_definition());
  out->set_parity(g.parity);
  for (size_t i = 0; i < g.points.size(); ++i) {
    const analytics::GapPoint& p = g.points[i];
    auto* o = out->add_points();
    o->set_period(g.periods[i].ToString());
    if (p.focus.has_value()) o->set_focus(*p.focus);
    if (p.reference.has_value()) o->set_reference(*p.reference);
    if (p.gap.defined()) {
      o->set_gap(*p.gap.value);
    } else {
      o->set_reason(p.gap.reason);
    }
  }
  if (g.parity_assessment.has_value()) {
    ToProto(*g.parity_assessment, periodicity, out->mutable_parity_assessment());
  }
  for (const auto& s : g.sources) out->add_sources(s);
}

void ToProto(const RollUpResultSet& r, v1::RollUpResponse* out) {
  out->set_indicator_code(r.indicator->code);
  out->set_aggregation(static_cast<v1::AggregationKind>(r.indicator->aggregation.kind));
  for (const RollUpRow& row : r.rows) {
    auto* o = out->add_rows();
    o->set_unit_key(row.unit_key);
    o->set_name(row.name);
    using M = v1::RollUpRow;
    Put(row.values.computed, "computed", o, &M::set_computed);
    if (row.values.official.has_value()) o->set_official(*row.values.official);
    Put(row.values.effective, "effective", o, &M::set_effective);
    o->set_source(static_cast<v1::ValueSource>(row.values.source));
    Put(row.values.difference, "difference", o, &M::set_difference);
    Put(row.values.relative_difference, "relative_difference", o, &M::set_relative_difference);
    o->set_members_total(row.rollup.members_total);
    o->set_members_reporting(row.rollup.members_reporting);
    Put(row.rollup.coverage, "coverage", o, &M::set_coverage);
    for (const auto& key : row.rollup.not_reporting) {
      if (o->not_reporting_size() >= 100) break;
      o->add_not_reporting(key);
    }
    o->set_not_reporting_total(static_cast<int32_t>(row.rollup.not_reporting.size()));
    AddFlags(row.computed_flags, o->mutable_computed_flags());
  }
}

Reform FromProto(const v1::Reform& in) {
  Reform r{.id = in.id(), .effective_date = in.effective_date(), .description = in.description()};
  for (const auto& c : in.changes()) {
    analytics::BoundaryChange change{c.predecessor(), c.successor(), std::nullopt};
    if (c.has_share()) change.share = c.share();
    r.changes.push_back(std::move(change));
  }
  return r;
}

void ToProto(const Reform& r, v1::Reform* out) {
  out->set_id(r.id);
  out->set_effective_date(r.effective_date);
  out->set_description(r.description);
  for (const auto& c : r.changes) {
    auto* o = out->add_changes();
    o->set_predecessor(c.predecessor);
    o->set_successor(c.successor);
    if (c.share.has_value()) o->set_share(*c.share);
  }
  for (const auto& u : r.ended_units) out->add_ended_units(u);
  out->set_created_micros(r.created_micros);
  out->set_created_by(r.created_by);
}

}  // namespace integra::api
