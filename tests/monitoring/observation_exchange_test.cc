// The data-exchange paths of the observation store and the catalogs: validation without
// writing (pass 1 of an import), the export walk with its filters, the change feed with full
// observations, the change notifier, unit batch validation and catalog file import.
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "services/monitoring/catalog_import.h"
#include "services/monitoring/change_notifier.h"
#include "services/monitoring/row_rejection.h"
#include "services/monitoring/target_store.h"
#include "tests/monitoring/monitoring_fixture.h"

namespace integra::monitoring {
namespace {

class ObservationExchangeTest : public MonitoringFixture {
 protected:
  void SetUp() override {
    MonitoringFixture::SetUp();
    // A Landkreis with two Gemeinden, next to the kreisfreie Städte of the fixture.
    Unit dith{.key = "01051", .name = "Dithmarschen", .type = UnitType::kLandkreis};
    Unit brunsbuettel{.key = "01051011", .name = "Brunsbüttel, Stadt"};
    Unit heide{.key = "01051044", .name = "Heide, Stadt"};
    ASSERT_OK_AND_ASSIGN(UnitBatchResult r, units_->UpsertBatch({dith, brunsbuettel, heide}));
    ASSERT_TRUE(r.applied);
    CreateShareIndicators();
  }

  // Everything Export hands out for `q`, as "unit/period/breakdown=value" strings.
  std::vector<std::string> ExportAll(const ExportQuery& q) {
    std::vector<std::string> out;
    absl::Status s = observations_->Export(q, [&](const Observation& o) {
      std::string bd;
      for (const auto& [k, v] : o.breakdown) absl::StrAppend(&bd, "/", k, "=", v);
      out.push_back(o.indicator_code + ":" + o.unit_key + "/" + o.period + bd + "=" +
                    (o.value ? std::to_string(static_cast<int>(*o.value)) : "-"));
      return true;
    });
    EXPECT_OK(s);
    return out;
  }

  uint64_t Write(const std::vector<Observation>& rows) {
    auto r = observations_->Ingest(rows, "tester");
    EXPECT_OK(r);
    EXPECT_TRUE(r.ok() && r->applied);
    return r.ok() ? r->last_sequence : 0;
  }
};

TEST_F(ObservationExchangeTest, ValidateChecksLikeIngestAndWritesNothing) {
  Write({Obs("AUSL_ANTEIL", "01001", "2020", 10)});
  const uint64_t seq = observations_->last_sequence();
  std::vector<Observation> batch = {Obs("AUSL_ANTEIL", "01001", "2020", 10),   // unchanged
                                    Obs("AUSL_ANTEIL", "01001", "2021", 11),   // new
                                    Obs("AUSL_ANTEIL", "01002", "2021", 12)};  // new
  ASSERT_OK_AND_ASSIGN(IngestResult ok, observations_->Validate(batch));
  EXPECT_FALSE(ok.applied);
  EXPECT_TRUE(ok.rejected.empty());
  EXPECT_EQ(ok.accepted, 2);
  EXPECT_EQ(ok.unchanged, 1);
  EXPECT_EQ(observations_->last_sequence(), seq);
  EXPECT_STATUS(observations_->Get({"AUSL_ANTEIL", "01001", "2021", {}}, std::nullopt),
                absl::StatusCode::kNotFound, "no value");

  // Every kind of server-side problem is reported per row, with the field at fault.
  Observation bad_breakdown = Obs("AUSL_ANTEIL", "01001", "2022", 5);
  bad_breakdown.breakdown = {{"nationality", "x"}};
  std::vector<Observation> bad = {Obs("NOPE", "01001", "2020", 1),
                                  Obs("AUSL_ANTEIL", "09999", "2020", 1),
                                  Obs("AUSL_ANTEIL", "01001", "2020-Q1", 1),
                                  Obs("AUSL_ANTEIL", "01001", "2020", 140),
                                  bad_breakdown,
                                  Obs("AUSL_ANTEIL", "01001", "2023", std::nullopt),
                                  Obs("AUSL_ANTEIL", "01001", "2021", 11),
                                  Obs("AUSL_ANTEIL", "01001", "2021", 12)};
  ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Validate(bad));
  ASSERT_EQ(r.rejected.size(), 7u);
  std::vector<std::string> fields;
  for (const RowRejection& rej : r.rejected) fields.push_back(FieldOf(rej.status));
  EXPECT_THAT(fields, ::testing::ElementsAre(kFieldIndicator, kFieldUnit, kFieldPeriod, kFieldValue,
                                             kFieldBreakdown, kFieldValue, ""));
  EXPECT_EQ(r.rejected[0].status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(r.rejected[6].index, 7);  // the second copy of a cell
  EXPECT_EQ(r.accepted, 0);
  // Ingest rejects the same rows for the same reasons.
  ASSERT_OK_AND_ASSIGN(IngestResult w, observations_->Ingest(bad, "tester"));
  EXPECT_FALSE(w.applied);
  ASSERT_EQ(w.rejected.size(), 7u);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(w.rejected[i].index, r.rejected[i].index);
    EXPECT_EQ(w.rejected[i].status, r.rejected[i].status);
  }
  EXPECT_EQ(observations_->last_sequence(), seq);
}

TEST_F(ObservationExchangeTest, ExportFiltersByUnitPeriodAndBreakdown) {
  std::vector<Observation> rows;
  for (const char* unit : {"01001", "01002", "01051011", "01051044", "01051"}) {
    for (const char* period : {"2019", "2020", "2021"}) {
      rows.push_back(Obs("AUSL_ANTEIL", unit, period, 10));
      Observation f = Obs("AUSL_ANTEIL", unit, period, 20);
      f.breakdown = {{"sex", "f"}};
      rows.push_back(f);
    }
  }
  rows.push_back(Obs("BEV", "01001", "2020", 90000));
  Write(rows);

  ExportQuery all;
  EXPECT_EQ(ExportAll(all).size(), 31u);

  ExportQuery q;
  q.indicator_codes = {"AUSL_ANTEIL"};
  q.within = {"01051"};
  q.total_only = true;
  q.from_period = "2020";
  EXPECT_THAT(ExportAll(q), ::testing::ElementsAre(
                                "AUSL_ANTEIL:01051011/2020=10", "AUSL_ANTEIL:01051011/2021=10",
                                "AUSL_ANTEIL:01051044/2020=10", "AUSL_ANTEIL:01051044/2021=10"));

  ExportQuery kreise;
  kreise.indicator_codes = {"AUSL_ANTEIL"};
  kreise.within = {"01"};
  kreise.level = UnitLevel::kKreis;
  kreise.breakdown = Breakdown{{"sex", "f"}};
  kreise.to_period = "2019";
  EXPECT_THAT(ExportAll(kreise), ::testing::ElementsAre("AUSL_ANTEIL:01001/2019/sex=f=20",
                                                        "AUSL_ANTEIL:01002/2019/sex=f=20",
                                                        "AUSL_ANTEIL:01051/2019/sex=f=20"));

  ExportQuery listed;
  listed.indicator_codes = {"BEV", "AUSL_ANTEIL"};  // in the order asked
  listed.unit_keys = {"01001"};
  listed.from_period = "2020";
  listed.to_period = "2020";
  EXPECT_THAT(ExportAll(listed),
              ::testing::ElementsAre("BEV:01001/2020=90000", "AUSL_ANTEIL:01001/2020=10",
                                     "AUSL_ANTEIL:01001/2020/sex=f=20"));

  // Unknown things are errors, not empty exports.
  ExportQuery unknown;
  unknown.indicator_codes = {"NOPE"};
  EXPECT_STATUS(observations_->Export(unknown, [](const Observation&) { return true; }),
                absl::StatusCode::kNotFound, "NOPE");
  unknown.indicator_codes = {};
  unknown.within = {"09"};
  EXPECT_STATUS(observations_->Export(unknown, [](const Observation&) { return true; }),
                absl::StatusCode::kNotFound, "unit 09 is not registered");
  ExportQuery empty;
  empty.from_period = "2021";
  empty.to_period = "2020";
  EXPECT_STATUS(observations_->Export(empty, [](const Observation&) { return true; }),
                absl::StatusCode::kInvalidArgument, "from > to");
  ExportQuery quarter;
  quarter.indicator_codes = {"BEV"};
  quarter.from_period = "2020-Q2";
  EXPECT_STATUS(observations_->Export(quarter, [](const Observation&) { return true; }),
                absl::StatusCode::kInvalidArgument, "give a year instead");

  // A receiver that stops ends the walk.
  int taken = 0;
  EXPECT_STATUS(observations_->Export(all, [&](const Observation&) { return ++taken < 3; }),
                absl::StatusCode::kCancelled, "stopped");
  EXPECT_EQ(taken, 3);
}

TEST_F(ObservationExchangeTest, ExportCursorResumesWhereItStopped) {
  std::vector<Observation> rows;
  for (const char* unit : {"01001", "01002", "01051011"}) {
    for (const char* period : {"2019", "2020", "2021"}) {
      rows.push_back(Obs("AUSL_ANTEIL", unit, period, 10));
      Observation f = Obs("AUSL_ANTEIL", unit, period, 20);
      f.breakdown = {{"sex", "f"}};
      rows.push_back(f);
    }
  }
  rows.push_back(Obs("BEV", "01001", "2020", 90000));
  rows.push_back(Obs("BEV", "01002", "2020", 80000));
  Write(rows);
  ExportQuery all;
  const std::vector<std::string> whole = ExportAll(all);
  ASSERT_EQ(whole.size(), 20u);

  // In steps of any size: the same rows in the same order, across indicators.
  for (size_t step : {1u, 3u, 19u, 20u, 64u}) {
    ASSERT_OK_AND_ASSIGN(auto cursor, observations_->StartExport(all));
    std::vector<std::string> got;
    int steps = 0;
    for (bool more = true; more;) {
      size_t handed = 0;
      ASSERT_OK_AND_ASSIGN(more, cursor->Next(step, [&](const Observation& o) {
        ++handed;
        got.push_back(o.indicator_code + ":" + o.unit_key + "/" + o.period +
                      (o.breakdown.empty() ? "" : "/sex=" + o.breakdown.at("sex")));
        return true;
      }));
      EXPECT_LE(handed, step);
      if (more) {
        EXPECT_EQ(handed, step);
      }
      ++steps;
    }
    EXPECT_EQ(got.size(), whole.size()) << "step " << step;
    for (size_t i = 0; i < got.size() && i < whole.size(); ++i) {
      EXPECT_EQ(whole[i].substr(0, got[i].size() + 1), got[i] + "=") << "step " << step;
    }
    EXPECT_GE(steps, static_cast<int>((whole.size() + step - 1) / step)) << "step " << step;
    // Complete: nothing more, however often asked.
    ASSERT_OK_AND_ASSIGN(bool again, cursor->Next(step, [](const Observation&) {
      ADD_FAILURE() << "a row after the end";
      return true;
    }));
    EXPECT_FALSE(again);
  }

  // The query as a whole is checked when the cursor starts; a receiver that stops ends it.
  ExportQuery unknown;
  unknown.indicator_codes = {"NOPE"};
  EXPECT_STATUS(observations_->StartExport(unknown).status(), absl::StatusCode::kNotFound, "NOPE");
  ASSERT_OK_AND_ASSIGN(auto cursor, observations_->StartExport(all));
  EXPECT_STATUS(cursor->Next(5, [](const Observation&) { return false; }).status(),
                absl::StatusCode::kCancelled, "stopped");
}

TEST_F(ObservationExchangeTest, ExportGivesTheLatestRevisionOrTheOneKnownAsOf) {
  Write({Obs("AUSL_ANTEIL", "01001", "2020", 10), Obs("AUSL_ANTEIL", "01001", "2021", 11)});
  ASSERT_OK_AND_ASSIGN(Observation first,
                       observations_->Get({"AUSL_ANTEIL", "01001", "2020", {}}, std::nullopt));
  Write({Obs("AUSL_ANTEIL", "01001", "2020", 12)});
  Write({Obs("AUSL_ANTEIL", "01001", "2020", 13), Obs("AUSL_ANTEIL", "01002", "2020", 7)});
  ExportQuery q;
  EXPECT_THAT(ExportAll(q),
              ::testing::ElementsAre("AUSL_ANTEIL:01001/2020=13", "AUSL_ANTEIL:01001/2021=11",
                                     "AUSL_ANTEIL:01002/2020=7"));
  q.as_of_micros = first.recorded_micros;
  EXPECT_THAT(ExportAll(q),
              ::testing::ElementsAre("AUSL_ANTEIL:01001/2020=10", "AUSL_ANTEIL:01001/2021=11"));
}

TEST_F(ObservationExchangeTest, FeedCarriesTheFullObservation) {
  Observation o = Obs("AUSL_ANTEIL", "01001", "2020", 10);
  o.breakdown = {{"sex", "f"}};
  o.footnote = "vorläufig";
  o.series_break = "neue Methode";
  o.flags = kFlagProvisional;
  const uint64_t seq = Write({o});
  ASSERT_OK_AND_ASSIGN(auto feed, observations_->Feed(seq - 1, 10));
  ASSERT_EQ(feed.size(), 1u);
  const Observation& got = feed[0].observation;
  EXPECT_EQ(got.sequence, seq);
  EXPECT_EQ(got.breakdown, (Breakdown{{"sex", "f"}}));
  EXPECT_EQ(got.footnote, "vorläufig");
  EXPECT_EQ(got.series_break, "neue Methode");
  EXPECT_EQ(got.source, "test");
  EXPECT_EQ(got.flags, kFlagProvisional);
  EXPECT_EQ(got.revision, 1u);
  EXPECT_EQ(feed[0].change.actor, "tester");

  // After the indicator is deleted, its changes still stream (from the change record), and the
  // deletion is a change of its own.
  ASSERT_OK(observations_->DeleteIndicator("AUSL_ANTEIL", /*force=*/true, "tester"));
  ASSERT_OK_AND_ASSIGN(feed, observations_->Feed(seq - 1, 10));
  ASSERT_EQ(feed.size(), 2u);
  EXPECT_EQ(feed[0].observation.value, 10);
  EXPECT_EQ(feed[0].observation.footnote, "");
  EXPECT_EQ(feed[1].change.kind, ChangeKind::kIndicatorDeleted);
  EXPECT_EQ(feed[1].change.removed, 1u);
  EXPECT_EQ(feed[1].observation.indicator_code, "AUSL_ANTEIL");
}

TEST_F(ObservationExchangeTest, WritesWakeWaitersAndCloseEndsTheWait) {
  ChangeNotifier& n = observations_->notifier();
  const uint64_t before = observations_->last_sequence();
  EXPECT_EQ(n.published(), before);
  std::atomic<uint64_t> seen{0};
  std::thread waiter([&] { seen = n.WaitAfter(before, std::chrono::minutes(5)); });
  while (n.waiting() == 0) std::this_thread::yield();
  const uint64_t seq = Write({Obs("AUSL_ANTEIL", "01001", "2020", 10)});
  waiter.join();
  EXPECT_EQ(seen.load(), seq);
  // Already published: no wait at all.
  EXPECT_EQ(n.WaitAfter(before, std::chrono::minutes(5)), seq);

  std::thread closed([&] { seen = n.WaitAfter(seq, std::chrono::minutes(5)); });
  while (n.waiting() == 0) std::this_thread::yield();
  n.Close();
  closed.join();
  EXPECT_EQ(seen.load(), seq);
  EXPECT_TRUE(n.closed());

  // The notifier starts at the stored last sequence after a restart.
  Reopen();
  EXPECT_EQ(observations_->notifier().published(), seq);
}

TEST_F(ObservationExchangeTest, SubscriptionsFireOnceWhenTheirSequenceIsPassed) {
  ChangeNotifier& n = observations_->notifier();
  const uint64_t before = Write({Obs("AUSL_ANTEIL", "01001", "2019", 9)});
  ASSERT_GT(before, 0u);
  // Already published: nothing is registered and the caller goes on at once.
  EXPECT_EQ(n.Subscribe(before - 1, [] { ADD_FAILURE() << "called"; }), 0u);
  EXPECT_EQ(n.subscribed(), 0);

  std::vector<std::string> woken;  // only touched on this thread: Publish calls back inline
  const uint64_t a = n.Subscribe(before, [&] { woken.push_back("a"); });
  const uint64_t b = n.Subscribe(before + 1, [&] { woken.push_back("b"); });
  const uint64_t dropped = n.Subscribe(before, [&] { woken.push_back("dropped"); });
  ASSERT_GT(a, 0u);
  ASSERT_GT(b, 0u);
  EXPECT_EQ(n.subscribed(), 3);
  EXPECT_TRUE(n.Unsubscribe(dropped));
  EXPECT_FALSE(n.Unsubscribe(dropped));

  // A write publishes before + 1: only `a` (which had seen `before`) is due, and only once.
  const uint64_t seq = Write({Obs("AUSL_ANTEIL", "01001", "2020", 10)});
  ASSERT_EQ(seq, before + 1);
  EXPECT_EQ(woken, std::vector<std::string>{"a"});
  EXPECT_FALSE(n.Unsubscribe(a));  // already called
  EXPECT_EQ(n.subscribed(), 1);
  n.Publish(seq);  // no news: nothing is called
  EXPECT_EQ(woken.size(), 1u);

  // Close calls the rest; later subscriptions are refused.
  n.Close();
  EXPECT_EQ(woken, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(n.subscribed(), 0);
  EXPECT_EQ(n.Subscribe(seq + 100, [] { ADD_FAILURE() << "called after close"; }), 0u);
}

TEST_F(ObservationExchangeTest, UnitBatchValidationWritesNothing) {
  Unit changed{.key = "01051", .name = "Kreis Dithmarschen", .type = UnitType::kLandkreis};
  Unit same{.key = "01051011", .name = "Brunsbüttel, Stadt"};
  Unit orphan{.key = "01053001", .name = "Irgendwo"};
  Unit bad_type{.key = "01053", .name = "X", .type = UnitType::kKreisangehoerigeGemeinde};
  UnitBatchResult r = units_->ValidateBatch({changed, same, orphan, bad_type});
  EXPECT_FALSE(r.applied);
  ASSERT_EQ(r.rejected.size(), 2u);
  EXPECT_EQ(r.rejected[0].index, 2);
  EXPECT_EQ(r.rejected[1].index, 3);
  r = units_->ValidateBatch({changed, same});
  EXPECT_TRUE(r.rejected.empty());
  EXPECT_EQ(r.upserted, 1);
  EXPECT_EQ(r.unchanged, 1);
  ASSERT_OK_AND_ASSIGN(Unit stored, units_->Get("01051"));
  EXPECT_EQ(stored.name, "Dithmarschen");
}

TEST_F(ObservationExchangeTest, CatalogImportChecksEverythingBeforeCreating) {
  auto entry = [](const std::string& code, AggregationKind kind = AggregationKind::kNone,
                  const std::string& num = "", const std::string& den = "") {
    CatalogEntry e{Count(code, code + " Name"), {}};
    e.indicator.aggregation = {.kind = kind, .numerator = num, .denominator = den, .scale = 0};
    return e;
  };
  // The ratio's inputs come earlier in the same batch: fine. Unknown action field: refused, and
  // with it the whole batch.
  CatalogEntry share = entry("QUOTE", AggregationKind::kRatio, "ZAEHLER", "NENNER");
  share.indicator.unit = MeasureUnit::kPercent;
  CatalogEntry linked = entry("VERKNUEPFT");
  linked.measured_node_ids = {"af.gibtesnicht"};
  ASSERT_OK_AND_ASSIGN(
      CatalogImportResult r,
      ImportCatalogEntries(*catalog_, *knowledge_,
                           {entry("ZAEHLER"), entry("NENNER"), share, linked}, false, "tester"));
  EXPECT_FALSE(r.applied);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].index, 3);
  EXPECT_EQ(r.rejected[0].status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(catalog_->Find("ZAEHLER"), nullptr);

  // An input in neither the catalog nor the batch is refused.
  ASSERT_OK_AND_ASSIGN(
      r, ImportCatalogEntries(*catalog_, *knowledge_, {share, entry("ZAEHLER")}, true, "tester"));
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].index, 0);
  EXPECT_EQ(r.rejected[0].status.message(),
            "indicator QUOTE: its ratio aggregation names indicator NENNER, which is neither in "
            "the catalog nor in the file");

  linked.measured_node_ids = {"af.integration"};
  std::vector<CatalogEntry> file = {entry("ZAEHLER"), entry("NENNER"), share, linked};
  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, file, true, "tester"));
  EXPECT_FALSE(r.applied);
  EXPECT_EQ(r.created, 4);
  EXPECT_EQ(catalog_->Find("ZAEHLER"), nullptr);  // validate_only
  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, file, false, "tester"));
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.created, 4);
  ASSERT_OK_AND_ASSIGN(IndicatorInfo info, catalog_->Get("VERKNUEPFT"));
  EXPECT_THAT(info.measured_node_ids, ::testing::ElementsAre("af.integration"));
  EXPECT_EQ(catalog_->Find("QUOTE")->aggregation.scale, 100);  // the unit's default

  // The same file again changes nothing; a changed entry is refused, naming what differs.
  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, file, false, "tester"));
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.created, 0);
  EXPECT_EQ(r.unchanged, 4);
  file[1].indicator.name_de = "Anders";
  file[3].measured_node_ids = {};
  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, file, false, "tester"));
  ASSERT_EQ(r.rejected.size(), 2u);
  EXPECT_EQ(r.rejected[0].status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(r.rejected[0].status.message()), ::testing::HasSubstr("name_de"));
  EXPECT_THAT(std::string(r.rejected[1].status.message()), ::testing::HasSubstr("action_fields"));
}

TEST_F(ObservationExchangeTest, CatalogImportInDependencyOrder) {
  // An export lists the catalog by code, which can put a ratio before its numerator (ANTEIL <
  // ZZ_AUSL) or a weighted mean before its weight: the import checks and creates every entry
  // after the entries it refers to.
  auto count = [](const std::string& code) { return CatalogEntry{Count(code, code), {}}; };
  CatalogEntry ratio{Count("ANTEIL", "Anteil"), {}};
  ratio.indicator.unit = MeasureUnit::kPercent;
  ratio.indicator.aggregation = {
      .kind = AggregationKind::kRatio, .numerator = "ZZ_AUSL", .denominator = "ZZ_BEV", .scale = 0};
  CatalogEntry weighted{Count("AAA_MITTEL", "gewichtet"), {}};
  weighted.indicator.aggregation = {.kind = AggregationKind::kWeightedMean, .weight = "ANTEIL"};
  std::vector<CatalogEntry> file = {weighted, ratio, count("ZZ_BEV"), count("ZZ_AUSL")};
  ASSERT_OK_AND_ASSIGN(CatalogImportResult r,
                       ImportCatalogEntries(*catalog_, *knowledge_, file, true, "tester"));
  EXPECT_TRUE(r.rejected.empty()) << r.rejected[0].status;
  EXPECT_EQ(r.created, 4);
  EXPECT_EQ(catalog_->Find("ANTEIL"), nullptr);  // validate_only
  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, file, false, "tester"));
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.created, 4);
  ASSERT_NE(catalog_->Find("ANTEIL"), nullptr);
  EXPECT_EQ(catalog_->Find("ANTEIL")->aggregation.numerator, "ZZ_AUSL");
  ASSERT_NE(catalog_->Find("AAA_MITTEL"), nullptr);

  // Two entries that refer to each other cannot both come first: the check says which input
  // is missing, at the entry's own position in the file.
  CatalogEntry a{Count("ZYKLUS_A", "A"), {}};
  a.indicator.aggregation = {.kind = AggregationKind::kWeightedMean, .weight = "ZYKLUS_B"};
  CatalogEntry b{Count("ZYKLUS_B", "B"), {}};
  b.indicator.aggregation = {.kind = AggregationKind::kWeightedMean, .weight = "ZYKLUS_A"};
  ASSERT_OK_AND_ASSIGN(
      r, ImportCatalogEntries(*catalog_, *knowledge_, {count("X_OK"), a, b}, true, "tester"));
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].index, 2);
  EXPECT_THAT(std::string(r.rejected[0].status.message()),
              ::testing::HasSubstr("names indicator ZYKLUS_A, which is neither in the catalog "
                                   "nor in the file"));
}

TEST_F(ObservationExchangeTest, TargetBatchesAreAllOrNothingAndIdempotent) {
  TargetStore targets(store_, units_, catalog_);
  auto target = [](const std::string& unit, const std::string& period, double value) {
    IndicatorTarget t;
    t.ref = {"AUSL_ANTEIL", unit, {}, period};
    t.target_value = value;
    return t;
  };
  IndicatorTarget with_baseline = target("01001", "2030", 12);
  with_baseline.baseline_period = "2020";
  with_baseline.note = "Ratsbeschluss";
  std::vector<IndicatorTarget> file = {with_baseline, target("01002", "2030", 15)};
  std::vector<IndicatorTarget> bad = file;
  bad.push_back(target("09999", "2030", 1));     // unknown unit
  bad.push_back(target("01001", "2030", 120));   // percent over 100
  bad.push_back(target("01001", "2030-Q1", 5));  // period of another periodicity
  bad.push_back(target("01002", "2030", 16));    // the same target twice
  ASSERT_OK_AND_ASSIGN(TargetBatchResult r, targets.SetBatch(bad, "tester", false));
  EXPECT_FALSE(r.applied);
  ASSERT_EQ(r.rejected.size(), 4u);
  EXPECT_EQ(FieldOf(r.rejected[0].status), kFieldUnit);
  EXPECT_EQ(FieldOf(r.rejected[1].status), kFieldValue);
  EXPECT_EQ(FieldOf(r.rejected[2].status), kFieldPeriod);
  EXPECT_EQ(r.rejected[3].index, 5);
  ASSERT_OK_AND_ASSIGN(auto stored, targets.List("", ""));
  EXPECT_TRUE(stored.empty());  // nothing of the bad batch

  ASSERT_OK_AND_ASSIGN(r, targets.SetBatch(file, "tester", /*validate_only=*/true));
  EXPECT_FALSE(r.applied);
  EXPECT_EQ(r.changed, 2);
  ASSERT_OK_AND_ASSIGN(stored, targets.List("", ""));
  EXPECT_TRUE(stored.empty());
  ASSERT_OK_AND_ASSIGN(r, targets.SetBatch(file, "tester", false));
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.changed, 2);
  ASSERT_OK_AND_ASSIGN(stored, targets.List("", ""));
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].note, "Ratsbeschluss");
  EXPECT_EQ(stored[0].updated_by, "tester");

  file[1].target_value = 14;
  ASSERT_OK_AND_ASSIGN(r, targets.SetBatch(file, "other", false));
  EXPECT_EQ(r.changed, 1);
  EXPECT_EQ(r.unchanged, 1);
  ASSERT_OK_AND_ASSIGN(IndicatorTarget kept, targets.Get(file[0].ref));
  EXPECT_EQ(kept.updated_by, "tester");  // unchanged targets are not rewritten
}

TEST_F(ObservationExchangeTest, CatalogImportOfGapIndicators) {
  CatalogEntry base{Count("ALO", "Arbeitslose"), {}};
  base.indicator.periodicity = Periodicity::kQuarter;
  base.indicator.dimensions = {{"nationality", {"deutsch", "auslaendisch"}}};
  CatalogEntry gap{Count("ALO_GAP", "Abstand"), {}};
  gap.indicator.aggregation = {};
  gap.indicator.gap = GapDefinition{
      .base = "ALO", .dimension = "nationality", .focus = "auslaendisch", .reference = "deutsch"};
  CatalogEntry wrong = gap;
  wrong.indicator.code = "ALO_FALSCH";
  wrong.indicator.gap->focus = "eu";
  ASSERT_OK_AND_ASSIGN(CatalogImportResult r,
                       ImportCatalogEntries(*catalog_, *knowledge_, {base, gap, wrong}, true, "t"));
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].index, 2);
  EXPECT_THAT(std::string(r.rejected[0].status.message()), ::testing::HasSubstr("no value 'eu'"));
  // The base comes later in the file: checked first all the same; a base in neither the
  // catalog nor the file is refused.
  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, {gap, base}, true, "t"));
  EXPECT_TRUE(r.rejected.empty());
  EXPECT_EQ(r.created, 2);
  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, {gap}, true, "t"));
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].index, 0);
  EXPECT_THAT(std::string(r.rejected[0].status.message()),
              ::testing::HasSubstr("base indicator ALO is neither in the catalog nor in the file"));

  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, {base, gap}, false, "t"));
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(catalog_->Find("ALO_GAP")->periodicity, Periodicity::kQuarter);  // the base's
  // The same file again (periodicity not given for the gap): unchanged.
  ASSERT_OK_AND_ASSIGN(r, ImportCatalogEntries(*catalog_, *knowledge_, {base, gap}, false, "t"));
  EXPECT_EQ(r.unchanged, 2);
  EXPECT_TRUE(r.rejected.empty());
}

}  // namespace
}  // namespace integra::monitoring
