// A fresh data dir opened through the composition root (engine::Engine, as integrad and the
// bench open it), with short names for the knowledge store, unit register, indicator catalog
// and observation store, plus helpers to create realistic indicators and units. For the
// monitoring domain tests.
#pragma once

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/observation_store.h"
#include "services/monitoring/unit_store.h"
#include "storage/store.h"
#include "tests/testing/engine_parts.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::monitoring {

class MonitoringFixture : public ::testing::Test, protected testing::EngineParts {
 protected:
  void SetUp() override {
    Reopen();
    ASSERT_OK(knowledge_->CreateNode({.id = "af.integration",
                                      .type = knowledge::NodeType::kActionField,
                                      .title_de = "Integration vor Ort"},
                                     "tester"));
    Unit sh{.key = "01", .name = "Schleswig-Holstein", .type = UnitType::kLand};
    Unit fl{.key = "01001",
            .name = "Flensburg, Stadt",
            .type = UnitType::kKreisfreieStadt,
            .population = 92550};
    Unit ki{
        .key = "01002", .name = "Kiel", .type = UnitType::kKreisfreieStadt, .population = 247717};
    Unit fl_g{.key = "01001000",
              .name = "Flensburg, Stadt",
              .type = UnitType::kKreisfreieStadt,
              .population = 92550};
    ASSERT_OK_AND_ASSIGN(UnitBatchResult r, units_->UpsertBatch({sh, fl, ki, fl_g}));
    ASSERT_TRUE(r.applied);
  }

  // Closes the engine and opens it again over the same data dir (migrating an older schema, as
  // integrad does at start); `rankings_enabled` as integrad's --no-rankings.
  void TearDown() override { CloseEngine(); }

  void Reopen(bool rankings_enabled = true) {
    OpenEngine({.data_dir = dir_.path(), .rankings_enabled = rankings_enabled});
  }


  static Indicator Count(const std::string& code, const std::string& name) {
    Indicator ind;
    ind.code = code;
    ind.name_de = name;
    ind.unit = MeasureUnit::kCount;
    ind.aggregation.kind = AggregationKind::kSum;
    return ind;
  }

  // AUSL_ANTEIL as RATIO of AUSL / BEV, with a nationality-free sex breakdown.
  void CreateShareIndicators() {
    ASSERT_OK(catalog_->Create(Count("BEV", "Bevölkerung"), {}, "tester"));
    ASSERT_OK(catalog_->Create(Count("AUSL", "Ausländer"), {}, "tester"));
    Indicator share;
    share.code = "AUSL_ANTEIL";
    share.name_de = "Ausländeranteil";
    share.sheet = {.definition = "Anteil der Ausländer an der Bevölkerung",
                   .relevance = "Zeigt die Zusammensetzung der Bevölkerung",
                   .interpretation = "Kein Ziel; Kontextindikator",
                   .data_source = "Statistische Ämter des Bundes und der Länder",
                   .methodological_notes = "Ab 2011 auf Basis des Zensus 2011"};
    share.unit = MeasureUnit::kPercent;
    share.polarity = Polarity::kNeutral;
    share.aggregation = {
        .kind = AggregationKind::kRatio, .numerator = "AUSL", .denominator = "BEV", .scale = 0};
    share.dimensions = {{"sex", {"m", "f"}}};
    ASSERT_OK(catalog_->Create(share, {"af.integration"}, "tester"));
  }

  static Observation Obs(const std::string& code, const std::string& unit,
                         const std::string& period, std::optional<double> value) {
    return Observation{.indicator_code = code,
                       .unit_key = unit,
                       .period = period,
                       .value = value,
                       .source = "test"};
  }

  testing::TempDir dir_;
};

}  // namespace integra::monitoring
