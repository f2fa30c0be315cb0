#include "services/monitoring/measure_evaluation.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"

namespace integra::monitoring {
namespace {

// The year of a "YYYY-MM-DD" start date.
absl::StatusOr<int> StartYearOf(const knowledge::Node& measure) {
  const std::string& date = measure.measure.start_date;
  int year = 0;
  if (date.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("measure '", measure.id,
                     "' has no start date; set measure.start_date (YYYY-MM-DD) to evaluate it"));
  }
  if (date.size() < 4 || !absl::SimpleAtoi(date.substr(0, 4), &year)) {
    return absl::FailedPreconditionError(
        absl::StrCat("measure '", measure.id, "' has a malformed start date '", date, "'"));
  }
  return year;
}

// The catalog code of an INDICATOR node id ("ind.<code lower-case>"), or "".
std::string CodeOfNode(const std::string& node_id) {
  if (node_id.size() <= 4 || node_id.rfind("ind.", 0) != 0) return "";
  return absl::AsciiStrToUpper(node_id.substr(4));
}

// Stored cells of one unit as the evaluation reads them (see the header).
analytics::EvaluationSeries ToEvaluationSeries(const std::vector<Observation>& points) {
  analytics::EvaluationSeries out;
  for (const Observation& o : points) {
    auto period = ParsePeriod(o.period);
    if (!period.ok() || period->periodicity() != Periodicity::kYear) continue;
    if (!out.empty() && out.back().year >= period->year) continue;  // twin duplicates
    analytics::EvaluationPoint p{.year = period->year};
    if ((o.flags & kFlagSuppressed) == 0) p.value = o.value;
    p.provisional = (o.flags & kFlagProvisional) != 0;
    p.synthetic = (o.flags & kFlagSynthetic) != 0;
    p.series_break = !o.series_break.empty();
    out.push_back(p);
  }
  return out;
}

bool HasValue(const analytics::EvaluationSeries& s) {
  return std::any_of(s.begin(), s.end(),
                     [](const analytics::EvaluationPoint& p) { return p.value.has_value(); });
}

}  // namespace

absl::StatusOr<MeasureEvaluation> MeasureEvaluator::Evaluate(
    const MeasureEvaluationQuery& query) const {
  storage::ReadScope scope(queries_->store());  // graph, peers and series of one moment
  ASSIGN_OR_RETURN(knowledge::GraphExport graph, knowledge_->Export());
  return EvaluateIn(graph.document, query);
}

absl::StatusOr<MeasureEvaluation> MeasureEvaluator::EvaluateIn(
    const knowledge::KnowledgeDocument& graph, const MeasureEvaluationQuery& query) const {
  storage::ReadScope scope(queries_->store());  // the caller's, if it holds one
  auto context = knowledge::MeasureContextOf(graph, query.measure_id);
  if (absl::IsInvalidArgument(context.status())) {
    return absl::FailedPreconditionError(absl::StrCat(
        context.status().message(),
        "; only a unit's own measure can be evaluated: record one with an owner (AGS) and link "
        "it to the generic measure with INSTANCE_OF"));
  }
  RETURN_IF_ERROR(context.status());
  MeasureEvaluation out;
  out.measure = context->measure;
  out.unit_key = out.measure.owner;
  out.goal_ids = context->goal_ids;
  out.options = query.options;
  ASSIGN_OR_RETURN(out.start_year, StartYearOf(out.measure));
  if (context->goal_ids.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "measure '", query.measure_id,
        "' contributes to no goal; link it with CONTRIBUTES_TO to a goal that an indicator "
        "MEASURES"));
  }
  if (context->indicator_ids.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no indicator measures the goals of measure '", query.measure_id, "' (",
                     absl::StrJoin(context->goal_ids, ", "),
                     "); link an indicator to one of them with MEASURES"));
  }
  std::vector<std::string> codes;  // catalog codes, or the node id of a node without one
  for (const std::string& id : context->indicator_ids) {
    const std::string code = CodeOfNode(id);
    codes.push_back(code.empty() ? id : code);
  }
  if (!query.indicator_code.empty()) {
    const std::string wanted = absl::AsciiStrToUpper(query.indicator_code);
    if (std::find(codes.begin(), codes.end(), wanted) == codes.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("indicator ", query.indicator_code, " does not measure a goal of measure '",
                       query.measure_id, "'; its indicators: ", absl::StrJoin(codes, ", ")));
    }
    codes = {wanted};
  }
  ASSIGN_OR_RETURN(Unit unit, units_->Get(out.unit_key));
  out.unit_name = unit.name;
  ASSIGN_OR_RETURN(Period start, ParsePeriod(absl::StrCat(out.start_year)));
  ASSIGN_OR_RETURN(PeerSet peer_set, peers_->Resolve(unit.key, query.peers, start));
  out.peer_description = peer_set.description;
  for (const std::string& code : codes) {
    auto indicator = queries_->reader().FindIndicator(code);
    if (absl::IsNotFound(indicator.status()) || absl::IsInvalidArgument(indicator.status())) {
      // An INDICATOR node the catalog does not know: nothing to read, said per indicator.
      out.indicators.push_back(
          {.indicator = std::make_shared<const Indicator>(Indicator{.code = code, .name_de = code}),
           .not_evaluated = absl::StrCat("indicator ", code,
                                         " has no entry in the indicator catalog: no values")});
      continue;
    }
    RETURN_IF_ERROR(indicator.status());
    ASSIGN_OR_RETURN(
        IndicatorEvaluation evaluated,
        EvaluateIndicator(**indicator, unit.key, peer_set, out.start_year, query.options));
    evaluated.indicator = std::move(*indicator);
    out.indicators.push_back(std::move(evaluated));
  }
  return out;
}

absl::StatusOr<IndicatorEvaluation> MeasureEvaluator::EvaluateIndicator(
    const Indicator& indicator, const std::string& unit_key, const PeerSet& peer_set,
    int start_year, const analytics::EvaluationOptions& options) const {
  IndicatorEvaluation out;
  if (indicator.periodicity != Periodicity::kYear) {
    out.not_evaluated = absl::StrCat("indicator ", indicator.code,
                                     " is not annual; the evaluation compares calendar years");
    return out;
  }
  const std::shared_ptr<const RegisterSnapshot> reg = units_->Register();
  std::map<std::string, std::string> names;  // unit key -> name
  SeriesQuery q{.indicator_code = indicator.code,
                .from_period = absl::StrCat(start_year - options.max_pre_years),
                .to_period = absl::StrCat(start_year + options.max_post_years - 1),
                .with_twins = true};
  for (uint32_t code : peer_set.codes) {
    const RegisterSnapshot::Entry* e = reg->Find(code);
    if (e == nullptr) {
      return absl::InternalError(absl::StrCat("peer code ", code, " is not in the register"));
    }
    if (e->key == unit_key) continue;
    names.emplace(e->key, e->name);
    q.unit_keys.push_back(e->key);
  }
  out.peers_in_set = static_cast<int>(q.unit_keys.size());
  q.unit_keys.push_back(unit_key);

  analytics::EvaluationUnit unit{.unit_key = unit_key};
  std::vector<analytics::EvaluationUnit> peers;
  for (size_t at = 0; at < q.unit_keys.size(); at += kMaxSeriesUnits) {
    SeriesQuery batch = q;
    const size_t end = std::min(q.unit_keys.size(), at + kMaxSeriesUnits);
    batch.unit_keys.assign(q.unit_keys.begin() + at, q.unit_keys.begin() + end);
    ASSIGN_OR_RETURN(std::vector<UnitSeries> read, queries_->reader().Series(batch));
    for (size_t i = 0; i < read.size(); ++i) {
      const std::string& key = batch.unit_keys[i];
      analytics::EvaluationSeries series = ToEvaluationSeries(read[i].points);
      if (key == unit_key) {
        unit.series = std::move(series);
      } else if (HasValue(series)) {
        peers.push_back({.unit_key = key, .series = std::move(series)});
      } else {
        ++out.peers_without_data;
      }
    }
  }
  ASSIGN_OR_RETURN(
      out.result, analytics::EvaluateMeasure(unit, peers, start_year, indicator.polarity, options));
  const analytics::EvaluationResult& r = out.result;
  std::map<int, FlaggedValue> flagged;
  for (int y : r.provisional_years) flagged[y] = {.year = y, .provisional = true};
  for (int y : r.synthetic_years) {
    flagged[y].year = y;
    flagged[y].synthetic = true;
  }
  for (const auto& [year, f] : flagged) out.flagged_values.push_back(f);
  if (r.synthetic_control.has_value()) {
    for (const analytics::DonorWeight& d : r.synthetic_control->top_donors) {
      auto name = names.find(d.unit_key);
      out.top_donors.push_back({.unit_key = d.unit_key,
                                .name = name == names.end() ? "" : name->second,
                                .weight = d.weight});
    }
  }
  return out;
}

}  // namespace integra::monitoring
