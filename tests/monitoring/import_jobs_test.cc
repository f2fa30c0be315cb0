// Import jobs over a real RocksDB (through the Engine): each chunk commits with the job record
// (also when a write fails part-way, and across a restart), resume checks the checkpoint, and a
// rollback sets back exactly what the job wrote, values, packed sections and feed, refusing (or
// keeping) cells written by others since, and finishing when interrupted.
#include "services/monitoring/import_jobs.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "services/monitoring/monitoring_keys.h"
#include "storage/column_families.h"
#include "tests/monitoring/monitoring_fixture.h"

namespace integra::monitoring {
namespace {

class ImportJobsTest : public MonitoringFixture {
 protected:
  void SetUp() override {
    MonitoringFixture::SetUp();
    CreateShareIndicators();
  }

  ImportJobStore& jobs() { return engine_->import_jobs(); }

  static Observation Bev(const std::string& unit, const std::string& period, double value,
                         const std::string& footnote = "") {
    Observation o = Obs("BEV", unit, period, value);
    o.footnote = footnote;
    return o;
  }

  // What a reader sees of one cell: value, flags, source and footnote, or nullopt (no value).
  std::optional<std::string> Read(const std::string& code, const std::string& unit,
                                  const std::string& period) {
    auto got = observations_->Get(CellRef{code, unit, period, {}}, std::nullopt);
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound) << got.status();
      return std::nullopt;
    }
    return absl::StrCat(got->value.value_or(-1), "|", got->flags, "|", got->source, "|",
                        got->footnote);
  }

  // Every latest revision of the store (all indicators, all units), as a reader sees it.
  std::map<std::string, std::string> ReadAll() {
    std::map<std::string, std::string> out;
    EXPECT_OK(observations_->Export({}, [&](const Observation& o) {
      out[absl::StrCat(o.indicator_code, "/", o.unit_key, "/", o.period)] = absl::StrCat(
          o.value.value_or(-1), "|", o.flags, "|", o.source, "|", o.footnote, "|", o.series_break);
      return true;
    }));
    return out;
  }

  // The raw values part of BEV's Kreis section of `period` (nullopt: no key).
  std::optional<std::string> SectionBytes(const std::string& period) {
    auto ind = catalog_->Find("BEV");
    EXPECT_NE(ind, nullptr);
    auto p = ParsePeriod(period);
    EXPECT_TRUE(p.ok());
    auto v = store_->Get(storage::Family::kObsSections,
                         SectionKey(ind->id, kTotalBreakdown, *p, UnitLevel::kKreis, 0));
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : std::nullopt;
  }
};

TEST_F(ImportJobsTest, ChunksCommitWithTheJobRecordAndAStreamThatEndsLeavesItIncomplete) {
  uint64_t id = 0;
  {
    auto session = jobs().Start("bev.csv", "alice");
    id = session->job_id();
    ASSERT_OK_AND_ASSIGN(
        IngestResult first,
        session->Ingest({Bev("01001", "2020", 100), Bev("01002", "2020", 200)}, {2, "d2"}));
    EXPECT_TRUE(first.applied);
    EXPECT_EQ(first.accepted, 2);
    ASSERT_OK_AND_ASSIGN(ImportJob running, jobs().Get(id));
    EXPECT_EQ(running.phase(), ImportJobPhase::kRunning);
    EXPECT_EQ(running.record.rows, 2u);
    // A chunk with one new and one unchanged row.
    ASSERT_OK_AND_ASSIGN(
        IngestResult second,
        session->Ingest({Bev("01001", "2020", 100), Bev("01001", "2021", 101)}, {4, "d4"}));
    EXPECT_EQ(second.accepted, 1);
    EXPECT_EQ(second.unchanged, 1);
    // A rejected chunk writes nothing, the job included.
    ASSERT_OK_AND_ASSIGN(IngestResult rejected,
                         session->Ingest({Bev("01003", "2020", 1)}, {5, "d5"}));
    EXPECT_FALSE(rejected.applied);
  }  // the stream ends without Finish
  ASSERT_OK_AND_ASSIGN(ImportJob ended, jobs().Get(id));
  EXPECT_EQ(ended.phase(), ImportJobPhase::kIncomplete);

  Reopen();  // as after a crash or a restart: what is stored decides
  ASSERT_OK_AND_ASSIGN(ImportJob job, jobs().Get(id));
  EXPECT_EQ(job.phase(), ImportJobPhase::kIncomplete);
  EXPECT_EQ(job.record.file_name, "bev.csv");
  EXPECT_EQ(job.record.actor, "alice");
  EXPECT_EQ(job.record.rows, 4u);
  EXPECT_EQ(job.record.revisions, 3u);
  EXPECT_EQ(job.record.unchanged, 1u);
  EXPECT_EQ(job.record.checkpoint, (ImportCheckpoint{4, "d4"}));
  EXPECT_EQ(job.record.parts, 2u);
  EXPECT_EQ(job.record.unit_prefix, "0100");  // 01001 and 01002
  EXPECT_EQ(job.record.finished_micros, 0);
  // The next job gets the next id, also after the restart.
  auto next = jobs().Start("other.csv", "bob");
  EXPECT_EQ(next->job_id(), id + 1);
}

TEST_F(ImportJobsTest, AFailedWriteLeavesTheJobRecordExactlyAsTheData) {
  auto session = jobs().Start("bev.csv", "alice");
  int writes = 0;
  store_->SetBeforeWriteHookForTesting([&](const storage::WriteBatch&) {
    return ++writes == 2 ? absl::UnavailableError("disk gone") : absl::OkStatus();
  });
  ASSERT_OK(session->Ingest({Bev("01001", "2020", 100)}, {1, "d1"}).status());
  EXPECT_EQ(session->Ingest({Bev("01002", "2020", 200)}, {2, "d2"}).status().code(),
            absl::StatusCode::kUnavailable);
  store_->SetBeforeWriteHookForTesting(nullptr);
  ASSERT_OK_AND_ASSIGN(ImportJob job, jobs().Get(session->job_id()));
  EXPECT_EQ(job.record.rows, 1u);
  EXPECT_EQ(job.record.checkpoint.rows, 1u);
  EXPECT_EQ(Read("BEV", "01002", "2020"), std::nullopt);
  // The same chunk again goes through and is counted once.
  ASSERT_OK(session->Ingest({Bev("01002", "2020", 200)}, {2, "d2"}).status());
  ASSERT_OK(session->Finish());
  ASSERT_OK_AND_ASSIGN(job, jobs().Get(session->job_id()));
  EXPECT_EQ(job.record.rows, 2u);
  EXPECT_EQ(job.record.revisions, 2u);
  EXPECT_EQ(job.phase(), ImportJobPhase::kComplete);
  EXPECT_GT(job.record.finished_micros, 0);
}

TEST_F(ImportJobsTest, AStreamWhoseFirstChunkIsRejectedLeavesNoJob) {
  uint64_t id = 0;
  {
    auto session = jobs().Start("bad.csv", "alice");
    id = session->job_id();
    ASSERT_OK_AND_ASSIGN(IngestResult r, session->Ingest({Bev("01003", "2020", 1)}, {1, "x"}));
    EXPECT_FALSE(r.applied);
    EXPECT_FALSE(session->exists());
    ASSERT_OK(session->Finish());  // nothing to finish
  }
  EXPECT_EQ(jobs().Get(id).status().code(), absl::StatusCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto listed, jobs().List(0, 0));
  EXPECT_TRUE(listed.empty());
}

TEST_F(ImportJobsTest, ResumeNeedsTheJobsCheckpointAndOneStreamAtATime) {
  uint64_t id = 0;
  {
    auto session = jobs().Start("bev.csv", "alice");
    id = session->job_id();
    ASSERT_OK(session->Ingest({Bev("01001", "2020", 100)}, {1, "digest-1"}).status());
  }
  EXPECT_STATUS(jobs().Resume(id, {1, "digest-X"}, "alice").status(),
                absl::StatusCode::kFailedPrecondition, "not the same file");
  EXPECT_STATUS(jobs().Resume(id, {2, "digest-1"}, "alice").status(),
                absl::StatusCode::kFailedPrecondition, "had read 1 row(s)");
  EXPECT_EQ(jobs().Resume(id + 7, {1, "digest-1"}, "alice").status().code(),
            absl::StatusCode::kNotFound);
  {
    ASSERT_OK_AND_ASSIGN(auto resumed, jobs().Resume(id, {1, "digest-1"}, "bob"));
    EXPECT_STATUS(jobs().Resume(id, {1, "digest-1"}, "carol").status(),
                  absl::StatusCode::kFailedPrecondition, "is running");
    EXPECT_STATUS(jobs().Rollback(id, "carol", {}).status(), absl::StatusCode::kFailedPrecondition,
                  "is running");
    ASSERT_OK(resumed->Ingest({Bev("01002", "2020", 200)}, {2, "digest-2"}).status());
    ASSERT_OK(resumed->Finish());
  }
  ASSERT_OK_AND_ASSIGN(ImportJob job, jobs().Get(id));
  EXPECT_EQ(job.phase(), ImportJobPhase::kComplete);
  EXPECT_EQ(job.record.rows, 2u);
  EXPECT_EQ(job.record.actor, "alice");  // who started it; the revisions name who wrote them
  EXPECT_STATUS(jobs().Resume(id, {2, "digest-2"}, "alice").status(),
                absl::StatusCode::kFailedPrecondition, "is complete");
}

TEST_F(ImportJobsTest, RollbackRestoresPreviousValuesAndRemovesTheCellsTheJobCreated) {
  // Before the job: two values of BEV 2020 (one with a footnote), one of 2019.
  ASSERT_OK(observations_
                ->Ingest({Bev("01001", "2020", 100, "alt"), Bev("01002", "2020", 200),
                          Bev("01001", "2019", 90)},
                         "before")
                .status());
  const auto before = ReadAll();
  const auto section_2020 = SectionBytes("2020");
  ASSERT_TRUE(section_2020.has_value());
  ASSERT_FALSE(SectionBytes("2021").has_value());
  ASSERT_OK_AND_ASSIGN(int64_t cells_before, observations_->CountObservations("BEV"));

  uint64_t id = 0;
  uint64_t job_last = 0;
  {
    auto session = jobs().Start("bev.csv", "alice");
    id = session->job_id();
    // Chunk 1 changes 01001/2020 and creates 01001/2021; 01002/2020 is unchanged.
    ASSERT_OK(session
                  ->Ingest({Bev("01001", "2020", 110), Bev("01002", "2020", 200),
                            Bev("01001", "2021", 5)},
                           {3, "d3"})
                  .status());
    // Chunk 2 writes 01001/2020 once more and creates 01002/2021.
    ASSERT_OK_AND_ASSIGN(
        IngestResult r,
        session->Ingest({Bev("01001", "2020", 120), Bev("01002", "2021", 6)}, {5, "d5"}));
    job_last = r.last_sequence;
  }
  ASSERT_NE(ReadAll(), before);

  // A dry run counts and writes nothing.
  ASSERT_OK_AND_ASSIGN(RollbackResult dry, jobs().Rollback(id, "carol", {.dry_run = true}));
  EXPECT_EQ(dry.restored, 1u);
  EXPECT_EQ(dry.removed, 2u);
  EXPECT_EQ(observations_->last_sequence(), job_last);

  ASSERT_OK_AND_ASSIGN(RollbackResult result, jobs().Rollback(id, "carol", {}));
  EXPECT_EQ(result.restored, 1u);
  EXPECT_EQ(result.removed, 2u);
  EXPECT_EQ(result.kept, 0u);
  EXPECT_EQ(result.job.phase(), ImportJobPhase::kRolledBack);
  EXPECT_EQ(result.job.record.rolled_back_by, "carol");

  // Every read is as before the job: values, flags, sources, footnotes; the cells it created
  // are gone, also from the packed sections (byte for byte) and the cell count.
  EXPECT_EQ(ReadAll(), before);
  EXPECT_EQ(Read("BEV", "01001", "2020"), "100|0|test|alt");
  EXPECT_EQ(Read("BEV", "01001", "2021"), std::nullopt);
  EXPECT_EQ(SectionBytes("2020"), section_2020);
  EXPECT_FALSE(SectionBytes("2021").has_value());
  ASSERT_OK_AND_ASSIGN(int64_t cells_after, observations_->CountObservations("BEV"));
  EXPECT_EQ(cells_after, cells_before);

  // History keeps the job's revisions and shows the restoring one.
  ASSERT_OK_AND_ASSIGN(auto history, observations_->History(CellRef{"BEV", "01001", "2020", {}}));
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[1].value, 110);
  EXPECT_EQ(history[2].value, 120);
  EXPECT_EQ(history[3].value, 100);
  EXPECT_EQ(history[3].footnote, "alt");
  EXPECT_EQ(history[3].revision, 4u);

  // The feed after the job: one change per cell, the restoring revision and two removals.
  ASSERT_OK_AND_ASSIGN(auto feed, observations_->Feed(job_last, 100));
  ASSERT_EQ(feed.size(), 3u);
  std::map<std::string, const FeedEntry*> by_cell;
  for (const FeedEntry& e : feed) {
    by_cell[absl::StrCat(e.observation.unit_key, "/", e.observation.period)] = &e;
    EXPECT_EQ(e.change.actor, "carol");
  }
  ASSERT_EQ(by_cell.size(), 3u);
  EXPECT_EQ(by_cell["01001/2020"]->change.kind, ChangeKind::kRevision);
  EXPECT_EQ(by_cell["01001/2020"]->observation.value, 100);
  EXPECT_EQ(by_cell["01001/2020"]->observation.revision, 4u);
  EXPECT_EQ(by_cell["01001/2021"]->change.kind, ChangeKind::kRemoved);
  EXPECT_EQ(by_cell["01001/2021"]->change.removed, 1u);
  EXPECT_EQ(by_cell["01002/2021"]->change.kind, ChangeKind::kRemoved);
  EXPECT_FALSE(by_cell["01002/2021"]->observation.value.has_value());

  // Once is enough; the job's record says what happened, also after a restart.
  EXPECT_STATUS(jobs().Rollback(id, "carol", {}).status(), absl::StatusCode::kFailedPrecondition,
                "rolled back already");
  Reopen();
  ASSERT_OK_AND_ASSIGN(ImportJob job, jobs().Get(id));
  EXPECT_EQ(job.phase(), ImportJobPhase::kRolledBack);
  EXPECT_EQ(job.record.cells_restored, 1u);
  EXPECT_EQ(job.record.cells_removed, 2u);
  EXPECT_EQ(ReadAll(), before);
  // A removed cell starts over at revision 1.
  ASSERT_OK(observations_->Ingest({Bev("01001", "2021", 7)}, "later").status());
  ASSERT_OK_AND_ASSIGN(auto fresh, observations_->History(CellRef{"BEV", "01001", "2021", {}}));
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].revision, 1u);
}

TEST_F(ImportJobsTest, RollbackRefusesCellsWrittenByOthersSinceOrKeepsThem) {
  ASSERT_OK(observations_->Ingest({Bev("01001", "2020", 100)}, "before").status());
  uint64_t id = 0;
  {
    auto session = jobs().Start("bev.csv", "alice");
    id = session->job_id();
    ASSERT_OK(
        session->Ingest({Bev("01001", "2020", 110), Bev("01002", "2020", 200)}, {2, "d"}).status());
  }
  ASSERT_OK(observations_->Ingest({Bev("01001", "2020", 130)}, "bob").status());
  const uint64_t last = observations_->last_sequence();

  EXPECT_STATUS(jobs().Rollback(id, "carol", {}).status(), absl::StatusCode::kFailedPrecondition,
                "1 cell(s) were written by others after the job wrote them: BEV / 01001 / 2020");
  EXPECT_EQ(observations_->last_sequence(), last);  // nothing written
  EXPECT_EQ(Read("BEV", "01002", "2020"), "200|0|test|");

  ASSERT_OK_AND_ASSIGN(RollbackResult kept, jobs().Rollback(id, "carol", {.keep_changed = true}));
  EXPECT_EQ(kept.restored, 0u);
  EXPECT_EQ(kept.removed, 1u);
  EXPECT_EQ(kept.kept, 1u);
  EXPECT_EQ(Read("BEV", "01001", "2020"), "130|0|test|");  // bob's value stays
  EXPECT_EQ(Read("BEV", "01002", "2020"), std::nullopt);
}

TEST_F(ImportJobsTest, AWriteBetweenTwoOfTheJobsWritesIsAConflictToo) {
  ASSERT_OK(observations_->Ingest({Bev("01001", "2020", 100)}, "before").status());
  uint64_t id = 0;
  {
    auto session = jobs().Start("bev.csv", "alice");
    id = session->job_id();
    ASSERT_OK(session->Ingest({Bev("01001", "2020", 110)}, {1, "d1"}).status());
    ASSERT_OK(observations_->Ingest({Bev("01001", "2020", 115)}, "bob").status());
    ASSERT_OK(session->Ingest({Bev("01001", "2020", 120)}, {2, "d2"}).status());
  }
  EXPECT_STATUS(jobs().Rollback(id, "carol", {}).status(), absl::StatusCode::kFailedPrecondition,
                "by bob");
  ASSERT_OK_AND_ASSIGN(RollbackResult kept, jobs().Rollback(id, "carol", {.keep_changed = true}));
  EXPECT_EQ(kept.kept, 1u);
  EXPECT_EQ(Read("BEV", "01001", "2020"), "120|0|test|");
}

TEST_F(ImportJobsTest, AnInterruptedRollbackFinishesWhenRunAgain) {
  // Five cells: two with a value before the job, three new; the job writes them in two chunks.
  ASSERT_OK(
      observations_->Ingest({Bev("01001", "2018", 1), Bev("01002", "2018", 2)}, "before").status());
  const auto before = ReadAll();
  uint64_t id = 0;
  uint64_t job_last = 0;
  {
    auto session = jobs().Start("bev.csv", "alice");
    id = session->job_id();
    ASSERT_OK(
        session
            ->Ingest({Bev("01001", "2018", 11), Bev("01002", "2018", 12), Bev("01001", "2019", 13)},
                     {3, "d3"})
            .status());
    ASSERT_OK_AND_ASSIGN(
        IngestResult r,
        session->Ingest({Bev("01002", "2019", 14), Bev("01001", "2020", 15)}, {5, "d5"}));
    job_last = r.last_sequence;
  }
  // Batches of two cells; the second batch's write fails.
  int writes = 0;
  store_->SetBeforeWriteHookForTesting([&](const storage::WriteBatch&) {
    return ++writes == 2 ? absl::UnavailableError("disk gone") : absl::OkStatus();
  });
  EXPECT_EQ(jobs().Rollback(id, "carol", {.batch_cells = 2}).status().code(),
            absl::StatusCode::kUnavailable);
  store_->SetBeforeWriteHookForTesting(nullptr);
  ASSERT_OK_AND_ASSIGN(ImportJob halfway, jobs().Get(id));
  EXPECT_EQ(halfway.phase(), ImportJobPhase::kRollingBack);
  EXPECT_EQ(halfway.record.cells_restored + halfway.record.cells_removed, 2u);
  EXPECT_STATUS(jobs().Resume(id, {5, "d5"}, "alice").status(),
                absl::StatusCode::kFailedPrecondition, "rolled back in part");

  Reopen();
  ASSERT_OK_AND_ASSIGN(RollbackResult done, jobs().Rollback(id, "carol", {.batch_cells = 2}));
  EXPECT_EQ(done.job.phase(), ImportJobPhase::kRolledBack);
  EXPECT_EQ(done.restored, 2u);
  EXPECT_EQ(done.removed, 3u);
  EXPECT_EQ(ReadAll(), before);
  // Each cell was set back once: five changes after the job, none twice.
  ASSERT_OK_AND_ASSIGN(auto feed, observations_->Feed(job_last, 100));
  ASSERT_EQ(feed.size(), 5u);
  std::set<std::string> cells;
  for (const FeedEntry& e : feed) {
    cells.insert(absl::StrCat(e.observation.unit_key, "/", e.observation.period));
  }
  EXPECT_EQ(cells.size(), 5u);
}

TEST_F(ImportJobsTest, ListShowsJobsNewestFirstWithPaging) {
  for (int i = 0; i < 3; ++i) {
    auto session = jobs().Start(absl::StrCat("f", i, ".csv"), "alice");
    ASSERT_OK(session->Ingest({Bev("01001", absl::StrCat(2000 + i), i)}, {1, "d"}).status());
    if (i == 1) {
      ASSERT_OK(session->Finish());
    }
  }
  ASSERT_OK_AND_ASSIGN(auto all, jobs().List(0, 0));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].record.file_name, "f2.csv");
  EXPECT_EQ(all[1].phase(), ImportJobPhase::kComplete);
  EXPECT_EQ(all[2].phase(), ImportJobPhase::kIncomplete);
  ASSERT_OK_AND_ASSIGN(auto page, jobs().List(all[0].record.id, 1));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].record.id, all[1].record.id);
  EXPECT_EQ(jobs().List(0, kMaxListedImportJobs + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace integra::monitoring
