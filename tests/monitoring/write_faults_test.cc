// Atomicity, tested so that a non-atomic implementation fails: every domain write that spans
// several records or stores runs with its 1st, 2nd, ... RocksDB Write failing (the store's
// before-write hook fails the N-th call only) until it succeeds. Each failing run must leave
// every column family byte for byte as it was and the domain's in-memory state (what reads
// return) unchanged; and the successful run shows how many Writes the operation takes. An
// implementation that split one of these changes over two Writes would leave its first part
// behind when the second fails, and fail here; one that failed on every write (the older
// tests' hook) could not tell.
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "gtest/gtest-spi.h"
#include "services/engine/engine.h"
#include "services/monitoring/import_jobs.h"
#include "storage/column_families.h"
#include "tests/monitoring/analytics_fixture.h"

namespace integra::monitoring {
namespace {

// Every stored record: (family, key) -> value.
std::map<std::pair<int, std::string>, std::string> DumpAll(const storage::Store& store) {
  std::map<std::pair<int, std::string>, std::string> out;
  storage::ReadScope scope(store);
  for (const storage::FamilySpec& spec : storage::AllFamilies()) {
    auto it = store.NewIterator(spec.family, "", "");
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      out[{static_cast<int>(spec.family), std::string(it->key())}] = std::string(it->value());
    }
    EXPECT_OK(it->status());
  }
  return out;
}

class WriteFaultsTest : public AnalyticsFixture {
 protected:
  // Runs `op` with the N-th Write failing, N = 1, 2, ... After a failing run the stored bytes
  // and `observe()` (reads through the domain) must equal what they were before. Returns the
  // number of Writes the successful run made (-1 after a failure).
  int WritesOf(const std::function<absl::Status()>& op,
               const std::function<std::string()>& observe) {
    const auto stored_before = DumpAll(*store_);
    const std::string seen_before = observe();
    for (int n = 1; n <= 32; ++n) {
      int calls = 0;
      store_->SetBeforeWriteHookForTesting([&](const storage::WriteBatch&) {
        return ++calls == n
                   ? absl::UnavailableError("injected failure of write " + std::to_string(n))
                   : absl::OkStatus();
      });
      const absl::Status status = op();
      store_->SetBeforeWriteHookForTesting(nullptr);
      if (calls < n) {  // no write failed
        EXPECT_OK(status);
        return calls;
      }
      if (status.ok()) {
        ADD_FAILURE() << "write " << n << " failed, yet the operation reported success";
        return -1;
      }
      if (DumpAll(*store_) != stored_before) {
        ADD_FAILURE() << "write " << n << " failed and left part of the change stored";
        return -1;
      }
      if (const std::string seen = observe(); seen != seen_before) {
        ADD_FAILURE() << "write " << n
                      << " failed and the domain shows part of the change: " << seen
                      << " (before: " << seen_before << ")";
        return -1;
      }
    }
    ADD_FAILURE() << "the operation still writes after 32 writes";
    return -1;
  }

  std::string Catalog() {
    std::string out;
    for (const char* code : {"ALQ", "BEV", "AUSL", "AUSL_ANTEIL"}) {
      auto info = catalog_->Get(code);
      absl::StrAppend(&out, code, info.ok() ? "+" : "-", " ");
    }
    auto node = knowledge_->GetNode("ind.alq");
    absl::StrAppend(&out, "node:", node.ok() ? "yes" : "no");
    auto edges = knowledge_->AllEdges();
    absl::StrAppend(&out, " edges:", edges.ok() ? edges->size() : 99);
    return out;
  }
  std::string Values(const std::string& code, const std::vector<std::string>& units) {
    auto series = queries_->reader().Series({.indicator_code = code, .unit_keys = units});
    if (!series.ok()) return std::string(series.status().message());
    std::string out;
    for (const UnitSeries& s : *series) {
      for (const Observation& o : s.points) {
        absl::StrAppend(&out, s.unit_key, " ", o.period, "=", o.value.value_or(-1), "#", o.revision,
                        " ");
      }
    }
    absl::StrAppend(&out, "last_seq=", observations_->last_sequence());
    return out;
  }
};

// The check itself: a change split over two Writes is caught when the second one fails.
TEST_F(WriteFaultsTest, TheCheckCatchesAChangeSplitOverTwoWrites) {
  CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
  auto split = [&] {
    absl::Status first = observations_->Ingest({Obs("ALQ", "01051001", "2020", 1)}, "t").status();
    if (!first.ok()) return first;
    return observations_->Ingest({Obs("ALQ", "01051001", "2021", 2)}, "t").status();
  };
  EXPECT_NONFATAL_FAILURE(WritesOf(split, [&] { return Values("ALQ", {"01051001"}); }),
                          "write 2 failed and left part of the change stored");
}

TEST_F(WriteFaultsTest, AnObservationBatchIsOneWrite) {
  CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
  Put("ALQ", "01051001", "2020", 7);
  std::vector<Observation> rows = {Obs("ALQ", "01051001", "2020", 6.5),  // a revision
                                   Obs("ALQ", "01051002", "2020", 5),
                                   Obs("ALQ", "05962004", "2021", 4)};  // another Land's chunk
  EXPECT_EQ(WritesOf([&] { return observations_->Ingest(rows, "tester").status(); },
                     [&] {
                       return Values("ALQ", {"01051001", "01051002", "05962004"});
                     }),
            1);
  EXPECT_EQ(Values("ALQ", {"01051001"}).substr(0, 19), "01051001 2020=6.5#2");
}

TEST_F(WriteFaultsTest, DeletingAnIndicatorWithItsDataIsOneWrite) {
  // The catalog adds the node ind.alq and its edge to the action field.
  Indicator ind;
  ind.code = "ALQ";
  ind.name_de = "Arbeitslosenquote";
  ind.unit = MeasureUnit::kPercent;
  ASSERT_OK(catalog_->Create(ind, {"af.integration"}, "tester").status());
  Put("ALQ", "01051001", "2020", 7);
  Put("ALQ", "05962004", "2020", 8);
  ASSERT_OK(
      targets_
          ->Set({.ref = {.indicator_code = "ALQ", .unit_key = "01051001", .target_period = "2025"},
                 .target_value = 5},
                "tester")
          .status());
  EXPECT_EQ(WritesOf([&] { return observations_->DeleteIndicator("ALQ", true, "tester").status(); },
                     [&] {
                       auto targets = targets_->List("ALQ", "");
                       return Catalog() + " targets:" +
                              (targets.ok() ? std::to_string(targets->size()) : "none") + " " +
                              std::to_string(observations_->last_sequence());
                     }),
            1);
  EXPECT_FALSE(catalog_->Get("ALQ").ok());
}

TEST_F(WriteFaultsTest, AReformWithTheUnitsItEndsIsOneWrite) {
  ASSERT_OK(units_
                ->Upsert({.key = "01051010",
                          .name = "Heide-Brunsbüttel",
                          .type = UnitType::kKreisangehoerigeGemeinde,
                          .population = 18000,
                          .valid_from = "2017-01-01"})
                .status());
  auto observe = [&] {
    std::string out;
    for (const char* key : {"01051001", "01051002"}) {
      auto u = units_->Get(key);
      absl::StrAppend(&out, key, " to ", u.ok() ? u->valid_to : "?", " ");
    }
    auto list = reforms_->List("");
    absl::StrAppend(&out, "reforms:", list.ok() ? list->size() : 99);
    return out;
  };
  EXPECT_EQ(WritesOf(
                [&] {
                  return reforms_
                      ->Create({.id = "sh-2017-heide",
                                .effective_date = "2017-01-01",
                                .changes = {{"01051001", "01051010", 1.0},
                                            {"01051002", "01051010", 1.0}}},
                               "tester")
                      .status();
                },
                observe),
            1);
  EXPECT_EQ(units_->Get("01051001")->valid_to, "2016-12-31");
}

TEST_F(WriteFaultsTest, AKnowledgeApplyIsOneWrite) {
  knowledge::KnowledgeDocument doc;
  doc.nodes.push_back({.id = "af.arbeit",
                       .type = knowledge::NodeType::kActionField,
                       .title_de = "Berufliche Integration"});
  doc.nodes.push_back({.id = "rec.lotsen",
                       .type = knowledge::NodeType::kRecommendation,
                       .title_de = "Lotsen einsetzen"});
  doc.edges.push_back(
      {.from = "rec.lotsen", .to = "af.arbeit", .type = knowledge::EdgeType::kAddresses});
  auto observe = [&] {
    auto a = knowledge_->GetNode("af.arbeit");
    auto r = knowledge_->GetNode("rec.lotsen");
    auto version = knowledge_->VersionInScope();
    return absl::StrCat(a.ok(), r.ok(), " v", version.ok() ? *version : 0);
  };
  EXPECT_EQ(WritesOf([&] { return knowledge_->Apply(doc, {}, "tester").status(); }, observe), 1);
  EXPECT_OK(knowledge_->GetNode("rec.lotsen").status());
}

TEST_F(WriteFaultsTest, AnImportJobChunkAndItsRecordAreOneWrite) {
  CreateRateIndicator("ALQ", Polarity::kLowerIsBetter);
  ImportJobStore& jobs = engine_->import_jobs();
  auto observe = [&] {
    auto listed = jobs.List(0, 100);
    return Values("ALQ", {"01051001", "01051002"}) +
           " jobs:" + (listed.ok() ? std::to_string(listed->size()) : "?");
  };
  std::unique_ptr<ImportJobStore::Session> session = jobs.Start("kurs.csv", "tester");
  EXPECT_EQ(WritesOf(
                [&] {
                  return session
                      ->Ingest(
                          {Obs("ALQ", "01051001", "2020", 7), Obs("ALQ", "01051002", "2020", 6)},
                          {.rows = 2, .digest = "d"})
                      .status();
                },
                observe),
            1);
  EXPECT_TRUE(session->exists());
  EXPECT_EQ(session->record().rows, 2u);
}

}  // namespace
}  // namespace integra::monitoring
