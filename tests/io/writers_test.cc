// Export formats: CSV, SDMX-CSV and Open SDG read back equal to what was written; JSON Lines
// parse as JSON.
#include <sstream>

#include "client/io/csv_writer.h"
#include "client/io/json_lines.h"
#include "client/io/obs_status.h"
#include "client/io/observation_export.h"
#include "client/io/observation_reader.h"
#include "client/io/open_sdg.h"
#include "client/io/sdmx_csv.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/io/row_builder.h"
#include "tests/testing/status_matchers.h"

namespace integra::io {
namespace {

using ::testing::HasSubstr;

// Rows that exercise every field and the awkward characters.
std::vector<ObservationRow> SampleRows() {
  std::vector<ObservationRow> rows;
  ObservationRow a = Row("05315000", "share_foreign", "2021", 19.5);
  a.breakdown = {{"nationality", "foreign"}, {"sex", "female"}};
  a.flags = {"provisional", "estimated"};
  a.source = "INKAR 2024, BBSR Bonn";
  a.footnote = "K\xC3\xB6ln; \"Gebietsstand\" 2021\nzweite Zeile";
  a.series_break = true;
  rows.push_back(a);
  ObservationRow b = Row("09162000", "share_foreign", "2022-Q3", std::nullopt);
  b.flags = {"suppressed"};
  rows.push_back(b);
  ObservationRow c = Row("01001000", "unemployment_rate", "2023-07", 1.0 / 3);
  c.breakdown = {{"sex", "male"}};
  c.flags = {"synthetic"};
  c.source = " leading space";
  rows.push_back(c);
  ObservationRow d = Row("DE", "unemployment_rate", "2020", -0.000001);
  rows.push_back(d);
  return rows;
}

std::vector<ObservationRow> ReadBack(const std::string& text, const ObservationReadOptions& options,
                                     std::vector<std::string>* errors = nullptr) {
  auto csv = CsvReader::FromString(text, options.csv);
  EXPECT_TRUE(csv.ok()) << csv.status();
  if (!csv.ok()) return {};
  auto reader = OpenObservationReader(std::move(*csv), options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  std::vector<ObservationRow> rows;
  ObservationRow row;
  while ((*reader)->Next(&row)) {
    row.line = 0;  // compare content only
    rows.push_back(row);
  }
  EXPECT_OK((*reader)->status());
  for (const CsvError& e : (*reader)->errors()) {
    ADD_FAILURE() << e.ToString();
    if (errors) errors->push_back(e.ToString());
  }
  return rows;
}

TEST(ObservationCsvWriterTest, RoundTrip) {
  std::ostringstream out;
  ObservationCsvWriter writer(out);
  for (const ObservationRow& row : SampleRows()) ASSERT_OK(writer.Write(row));
  ASSERT_OK(writer.Finish());
  EXPECT_EQ(writer.rows_written(), 4);
  EXPECT_EQ(ReadBack(out.str(), {}), SampleRows());
}

TEST(ObservationCsvWriterTest, GermanExcelVariantRoundTrips) {
  std::ostringstream out;
  ObservationCsvWriter writer(out, CsvWriteOptions{';', true, true});
  for (const ObservationRow& row : SampleRows()) ASSERT_OK(writer.Write(row));
  ASSERT_OK(writer.Finish());
  EXPECT_EQ(out.str().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(out.str(), HasSubstr(";19,5;"));
  EXPECT_EQ(ReadBack(out.str(), {}), SampleRows());
}

TEST(SdmxCsvTest, WriterOutputAndRoundTrip) {
  std::ostringstream out;
  SdmxCsvOptions options;
  options.dimensions = {"nationality", "sex"};
  options.unit_measure = {{"share_foreign", "PT"}};
  SdmxCsvWriter writer(out, options);
  for (const ObservationRow& row : SampleRows()) ASSERT_OK(writer.Write(row));
  ASSERT_OK(writer.Finish());
  std::string text = out.str();
  std::string header = text.substr(0, text.find('\n'));
  EXPECT_EQ(header,
            "DATAFLOW,REF_AREA,INDICATOR,NATIONALITY,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,"
            "OBS_STATUS,CONF_STATUS,COMMENT_OBS,SOURCE_DETAIL,INTEGRA_FLAGS");
  EXPECT_THAT(text, HasSubstr("\nINTEGRA:DF_INTEGRATION(1.0),05315000,share_foreign,foreign,"
                              "female,2021,19.5,PT,B,,"));
  EXPECT_THAT(text, HasSubstr("\nINTEGRA:DF_INTEGRATION(1.0),09162000,share_foreign,_T,_T,"
                              "2022-Q3,,PT,Q,C,,,suppressed\n"));
  EXPECT_THAT(text, HasSubstr(",_T,male,2023-07,"));
  EXPECT_EQ(ReadBack(text, {}), SampleRows());

  ObservationRow undeclared = Row("05315000", "x", "2021", 1);
  undeclared.breakdown = {{"age_group", "u18"}};
  EXPECT_STATUS(writer.Write(undeclared), absl::StatusCode::kInvalidArgument,
                "a dimension the SDMX header does not declare");
}

TEST(SdmxCsvTest, ReadsForeignFilesWithLabelsStatusAndUnitMult) {
  std::string text =
      "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA: Reference area,FREQ,SEX: Sex,TIME_PERIOD,"
      "OBS_VALUE,UNIT_MULT,OBS_STATUS\n"
      "dataflow,ESTAT:X(1.0),I,05315000: K\xC3\xB6ln,A,F: Female,2021,1.5,3,E\n"
      "dataflow,ESTAT:X(1.0),I,05315000: K\xC3\xB6ln,A,_T: Total,2021,NaN,,O\n"
      "dataflow,ESTAT:X(1.0),D,05315000,A,_T,2021,1,,A\n"
      "dataflow,ESTAT:X(1.0),I,05315000,A,_T,2021,1,,Z\n";
  ObservationReadOptions options;
  options.indicator = "population";
  auto csv = CsvReader::FromString(text, options.csv);
  ASSERT_OK(csv);
  ASSERT_OK_AND_ASSIGN(auto reader, OpenObservationReader(std::move(*csv), options));
  EXPECT_EQ(reader->format(), ObservationFormat::kSdmxCsv);
  ObservationRow row;
  ASSERT_TRUE(reader->Next(&row));
  EXPECT_EQ(row.unit_key, "05315000");
  EXPECT_EQ(row.indicator, "population");
  EXPECT_EQ(row.value, 1500);
  EXPECT_THAT(row.breakdown, ::testing::ElementsAre(::testing::Pair("sex", "F")));
  EXPECT_THAT(row.flags, ::testing::ElementsAre("estimated"));
  ASSERT_TRUE(reader->Next(&row));
  EXPECT_FALSE(row.value.has_value());
  EXPECT_TRUE(row.breakdown.empty());
  EXPECT_FALSE(reader->Next(&row));
  ASSERT_EQ(reader->errors().size(), 2u);
  EXPECT_THAT(reader->errors()[0].ToString(),
              HasSubstr("line 4, column ACTION: ACTION D (delete) is not supported"));
  EXPECT_EQ(reader->errors()[1].ToString(),
            "line 5, column OBS_STATUS: 'Z' is not an SDMX observation status (CL_OBS_STATUS)");
}

TEST(OpenSdgTest, WriterOutputAndRoundTrip) {
  // Every status once, with INTEGRA_FLAGS and without it (then one flag per value).
  std::vector<ObservationRow> rows;
  ObservationRow a = Row("05315000", "share_foreign", "2021", 19.5);
  a.breakdown = {{"sex", "female"}};
  a.flags = {"provisional"};
  a.footnote = "Gebietsstand, 2021";
  rows.push_back(a);
  ObservationRow b = Row("05315000", "share_foreign", "2022", std::nullopt);
  b.flags = {"suppressed"};
  rows.push_back(b);
  ObservationRow c = Row("09162000", "share_foreign", "2022", 28.25);
  c.breakdown = {{"age_group", "u18"}, {"sex", "male"}};
  c.series_break = true;
  rows.push_back(c);
  ObservationRow d = Row("09162000", "share_foreign", "2023", 7);
  d.flags = {"suppressed"};
  rows.push_back(d);

  std::ostringstream out;
  OpenSdgCsvWriter writer(out, OpenSdgWriteOptions{"share_foreign", {"sex", "age_group"}, true});
  for (const ObservationRow& row : rows) ASSERT_OK(writer.Write(row));
  ASSERT_OK(writer.Finish());
  std::string text = out.str();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "Year,Gebiet,sex,age_group,Units,Series,Observation status,COMMENT_OBS,SOURCE_DETAIL,"
            "INTEGRA_FLAGS,GeoCode,Value");
  // Not the headline area (the Bund): the key names the area, as no labels were given.
  EXPECT_THAT(text, HasSubstr("\n2021,05315000,female,,,share_foreign,P,\"Gebietsstand, 2021\",,"
                              "provisional,05315000,19.5\n"));
  EXPECT_THAT(text, HasSubstr("\n2022,05315000,,,,share_foreign,Q,,,suppressed,05315000,\n"));

  ObservationReadOptions options;
  options.format = ObservationFormat::kOpenSdg;
  options.indicator = "share_foreign";
  // Read back, each row says what the file did not carry: the source (SOURCE_DETAIL is empty).
  // The flags are carried exactly by INTEGRA_FLAGS, also where the one status is B.
  for (ObservationRow& row : rows) row.absent = kFieldSource;
  EXPECT_EQ(ReadBack(text, options), rows);

  EXPECT_STATUS(writer.Write(Row("05315000", "other", "2021", 1)),
                absl::StatusCode::kInvalidArgument, "holds one indicator");
}

// The flags of Destatis' symbols: one SDMX code each (obs_status.h), and back.
std::vector<ObservationRow> DestatisFlagRows() {
  std::vector<ObservationRow> rows;
  ObservationRow low = Row("05315000", "share_foreign", "2020", 12);
  low.flags = {"low_reliability"};
  rows.push_back(low);
  for (const char* flag : {"blocked", "unreliable", "not_yet_available", "suppressed"}) {
    ObservationRow r =
        Row("05315000", "share_foreign", std::to_string(2021 + rows.size()), std::nullopt);
    r.flags = {flag};
    rows.push_back(r);
  }
  return rows;
}

TEST(ObsStatusTest, DestatisFlagsHaveOneCodeEach) {
  std::vector<ObservationRow> rows = DestatisFlagRows();
  std::vector<std::string> codes;
  codes.reserve(rows.size());
  for (const ObservationRow& r : rows) codes.push_back(ObsStatusCode(r) + "/" + ConfStatusCode(r));
  EXPECT_THAT(codes, ::testing::ElementsAre("U/", "M/", "U/", "L/", "Q/C"));
  // The hierarchy: a break wins, then the missing-value codes, then E > P > U > G.
  ObservationRow r = Row("05315000", "share_foreign", "2020", 3);
  r.flags = {"provisional", "synthetic", "low_reliability"};
  EXPECT_EQ(ObsStatusCode(r), "P");
  r.flags = {"synthetic", "low_reliability"};
  EXPECT_EQ(ObsStatusCode(r), "U");
  r.series_break = true;
  EXPECT_EQ(ObsStatusCode(r), "B");
  ObservationRow m = Row("05315000", "share_foreign", "2020", std::nullopt);
  m.flags = {"suppressed", "blocked"};
  EXPECT_EQ(ObsStatusCode(m), "M");
  EXPECT_EQ(ConfStatusCode(m), "C");
  // Reading: U depends on whether a value is there.
  ObservationRow with_value = Row("05315000", "share_foreign", "2020", 3);
  ASSERT_OK(ApplyObsStatusCode("U", &with_value));
  EXPECT_THAT(with_value.flags, ::testing::ElementsAre("low_reliability"));
  ObservationRow without = Row("05315000", "share_foreign", "2020", std::nullopt);
  ASSERT_OK(ApplyObsStatusCode("u", &without));
  EXPECT_THAT(without.flags, ::testing::ElementsAre("unreliable"));
}

TEST(ObsStatusTest, DestatisFlagsRoundTripThroughSdmxCsvAndOpenSdg) {
  std::vector<ObservationRow> rows = DestatisFlagRows();
  {
    std::ostringstream out;
    SdmxCsvWriter writer(out, SdmxCsvOptions{});
    for (const ObservationRow& row : rows) ASSERT_OK(writer.Write(row));
    ASSERT_OK(writer.Finish());
    EXPECT_THAT(out.str(), HasSubstr(",2022,,,M,,,,blocked\n"));
    EXPECT_EQ(ReadBack(out.str(), {}), rows);
  }
  {
    std::ostringstream out;
    OpenSdgCsvWriter writer(out, OpenSdgWriteOptions{"share_foreign", {}, true});
    for (const ObservationRow& row : rows) ASSERT_OK(writer.Write(row));
    ASSERT_OK(writer.Finish());
    EXPECT_THAT(out.str(),
                HasSubstr("\n2020,05315000,,share_foreign,U,,,low_reliability,05315000,12\n"));
    EXPECT_THAT(out.str(), HasSubstr("\n2023,05315000,,share_foreign,U,,,unreliable,05315000,\n"));
    EXPECT_THAT(out.str(),
                HasSubstr("\n2024,05315000,,share_foreign,L,,,not_yet_available,05315000,\n"));
    ObservationReadOptions options;
    options.format = ObservationFormat::kOpenSdg;
    options.indicator = "share_foreign";
    for (ObservationRow& row : rows) row.absent = kFieldSource;  // Open SDG has no source
    EXPECT_EQ(ReadBack(out.str(), options), rows);
  }
}

TEST(OpenSdgTest, ReadsPublishedFilesWithTitlesAndNoGeoCode) {
  std::string text =
      "Year,Units,Geschlecht,Altersgruppe (Jahre),Value\n"
      "2020,Prozent,,,12.5\n"
      "2020,Prozent,weiblich,unter 18,13\n";
  ObservationReadOptions options;
  options.indicator = "share_foreign";
  options.unit_key = "09162000";
  options.source = "Integrationsmonitoring M\xC3\xBCnchen";
  std::vector<ObservationRow> rows = ReadBack(text, options);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].unit_key, "09162000");
  EXPECT_TRUE(rows[0].breakdown.empty());  // Units is the indicator's unit, not a breakdown
  EXPECT_THAT(rows[1].breakdown,
              ::testing::ElementsAre(::testing::Pair("altersgruppe_jahre", "unter 18"),
                                     ::testing::Pair("geschlecht", "weiblich")));
  EXPECT_EQ(rows[1].source, "Integrationsmonitoring M\xC3\xBCnchen");

  ObservationReadOptions no_indicator;
  auto csv = CsvReader::FromString(text, {});
  ASSERT_OK(csv);
  EXPECT_STATUS(OpenObservationReader(std::move(*csv), no_indicator),
                absl::StatusCode::kInvalidArgument, "(no Series column): pass --indicator");
  ObservationReadOptions no_unit;
  no_unit.indicator = "share_foreign";
  csv = CsvReader::FromString(text, {});
  ASSERT_OK(csv);
  EXPECT_STATUS(OpenObservationReader(std::move(*csv), no_unit), absl::StatusCode::kInvalidArgument,
                "no GeoCode column: pass --unit");
}

TEST(JsonLinesTest, EveryLineParsesAsJsonWithEscapes) {
  std::ostringstream out;
  ObservationJsonLinesWriter writer(out);
  std::vector<ObservationRow> rows = SampleRows();
  ObservationRow nasty = Row("05315000", "x", "2021", 1e-7);
  nasty.footnote = std::string("quote \" backslash \\ tab \t bell \x07 nul ") + '\0' +
                   " umlaut \xC3\xA4\xC3\xB6\xC3\xBC\xC3\x9F line\xE2\x80\xA8sep bad \xFF byte";
  rows.push_back(nasty);
  for (const ObservationRow& row : rows) ASSERT_OK(writer.Write(row));
  ASSERT_OK(writer.Finish());

  std::istringstream in(out.str());
  std::string line;
  std::vector<google::protobuf::Struct> parsed;
  while (std::getline(in, line)) {
    google::protobuf::Struct object;
    auto status = google::protobuf::util::JsonStringToMessage(line, &object);
    ASSERT_TRUE(status.ok()) << status.ToString() << "\n" << line;
    parsed.push_back(object);
  }
  ASSERT_EQ(parsed.size(), rows.size());
  const auto& a = parsed[0].fields();
  EXPECT_EQ(a.at("ags").string_value(), "05315000");
  EXPECT_EQ(a.at("value").number_value(), 19.5);
  EXPECT_EQ(a.at("footnote").string_value(), rows[0].footnote);
  EXPECT_EQ(a.at("breakdown").struct_value().fields().at("sex").string_value(), "female");
  EXPECT_EQ(a.at("flags").list_value().values(1).string_value(), "estimated");
  EXPECT_TRUE(a.at("series_break").bool_value());
  EXPECT_EQ(parsed[1].fields().at("value").kind_case(), google::protobuf::Value::kNullValue);
  const auto& n = parsed.back().fields();
  EXPECT_EQ(n.at("value").number_value(), 1e-7);
  std::string expected = nasty.footnote;
  expected.replace(expected.find('\xFF'), 1, "\xEF\xBF\xBD");
  EXPECT_EQ(n.at("footnote").string_value(), expected);
  EXPECT_THAT(out.str(), HasSubstr("quote \\\" backslash \\\\ tab \\t bell \\u0007 nul \\u0000"));
  EXPECT_THAT(out.str(), HasSubstr("line\\u2028sep"));
}

TEST(ObservationExportTest, FactoryPicksTheFormatByName) {
  ExportOptions options;
  options.open_sdg.indicator = "share_foreign";
  options.sdmx.dimensions = {"nationality", "sex"};
  ObservationRow row = Row("05315000", "share_foreign", "2021", 19.5);
  row.breakdown = {{"sex", "female"}};
  for (const char* name : {"csv", "JSONL", "sdmx-csv", "open-sdg"}) {
    std::optional<ExportFormat> format = ParseExportFormat(name);
    ASSERT_TRUE(format.has_value()) << name;
    std::ostringstream out;
    if (*format == ExportFormat::kOpenSdg) options.open_sdg.dimensions = {"sex"};
    ASSERT_OK_AND_ASSIGN(auto writer, MakeObservationWriter(*format, out, "", options));
    ASSERT_OK(writer->Write(row));
    ASSERT_OK(writer->Finish());
    EXPECT_EQ(writer->rows_written(), 1);
    EXPECT_THAT(out.str(), HasSubstr("19.5")) << name;
  }
  std::ostringstream out;
  EXPECT_STATUS(MakeObservationWriter(ExportFormat::kXlsx, out, "-", options),
                absl::StatusCode::kInvalidArgument, "XLSX needs an output file");
  EXPECT_FALSE(ParseExportFormat("xml").has_value());
}

}  // namespace
}  // namespace integra::io
