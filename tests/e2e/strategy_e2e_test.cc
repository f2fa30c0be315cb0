// A municipality's strategy through the real binaries, as deploy/load-demo.sh loads it: the
// demo file loads once, dumps back by owner byte-identically, lists as goals -> measures with
// German labels, and the kb commands accept and show the measure fields.
#include <fstream>

#include "gtest/gtest.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

using testing::RunResult;

std::string Repo(const std::string& relative) {
  return std::string(INTEGRA_SOURCE_DIR) + "/" + relative;
}

class StrategyE2ETest : public testing::IntegradTest {
 protected:
  // The demo's prerequisites of the strategy file: seed, register (Länder, Kreise), catalog.
  void LoadPrerequisites() {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"kb", "load", Repo("data/knowledge/seed.textproto")},
          {"unit", "import", Repo("data/reference/laender.csv")},
          {"unit", "import", Repo("data/reference/kreise_gv100ad_2023-11-30.csv")},
          {"import", "indicators", Repo("data/demo/indicators.csv")}}) {
      RunResult r = Cli(args);
      ASSERT_EQ(r.exit_code, 0) << args[1] << ": " << r.err;
    }
  }
};

TEST_F(StrategyE2ETest, DemoStrategyLoadsDumpsAndLists) {
  LoadPrerequisites();
  const std::string file = Repo("data/strategy/05315-koeln.textproto");
  RunResult first = Cli({"kb", "load", file});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("nodes 7 created"), std::string::npos) << first.out;
  RunResult again = Cli({"kb", "load", file});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("; 0 change(s)"), std::string::npos) << again.out;

  RunResult dump1 = Cli({"kb", "dump", "--owner", "05315"});
  ASSERT_EQ(dump1.exit_code, 0) << dump1.err;
  EXPECT_NE(dump1.out.find("owner: \"05315\""), std::string::npos);
  EXPECT_NE(dump1.out.find("status: MEASURE_STATUS_RUNNING"), std::string::npos) << dump1.out;
  EXPECT_EQ(dump1.out.find("af.querschnittsaufgabe\"\n  type"), std::string::npos)
      << "national nodes are not part of the unit's dump";
  const std::string dumped = dir_.Sub("koeln.textproto");
  std::ofstream(dumped) << dump1.out;
  RunResult reload = Cli({"kb", "load", dumped});
  ASSERT_EQ(reload.exit_code, 0) << reload.err;
  EXPECT_NE(reload.out.find("; 0 change(s)"), std::string::npos) << reload.out;
  RunResult dump2 = Cli({"kb", "dump", "--owner", "05315"});
  EXPECT_EQ(dump1.out, dump2.out);

  RunResult list = Cli({"strategy", "list", "--unit", "05315"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* expected :
       {"Strategie von 05315: 3 Ziel(e), 4 Maßnahme(n)", "Ziel goal.05315.bildungserfolg: ",
        "  Ziel goal.05315.schulabschluss: ", "    Maßnahme ms.05315.bildungslotsen: ",
        // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one line of the output over two
        "Status: laufend | Zeitraum: 2012-08-01 – offen | Budget: 1.200.000 € geplant, "
        "980.000 € ausgegeben",
        "Status: abgebrochen", "Gemessen mit: ind.schulabg_ohne_abschluss",
        "Verknüpft: addresses af.sprache-bildung"}) {
    EXPECT_NE(list.out.find(expected), std::string::npos) << expected << "\n" << list.out;
  }
  RunResult csv = Cli({"strategy", "list", "--unit", "05315", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("massnahme,titel,ziele,status,beginn,ende,budget_geplant_eur,", 0), 0u)
      << csv.out;
  RunResult none = Cli({"strategy", "list", "--unit", "05314"});
  EXPECT_NE(none.out.find("Keine Strategie für 05314"), std::string::npos) << none.out;
}

TEST_F(StrategyE2ETest, KbCommandsAcceptAndShowMeasureFields) {
  LoadPrerequisites();
  RunResult added = Cli({"kb", "add-node", "ms.05315.neu", "--type", "measure", "--title",
                         "Neue Maßnahme", "--owner", "05315", "--office", "Integrationsamt",
                         "--start", "2021-03-01", "--status", "planned", "--budget-planned",
                         "250000"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  RunResult got = Cli({"kb", "get", "ms.05315.neu"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  for (const char* expected : {"owner:       05315", "office:      Integrationsamt",
                               "status:      geplant", "period:      2021-03-01 – offen",
                               "budget:      250.000 € geplant"}) {
    EXPECT_NE(got.out.find(expected), std::string::npos) << expected << "\n" << got.out;
  }
  RunResult goal = Cli({"kb", "add-node", "goal.05315.neu", "--type", "goal", "--title", "Ziel",
                        "--owner", "05315"});
  ASSERT_EQ(goal.exit_code, 0) << goal.err;
  RunResult link = Cli({"kb", "link", "ms.05315.neu", "contributes_to", "goal.05315.neu"});
  EXPECT_EQ(link.exit_code, 0) << link.err;
  RunResult history = Cli({"kb", "history", "ms.05315.neu", "--format", "json"});
  EXPECT_NE(history.out.find("2021-03-01"), std::string::npos) << history.out;

  RunResult bad_status = Cli({"kb", "add-node", "ms.05315.x", "--type", "measure", "--title", "X",
                              "--owner", "05315", "--start", "2021-03-01", "--status", "done"});
  EXPECT_EQ(bad_status.exit_code, 2);
  EXPECT_NE(bad_status.err.find("planned, running, finished, stopped"), std::string::npos)
      << bad_status.err;
  RunResult no_start = Cli({"kb", "add-node", "ms.05315.y", "--type", "measure", "--title", "Y",
                            "--owner", "05315", "--status", "planned"});
  EXPECT_NE(no_start.exit_code, 0);
  EXPECT_NE(no_start.err.find("needs a start date"), std::string::npos) << no_start.err;
  RunResult foreign = Cli({"kb", "link", "ms.05315.neu", "contributes_to", "goal.none"});
  EXPECT_NE(foreign.exit_code, 0);
  RunResult owner_without_prune =
      Cli({"kb", "load", Repo("data/strategy/05315-koeln.textproto"), "--owner", "05315"});
  EXPECT_EQ(owner_without_prune.exit_code, 2);
  EXPECT_NE(owner_without_prune.err.find("--owner restricts --prune"), std::string::npos)
      << owner_without_prune.err;
}

}  // namespace
}  // namespace integra
