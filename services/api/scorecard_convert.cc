#include "services/api/scorecard_convert.h"

#include "services/api/monitoring_convert.h"
#include "services/monitoring/observations.h"

namespace integra::api {
namespace {

using namespace integra::scorecard;  // NOLINT: conversion code names both sides constantly

void ToProto(const CurrentValue& v, v1::ScorecardValue* out) {
  out->set_status(static_cast<v1::ValueStatus>(v.status));
  out->set_period(v.period);
  out->set_earlier_period(v.earlier_period);
  if (v.value.has_value()) out->set_value(*v.value);
  AddFlags(v.flags, out->mutable_flags());
  out->set_synthetic(v.synthetic());
  out->set_source(v.source);
  out->set_footnote(v.footnote);
  out->set_stored_under(v.stored_under);
  if (v.twin_value.has_value()) out->set_twin_value(*v.twin_value);
  out->set_twin_source(v.twin_source);
}

void ToProto(const PeerPosition& p, v1::ScorecardPeerPosition* out) {
  out->set_compared(p.compared);
  out->set_note(p.note);
  out->set_period(p.period);
  out->set_n(p.n);
  out->set_missing(p.missing);
  if (p.percentile.has_value()) out->set_percentile(*p.percentile);
  if (p.quartile.has_value()) out->set_quartile(static_cast<v1::QuartilePosition>(*p.quartile));
  if (p.rank.has_value()) out->set_rank(*p.rank);
  out->set_median(p.median);
}

void ToProto(const TrendView& t, v1::ScorecardTrend* out) {
  out->set_from_period(t.from_period);
  out->set_to_period(t.to_period);
  out->set_observed_points(t.observed_points);
  out->set_synthetic_points(t.synthetic_points);
  out->set_direction(static_cast<v1::TrendDirection>(t.direction));
  if (t.slope.has_value()) out->set_slope(*t.slope);
  if (t.r_squared.has_value()) out->set_r_squared(*t.r_squared);
  out->set_note(t.note);
}

void ToProto(const IndicatorCard& c, v1::ScorecardIndicator* out) {
  out->set_code(c.code);
  out->set_node_id(c.node_id);
  out->set_name_de(c.name_de);
  out->set_unit_of_measure(c.unit_of_measure);
  out->set_polarity(static_cast<v1::Polarity>(c.polarity));
  out->set_ranking_allowed(c.ranking_allowed);
  ToProto(c.current, out->mutable_value());
  ToProto(c.position, out->mutable_position());
  ToProto(c.trend, out->mutable_trend());
  if (c.target.has_value()) {
    auto* t = out->mutable_target();
    t->set_target_period(c.target->target_period);
    t->set_target_value(c.target->target_value);
    t->set_status(static_cast<v1::TargetStatus>(c.target->status));
    t->set_reason(c.target->reason);
  }
  for (const std::string& s : c.sources) out->add_sources(s);
  out->set_assessable(c.assessable);
  out->set_bottom_quartile(c.bottom_quartile);
  out->set_note(c.note);
}

void ToProto(const Evidence& e, v1::ScorecardEvidence* out) {
  out->set_id(e.id);
  out->set_title_de(e.title_de);
  out->set_note(e.note);
  out->set_year(e.year);
  out->set_sample_size(e.sample_size);
  out->set_source_id(e.source_id);
}

void ToProto(const Advice& a, v1::ScorecardAdvice* out) {
  out->set_id(a.id);
  out->set_title_de(a.title_de);
  out->set_title_en(a.title_en);
  out->set_note(a.note);
  for (const Evidence& e : a.evidence) ToProto(e, out->add_evidence());
}

void ToProto(const FieldCard& f, v1::ScorecardField* out) {
  out->set_id(f.id);
  out->set_title_de(f.title_de);
  out->set_title_en(f.title_en);
  out->set_status(static_cast<v1::FieldStatus>(f.status));
  out->set_assessable(f.assessable);
  out->set_bottom_quartile(f.bottom_quartile);
  out->set_rests_on_synthetic(f.rests_on_synthetic);
  out->set_reason(f.reason);
  for (const IndicatorCard& c : f.indicators) ToProto(c, out->add_indicators());
  for (const Advice& a : f.recommendations) ToProto(a, out->add_recommendations());
  for (const Advice& a : f.success_factors) ToProto(a, out->add_success_factors());
  for (const Evidence& e : f.findings) ToProto(e, out->add_findings());
}

}  // namespace

void ToProto(const Scorecard& s, v1::Scorecard* out) {
  out->set_unit_key(s.unit_key);
  out->set_unit_name(s.unit_name);
  out->set_unit_type(s.unit_type);
  out->set_twin_key(s.twin_key);
  out->set_period(s.period);
  out->set_peer_selection(s.peer_selection);
  out->set_peer_description(s.peer_description);
  out->set_peer_count(s.peer_count);
  out->set_rankings_enabled(s.rankings_enabled);
  out->set_rankings_note(s.rankings_note);
  out->set_rule(s.rule);
  for (const FieldCard& f : s.fields) ToProto(f, out->add_fields());
  for (const std::string& id : s.lagging_field_ids) out->add_lagging_field_ids(id);
  for (const std::string& id : s.not_monitored_field_ids) out->add_not_monitored_field_ids(id);
  for (const Attribution& a : s.attributions) {
    auto* pa = out->add_attributions();
    pa->set_text(a.text);
    pa->set_licence(a.licence);
  }
  for (const std::string& o : s.other_sources) out->add_other_sources(o);
  out->set_has_synthetic(s.has_synthetic);
  for (const std::string& p : s.earlier_periods_shown) out->add_earlier_periods_shown(p);
}

}  // namespace integra::api
