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

void ToProto(const MeasureCard& m, v1::ScorecardMeasure* out) {
  out->set_id(m.id);
  out->set_title_de(m.title_de);
  out->set_status(static_cast<v1::MeasureStatus>(m.status));
  out->set_start_date(m.start_date);
  out->set_end_date(m.end_date);
  for (const MeasureVerdict& v : m.evaluations) {
    auto* e = out->add_evaluations();
    e->set_indicator_code(v.indicator_code);
    if (v.not_evaluated.empty()) {
      e->set_verdict(static_cast<v1::EvaluationVerdict>(v.verdict));
      e->set_label_de(monitoring::analytics::EvaluationVerdictLabel(v.verdict, true));
      e->set_label_en(monitoring::analytics::EvaluationVerdictLabel(v.verdict, false));
    }
    if (v.effect.has_value()) e->set_effect(*v.effect);
    if (v.p_value.has_value()) e->set_p_value(*v.p_value);
    e->set_not_evaluated(v.not_evaluated);
  }
  out->set_evaluation_note(m.evaluation_note);
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
  for (const MeasureCard& m : f.measures) ToProto(m, out->add_measures());
}

void ToProto(const monitoring::analytics::EvaluationResult& r, v1::IndicatorEvaluation* out) {
  out->set_verdict(static_cast<v1::EvaluationVerdict>(r.verdict));
  out->set_verdict_de(r.verdict_de);
  out->set_verdict_en(r.verdict_en);
  for (int y : r.pre_years) out->add_pre_years(y);
  for (int y : r.post_years) out->add_post_years(y);
  for (const auto& d : r.did) {
    auto* pd = out->add_did();
    pd->set_year(d.year);
    pd->set_unit_change(d.unit_change);
    pd->set_peer_median_change(d.peer_median_change);
    pd->set_estimate(d.estimate);
  }
  if (r.did_mean.defined()) out->set_did_mean(*r.did_mean.value);
  if (r.synthetic_control.has_value()) {
    const auto& sc = *r.synthetic_control;
    auto* ps = out->mutable_synthetic_control();
    for (const auto& y : sc.years) {
      auto* py = ps->add_years();
      py->set_year(y.year);
      py->set_post(y.post);
      py->set_actual(y.actual);
      py->set_counterfactual(y.counterfactual);
      py->set_gap(y.gap);
    }
    ps->set_donor_pool(sc.donor_pool);
    ps->set_intercept(sc.intercept);
    ps->set_pre_rmspe(sc.pre_rmspe);
    ps->set_post_rmspe(sc.post_rmspe);
    ps->set_effect(sc.mean_post_gap);
  }
  if (r.inference.has_value()) {
    const auto& inf = *r.inference;
    auto* pi = out->mutable_inference();
    pi->set_statistic(monitoring::analytics::EvaluationStatisticName(inf.statistic));
    pi->set_unit_statistic(inf.unit_statistic);
    pi->set_placebos(inf.placebos);
    pi->set_rank(inf.rank);
    pi->set_p_value(inf.p_value);
    pi->set_p_value_floor(inf.p_value_floor);
    if (inf.effect_in_placebo_sd.defined()) {
      pi->set_effect_in_placebo_sd(*inf.effect_in_placebo_sd.value);
    }
  }
  out->set_peer_flagged_values(r.peer_flagged_values);
  for (const std::string& n : r.notes) out->add_notes(n);
  out->set_peers_used(r.peers_used);
  out->set_peers_dropped_incomplete(r.peers_dropped_incomplete);
  out->set_peers_dropped_break(r.peers_dropped_break);
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

void ToProto(const monitoring::MeasureEvaluation& e, v1::EvaluateResponse* out) {
  out->set_measure_id(e.measure.id);
  out->set_title_de(e.measure.title_de);
  out->set_unit_key(e.unit_key);
  out->set_unit_name(e.unit_name);
  out->set_start_date(e.measure.measure.start_date);
  out->set_start_year(e.start_year);
  out->set_status(static_cast<v1::MeasureStatus>(e.measure.measure.status));
  for (const std::string& g : e.goal_ids) out->add_goal_ids(g);
  out->set_peer_description(e.peer_description);
  for (const monitoring::IndicatorEvaluation& ie : e.indicators) {
    auto* pi = out->add_indicators();
    const monitoring::Indicator& ind = *ie.indicator;
    pi->set_indicator_code(ind.code);
    pi->set_name_de(ind.name_de);
    pi->set_unit_of_measure(ind.unit_label.empty() ? monitoring::MeasureUnitName(ind.unit)
                                                   : ind.unit_label);
    pi->set_polarity(static_cast<v1::Polarity>(ind.polarity));
    pi->set_peers_in_set(ie.peers_in_set);
    pi->set_peers_without_data(ie.peers_without_data);
    if (!ie.not_evaluated.empty()) {
      pi->set_not_evaluated(ie.not_evaluated);
      continue;
    }
    ToProto(ie.result, pi);
    // The donors with their register names, in place of the bare keys.
    if (pi->has_synthetic_control()) {
      for (const monitoring::NamedDonor& d : ie.top_donors) {
        auto* pd = pi->mutable_synthetic_control()->add_top_donors();
        pd->set_unit_key(d.unit_key);
        pd->set_name(d.name);
        pd->set_weight(d.weight);
      }
    }
    if (pi->has_inference()) pi->mutable_inference()->set_alpha(e.options.alpha);
    for (const monitoring::FlaggedValue& f : ie.flagged_values) {
      auto* pf = pi->add_flagged_values();
      pf->set_year(f.year);
      pf->set_provisional(f.provisional);
      pf->set_synthetic(f.synthetic);
    }
  }
}

}  // namespace integra::api
