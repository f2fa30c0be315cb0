// Observations: validation, revisions and as-of reads, breakdowns, batch atomicity, series,
// cross-section and change feed, deletion of an indicator with data.
#include "services/monitoring/observation_store.h"

#include <latch>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/packed_section.h"
#include "tests/monitoring/monitoring_fixture.h"

namespace integra::monitoring {
namespace {

using ObservationStoreTest = MonitoringFixture;

CellRef Cell(const std::string& code, const std::string& unit, const std::string& period,
             Breakdown bd = {}) {
  return CellRef{code, unit, period, std::move(bd)};
}

TEST_F(ObservationStoreTest, CorrectionIsANewRevisionAndAsOfReturnsTheOldValue) {
  CreateShareIndicators();
  ASSERT_OK_AND_ASSIGN(IngestResult first,
                       observations_->Ingest({Obs("AUSL_ANTEIL", "01001", "2016", 8.1)}, "a"));
  ASSERT_TRUE(first.applied);
  EXPECT_EQ(first.accepted, 1);
  const int64_t before_correction = first.recorded_micros;

  Observation fix = Obs("AUSL_ANTEIL", "01001", "2016", 8.4);
  fix.footnote = "korrigiert nach Zensus";
  ASSERT_OK_AND_ASSIGN(IngestResult second, observations_->Ingest({fix}, "b"));
  EXPECT_EQ(second.accepted, 1);
  EXPECT_GT(second.recorded_micros, before_correction);

  ASSERT_OK_AND_ASSIGN(Observation latest,
                       observations_->Get(Cell("AUSL_ANTEIL", "01001", "2016"), std::nullopt));
  EXPECT_EQ(latest.value, 8.4);
  EXPECT_EQ(latest.revision, 2u);
  EXPECT_EQ(latest.footnote, "korrigiert nach Zensus");
  ASSERT_OK_AND_ASSIGN(Observation then,
                       observations_->Get(Cell("AUSL_ANTEIL", "01001", "2016"), before_correction));
  EXPECT_EQ(then.value, 8.1);
  EXPECT_EQ(then.revision, 1u);
  EXPECT_STATUS(observations_->Get(Cell("AUSL_ANTEIL", "01001", "2016"), before_correction - 1),
                absl::StatusCode::kNotFound, "had been recorded");

  ASSERT_OK_AND_ASSIGN(auto history, observations_->History(Cell("AUSL_ANTEIL", "01001", "2016")));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].value, 8.1);
  EXPECT_EQ(history[1].value, 8.4);
  EXPECT_LT(history[0].sequence, history[1].sequence);

  // Re-sending the same content creates no revision (idempotent re-import).
  ASSERT_OK_AND_ASSIGN(IngestResult again, observations_->Ingest({fix}, "b"));
  EXPECT_TRUE(again.applied);
  EXPECT_EQ(again.accepted, 0);
  EXPECT_EQ(again.unchanged, 1);
  ASSERT_OK_AND_ASSIGN(history, observations_->History(Cell("AUSL_ANTEIL", "01001", "2016")));
  EXPECT_EQ(history.size(), 2u);

  // History and as-of survive a restart; sequences continue.
  Reopen();
  ASSERT_OK_AND_ASSIGN(then,
                       observations_->Get(Cell("AUSL_ANTEIL", "01001", "2016"), before_correction));
  EXPECT_EQ(then.value, 8.1);
  EXPECT_EQ(observations_->last_sequence(), 2u);
  ASSERT_OK_AND_ASSIGN(IngestResult third,
                       observations_->Ingest({Obs("AUSL_ANTEIL", "01001", "2016", 8.5)}, "c"));
  EXPECT_EQ(third.last_sequence, 3u);
  EXPECT_GT(third.recorded_micros, second.recorded_micros);
}

TEST_F(ObservationStoreTest, RejectsInvalidRowsWithPreciseReasons) {
  CreateShareIndicators();
  std::vector<Observation> rows = {
      Obs("AUSL_ANTEIL", "01001", "2016", 8.0),           // 0 ok
      Obs("NOPE", "01001", "2016", 1),                    // 1 unknown indicator
      Obs("AUSL_ANTEIL", "01003", "2016", 1),             // 2 unit not registered
      Obs("AUSL_ANTEIL", "1001", "2016", 1),              // 3 malformed key
      Obs("AUSL_ANTEIL", "01001", "2017", std::nan("")),  // 4 NaN
      Obs("AUSL_ANTEIL", "01001", "2018", 140),           // 5 percent > 100
      Obs("AUSL_ANTEIL", "01001", "2019-Q1", 5),          // 6 periodicity
      Obs("AUSL_ANTEIL", "01001", "2016", 8.0),           // 7 same cell again
      Obs("AUSL_ANTEIL", "01001", "2020", 5),             // 8 unknown dimension
      Obs("AUSL_ANTEIL", "01001", "2021", 5),             // 9 unknown value
      Obs("AUSL_ANTEIL", "01001", "2022", std::nullopt),  // 10 no value
  };
  rows[8].breakdown = {{"nationality", "foreign"}};
  rows[9].breakdown = {{"sex", "x"}};
  ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Ingest(rows, "tester"));
  EXPECT_FALSE(r.applied);
  EXPECT_EQ(r.accepted, 0);
  ASSERT_EQ(r.rejected.size(), 10u);
  auto expect = [&](size_t i, int row, absl::StatusCode code, const std::string& text) {
    EXPECT_EQ(r.rejected[i].index, row);
    EXPECT_STATUS(r.rejected[i].status, code, text);
  };
  expect(0, 1, absl::StatusCode::kNotFound, "indicator 'NOPE' not found");
  expect(1, 2, absl::StatusCode::kNotFound, "unit 01003 is not registered");
  expect(2, 3, absl::StatusCode::kInvalidArgument, "4 digits");
  expect(3, 4, absl::StatusCode::kInvalidArgument, "NaN");
  expect(4, 5, absl::StatusCode::kInvalidArgument, "percentage (0-100)");
  expect(5, 6, absl::StatusCode::kInvalidArgument, "observed per year");
  expect(6, 7, absl::StatusCode::kInvalidArgument, "more than once");
  expect(7, 8, absl::StatusCode::kInvalidArgument, "'nationality' is not declared");
  expect(8, 9, absl::StatusCode::kInvalidArgument, "allowed: m, f");
  expect(9, 10, absl::StatusCode::kInvalidArgument, "only a SUPPRESSED");
  // The batch changed nothing, not even its valid row.
  EXPECT_STATUS(observations_->Get(Cell("AUSL_ANTEIL", "01001", "2016"), std::nullopt),
                absl::StatusCode::kNotFound, "no value");
  EXPECT_EQ(observations_->last_sequence(), 0u);
  ASSERT_OK_AND_ASSIGN(auto changes, observations_->Changes(0, 0));
  EXPECT_TRUE(changes.empty());
}

TEST_F(ObservationStoreTest, FailedWriteLeavesNothingHalfWritten) {
  CreateShareIndicators();
  store_->SetBeforeWriteHookForTesting([](const storage::WriteBatch& b) {
    // 3 rows x (series + change), 2 packed sections (BEV and AUSL of 2016, Kreise) x (values +
    // state), 1 batch time = 11 puts in one batch.
    EXPECT_EQ(b.Count(), 11);
    return absl::UnavailableError("disk gone");
  });
  EXPECT_STATUS(observations_->Ingest(
                    {Obs("BEV", "01001", "2016", 90000), Obs("BEV", "01002", "2016", 240000),
                     Obs("AUSL", "01001", "2016", 7000)},
                    "tester"),
                absl::StatusCode::kUnavailable, "disk gone");
  store_->SetBeforeWriteHookForTesting(nullptr);
  EXPECT_FALSE(observations_->Get(Cell("BEV", "01001", "2016"), std::nullopt).ok());
  EXPECT_EQ(observations_->last_sequence(), 0u);
  ASSERT_OK_AND_ASSIGN(IngestResult ok,
                       observations_->Ingest({Obs("BEV", "01001", "2016", 90000)}, "t"));
  EXPECT_EQ(ok.last_sequence, 1u);  // the failed batch consumed no sequence numbers
}

TEST_F(ObservationStoreTest, BreakdownsFlagsFootnotesAndSeriesBreaksAreKept) {
  CreateShareIndicators();
  Observation total = Obs("AUSL_ANTEIL", "01001", "2011", 6.0);
  total.series_break = "Zensus 2011: Fortschreibung neu basiert";
  total.flags = kFlagProvisional | kFlagSynthetic;
  Observation women = Obs("AUSL_ANTEIL", "01001", "2011", 5.5);
  women.breakdown = {{"sex", "f"}};
  Observation secret = Obs("AUSL_ANTEIL", "01001", "2011", std::nullopt);
  secret.breakdown = {{"sex", "m"}};
  secret.flags = kFlagSuppressed;
  ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Ingest({total, women, secret}, "t"));
  ASSERT_TRUE(r.applied);
  EXPECT_EQ(r.accepted, 3);

  ASSERT_OK_AND_ASSIGN(Observation t,
                       observations_->Get(Cell("AUSL_ANTEIL", "01001", "2011"), std::nullopt));
  EXPECT_EQ(t.value, 6.0);
  EXPECT_EQ(t.flags, kFlagProvisional | kFlagSynthetic);
  EXPECT_EQ(t.series_break, "Zensus 2011: Fortschreibung neu basiert");
  EXPECT_EQ(t.source, "test");
  ASSERT_OK_AND_ASSIGN(
      Observation f,
      observations_->Get(Cell("AUSL_ANTEIL", "01001", "2011", {{"sex", "f"}}), std::nullopt));
  EXPECT_EQ(f.value, 5.5);
  ASSERT_OK_AND_ASSIGN(
      Observation m,
      observations_->Get(Cell("AUSL_ANTEIL", "01001", "2011", {{"sex", "m"}}), std::nullopt));
  EXPECT_FALSE(m.value.has_value());
  EXPECT_EQ(m.flags, kFlagSuppressed);

  ASSERT_OK_AND_ASSIGN(auto changes, observations_->Changes(0, 0));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[1].breakdown, "sex=f");
  EXPECT_EQ(changes[1].indicator_code, "AUSL_ANTEIL");
  EXPECT_EQ(changes[1].unit_key, "01001");
  EXPECT_EQ(changes[1].period, "2011");
  EXPECT_EQ(changes[1].actor, "t");
  ASSERT_OK_AND_ASSIGN(auto tail, observations_->Changes(2, 0));
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].sequence, 3u);
}

TEST_F(ObservationStoreTest, ReimportingUnchangedDataCreatesNoRevision) {
  CreateShareIndicators();
  // Every field set somewhere: flags, footnote, series break, breakdown, a missing value.
  std::vector<Observation> file;
  for (int year = 2010; year < 2020; ++year) {
    Observation o = Obs("AUSL_ANTEIL", "01001", std::to_string(year), 5 + year % 7 * 0.25);
    o.flags = year % 2 == 0 ? kFlagProvisional : kFlagEstimated | kFlagSynthetic;
    o.footnote = year == 2011 ? "Zensus \"2011\"\nzweite Zeile" : "";
    o.series_break = year == 2011 ? "Zensus 2011" : "";
    file.push_back(o);
  }
  Observation secret = Obs("AUSL_ANTEIL", "01002", "2015", std::nullopt);
  secret.flags = kFlagSuppressed;
  secret.breakdown = {{"sex", "f"}};
  file.push_back(secret);
  ASSERT_OK_AND_ASSIGN(IngestResult first, observations_->Ingest(file, "a"));
  EXPECT_EQ(first.accepted, 11);
  const uint64_t sequence = observations_->last_sequence();
  ASSERT_OK_AND_ASSIGN(IngestResult check, observations_->Validate(file));
  EXPECT_EQ(check.accepted, 0);
  EXPECT_EQ(check.unchanged, 11);
  ASSERT_OK_AND_ASSIGN(IngestResult again, observations_->Ingest(file, "b"));
  EXPECT_TRUE(again.applied);
  EXPECT_EQ(again.accepted, 0);
  EXPECT_EQ(again.unchanged, 11);
  EXPECT_EQ(again.last_sequence, 0u);  // nothing written
  EXPECT_EQ(observations_->last_sequence(), sequence);
  ASSERT_OK_AND_ASSIGN(auto changes, observations_->Changes(sequence, 0));
  EXPECT_TRUE(changes.empty());
  ASSERT_OK_AND_ASSIGN(auto history, observations_->History(Cell("AUSL_ANTEIL", "01001", "2011")));
  EXPECT_EQ(history.size(), 1u);
  // Any one field different is a new revision of that cell only.
  file[3].footnote = "neu";
  ASSERT_OK_AND_ASSIGN(again, observations_->Ingest(file, "c"));
  EXPECT_EQ(again.accepted, 1);
  EXPECT_EQ(again.unchanged, 10);
}

TEST_F(ObservationStoreTest, FieldsAFileDoesNotCarryAreKept) {
  CreateShareIndicators();
  Observation stored = Obs("AUSL_ANTEIL", "01001", "2021", 0.1 + 0.2);  // needs 17 digits
  stored.source = "INKAR, BBSR Bonn";
  stored.footnote = "Zensus-korrigiert";
  stored.series_break = "Methodenwechsel 2021";
  stored.flags = kFlagProvisional | kFlagEstimated;
  ASSERT_OK(observations_->Ingest({stored}, "a").status());
  const CellRef cell = Cell("AUSL_ANTEIL", "01001", "2021");
  auto latest = [&] { return observations_->Get(cell, std::nullopt); };

  // A file without a source column that marks the break as yes/no (the CLI's text for
  // "yes"), the rest as stored. Taken as the whole content it would be a revision with an
  // empty source and a generic break reason.
  Observation sdg = Obs("AUSL_ANTEIL", "01001", "2021", 0.1 + 0.2);
  sdg.source = "";
  sdg.footnote = "Zensus-korrigiert";
  sdg.series_break = "series break (marked in an imported file)";
  sdg.flags = kFlagProvisional | kFlagEstimated;
  ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Validate({sdg}));
  EXPECT_EQ(r.accepted, 1);
  IngestOptions options;
  options.absent = {kAbsentSource};
  options.series_break_yes_no = true;
  ASSERT_OK_AND_ASSIGN(r, observations_->Ingest({sdg}, "b", options));
  EXPECT_EQ(r.unchanged, 1);
  EXPECT_EQ(r.accepted, 0);

  // XLSX: 16 digits, no series break column.
  Observation xlsx = Obs("AUSL_ANTEIL", "01001", "2021", 0.3);
  xlsx.source = "INKAR, BBSR Bonn";
  xlsx.footnote = "Zensus-korrigiert";
  xlsx.flags = kFlagProvisional | kFlagEstimated;
  options = {};
  options.absent = {kAbsentSeriesBreak};
  options.value_digits = 16;
  ASSERT_OK_AND_ASSIGN(r, observations_->Validate({xlsx}, options));
  EXPECT_EQ(r.unchanged, 1);
  // Without the digits rule 0.3 is another value, and then the break is still kept.
  options.value_digits = 0;
  ASSERT_OK_AND_ASSIGN(r, observations_->Validate({xlsx}, options));
  EXPECT_EQ(r.accepted, 1);

  // A plain table (ags, indicator, period, value) with the same value: everything kept.
  Observation plain = Obs("AUSL_ANTEIL", "01001", "2021", 0.1 + 0.2);
  plain.source = "";
  options = {};
  options.absent = {kAbsentSource | kAbsentFootnote | kAbsentFlags | kAbsentSeriesBreak};
  ASSERT_OK_AND_ASSIGN(r, observations_->Ingest({plain}, "c", options));
  EXPECT_EQ(r.unchanged, 1);

  // The same table with a new value: a revision that keeps the source and the series break,
  // while flags and footnote, which described the old value, are not carried over.
  plain.value = 7.5;
  ASSERT_OK_AND_ASSIGN(r, observations_->Ingest({plain}, "d", options));
  EXPECT_EQ(r.accepted, 1);
  ASSERT_OK_AND_ASSIGN(Observation now, latest());
  EXPECT_EQ(now.value, 7.5);
  EXPECT_EQ(now.revision, 2u);
  EXPECT_EQ(now.source, "INKAR, BBSR Bonn");
  EXPECT_EQ(now.series_break, "Methodenwechsel 2021");
  EXPECT_EQ(now.flags, 0);
  EXPECT_EQ(now.footnote, "");

  // A column that is there but empty clears: here the source (a file with an empty source
  // cell and every other column).
  Observation cleared = now;
  cleared.source = "";
  cleared.series_break = "";
  options = {};
  options.series_break_yes_no = true;
  ASSERT_OK_AND_ASSIGN(r, observations_->Ingest({cleared}, "e", options));
  EXPECT_EQ(r.accepted, 1);
  ASSERT_OK_AND_ASSIGN(now, latest());
  EXPECT_EQ(now.source, "");
  EXPECT_EQ(now.series_break, "");

  // A yes/no break on a cell without one takes the row's text.
  Observation marked = now;
  marked.series_break = "series break (marked in an imported file)";
  ASSERT_OK_AND_ASSIGN(r, observations_->Ingest({marked}, "f", options));
  ASSERT_OK_AND_ASSIGN(now, latest());
  EXPECT_EQ(now.series_break, "series break (marked in an imported file)");

  // Per-row bits; new cells take the row as it is.
  Observation fresh = Obs("AUSL_ANTEIL", "01002", "2021", 4);
  fresh.source = "";
  options = {};
  options.absent = {0, kAbsentSource};
  ASSERT_OK_AND_ASSIGN(r, observations_->Ingest({now, fresh}, "g", options));
  EXPECT_EQ(r.unchanged, 1);
  EXPECT_EQ(r.accepted, 1);
  ASSERT_OK_AND_ASSIGN(Observation new_cell,
                       observations_->Get(Cell("AUSL_ANTEIL", "01002", "2021"), std::nullopt));
  EXPECT_EQ(new_cell.source, "");
  options.absent = {0, 0, 0};
  EXPECT_STATUS(observations_->Ingest({now, fresh}, "h", options),
                absl::StatusCode::kInvalidArgument, "absent fields are given for 3 of 2 rows");
}

TEST_F(ObservationStoreTest, SeriesReturnsLatestPerPeriodInRangeForSeveralUnits) {
  CreateShareIndicators();
  std::vector<Observation> rows;
  for (int year = 2005; year <= 2024; ++year) {
    rows.push_back(Obs("AUSL_ANTEIL", "01001", std::to_string(year), year - 2000));
    rows.push_back(Obs("AUSL_ANTEIL", "01002", std::to_string(year), year - 1990));
  }
  ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Ingest(rows, "t"));
  ASSERT_EQ(r.accepted, 40);
  ASSERT_OK_AND_ASSIGN(IngestResult fix,
                       observations_->Ingest({Obs("AUSL_ANTEIL", "01001", "2010", 55)}, "t"));

  SeriesQuery q{.indicator_code = "AUSL_ANTEIL",
                .unit_keys = {"01002", "01001", "01001000"},
                .from_period = "2009",
                .to_period = "2011"};
  ASSERT_OK_AND_ASSIGN(auto series, observations_->Series(q));
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].unit_key, "01002");
  ASSERT_EQ(series[0].points.size(), 3u);
  EXPECT_EQ(series[0].points[0].period, "2009");
  EXPECT_EQ(series[0].points[2].value, 21);
  ASSERT_EQ(series[1].points.size(), 3u);
  EXPECT_EQ(series[1].points[1].value, 55);  // the correction, not the original
  EXPECT_EQ(series[1].points[1].revision, 2u);
  EXPECT_TRUE(series[2].points.empty());  // Gemeinde twin: no data at that key

  q.as_of_micros = r.recorded_micros;  // before the correction
  ASSERT_OK_AND_ASSIGN(series, observations_->Series(q));
  EXPECT_EQ(series[1].points[1].value, 10);

  SeriesQuery all{.indicator_code = "AUSL_ANTEIL", .unit_keys = {"01001"}};
  ASSERT_OK_AND_ASSIGN(series, observations_->Series(all));
  EXPECT_EQ(series[0].points.size(), 20u);
  EXPECT_EQ(series[0].points.front().period, "2005");
  EXPECT_EQ(series[0].points.back().period, "2024");

  q.from_period = "2012";
  EXPECT_STATUS(observations_->Series(q), absl::StatusCode::kInvalidArgument, "from > to");
  q.from_period = "2012-Q1";
  EXPECT_STATUS(observations_->Series(q), absl::StatusCode::kInvalidArgument, "is a quarter");
  q.from_period = "";
  q.unit_keys = {"01003"};
  EXPECT_STATUS(observations_->Series(q), absl::StatusCode::kNotFound, "not registered");
  (void)fix;
}

TEST_F(ObservationStoreTest, CrossSectionHoldsTheLatestValuePerUnit) {
  CreateShareIndicators();
  ASSERT_OK(observations_->Ingest(
      {Obs("AUSL_ANTEIL", "01001", "2016", 8.0), Obs("AUSL_ANTEIL", "01002", "2016", 12.0),
       Obs("AUSL_ANTEIL", "01001000", "2016", 8.0)},
      "t"));
  ASSERT_OK(observations_->Ingest({Obs("AUSL_ANTEIL", "01001", "2016", 9.0)}, "t"));
  const Indicator& ind = *catalog_->Find("AUSL_ANTEIL");
  Period p = *ParsePeriod("2016");
  std::map<std::string, double> kreise;
  ASSERT_OK(store_->View(storage::Family::kObsSections,
                         SectionKey(ind.id, kTotalBreakdown, p, UnitLevel::kKreis, 0),
                         [&](std::optional<std::string_view> bytes) -> absl::Status {
                           if (!bytes.has_value()) return absl::NotFoundError("no section");
                           auto section = SectionView::Parse(*bytes);
                           if (!section.ok()) return section.status();
                           for (size_t i = 0; i < section->size(); ++i) {
                             kreise[*UnitKeyOfCode(section->code(i))] = *section->value(i);
                           }
                           return absl::OkStatus();
                         }));
  // Only the Kreis level, only the latest revision.
  EXPECT_EQ(kreise, (std::map<std::string, double>{{"01001", 9.0}, {"01002", 12.0}}));
}

TEST_F(ObservationStoreTest, DeletingAnIndicatorWithDataNeedsForce) {
  CreateShareIndicators();
  ASSERT_OK(observations_->Ingest(
      {Obs("AUSL_ANTEIL", "01001", "2016", 8.0), Obs("AUSL_ANTEIL", "01002", "2016", 12.0)}, "t"));
  ASSERT_OK(observations_->Ingest({Obs("AUSL_ANTEIL", "01001", "2016", 8.5)}, "t"));
  EXPECT_STATUS(observations_->DeleteIndicator("AUSL_ANTEIL", false, "t"),
                absl::StatusCode::kFailedPrecondition, "has 2 observation(s)");
  EXPECT_STATUS(observations_->DeleteIndicator("BEV", true, "t"),
                absl::StatusCode::kFailedPrecondition,
                "ratio aggregation of indicator AUSL_ANTEIL");

  ASSERT_OK_AND_ASSIGN(int64_t removed, observations_->DeleteIndicator("AUSL_ANTEIL", true, "t"));
  EXPECT_EQ(removed, 2);
  EXPECT_EQ(catalog_->Find("AUSL_ANTEIL"), nullptr);
  EXPECT_STATUS(knowledge_->GetNode("ind.ausl_anteil"), absl::StatusCode::kNotFound, "");
  ASSERT_OK_AND_ASSIGN(
      auto edge,
      knowledge_->GetEdge("ind.ausl_anteil", knowledge::EdgeType::kMeasures, "af.integration"));
  EXPECT_FALSE(edge.has_value());
  auto series = store_->NewIterator(storage::Family::kObsSeries, "", "");
  series->SeekToFirst();
  EXPECT_FALSE(series->Valid());
  ASSERT_OK_AND_ASSIGN(auto changes, observations_->Changes(3, 0));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, ChangeKind::kIndicatorDeleted);
  EXPECT_EQ(changes[0].removed, 2u);

  // Without data no force is needed; ids are not reused.
  ASSERT_OK_AND_ASSIGN(removed, observations_->DeleteIndicator("AUSL", false, "t"));
  EXPECT_EQ(removed, 0);
  ASSERT_OK(catalog_->Create(Count("AUSL", "Ausländer"), {}, "t"));
  EXPECT_EQ(catalog_->Find("AUSL")->id, 4u);
  EXPECT_STATUS(observations_->DeleteIndicator("NOPE", true, "t"), absl::StatusCode::kNotFound,
                "NOPE");
}

// Regression (issue 15): two writers to one cell. Each Put's answer must be its own write (value,
// revision, sequence), as the change feed recorded it under that sequence, never the other
// writer's. Real threads released together by a latch; nothing sleeps.
TEST_F(ObservationStoreTest, ConcurrentPutsToOneCellEachAnswerTheirOwnWrite) {
  CreateShareIndicators();
  constexpr int kWriters = 4;
  constexpr int kPutsEach = 100;
  struct Answer {
    double sent = 0;
    ObservationStore::PutResult put;
  };
  std::vector<std::vector<Answer>> answers(kWriters);
  std::vector<absl::Status> errors(kWriters);
  std::latch start(kWriters);
  std::vector<std::thread> writers;
  writers.reserve(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      start.arrive_and_wait();
      for (int i = 0; i < kPutsEach; ++i) {
        const double value = w * 1000 + i;  // distinct across writers: every put is a change
        auto put = observations_->Put(Obs("BEV", "01001", "2016", value), "writer");
        if (!put.ok()) {
          errors[w] = put.status();
          return;
        }
        answers[w].push_back({value, *std::move(put)});
      }
    });
  }
  for (std::thread& t : writers) t.join();
  for (const absl::Status& e : errors) ASSERT_OK(e);

  ASSERT_OK_AND_ASSIGN(auto changes, observations_->Changes(0, 0));
  ASSERT_EQ(changes.size(), size_t{kWriters} * kPutsEach);
  std::map<uint64_t, const ChangeRecord*> by_sequence;
  for (const ChangeRecord& c : changes) by_sequence[c.sequence] = &c;
  std::set<uint64_t> answered;
  for (const auto& mine : answers) {
    for (const Answer& a : mine) {
      EXPECT_TRUE(a.put.changed);
      EXPECT_EQ(a.put.stored.value, a.sent);
      auto it = by_sequence.find(a.put.stored.sequence);
      ASSERT_NE(it, by_sequence.end()) << "sequence " << a.put.stored.sequence;
      EXPECT_EQ(it->second->value, a.sent) << "sequence " << a.put.stored.sequence;
      EXPECT_EQ(it->second->revision, a.put.stored.revision);
      EXPECT_TRUE(answered.insert(a.put.stored.sequence).second)
          << "two answers carry sequence " << a.put.stored.sequence;
    }
  }
  EXPECT_EQ(answered.size(), size_t{kWriters} * kPutsEach);

  // Unchanged content answers with the revision it equalled.
  ASSERT_OK_AND_ASSIGN(Observation latest,
                       observations_->Get(Cell("BEV", "01001", "2016"), std::nullopt));
  ASSERT_OK_AND_ASSIGN(auto again,
                       observations_->Put(Obs("BEV", "01001", "2016", *latest.value), "writer"));
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(again.stored.sequence, latest.sequence);
}

// Regression (issue 15): count indicators accepted negative values and 1.8e308. Every indicator
// has a value domain: counts 0 to 2^53 by default, percent 0-100, explicit min/max otherwise.
TEST_F(ObservationStoreTest, ValuesOutsideTheIndicatorsValueDomainAreRefusedPerRow) {
  CreateShareIndicators();  // BEV, AUSL (counts), AUSL_ANTEIL (percent)
  Indicator saldo = Count("SALDO", "Wanderungssaldo");
  saldo.min_value = -1e6;  // a balance may be negative
  ASSERT_OK(catalog_->Create(saldo, {}, "tester"));
  Indicator quote;
  quote.code = "QUOTE";
  quote.name_de = "Betreuungsquote";
  quote.unit = MeasureUnit::kPercent;
  quote.max_value = 50;
  ASSERT_OK(catalog_->Create(quote, {}, "tester"));

  ASSERT_OK_AND_ASSIGN(
      IngestResult r,
      observations_->Ingest(
          {Obs("BEV", "01001", "2016", -1),
           Obs("BEV", "01002", "2016", std::numeric_limits<double>::max()),
           Obs("AUSL", "01001", "2016", kMaxCount + 2), Obs("AUSL", "01002", "2016", kMaxCount),
           Obs("AUSL_ANTEIL", "01001", "2016", 100.5), Obs("SALDO", "01001", "2016", -2500),
           Obs("SALDO", "01002", "2016", -2e6), Obs("QUOTE", "01001", "2016", 50),
           Obs("QUOTE", "01002", "2016", 50.1)},
          "tester"));
  EXPECT_FALSE(r.applied);
  ASSERT_EQ(r.rejected.size(), 6u);
  auto expect = [&](size_t i, int row, const std::string& message) {
    EXPECT_EQ(r.rejected[i].index, row);
    EXPECT_STATUS(r.rejected[i].status, absl::StatusCode::kInvalidArgument, message);
  };
  expect(0, 0, "has value -1, but indicator BEV is a count (0 to 2^53");
  expect(1, 1, "but indicator BEV is a count");
  expect(2, 2, "but indicator AUSL is a count");
  expect(3, 4, "has value 100.5, but indicator AUSL_ANTEIL is a percentage (0-100)");
  expect(4, 6, "has value -2e+06, outside indicator SALDO's value domain [-1e+06, 9.0072e+15]");
  expect(5, 8, "has value 50.1, outside indicator QUOTE's value domain [0, 50]");

  // The bounds themselves are inside.
  ASSERT_OK_AND_ASSIGN(
      r, observations_->Ingest(
             {Obs("AUSL", "01002", "2016", kMaxCount), Obs("BEV", "01001", "2016", 0),
              Obs("SALDO", "01001", "2016", -2500), Obs("QUOTE", "01001", "2016", 50)},
             "tester"));
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.accepted, 4);

  // A domain must be finite and not empty, also against the unit's default on the other side.
  Indicator bad = Count("KAPUTT", "Kaputt");
  bad.max_value = -5;
  EXPECT_STATUS(catalog_->Create(bad, {}, "tester"), absl::StatusCode::kInvalidArgument,
                "the value domain's min 0 is above its max -5 (the unit's default");
  bad.max_value = std::numeric_limits<double>::infinity();
  EXPECT_STATUS(catalog_->Create(bad, {}, "tester"), absl::StatusCode::kInvalidArgument,
                "the value domain's max must be a finite number");

  // The domain survives a restart (catalog record version 3).
  Reopen();
  auto stored = catalog_->Find("SALDO");
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->min_value, -1e6);
  EXPECT_FALSE(stored->max_value.has_value());
}

}  // namespace
}  // namespace integra::monitoring
