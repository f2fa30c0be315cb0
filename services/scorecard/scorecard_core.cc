#include "services/scorecard/scorecard_core.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/monitoring/calendar.h"

namespace integra::scorecard {
namespace {

using knowledge::EdgeType;
using knowledge::NodeType;
using monitoring::Observation;
using monitoring::Period;
using monitoring::Periodicity;
using monitoring::Polarity;
namespace analytics = monitoring::analytics;

constexpr char kDlDeBy20[] = "dl-de/by-2-0";

// A cell that stands for a figure: a value, or a suppressed (secret) one. Derived cells without
// value (an undefined gap) are no figure.
bool IsFigure(const Observation& o) {
  return o.value.has_value() || (o.flags & monitoring::kFlagSuppressed) != 0;
}

bool Usable(const Observation& o) {
  return o.value.has_value() && (o.flags & monitoring::kFlagSuppressed) == 0;
}

bool IsSynthetic(const Observation& o) { return (o.flags & monitoring::kFlagSynthetic) != 0; }

}  // namespace

std::string LagRuleText() {
  return absl::StrCat(
      "An action field is flagged as lagging when at least half of its assessable indicators "
      "put the unit in the bottom quartile of its peers, and at least one does. Assessable: "
      "polarity not neutral, the unit has a value, and at least ",
      kMinPeerValues,
      " peers (the unit included) have a value in that period. Neutral (context) indicators are "
      "shown but never count.");
}

absl::StatusOr<CurrentValue> SelectCurrentValue(const std::vector<Observation>& series,
                                                Period end) {
  const Observation* chosen = nullptr;
  Period chosen_period;
  for (const Observation& o : series) {
    ASSIGN_OR_RETURN(Period p, monitoring::ParsePeriod(o.period));
    if (p > end || !IsFigure(o)) continue;
    if (chosen == nullptr || p > chosen_period) {
      chosen = &o;
      chosen_period = p;
    }
  }
  CurrentValue out;
  if (chosen == nullptr) return out;
  out.period = chosen_period.ToString();
  out.earlier_period = chosen_period != end;
  out.flags = chosen->flags;
  out.source = chosen->source;
  out.footnote = chosen->footnote;
  out.stored_under = chosen->unit_key;  // the builder clears it for the unit's own key
  if (Usable(*chosen)) {
    out.status = ValueStatus::kPresent;
    out.value = chosen->value;
  } else {
    out.status = ValueStatus::kSuppressed;
  }
  return out;
}

Period TrendWindowStart(Period end) {
  const int back = kTrendPeriods - 1;
  switch (end.periodicity()) {
    case Periodicity::kYear:
      return Period{static_cast<uint16_t>(end.year - back), 0};
    case Periodicity::kQuarter: {
      const int index = end.year * 4 + (end.tag - 11) - back;
      return Period{static_cast<uint16_t>(index / 4), static_cast<uint8_t>(11 + index % 4)};
    }
    case Periodicity::kMonth: {
      const int index = end.year * 12 + (end.tag - 21) - back;
      return Period{static_cast<uint16_t>(index / 12), static_cast<uint8_t>(21 + index % 12)};
    }
  }
  return end;
}

TrendDirection ClassifyTrend(Polarity polarity, const analytics::LinearTrend& line,
                             const analytics::Series& observed) {
  if (!line.slope.defined() || observed.size() < 2) return TrendDirection::kUnknown;
  const double slope = *line.slope.value;
  const double span = observed.back().period - observed.front().period;
  double mean_abs = 0;
  for (const analytics::SeriesPoint& p : observed) mean_abs += std::fabs(p.value.value_or(0));
  mean_abs /= static_cast<double>(observed.size());
  if (std::fabs(slope) * span <= kStableShare * mean_abs) return TrendDirection::kStable;
  const int up = slope > 0 ? 1 : -1;
  if (polarity == Polarity::kNeutral) {
    return up > 0 ? TrendDirection::kRising : TrendDirection::kFalling;
  }
  return up * monitoring::PolaritySign(polarity) > 0 ? TrendDirection::kImproving
                                                     : TrendDirection::kWorsening;
}

absl::StatusOr<TrendView> SummarizeWindow(const std::vector<Observation>& series, Period from,
                                          Period to, Polarity polarity) {
  TrendView out;
  out.from_period = from.ToString();
  out.to_period = to.ToString();
  analytics::Series observed;
  for (const Observation& o : series) {
    ASSIGN_OR_RETURN(Period p, monitoring::ParsePeriod(o.period));
    if (p < from || p > to || !Usable(o)) continue;
    observed.push_back({monitoring::PeriodNumber(p), o.value});
    if (IsSynthetic(o)) ++out.synthetic_points;
  }
  out.observed_points = static_cast<int>(observed.size());
  ASSIGN_OR_RETURN(analytics::LinearTrend line, analytics::FitLinearTrend(observed));
  out.slope = line.slope.value;
  out.r_squared = line.r_squared.value;
  out.direction = ClassifyTrend(polarity, line, observed);
  if (observed.size() < 2) {
    out.note =
        absl::StrCat("fewer than 2 observed values in ", out.from_period, "-", out.to_period);
  }
  return out;
}

PeerPosition PositionFromComparison(const analytics::PeerComparison& comparison,
                                    const std::string& period, bool rankings_enabled) {
  PeerPosition out;
  out.period = period;
  out.n = comparison.distribution.n;
  out.missing = comparison.distribution.missing;
  out.median = comparison.distribution.median;
  if (!comparison.position.has_value()) {
    out.note = comparison.position_reason;
    return out;
  }
  const analytics::UnitPosition& pos = *comparison.position;
  out.compared = true;
  out.percentile = pos.percentile.value;
  out.quartile = pos.quartile;
  if (rankings_enabled) out.rank = pos.rank;
  if (out.n < kMinPeerValues) {
    out.note = absl::StrCat("only ", out.n, " peer(s) with a value in ", period,
                            "; a position "
                            "counts from ",
                            kMinPeerValues);
  }
  return out;
}

void AssessField(FieldCard& field) {
  field.assessable = 0;
  field.bottom_quartile = 0;
  field.rests_on_synthetic = false;
  for (IndicatorCard& card : field.indicators) {
    const PeerPosition& pos = card.position;
    card.assessable = card.polarity != Polarity::kNeutral && card.current.value.has_value() &&
                      pos.compared && pos.n >= kMinPeerValues && pos.quartile.has_value();
    card.bottom_quartile = card.assessable && *pos.quartile == analytics::QuartilePosition::kBottom;
    if (card.assessable) ++field.assessable;
    if (card.bottom_quartile) {
      ++field.bottom_quartile;
      if (card.current.synthetic()) field.rests_on_synthetic = true;
    }
  }
  if (field.indicators.empty()) {
    field.status = FieldStatus::kNotMonitored;
    field.reason = "no indicator measures this action field";
    return;
  }
  if (field.assessable == 0) {
    field.status = FieldStatus::kNotAssessable;
    field.reason = absl::StrCat("none of its ", field.indicators.size(),
                                " indicator(s) is assessable (neutral, no value, or fewer than ",
                                kMinPeerValues, " peers with a value)");
    return;
  }
  const bool lagging = field.bottom_quartile >= 1 && 2 * field.bottom_quartile >= field.assessable;
  field.status = lagging ? FieldStatus::kLagging : FieldStatus::kNotLagging;
  field.reason = absl::StrCat(field.bottom_quartile, " of ", field.assessable,
                              " assessable indicator(s) in the bottom quartile of the peers");
}

void Attribute(const std::vector<std::string>& sources, std::vector<Attribution>* attributions,
               std::vector<std::string>* others) {
  // Fixed order: register, census, INKAR.
  const struct {
    const char* needle_a;
    const char* needle_b;
    const char* text;
  } kOfficial[] = {
      {"gv100ad", "gemeindeverzeichnis",
       "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD"},
      {"zensus 2022", "zensus2022", "Zensus 2022"},
      {"inkar", "bbsr", "INKAR, BBSR Bonn"},
  };
  std::vector<bool> used(std::size(kOfficial), false);
  std::set<std::string> rest;
  for (const std::string& source : sources) {
    const std::string folded = absl::AsciiStrToLower(source);
    bool official = false;
    for (size_t i = 0; i < std::size(kOfficial); ++i) {
      if (absl::StrContains(folded, kOfficial[i].needle_a) ||
          absl::StrContains(folded, kOfficial[i].needle_b)) {
        used[i] = true;
        official = true;
      }
    }
    if (!official && !source.empty()) rest.insert(source);
  }
  attributions->clear();
  for (size_t i = 0; i < std::size(kOfficial); ++i) {
    if (used[i]) attributions->push_back({kOfficial[i].text, kDlDeBy20});
  }
  others->assign(rest.begin(), rest.end());
}

std::vector<FieldLinks> LinkFields(const knowledge::KnowledgeDocument& graph) {
  std::unordered_map<std::string, const knowledge::Node*> by_id;
  for (const knowledge::Node& n : graph.nodes) by_id[n.id] = &n;
  auto type_of = [&](const std::string& id) -> std::optional<NodeType> {
    auto it = by_id.find(id);
    if (it == by_id.end()) return std::nullopt;
    return it->second->type;
  };
  // Findings per advice node.
  std::map<std::string, std::vector<Evidence>> evidence;
  for (const knowledge::Edge& e : graph.edges) {
    if (e.type != EdgeType::kEvidences || type_of(e.from) != NodeType::kFinding) continue;
    const knowledge::Node& f = *by_id.at(e.from);
    evidence[e.to].push_back({.id = f.id,
                              .title_de = f.title_de,
                              .note = e.note,
                              .year = f.provenance.year,
                              .sample_size = f.provenance.sample_size,
                              .source_id = f.provenance.source_id});
  }
  for (auto& [id, list] : evidence) {
    std::sort(list.begin(), list.end(),
              [](const Evidence& a, const Evidence& b) { return a.id < b.id; });
  }
  std::map<std::string, FieldLinks> fields;  // id order
  for (const knowledge::Node& n : graph.nodes) {
    if (n.type != NodeType::kActionField) continue;
    fields[n.id].field = n;
    if (auto it = evidence.find(n.id); it != evidence.end()) fields[n.id].findings = it->second;
  }
  auto advice = [&](const knowledge::Node& node, const knowledge::Edge& e) {
    Advice a{.id = node.id,
             .type = node.type,
             .title_de = node.title_de,
             .title_en = node.title_en,
             .note = e.note};
    if (auto it = evidence.find(node.id); it != evidence.end()) a.evidence = it->second;
    return a;
  };
  for (const knowledge::Edge& e : graph.edges) {
    auto field = fields.find(e.to);
    if (field == fields.end()) continue;
    const std::optional<NodeType> from = type_of(e.from);
    if (!from.has_value()) continue;
    const knowledge::Node& node = *by_id.at(e.from);
    if (e.type == EdgeType::kMeasures && *from == NodeType::kIndicator) {
      field->second.indicators.push_back(node);
    } else if (e.type == EdgeType::kAddresses && *from == NodeType::kRecommendation) {
      field->second.recommendations.push_back(advice(node, e));
    } else if (e.type == EdgeType::kEnables && *from == NodeType::kSuccessFactor) {
      field->second.success_factors.push_back(advice(node, e));
    } else if (e.type == EdgeType::kAddresses && *from == NodeType::kMeasure && node.owned()) {
      field->second.measures.push_back(node);
    }
  }
  std::vector<FieldLinks> out;
  for (auto& [id, links] : fields) {
    for (auto* list : {&links.indicators, &links.measures}) {
      std::sort(list->begin(), list->end(),
                [](const knowledge::Node& a, const knowledge::Node& b) { return a.id < b.id; });
    }
    for (auto* list : {&links.recommendations, &links.success_factors}) {
      std::sort(list->begin(), list->end(),
                [](const Advice& a, const Advice& b) { return a.id < b.id; });
    }
    out.push_back(std::move(links));
  }
  return out;
}

std::vector<std::string> EarlierPeriodsShown(const std::vector<FieldCard>& fields) {
  std::set<std::string, std::greater<>> earlier;
  for (const FieldCard& f : fields) {
    for (const IndicatorCard& card : f.indicators) {
      if (card.current.status == ValueStatus::kMissing) continue;
      if (!card.current.earlier_period) return {};  // the period itself has data
      earlier.insert(card.current.period);
    }
  }
  return std::vector<std::string>(earlier.begin(), earlier.end());
}

Scorecard Assemble(Scorecard header, const std::vector<FieldLinks>& links,
                   const std::map<std::string, IndicatorCard>& cards) {
  Scorecard out = std::move(header);
  out.rule = LagRuleText();
  out.fields.clear();
  out.lagging_field_ids.clear();
  out.not_monitored_field_ids.clear();
  std::set<std::string> sources;
  for (const FieldLinks& l : links) {
    FieldCard field{.id = l.field.id, .title_de = l.field.title_de, .title_en = l.field.title_en};
    for (const knowledge::Node& node : l.indicators) {
      auto it = cards.find(node.id);
      if (it != cards.end()) {
        field.indicators.push_back(it->second);
        continue;
      }
      IndicatorCard orphan{.node_id = node.id, .name_de = node.title_de};
      orphan.note = "INDICATOR node without an entry in the indicator catalog: no values";
      field.indicators.push_back(std::move(orphan));
    }
    AssessField(field);
    for (const knowledge::Node& m : l.measures) {
      if (m.owner != out.unit_key && (out.twin_key.empty() || m.owner != out.twin_key)) continue;
      field.measures.push_back({.id = m.id,
                                .title_de = m.title_de,
                                .status = m.measure.status,
                                .start_date = m.measure.start_date,
                                .end_date = m.measure.end_date});
    }
    for (const IndicatorCard& card : field.indicators) {
      sources.insert(card.sources.begin(), card.sources.end());
      if (card.current.synthetic() || card.trend.synthetic_points > 0) out.has_synthetic = true;
    }
    if (field.status == FieldStatus::kLagging) {
      field.recommendations = l.recommendations;
      field.success_factors = l.success_factors;
      field.findings = l.findings;
      out.lagging_field_ids.push_back(field.id);
    }
    if (field.status == FieldStatus::kNotMonitored) out.not_monitored_field_ids.push_back(field.id);
    out.fields.push_back(std::move(field));
  }
  Attribute(std::vector<std::string>(sources.begin(), sources.end()), &out.attributions,
            &out.other_sources);
  out.earlier_periods_shown = EarlierPeriodsShown(out.fields);
  return out;
}

}  // namespace integra::scorecard
