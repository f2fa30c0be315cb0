// integra evaluate through the real binaries on the demo: the Köln strategy (data/strategy/)
// over the real INKAR Kreis series of one of its indicators (data/reference/, as
// deploy/make-demo-data.sh maps them). The DiD the CLI prints is checked against an independent
// computation from the reference files; the German table, the CSV, the errors and the
// scorecard's measures with their evaluation are checked as a user sees them.
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

using testing::RunResult;

constexpr char kMeasure[] = "ms.05315.bildungslotsen";  // starts 2012-08-01
constexpr char kIndicator[] = "SCHULABG_ABITUR";        // INKAR column share_abitur

std::string Repo(const std::string& relative) {
  return std::string(INTEGRA_SOURCE_DIR) + "/" + relative;
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// Splits one CSV line, honouring double quotes (the register's names hold commas).
std::vector<std::string> CsvCells(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

// share_abitur of every Kreis by key and year, from the INKAR reference file.
std::map<std::string, std::map<int, double>> InkarAbitur() {
  std::ifstream in(Repo("data/reference/inkar_kreise_indicators_1995_2022.csv"));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> names = CsvCells(line);
  const size_t col = std::find(names.begin(), names.end(), "share_abitur") - names.begin();
  std::map<std::string, std::map<int, double>> out;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = CsvCells(line);
    double v = 0;
    if (col < cells.size() && absl::SimpleAtod(cells[col], &v)) {
      out[cells[0]][std::stoi(cells[1])] = v;
    }
  }
  return out;
}

class EvaluateE2ETest : public testing::IntegradTest {
 protected:
  void SetUp() override {
    IntegradTest::SetUp();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"kb", "load", Repo("data/knowledge/seed.textproto")},
          {"unit", "import", Repo("data/reference/laender.csv")},
          {"unit", "import", Repo("data/reference/kreise_gv100ad_2023-11-30.csv")},
          {"import", "indicators", Repo("data/demo/indicators.csv")},
          {"kb", "load", Repo("data/strategy/05315-koeln.textproto")}}) {
      RunResult r = Cli(args);
      ASSERT_EQ(r.exit_code, 0) << args[1] << ": " << r.err;
    }
    const std::string obs = dir_.Sub("abitur.csv");
    {
      std::ofstream out(obs);
      out << "ags,indicator,period,value,flags,source,breakdown\n";
      for (const auto& [key, years] : abitur_) {
        for (const auto& [year, value] : years) {
          out << key << "," << kIndicator << "," << year << "," << value << ",,INKAR BBSR Bonn,\n";
        }
      }
    }
    RunResult imported = Cli({"import", "observations", obs});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  // The default peers of 05315 as the register file defines them: kreisfreie Städte (type 41,
  // and the Baden-Württemberg Stadtkreise, 42) with at least 100,000 inhabitants (size class
  // GROSSSTADT), Köln itself left out.
  std::vector<std::string> GrossstadtPeers() const {
    std::ifstream in(Repo("data/reference/kreise_gv100ad_2023-11-30.csv"));
    std::string line;
    std::getline(in, line);
    std::vector<std::string> out;
    while (std::getline(in, line)) {
      const std::vector<std::string> c = CsvCells(line);
      if (c[0] != "05315" && (c[3] == "41" || c[3] == "42") && std::stol(c[10]) >= 100000)
        out.push_back(c[0]);
    }
    return out;
  }

  const std::map<std::string, std::map<int, double>> abitur_ = InkarAbitur();
};

TEST_F(EvaluateE2ETest, KoelnMeasureAgainstItsPeersAsTheUserSeesIt) {
  // Independent DiD: window 2002-2011 (ten pre years) and 2012-2013 (two post years); peers
  // with a value in every window year; baseline 2011; median of the peers' changes.
  std::map<int, double> did;
  int peers_used = 0;
  for (int year : {2012, 2013}) {
    std::vector<double> changes;
    for (const std::string& key : GrossstadtPeers()) {
      auto series = abitur_.find(key);
      if (series == abitur_.end()) continue;
      bool complete = true;
      for (int y = 2002; y <= 2013; ++y) complete &= series->second.contains(y);
      if (!complete) continue;
      changes.push_back(series->second.at(year) - series->second.at(2011));
    }
    std::sort(changes.begin(), changes.end());
    const size_t n = changes.size();
    const double median = n % 2 == 1 ? changes[n / 2] : (changes[n / 2 - 1] + changes[n / 2]) / 2;
    const std::map<int, double>& koeln = abitur_.at("05315");
    did[year] = (koeln.at(year) - koeln.at(2011)) - median;
    peers_used = static_cast<int>(n);
  }

  RunResult csv =
      Cli({"evaluate", "--measure", kMeasure, "--indicator", kIndicator, "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  std::vector<std::string> lines = absl::StrSplit(csv.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 13u) << csv.out;  // header + 12 window years
  EXPECT_EQ(lines[0],
            "massnahme,einheit,indikator,jahr,phase,wert,synth_vergleich,abweichung,"
            "veraenderung_einheit,median_vergleichseinheiten,did,urteil,p_wert");
  for (const std::string& l : lines) {
    const std::vector<std::string> c = CsvCells(l);
    if (c[3] != "2012" && c[3] != "2013") continue;
    EXPECT_EQ(c[4], "nach");
    double printed = 0;
    ASSERT_TRUE(absl::SimpleAtod(c[10], &printed)) << l;
    EXPECT_NEAR(printed, did[std::stoi(c[3])], 1e-4) << l;
  }

  RunResult table = Cli({"evaluate", "--measure", kMeasure, "--indicator", kIndicator});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  for (const std::string& expected :
       {std::string("Evaluation der Maßnahme ms.05315.bildungslotsen: Bildungslotsinnen"),
        std::string("Einheit: 05315 Köln, Stadt | Beginn: 2012-08-01 (Startjahr 2012) | Status: "
                    "laufend"),
        std::string("== Indikator SCHULABG_ABITUR: "), std::string("höher ist besser"),
        std::string("Synthetische Kontrolle: Effekt "), std::string("Größte Gewichte: "),
        std::string("Placebo-Test: p = "),
        std::string("Vergleichseinheiten: ") + std::to_string(peers_used) + " in der Gruppe, " +
            std::to_string(peers_used) + " verwendet",
        std::string("Urteil: "), std::string("belegt keine Ursache")}) {
    EXPECT_TRUE(Has(table.out, expected)) << expected << "\n" << table.out;
  }

  RunResult json = Cli({"evaluate", "--measure", kMeasure, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(Has(json.out, "\"verdictEn\"") || Has(json.out, "\"verdict_en\"")) << json.out;
}

TEST_F(EvaluateE2ETest, ErrorsAndTheScorecard) {
  RunResult generic = Cli({"evaluate", "--measure", "ms.lotsen-patenprogramme"});
  EXPECT_EQ(generic.exit_code, 1);
  EXPECT_TRUE(Has(generic.err, "FAILED_PRECONDITION")) << generic.err;
  RunResult other = Cli({"evaluate", "--measure", kMeasure, "--indicator", "ALO_QUOTE"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_TRUE(Has(other.err, "BETREUUNG_U3, SCHULABG_ABITUR, SCHULABG_OHNE_ABSCHLUSS"))
      << other.err;
  RunResult usage = Cli({"evaluate", "--indicator", kIndicator});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_TRUE(Has(usage.err, "--measure")) << usage.err;

  RunResult plain = Cli({"scorecard", "--unit", "05315", "--period", "2021"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(Has(plain.out, "Maßnahmen der Einheit:")) << plain.out;
  EXPECT_TRUE(Has(plain.out, "ms.05315.bildungslotsen  Bildungslotsinnen")) << plain.out;
  EXPECT_FALSE(Has(plain.out, "SCHULABG_ABITUR: ")) << "evaluations only when asked for";
  RunResult evaluated =
      Cli({"scorecard", "--unit", "05315", "--period", "2021", "--with-evaluation"});
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
  EXPECT_TRUE(Has(evaluated.out, "      SCHULABG_ABITUR: ")) << evaluated.out;
  RunResult markdown = Cli({"scorecard", "--unit", "05315", "--period", "2021", "--with-evaluation",
                            "--format", "markdown"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_TRUE(Has(markdown.out, "**Eigene Maßnahmen zu diesem Handlungsfeld**")) << markdown.out;
  EXPECT_TRUE(Has(markdown.out, "  - Evaluation SCHULABG_ABITUR: ")) << markdown.out;
}

}  // namespace
}  // namespace integra
