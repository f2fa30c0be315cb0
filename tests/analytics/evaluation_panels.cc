#include "tests/analytics/evaluation_panels.h"

#include <cmath>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tests/testing/reference_data.h"

namespace integra::monitoring::analytics::testing {
namespace {

Polarity PolarityOf(const std::string& code) {
  static const std::map<std::string, Polarity> known = {
      {"unemployment_rate", Polarity::kLowerIsBetter},
      {"share_longterm_unemployed", Polarity::kLowerIsBetter},
      {"youth_unemployment_rate", Polarity::kLowerIsBetter},
      {"share_no_degree", Polarity::kLowerIsBetter},
      {"share_low_income_hh", Polarity::kLowerIsBetter},
      {"municipal_debt_per_capita", Polarity::kLowerIsBetter},
      {"share_abitur", Polarity::kHigherIsBetter},
      {"childcare_under3", Polarity::kHigherIsBetter},
      {"childcare_3to6", Polarity::kHigherIsBetter},
      {"gdp_per_capita", Polarity::kHigherIsBetter},
      {"purchasing_power", Polarity::kHigherIsBetter},
      {"apprentices_per_100", Polarity::kHigherIsBetter},
      {"physician_density", Polarity::kHigherIsBetter},
      {"gp_density", Polarity::kHigherIsBetter},
      {"tax_revenue_per_capita", Polarity::kHigherIsBetter},
  };
  auto it = known.find(code);
  return it == known.end() ? Polarity::kNeutral : it->second;
}

}  // namespace

std::vector<IndicatorPanel> LoadInkarPanels() {
  const std::string text = integra::testing::ReadReference("inkar_kreise_indicators_1995_2022.csv");
  std::vector<IndicatorPanel> panels;
  if (text.empty()) return panels;
  std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
  std::vector<std::string> header = absl::StrSplit(lines[0], ',');
  for (size_t c = 2; c < header.size(); ++c) {
    panels.push_back({header[c], PolarityOf(header[c]), {}});
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells = absl::StrSplit(lines[i], ',');
    if (cells.size() != header.size()) continue;
    int year = 0;
    if (!absl::SimpleAtoi(cells[1], &year)) continue;
    for (size_t c = 2; c < cells.size(); ++c) {
      std::vector<EvaluationUnit>& units = panels[c - 2].units;
      if (units.empty() || units.back().unit_key != cells[0]) {
        units.push_back({cells[0], {}});
      }
      EvaluationPoint p;
      p.year = year;
      double v = 0;
      if (!cells[c].empty() && absl::SimpleAtod(cells[c], &v)) p.value = v;
      units.back().series.push_back(p);
    }
  }
  return panels;
}

GeneratedPanel GeneratePanel(const GeneratedPanelSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> factor(spec.years);
  double f = 0;
  for (int t = 0; t < spec.years; ++t) factor[t] = f += normal(rng);  // a common random walk
  GeneratedPanel panel;
  for (int i = 0; i <= spec.peers; ++i) {
    EvaluationUnit u;
    u.unit_key = i == 0 ? "T" : "P" + std::to_string(i);
    const double level = 50 + 10 * normal(rng);
    const double loading = 1 + 0.3 * normal(rng);
    double noise = 0;
    for (int t = 0; t < spec.years; ++t) {
      noise = 0.5 * noise + spec.noise * normal(rng);
      const int year = 2000 + t;
      double v = level + loading * factor[t] + noise;
      if (i == 0 && year >= spec.start_year) v += spec.effect;
      u.series.push_back({year, v});
    }
    (i == 0 ? panel.unit : panel.peers.emplace_back()) = std::move(u);
  }
  return panel;
}

double ChangeSdOfYears(const EvaluationSeries& series, int from, int to) {
  std::vector<double> d;
  for (size_t i = 1; i < series.size(); ++i) {
    const EvaluationPoint& a = series[i - 1];
    const EvaluationPoint& b = series[i];
    if (a.year < from || b.year > to || !a.value || !b.value || b.year != a.year + 1) continue;
    d.push_back(*b.value - *a.value);
  }
  if (d.size() < 2) return 0;
  double m = 0;
  for (double x : d) m += x;
  m /= static_cast<double>(d.size());
  double sq = 0;
  for (double x : d) sq += (x - m) * (x - m);
  return std::sqrt(sq / static_cast<double>(d.size() - 1));
}

EvaluationSeries WithEffect(EvaluationSeries series, int start_year, double effect) {
  for (EvaluationPoint& p : series) {
    if (p.year >= start_year && p.value) *p.value += effect;
  }
  return series;
}

}  // namespace integra::monitoring::analytics::testing
