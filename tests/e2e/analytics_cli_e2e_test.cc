// The real integra CLI against the real integrad: peer groups, peer comparison (JSON carries n,
// rank, percentile, quartiles, mean, stddev, z), trends, targets, gap indicators, roll-ups,
// territorial reforms with series on a Gebietsstand, and integrad --no-rankings.
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "gtest/gtest.h"
#include "tests/testing/integrad_fixture.h"
#include "tests/testing/process.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/temp_dir.h"

namespace integra {
namespace {

using testing::RunResult;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// The number after "field": in a one-line JSON object; NaN if absent.
double JsonNumber(const std::string& json, const std::string& field) {
  const std::string needle = "\"" + field + "\":";
  auto at = json.find(needle);
  if (at == std::string::npos) return std::nan("");
  return std::strtod(json.c_str() + at + needle.size(), nullptr);
}

class AnalyticsCliTest : public testing::IntegradTest {
 protected:
  void Put(const std::string& code, const std::string& unit, const std::string& period,
           const std::string& value, const std::string& breakdown = "") {
    std::vector<std::string> args = {"obs",     "put", "--indicator", code,
                                     "--unit",  unit,  "--period",    period,
                                     "--value", value, "--source",    "Bundesagentur für Arbeit"};
    if (!breakdown.empty()) args.insert(args.end(), {"--breakdown", breakdown});
    Ok(args);
  }

  // The official register; ALQ for four Mittelstädte of Schleswig-Holstein (2016) and a
  // series for Heide (2012-2016); BEV for three Gemeinden of Dithmarschen.
  void Load() {
    Ok({"unit", "import", testing::ReferencePath("laender.csv")});
    Ok({"unit", "import", testing::ReferencePath("kreise_gv100ad_2023-11-30.csv")});
    Ok({"unit", "import", testing::ReferencePath("gemeinden_gv100ad_2023-11-30.csv")});
    Ok({"indicator", "create", "ALQ", "--name", "Arbeitslosenquote", "--unit", "percent",
        "--polarity", "lower_is_better", "--dimensions", "nationality=german|foreign"});
    Ok({"indicator", "create", "BEV", "--name", "Bevölkerung", "--unit", "count", "--polarity",
        "neutral", "--aggregation", "sum"});
    // Heide 7.1, Geesthacht 5.2, Husum 6.3, Bad Schwartau 5.2, Elmshorn 4.0.
    for (const auto& [unit, value] :
         std::vector<std::pair<std::string, std::string>>{{"01051044", "7.1"},
                                                          {"01053032", "5.2"},
                                                          {"01054056", "6.3"},
                                                          {"01055004", "5.2"},
                                                          {"01056015", "4.0"}}) {
      Put("ALQ", unit, "2016", value);
    }
    for (const auto& [period, value] : std::vector<std::pair<std::string, std::string>>{
             {"2012", "9"}, {"2013", "8.5"}, {"2014", "8"}, {"2015", "7.2"}}) {
      Put("ALQ", "01051044", period, value);
    }
    Put("ALQ", "01051044", "2015", "14", "nationality=foreign");
    Put("ALQ", "01051044", "2015", "6", "nationality=german");
    Put("ALQ", "01051044", "2016", "12", "nationality=foreign");
    Put("ALQ", "01051044", "2016", "5", "nationality=german");
    Put("BEV", "01051001", "2016", "3800");
    Put("BEV", "01051011", "2016", "12600");
    Put("BEV", "01051044", "2016", "22000");
    Put("BEV", "01051", "2016", "133000");  // the official Kreis figure
  }
};

TEST_F(AnalyticsCliTest, PeersCompareTrendAndTargets) {
  Load();
  // Peer sets.
  RunResult r = Cli({"--format", "csv", "peers", "of", "01051044", "--peers", "land"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 19);  // header + 18 Mittelstädte
  Ok({"peers", "create", "westkueste", "--title", "Westküste", "--members",
      "01051044,01054056,01051011"});
  r = Cli({"peers", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "westkueste")) << r.out;
  r = Cli({"peers", "show", "westkueste"});
  EXPECT_TRUE(Has(r.out, "01054056")) << r.out;
  r = Cli({"peers", "create", "land", "--members", "01051044"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "reserved")) << r.err;

  // Comparison among the Mittelstädte of the Land: lower is better, Heide is last of five.
  r = Cli({"--format", "json", "compare", "--unit", "01051044", "--indicator", "ALQ", "--period",
           "2016", "--peers", "land"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonNumber(r.out, "n"), 5);
  EXPECT_EQ(JsonNumber(r.out, "rank"), 5);
  EXPECT_EQ(JsonNumber(r.out, "percentile"), 0);
  EXPECT_EQ(JsonNumber(r.out, "min"), 4);
  EXPECT_EQ(JsonNumber(r.out, "q1"), 5.2);
  EXPECT_EQ(JsonNumber(r.out, "median"), 5.2);
  EXPECT_EQ(JsonNumber(r.out, "q3"), 6.3);
  EXPECT_EQ(JsonNumber(r.out, "max"), 7.1);
  EXPECT_NEAR(JsonNumber(r.out, "mean"), 5.56, 1e-9);
  EXPECT_NEAR(JsonNumber(r.out, "stddev"), 1.18448, 1e-5);
  EXPECT_NEAR(JsonNumber(r.out, "z"), 1.30015, 1e-5);
  // The custom group: Brunsbüttel has no value.
  r = Cli({"--format", "json", "compare", "--unit", "01051044", "--indicator", "ALQ", "--period",
           "2016", "--peers", "westkueste"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonNumber(r.out, "n"), 2);
  EXPECT_EQ(JsonNumber(r.out, "missing"), 1);
  r = Cli({"compare", "--unit", "01051044", "--indicator", "ALQ", "--period", "2016"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "default peers of 01051044")) << r.out;
  r = Cli({"compare", "--unit", "01051044", "--indicator", "ALQ"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--period is required")) << r.err;
  r = Cli({"compare", "--unit", "01051044", "--indicator", "ALQ", "--period", "2010"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "FAILED_PRECONDITION")) << r.err;
  r = Cli({"trajectory", "--unit", "01051044", "--indicator", "ALQ", "--peers", "land", "--format",
           "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "2016,5,7.1,5,0,bottom")) << r.out;
  Ok({"peers", "delete", "westkueste"});

  // Trend.
  r = Cli({"--format", "json", "trend", "--unit", "01051044", "--indicator", "ALQ"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(JsonNumber(r.out, "slope"), -0.51, 1e-9);
  EXPECT_NEAR(JsonNumber(r.out, "absolute_change"), -1.9, 1e-9);
  r = Cli({"trend", "--unit", "01051044", "--indicator", "ALQ", "--window", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "moving_avg_2")) << r.out;
  EXPECT_TRUE(Has(r.out, "Quelle: Bundesagentur für Arbeit")) << r.out;

  // Targets.
  Ok({"target", "set", "--indicator", "ALQ", "--unit", "01051044", "--period", "2020", "--value",
      "5", "--note", "Ratsbeschluss"});
  Ok({"target", "set", "--indicator", "ALQ", "--unit", "01051044", "--period", "2017", "--value",
      "3"});
  r = Cli({"--format", "csv", "target", "status", "--unit", "01051044"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "ALQ,01051044,,2017,3,2016: 7.1")) << r.out;
  EXPECT_TRUE(Has(r.out, "off_track")) << r.out;
  EXPECT_TRUE(Has(r.out, "on_track")) << r.out;
  r = Cli({"target", "list", "--indicator", "ALQ"});
  EXPECT_TRUE(Has(r.out, "Ratsbeschluss")) << r.out;
  Ok({"target", "delete", "--indicator", "ALQ", "--unit", "01051044", "--period", "2017"});
  r = Cli({"target", "get", "--indicator", "ALQ", "--unit", "01051044", "--period", "2017"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "NOT_FOUND")) << r.err;

  // Rankings switched off for the deployment: quartile and distance to the median, no rank.
  Start({"--no-rankings"});
  r = Cli({"--format", "json", "compare", "--unit", "01051044", "--indicator", "ALQ", "--period",
           "2016", "--peers", "land"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(Has(r.out, "\"rank\"")) << r.out;
  EXPECT_TRUE(Has(r.out, "\"rankings_enabled\":false")) << r.out;
  EXPECT_TRUE(Has(r.out, "QUARTILE_POSITION_BOTTOM")) << r.out;
  EXPECT_NEAR(JsonNumber(r.out, "diff_to_median"), 1.9, 1e-9);
  r = Cli({"compare", "--unit", "01051044", "--indicator", "ALQ", "--period", "2016"});
  EXPECT_TRUE(Has(r.out, "no rank: rankings are switched off")) << r.out;
}

TEST_F(AnalyticsCliTest, PeerBandAndLeagueTable) {
  Load();
  // The band: Heide among the Mittelstädte of the Land, 2012-2016 (only Heide before 2016).
  RunResult r = Cli({"--format", "csv", "band", "--unit", "01051044", "--indicator", "ALQ",
                     "--from", "2012", "--to", "2016", "--peers", "land"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "period,value,flags,n,q1,median,q3\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "2012,9,,1,9,9,9\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "2016,7.1,,5,5.2,5.2,6.3\n")) << r.out;  // as compare above
  r = Cli({"band", "--unit", "01051044", "--indicator", "ALQ", "--from", "2015", "--to", "2016",
           "--peers", "land"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "7,1")) << r.out;  // German decimal comma in the table
  EXPECT_TRUE(Has(r.out, "Quelle: Bundesagentur für Arbeit")) << r.out;
  r = Cli({"--format", "json", "band", "--unit", "01051044", "--indicator", "ALQ", "--from", "2016",
           "--to", "2016"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"points\"")) << r.out;

  // The league table of the Gemeinden of Schleswig-Holstein: lower is better; 5.2 twice.
  r = Cli({"--format", "csv", "league", "--indicator", "ALQ", "--period", "2016", "--level",
           "gemeinde", "--within", "01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "rank,unit,name,value,flags,percentile\n1,01056015,")) << r.out;
  EXPECT_TRUE(Has(r.out, "\n2,01053032,")) << r.out;
  EXPECT_TRUE(Has(r.out, "\n2,01055004,")) << r.out;
  EXPECT_TRUE(Has(r.out, "\n4,01054056,")) << r.out;
  EXPECT_TRUE(Has(r.out, "\n5,01051044,")) << r.out;
  r = Cli({"league", "--indicator", "ALQ", "--period", "2016", "--level", "gemeinde"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "5,2")) << r.out;
  EXPECT_TRUE(Has(r.out, "5 of ")) << r.out;
  r = Cli({"league", "--indicator", "ALQ", "--period", "2016"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--level is required")) << r.err;
}

TEST_F(AnalyticsCliTest, GapsRollUpsAndReforms) {
  Load();
  Ok({"gap", "create", "ALQ_GAP", "--base", "ALQ", "--dimension", "nationality", "--focus",
      "foreign", "--reference", "german", "--name", "Abstand der Arbeitslosenquoten", "--unit",
      "percent", "--polarity", "lower_is_better"});
  RunResult r = Cli({"--format", "csv", "gap", "series", "ALQ_GAP", "--unit", "01051044"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "2015,14,6,8,")) << r.out;
  EXPECT_TRUE(Has(r.out, "2016,12,5,7,")) << r.out;
  r = Cli({"gap", "series", "--base", "ALQ", "--dimension", "nationality", "--focus", "foreign",
           "--reference", "german", "--kind", "ratio", "--unit", "01051044", "--target-period",
           "2030"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "parity 1")) << r.out;
  EXPECT_TRUE(Has(r.out, "parity by 2030")) << r.out;
  r = Cli({"series", "--indicator", "ALQ_GAP", "--unit", "01051044", "--format", "csv"});
  EXPECT_TRUE(Has(r.out, "01051044,\"Heide, Stadt\",2016,,7,")) << r.out;  // key, name, period, ...
  r = Cli({"obs", "put", "--indicator", "ALQ_GAP", "--unit", "01051044", "--period", "2016",
           "--value", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "gap indicator")) << r.err;
  r = Cli({"indicator", "get", "ALQ_GAP"});
  EXPECT_TRUE(Has(r.out, "Lückenindikator: ALQ nationality=foreign - nationality=german")) << r.out;

  // Roll-up to Dithmarschen: 3 of its 116 Gemeinden report; the official value wins.
  r = Cli({"--format", "csv", "rollup", "--indicator", "BEV", "--period", "2016", "--level",
           "kreis", "--parent", "01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "01051,Dithmarschen,133000,official,38400,,133000,-94600,3,116,"))
      << r.out;
  r = Cli({"rollup", "--indicator", "ALQ", "--period", "2016", "--level", "kreis"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "cannot be rolled up")) << r.err;

  // Albersdorf and Brunsbüttel merge into a new Gemeinde on 2017-01-01.
  Ok({"unit", "put", "01051999", "--name", "Brunsbüttel-Albersdorf", "--type",
      "kreisangehoerige_gemeinde", "--population", "16400", "--valid-from", "2017-01-01"});
  Ok({"reform", "add", "sh-2017-brunsbuettel", "--date", "2017-01-01", "--changes",
      "01051001:01051999:1,01051011:01051999:1", "--description", "Fusion"});
  Put("BEV", "01051999", "2017", "16500");
  r = Cli({"reform", "list", "--format", "csv"});
  EXPECT_TRUE(Has(r.out, "sh-2017-brunsbuettel,2017-01-01,01051011,01051999,1,Fusion")) << r.out;
  r = Cli({"unit", "get", "01051011"});
  EXPECT_TRUE(Has(r.out, "valid:          ... to 2016-12-31")) << r.out;
  r = Cli({"series", "--indicator", "BEV", "--unit", "01051999", "--gebietsstand", "2017-01-01",
           "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "01051999,Brunsbüttel-Albersdorf,2016,,16400,")) << r.out;
  EXPECT_TRUE(Has(r.out, "converted to Gebietsstand 2017-01-01")) << r.out;
  EXPECT_TRUE(Has(r.out, "01051999,Brunsbüttel-Albersdorf,2017,,16500,")) << r.out;
  r = Cli({"series", "--indicator", "BEV", "--unit", "01051001", "--gebietsstand", "2017-01-01"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "successor(s) 01051999")) << r.err;
}

}  // namespace
}  // namespace integra
