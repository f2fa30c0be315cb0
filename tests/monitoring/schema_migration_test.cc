// Migration 1 -> 2 on open: a data dir whose latest values are per-cell obs_cross records (as
// schema 1 wrote them) reads exactly as before once ObservationStore::Open has packed them.
// The schema-1 dir is made here from a schema-2 one by writing obs_cross from the packed sections
// and removing what schema 1 did not have; tests/fixtures holds a dir written by schema-1 code.
#include "services/monitoring/schema_migration.h"

#include "gtest/gtest.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/packed_section.h"
#include "storage/key_codec.h"
#include "tests/monitoring/monitoring_fixture.h"

namespace integra::monitoring {
namespace {

using storage::Family;

class SchemaMigrationTest : public MonitoringFixture {
 protected:
  // Rewrites the store as schema 1 would have left it.
  void DowngradeToSchema1() {
    storage::WriteBatch batch = store_->NewBatch();
    auto values = store_->NewIterator(Family::kObsSections, "", "");
    int cells = 0;
    for (values->SeekToFirst(); values->Valid(); values->Next()) {
      ASSERT_OK_AND_ASSIGN(auto state, store_->Get(Family::kObsSectionState, values->key()));
      ASSERT_OK_AND_ASSIGN(Section section, Section::Decode(values->value(), *state));
      for (const SectionCell& c : section.cells()) {
        std::string key(values->key());
        key += storage::KeyWriter().U32(c.unit_code).key();
        batch.Put(Family::kObsCross, key,
                  EncodeCrossRecord({c.flags, c.value, c.revision, 0, c.fingerprint}));
        ++cells;
      }
    }
    ASSERT_OK(values->status());
    ASSERT_GT(cells, 0);
    const std::string all(8, '\xff');
    batch.DeleteRange(Family::kObsSections, "", all);
    batch.DeleteRange(Family::kObsSectionState, "", all);
    batch.DeleteRange(Family::kObsBatches, "", all);
    batch.Put(Family::kMeta, "schema_version", "1");
    ASSERT_OK(store_->Write(batch));
  }

  int CountKeys(Family family) {
    int n = 0;
    auto it = store_->NewIterator(family, "", "");
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    EXPECT_OK(it->status());
    return n;
  }
};

TEST_F(SchemaMigrationTest, ASchema1DirReadsTheSameAfterMigration) {
  ASSERT_OK(catalog_->Create(Count("BEV", "Bevölkerung"), {}, "tester"));
  std::vector<Observation> rows = {Obs("BEV", "01001", "2020", 90000),
                                   Obs("BEV", "01002", "2020", 247000),
                                   Obs("BEV", "01001000", "2020", 90000),
                                   Obs("BEV", "01001", "2021", 91000)};
  rows.back().flags = kFlagProvisional;
  ASSERT_OK_AND_ASSIGN(IngestResult first, observations_->Ingest(rows, "tester"));
  ASSERT_TRUE(first.applied);
  ASSERT_OK_AND_ASSIGN(IngestResult second,
                       observations_->Ingest({Obs("BEV", "01001", "2021", 91500)}, "tester"));
  ASSERT_TRUE(second.applied);

  DowngradeToSchema1();
  Reopen();  // ObservationStore::Open migrates
  EXPECT_EQ(store_->schema_version(), 2u);
  EXPECT_EQ(CountKeys(Family::kObsCross), 0);
  EXPECT_EQ(CountKeys(Family::kObsSections), 3);  // BEV 2020 Kreise, 2020 Gemeinden, 2021 Kreise
  EXPECT_EQ(CountKeys(Family::kObsBatches), 2);   // one per write

  ASSERT_OK_AND_ASSIGN(int64_t cells, observations_->CountObservations("BEV"));
  EXPECT_EQ(cells, 4);
  ASSERT_OK_AND_ASSIGN(Observation latest, observations_->Get({"BEV", "01001", "2021", {}}, {}));
  EXPECT_EQ(latest.value, 91500);
  EXPECT_EQ(latest.revision, 2u);
  // As of the first write: resolved through the obs_batches index the migration built.
  ASSERT_OK_AND_ASSIGN(Observation before,
                       observations_->Get({"BEV", "01001", "2021", {}}, first.recorded_micros));
  EXPECT_EQ(before.value, 91000);
  EXPECT_EQ(before.flags, kFlagProvisional);
  EXPECT_STATUS(observations_->Get({"BEV", "01001", "2021", {}}, first.recorded_micros - 1),
                absl::StatusCode::kNotFound, "had been recorded");
  // The packed state kept revisions and fingerprints: the same rows again change nothing, and a
  // correction becomes revision 2 (2020) or 3 (2021).
  ASSERT_OK_AND_ASSIGN(IngestResult again, observations_->Ingest(
                                               {Obs("BEV", "01001", "2020", 90000),
                                                Obs("BEV", "01001", "2021", 91500)},
                                               "tester"));
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.accepted, 0);
  ASSERT_OK_AND_ASSIGN(IngestResult fix,
                       observations_->Ingest({Obs("BEV", "01002", "2020", 248000)}, "tester"));
  EXPECT_EQ(fix.accepted, 1);
  ASSERT_OK_AND_ASSIGN(Observation fixed, observations_->Get({"BEV", "01002", "2020", {}}, {}));
  EXPECT_EQ(fixed.revision, 2u);

  Reopen();  // already at 2: nothing to migrate, nothing changes
  EXPECT_EQ(store_->schema_version(), 2u);
  ASSERT_OK_AND_ASSIGN(cells, observations_->CountObservations("BEV"));
  EXPECT_EQ(cells, 4);
}

TEST_F(SchemaMigrationTest, RefusesAStoreThatIsNotAtSchema1) {
  EXPECT_STATUS(MigrateObservationsToSchema2(store_.get()),
                absl::StatusCode::kFailedPrecondition, "schema-1");
}

}  // namespace
}  // namespace integra::monitoring
