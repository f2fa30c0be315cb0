// The constructed evaluation case shared by the domain and service tests: a Landkreis with a
// measure started in 2014 whose indicator jumps after the start, ten peers with complete
// series, one peer without data and one with a gap. Loaded into an engine through the domain
// stores (the service test then serves the same data dir).
//
// Unit 01051 (Landkreis). Its default peers: every other Landkreis of the register.
//   P1..P10 = 01053 ... 01061, 03151: complete 2010-2015 series; 03153: no value;
//   03154: no 2012 value (dropped as incomplete by the method).
// Indicator EVA_A (higher is better, annual), values per peer k = 1..10 (level b = 10 k):
//   2010-2013: b + (0, 0.3, -0.2, 0.1) for odd k, b + (0.2, -0.1, 0.3, 0) for even k
//   2014: v2013 + 0.1 k     2015: v2013 + 0.2 k
// the unit: 55, 55.3, 54.8, 55.1 | 60.1 (+5), 61.1 (+6); its 2015 value PROVISIONAL; P1's 2014
// value SYNTHETIC.
// Difference-in-differences by hand (baseline: the last pre-period year 2013):
//   peers' changes 2014: 0.1 .. 1.0, median (0.5 + 0.6) / 2 = 0.55 -> DiD 5 - 0.55 = 4.45
//   peers' changes 2015: 0.2 .. 2.0, median (1.0 + 1.2) / 2 = 1.1  -> DiD 6 - 1.1  = 4.9
//   mean 4.675. With ten placebos the p-value floor is 1/11 < 0.1; the unit's jump is far
//   beyond every placebo's, so p = 1/11 and the verdict is an improvement.
// Indicator EVA_B (lower is better): the same values, but the unit's 2014 value starts a new
// series (series break): verdict "series break at the start".
// Indicator EVA_C measures no goal of the measure.
// Knowledge: af.eva (action field); goal.01051.ziel (owner 01051) measured by EVA_A and
// EVA_B; goal.01051.leer measured by nothing; measures (owner 01051):
//   ms.01051.jump       start 2014-03-01, CONTRIBUTES_TO goal.01051.ziel, ADDRESSES af.eva
//   ms.01051.ohne-ziel  no goal;  ms.01051.ohne-ind  contributes to goal.01051.leer
//   ms.generic          a generic measure (no owner)
#pragma once

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/engine/engine.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/unit_store.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring::evaluation_scenario {

inline constexpr char kUnit[] = "01051";
inline constexpr char kMeasure[] = "ms.01051.jump";
inline constexpr double kDid2014 = 4.45;
inline constexpr double kDid2015 = 4.9;
inline const std::vector<std::string>& PeersWithData() {
  static const auto* v = new std::vector<std::string>{"01053", "01054", "01055", "01056", "01057",
                                                      "01058", "01059", "01060", "01061", "03151"};
  return *v;
}

// Loads the case into `engine`'s stores. Fails the calling test on any error.
inline void Load(engine::Engine& engine) {
  std::vector<Unit> units = {{.key = "01", .name = "Schleswig-Holstein", .type = UnitType::kLand},
                             {.key = "03", .name = "Niedersachsen", .type = UnitType::kLand},
                             {.key = kUnit, .name = "Dithmarschen", .type = UnitType::kLandkreis},
                             {.key = "03153", .name = "Goslar", .type = UnitType::kLandkreis},
                             {.key = "03154", .name = "Helmstedt", .type = UnitType::kLandkreis}};
  for (const std::string& key : PeersWithData()) {
    units.push_back({.key = key, .name = "Kreis " + key, .type = UnitType::kLandkreis});
  }
  ASSERT_OK_AND_ASSIGN(UnitBatchResult r, engine.units().UpsertBatch(units));
  ASSERT_TRUE(r.applied);

  knowledge::KnowledgeDocument fields;
  fields.nodes.push_back(
      {.id = "af.eva", .type = knowledge::NodeType::kActionField, .title_de = "Evaluationsfeld"});
  ASSERT_OK(engine.knowledge().Apply(fields, {}, "tester").status());
  for (const auto& [code, polarity] :
       std::vector<std::pair<std::string, Polarity>>{{"EVA_A", Polarity::kHigherIsBetter},
                                                     {"EVA_B", Polarity::kLowerIsBetter},
                                                     {"EVA_C", Polarity::kHigherIsBetter}}) {
    Indicator ind{.code = code, .name_de = "Indikator " + code};
    ind.unit = MeasureUnit::kPer1000Inhabitants;
    ind.polarity = polarity;
    ASSERT_OK(engine.catalog().Create(ind, {"af.eva"}, "tester").status());
  }

  using knowledge::EdgeType;
  using knowledge::NodeType;
  auto measure = [](const std::string& id) {
    return knowledge::Node{.id = id,
                           .type = NodeType::kMeasure,
                           .title_de = "Maßnahme " + id,
                           .owner = kUnit,
                           .measure = {.responsible_office = "Kreisamt",
                                       .start_date = "2014-03-01",
                                       .status = knowledge::MeasureStatus::kRunning}};
  };
  knowledge::KnowledgeDocument doc;
  doc.nodes = {
      {.id = "goal.01051.ziel", .type = NodeType::kGoal, .title_de = "Ziel", .owner = kUnit},
      {.id = "goal.01051.leer", .type = NodeType::kGoal, .title_de = "Leeres Ziel", .owner = kUnit},
      measure(kMeasure),
      measure("ms.01051.ohne-ziel"),
      measure("ms.01051.ohne-ind"),
      {.id = "ms.generic", .type = NodeType::kMeasure, .title_de = "Generisch"}};
  doc.edges = {
      {.from = "ind.eva_a", .to = "goal.01051.ziel", .type = EdgeType::kMeasures},
      {.from = "ind.eva_b", .to = "goal.01051.ziel", .type = EdgeType::kMeasures},
      {.from = kMeasure, .to = "goal.01051.ziel", .type = EdgeType::kContributesTo},
      {.from = kMeasure, .to = "af.eva", .type = EdgeType::kAddresses},
      {.from = "ms.01051.ohne-ind", .to = "goal.01051.leer", .type = EdgeType::kContributesTo}};
  ASSERT_OK(engine.knowledge().Apply(doc, {}, "tester").status());

  std::vector<Observation> rows;
  auto add = [&](const std::string& code, const std::string& key, int year, double value,
                 uint8_t flags = 0, const std::string& series_break = "") {
    rows.push_back({.indicator_code = code,
                    .unit_key = key,
                    .period = std::to_string(year),
                    .value = value,
                    .flags = flags,
                    .series_break = series_break,
                    .source = "Testquelle"});
  };
  for (const std::string code : {"EVA_A", "EVA_B", "EVA_C"}) {
    for (int k = 1; k <= 10; ++k) {
      const double b = 10.0 * k;
      const std::vector<double> wiggle = k % 2 == 1 ? std::vector<double>{0, 0.3, -0.2, 0.1}
                                                    : std::vector<double>{0.2, -0.1, 0.3, 0};
      const std::string& key = PeersWithData()[k - 1];
      for (int i = 0; i < 4; ++i) add(code, key, 2010 + i, b + wiggle[i]);
      add(code, key, 2014, b + wiggle[3] + 0.1 * k, k == 1 ? kFlagSynthetic : 0);
      add(code, key, 2015, b + wiggle[3] + 0.2 * k);
    }
    for (int year : {2010, 2011, 2013, 2014, 2015}) add(code, "03154", year, 50);
    const std::vector<double> unit = {55, 55.3, 54.8, 55.1};
    for (int i = 0; i < 4; ++i) add(code, kUnit, 2010 + i, unit[i]);
    add(code, kUnit, 2014, 60.1, 0, code == "EVA_B" ? "Methodenwechsel 2014" : "");
    add(code, kUnit, 2015, 61.1, kFlagProvisional);
  }
  ASSERT_OK_AND_ASSIGN(IngestResult ingest, engine.observations().Ingest(rows, "tester"));
  ASSERT_TRUE(ingest.applied) << (ingest.rejected.empty()
                                      ? std::string()
                                      : ingest.rejected.front().status.ToString());
}

}  // namespace integra::monitoring::evaluation_scenario
