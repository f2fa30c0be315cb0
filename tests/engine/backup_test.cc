// Backup, restore and verify of a whole data dir: a store holding content of every column family
// (units, indicators, observations with revisions, the change feed, packed sections, targets,
// peer groups, reforms, import jobs, the knowledge graph and its history, tokens, the audit
// trail) is backed up while a writer keeps writing, restored into a new dir, and compared key by
// key and value by value, family by family, with the source as it was at one point of the
// writer's acknowledged sequence. Then verify finds no problem in the copy, and finds a damaged
// record in a doctored one.
#include "storage/backup.h"

#include <latch>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/engine/verify.h"
#include "services/monitoring/import_jobs.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"
#include "services/security/audit_records.h"
#include "services/security/token_store.h"
#include "storage/key_codec.h"
#include "tests/monitoring/monitoring_fixture.h"

namespace integra::monitoring {
namespace {

using storage::Family;

// Every key and value of one family as `store` reads it (inside the caller's ReadScope, if any).
std::map<std::string, std::string> Dump(const storage::Store& store, Family family) {
  std::map<std::string, std::string> out;
  auto it = store.NewIterator(family, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) out.emplace(it->key(), it->value());
  EXPECT_OK(it->status());
  return out;
}

storage::AuditScope Audited(const std::string& what) {
  security::AuditEntry entry{
      .recorded_micros = 1, .token_name = "test", .peer = "test", .rpc = "test", .what = what};
  return storage::AuditScope(
      [entry](const std::vector<std::string>&) { return security::EncodeAuditRecord(entry); });
}

class BackupTest : public MonitoringFixture {
 protected:
  // Content in every family integra writes today.
  void FillEveryFamily() {
    const storage::AuditScope audit = Audited("fill");
    CreateShareIndicators();  // indicators, knowledge nodes, edges and their history
    ASSERT_OK_AND_ASSIGN(UnitBatchResult more,
                         units_->UpsertBatch({Unit{.key = "01002000",
                                                   .name = "Kiel",
                                                   .type = UnitType::kKreisfreieStadt,
                                                   .population = 247717}}));
    ASSERT_TRUE(more.applied);
    for (const char* unit : {"01001", "01002"}) {
      for (int year = 2015; year <= 2022; ++year) {
        ASSERT_OK(
            observations_->Put(Obs("BEV", unit, absl::StrCat(year), 1000.0 + year), "tester"));
        ASSERT_OK(
            observations_->Put(Obs("AUSL", unit, absl::StrCat(year), 100.0 + year), "tester"));
      }
      // Revisions of earlier values.
      ASSERT_OK(observations_->Put(Obs("AUSL", unit, "2020", 150.5), "tester"));
      ASSERT_OK(observations_->Put(Obs("AUSL", unit, "2020", 151.5), "tester"));
    }
    ASSERT_OK(groups_->Create({.name = "nord", .members = {"01001", "01002"}}, "tester"));
    ASSERT_OK(targets_->Set(
        {.ref = {.indicator_code = "AUSL", .unit_key = "01001", .target_period = "2030"},
         .target_value = 2500},
        "tester"));
    ASSERT_OK(reforms_->Create({.id = "sh-2023-test",
                                .effective_date = "2023-01-01",
                                .changes = {{.predecessor = "01001000", .successor = "01002000"}}},
                               "tester"));
    ASSERT_OK(engine_->tokens().Create({.name = "ops", .role = security::Role::kAdmin}));
    auto job = engine_->import_jobs().Start("bev.csv", "tester");
    ASSERT_OK(job->Ingest({Obs("BEV", "01001", "2023", 5000)}, {.rows = 1, .digest = "d1"}));
    ASSERT_OK(job->Finish());
  }

  testing::TempDir elsewhere_;  // backups and restored copies (outside the data dir dir_)
};

TEST_F(BackupTest, ABackupTakenWhileWritingRestoresOneConsistentPointOfEveryFamily) {
  FillEveryFamily();
  for (const storage::FamilySpec& spec : storage::AllFamilies()) {
    if (spec.family == Family::kDefault || spec.family == Family::kObsCross) continue;
    EXPECT_FALSE(Dump(*store_, spec.family).empty()) << spec.name << " has no content to compare";
  }

  // The writer: one observation per step (a new cell or a revision), each acknowledged write
  // followed by a snapshot of the store as of that moment, and its last change sequence.
  std::vector<std::shared_ptr<const storage::Snapshot>> snapshots{store_->GetSnapshot()};
  std::vector<uint64_t> sequences;
  ASSERT_OK_AND_ASSIGN(auto feed, observations_->Changes(0, 1 << 20));
  sequences.push_back(feed.back().sequence);
  std::latch halfway(1);
  std::atomic<bool> stop = false;
  absl::Status writer_status;
  std::thread writer([&] {
    constexpr int kMinSteps = 20;
    for (int step = 0; step < 100000 && (step < kMinSteps || !stop.load()); ++step) {
      const storage::AuditScope audit = Audited(absl::StrCat("step ", step));
      auto put = observations_->Put(Obs("AUSL", step % 2 == 0 ? "01001" : "01002",
                                        absl::StrCat(1990 + (step / 2) % 25), step),
                                    "writer");
      if (!put.ok()) {
        writer_status = put.status();
        break;
      }
      snapshots.push_back(store_->GetSnapshot());
      sequences.push_back(put->stored.sequence);
      if (step + 1 == kMinSteps) halfway.count_down();
    }
  });
  halfway.wait();  // the backup starts with the writer mid-stream
  const std::string backups = elsewhere_.Sub("backups");
  auto backed_up = store_->CreateBackup({.backup_dir = backups});
  stop = true;
  writer.join();
  ASSERT_OK(writer_status);
  ASSERT_OK(backed_up);
  EXPECT_EQ(backed_up->backup.id, 1u);
  EXPECT_GT(backed_up->backup.size_bytes, 0u);
  EXPECT_GT(backed_up->backup.file_count, 0u);
  EXPECT_EQ(backed_up->backup.schema_version, storage::kSchemaVersion);

  const std::string restored_dir = elsewhere_.Sub("restored");
  ASSERT_OK_AND_ASSIGN(storage::BackupInfo restored,
                       storage::RestoreBackup({.backup_dir = backups, .data_dir = restored_dir}));
  EXPECT_EQ(restored.id, 1u);
  ASSERT_OK_AND_ASSIGN(auto copy, storage::Store::Open({.path = restored_dir, .read_only = true}));

  // The copy's last change names the writer's step it holds; it is at or after the halfway mark.
  auto copy_changes = Dump(*copy, Family::kObsChanges);
  ASSERT_FALSE(copy_changes.empty());
  ASSERT_OK_AND_ASSIGN(uint64_t last, DecodeChangeKey(copy_changes.rbegin()->first));
  auto at = std::find(sequences.begin(), sequences.end(), last);
  ASSERT_NE(at, sequences.end()) << "the copy ends at change " << last
                                 << ", which no acknowledged write ended with";
  const size_t step = static_cast<size_t>(at - sequences.begin());
  EXPECT_GE(step, 20u);
  std::printf("the backup holds the writer's first %zu of %zu acknowledged writes\n", step,
              sequences.size() - 1);
  // Every family of the copy equals the source as of that step: every key, every value.
  std::map<std::string, size_t> counts;
  {
    storage::ReadScope then(snapshots[step]);
    size_t compared = 0;
    for (const storage::FamilySpec& spec : storage::AllFamilies()) {
      const auto expected = Dump(*store_, spec.family);
      const auto actual = Dump(*copy, spec.family);
      EXPECT_EQ(actual.size(), expected.size()) << spec.name;
      EXPECT_TRUE(actual == expected) << spec.name << " differs from the source at step " << step;
      compared += actual.size();
      counts[std::string(spec.name)] = actual.size();
    }
    EXPECT_GT(compared, 100u);
  }
  snapshots.clear();

  // The copy verifies clean, with the same counts.
  copy.reset();
  ASSERT_OK_AND_ASSIGN(engine::VerifyReport report, engine::VerifyDataDir(restored_dir));
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems.front());
  for (const engine::FamilyCheck& f : report.families) {
    EXPECT_EQ(f.records, counts[f.family]) << f.family;
    EXPECT_EQ(f.problems, 0u) << f.family;
  }
  // And it opens as a whole engine (integrad's open) with the values of that step.
  CloseEngine();
  OpenEngine({.data_dir = restored_dir});
  ASSERT_OK_AND_ASSIGN(auto tokens, engine_->tokens().List());
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].name, "ops");
}

TEST_F(BackupTest, KeepPurgesOlderBackupsAndRestoreChoosesOneById) {
  FillEveryFamily();
  const std::string backups = elsewhere_.Sub("backups");
  std::vector<uint32_t> ids;
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(observations_->Put(Obs("AUSL", "01001", "2021", 500 + i), "tester"));
    ASSERT_OK_AND_ASSIGN(storage::BackupResult r,
                         engine_->Backup({.backup_dir = backups, .keep = 2}));
    ids.push_back(r.backup.id);
    if (i == 2) {
      EXPECT_EQ(r.purged_ids, std::vector<uint32_t>{1});
      ASSERT_EQ(r.kept.size(), 2u);
      EXPECT_EQ(r.kept[0].id, 2u);
      EXPECT_EQ(r.kept[1].id, 3u);
    }
  }
  EXPECT_EQ(ids, (std::vector<uint32_t>{1, 2, 3}));
  // The backup is recorded in meta by a write of its own.
  ASSERT_OK_AND_ASSIGN(auto recorded, store_->Get(Family::kMeta, "last_backup"));
  ASSERT_TRUE(recorded.has_value());
  EXPECT_NE(recorded->find("backup 3 in " + backups), std::string::npos) << *recorded;

  EXPECT_STATUS(
      storage::RestoreBackup({.backup_dir = backups, .data_dir = elsewhere_.Sub("x"), .id = 1}),
      absl::StatusCode::kNotFound, "holds no backup 1 (it holds 2, 3)");
  const std::string two = elsewhere_.Sub("two");
  ASSERT_OK(storage::RestoreBackup({.backup_dir = backups, .data_dir = two, .id = 2}));
  CloseEngine();
  OpenEngine({.data_dir = two});
  ASSERT_OK_AND_ASSIGN(
      Observation v,
      observations_->Get({.indicator_code = "AUSL", .unit_key = "01001", .period = "2021"},
                         std::nullopt));
  EXPECT_EQ(v.value, 501);  // backup 2 came after the second put
}

TEST_F(BackupTest, RestoreRefusesANonEmptyDataDirAndTouchesNothingThere) {
  FillEveryFamily();
  const std::string backups = elsewhere_.Sub("backups");
  ASSERT_OK(store_->CreateBackup({.backup_dir = backups}));
  // The live data dir itself is the most dangerous non-empty target.
  EXPECT_STATUS(storage::RestoreBackup({.backup_dir = backups, .data_dir = dir_.path()}),
                absl::StatusCode::kFailedPrecondition, "is not empty");
  ASSERT_OK_AND_ASSIGN(auto units, store_->Get(Family::kUnits, "01002000"));
  EXPECT_TRUE(units.has_value());
  EXPECT_STATUS(store_->CreateBackup({.backup_dir = "relative/dir"}),
                absl::StatusCode::kInvalidArgument, "absolute path");
  EXPECT_STATUS(store_->CreateBackup({.backup_dir = dir_.Sub("inside")}),
                absl::StatusCode::kInvalidArgument, "inside the data dir");
}

TEST_F(BackupTest, VerifyReportsARecordThatDoesNotDecode) {
  FillEveryFamily();
  {
    storage::WriteBatch batch = store_->NewBatch();
    batch.Put(Family::kIndicators, storage::KeyWriter().Str("BROKEN").Take(), "\x07garbage");
    ASSERT_OK(store_->Write(batch));
  }
  CloseEngine();  // verify may also run beside a live engine; closed here to flush
  ASSERT_OK_AND_ASSIGN(engine::VerifyReport report, engine::VerifyDataDir(dir_.path()));
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.problem_count, 1u);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].find("indicators key="), std::string::npos) << report.problems[0];
  for (const engine::FamilyCheck& f : report.families) {
    EXPECT_EQ(f.problems, f.family == "indicators" ? 1u : 0u) << f.family;
  }
  EXPECT_FALSE(engine::Engine::Open({.data_dir = dir_.path()}).ok());  // nor does it load
}

}  // namespace
}  // namespace integra::monitoring
