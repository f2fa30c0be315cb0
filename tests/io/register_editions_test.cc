// Destatis' register products read into rows (client/io/register_editions.h): GV100AD sliced by
// character in UTF-8 and Windows-1252, the Gemeindeverzeichnis-Auszug over rows of cells with
// its number columns read one by one, detection by content, and the reference-date rules.
//
// Expected values are copied by hand from the reference CSVs (data/reference/, the rows named
// in each test), not from the code under test.
#include "client/io/register_editions.h"

#include <xlsxwriter.h>

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/gv100ad_writer.h"
#include "tests/testing/reference_data.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(INTEGRA_SOURCE_DIR) + "/tests/fixtures/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

// UTF-8 -> Windows-1252 for the characters the fixtures hold (U+0080..U+00FF: two bytes, C2 or
// C3 and one more); fails the test on anything else.
std::string ToWindows1252(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < utf8.size()) {
      const auto n = static_cast<unsigned char>(utf8[++i]);
      out.push_back(static_cast<char>(c == 0xC2 ? n : n + 0x40));
    } else {
      ADD_FAILURE() << "byte " << int{c} << " at " << i;
    }
  }
  return out;
}

const RegisterRecordRow* Find(const RegisterEditionRows& rows, int satzart,
                              const std::string& key) {
  for (const RegisterRecordRow& r : rows.records) {
    if (r.satzart == satzart && r.key == key) return &r;
  }
  return nullptr;
}

std::vector<std::string> Errors(const RegisterEditionRows& rows) {
  std::vector<std::string> out;
  for (const CsvError& e : rows.errors) out.push_back(e.ToString());
  return out;
}

// ---------------------------------------------------------------------------------- GV100AD

TEST(Gv100adReaderTest, OfficialLayoutFixtureIsSlicedByCharacter) {
  const std::string data = Fixture("gv100ad_bremen_saarland.txt");
  // The Saarbrücken Gemeinde record: 220 characters, 221 bytes (ü is two), then CR. Its area
  // field, characters 129-139, starts at BYTE 129: slicing by byte would shift every field
  // after the name.
  const size_t at = data.find("6020231130100411000100");
  ASSERT_NE(at, std::string::npos);
  const std::string line = data.substr(at, data.find('\n', at) - at);
  EXPECT_EQ(line.size(), 221u + 1);
  EXPECT_EQ(line.substr(128 + 1, 11), "00000016752");  // 167.52 km² = 16752 ha

  ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, ReadGv100ad(data, Encoding::kUtf8));
  EXPECT_THAT(Errors(rows), ::testing::IsEmpty());
  EXPECT_EQ(rows.format, RegisterFormat::kGv100ad);
  // 2 Länder, 8 Kreise, 55 Gemeindeverbände, 55 Gemeinden (Bremen and Saarland in the
  // reference CSVs: 2 + 53 Gemeinden, each verbandsfrei); no Regierungsbezirk.
  EXPECT_EQ(rows.records.size(), 120u);

  // gemeinden_gv100ad_2023-11-30.csv, 10041100.
  const RegisterRecordRow* sb = Find(rows, 60, "10041100");
  ASSERT_NE(sb, nullptr);
  EXPECT_EQ(sb->name, "Saarbrücken, Landeshauptstadt");
  EXPECT_EQ(sb->type_code, "63");
  EXPECT_EQ(sb->verband, "0100");
  EXPECT_EQ(sb->territory_date, "2023-11-30");
  EXPECT_DOUBLE_EQ(*sb->area_km2, 167.52);
  EXPECT_EQ(sb->population, 181959);
  EXPECT_EQ(sb->population_male, 90445);
  EXPECT_EQ(sb->population_female, 91514);
  EXPECT_EQ(sb->seat, "");
  // kreise_gv100ad_2023-11-30.csv, 10041; laender.csv, 10.
  const RegisterRecordRow* kreis = Find(rows, 40, "10041");
  ASSERT_NE(kreis, nullptr);
  EXPECT_EQ(kreis->name, "Regionalverband Saarbrücken");
  EXPECT_EQ(kreis->seat, "Saarbrücken, Landeshauptstadt");
  EXPECT_EQ(kreis->type_code, "45");
  EXPECT_FALSE(kreis->population.has_value());  // GV100AD states it for Gemeinden only
  const RegisterRecordRow* land = Find(rows, 10, "10");
  ASSERT_NE(land, nullptr);
  EXPECT_EQ(land->name, "Saarland");
  EXPECT_EQ(land->seat, "Saarbrücken, Landeshauptstadt");
  const RegisterRecordRow* verband = Find(rows, 50, "100410100");
  ASSERT_NE(verband, nullptr);
  EXPECT_EQ(verband->type_code, "50");
}

TEST(Gv100adReaderTest, Latin1FileReadsAsTheUtf8One) {
  const std::string utf8 = Fixture("gv100ad_bremen_saarland.txt");
  const std::string latin1 = ToWindows1252(utf8);
  ASSERT_LT(latin1.size(), utf8.size());
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows a, ReadGv100ad(utf8, Encoding::kUtf8));
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows b, ReadGv100ad(latin1, Encoding::kLatin1));
  EXPECT_EQ(a.records, b.records);

  // Read as UTF-8, the Latin-1 file is refused at the line of its first umlaut, with the hint.
  const size_t first = utf8.find('\303');
  const int line = 1 + static_cast<int>(std::count(utf8.begin(), utf8.begin() + first, '\n'));
  EXPECT_STATUS(ReadGv100ad(latin1, Encoding::kUtf8), absl::StatusCode::kInvalidArgument,
                absl::StrCat("line ", line,
                             ": file is not UTF-8 (looks like Latin-1/Windows-1252: "
                             "byte 0xFC 'ü'); re-save as UTF-8 or pass --encoding latin1"));
  EXPECT_STATUS(ReadGv100ad("\xEF\xBB\xBF" + utf8, Encoding::kLatin1),
                absl::StatusCode::kInvalidArgument, "byte-order mark");
  // A UTF-8 file read as Latin-1 turns each umlaut into two characters ("Ã¼"): its records
  // are one character too long, and the reader says so instead of shifting the fields.
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows wrong, ReadGv100ad(utf8, Encoding::kLatin1));
  ASSERT_FALSE(wrong.errors.empty());
  EXPECT_EQ(wrong.errors[0].ToString(),
            absl::StrCat("line ", line,
                         ": the record has 221 characters; GV100AD records have "
                         "220 (an umlaut encoded twice, or a file that is not GV100AD?)"));
  // A byte-order mark on UTF-8 is fine.
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows c, ReadGv100ad("\xEF\xBB\xBF" + utf8, Encoding::kUtf8));
  EXPECT_EQ(c.records, a.records);
}

TEST(Gv100adReaderTest, MalformedLinesAreReportedWithLineAndField) {
  using testing::GvLine;
  using testing::GvRecord;
  const GvRecord gemeinde{.satzart = 60,
                          .key = "10046118",
                          .verband = "0118",
                          .name = "Tholey",
                          .type_code = "64",
                          .area_ha = 5755,
                          .population = 12160,
                          .male = 5922,
                          .plz = "66636"};
  std::string ok = GvLine(gemeinde, "20231130");
  std::string bad_satzart = "70" + ok.substr(2);
  std::string bad_date = GvLine(gemeinde, "20231331");
  std::string bad_key = ok.substr(0, 13) + "X" + ok.substr(14);
  std::string bad_population = ok.substr(0, 149) + "X" + ok.substr(150);
  const std::string too_long = ok + "X";
  GvRecord more_men = gemeinde;
  more_men.male = 12161;
  GvRecord nameless = gemeinde;
  nameless.name = "";
  const std::string file = absl::StrCat(
      ok, "\n", bad_satzart, "\n", bad_date, "\n", bad_key, "\n", bad_population, "\n", too_long,
      "\n", GvLine(more_men, "20231130"), "\n", GvLine(nameless, "20231130"), "\n");
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, ReadGv100ad(file, Encoding::kUtf8));
  EXPECT_EQ(rows.records.size(), 1u);
  EXPECT_THAT(
      Errors(rows),
      ElementsAre("line 2, column Satzart: '70' (characters 1-2) is not 10, 20, 30, 40, 50 or 60",
                  "line 3, column Gebietsstand: '20231331' (characters 3-10) is not a date "
                  "YYYYMMDD",
                  "line 4, column AGS: '100X6118' (characters 11-18) is not 8 digits",
                  "line 5, column Bevölkerung insgesamt: '0000001216X' (characters 140-150) is "
                  "not a whole number",
                  "line 6: the record has 221 characters; GV100AD records have 220 (an umlaut "
                  "encoded twice, or a file that is not GV100AD?)",
                  "line 7, column Bevölkerung männlich: 12161 is more than the total 12160",
                  "line 8, column Name: the name (characters 23-72) is empty"));
  EXPECT_EQ(rows.error_count, 7);
}

TEST(Gv100adReaderTest, RegionsAreCountedBlankTailsAndLineEndsTolerated) {
  using testing::GvLine;
  using testing::GvRecord;
  // A Region (Satzart 30, Baden-Württemberg): key LLRR, no level of integra's register.
  std::string region =
      "3020231130"
      "0811" +
      std::string(8, ' ') + "Region Stuttgart";
  region.resize(220, ' ');
  // An editor that strips trailing blanks leaves the Land record at 83 characters.
  std::string land = GvLine(
      {.satzart = 10, .key = "08", .name = "Baden-Württemberg", .seat = "Stuttgart"}, "20231130");
  land.erase(land.find_last_not_of(' ') + 1);
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows,
                       ReadGv100ad(absl::StrCat(land, "\n\n", region, "\r\n"), Encoding::kUtf8));
  EXPECT_THAT(Errors(rows), ::testing::IsEmpty());
  EXPECT_EQ(rows.regions_skipped, 1);
  ASSERT_EQ(rows.records.size(), 1u);
  EXPECT_EQ(rows.records[0].seat, "Stuttgart");
  EXPECT_EQ(rows.records[0].line, 1);
  EXPECT_STATUS(ReadGv100ad("\n\n", Encoding::kUtf8), absl::StatusCode::kInvalidArgument,
                "holds no record");
}

TEST(RegisterFormatTest, ToldApartByContent) {
  EXPECT_EQ(DetectRegisterFormat(Fixture("gv100ad_bremen_saarland.txt")), RegisterFormat::kGv100ad);
  EXPECT_EQ(DetectRegisterFormat(ToWindows1252(Fixture("gv100ad_bremen_saarland.txt"))),
            RegisterFormat::kGv100ad);
  EXPECT_EQ(DetectRegisterFormat(Fixture("gv_auszug_bremen_saarland.csv")),
            RegisterFormat::kGvAuszug);
  // A flat header, comma-separated, quoted, without title rows.
  EXPECT_EQ(DetectRegisterFormat("\"Satzart\",Textkennzeichen,Land\n60,64,01\n"),
            RegisterFormat::kGvAuszug);
  EXPECT_EQ(DetectRegisterFormat(testing::ReadReference("laender.csv")),
            RegisterFormat::kRegisterCsv);
  EXPECT_EQ(DetectRegisterFormat(testing::ReadReference("gemeinden_gv100ad_2023-11-30.csv")),
            RegisterFormat::kRegisterCsv);
  // Ten digits but a short line (a CSV of keys) is not GV100AD.
  EXPECT_EQ(DetectRegisterFormat("6020231130,1\n"), RegisterFormat::kRegisterCsv);
}

// ----------------------------------------------------------------------------- the Auszug

TEST(GvAuszugReaderTest, OfficialLayoutFixture) {
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows,
                       ReadGvAuszugCsv(Fixture("gv_auszug_bremen_saarland.csv"), {}, {}));
  EXPECT_THAT(Errors(rows), ::testing::IsEmpty());
  EXPECT_EQ(rows.format, RegisterFormat::kGvAuszug);
  EXPECT_EQ(rows.records.size(), 120u);
  EXPECT_EQ(rows.stated_territory_date, "2023-12-31");
  EXPECT_EQ(rows.stated_population_date, "2022-12-31");

  const RegisterRecordRow* sb = Find(rows, 60, "10041100");
  ASSERT_NE(sb, nullptr);
  EXPECT_EQ(sb->name, "Saarbrücken, Landeshauptstadt");
  EXPECT_EQ(sb->type_code, "63");
  EXPECT_EQ(sb->verband, "0100");
  EXPECT_DOUBLE_EQ(*sb->area_km2, 167.52);  // "167,52"
  EXPECT_EQ(sb->population, 181959);        // "181 959" (space or no-break space)
  EXPECT_EQ(sb->population_male, 90445);
  EXPECT_EQ(sb->population_female, 91514);
  // DEGURBA in the fixture is test data (gv100ad_writer.h): 181,959 / 167.52 km² = 1,086 per
  // km², from 300 -> 2.
  EXPECT_EQ(sb->degurba, 2);
  EXPECT_EQ(Find(rows, 60, "04011000")->degurba, 1);  // 569,396 / 318.20 = 1,789 -> 1
  EXPECT_EQ(Find(rows, 60, "10046118")->degurba, 3);  // Tholey: 12,160 / 57.55 = 211 -> 3
  // The Kreis row carries the sums (kreise_gv100ad_2023-11-30.csv, 10041).
  const RegisterRecordRow* kreis = Find(rows, 40, "10041");
  ASSERT_NE(kreis, nullptr);
  EXPECT_EQ(kreis->population, 330848);
  EXPECT_DOUBLE_EQ(*kreis->area_km2, 410.95);
  EXPECT_EQ(kreis->type_code, "45");

  // The same Gemeinden as the GV100AD fixture made from the same CSVs.
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows gv,
                       ReadGv100ad(Fixture("gv100ad_bremen_saarland.txt"), Encoding::kUtf8));
  int compared = 0;
  for (const RegisterRecordRow& g : gv.records) {
    const RegisterRecordRow* a = Find(rows, g.satzart, g.key);
    ASSERT_NE(a, nullptr) << g.key;
    EXPECT_EQ(a->name, g.name);
    EXPECT_EQ(a->type_code, g.type_code);
    EXPECT_EQ(a->verband, g.verband);
    if (g.satzart == 60) {
      EXPECT_EQ(a->area_km2, g.area_km2) << g.key;
      EXPECT_EQ(a->population, g.population) << g.key;
      EXPECT_EQ(a->population_male, g.population_male) << g.key;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 55);
}

// The Auszug's header rows as Destatis lays them out, then `data` rows of 13 cells
// (Satzart .. je km2) and the DEGURBA key in column 19.
GvAuszugParser ParserWithHeader(GvAuszugOptions options = {}) {
  GvAuszugParser p(options);
  p.AddRow(1, {"Alle politisch selbständigen Gemeinden mit ausgewählten Merkmalen am 31.12.2023 "
               "(4. Quartal)"});
  p.AddRow(2, {"Bevölkerungsstand: 31.12.2022"});
  p.AddRow(3, {"Satzart",
               "Textkenn-zeichen",
               "Amtlicher Regionalschlüssel (ARS)",
               "",
               "",
               "",
               "",
               "Gemeindename",
               "Fläche km2 1)",
               "Bevölkerung 2)",
               "",
               "",
               "",
               "PLZ",
               "",
               "",
               "",
               "",
               "Grad der Verstädterung",
               ""});
  p.AddRow(4, {"", "", "Land",      "RB",       "Kreis",     "VB",         "Gem",
               "", "", "insgesamt", "männlich", "weiblich",  "je km2",     "",
               "", "", "",          "",         "Schlüssel", "Bezeichnung"});
  return p;
}

std::vector<std::string> Gemeinde(const std::string& gem, const std::string& area,
                                  const std::string& total, const std::string& male,
                                  const std::string& female, const std::string& degurba = "") {
  std::vector<std::string> row = {"60", "64",  "01", "0",    "51", "5175", gem, "Gemeinde " + gem,
                                  area, total, male, female, ""};
  row.resize(20);
  row[18] = degurba;
  return row;
}

TEST(GvAuszugReaderTest, EachNumberColumnIsReadOnItsOwn) {
  // Area with decimal commas, populations grouped by '.', ',', space and no-break space:
  // whole numbers leave no doubt whatever groups them.
  GvAuszugParser p = ParserWithHeader();
  p.AddRow(7, Gemeinde("001", "1.428,18", "92.550", "45,874",
                       "46\xC2\xA0"
                       "676",
                       "01"));
  p.AddRow(8, Gemeinde("002", "56,73", "1 234", "600", "634", "2"));
  p.AddRow(9, Gemeinde("003", "12", "-", "-", "-", "03"));
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, p.Finish());
  EXPECT_THAT(Errors(rows), ::testing::IsEmpty());
  ASSERT_EQ(rows.records.size(), 3u);
  EXPECT_EQ(rows.records[0].key, "01051001");
  EXPECT_DOUBLE_EQ(*rows.records[0].area_km2, 1428.18);
  EXPECT_EQ(rows.records[0].population, 92550);
  EXPECT_EQ(rows.records[0].population_male, 45874);
  EXPECT_EQ(rows.records[0].population_female, 46676);
  EXPECT_EQ(rows.records[0].degurba, 1);
  EXPECT_DOUBLE_EQ(*rows.records[1].area_km2, 56.73);
  EXPECT_EQ(rows.records[1].population, 1234);
  EXPECT_EQ(rows.records[2].population, 0);  // "-": genau null
  EXPECT_EQ(rows.records[2].degurba, 3);

  // The area column with decimal points while the populations group by commas.
  GvAuszugParser q = ParserWithHeader();
  q.AddRow(7, Gemeinde("001", "56.73", "92,550", "45,874", "46,676"));
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows r2, q.Finish());
  EXPECT_THAT(Errors(r2), ::testing::IsEmpty());
  EXPECT_DOUBLE_EQ(*r2.records[0].area_km2, 56.73);
  EXPECT_EQ(r2.records[0].population, 92550);
}

TEST(GvAuszugReaderTest, AnAmbiguousOrMixedColumnIsRefusedNotGuessed) {
  // Every area is "1.234" or whole: thousands separator or decimal point? Nothing decides.
  {
    GvAuszugParser p = ParserWithHeader();
    p.AddRow(7, Gemeinde("001", "12", "10", "5", "5"));
    p.AddRow(8, Gemeinde("002", "1.234", "10", "5", "5"));
    ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, p.Finish());
    EXPECT_THAT(Errors(rows),
                ElementsAre("line 8, column Fläche km2 1): '1.234' can be read as a number with "
                            "thousands separator or with decimals, and no value of the column "
                            "decides which; pass --decimal-comma or --decimal-point"));
  }
  // The user's word settles it.
  for (auto [mark, expected] :
       {std::pair{DecimalMark::kComma, 1234.0}, std::pair{DecimalMark::kPoint, 1.234}}) {
    GvAuszugParser p = ParserWithHeader({.decimal_mark = mark});
    p.AddRow(8, Gemeinde("002", "1.234", "10", "5", "5"));
    ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, p.Finish());
    EXPECT_THAT(Errors(rows), ::testing::IsEmpty());
    EXPECT_DOUBLE_EQ(*rows.records[0].area_km2, expected);
  }
  // One column with both marks.
  {
    GvAuszugParser p = ParserWithHeader();
    p.AddRow(7, Gemeinde("001", "56.73", "10", "5", "5"));
    p.AddRow(8, Gemeinde("002", "56,73", "10", "5", "5"));
    ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, p.Finish());
    EXPECT_THAT(Errors(rows), ElementsAre(HasSubstr("line 8, column Fläche km2 1): the column "
                                                    "mixes decimal marks: '56,73' here, '56.73' "
                                                    "in line 7")));
  }
  // Counts: decimals, bad groups, and the sum of men and women.
  {
    GvAuszugParser p = ParserWithHeader();
    p.AddRow(7, Gemeinde("001", "1", "1.5", "1", "1"));
    p.AddRow(8, Gemeinde("002", "1", "12 34", "1", "1"));
    p.AddRow(9, Gemeinde("003", "1", "100", "40", "50"));
    p.AddRow(10, Gemeinde("004", "1", "100", "50", "50", "4"));
    ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, p.Finish());
    EXPECT_THAT(
        Errors(rows),
        ElementsAre("line 7, column Bevölkerung 2) insgesamt: '1.5' is not a whole number",
                    "line 8, column Bevölkerung 2) insgesamt: '12 34' is not a whole number",
                    "line 9, column Bevölkerung 2) insgesamt: männlich 40 + weiblich 50 is not "
                    "insgesamt 100 (a shifted column?)",
                    "line 10, column Grad der Verstädterung Schlüssel: '4' is not a degree of "
                    "urbanisation (1 Städte, 2 kleinere Städte und Vororte, 3 ländliche "
                    "Gebiete)"));
    EXPECT_TRUE(rows.records.empty());
  }
}

TEST(GvAuszugReaderTest, KeysStoredAsNumbersAndAFlatHeader) {
  // A flat one-row header, key parts a spreadsheet stored as numbers (leading zeros lost),
  // and no title: nothing stated.
  GvAuszugParser p;
  p.AddRow(1, {"Satzart", "Textkennzeichen", "ARS Land", "ARS RB", "ARS Kreis", "ARS VB", "ARS Gem",
               "Gemeindename", "Fläche km2", "Bevölkerung insgesamt"});
  p.AddRow(2, {"10", "", "1", "", "", "", "", "Schleswig-Holstein", "", ""});
  p.AddRow(3, {"40", "43", "1", "0", "51", "", "", "Dithmarschen", "", ""});
  p.AddRow(4, {"50", "51", "1", "0", "51", "5175", "", "Mitteldithmarschen", "", ""});
  p.AddRow(5, {"60", "64", "1", "0", "51", "5175", "1", "Albersdorf", "17,12", "3774"});
  p.AddRow(6, {"30", "", "8", "1", "", "", "", "Region Stuttgart", "", ""});
  p.AddRow(7, {"1) Fußnote"});
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, p.Finish());
  EXPECT_THAT(Errors(rows), ::testing::IsEmpty());
  ASSERT_EQ(rows.records.size(), 4u);
  EXPECT_EQ(rows.records[0].key, "01");
  EXPECT_EQ(rows.records[1].key, "01051");
  EXPECT_EQ(rows.records[2].key, "010515175");
  EXPECT_EQ(rows.records[3].key, "01051001");
  EXPECT_EQ(rows.records[3].verband, "5175");
  EXPECT_EQ(rows.regions_skipped, 1);
  EXPECT_EQ(rows.stated_territory_date, "");
  EXPECT_EQ(rows.stated_population_date, "");
}

TEST(GvAuszugReaderTest, WhatIsNoAuszugIsRefused) {
  GvAuszugParser none;
  none.AddRow(1, {"ags", "name"});
  EXPECT_STATUS(none.Finish(), absl::StatusCode::kInvalidArgument, "no header row");
  GvAuszugParser missing;
  missing.AddRow(1, {"Satzart", "Land", "RB", "Kreis", "VB", "Gem"});
  EXPECT_STATUS(missing.Finish(), absl::StatusCode::kInvalidArgument,
                "line 1: the Auszug's header lacks the column(s) Textkennzeichen, Gemeindename");
  GvAuszugParser two_dates = ParserWithHeader();
  two_dates.AddRow(5, {"Bevölkerung am 31.12.2021"});
  EXPECT_STATUS(two_dates.Finish(), absl::StatusCode::kInvalidArgument,
                "the title rows state 2 population dates (31.12.2021 in line 5, 31.12.2022 in "
                "line 2); pass --population-date YYYY-MM-DD");
}

// The Auszug's sheet as Destatis' XLSX lays it out, written with libxlsxwriter: Satzart, keys
// and DEGURBA as text, areas and populations as number cells (as programs reading the real
// file find them; docs/io.md), a cover sheet before it.
void WriteAuszugXlsx(const std::string& path, bool named_sheet = true) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* cover = workbook_add_worksheet(workbook, "Deckblatt");
  worksheet_write_string(cover, 0, 0, "Gemeindeverzeichnis-Informationssystem GV-ISys", nullptr);
  lxw_worksheet* sheet =
      workbook_add_worksheet(workbook, named_sheet ? "Onlineprodukt_Gemeinden31122023" : "Daten");
  auto text = [&](int row, int col, const char* v) {
    worksheet_write_string(sheet, row, col, v, nullptr);
  };
  auto number = [&](int row, int col, double v) {
    worksheet_write_number(sheet, row, col, v, nullptr);
  };
  text(0, 0,
       "Alle politisch selbständigen Gemeinden mit ausgewählten Merkmalen am 31.12.2023 "
       "(4. Quartal)");
  text(1, 0, "Bevölkerungsstand: 31.12.2022");
  const char* top[] = {"Satzart",
                       "Textkennzeichen",
                       "Amtlicher Regionalschlüssel (ARS)",
                       "",
                       "",
                       "",
                       "",
                       "Gemeindename",
                       "Fläche km2 1)",
                       "Bevölkerung 2)"};
  for (int c = 0; c < 10; ++c) {
    if (*top[c] != '\0') text(2, c, top[c]);
  }
  text(2, 18, "Grad der Verstädterung");
  const char* below[] = {"Land", "RB", "Kreis", "VB", "Gem"};
  for (int c = 0; c < 5; ++c) text(3, 2 + c, below[c]);
  text(3, 9, "insgesamt");
  text(3, 10, "männlich");
  text(3, 11, "weiblich");
  text(3, 12, "je km2");
  text(3, 18, "Schlüssel");
  text(3, 19, "Bezeichnung");
  // Rows 7 ff. (0-based 6 ff.): Saarland's Regionalverband and Saarbrücken
  // (gemeinden_gv100ad_2023-11-30.csv, 10041100); DEGURBA is test data.
  text(6, 0, "10");
  text(6, 2, "10");
  text(6, 7, "Saarland");
  text(7, 0, "40");
  text(7, 1, "45");
  text(7, 2, "10");
  text(7, 3, "0");
  text(7, 4, "41");
  text(7, 7, "Regionalverband Saarbrücken");
  number(7, 8, 410.95);
  number(7, 9, 330848);
  text(8, 0, "50");
  text(8, 1, "50");
  text(8, 2, "10");
  text(8, 3, "0");
  text(8, 4, "41");
  text(8, 5, "0100");
  text(8, 7, "Saarbrücken, Landeshauptstadt");
  text(9, 0, "60");
  text(9, 1, "63");
  number(9, 2, 10);  // a key part stored as a number: no leading zero to lose here
  number(9, 3, 0);
  number(9, 4, 41);
  text(9, 5, "0100");
  number(9, 6, 100);
  text(9, 7, "Saarbrücken, Landeshauptstadt");
  number(9, 8, 167.52);
  number(9, 9, 181959);
  number(9, 10, 90445);
  number(9, 11, 91514);
  number(9, 12, 1086);
  text(9, 18, "02");
  text(9, 19, "Kleinere Städte und Vororte");
  text(11, 0, "1) Abweichungen bei den Flächenangaben sind durch Runden der Zahlen möglich.");
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
}

TEST(GvAuszugReaderTest, TheXlsxSheetFeedsTheSameParser) {
  testing::TempDir dir;
  const std::string path = dir.Sub("AuszugGV4QAktuell.xlsx");
  WriteAuszugXlsx(path);
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows rows, ReadGvAuszugXlsx(path, "", {}));
  EXPECT_THAT(Errors(rows), ::testing::IsEmpty());
  EXPECT_EQ(rows.stated_territory_date, "2023-12-31");
  EXPECT_EQ(rows.stated_population_date, "2022-12-31");
  ASSERT_EQ(rows.records.size(), 4u);
  const RegisterRecordRow* sb = Find(rows, 60, "10041100");
  ASSERT_NE(sb, nullptr);
  EXPECT_EQ(sb->line, 10);  // the sheet's row
  EXPECT_EQ(sb->verband, "0100");
  EXPECT_DOUBLE_EQ(*sb->area_km2, 167.52);
  EXPECT_EQ(sb->population, 181959);
  EXPECT_EQ(sb->degurba, 2);
  EXPECT_EQ(Find(rows, 40, "10041")->population, 330848);
  EXPECT_EQ(Find(rows, 50, "100410100")->type_code, "50");
  // With --decimal-point the number cells come with points and read the same.
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows points,
                       ReadGvAuszugXlsx(path, "", {.decimal_mark = DecimalMark::kPoint}));
  EXPECT_EQ(points.records, rows.records);

  // A workbook without Destatis' sheet name and with more than one sheet: name it.
  const std::string other = dir.Sub("umbenannt.xlsx");
  WriteAuszugXlsx(other, /*named_sheet=*/false);
  EXPECT_STATUS(ReadGvAuszugXlsx(other, "", {}), absl::StatusCode::kInvalidArgument,
                "has no sheet named Onlineprodukt_Gemeinden... (sheets: Deckblatt, Daten); name "
                "the Auszug's sheet with --sheet NAME");
  ASSERT_OK_AND_ASSIGN(RegisterEditionRows named, ReadGvAuszugXlsx(other, "daten", {}));
  EXPECT_EQ(named.records, rows.records);
}

// ------------------------------------------------------------------------- reference dates

RegisterEditionRows Gv(const std::vector<std::string>& dates) {
  RegisterEditionRows rows;
  rows.format = RegisterFormat::kGv100ad;
  int line = 0;
  for (const std::string& d : dates) {
    rows.records.push_back(
        {.line = ++line, .satzart = 60, .key = "01051001", .population = 10, .territory_date = d});
  }
  return rows;
}

RegisterEditionRows Auszug(std::string territory, std::string population) {
  RegisterEditionRows rows;
  rows.format = RegisterFormat::kGvAuszug;
  rows.records.push_back({.line = 7, .satzart = 60, .key = "01051001", .population = 10});
  rows.stated_territory_date = std::move(territory);
  rows.stated_population_date = std::move(population);
  return rows;
}

TEST(ReferenceDatesTest, Gv100adStatesTheGebietsstandAndImpliesThePopulationDate) {
  RegisterEditionRows rows = Gv({"2023-11-30", "2023-11-30"});
  ASSERT_OK_AND_ASSIGN(ReferenceDates d, ResolveReferenceDates(rows, {}));
  EXPECT_EQ(d.population_date, "2022-12-31");
  EXPECT_THAT(d.notes, ElementsAre("population taken as of 31.12.2022 by the GV100AD convention "
                                   "(31.12. of the year before the Gebietsstand's year; the file "
                                   "states no population date); --population-date YYYY-MM-DD "
                                   "overrides it"));
  EXPECT_EQ(rows.records[0].territory_date, "2023-11-30");
}

TEST(ReferenceDatesTest, OptionsAlwaysWin) {
  RegisterEditionRows gv = Gv({"2023-11-30"});
  ASSERT_OK_AND_ASSIGN(
      ReferenceDates d,
      ResolveReferenceDates(gv, {.gebietsstand = "31.12.2023", .population_date = "2021-12-31"}));
  EXPECT_EQ(gv.records[0].territory_date, "2023-12-31");
  EXPECT_EQ(d.population_date, "2021-12-31");
  EXPECT_THAT(d.notes, ElementsAre("Gebietsstand 31.12.2023 for every record (--gebietsstand)",
                                   "population as of 31.12.2021 (--population-date)"));
  // The convention follows the Gebietsstand given.
  RegisterEditionRows gv2 = Gv({"2023-11-30"});
  ASSERT_OK_AND_ASSIGN(ReferenceDates d2,
                       ResolveReferenceDates(gv2, {.gebietsstand = "2025-01-01"}));
  EXPECT_EQ(d2.population_date, "2024-12-31");
  // Over what the Auszug's title states, too.
  RegisterEditionRows a = Auszug("2023-12-31", "2022-12-31");
  ASSERT_OK_AND_ASSIGN(
      ReferenceDates d3,
      ResolveReferenceDates(a, {.gebietsstand = "2024-03-31", .population_date = "2023-12-31"}));
  EXPECT_EQ(a.records[0].territory_date, "2024-03-31");
  EXPECT_EQ(d3.population_date, "2023-12-31");
}

TEST(ReferenceDatesTest, TheAuszugUsesWhatItsTitleStates) {
  RegisterEditionRows a = Auszug("2023-12-31", "2022-12-31");
  ASSERT_OK_AND_ASSIGN(ReferenceDates d, ResolveReferenceDates(a, {}));
  EXPECT_EQ(a.records[0].territory_date, "2023-12-31");
  EXPECT_EQ(d.population_date, "2022-12-31");
  EXPECT_THAT(d.notes, ElementsAre("Gebietsstand 31.12.2023 as the file's title states",
                                   "population as of 31.12.2022 as the file states"));
}

TEST(ReferenceDatesTest, WithoutAStatementOrConventionTheImportRefusesAndNamesTheOptions) {
  // A CSV saved without the title rows: no convention applies to the Auszug.
  RegisterEditionRows a = Auszug("", "");
  EXPECT_STATUS(ResolveReferenceDates(a, {}), absl::StatusCode::kInvalidArgument,
                "the file does not state its Gebietsstand (--gebietsstand YYYY-MM-DD) or the "
                "date of its populations (--population-date YYYY-MM-DD, a 31 December), and the "
                "Gemeindeverzeichnis-Auszug has no convention for them (a CSV saved from the "
                "XLSX may lack its title rows): pass --gebietsstand YYYY-MM-DD and "
                "--population-date YYYY-MM-DD as the XLSX's title rows state them");
  RegisterEditionRows b = Auszug("2023-12-31", "");
  EXPECT_STATUS(ResolveReferenceDates(b, {}), absl::StatusCode::kInvalidArgument,
                "the file does not state the date of its populations (--population-date "
                "YYYY-MM-DD, a 31 December), and the Gemeindeverzeichnis-Auszug has no "
                "convention for it");
  RegisterEditionRows c = Auszug("", "");
  ASSERT_OK(
      ResolveReferenceDates(c, {.gebietsstand = "2023-12-31", .population_date = "2022-12-31"}));
  // Without populations no population date is needed.
  RegisterEditionRows e = Auszug("2023-12-31", "");
  e.records[0].population.reset();
  ASSERT_OK_AND_ASSIGN(ReferenceDates d, ResolveReferenceDates(e, {}));
  EXPECT_EQ(d.population_date, "");
}

TEST(ReferenceDatesTest, BadDatesAreRefused) {
  RegisterEditionRows gv = Gv({"2023-11-30"});
  EXPECT_STATUS(ResolveReferenceDates(gv, {.population_date = "2022-06-30"}),
                absl::StatusCode::kInvalidArgument, "is not a 31 December");
  EXPECT_STATUS(ResolveReferenceDates(gv, {.gebietsstand = "2023-13-01"}),
                absl::StatusCode::kInvalidArgument,
                "--gebietsstand: '2023-13-01' is not a valid date");
  RegisterEditionRows mixed = Gv({"2023-11-30", "2022-12-31"});
  EXPECT_STATUS(ResolveReferenceDates(mixed, {}), absl::StatusCode::kInvalidArgument,
                "the records' Gebietsstände fall in different years (2022 (line 2), 2023 (line "
                "1)), so the GV100AD convention gives no single population date; pass "
                "--population-date YYYY-MM-DD");
}

}  // namespace
}  // namespace integra::io
