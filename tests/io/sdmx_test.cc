// SDMX-CSV and its SDMX-ML 2.1 structure: the writer's exact output for a small hand-made
// dataset (header and rows written by hand from sdmx_csv.h), code ids for free-text values,
// and the structure message checked independently (expat, tests/testing/sdmx_check.h): well
// formed, self-consistent, and holding every code the CSV uses.
#include <sstream>

#include "client/io/observation_reader.h"
#include "client/io/sdmx_csv.h"
#include "client/io/sdmx_structure.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/io/row_builder.h"
#include "tests/testing/sdmx_check.h"
#include "tests/testing/status_matchers.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<ObservationRow> Dataset() {
  std::vector<ObservationRow> rows;
  ObservationRow a = Row("DG", "AUSL_ANTEIL", "2021", 13.1);
  a.source = "Destatis";
  rows.push_back(a);
  ObservationRow b = Row("DG", "AUSL_ANTEIL", "2021", 12.9);
  b.breakdown = {{"sex", "f"}};
  b.flags = {"provisional", "estimated"};
  rows.push_back(b);
  ObservationRow c = Row("05315", "AUSL_ANTEIL", "2021", 19.5);
  c.breakdown = {{"nationality", "nicht deutsch"}, {"sex", "m"}};
  c.footnote = "Gebietsstand 2021";
  c.series_break = true;
  rows.push_back(c);
  ObservationRow d = Row("05315", "AUSL_ANTEIL", "2022", std::nullopt);
  d.flags = {"suppressed"};
  rows.push_back(d);
  ObservationRow e = Row("05111", "BEV", "2021", 620523);
  e.flags = {"suppressed"};
  e.source = "Zensus 2022";
  rows.push_back(e);
  ObservationRow f = Row("DG", "ALO_Q", "2021-Q3", std::nullopt);
  f.flags = {"not_yet_available"};
  rows.push_back(f);
  return rows;
}

SdmxCsvOptions Options() {
  SdmxCsvOptions options;
  options.dimensions = {"nationality", "sex"};
  options.indicator_dimensions = {
      {"AUSL_ANTEIL", {"nationality", "sex"}}, {"BEV", {}}, {"ALO_Q", {"sex"}}};
  options.unit_measure = {{"AUSL_ANTEIL", "PERCENT"}, {"BEV", "COUNT"}, {"ALO_Q", "PERCENT"}};
  return options;
}

constexpr char kCsv[] =
    "DATAFLOW,REF_AREA,INDICATOR,NATIONALITY,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,"
    "CONF_STATUS,COMMENT_OBS,SOURCE_DETAIL,INTEGRA_FLAGS\n"
    "INTEGRA:DF_INTEGRATION(1.0),DG,AUSL_ANTEIL,_T,_T,2021,13.1,PERCENT,A,,,Destatis,\n"
    "INTEGRA:DF_INTEGRATION(1.0),DG,AUSL_ANTEIL,_T,f,2021,12.9,PERCENT,E,,,,"
    "provisional|estimated\n"
    "INTEGRA:DF_INTEGRATION(1.0),05315,AUSL_ANTEIL,nicht$20deutsch,m,2021,19.5,PERCENT,B,,"
    "Gebietsstand 2021,,\n"
    "INTEGRA:DF_INTEGRATION(1.0),05315,AUSL_ANTEIL,_T,_T,2022,,PERCENT,Q,C,,,suppressed\n"
    "INTEGRA:DF_INTEGRATION(1.0),05111,BEV,_Z,_Z,2021,620523,COUNT,A,C,,Zensus 2022,suppressed\n"
    "INTEGRA:DF_INTEGRATION(1.0),DG,ALO_Q,_Z,_T,2021-Q3,,PERCENT,L,,,,not_yet_available\n";

std::string WriteDataset(const std::vector<ObservationRow>& rows,
                         std::map<std::string, std::set<std::string>>* codes = nullptr) {
  std::ostringstream out;
  SdmxCsvWriter writer(out, Options());
  for (const ObservationRow& row : rows) EXPECT_OK(writer.Write(row));
  EXPECT_OK(writer.Finish());
  if (codes != nullptr) *codes = writer.codes_used();
  return out.str();
}

SdmxDataflowSpec Spec() {
  SdmxDataflowSpec spec;
  spec.dataflow = {"INTEGRA", "DF_INTEGRATION", "1.0"};
  spec.name = "Integrationsmonitoring";
  spec.prepared = "2024-05-01T12:00:00Z";
  spec.units = {{"DG", "Deutschland"}, {"05111", "Düsseldorf"}, {"05315", "Köln"}};
  spec.indicators = {{"ALO_Q", "Arbeitslosenquote"},
                     {"AUSL_ANTEIL", "Anteil ausländischer Bevölkerung"},
                     {"BEV", "Bevölkerung"}};
  spec.dimensions = {{"nationality", {"deutsch", "nicht deutsch"}}, {"sex", {"f", "m"}}};
  return spec;
}

TEST(SdmxCodeIdTest, FreeTextValuesBecomeReversibleIds) {
  EXPECT_EQ(SdmxCodeId("auslaendisch"), "auslaendisch");
  EXPECT_EQ(SdmxCodeId("65-plus_x@y"), "65-plus_x@y");
  EXPECT_EQ(SdmxCodeId("unter 18"), "unter$2018");
  EXPECT_EQ(SdmxCodeId("über"), "$C3$BCber");
  EXPECT_EQ(SdmxCodeId("a$b"), "a$24b");
  EXPECT_EQ(SdmxCodeId("_T"), "$5FT");
  EXPECT_EQ(SdmxCodeId("_Zahl"), "_Zahl");
  for (const char* value : {"auslaendisch", "unter 18", "über", "a$b", "_T", "x;y=z", "$zz"}) {
    EXPECT_EQ(SdmxCodeValue(SdmxCodeId(value)), value) << value;
  }
  EXPECT_EQ(SdmxCodeValue("a$zz"), "a$zz");  // not an escape: kept
}

TEST(SdmxCsvTest, WriterOutputIsExactlyTheHandWrittenFile) {
  std::map<std::string, std::set<std::string>> codes;
  EXPECT_EQ(WriteDataset(Dataset(), &codes), kCsv);
  EXPECT_THAT(codes["NATIONALITY"], ElementsAre("_T", "_Z", "nicht$20deutsch"));
  EXPECT_THAT(codes["SEX"], ElementsAre("_T", "_Z", "f", "m"));
  EXPECT_THAT(codes["OBS_STATUS"], ElementsAre("A", "B", "E", "L", "Q"));
  EXPECT_THAT(codes["CONF_STATUS"], ElementsAre("C"));
  EXPECT_THAT(codes["UNIT_MEASURE"], ElementsAre("COUNT", "PERCENT"));
  EXPECT_THAT(codes["REF_AREA"], ElementsAre("05111", "05315", "DG"));
  EXPECT_EQ(codes.count("TIME_PERIOD"), 0u);
  EXPECT_EQ(codes.count("COMMENT_OBS"), 0u);
}

TEST(SdmxCsvTest, ReadsBackEveryValueFlagAndPeriod) {
  ObservationReadOptions options;
  auto csv = CsvReader::FromString(kCsv, options.csv);
  ASSERT_OK(csv);
  ASSERT_OK_AND_ASSIGN(auto reader, OpenObservationReader(std::move(*csv), options));
  std::vector<ObservationRow> rows;
  ObservationRow row;
  while (reader->Next(&row)) {
    row.line = 0;
    rows.push_back(row);
  }
  EXPECT_THAT(reader->errors(), IsEmpty());
  EXPECT_EQ(rows, Dataset());
}

TEST(SdmxStructureTest, ExactPartsOfTheMessage) {
  SdmxDataflowSpec spec = Spec();
  WriteDataset(Dataset(), &spec.codes_used);
  const std::string xml = SdmxStructureMessage(spec);
  const std::string head =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<mes:Structure xmlns:mes=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message\" "
      "xmlns:str=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure\" "
      "xmlns:com=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common\">\n"
      "  <mes:Header>\n";
  EXPECT_EQ(xml.substr(0, head.size()), head);
  EXPECT_THAT(xml, HasSubstr("    <mes:ID>DF_INTEGRATION_STRUCTURE</mes:ID>\n"
                             "    <mes:Test>false</mes:Test>\n"
                             "    <mes:Prepared>2024-05-01T12:00:00Z</mes:Prepared>\n"
                             "    <mes:Sender id=\"INTEGRA\"/>\n"));
  EXPECT_THAT(xml, HasSubstr("      <str:Dataflow id=\"DF_INTEGRATION\" agencyID=\"INTEGRA\" "
                             "version=\"1.0\">\n"
                             "        <com:Name xml:lang=\"de\">Integrationsmonitoring</com:Name>\n"
                             "        <str:Structure>\n"
                             "          <URN>urn:sdmx:org.sdmx.infomodel.datastructure."
                             "DataStructure=INTEGRA:DSD_INTEGRATION(1.0)</URN>\n"));
  // A free-text breakdown value: its id and its name.
  EXPECT_THAT(xml, HasSubstr("        <str:Code id=\"nicht$20deutsch\">\n"
                             "          <com:Name xml:lang=\"de\">nicht deutsch</com:Name>\n"));
  EXPECT_THAT(xml, HasSubstr("        <str:Code id=\"_Z\">\n"
                             "          <com:Name xml:lang=\"de\">Nicht zutreffend</com:Name>\n"));
  EXPECT_THAT(xml, HasSubstr("        <str:Code id=\"PERCENT\">\n"
                             "          <com:Name xml:lang=\"de\">Prozent</com:Name>\n"));
  EXPECT_THAT(xml, HasSubstr("<str:TimeDimension id=\"TIME_PERIOD\" position=\"5\">"));
  EXPECT_THAT(xml, HasSubstr("<str:TextFormat textType=\"ObservationalTimePeriod\"/>"));
  // The element order SDMXStructure.xsd's StructuresType prescribes.
  const size_t flows = xml.find("<str:Dataflows>"), lists = xml.find("<str:Codelists>"),
               concepts = xml.find("<str:Concepts>"), dsds = xml.find("<str:DataStructures>");
  EXPECT_LT(flows, lists);
  EXPECT_LT(lists, concepts);
  EXPECT_LT(concepts, dsds);
  EXPECT_NE(dsds, std::string::npos);
  EXPECT_EQ(xml, SdmxStructureMessage(spec));  // deterministic
}

TEST(SdmxStructureTest, EveryCodeOfTheCsvIsInItsCodeList) {
  SdmxDataflowSpec spec = Spec();
  const std::string csv = WriteDataset(Dataset(), &spec.codes_used);
  EXPECT_THAT(testing::CheckSdmxCsvAgainstStructure(SdmxStructureMessage(spec), csv), IsEmpty());
}

TEST(SdmxStructureTest, TheCheckFindsWhatIsMissing) {
  // The check itself can fail: a value the catalog does not declare, without codes_used, is
  // missing from its code list; a wrong dataflow and a broken XML are reported too.
  SdmxDataflowSpec spec = Spec();
  spec.dimensions[1].second = {"f"};  // "m" undeclared
  std::string csv = WriteDataset(Dataset());
  EXPECT_THAT(testing::CheckSdmxCsvAgainstStructure(SdmxStructureMessage(spec), csv),
              ElementsAre("line 4, SEX: 'm' is not in "
                          "urn:sdmx:org.sdmx.infomodel.codelist.Codelist=INTEGRA:CL_SEX(1.0)"));
  spec.codes_used["SEX"] = {"m"};
  EXPECT_THAT(testing::CheckSdmxCsvAgainstStructure(SdmxStructureMessage(spec), csv), IsEmpty());
  spec.dataflow.version = "2.0";
  EXPECT_THAT(testing::CheckSdmxCsvAgainstStructure(SdmxStructureMessage(spec), csv),
              ::testing::Contains(HasSubstr("'INTEGRA:DF_INTEGRATION(1.0)' is not the dataflow")));
  std::string broken = SdmxStructureMessage(spec);
  broken.resize(broken.size() / 2);
  EXPECT_THAT(testing::CheckSdmxCsvAgainstStructure(broken, csv),
              ElementsAre(HasSubstr("not well-formed XML")));
}

TEST(SdmxStructureTest, TextIsEscapedAndArtefactRefsAreChecked) {
  SdmxDataflowSpec spec = Spec();
  spec.units = {{"05315", "K<ö>ln & \"Umland\"\x01"}};
  const std::string xml = SdmxStructureMessage(spec);
  EXPECT_THAT(xml, HasSubstr(">K&lt;ö&gt;ln &amp; &quot;Umland&quot;\xEF\xBF\xBD</com:Name>"));

  ASSERT_OK_AND_ASSIGN(SdmxArtefactRef ref, ParseSdmxArtefactRef("ESTAT:NA_MAIN(1.6.0)"));
  EXPECT_EQ(ref.agency, "ESTAT");
  EXPECT_EQ(ref.id, "NA_MAIN");
  EXPECT_EQ(ref.version, "1.6.0");
  ASSERT_OK(ParseSdmxArtefactRef("DE.NRW:DF_X(1)"));
  for (const char* bad : {"DF_X(1.0)", "A:DF X(1.0)", "A:DF_X", "A:DF_X(1.a)", "A:(1.0)",
                          "A:DF_X(.1)", ":DF_X(1.0)"}) {
    EXPECT_STATUS(ParseSdmxArtefactRef(bad), absl::StatusCode::kInvalidArgument,
                  "is not AGENCY:ID(VERSION)");
  }
}

}  // namespace
}  // namespace integra::io
