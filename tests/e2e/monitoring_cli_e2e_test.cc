// The real integra CLI against the real integrad: units, indicators, observations, series.
#include <signal.h>

#include <fstream>

#include "gtest/gtest.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/process.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

size_t CountLines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// The value of a JSON string field such as "recorded_micros":"1716..." (int64 are strings).
std::string JsonField(const std::string& json, const std::string& field) {
  std::string needle = "\"" + field + "\":\"";
  auto at = json.find(needle);
  if (at == std::string::npos) return "";
  at += needle.size();
  return json.substr(at, json.find('"', at) - at);
}

class MonitoringCliTest : public testing::IntegradTest {
 protected:
  void PutUnits() {
    for (std::vector<std::string> unit :
         {std::vector<std::string>{"01", "--name", "Schleswig-Holstein"},
          std::vector<std::string>{"01001", "--name", "Flensburg", "--type", "kreisfreie_stadt",
                                   "--population", "92550"},
          std::vector<std::string>{"01002", "--name", "Kiel", "--type", "kreisfreie_stadt",
                                   "--population", "247717"}}) {
      unit.insert(unit.begin(), {"unit", "put"});
      auto r = Cli(unit);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
};

TEST_F(MonitoringCliTest, ImportsTheOfficialRegister) {
  // Gemeinden before their Kreise: refused as a whole, nothing imported.
  auto r = Cli({"unit", "import", testing::ReferencePath("gemeinden_gv100ad_2023-11-30.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("10981 row(s)"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("parent Kreis 01001 of unit 01001000 is not registered"), std::string::npos);

  r = Cli({"unit", "import", testing::ReferencePath("laender.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"unit", "import", testing::ReferencePath("kreise_gv100ad_2023-11-30.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"--format", "json", "unit", "import",
           testing::ReferencePath("gemeinden_gv100ad_2023-11-30.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"upserted\":10981"), std::string::npos) << r.out;

  r = Cli({"unit", "get", "09162000", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonField(r.out, "population"), "1512491");
  EXPECT_EQ(JsonField(r.out, "size_class"), "SIZE_CLASS_GROSSSTADT");
  EXPECT_EQ(JsonField(r.out, "type"), "UNIT_TYPE_KREISFREIE_STADT");
  EXPECT_EQ(JsonField(r.out, "parent_key"), "09162");

  Restart();
  r = Cli({"unit", "list", "--parent", "01051", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountLines(r.out), 117u);  // header + the 116 Gemeinden of Kreis Dithmarschen
  r = Cli({"unit", "list", "--level", "gemeinde", "--size-class", "grossstadt", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountLines(r.out), 83u);
  EXPECT_NE(r.out.find("09162000,\"München, Landeshauptstadt\""), std::string::npos);
  r = Cli({"unit", "get", "07000999"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("parent:         07"), std::string::npos) << r.out;

  r = Cli({"unit", "get", "17001"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("INVALID_ARGUMENT"), std::string::npos);
  EXPECT_NE(r.err.find("Land 17 does not exist"), std::string::npos) << r.err;
  r = Cli({"unit", "list", "--type", "city"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("landkreis"), std::string::npos) << r.err;
}

TEST_F(MonitoringCliTest, AFileWithOneBadRowImportsNothing) {
  std::string path = dir_.Sub("laender_bad.csv");
  std::ofstream(path) << "land_code,name,sitz_landesregierung\n"
                         "01,Schleswig-Holstein,Kiel\n"
                         "1X,Nirgendwo,Nirgends\n";
  auto r = Cli({"unit", "import", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("digits only"), std::string::npos) << r.out;
  r = Cli({"unit", "get", "01"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOT_FOUND"), std::string::npos) << r.err;
}

TEST_F(MonitoringCliTest, IndicatorObservationsRevisionsAsOfAndSeries) {
  PutUnits();
  auto r = Cli({"kb", "add-node", "af.integration", "--type", "action_field", "--title",
                "Integration vor Ort"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"indicator", "create", "AUSL_ANTEIL", "--name", "Ausländeranteil", "--unit", "percent",
           "--polarity", "neutral", "--definition", "Anteil der Ausländer an der Bevölkerung",
           "--data-source", "INKAR, BBSR Bonn", "--dimensions", "sex=m|f", "--action-fields",
           "af.integration"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Empirische Relevanz"), std::string::npos) << r.out;
  r = Cli({"kb", "neighbors", "af.integration"});
  EXPECT_NE(r.out.find("ind.ausl_anteil"), std::string::npos) << r.out;

  r = Cli({"--format", "json", "obs", "put", "--indicator", "AUSL_ANTEIL", "--unit", "01001",
           "--period", "2016", "--value", "8.1", "--source", "INKAR, BBSR Bonn"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string first_time = JsonField(r.out, "recorded_micros");
  ASSERT_FALSE(first_time.empty()) << r.out;
  r = Cli({"obs", "put", "--indicator", "AUSL_ANTEIL", "--unit", "01001", "--period", "2016",
           "--value", "8.4", "--footnote", "korrigiert", "--flags", "provisional", "--source",
           "INKAR, BBSR Bonn"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"obs", "put", "--indicator", "AUSL_ANTEIL", "--unit", "01001", "--period", "2016",
           "--value", "6.5", "--breakdown", "sex=f"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  Restart();
  r = Cli({"obs", "get", "--indicator", "AUSL_ANTEIL", "--unit", "01001", "--period", "2016",
           "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("01001,2016,,8.4,provisional,2,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("korrigiert"), std::string::npos) << r.out;
  r = Cli({"obs", "get", "--indicator", "AUSL_ANTEIL", "--unit", "01001", "--period", "2016",
           "--as-of", first_time, "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("01001,2016,,8.1,,1,"), std::string::npos) << r.out;
  r = Cli({"obs", "get", "--indicator", "AUSL_ANTEIL", "--unit", "01001", "--period", "2016",
           "--breakdown", "sex=f"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sex=f"), std::string::npos) << r.out;
  r = Cli({"obs", "history", "--indicator", "AUSL_ANTEIL", "--unit", "01001", "--period", "2016",
           "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountLines(r.out), 3u) << r.out;

  r = Cli({"obs", "put", "--indicator", "AUSL_ANTEIL", "--unit", "01002", "--period", "2017",
           "--value", "14.2", "--series-break", "Zensus 2011"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"series", "--indicator", "AUSL_ANTEIL", "--unit", "01001,01002", "--from", "2016",
           "--to", "2020", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountLines(r.out), 3u) << r.out;
  EXPECT_NE(r.out.find("01002,Kiel,2017,,14.2,,1,"), std::string::npos) << r.out;  // with name
  EXPECT_NE(r.out.find("Bruch: Zensus 2011"), std::string::npos) << r.out;
  r = Cli({"series", "--indicator", "AUSL_ANTEIL", "--unit", "01001"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Quelle: INKAR, BBSR Bonn"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("01001  Flensburg  2016"), std::string::npos) << r.out;
  // --help after a command prints that command's help, not the global one.
  for (const std::vector<std::string>& help :
       {std::vector<std::string>{"series", "--help"},
        std::vector<std::string>{"series", "--indicator", "X", "--help"}}) {
    r = Cli(help);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("integra series --indicator CODE --unit KEY[,KEY...]"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("Global options"), std::string::npos) << r.out;
  }
  r = Cli({"unit", "get", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("usage: integra unit get"), std::string::npos) << r.out;

  // Validation of keys and values.
  r = Cli({"obs", "put", "--indicator", "AUSL_ANTEIL", "--unit", "01001", "--period", "2017",
           "--value", "140"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("percentage (0-100)"), std::string::npos) << r.err;
  r = Cli({"obs", "put", "--indicator", "AUSL_ANTEIL", "--unit", "0100", "--period", "2017",
           "--value", "4"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("4 digits"), std::string::npos) << r.err;
  r = Cli({"obs", "put", "--indicator", "AUSL_ANTEIL", "--unit", "01001", "--period", "2017",
           "--value", "4", "--breakdown", "nationality=foreign"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("'nationality' is not declared"), std::string::npos) << r.err;
  r = Cli({"obs", "get", "--indicator", "AUSL_ANTEIL", "--unit", "01001"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--period is required"), std::string::npos) << r.err;

  // Deleting needs --force while observations exist; the graph node goes with it.
  r = Cli({"indicator", "delete", "AUSL_ANTEIL"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("has 3 observation(s)"), std::string::npos) << r.err;
  r = Cli({"indicator", "delete", "AUSL_ANTEIL", "--force"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"kb", "get", "ind.ausl_anteil"});
  EXPECT_EQ(r.exit_code, 1);
}

}  // namespace
}  // namespace integra
