// The real integra CLI against the real integrad on the constructed scorecard case
// (tests/scorecard/scenario.h), loaded through the CLI: knowledge file, units, indicators,
// observations, a target. Checks the markdown report, the JSON gap report, the table, format
// refusal and integrad --no-rankings.
#include <signal.h>

#include <fstream>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/scorecard/scenario.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

namespace sc = scorecard::scenario;
using testing::RunResult;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The scenario's knowledge graph as a knowledge file (textproto of KnowledgeDocument).
std::string KnowledgeFile() {
  std::string out = "# constructed scorecard case\n";
  for (const auto& n : sc::Nodes()) {
    out += "nodes { id: \"" + std::string(n.id) + "\" type: NODE_TYPE_" + Upper(n.type) +
           " title_de: \"" + n.title + "\"";
    if (n.year > 0) {
      out += " provenance { year: " + std::to_string(n.year) +
             " sample_size: " + std::to_string(n.sample_size) + " }";
    }
    out += " }\n";
  }
  for (const auto& e : sc::Edges()) {
    out += "edges { from: \"" + std::string(e.from) + "\" to: \"" + e.to + "\" type: EDGE_TYPE_" +
           Upper(e.type) + " note: \"" + e.note + "\" }\n";
  }
  return out;
}

class ScorecardCliTest : public testing::IntegradTest {
 protected:
  void Load() {
    Ok({"unit", "put", "01", "--name", "Schleswig-Holstein"});
    for (const auto& k : sc::Landkreise()) {
      Ok({"unit", "put", k.key, "--name", k.name, "--type", "landkreis"});
    }
    const std::string kb = dir_.Sub("scenario.textproto");
    std::ofstream(kb) << KnowledgeFile();
    Ok({"kb", "load", kb});
    for (const auto& spec : sc::Indicators()) {
      std::string fields;
      for (const char* f : spec.fields) fields += (fields.empty() ? "" : ",") + std::string(f);
      std::vector<std::string> args = {"indicator",   "create",          spec.code, "--name",
                                       spec.name,     "--unit",          "percent", "--polarity",
                                       spec.polarity, "--action-fields", fields};
      if (!spec.ranking_allowed) args.push_back("--no-ranking");
      Ok(args);
    }
    for (const auto& v : sc::Values()) {
      std::vector<std::string> args = {"obs",  "put",      "--indicator", v.code,     "--unit",
                                       v.unit, "--period", v.period,      "--source", v.source};
      const std::string flags = v.flags;
      if (!flags.empty()) args.insert(args.end(), {"--flags", flags});
      if (flags != "suppressed") args.insert(args.end(), {"--value", std::to_string(v.value)});
      Ok(args);
    }
    Ok({"target", "set", "--indicator", "ALQ", "--unit", sc::kUnit, "--period", "2025", "--value",
        "5"});
  }
};

TEST_F(ScorecardCliTest, MarkdownJsonAndTableOfTheConstructedCase) {
  Load();
  RunResult r =
      Cli({"--format", "markdown", "scorecard", "--unit", sc::kUnit, "--period", sc::kPeriod});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& md = r.out;
  EXPECT_TRUE(Has(md, "# Integrationsmonitoring: Scorecard Dithmarschen (01051), 2021")) << md;
  EXPECT_TRUE(Has(md, "**Handlungsfelder mit Rückstand: 1 von 4**")) << md;
  EXPECT_TRUE(Has(md, "- **Berufliche Integration**: 2 von 2 bewertbaren Indikatoren")) << md;
  EXPECT_TRUE(Has(md, "| 40 % **SYNTHETIC** | 2021 |")) << md;
  EXPECT_TRUE(Has(md, "**Übergänge in Arbeit begleiten** (`rec.arbeit`)")) << md;
  EXPECT_TRUE(Has(md, "Beleg: Vernetzte Kommunen sind erfolgreicher (`fnd.b`, 2016, N = 114)"))
      << md;
  EXPECT_TRUE(Has(md, "Unterstützung lokaler Netzwerke.")) << md;
  EXPECT_TRUE(Has(md, "- INKAR, BBSR Bonn – Datenlizenz Deutschland")) << md;
  EXPECT_TRUE(Has(md, "- Zensus 2022 – Datenlizenz Deutschland")) << md;
  EXPECT_TRUE(Has(md, "| Rang |")) << md;

  r = Cli({"--format", "json", "scorecard", "--unit", sc::kUnit, "--period", sc::kPeriod});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& json = r.out;
  EXPECT_TRUE(Has(json, "\"lagging_field_ids\":[\"af.arbeit\"]")) << json;
  EXPECT_TRUE(Has(json, "\"not_monitored_field_ids\":[\"af.netzwerke\"]")) << json;
  EXPECT_TRUE(Has(json, "\"status\":\"FIELD_STATUS_LAGGING\"")) << json;
  EXPECT_TRUE(Has(json, "\"flags\":[\"OBSERVATION_FLAG_SYNTHETIC\"],\"synthetic\":true")) << json;
  EXPECT_TRUE(Has(json, "\"id\":\"rec.arbeit\"")) << json;
  EXPECT_TRUE(Has(json, "\"findings\":[{\"id\":\"fnd.d\"")) << json;
  EXPECT_TRUE(Has(json, "\"has_synthetic\":true")) << json;
  EXPECT_TRUE(Has(json, "\"licence\":\"dl-de/by-2-0\"")) << json;
  EXPECT_FALSE(Has(json, "\"id\":\"rec.bildung\"")) << json;

  r = Cli({"scorecard", "--unit", sc::kUnit, "--period", sc::kPeriod});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "lagging action fields: 1 of 4")) << r.out;
  EXPECT_TRUE(Has(r.out, "[LAGGING]")) << r.out;
  EXPECT_TRUE(Has(r.out, "40 SYNTHETIC")) << r.out;
  EXPECT_TRUE(Has(r.out, "not monitored (no indicator): af.netzwerke")) << r.out;
  EXPECT_TRUE(Has(r.out, "Quelle: INKAR, BBSR Bonn (dl-de/by-2-0)")) << r.out;

  // A period without data (values end in 2021, SCHULAB in 2019): every format says which
  // earlier periods it shows.
  r = Cli({"scorecard", "--unit", sc::kUnit, "--period", "2024"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "no values for 2024: showing the latest earlier values (2021, 2019)"))
      << r.out;
  r = Cli({"--format", "markdown", "scorecard", "--unit", sc::kUnit, "--period", "2024"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out,
                  "| Datenstand | keine Werte für 2024; gezeigt werden die jeweils letzten "
                  "früheren Werte (2021, 2019) |"))
      << r.out;
  r = Cli({"--format", "json", "scorecard", "--unit", sc::kUnit, "--period", "2024"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"earlier_periods_shown\":[\"2021\",\"2019\"]")) << r.out;
  r = Cli({"scorecard", "--unit", sc::kUnit, "--period", sc::kPeriod});
  EXPECT_FALSE(Has(r.out, "no values for")) << r.out;

  // Fitted to a narrow terminal: no line wider than --width (the long prose wraps).
  r = Cli({"--width", "80", "scorecard", "--unit", sc::kUnit, "--period", sc::kPeriod});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (absl::string_view line : absl::StrSplit(r.out, '\n')) {
    size_t columns = 0;
    for (unsigned char c : line) columns += (c & 0xC0) != 0x80;
    // A single word longer than the line (none in this case) would be the only exception.
    EXPECT_LE(columns, 80u) << line;
  }

  r = Cli({"--format", "csv", "scorecard", "--unit", sc::kUnit, "--period", sc::kPeriod});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "supported: table, json, markdown")) << r.err;
  r = Cli({"scorecard", "--unit", sc::kUnit});
  EXPECT_EQ(r.exit_code, 2);
  r = Cli({"scorecard", "--unit", "01059", "--period", "2021"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "NOT_FOUND")) << r.err;
  // Other commands do not print markdown.
  r = Cli({"--format", "markdown", "unit", "get", "01051"});
  EXPECT_EQ(r.exit_code, 2);

  // Rankings off for the deployment: no rank column, same verdict.
  Start({"--no-rankings"});
  r = Cli({"--format", "markdown", "scorecard", "--unit", sc::kUnit, "--period", sc::kPeriod});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(Has(r.out, "| Rang |")) << r.out;
  EXPECT_TRUE(Has(r.out, "| Rangplätze | ausgeschaltet")) << r.out;
  EXPECT_TRUE(Has(r.out, "**Handlungsfelder mit Rückstand: 1 von 4**")) << r.out;
  r = Cli({"--format", "json", "scorecard", "--unit", sc::kUnit, "--period", sc::kPeriod});
  EXPECT_FALSE(Has(r.out, "\"rank\"")) << r.out;
}

}  // namespace
}  // namespace integra
