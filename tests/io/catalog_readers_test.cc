// Import of units, the indicator catalog and targets, and their CSV writers (round trip).
#include "client/io/catalog_readers.h"

#include <sstream>

#include "client/io/csv_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;

template <typename Reader, typename Row>
std::vector<Row> ReadAll(Reader& reader, std::vector<std::string>* errors) {
  std::vector<Row> rows;
  Row row;
  while (reader.Next(&row)) rows.push_back(row);
  EXPECT_OK(reader.status());
  for (const CsvError& e : reader.errors()) errors->push_back(e.ToString());
  return rows;
}

template <typename Reader>
std::unique_ptr<Reader> MustOpen(std::string text, TableReadOptions options = {}) {
  auto csv = CsvReader::FromString(std::move(text), options.csv);
  EXPECT_TRUE(csv.ok()) << csv.status();
  auto reader = Reader::Open(std::move(*csv), options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? std::move(*reader) : nullptr;
}

TEST(UnitCsvReaderTest, ReadsAndValidatesUnits) {
  auto reader = MustOpen<UnitCsvReader>(
      "key;name;type;population;population_year;area_km2;territory_date;seat\n"
      "09162000;M\xC3\xBCnchen;Kreisfreie_Stadt;1.512.491;2022;310,7;31.12.2022;\n"
      "05315000;K\xC3\xB6ln;kreisfreie_stadt;;;;;\n"
      "9162000;X;gemeinde;;;;;\n"
      "09184000;Y;city;-5;22;-1;;\n"
      "09185;Z;kreis;;;;2022-13-01;Seat\n"
      "09;Bayern;;;;;;M\xC3\xBCnchen\n");
  ASSERT_NE(reader, nullptr);
  std::vector<std::string> errors;
  std::vector<UnitRow> rows = ReadAll<UnitCsvReader, UnitRow>(*reader, &errors);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].key, "09162000");
  EXPECT_EQ(rows[0].type, "kreisfreie_stadt");
  EXPECT_EQ(rows[0].population, 1512491);
  EXPECT_EQ(rows[0].area_km2, 310.7);
  EXPECT_EQ(rows[0].population_year, 2022);
  EXPECT_EQ(rows[0].territory_date, "2022-12-31");
  EXPECT_FALSE(rows[1].population.has_value());
  EXPECT_EQ(rows[2].type, "");  // derived by the service from the key
  EXPECT_EQ(rows[2].seat, "M\xC3\xBCnchen");
  EXPECT_THAT(
      errors,
      ElementsAre(::testing::StartsWith("line 4, column key: '9162000' has 7 digits"),
                  ::testing::StartsWith("line 5, column type: 'city' is not a unit type (one of: "
                                        "bund, land,"),
                  "line 5, column population: '-5' is not a whole number >= 0",
                  "line 5, column population_year: '22' is not a year (YYYY)",
                  "line 5, column area_km2: area must not be negative",
                  ::testing::StartsWith("line 6, column territory_date: '2022-13-01'")));
}

// What a units file has no column for (the service keeps those fields of a stored unit).
TEST(UnitCsvReaderTest, AbsentFieldsFollowTheHeader) {
  auto thin = MustOpen<UnitCsvReader>("key,name,type\n");
  EXPECT_THAT(thin->absent_fields(),
              ElementsAre("seat", "territory_date", "population", "area", "degurba", "verband",
                          "official_type", "validity"));
  // population_year alone still carries the population's field; one verband column carries
  // the Verband.
  auto some = MustOpen<UnitCsvReader>("key,name,population_year,verband_key,degurba,valid_to\n");
  EXPECT_THAT(some->absent_fields(),
              ElementsAre("seat", "territory_date", "area", "official_type"));
  // integra's own export carries everything.
  std::ostringstream exported;
  UnitCsvWriter writer(exported, {});
  ASSERT_OK(writer.Finish());
  auto full = MustOpen<UnitCsvReader>(exported.str());
  EXPECT_THAT(full->absent_fields(), ElementsAre());
}

TEST(UnitCsvReaderTest, MissingColumnsNamed) {
  auto csv = CsvReader::FromString("key,population\n", {});
  ASSERT_OK(csv);
  EXPECT_STATUS(UnitCsvReader::Open(std::move(*csv), {}), absl::StatusCode::kInvalidArgument,
                "line 1: missing required column(s): name");
}

TEST(IndicatorCsvReaderTest, ReadsAndValidatesCatalog) {
  auto reader = MustOpen<IndicatorCsvReader>(
      "code,name_de,unit,polarity,periodicity,aggregation,numerator,denominator,weight,"
      "dimensions,action_fields,definition,relevance,interpretation,data_source,method_notes,"
      "ranking_allowed\n"
      "AUSL_ANTEIL,Ausl\xC3\xA4nderanteil,%,Neutral,annual,ratio,AUSL_ANZAHL,BEV,,"
      "\"sex=m,f|age_group=0-17,18-64,65+\",af.integration|af.statistics,\"Anteil, in %\",r,i,"
      "INKAR,m,nein\n"
      "x,,%,up,yearly,ratio,,,,Sex Group,,,,,,,\n"
      "y,Y,EUR je m\xC2\xB2,,,weighted_mean,,,,nationality,,,,,,,\n"
      "z,Z,Count,,irregular,mean,,,,\"sex=m,m\",,,,,,,\n");
  ASSERT_NE(reader, nullptr);
  std::vector<std::string> errors;
  std::vector<IndicatorRow> rows = ReadAll<IndicatorCsvReader, IndicatorRow>(*reader, &errors);
  ASSERT_EQ(rows.size(), 1u);
  const IndicatorRow& r = rows[0];
  EXPECT_EQ(r.unit, "percent");
  EXPECT_EQ(r.polarity, "neutral");
  EXPECT_EQ(r.aggregation, "ratio");
  EXPECT_THAT(r.dimensions, ElementsAre(DimensionSpec{"sex", {"m", "f"}},
                                        DimensionSpec{"age_group", {"0-17", "18-64", "65+"}}));
  EXPECT_THAT(r.action_fields, ElementsAre("af.integration", "af.statistics"));
  EXPECT_EQ(r.definition, "Anteil, in %");
  EXPECT_EQ(r.ranking_allowed, false);
  EXPECT_THAT(
      errors,
      ElementsAre("line 3, column name_de: name_de is empty",
                  "line 3, column polarity: 'up' is not a polarity (one of: "
                  "higher_is_better, lower_is_better, neutral)",
                  "line 3, column periodicity: 'yearly' is not a periodicity (one of: "
                  "annual, quarterly, monthly)",
                  "line 3, column dimensions: dimension 'Sex Group' lists no values (write Sex "
                  "Group=value1,value2,...)",
                  "line 4, column dimensions: dimension 'nationality' lists no values (write "
                  "nationality=value1,value2,...)",
                  "line 5, column periodicity: 'irregular' is not a periodicity (one of: annual, "
                  "quarterly, monthly)",
                  "line 5, column aggregation: 'mean' is not a aggregation (one of: none, sum, "
                  "ratio, weighted_mean)",
                  "line 5, column dimensions: value 'm' of dimension 'sex' is listed twice"));
}

TEST(TargetCsvReaderTest, ReadsAndValidatesTargets) {
  auto reader = MustOpen<TargetCsvReader>(
      "indicator,ags,target_period,target_value,baseline_period,baseline_value,breakdown,"
      "tolerance,trend_points,note\n"
      "share_abitur,05315000,2030,45,2020,38.5,sex=f,0.5,5,\"Ratsbeschluss, 2021\"\n"
      "share_abitur,05315000,2030,,,,,,,\n"
      "share_abitur,05315000,2030,40,2030,,,,,\n"
      "share_abitur,05315000,2030,40,,12,sex,-1,1,\n");
  ASSERT_NE(reader, nullptr);
  std::vector<std::string> errors;
  std::vector<TargetRow> rows = ReadAll<TargetCsvReader, TargetRow>(*reader, &errors);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].target_value, 45);
  EXPECT_EQ(rows[0].baseline_period, "2020");
  EXPECT_EQ(rows[0].baseline_value, 38.5);
  EXPECT_THAT(rows[0].breakdown, ElementsAre(std::pair<std::string, std::string>("sex", "f")));
  EXPECT_EQ(rows[0].tolerance, 0.5);
  EXPECT_EQ(rows[0].trend_points, 5);
  EXPECT_EQ(rows[0].note, "Ratsbeschluss, 2021");
  EXPECT_THAT(errors,
              ElementsAre("line 3, column target_value: target value is missing",
                          "line 4, column baseline_period: baseline period 2030 is not "
                          "before target period 2030",
                          ::testing::StartsWith("line 5, column breakdown: 'sex' is not"),
                          "line 5, column tolerance: tolerance must not be negative",
                          "line 5, column trend_points: trend_points must be 0 (all points) or "
                          "2 to 1000"));
}

TEST(IndicatorCsvReaderTest, GapIndicators) {
  auto reader = MustOpen<IndicatorCsvReader>(
      "code,name_de,unit,polarity,gap_base,gap_dimension,gap_focus,gap_reference,gap_kind\n"
      "ALO_GAP,Abstand,percent,lower_is_better,ALO_QUOTE,nationality,auslaendisch,deutsch,\n"
      "ALO_RATIO,Verh\xC3\xA4ltnis,index,lower_is_better,ALO_QUOTE,nationality,auslaendisch,"
      "deutsch,Ratio\n"
      "HALB,Halb,percent,neutral,ALO_QUOTE,,auslaendisch,,\n"
      "KIND,Art,percent,neutral,ALO_QUOTE,nationality,a,b,quotient\n");
  ASSERT_NE(reader, nullptr);
  std::vector<std::string> errors;
  std::vector<IndicatorRow> rows = ReadAll<IndicatorCsvReader, IndicatorRow>(*reader, &errors);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].gap_base, "ALO_QUOTE");
  EXPECT_EQ(rows[0].gap_kind, "");
  EXPECT_EQ(rows[1].gap_kind, "ratio");
  EXPECT_THAT(errors, ElementsAre("line 4, column gap_base: a gap indicator needs gap_base, "
                                  "gap_dimension, gap_focus and gap_reference",
                                  "line 5, column gap_kind: 'quotient' is not a gap kind (one of: "
                                  "difference, ratio)"));
}

TEST(IndicatorCsvReaderTest, ValueDomainColumns) {
  auto reader = MustOpen<IndicatorCsvReader>(
      "code,name_de,unit,polarity,min,max\n"
      "SALDO,Wanderungssaldo,count,neutral,-1000000,\n"
      "QUOTE,Quote,percent,neutral,,50\n"
      "VERKEHRT,Verkehrt,count,neutral,10,5\n"
      "TEXT,Text,count,neutral,viele,\n");
  ASSERT_NE(reader, nullptr);
  std::vector<std::string> errors;
  std::vector<IndicatorRow> rows = ReadAll<IndicatorCsvReader, IndicatorRow>(*reader, &errors);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].min_value, -1000000);
  EXPECT_FALSE(rows[0].max_value.has_value());
  EXPECT_FALSE(rows[1].min_value.has_value());
  EXPECT_EQ(rows[1].max_value, 50);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], "line 4, column min: min 10 is above max 5");
  EXPECT_THAT(errors[1], ::testing::StartsWith("line 5, column min: "));
}

TEST(CatalogCsvWritersTest, RoundTrip) {
  UnitRow unit{.key = "09162000",
               .name = "M\xC3\xBCnchen; Landeshauptstadt",
               .type = "kreisfreie_stadt",
               .population = 1512491,
               .population_year = 2022,
               .area_km2 = 310.7,
               .territory_date = "2023-11-30",
               .seat = "M\xC3\xBCnchen",
               .official_type_code = "61",
               .official_type = "Landeshauptstadt"};
  IndicatorRow indicator;
  indicator.code = "share_foreign";
  indicator.name_de = "Ausl\xC3\xA4nderanteil";
  indicator.unit = "other";
  indicator.unit_label = "EUR je m\xC2\xB2";
  indicator.scale = 100;
  indicator.polarity = "neutral";
  indicator.aggregation = "ratio";
  indicator.numerator = "foreigners";
  indicator.denominator = "population";
  indicator.dimensions = {{"sex", {"m", "f"}}, {"age_group", {"0-17", "65+"}}};
  indicator.action_fields = {"af.integration"};
  indicator.definition = "Anteil \"Ausl\xC3\xA4nder\",\nin %";
  indicator.ranking_allowed = true;
  IndicatorRow gap;
  gap.code = "ALO_GAP";
  gap.name_de = "Abstand";
  gap.gap_base = "ALO_QUOTE";
  gap.gap_dimension = "nationality";
  gap.gap_focus = "auslaendisch";
  gap.gap_reference = "deutsch";
  gap.gap_kind = "ratio";
  gap.min_value = -12.5;
  gap.max_value = 1e6;
  TargetRow target{.indicator = "share_abitur",
                   .unit_key = "05315000",
                   .target_period = "2030",
                   .target_value = 45.5,
                   .baseline_period = "2020",
                   .baseline_value = 40,
                   .breakdown = {{"nationality", "foreign"}, {"sex", "f"}},
                   .tolerance = 1,
                   .trend_points = 4,
                   .note = "Beschluss \"Integrationsrat\"; 2021"};

  std::ostringstream units, indicators, targets;
  UnitCsvWriter uw(units, CsvWriteOptions{';', true, true});
  ASSERT_OK(uw.Write(unit));
  IndicatorCsvWriter iw(indicators);
  ASSERT_OK(iw.Write(indicator));
  ASSERT_OK(iw.Write(gap));
  TargetCsvWriter tw(targets);
  ASSERT_OK(tw.Write(target));

  std::vector<std::string> errors;
  auto ur = MustOpen<UnitCsvReader>(units.str());
  auto ir = MustOpen<IndicatorCsvReader>(indicators.str());
  auto tr = MustOpen<TargetCsvReader>(targets.str());
  ASSERT_TRUE(ur && ir && tr);
  std::vector<UnitRow> u = ReadAll<UnitCsvReader, UnitRow>(*ur, &errors);
  std::vector<IndicatorRow> i = ReadAll<IndicatorCsvReader, IndicatorRow>(*ir, &errors);
  std::vector<TargetRow> t = ReadAll<TargetCsvReader, TargetRow>(*tr, &errors);
  EXPECT_TRUE(errors.empty()) << errors[0];
  ASSERT_EQ(u.size(), 1u);
  ASSERT_EQ(i.size(), 2u);
  ASSERT_EQ(t.size(), 1u);
  unit.line = indicator.line = target.line = 2;
  gap.line = 4;  // the first entry's definition spans two lines
  EXPECT_EQ(i[1], gap);
  EXPECT_EQ(u[0], unit);
  EXPECT_EQ(i[0], indicator);
  EXPECT_EQ(t[0], target);
}

}  // namespace
}  // namespace integra::io
