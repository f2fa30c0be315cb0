// Cell parsers and formatters.
#include "client/io/cells.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::io {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

std::optional<double> Num(std::string_view cell, NumberStyle style) {
  absl::StatusOr<std::optional<double>> v = ParseNumber(cell, style);
  EXPECT_TRUE(v.ok()) << cell << ": " << v.status();
  return v.ok() ? *v : std::nullopt;
}

TEST(CellsTest, NumbersWithDecimalPoint) {
  EXPECT_EQ(Num("12.5", NumberStyle::kPoint), 12.5);
  EXPECT_EQ(Num(" -3 ", NumberStyle::kPoint), -3);
  EXPECT_EQ(Num("+1e3", NumberStyle::kPoint), 1000);
  EXPECT_STATUS(
      ParseNumber("12,5", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
      "'12,5' is not a number with a decimal point (a decimal comma? pass --decimal-comma)");
  EXPECT_STATUS(ParseNumber("abc", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "'abc' is not a number");
  EXPECT_STATUS(ParseNumber("12,5 %", NumberStyle::kComma), absl::StatusCode::kInvalidArgument,
                "leave the unit '%' out");
  EXPECT_STATUS(ParseNumber("1e999", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "is not a number");
  EXPECT_STATUS(ParseNumber("nan", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "is not a number");
}

TEST(CellsTest, NumbersWithDecimalComma) {
  EXPECT_EQ(Num("12,5", NumberStyle::kComma), 12.5);
  EXPECT_EQ(Num("-0,25", NumberStyle::kComma), -0.25);
  EXPECT_EQ(Num("1.234,5", NumberStyle::kComma), 1234.5);
  EXPECT_EQ(Num("1.234.567", NumberStyle::kComma), 1234567);
  EXPECT_EQ(Num("1.234", NumberStyle::kComma), 1234);
  EXPECT_STATUS(ParseNumber("12.5", NumberStyle::kComma), absl::StatusCode::kInvalidArgument,
                "pass --decimal-point");
  EXPECT_STATUS(ParseNumber("1,2,3", NumberStyle::kComma), absl::StatusCode::kInvalidArgument,
                "more than one decimal comma");
}

TEST(CellsTest, AutoStyleForSemicolonFiles) {
  EXPECT_EQ(ResolveNumberStyle(DecimalMark::kAuto, ';'), NumberStyle::kCommaOrPoint);
  EXPECT_EQ(ResolveNumberStyle(DecimalMark::kAuto, ','), NumberStyle::kPoint);
  EXPECT_EQ(ResolveNumberStyle(DecimalMark::kComma, ','), NumberStyle::kComma);
  EXPECT_EQ(ResolveNumberStyle(DecimalMark::kPoint, ';'), NumberStyle::kPoint);
  EXPECT_EQ(Num("12,5", NumberStyle::kCommaOrPoint), 12.5);
  EXPECT_EQ(Num("1.234,5", NumberStyle::kCommaOrPoint), 1234.5);
  EXPECT_EQ(Num("12.5", NumberStyle::kCommaOrPoint), 12.5);
  EXPECT_EQ(Num("0.25", NumberStyle::kCommaOrPoint), 0.25);
  EXPECT_EQ(Num("1.488.202", NumberStyle::kCommaOrPoint), 1488202);
  EXPECT_STATUS(ParseNumber("1.234", NumberStyle::kCommaOrPoint),
                absl::StatusCode::kInvalidArgument, "'1.234' is ambiguous in a ';'-separated file");
}

TEST(CellsTest, MissingValuesAreNeverZero) {
  for (const char* cell : {"", "  ", ".", "...", "x", "/", "NA"}) {
    absl::StatusOr<std::optional<double>> v = ParseNumber(cell, NumberStyle::kPoint);
    ASSERT_OK(v);
    EXPECT_FALSE(v->has_value()) << cell;
  }
  EXPECT_EQ(Num("0", NumberStyle::kPoint), 0.0);
}

// Destatis' Zeichenerklärung, symbol by symbol, in every number style.
TEST(CellsTest, DestatisSymbols) {
  struct Case {
    const char* cell;
    std::optional<double> value;
    std::string_view flag;
  };
  const Case cases[] = {
      {"-", 0.0, ""},             // genau null
      {"\xE2\x80\x93", 0.0, ""},  // en dash, as printed tables write it
      {" - ", 0.0, ""},
      {"(12)", 12.0, "low_reliability"},  // Aussagewert eingeschränkt
      {"( 7 )", 7.0, "low_reliability"},
      {".", std::nullopt, "suppressed"},  // unbekannt oder geheim
      {"x", std::nullopt, "blocked"},     // Tabellenfach gesperrt
      {"X", std::nullopt, "blocked"},
      {"/", std::nullopt, "unreliable"},                    // nicht sicher genug
      {"...", std::nullopt, "not_yet_available"},           // fällt später an
      {"\xE2\x80\xA6", std::nullopt, "not_yet_available"},  // the ellipsis character
      {"", std::nullopt, ""},
      {"NA", std::nullopt, ""},
      {"17", 17.0, ""},
      {"17p", 17.0, "provisional"},  // vorläufige Zahl
      {"17 p", 17.0, "provisional"},
      {"4s", 4.0, "estimated"},  // geschätzte Zahl
      {"4r", 4.0, ""},           // berichtigte Zahl: the revision is the correction
  };
  for (NumberStyle style : {NumberStyle::kPoint, NumberStyle::kComma, NumberStyle::kCommaOrPoint}) {
    for (const Case& c : cases) {
      absl::StatusOr<NumericCell> got = ParseNumericCell(c.cell, style);
      ASSERT_OK(got) << c.cell;
      EXPECT_EQ(got->value, c.value) << c.cell;
      EXPECT_EQ(got->flag, c.flag) << c.cell;
    }
  }
  // Inside the parentheses the file's number rules hold.
  EXPECT_EQ(ParseNumericCell("(12,5)", NumberStyle::kComma)->value, 12.5);
  EXPECT_EQ(ParseNumericCell("(12,5)", NumberStyle::kCommaOrPoint)->value, 12.5);
  EXPECT_EQ(ParseNumericCell("(12.5)", NumberStyle::kPoint)->value, 12.5);
  EXPECT_EQ(ParseNumericCell("(1 234,5)", NumberStyle::kComma)->value, 1234.5);
  EXPECT_STATUS(ParseNumericCell("(12,5)", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "'(12,5)' is not a number in parentheses");
  EXPECT_STATUS(ParseNumericCell("()", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "in parentheses");
  EXPECT_STATUS(ParseNumericCell("(x)", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "in parentheses");
  EXPECT_STATUS(ParseNumericCell("(.)", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "in parentheses");
  EXPECT_EQ(ParseNumericCell("1 234p", NumberStyle::kComma)->value, 1234.0);
  EXPECT_EQ(ParseNumericCell("12,5 s", NumberStyle::kComma)->value, 12.5);
  EXPECT_STATUS(ParseNumericCell("p", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "not a number");
  EXPECT_STATUS(ParseNumericCell("xp", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "Destatis' p (vorläufig)");
  EXPECT_STATUS(ParseNumericCell("12q", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "not a number");
  // Not symbols: refused, never guessed.
  EXPECT_STATUS(ParseNumericCell("..", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "'..' is not a number");
  EXPECT_STATUS(ParseNumericCell("--", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "'--' is not a number");
  // ParseNumber keeps the value and drops the flag.
  EXPECT_EQ(Num("(12)", NumberStyle::kPoint), 12.0);
  EXPECT_EQ(Num("-", NumberStyle::kPoint), 0.0);
}

TEST(CellsTest, SpaceThousandsSeparators) {
  const char* kNbsp = "\xC2\xA0";        // U+00A0 no-break space
  const char* kNarrow = "\xE2\x80\xAF";  // U+202F narrow no-break space
  for (NumberStyle style : {NumberStyle::kPoint, NumberStyle::kComma, NumberStyle::kCommaOrPoint}) {
    EXPECT_EQ(Num("1 234", style), 1234.0);
    EXPECT_EQ(Num("12 345 678", style), 12345678.0);
    EXPECT_EQ(Num(std::string("1") + kNbsp + "234" + kNbsp + "567", style), 1234567.0);
    EXPECT_EQ(Num(std::string("83") + kNarrow + "155" + kNarrow + "031", style), 83155031.0);
    EXPECT_EQ(Num("-1 234", style), -1234.0);
    EXPECT_STATUS(ParseNumber("12 34", style), absl::StatusCode::kInvalidArgument,
                  "spaces group thousands in threes");
    EXPECT_STATUS(ParseNumber("1234 567", style), absl::StatusCode::kInvalidArgument,
                  "spaces group thousands in threes");
    EXPECT_STATUS(ParseNumber("1 2345", style), absl::StatusCode::kInvalidArgument,
                  "spaces group thousands in threes");
    EXPECT_STATUS(ParseNumber("12,5 0", style), absl::StatusCode::kInvalidArgument,
                  "a space may only group thousands");
  }
  EXPECT_EQ(Num("1 234,5", NumberStyle::kComma), 1234.5);
  EXPECT_EQ(Num("1 234,5", NumberStyle::kCommaOrPoint), 1234.5);
  EXPECT_EQ(Num("1 234.5", NumberStyle::kPoint), 1234.5);
  EXPECT_EQ(Num("1 234.5", NumberStyle::kCommaOrPoint), 1234.5);  // not a thousands group
  EXPECT_EQ(Num("1 234.567", NumberStyle::kPoint), 1234.567);     // the file said: points
  // Spaces and then a point before three digits: thousands twice, or decimals? Not guessed.
  EXPECT_STATUS(ParseNumber("1 234.567", NumberStyle::kCommaOrPoint),
                absl::StatusCode::kInvalidArgument, "ambiguous");
  EXPECT_STATUS(ParseNumber("1 234,5", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "pass --decimal-comma");
  // The point rule of ';' files is unchanged: "1.234" stays ambiguous there.
  EXPECT_STATUS(ParseNumber("1.234", NumberStyle::kCommaOrPoint),
                absl::StatusCode::kInvalidArgument, "ambiguous");
  ASSERT_OK(ParseCount("1 234 567", NumberStyle::kCommaOrPoint));
  EXPECT_EQ(**ParseCount("1 234 567", NumberStyle::kCommaOrPoint), 1234567);
}

TEST(CellsTest, DestatisFlagsParse) {
  ASSERT_OK(ParseFlags("Low_Reliability|blocked|unreliable|not_yet_available|provisional"));
  EXPECT_THAT(*ParseFlags("not_yet_available|blocked|low_reliability|provisional"),
              ElementsAre("provisional", "low_reliability", "blocked", "not_yet_available"));
}

TEST(CellsTest, UnitKeyForms) {
  EXPECT_EQ(*ParseUnitKey("053150000000"), "053150000000");  // ARS: the service makes it AGS
  EXPECT_EQ(*ParseUnitKey("DG"), "DG");
  EXPECT_STATUS(ParseUnitKey("053150000"), absl::StatusCode::kInvalidArgument,
                "'053150000' is a Gemeindeverband key (9 digits)");
  EXPECT_STATUS(ParseUnitKey("53150000000"), absl::StatusCode::kInvalidArgument,
                "has 11 digits; keys have 2, 3, 5, 8 (AGS) or 12 (ARS) (a spreadsheet dropped");
}

TEST(CellsTest, Counts) {
  absl::StatusOr<std::optional<int64_t>> c = ParseCount("1.234.567", NumberStyle::kComma);
  ASSERT_OK(c);
  EXPECT_EQ(**c, 1234567);
  EXPECT_STATUS(ParseCount("12.5", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "not a whole number");
  EXPECT_STATUS(ParseCount("-1", NumberStyle::kPoint), absl::StatusCode::kInvalidArgument,
                "not a whole number");
}

TEST(CellsTest, Periods) {
  EXPECT_EQ(*ParsePeriod("2021"), "2021");
  EXPECT_EQ(*ParsePeriod("2021-q3"), "2021-Q3");
  EXPECT_EQ(*ParsePeriod("2021Q3"), "2021-Q3");
  EXPECT_EQ(*ParsePeriod("2021-07"), "2021-07");
  EXPECT_STATUS(ParsePeriod("2021-13"), absl::StatusCode::kInvalidArgument,
                "'2021-13' is not a period (expected YYYY, YYYY-Qn or YYYY-MM)");
  EXPECT_STATUS(ParsePeriod("21"), absl::StatusCode::kInvalidArgument, "is not a period");
  EXPECT_STATUS(ParsePeriod("1066"), absl::StatusCode::kInvalidArgument, "not a plausible");
  EXPECT_TRUE(IsPeriodColumnName("2019"));
  EXPECT_TRUE(IsPeriodColumnName("2019-Q1"));
  EXPECT_TRUE(IsPeriodColumnName("2019-12"));
  EXPECT_FALSE(IsPeriodColumnName("ags"));
  EXPECT_FALSE(IsPeriodColumnName("2019Q1"));
  EXPECT_FALSE(IsPeriodColumnName("12345"));
}

TEST(CellsTest, Flags) {
  EXPECT_THAT(*ParseFlags("Estimated|PROVISIONAL|estimated"),
              ElementsAre("provisional", "estimated"));
  EXPECT_THAT(*ParseFlags(" confidential | synthetic "), ElementsAre("suppressed", "synthetic"));
  EXPECT_TRUE(ParseFlags("")->empty());
  EXPECT_STATUS(ParseFlags("provisional|guess"), absl::StatusCode::kInvalidArgument,
                "unknown flag 'guess'");
  EXPECT_EQ(FormatFlags({"provisional", "estimated"}), "provisional|estimated");
}

TEST(CellsTest, Breakdowns) {
  EXPECT_THAT(*ParseBreakdown("Sex=female; nationality = foreign"),
              ElementsAre(Pair("nationality", "foreign"), Pair("sex", "female")));
  EXPECT_TRUE(ParseBreakdown("  ")->empty());
  EXPECT_STATUS(ParseBreakdown("sex"), absl::StatusCode::kInvalidArgument,
                "'sex' is not 'dimension=value'");
  EXPECT_STATUS(ParseBreakdown("sex=f;sex=m"), absl::StatusCode::kInvalidArgument,
                "dimension 'sex' is given twice");
  EXPECT_STATUS(ParseBreakdown("sex="), absl::StatusCode::kInvalidArgument, "has no value");
  EXPECT_STATUS(ParseBreakdown("1x=a"), absl::StatusCode::kInvalidArgument, "not an identifier");
  EXPECT_EQ(FormatBreakdown({{"nationality", "foreign"}, {"sex", "female"}}),
            "nationality=foreign;sex=female");
  EXPECT_EQ(*DimensionKeyFromTitle("Altersgruppe (Jahre)"), "altersgruppe_jahre");
  EXPECT_EQ(*DimensionKeyFromTitle("Gr\xC3\xB6\xC3\x9F"
                                   "e"),
            "groesse");
  EXPECT_EQ(*DimensionKeyFromTitle("2. Generation"), "d_2_generation");
  EXPECT_STATUS(DimensionKeyFromTitle("--"), absl::StatusCode::kInvalidArgument, "no dimension");
}

TEST(CellsTest, UnitKeysAndCodes) {
  EXPECT_EQ(*ParseUnitKey(" 01001000 "), "01001000");
  EXPECT_EQ(*ParseUnitKey("DE"), "DE");
  EXPECT_STATUS(ParseUnitKey("1001000"), absl::StatusCode::kInvalidArgument,
                "'1001000' has 7 digits; keys have 2, 3, 5, 8 (AGS) or 12 (ARS) (a spreadsheet "
                "dropped the leading zero? use '01001000'");
  EXPECT_STATUS(ParseUnitKey("1001000.0"), absl::StatusCode::kInvalidArgument, "is not a unit key");
  EXPECT_STATUS(ParseUnitKey(""), absl::StatusCode::kInvalidArgument, "empty");
  EXPECT_EQ(*ParseIndicatorCode("share_foreign"), "share_foreign");
  EXPECT_STATUS(ParseIndicatorCode("share foreign"), absl::StatusCode::kInvalidArgument,
                "not an indicator code");
  EXPECT_EQ(*ParseGraphId("AF.Education"), "af.education");
}

TEST(CellsTest, BoolsAndDates) {
  EXPECT_EQ(**ParseBool("Ja"), true);
  EXPECT_EQ(**ParseBool("false"), false);
  EXPECT_FALSE(ParseBool("")->has_value());
  EXPECT_STATUS(ParseBool("maybe"), absl::StatusCode::kInvalidArgument, "not a yes/no value");
  EXPECT_EQ(*ParseDate("31.12.2022"), "2022-12-31");
  EXPECT_EQ(*ParseDate("2024-02-29"), "2024-02-29");
  EXPECT_EQ(*ParseDate(""), "");
  EXPECT_STATUS(ParseDate("2023-02-29"), absl::StatusCode::kInvalidArgument, "not a valid date");
  EXPECT_STATUS(ParseDate("12/31/2022"), absl::StatusCode::kInvalidArgument, "not a date");
}

TEST(CellsTest, FormatNumberRoundTrips) {
  for (double v : {12.5, 0.1, 1.0 / 3, -2.0, 1e-7, 123456789.125, 0.0}) {
    std::string text = FormatNumber(v);
    EXPECT_EQ(*Num(text, NumberStyle::kPoint), v) << text;
    std::string comma = FormatNumber(v, true);
    EXPECT_EQ(*Num(comma, NumberStyle::kComma), v) << comma;
  }
  EXPECT_EQ(FormatNumber(12.5, true), "12,5");
  EXPECT_EQ(FormatNumber(-0.0), "0");
}

}  // namespace
}  // namespace integra::io
