// Table output of the CLI: fitting to the terminal width, cutting, wrapping (client/output.h).
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "client/output.h"
#include "gtest/gtest.h"

namespace integra::cli {
namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out = absl::StrSplit(s, '\n');
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::string Print(const Table& t, size_t width) {
  std::ostringstream out;
  t.PrintAligned(out, width);
  return out.str();
}

size_t Widest(const std::string& s) {
  size_t m = 0;
  for (const std::string& l : Lines(s)) m = std::max(m, DisplayWidth(l));
  return m;
}

TEST(DisplayWidthTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(DisplayWidth("Köln"), 4u);
  EXPECT_EQ(std::string("Köln").size(), 5u);
  EXPECT_EQ(DisplayWidth(""), 0u);
}

TEST(FitToWidthTest, CutsOnCodePointsAndEndsInAnEllipsis) {
  EXPECT_EQ(FitToWidth("Düsseldorf", 20), "Düsseldorf");
  EXPECT_EQ(FitToWidth("Düsseldorf", 10), "Düsseldorf");
  EXPECT_EQ(FitToWidth("Düsseldorf", 4), "Düs…");  // 3 code points + the ellipsis
  EXPECT_EQ(DisplayWidth(FitToWidth("Düsseldorf", 4)), 4u);
  EXPECT_EQ(FitToWidth("ab", 1), "…");
  EXPECT_EQ(FitToWidth("ab", 0), "");
}

TEST(TableTest, WithoutALimitNothingIsCut) {
  Table t({"unit", "name"});
  t.AddRow({"05315", std::string(200, 'x')});
  const std::vector<std::string> lines = Lines(Print(t, 0));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2], "05315  " + std::string(200, 'x'));
}

TEST(TableTest, ANarrowTableIsPrintedAsIs) {
  Table t({"unit", "value"});
  t.AddRow({"05315", "19.29"});
  EXPECT_EQ(Print(t, 80), Print(t, 0));
  EXPECT_EQ(Print(t, 0), "unit   value\n-----  -----\n05315  19.29\n");
}

TEST(TableTest, EmptyColumnsGoFirstThenTheWidestTextColumnIsCut) {
  Table t({"unit", "name", "breakdown", "value", "recorded_utc", "source"});
  t.AddRow({"05315", "Köln, Stadt", "", "19.29", "2026-12-04T09:58:07.249470Z",
            "INKAR, BBSR Bonn, Laufende Raumbeobachtung"});
  t.AddRow({"05111", "Düsseldorf, Stadt", "", "20.69", "2026-12-04T09:58:07.249470Z",
            "INKAR, BBSR Bonn, Laufende Raumbeobachtung"});
  const std::string out = Print(t, 80);
  EXPECT_LE(Widest(out), 80u) << out;
  const std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 4u);
  // The empty breakdown column is left out; key, value and timestamp stay whole.
  EXPECT_EQ(lines[0].find("breakdown"), std::string::npos) << out;
  EXPECT_NE(lines[2].find("05315"), std::string::npos);
  EXPECT_NE(lines[2].find("19.29"), std::string::npos);
  EXPECT_NE(lines[2].find("2026-12-04T09:58:07.249470Z"), std::string::npos);
  // Both names fit (17 columns: the source is the widest and is cut first).
  EXPECT_NE(lines[3].find("Düsseldorf, Stadt"), std::string::npos) << out;
  EXPECT_NE(lines[2].find("INKAR"), std::string::npos);
  EXPECT_NE(lines[2].find("…"), std::string::npos);
  // Columns stay aligned: "value" starts at the same display column in every line.
  const size_t at = DisplayWidth(lines[0].substr(0, lines[0].find("value")));
  EXPECT_EQ(DisplayWidth(lines[2].substr(0, lines[2].find("19.29"))), at);
  EXPECT_EQ(DisplayWidth(lines[3].substr(0, lines[3].find("20.69"))), at);
}

TEST(TableTest, ATableThatCannotFitBecomesOneBlockPerRow) {
  Table t({"code", "name_de", "unit"});
  t.AddRow({"ALO_LANGZEIT_ANTEIL_AUSLAENDER", "Anteil Langzeitarbeitsloser", "percent"});
  const std::string out = Print(t, 30);
  EXPECT_LE(Widest(out), 30u) << out;
  const std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 4u) << out;
  EXPECT_EQ(lines[0], "-- 1 " + std::string(25, '-'));
  EXPECT_EQ(lines[1], "code     ALO_LANGZEIT_ANTEIL_…");
  EXPECT_EQ(lines[2], "name_de  Anteil Langzeitarbei…");  // 20 code points + "…"
  EXPECT_EQ(lines[3], "unit     percent");
}

TEST(WrapTextTest, WrapsAtWordsWithAHangingIndent) {
  EXPECT_EQ(WrapText("peers: kreis units of type KREISFREIE_STADT", 0),
            "peers: kreis units of type KREISFREIE_STADT");
  EXPECT_EQ(WrapText("peers: kreis units of type KREISFREIE_STADT", 20, 2),
            "peers: kreis units\n  of type\n  KREISFREIE_STADT");
  // Leading blanks are kept; a word longer than the line stays whole.
  EXPECT_EQ(WrapText("    finding fnd.2016.08-aufgaben-bedeutung Die", 20, 6),
            "    finding\n      fnd.2016.08-aufgaben-bedeutung\n      Die");
  for (const std::string& line : Lines(WrapText(std::string(40, 'a') + " b c d e f", 10, 2))) {
    if (line.find('a') == std::string::npos) {
      EXPECT_LE(DisplayWidth(line), 10u) << line;
    }
  }
}

}  // namespace
}  // namespace integra::cli
