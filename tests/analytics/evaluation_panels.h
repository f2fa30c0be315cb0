// Panels for the evaluation tests: the real INKAR Kreis series (data/reference, "INKAR, BBSR
// Bonn", dl-de/by-2-0) and generated panels with a known injected effect.
#pragma once

#include <map>
#include <random>
#include <string>
#include <vector>

#include "services/analytics/evaluation.h"

namespace integra::monitoring::analytics::testing {

// One indicator's series for every Kreis, 1995-2022 (gaps where the file has empty cells).
struct IndicatorPanel {
  std::string code;
  Polarity polarity = Polarity::kNeutral;
  std::vector<EvaluationUnit> units;  // Kreis code order
};

// Every indicator column of data/reference/inkar_kreise_indicators_1995_2022.csv, in column
// order, with the polarity integra's catalog would give it (neutral where none is obvious).
// An empty vector if the file cannot be read.
std::vector<IndicatorPanel> LoadInkarPanels();

// A generated panel: `peers + 1` units over `years` years from 2000 (unit 0 is the treated
// one), each value = unit level + unit-specific loading * common factor path + AR(1) noise
// with standard deviation `noise`; `effect` is added to unit 0 from `start_year` on.
struct GeneratedPanelSpec {
  int peers = 50;
  int years = 15;
  int start_year = 2010;
  double effect = 0;
  double noise = 1;
  unsigned seed = 1;
};
struct GeneratedPanel {
  EvaluationUnit unit;
  std::vector<EvaluationUnit> peers;
};
GeneratedPanel GeneratePanel(const GeneratedPanelSpec& spec);

// The SD of the year-on-year changes of the unit's observed values in [from, to] (consecutive
// observed years only); 0 with fewer than 2 changes.
double ChangeSdOfYears(const EvaluationSeries& series, int from, int to);

// The series with `effect` added to every value from `start_year` on.
EvaluationSeries WithEffect(EvaluationSeries series, int start_year, double effect);

}  // namespace integra::monitoring::analytics::testing
