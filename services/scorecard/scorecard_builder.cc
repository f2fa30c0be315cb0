#include "services/scorecard/scorecard_builder.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/scorecard/scorecard_core.h"

namespace integra::scorecard {
namespace {

using monitoring::Indicator;
using monitoring::Period;
using monitoring::Periodicity;

// The last period of `year` in an indicator's periodicity.
Period EndOfYear(Period year, Periodicity periodicity) {
  switch (periodicity) {
    case Periodicity::kYear:
      return year;
    case Periodicity::kQuarter:
      return Period{year.year, 14};
    case Periodicity::kMonth:
      return Period{year.year, 32};
  }
  return year;
}

std::string SelectionName(const monitoring::PeerSelection& s) {
  switch (s.scope) {
    case monitoring::PeerScope::kDefault:
      return "default";
    case monitoring::PeerScope::kLand:
      return "land";
    case monitoring::PeerScope::kGroup:
      return s.group;
  }
  return "default";
}

// Comparison failures that concern one indicator, not the request: shown as a note.
bool IsIndicatorLevelFailure(const absl::Status& s) {
  return absl::IsFailedPrecondition(s) || absl::IsNotFound(s);
}

}  // namespace

absl::StatusOr<Scorecard> ScorecardBuilder::Build(const ScorecardQuery& query) const {
  // Every figure of the scorecard (knowledge links, values, peers, trends, targets) from one
  // snapshot: the card never mixes two writes.
  storage::ReadScope scope(queries_->store());
  ASSIGN_OR_RETURN(Period period, monitoring::ParsePeriod(query.period));
  if (period.periodicity() != Periodicity::kYear) {
    return absl::InvalidArgumentError(
        absl::StrCat("the scorecard period must be a year, got '", query.period, "'"));
  }
  ASSIGN_OR_RETURN(monitoring::Unit unit, units_->Get(query.unit_key));
  ASSIGN_OR_RETURN(monitoring::PeerSet peer_set, peers_->Resolve(unit.key, query.peers, period));

  Scorecard header;
  header.unit_key = unit.key;
  header.unit_name = unit.name;
  header.unit_type = monitoring::UnitTypeName(unit.type);
  header.twin_key = unit.twin_key();
  header.period = period.ToString();
  header.peer_selection = SelectionName(query.peers);
  header.peer_description = peer_set.description;
  header.peer_count = static_cast<int>(peer_set.codes.size());
  header.rankings_enabled = options_.rankings_enabled;
  if (!options_.rankings_enabled) {
    header.rankings_note = "rankings are switched off for this deployment (integrad --no-rankings)";
  }

  ASSIGN_OR_RETURN(std::shared_ptr<const std::vector<FieldLinks>> links_of_version, Links());
  const std::vector<FieldLinks>& links = *links_of_version;
  std::map<std::string, IndicatorCard> cards;  // by INDICATOR node id
  for (const FieldLinks& l : links) {
    for (const knowledge::Node& node : l.indicators) {
      if (cards.contains(node.id) || node.id.size() <= 4) continue;
      // The catalog names its nodes "ind." + lower-case code (IndicatorNodeId).
      const std::string code = absl::AsciiStrToUpper(node.id.substr(4));
      auto indicator = catalog_->Find(code);
      if (indicator == nullptr || monitoring::IndicatorNodeId(code) != node.id) continue;
      ASSIGN_OR_RETURN(IndicatorCard card, ReadCard(*indicator, unit.key, period, query.peers));
      card.node_id = node.id;
      cards.emplace(node.id, std::move(card));
    }
  }
  Scorecard out = Assemble(std::move(header), links, cards);
  if (query.with_evaluation) RETURN_IF_ERROR(EvaluateMeasures(out, query.peers));
  return out;
}

absl::Status ScorecardBuilder::EvaluateMeasures(Scorecard& card,
                                                const monitoring::PeerSelection& peers) const {
  std::map<std::string, MeasureCard> done;  // a measure may address several fields
  std::optional<knowledge::GraphExport> graph;
  for (FieldCard& field : card.fields) {
    for (MeasureCard& m : field.measures) {
      if (auto it = done.find(m.id); it != done.end()) {
        m = it->second;
        continue;
      }
      if (!graph.has_value()) {
        ASSIGN_OR_RETURN(graph, knowledge_->Export());  // the Build's snapshot
      }
      auto evaluated =
          evaluator_->EvaluateIn(graph->document, {.measure_id = m.id, .peers = peers});
      if (IsIndicatorLevelFailure(evaluated.status()) ||
          absl::IsInvalidArgument(evaluated.status())) {
        m.evaluation_note = std::string(evaluated.status().message());
      } else if (!evaluated.ok()) {
        return evaluated.status();
      } else {
        for (const monitoring::IndicatorEvaluation& ie : evaluated->indicators) {
          MeasureVerdict v{.indicator_code = ie.indicator->code,
                           .verdict = ie.result.verdict,
                           .not_evaluated = ie.not_evaluated};
          if (ie.result.synthetic_control.has_value()) {
            v.effect = ie.result.synthetic_control->mean_post_gap;
          }
          if (ie.result.inference.has_value()) v.p_value = ie.result.inference->p_value;
          m.evaluations.push_back(std::move(v));
        }
      }
      done.emplace(m.id, m);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const std::vector<FieldLinks>>> ScorecardBuilder::Links() const {
  ASSIGN_OR_RETURN(const uint64_t version, knowledge_->VersionInScope());
  {
    std::lock_guard lock(links_cache_->mu);
    if (links_cache_->valid && links_cache_->version == version) return links_cache_->links;
  }
  // Outside the lock: an export reads the whole graph. Readers of the same version that miss
  // together derive the same links; the last one keeps them.
  ASSIGN_OR_RETURN(knowledge::GraphExport graph, knowledge_->Export());
  auto links = std::make_shared<const std::vector<FieldLinks>>(LinkFields(graph.document));
  std::lock_guard lock(links_cache_->mu);
  if (!links_cache_->valid || version >= links_cache_->version) {
    links_cache_->valid = true;
    links_cache_->version = version;
    links_cache_->links = links;
  }
  return links;
}

absl::StatusOr<IndicatorCard> ScorecardBuilder::ReadCard(
    const Indicator& ind, const std::string& unit_key, Period period,
    const monitoring::PeerSelection& peers) const {
  IndicatorCard card;
  card.code = ind.code;
  card.name_de = ind.name_de;
  card.unit_of_measure =
      ind.unit_label.empty() ? monitoring::MeasureUnitName(ind.unit) : ind.unit_label;
  card.polarity = ind.polarity;
  card.ranking_allowed = ind.ranking_allowed;

  const Period end = EndOfYear(period, ind.periodicity);
  // A kreisfreie Stadt's series includes the cells of its other key in the periods its own key
  // has none (docs/monitoring.md "Twins").
  monitoring::SeriesQuery series_query{.indicator_code = ind.code,
                                       .unit_keys = {unit_key},
                                       .to_period = end.ToString(),
                                       .with_twins = true};
  ASSIGN_OR_RETURN(std::vector<monitoring::UnitSeries> read,
                   queries_->reader().Series(series_query));
  const std::vector<monitoring::Observation>& series = read.front().points;
  ASSIGN_OR_RETURN(card.current, SelectCurrentValue(series, end));
  if (card.current.stored_under == unit_key) card.current.stored_under.clear();
  for (const monitoring::TwinDifference& d : read.front().twin_differences) {
    if (d.period != card.current.period) continue;
    card.current.twin_value = d.twin_value;
    card.current.twin_source = d.twin_source;
  }
  // The comparison is made where the value is stored: among the peers of that key's level.
  const std::string& compared_key =
      card.current.stored_under.empty() ? unit_key : card.current.stored_under;
  const Period from = TrendWindowStart(end);
  ASSIGN_OR_RETURN(card.trend, SummarizeWindow(series, from, end, ind.polarity));

  std::set<std::string> sources;
  for (const monitoring::Observation& o : series) {
    ASSIGN_OR_RETURN(Period p, monitoring::ParsePeriod(o.period));
    const bool shown = o.period == card.current.period || (p >= from && p <= end);
    if (shown && !o.source.empty() && (o.flags & monitoring::kFlagSynthetic) == 0) {
      sources.insert(o.source);
    }
  }
  card.sources.assign(sources.begin(), sources.end());

  if (card.current.value.has_value()) {
    auto compared = queries_->Compare({.indicator_code = ind.code,
                                       .unit_key = compared_key,
                                       .period = card.current.period,
                                       .peers = peers});
    if (compared.ok()) {
      // A neutral indicator orders by height, not merit: a rank would read as a league place.
      const bool rank =
          compared->rankings.enabled && ind.polarity != monitoring::Polarity::kNeutral;
      card.position = PositionFromComparison(compared->comparison, card.current.period, rank);
    } else if (IsIndicatorLevelFailure(compared.status())) {
      card.position.period = card.current.period;
      card.position.note = std::string(compared.status().message());
    } else {
      return compared.status();
    }
  } else {
    card.position.note =
        card.current.suppressed() ? "the unit's value is suppressed" : "the unit has no value";
  }
  ASSIGN_OR_RETURN(card.target, ReadTarget(ind, unit_key, period));
  return card;
}

absl::StatusOr<std::optional<TargetView>> ScorecardBuilder::ReadTarget(const Indicator& ind,
                                                                       const std::string& unit_key,
                                                                       Period period) const {
  ASSIGN_OR_RETURN(std::vector<monitoring::IndicatorTarget> targets,
                   targets_->List(ind.code, unit_key));
  // The next target due at or after the period; failing that, the latest one.
  std::optional<std::pair<Period, std::string>> next, latest;
  for (const monitoring::IndicatorTarget& t : targets) {
    if (!t.ref.breakdown.empty()) continue;
    ASSIGN_OR_RETURN(Period p, monitoring::ParsePeriod(t.ref.target_period));
    if (p.year >= period.year && (!next.has_value() || p < next->first)) {
      next = {p, t.ref.target_period};
    }
    if (!latest.has_value() || p > latest->first) latest = {p, t.ref.target_period};
  }
  if (!next.has_value()) next = latest;
  if (!next.has_value()) return std::optional<TargetView>();
  ASSIGN_OR_RETURN(std::vector<monitoring::TargetStatusResult> status,
                   queries_->TargetStatus(ind.code, unit_key, {}, next->second));
  if (status.empty()) return std::optional<TargetView>();
  const monitoring::TargetStatusResult& r = status.front();
  return std::optional<TargetView>(TargetView{.target_period = r.target.ref.target_period,
                                              .target_value = r.target.target_value,
                                              .status = r.assessment.status,
                                              .reason = r.assessment.reason});
}

}  // namespace integra::scorecard
