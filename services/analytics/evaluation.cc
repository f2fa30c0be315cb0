#include "services/analytics/evaluation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/analytics/evaluation_text.h"
#include "services/analytics/peer_stats.h"
#include "services/analytics/synthetic_control.h"

namespace integra::monitoring::analytics {
namespace {

absl::Status ValidateOptions(const EvaluationOptions& o) {
  if (!(o.alpha > 0 && o.alpha < 1)) {
    return absl::InvalidArgumentError(absl::StrCat("alpha must lie in (0, 1), got ", o.alpha));
  }
  if (o.max_pre_years < 1 || o.max_post_years < 1) {
    return absl::InvalidArgumentError("max_pre_years and max_post_years must be >= 1");
  }
  if (o.donor_pool_size < 0) return absl::InvalidArgumentError("donor_pool_size must be >= 0");
  if (!(o.poor_fit_ratio > 0) || !std::isfinite(o.poor_fit_ratio)) {
    return absl::InvalidArgumentError("poor_fit_ratio must be a positive number");
  }
  if (o.top_donors < 0) return absl::InvalidArgumentError("top_donors must be >= 0");
  if (o.statistic != EvaluationStatistic::kStandardizedGap &&
      o.statistic != EvaluationStatistic::kRmspeRatio &&
      o.statistic != EvaluationStatistic::kRawGap &&
      o.statistic != EvaluationStatistic::kModeratedGap) {
    return absl::InvalidArgumentError("unknown evaluation statistic");
  }
  return absl::OkStatus();
}

absl::Status ValidateUnit(const EvaluationUnit& u) {
  if (u.unit_key.empty()) return absl::InvalidArgumentError("a unit key is empty");
  for (size_t i = 0; i < u.series.size(); ++i) {
    const EvaluationPoint& p = u.series[i];
    if (i > 0 && p.year <= u.series[i - 1].year) {
      return absl::InvalidArgumentError(
          absl::StrCat("series of ", u.unit_key, ": years not strictly increasing at ", p.year));
    }
    if (p.value && !std::isfinite(*p.value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("series of ", u.unit_key, ": value of ", p.year, " is not finite"));
    }
  }
  return absl::OkStatus();
}

const EvaluationPoint* PointAt(const EvaluationSeries& s, int year) {
  auto it = std::lower_bound(s.begin(), s.end(), year,
                             [](const EvaluationPoint& p, int y) { return p.year < y; });
  return it != s.end() && it->year == year ? &*it : nullptr;
}

double Mean(const double* v, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += v[i];
  return n == 0 ? 0 : s / static_cast<double>(n);
}

// Sample SD of the year-on-year changes of the first n values (n >= 3), floored so that a flat
// pre-period does not divide by zero.
double ChangeSd(const double* v, size_t n) {
  std::vector<double> d;
  for (size_t t = 1; t < n; ++t) d.push_back(v[t] - v[t - 1]);
  const double m = Mean(d.data(), d.size());
  double sq = 0;
  for (double x : d) sq += (x - m) * (x - m);
  const double sd = d.size() > 1 ? std::sqrt(sq / static_cast<double>(d.size() - 1)) : 0;
  double level = 0;
  for (size_t t = 0; t < n; ++t) level = std::max(level, std::abs(v[t]));
  return std::max(sd, 1e-9 * std::max(1.0, level));
}

// The window: the unit's observed years around the start, shortened at series breaks.
struct Window {
  std::vector<int> years;  // pre years then post years, ascending
  size_t pre = 0;
  bool break_at_start = false;
  std::vector<std::string> notes;
};

Window BuildWindow(const EvaluationSeries& s, int start, const EvaluationOptions& o) {
  const int first = start - o.max_pre_years;
  const int last = start + o.max_post_years - 1;
  int pre_from = first;
  int post_to = last;
  Window w;
  for (const EvaluationPoint& p : s) {
    if (!p.series_break || p.year <= first || p.year > last) continue;
    if (p.year < start) {
      if (p.year > pre_from) pre_from = p.year;
    } else if (p.year == start) {
      w.break_at_start = true;
    } else if (p.year - 1 < post_to) {
      post_to = p.year - 1;
    }
  }
  for (const EvaluationPoint& p : s) {
    if (!p.value || p.year < pre_from || p.year > post_to) continue;
    w.years.push_back(p.year);
    if (p.year < start) ++w.pre;
  }
  if (pre_from > first) {
    w.notes.push_back(absl::StrCat("series break in ", pre_from, ": the pre-period starts there"));
  }
  if (post_to < last) {
    w.notes.push_back(
        absl::StrCat("series break in ", post_to + 1, ": the post-period ends in ", post_to));
  }
  return w;
}

// One synthetic-control run with row `treated` of the panel as the treated unit.
struct Run {
  bool ok = false;
  SyntheticControlFit fit;
  std::vector<size_t> donors;  // panel rows
  std::vector<double> counterfactual;
  double pre_rmspe = 0, post_rmspe = 0, effect = 0;
  double standardized = 0;  // signed effect / SD of own pre-period changes
  double statistic = 0;
};

class Panel {
 public:
  Panel(std::vector<std::vector<double>> rows, size_t pre, const EvaluationOptions& o)
      : rows_(std::move(rows)), pre_(pre), options_(o) {
    for (const auto& r : rows_) {
      std::vector<double> c(r.begin(), r.begin() + static_cast<long>(pre_));
      if (o.fit_intercept) {
        const double m = Mean(c.data(), c.size());
        for (double& v : c) v -= m;
      }
      shape_.push_back(std::move(c));
      change_sd_.push_back(ChangeSd(r.data(), pre_));
    }
    std::vector<double> variances;
    for (double sd : change_sd_) variances.push_back(sd * sd);
    std::sort(variances.begin(), variances.end());
    const double median = QuantileOfSorted(variances, 0.5);
    const double n = static_cast<double>(pre_ - 1);
    for (double sd : change_sd_)
      moderated_sd_.push_back(std::sqrt((n * sd * sd + 4 * median) / (n + 4)));
  }
  size_t size() const { return rows_.size(); }

  // Row 0 is the evaluated unit: never a donor. Rows 1.. are the peers.
  absl::StatusOr<Run> Fit(size_t treated) const {
    std::vector<std::pair<double, size_t>> candidates;
    for (size_t j = 1; j < rows_.size(); ++j) {
      if (j == treated) continue;
      double d = 0;
      for (size_t t = 0; t < pre_; ++t) {
        const double e = shape_[treated][t] - shape_[j][t];
        d += e * e;
      }
      candidates.emplace_back(d, j);
    }
    Run run;
    if (candidates.empty()) return run;
    size_t k = candidates.size();
    if (options_.donor_pool_size > 0) {
      k = std::min(k, static_cast<size_t>(options_.donor_pool_size));
    }
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<long>(k),
                      candidates.end());
    std::vector<std::vector<double>> pre_values, all_values;
    for (size_t i = 0; i < k; ++i) {
      const auto& r = rows_[candidates[i].second];
      run.donors.push_back(candidates[i].second);
      pre_values.emplace_back(r.begin(), r.begin() + static_cast<long>(pre_));
      all_values.push_back(r);
    }
    const auto& y = rows_[treated];
    ASSIGN_OR_RETURN(
        run.fit,
        FitSyntheticControl(std::vector<double>(y.begin(), y.begin() + static_cast<long>(pre_)),
                            pre_values, options_.fit_intercept));
    run.counterfactual = SyntheticSeries(run.fit, all_values);
    double pre_sq = 0, post_sq = 0, pre_gap = 0, post_gap = 0;
    for (size_t t = 0; t < y.size(); ++t) {
      const double g = y[t] - run.counterfactual[t];
      (t < pre_ ? pre_sq : post_sq) += g * g;
      (t < pre_ ? pre_gap : post_gap) += g;
    }
    const double post = static_cast<double>(y.size() - pre_);
    run.pre_rmspe = std::sqrt(pre_sq / static_cast<double>(pre_));
    run.post_rmspe = std::sqrt(post_sq / post);
    const double base = options_.baseline == EvaluationBaseline::kLastPreYear
                            ? y[pre_ - 1] - run.counterfactual[pre_ - 1]
                            : pre_gap / static_cast<double>(pre_);
    run.effect = post_gap / post - base;
    run.standardized = run.effect / (options_.statistic == EvaluationStatistic::kModeratedGap
                                         ? moderated_sd_[treated]
                                         : change_sd_[treated]);
    if (options_.statistic == EvaluationStatistic::kStandardizedGap ||
        options_.statistic == EvaluationStatistic::kModeratedGap) {
      run.statistic = std::abs(run.standardized);
    } else if (options_.statistic == EvaluationStatistic::kRawGap) {
      run.statistic = std::abs(run.effect);
    } else {
      double level = 0;
      for (double v : y) level = std::max(level, std::abs(v));
      run.statistic = run.post_rmspe / std::max(run.pre_rmspe, 1e-9 * std::max(1.0, level));
    }
    run.ok = true;
    return run;
  }

 private:
  std::vector<std::vector<double>> rows_;
  std::vector<std::vector<double>> shape_;  // pre-period paths used for the distance
  std::vector<double> change_sd_;           // SD of each row's pre-period changes
  std::vector<double> moderated_sd_;        // the same, shrunk towards the panel median
  size_t pre_;
  EvaluationOptions options_;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return QuantileOfSorted(v, 0.5);
}

double PopulationSd(const double* v, size_t n) {
  const double m = Mean(v, n);
  double sq = 0;
  for (size_t i = 0; i < n; ++i) sq += (v[i] - m) * (v[i] - m);
  return std::sqrt(sq / static_cast<double>(n));
}

}  // namespace

std::string EvaluationStatisticName(EvaluationStatistic statistic) {
  switch (statistic) {
    case EvaluationStatistic::kStandardizedGap:
      return "standardized_gap";
    case EvaluationStatistic::kRmspeRatio:
      return "rmspe_ratio";
    case EvaluationStatistic::kRawGap:
      return "raw_gap";
    case EvaluationStatistic::kModeratedGap:
      return "moderated_gap";
  }
  return "unknown";
}

double PermutationPValue(double statistic, const std::vector<double>& placebo_statistics) {
  const double tolerance = 1e-12 * std::max(1.0, std::abs(statistic));
  size_t at_least = 0;
  for (double s : placebo_statistics) at_least += s >= statistic - tolerance ? 1 : 0;
  return static_cast<double>(1 + at_least) / static_cast<double>(1 + placebo_statistics.size());
}

absl::StatusOr<EvaluationResult> EvaluateMeasure(const EvaluationUnit& unit,
                                                 const std::vector<EvaluationUnit>& peers,
                                                 int start_year, Polarity polarity,
                                                 const EvaluationOptions& options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  RETURN_IF_ERROR(ValidateUnit(unit));
  std::set<std::string> keys{unit.unit_key};
  for (const EvaluationUnit& p : peers) {
    RETURN_IF_ERROR(ValidateUnit(p));
    if (!keys.insert(p.unit_key).second) {
      return absl::InvalidArgumentError(
          p.unit_key == unit.unit_key
              ? absl::StrCat("the evaluated unit ", p.unit_key, " is among its own peers")
              : absl::StrCat("duplicate peer ", p.unit_key));
    }
  }

  EvaluationResult r;
  r.start_year = start_year;
  r.peers_given = static_cast<int>(peers.size());
  Window w = BuildWindow(unit.series, start_year, options);
  r.notes = w.notes;
  for (size_t t = 0; t < w.years.size(); ++t) {
    (t < w.pre ? r.pre_years : r.post_years).push_back(w.years[t]);
    const EvaluationPoint* p = PointAt(unit.series, w.years[t]);
    if (p->provisional) r.provisional_years.push_back(p->year);
    if (p->synthetic) r.synthetic_years.push_back(p->year);
  }

  auto finish = [&](EvaluationVerdict v) {
    r.verdict = v;
    WriteVerdictTexts(r, polarity, options);
    return r;
  };
  if (peers.empty()) return finish(EvaluationVerdict::kNoPeers);
  if (r.post_years.empty()) return finish(EvaluationVerdict::kNoPostPeriod);
  if (r.pre_years.size() < 3) return finish(EvaluationVerdict::kNotEnoughPrePeriod);
  if (w.break_at_start) return finish(EvaluationVerdict::kSeriesBreakAtStart);

  // The panel: row 0 the unit, then every peer with a value in each window year and no break
  // inside the window.
  std::vector<std::vector<double>> rows;
  std::vector<const EvaluationUnit*> row_units{&unit};
  rows.emplace_back();
  for (int y : w.years) rows[0].push_back(*PointAt(unit.series, y)->value);
  for (const EvaluationUnit& peer : peers) {
    std::vector<double> values;
    bool complete = true, broken = false;
    int flagged = 0;
    for (int y : w.years) {
      const EvaluationPoint* p = PointAt(peer.series, y);
      if (p == nullptr || !p->value) {
        complete = false;
        break;
      }
      values.push_back(*p->value);
      flagged += (p->provisional || p->synthetic) ? 1 : 0;
    }
    for (const EvaluationPoint& p : peer.series) {
      broken |= p.series_break && p.year > w.years.front() && p.year <= w.years.back();
    }
    if (!complete) {
      ++r.peers_dropped_incomplete;
    } else if (broken) {
      ++r.peers_dropped_break;
    } else {
      rows.push_back(std::move(values));
      row_units.push_back(&peer);
      r.peer_flagged_values += flagged;
    }
  }
  r.peers_used = static_cast<int>(rows.size()) - 1;
  if (r.peers_used == 0) return finish(EvaluationVerdict::kNoPeers);

  // Difference-in-differences against the peers' median change.
  const size_t pre = w.pre;
  std::vector<double> pre_means;  // the baselines
  pre_means.reserve(rows.size());
  for (const auto& row : rows) {
    pre_means.push_back(options.baseline == EvaluationBaseline::kLastPreYear
                            ? row[pre - 1]
                            : Mean(row.data(), pre));
  }
  double did_sum = 0;
  for (size_t t = pre; t < w.years.size(); ++t) {
    DidYear d;
    d.year = w.years[t];
    d.unit_change = rows[0][t] - pre_means[0];
    std::vector<double> changes;
    for (size_t i = 1; i < rows.size(); ++i) changes.push_back(rows[i][t] - pre_means[i]);
    d.peer_median_change = Median(std::move(changes));
    d.estimate = d.unit_change - d.peer_median_change;
    did_sum += d.estimate;
    r.did.push_back(d);
  }
  r.did_mean = FiniteOr(did_sum / static_cast<double>(r.did.size()), "not finite");

  // Synthetic control for the unit and for every peer as a placebo.
  Panel panel(std::move(rows), pre, options);
  ASSIGN_OR_RETURN(Run treated, panel.Fit(0));
  std::vector<double> placebo_statistics, placebo_standardized;
  for (size_t i = 1; i < panel.size(); ++i) {
    ASSIGN_OR_RETURN(Run placebo, panel.Fit(i));
    if (!placebo.ok) continue;  // a single peer has no donor of its own
    placebo_statistics.push_back(placebo.statistic);
    placebo_standardized.push_back(placebo.standardized);
  }

  SyntheticControlResult sc;
  sc.donor_pool = static_cast<int>(treated.donors.size());
  sc.intercept = treated.fit.intercept;
  sc.pre_rmspe = treated.pre_rmspe;
  sc.post_rmspe = treated.post_rmspe;
  sc.mean_post_gap = treated.effect;
  for (size_t t = 0; t < w.years.size(); ++t) {
    const double a = *PointAt(unit.series, w.years[t])->value;
    sc.years.push_back(
        {w.years[t], t >= pre, a, treated.counterfactual[t], a - treated.counterfactual[t]});
  }
  std::vector<size_t> order(treated.donors.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return treated.fit.weights[a] > treated.fit.weights[b];
  });
  for (size_t i = 0; i < order.size() && static_cast<int>(i) < options.top_donors; ++i) {
    const double weight = treated.fit.weights[order[i]];
    if (weight < 1e-6) break;
    sc.top_donors.push_back({row_units[treated.donors[order[i]]]->unit_key, weight});
  }
  r.synthetic_control = std::move(sc);

  PlaceboInference inf;
  inf.statistic = options.statistic;
  inf.unit_statistic = treated.statistic;
  inf.placebos = static_cast<int>(placebo_statistics.size());
  inf.p_value = PermutationPValue(treated.statistic, placebo_statistics);
  inf.placebos_at_least = static_cast<int>(std::lround(inf.p_value * (1 + inf.placebos))) - 1;
  inf.rank =
      1 + static_cast<int>(std::count_if(placebo_statistics.begin(), placebo_statistics.end(),
                                         [&](double s) { return s > treated.statistic; }));
  inf.p_value_floor = 1.0 / (1.0 + inf.placebos);
  if (placebo_standardized.size() >= 2) {
    const double sd = PopulationSd(placebo_standardized.data(), placebo_standardized.size());
    inf.effect_in_placebo_sd = sd > 0 ? FiniteOr(treated.standardized / sd, "not finite")
                                      : Figure::Undefined("the placebo gaps have no spread");
  } else {
    inf.effect_in_placebo_sd = Figure::Undefined("needs at least 2 placebos");
  }
  r.inference = inf;

  // The verdict, in the documented order.
  std::vector<double> unit_pre;
  for (size_t t = 0; t < pre; ++t) unit_pre.push_back(r.synthetic_control->years[t].actual);
  const double pre_sd = PopulationSd(unit_pre.data(), unit_pre.size());
  if (treated.pre_rmspe > options.poor_fit_ratio * pre_sd) {
    return finish(EvaluationVerdict::kPoorPreFit);
  }
  if (inf.p_value_floor > options.alpha) return finish(EvaluationVerdict::kTooFewPeers);
  if (inf.p_value > options.alpha) return finish(EvaluationVerdict::kNoEffect);
  const int direction = (treated.effect > 0) - (treated.effect < 0);
  const int sign = PolaritySign(polarity);
  if (sign == 0 || direction == 0) return finish(EvaluationVerdict::kEffectChange);
  return finish(direction * sign > 0 ? EvaluationVerdict::kEffectImprovement
                                     : EvaluationVerdict::kEffectDeterioration);
}

}  // namespace integra::monitoring::analytics
