// Migrations on open. 1 -> 2 (-> 3): a data dir whose latest values are per-cell obs_cross
// records (as schema 1 wrote them) reads exactly as before once ObservationStore::Open has packed
// them. The schema-1 dir is made here from a current one by writing obs_cross from the packed
// sections and removing what schema 1 did not have; tests/fixtures holds a dir written by
// schema-1 code. 2 -> 3: a dir whose sections are one value per level (schema 2, written here
// directly through the Store) reads the same once the Gemeinde sections are split by Land.
#include "services/monitoring/schema_migration.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/packed_section.h"
#include "storage/key_codec.h"
#include "tests/monitoring/analytics_fixture.h"
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
        std::string key(values->key().substr(0, values->key().size() - 1));  // without chunk
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
  EXPECT_EQ(store_->schema_version(), 3u);  // 1 -> 2 -> 3
  EXPECT_EQ(CountKeys(Family::kObsCross), 0);
  // BEV 2020 Kreise, 2020 Gemeinden (one Land: one chunk), 2021 Kreise.
  EXPECT_EQ(CountKeys(Family::kObsSections), 3);
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

  Reopen();  // already at 3: nothing to migrate, nothing changes
  EXPECT_EQ(store_->schema_version(), 3u);
  ASSERT_OK_AND_ASSIGN(cells, observations_->CountObservations("BEV"));
  EXPECT_EQ(cells, 4);
}

TEST_F(SchemaMigrationTest, RefusesAStoreThatIsNotAtSchema1) {
  EXPECT_STATUS(MigrateObservationsToSchema2(store_),
                absl::StatusCode::kFailedPrecondition, "schema-1");
}

TEST_F(SchemaMigrationTest, RefusesAStoreThatIsNotAtSchema2) {
  EXPECT_STATUS(MigrateObservationsToSchema3(store_),
                absl::StatusCode::kFailedPrecondition, "schema-2");
}

std::string Fig(const analytics::Figure& f) {
  return f.value.has_value() ? absl::StrCat(*f.value) : absl::StrCat("undefined(", f.reason, ")");
}

// Everything a comparison, a league table and a roll-up report, as text (to compare answers).
std::string Describe(const CompareResult& r) {
  const analytics::PeerComparison& c = r.comparison;
  const analytics::PeerDistribution& d = c.distribution;
  std::string out = absl::StrCat(c.unit_key, " n=", d.n, " missing=", d.missing, " min=", d.min,
                                 " q1=", d.q1, " median=", d.median, " q3=", d.q3, " max=", d.max,
                                 " mean=", d.mean, " sd=", Fig(d.sd));
  if (c.position.has_value()) {
    const analytics::UnitPosition& p = *c.position;
    absl::StrAppend(&out, " value=", p.value, " rank=", p.rank.value_or(-1),
                    " better=", p.better.value_or(-1), " worse=", p.worse.value_or(-1),
                    " percentile=", Fig(p.percentile), " z=", Fig(p.z_score));
  } else {
    absl::StrAppend(&out, " no position: ", c.position_reason);
  }
  return out;
}

std::string Describe(const LeagueResult& r) {
  std::string out = absl::StrCat("units=", r.units, " missing=", r.missing, " sources=",
                                 absl::StrJoin(r.sources, "|"));
  for (const LeagueRow& row : r.rows) {
    absl::StrAppend(&out, "\n", row.rank, " ", row.unit_key, " ", row.value, " flags=",
                    row.flags, " percentile=", Fig(row.percentile));
  }
  return out;
}

std::string Describe(const RollUpResultSet& r) {
  std::string out;
  for (const RollUpRow& row : r.rows) {
    absl::StrAppend(&out, row.unit_key, " ", Fig(row.rollup.value), " members=",
                    row.rollup.members_total, " reporting=", row.rollup.members_reporting,
                    " not=", absl::StrJoin(row.rollup.not_reporting, ","), "\n");
  }
  return out;
}

std::string Describe(const std::vector<CodeValue>& level) {
  std::string out;
  for (const CodeValue& c : level) {
    absl::StrAppend(&out, *UnitKeyOfCode(c.unit_code), "=",
                    c.value.has_value() ? absl::StrCat(*c.value) : "-", " ");
  }
  return out;
}

class SchemaMigration2To3Test : public AnalyticsFixture {
 protected:
  // Every stored cell, by level prefix (SectionLevelPrefix) and unit code, from whichever layout
  // the store holds, with whether its values part has sources.
  struct StoredCell {
    SectionCell cell;
    bool with_sources = false;
  };
  using Cells = std::map<std::string, std::map<uint32_t, StoredCell>>;

  Cells ReadAllCells() {
    Cells out;
    auto it = store_->NewIterator(Family::kObsSections, "", "");
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      auto key = DecodeSectionKey(it->key());
      EXPECT_OK(key.status());
      if (!key.ok()) continue;
      auto state = store_->Get(Family::kObsSectionState, it->key());
      EXPECT_OK(state.status());
      if (!state.ok() || !state->has_value()) {
        ADD_FAILURE() << "no state part";
        continue;
      }
      auto view = SectionView::Parse(it->value());
      auto section = Section::Decode(it->value(), **state);
      EXPECT_OK(section.status());
      if (!view.ok() || !section.ok()) continue;
      const std::string level =
          SectionLevelPrefix(key->indicator_id, key->breakdown, key->period, key->level);
      for (const SectionCell& c : section->cells()) {
        EXPECT_TRUE(out[level].try_emplace(c.unit_code, StoredCell{c, view->has_sources()}).second)
            << "unit " << c.unit_code << " stored twice";
      }
    }
    EXPECT_OK(it->status());
    return out;
  }

  // Counts the section keys with (schema 3) and without (schema 2) a chunk byte.
  std::pair<int, int> CountLayouts() {
    int chunked = 0, whole = 0;
    auto it = store_->NewIterator(Family::kObsSections, "", "");
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      auto key = DecodeSectionKey(it->key());
      EXPECT_OK(key.status());
      if (key.ok()) ++(key->chunk.has_value() ? chunked : whole);
    }
    EXPECT_OK(it->status());
    return {chunked, whole};
  }

  // Rewrites every level's chunks as the one value schema 2 stored under the level prefix (in
  // values format 1, without sources, for the levels whose prefix is in `without_sources`).
  void DowngradeToSchema2(const std::vector<std::string>& without_sources) {
    Cells cells = ReadAllCells();
    ASSERT_FALSE(cells.empty());
    storage::WriteBatch batch = store_->NewBatch();
    auto it = store_->NewIterator(Family::kObsSections, "", "");
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      batch.Delete(Family::kObsSections, it->key());
      batch.Delete(Family::kObsSectionState, it->key());
    }
    ASSERT_OK(it->status());
    for (const auto& [level, by_code] : cells) {
      Section section;
      std::vector<SectionCell> all;
      for (const auto& [code, stored] : by_code) all.push_back(stored.cell);
      section.Apply(std::move(all));
      std::string values;
      if (std::find(without_sources.begin(), without_sources.end(), level) !=
          without_sources.end()) {
        values = section.EncodeValuesWithoutSources();
      } else {
        ASSERT_OK_AND_ASSIGN(values, section.EncodeValues());
      }
      batch.Put(Family::kObsSections, level, values);
      batch.Put(Family::kObsSectionState, level, section.EncodeState());
    }
    batch.Put(Family::kMeta, "schema_version", "2");
    ASSERT_OK(store_->Write(batch));
  }

  // Values for every Gemeinde of both Länder and some Kreise, with sources, a suppressed cell,
  // a revised cell and a breakdown; BEV for a roll-up.
  void WriteData() {
    CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
    ASSERT_OK(catalog_->Create(Count("BEV", "Bevölkerung"), {}, "tester"));
    const std::vector<std::pair<std::string, double>> alq = {
        {"01001000", 6.1}, {"01002000", 8.2}, {"01051001", 5.0}, {"01051002", 4.4},
        {"01051003", 3.9}, {"01051004", 5.5}, {"05911000", 9.3}, {"05913000", 11.0},
        {"05962004", 6.6}, {"05962008", 7.7}, {"05962012", 4.8}};
    std::vector<Observation> rows;
    for (const auto& [unit, v] : alq) {
      Observation o = Obs("ALQ", unit, "2020", v);
      o.source = unit[1] == '1' ? "BA" : "IT.NRW";
      rows.push_back(o);
      Observation g = Obs("ALQ", unit, "2020", v - 1);
      g.breakdown = {{"nationality", "german"}};
      rows.push_back(g);
    }
    rows[2].flags = kFlagProvisional;
    rows[8].flags = kFlagSuppressed;  // 01051003: suppressed with its value
    for (std::string kreis : {"01001", "01002", "01051", "05911", "05913", "05962"}) {
      rows.push_back(Obs("ALQ", kreis, "2020", 6.0 + static_cast<double>(kreis[4] - '0')));
    }
    const std::vector<std::pair<std::string, double>> bev = {
        {"01001000", 92550}, {"01002000", 247717}, {"01051001", 10000}, {"01051002", 8000},
        {"01051004", 7000},  {"05911000", 365000}, {"05913000", 588000}, {"05962004", 12000},
        {"05962008", 50000}, {"05962012", 6000}};  // 01051003 does not report
    for (const auto& [unit, v] : bev) rows.push_back(Obs("BEV", unit, "2020", v));
    ASSERT_OK_AND_ASSIGN(IngestResult r, observations_->Ingest(rows, "tester"));
    ASSERT_TRUE(r.applied) << (r.rejected.empty() ? "" : r.rejected[0].status.ToString());
    Observation fix = Obs("ALQ", "05962008", "2020", 7.5);
    fix.source = "IT.NRW, Revision";
    ASSERT_OK_AND_ASSIGN(r, observations_->Ingest({fix}, "tester"));
    ASSERT_EQ(r.accepted, 1);
  }

  // The answers the migration must not change.
  std::vector<std::string> Answers() {
    std::vector<std::string> out;
    auto describe = [&out](const auto& result) {
      EXPECT_OK(result.status());
      out.push_back(result.ok() ? Describe(*result) : result.status().ToString());
    };
    describe(
        queries_->Compare({.indicator_code = "ALQ", .unit_key = "01051001", .period = "2020"}));
    describe(queries_->Compare({.indicator_code = "ALQ",
                                .unit_key = "05962012",
                                .breakdown = {{"nationality", "german"}},
                                .period = "2020",
                                .peers = {PeerScope::kLand, ""}}));
    describe(queries_->LeagueTable(
        {.indicator_code = "ALQ", .period = "2020", .level = UnitLevel::kGemeinde}));
    describe(queries_->LeagueTable(
        {.indicator_code = "ALQ", .period = "2020", .level = UnitLevel::kKreis}));
    describe(queries_->LeagueTable({.indicator_code = "BEV",
                                    .period = "2020",
                                    .level = UnitLevel::kGemeinde,
                                    .within = "05"}));
    for (UnitLevel to : {UnitLevel::kKreis, UnitLevel::kLand}) {
      describe(queries_->RollUp({.indicator_code = "BEV", .period = "2020", .level = to}));
    }
    auto alq = catalog_->Find("ALQ");
    describe(queries_->reader().ReadLevel(*alq, {}, Period{2020, 0}, UnitLevel::kGemeinde));
    return out;
  }
};

TEST_F(SchemaMigration2To3Test, ASchema2DirReadsTheSameAfterSplittingByLand) {
  WriteData();
  const Cells before = ReadAllCells();
  const std::vector<std::string> answers = Answers();
  auto bev = catalog_->Find("BEV");
  const std::string bev_gemeinden =
      SectionLevelPrefix(bev->id, kTotalBreakdown, Period{2020, 0}, UnitLevel::kGemeinde);
  ASSERT_TRUE(before.contains(bev_gemeinden));

  // BEV's Gemeinden as schema 2 packed them before sources were stored (format 1).
  DowngradeToSchema2({bev_gemeinden});
  EXPECT_EQ(CountLayouts(), std::make_pair(0, 4));  // ALQ total G and K, german G; BEV G
  ReopenAll();
  EXPECT_EQ(store_->schema_version(), 3u);
  // ALQ total and german Gemeinden, BEV Gemeinden: two Länder each; ALQ Kreise: one chunk.
  EXPECT_EQ(CountLayouts(), std::make_pair(3 * 2 + 1, 0));

  // Every cell kept value, flags, source, revision and fingerprint.
  const Cells after = ReadAllCells();
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [level, cells] : before) {
    ASSERT_TRUE(after.contains(level));
    const auto& moved = after.at(level);
    ASSERT_EQ(moved.size(), cells.size());
    for (const auto& [code, stored] : cells) {
      ASSERT_TRUE(moved.contains(code)) << code;
      const SectionCell& a = stored.cell;
      const SectionCell& b = moved.at(code).cell;
      EXPECT_EQ(b.flags, a.flags) << code;
      EXPECT_EQ(b.value, a.value) << code;
      EXPECT_EQ(b.revision, a.revision) << code;
      EXPECT_EQ(b.fingerprint, a.fingerprint) << code;
      const bool format1 = level == bev_gemeinden;
      EXPECT_EQ(moved.at(code).with_sources, !format1) << code;
      EXPECT_EQ(b.source, format1 ? "" : a.source) << code;
    }
  }
  auto alq = catalog_->Find("ALQ");
  const auto& alq_gemeinden = after.at(
      SectionLevelPrefix(alq->id, kTotalBreakdown, Period{2020, 0}, UnitLevel::kGemeinde));
  EXPECT_EQ(alq_gemeinden.at(UnitCodeOf("05962008")).cell.source, "IT.NRW, Revision");
  EXPECT_EQ(alq_gemeinden.at(UnitCodeOf("05962008")).cell.revision, 2u);
  EXPECT_EQ(alq_gemeinden.at(UnitCodeOf("01051003")).cell.flags, kFlagSuppressed);
  EXPECT_EQ(alq_gemeinden.at(UnitCodeOf("01051003")).cell.value, 3.9);

  // The same answers (the BEV league table takes its sources from the series now).
  const std::vector<std::string> again = Answers();
  ASSERT_EQ(again.size(), answers.size());
  for (size_t i = 0; i < answers.size(); ++i) EXPECT_EQ(again[i], answers[i]) << "answer " << i;

  // The state moved with the values: the same row changes nothing, a correction is revision 3.
  Observation fix = Obs("ALQ", "05962008", "2020", 7.5);
  fix.source = "IT.NRW, Revision";
  ASSERT_OK_AND_ASSIGN(IngestResult same, observations_->Ingest({fix}, "tester"));
  EXPECT_EQ(same.unchanged, 1);
  fix.value = 7.4;
  ASSERT_OK_AND_ASSIGN(IngestResult changed, observations_->Ingest({fix}, "tester"));
  EXPECT_EQ(changed.accepted, 1);
  ASSERT_OK_AND_ASSIGN(Observation latest, observations_->Get({"ALQ", "05962008", "2020", {}}, {}));
  EXPECT_EQ(latest.revision, 3u);
}

TEST_F(SchemaMigration2To3Test, AnInterruptedMigrationFinishesOnTheNextOpen) {
  WriteData();
  const Cells before = ReadAllCells();
  const std::vector<std::string> answers = Answers();
  DowngradeToSchema2({});
  // One section moved as a run interrupted after its first batch leaves it (chunks put, old key
  // deleted, version still 2); the next open migrates the rest and skips what was moved.
  {
    auto it = store_->NewIterator(Family::kObsSections, "", "");
    it->SeekToFirst();
    ASSERT_TRUE(it->Valid());
    ASSERT_OK_AND_ASSIGN(SectionKeyParts key, DecodeSectionKey(it->key()));
    ASSERT_FALSE(key.chunk.has_value());
    ASSERT_OK_AND_ASSIGN(auto state, store_->Get(Family::kObsSectionState, it->key()));
    ASSERT_OK_AND_ASSIGN(Section section, Section::Decode(it->value(), *state));
    std::map<uint8_t, std::vector<SectionCell>> by_chunk;
    for (const SectionCell& c : section.cells()) {
      by_chunk[SectionChunkOf(key.level, c.unit_code)].push_back(c);
    }
    storage::WriteBatch batch = store_->NewBatch();
    for (auto& [chunk, cells] : by_chunk) {
      Section part;
      part.Apply(std::move(cells));
      ASSERT_OK_AND_ASSIGN(std::string values, part.EncodeValues());
      const std::string new_key =
          SectionKey(key.indicator_id, key.breakdown, key.period, key.level, chunk);
      batch.Put(Family::kObsSections, new_key, values);
      batch.Put(Family::kObsSectionState, new_key, part.EncodeState());
    }
    batch.Delete(Family::kObsSections, it->key());
    batch.Delete(Family::kObsSectionState, it->key());
    ASSERT_OK(store_->Write(batch));
  }
  const auto [chunked, whole] = CountLayouts();
  ASSERT_GT(chunked, 0);
  ASSERT_GT(whole, 0);
  ReopenAll();
  EXPECT_EQ(store_->schema_version(), 3u);
  EXPECT_EQ(CountLayouts().second, 0);
  const Cells after = ReadAllCells();
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [level, cells] : before) {
    ASSERT_TRUE(after.contains(level));
    EXPECT_EQ(after.at(level).size(), cells.size());
  }
  EXPECT_EQ(Answers(), answers);
}

}  // namespace
}  // namespace integra::monitoring
