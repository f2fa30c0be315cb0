// Unit search (services/monitoring/unit_search.h) over a hand-made register: umlaut and case
// tolerance, key prefixes, the ranking, level and validity filters, limits, and the index
// following register writes.
#include "services/monitoring/unit_search.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/monitoring/unit_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::monitoring {
namespace {

std::vector<Unit> Register() {
  auto u = [](std::string key, std::string name, UnitType type, std::string valid_to = "") {
    return Unit{.key = std::move(key),
                .name = std::move(name),
                .type = type,
                .valid_to = std::move(valid_to)};
  };
  return {
      u("05", "Nordrhein-Westfalen", UnitType::kLand),
      u("05315", "Köln, Stadt", UnitType::kKreisfreieStadt),
      u("05315000", "Köln, Stadt", UnitType::kKreisfreieStadt),
      u("05117", "Mülheim an der Ruhr, Stadt", UnitType::kKreisfreieStadt),
      u("05117000", "Mülheim an der Ruhr, Stadt", UnitType::kKreisfreieStadt),
      u("05382", "Rhein-Sieg-Kreis", UnitType::kLandkreis),
      u("05382068", "Wachtberg", UnitType::kKreisangehoerigeGemeinde),
      u("05334", "Städteregion Aachen", UnitType::kLandkreis),
      u("05334002", "Aachen, Stadt", UnitType::kKreisangehoerigeGemeinde),
      u("09162", "München, Landeshauptstadt", UnitType::kKreisfreieStadt),
      u("09184", "München", UnitType::kLandkreis),
      u("09184119", "Unterschleißheim, Stadt", UnitType::kKreisangehoerigeGemeinde),
      u("16056", "Eisenach, Stadt", UnitType::kKreisfreieStadt, "2021-06-30"),
      u("05358", "Düren", UnitType::kLandkreis),
      u("05358008", "Düren, Stadt", UnitType::kKreisangehoerigeGemeinde),
      u("01002000", "Kiel, Landeshauptstadt", UnitType::kKreisfreieStadt),
  };
}

std::vector<std::string> Keys(const UnitSearchResult& r) {
  std::vector<std::string> out;
  for (const Unit& u : r.units) out.push_back(u.key);
  return out;
}

using K = std::vector<std::string>;

TEST(UnitSearchTest, KoelnIsFoundHoweverItIsTyped) {
  const UnitSearchIndex index(Register());
  for (const std::string q : {"Köln", "köln", "KÖLN", "Koeln", "koeln", "Koln", "KOLN", " köln "}) {
    ASSERT_OK_AND_ASSIGN(UnitSearchResult r, index.Search({.query = q}));
    // The Kreis (kreisfreie Stadt) before its Gemeinde: larger units first among equals.
    EXPECT_EQ(Keys(r), (K{"05315", "05315000"})) << q;
    EXPECT_EQ(r.total, 2);
  }
  // ß as ss, and ü as u or ue.
  ASSERT_OK_AND_ASSIGN(UnitSearchResult r, index.Search({.query = "unterschleissheim"}));
  EXPECT_EQ(Keys(r), (K{"09184119"}));
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "UNTERSCHLEIßHEIM"}));
  EXPECT_EQ(Keys(r), (K{"09184119"}));
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "muenchen"}));
  EXPECT_EQ(Keys(r), (K{"09184", "09162"}));
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "Munchen"}));
  EXPECT_EQ(Keys(r), (K{"09184", "09162"}));
}

TEST(UnitSearchTest, RankingExactThenPrefixThenWordStartThenSubstring) {
  const UnitSearchIndex index(Register());
  // "Aachen, Stadt" is exact (the part before the comma), "Städteregion Aachen" a word start.
  ASSERT_OK_AND_ASSIGN(UnitSearchResult r, index.Search({.query = "aachen"}));
  EXPECT_EQ(Keys(r), (K{"05334002", "05334"}));
  // München (the Landkreis) is exact; "München, Landeshauptstadt" is exact too (before the
  // comma): both exact, the Kreise ordered by folded name: "munchen" < "munchen, lan...".
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "münchen"}));
  EXPECT_EQ(Keys(r), (K{"09184", "09162"}));
  // "Düren" exact (Kreis, then Gemeinde "Düren, Stadt"); nothing else.
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "dueren"}));
  EXPECT_EQ(Keys(r), (K{"05358", "05358008"}));
  // "rhein": prefix Rhein-Sieg-Kreis, then the substring in Nordrhein-Westfalen.
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "rhein"}));
  EXPECT_EQ(Keys(r), (K{"05382", "05"}));
  // "ruhr": a word start in Mülheim an der Ruhr (Kreis before Gemeinde).
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "ruhr"}));
  EXPECT_EQ(Keys(r), (K{"05117", "05117000"}));
  // "stadt": prefix Städteregion? No: "stadte..." starts with "stadt" (ä -> a); then word starts
  // (", Stadt" and "Landeshauptstadt" is a substring).
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "stadt", .limit = 100}));
  ASSERT_FALSE(r.units.empty());
  EXPECT_EQ(r.units.front().key, "05334");
  EXPECT_EQ(UnitSearchIndex::MatchName("Kiel, Landeshauptstadt", "stadt"), UnitMatch::kSubstring);
  EXPECT_EQ(UnitSearchIndex::MatchName("Köln, Stadt", "stadt"), UnitMatch::kWordStart);
  EXPECT_EQ(UnitSearchIndex::MatchName("Köln, Stadt", "Koln"), UnitMatch::kExact);
  EXPECT_EQ(UnitSearchIndex::MatchName("Köln, Stadt", "Kö"), UnitMatch::kPrefix);
  EXPECT_EQ(UnitSearchIndex::MatchName("Köln, Stadt", "Berlin"), std::nullopt);
}

TEST(UnitSearchTest, DigitsSearchKeyPrefixes) {
  const UnitSearchIndex index(Register());
  ASSERT_OK_AND_ASSIGN(UnitSearchResult r, index.Search({.query = "05315"}));
  EXPECT_EQ(Keys(r), (K{"05315", "05315000"}));  // exact key first
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "053"}));
  EXPECT_EQ(Keys(r), (K{"05315", "05334", "05358", "05382", "05315000", "05334002", "05358008",
                        "05382068"}));
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "999"}));
  EXPECT_TRUE(r.units.empty());
}

TEST(UnitSearchTest, LevelValidityAndLimit) {
  const UnitSearchIndex index(Register());
  ASSERT_OK_AND_ASSIGN(UnitSearchResult r,
                       index.Search({.query = "köln", .level = UnitLevel::kGemeinde}));
  EXPECT_EQ(Keys(r), (K{"05315000"}));
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "eisenach", .valid_on = "2021-06-30"}));
  EXPECT_EQ(Keys(r), (K{"16056"}));
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "eisenach", .valid_on = "2023-12-31"}));
  EXPECT_TRUE(r.units.empty());
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "0", .limit = 3}));
  EXPECT_EQ(r.units.size(), 3u);
  EXPECT_EQ(r.total, 15);  // every key but Eisenach's 16056
  ASSERT_OK_AND_ASSIGN(r, index.Search({.query = "0", .limit = 1000}));  // at most 100
  EXPECT_EQ(r.units.size(), 15u);
  EXPECT_STATUS(index.Search({.query = "  "}), absl::StatusCode::kInvalidArgument, "empty");
  EXPECT_STATUS(index.Search({.query = "x", .limit = -1}), absl::StatusCode::kInvalidArgument,
                "negative");
  EXPECT_STATUS(index.Search({.query = "x", .valid_on = "2021-13-01"}),
                absl::StatusCode::kInvalidArgument, "valid_on");
}

TEST(UnitSearchTest, TheStoreSearchFollowsRegisterWrites) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, storage::Store::Open({.path = dir.Sub("db")}));
  ASSERT_OK_AND_ASSIGN(auto units, UnitStore::Open(store.get()));
  ASSERT_OK(units->Upsert({.key = "05", .name = "Nordrhein-Westfalen", .type = UnitType::kLand})
                .status());
  const UnitSearch search(units.get());
  ASSERT_OK_AND_ASSIGN(UnitSearchResult r, search.Search({.query = "koeln"}));
  EXPECT_TRUE(r.units.empty());
  ASSERT_OK(
      units->Upsert({.key = "05315", .name = "Köln, Stadt", .type = UnitType::kKreisfreieStadt})
          .status());
  ASSERT_OK_AND_ASSIGN(r, search.Search({.query = "koeln"}));
  EXPECT_EQ(Keys(r), (K{"05315"}));
}

}  // namespace
}  // namespace integra::monitoring
