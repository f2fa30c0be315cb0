// MonitoringFixture plus the analysis stores (peer groups, targets, reforms) and queries, over a
// small register of two Länder with Kreise and Gemeinden of several types and size classes:
//
//   01 Schleswig-Holstein                05 Nordrhein-Westfalen
//     01001 / 01001000 Flensburg (KFS, Mittelstadt)   05911 / 05911000 Bochum (KFS, Großstadt)
//     01002 / 01002000 Kiel (KFS, Großstadt)          05913 / 05913000 Dortmund (KFS, Großstadt)
//     01051 Dithmarschen (Landkreis)                  05962 Märkischer Kreis (Landkreis)
//       01051001 Kleinstadt 10,000                      05962004 Kleinstadt 12,000
//       01051002 Kleinstadt  8,000                      05962008 Mittelstadt 50,000
//       01051003 Landgemeinde 1,000                     05962012 Kleinstadt  6,000
//       01051004 Kleinstadt  7,000
// Default peers of 01051001 (kreisangehörige Kleinstadt): 01051001, 01051002, 01051004,
// 05962004, 05962012.
#pragma once

#include <memory>
#include <string>

#include "services/monitoring/monitoring_queries.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/peer_resolver.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"
#include "tests/monitoring/monitoring_fixture.h"

namespace integra::monitoring {

class AnalyticsFixture : public MonitoringFixture {
 protected:
  void SetUp() override {
    MonitoringFixture::SetUp();
    auto gemeinde = [](const std::string& key, const std::string& name, int64_t population) {
      return Unit{.key = key,
                  .name = name,
                  .type = UnitType::kKreisangehoerigeGemeinde,
                  .population = population};
    };
    auto kfs = [](const std::string& key, const std::string& name, int64_t population) {
      return Unit{
          .key = key, .name = name, .type = UnitType::kKreisfreieStadt, .population = population};
    };
    ASSERT_OK_AND_ASSIGN(
        UnitBatchResult r,
        units_->UpsertBatch(
            {Unit{.key = "05", .name = "Nordrhein-Westfalen", .type = UnitType::kLand},
             kfs("01002000", "Kiel", 247717),
             Unit{.key = "01051", .name = "Dithmarschen", .type = UnitType::kLandkreis},
             kfs("05911", "Bochum", 365000), kfs("05911000", "Bochum", 365000),
             kfs("05913", "Dortmund", 588000), kfs("05913000", "Dortmund", 588000),
             Unit{.key = "05962", .name = "Märkischer Kreis", .type = UnitType::kLandkreis},
             gemeinde("01051001", "Heide", 10000), gemeinde("01051002", "Brunsbüttel", 8000),
             gemeinde("01051003", "Albersdorf", 1000), gemeinde("01051004", "Meldorf", 7000),
             gemeinde("05962004", "Altena", 12000), gemeinde("05962008", "Iserlohn", 50000),
             gemeinde("05962012", "Balve", 6000)}));
    ASSERT_TRUE(r.applied) << (r.rejected.empty() ? "" : r.rejected[0].status.ToString());
  }

  // Reopens the engine with the deployment's ranking option (integrad --no-rankings).
  void OpenAnalytics(QueryOptions options = {}) { Reopen(options.rankings_enabled); }

  void ReopenAll() { Reopen(); }

  // ALQ: unemployment rate in percent, lower is better, by nationality.
  void CreateRateIndicator(const std::string& code, Polarity polarity,
                           bool ranking_allowed = true) {
    Indicator ind;
    ind.code = code;
    ind.name_de = "Arbeitslosenquote";
    ind.unit = MeasureUnit::kPercent;
    ind.polarity = polarity;
    ind.ranking_allowed = ranking_allowed;
    ind.dimensions = {{"nationality", {"german", "foreign"}}};
    ASSERT_OK(catalog_->Create(ind, {}, "tester"));
  }

  // ALQ_GAP: ALQ foreign - german (a gap indicator, computed on read), after CreateRateIndicator.
  void CreateGapIndicator() {
    Indicator gap;
    gap.code = "ALQ_GAP";
    gap.name_de = "Abstand der Arbeitslosenquote Ausländer - Deutsche";
    gap.unit = MeasureUnit::kPercent;
    gap.polarity = Polarity::kLowerIsBetter;
    gap.gap = GapDefinition{.base = "ALQ",
                            .dimension = "nationality",
                            .focus = "foreign",
                            .reference = "german",
                            .kind = analytics::GapKind::kDifference};
    ASSERT_OK(catalog_->Create(gap, {}, "tester"));
  }

  void Put(const std::string& code, const std::string& unit, const std::string& period,
           std::optional<double> value, Breakdown bd = {}, uint8_t flags = 0) {
    Observation o = Obs(code, unit, period, value);
    o.breakdown = std::move(bd);
    o.flags = flags;
    ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Ingest({o}, "tester"));
    ASSERT_TRUE(r.applied) << (r.rejected.empty() ? "" : r.rejected[0].status.ToString());
  }

};

}  // namespace integra::monitoring
