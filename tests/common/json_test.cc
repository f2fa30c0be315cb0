#include "common/json.h"

#include <string>

#include "gtest/gtest.h"

namespace integra::common {
namespace {

// Expected strings are written out by hand from RFC 8259 and the UTF-8 encodings (Unicode
// table 3-7); U+FFFD is EF BF BD.
constexpr char kFffd[] = "\xEF\xBF\xBD";

TEST(JsonString, PlainTextIsQuoted) {
  EXPECT_EQ(JsonString(""), R"("")");
  EXPECT_EQ(JsonString("Kreis Kleve 2021"), R"("Kreis Kleve 2021")");
}

TEST(JsonString, QuoteAndBackslashAreEscaped) {
  EXPECT_EQ(JsonString(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(JsonString(R"(C:\data\x)"), R"("C:\\data\\x")");
  EXPECT_EQ(JsonString("/"), R"("/")");  // solidus needs no escape
}

TEST(JsonString, ControlCharactersAreEscaped) {
  EXPECT_EQ(JsonString("a\nb\rc\td"), R"("a\nb\rc\td")");
  EXPECT_EQ(JsonString("\b\f"), R"("\b\f")");
  EXPECT_EQ(JsonString(std::string("\0", 1)), R"("\u0000")");
  EXPECT_EQ(JsonString("\x01\x1f\x1b"), R"("\u0001\u001f\u001b")");
  EXPECT_EQ(JsonString("\x7f"), "\"\x7f\"");  // DEL is no JSON control character
  EXPECT_EQ(JsonString(" "), R"(" ")");
}

TEST(JsonString, MultiByteUtf8PassesThrough) {
  EXPECT_EQ(JsonString("D\xC3\xBCren"), "\"D\xC3\xBCren\"");          // ü, 2 bytes
  EXPECT_EQ(JsonString("\xE2\x82\xAC 5"), "\"\xE2\x82\xAC 5\"");      // €, 3 bytes
  EXPECT_EQ(JsonString("\xF0\x9F\x93\x88"), "\"\xF0\x9F\x93\x88\"");  // 📈, 4 bytes
  EXPECT_EQ(JsonString("\xEF\xBF\xBF\xF4\x8F\xBF\xBF"),               // U+FFFF, U+10FFFF
            "\"\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"");
  EXPECT_EQ(JsonString("\xC2\x80"), "\"\xC2\x80\"");  // U+0080, smallest 2-byte
}

TEST(JsonString, LineAndParagraphSeparatorsAreEscaped) {
  EXPECT_EQ(JsonString(std::string("a\xE2\x80\xA8") + "b\xE2\x80\xA9"), R"("a\u2028b\u2029")");
  EXPECT_EQ(JsonString("\xE2\x80\xA7"), "\"\xE2\x80\xA7\"");  // U+2027 is left alone
}

TEST(JsonString, EachInvalidByteBecomesOneReplacementCharacter) {
  const std::string r = kFffd;
  EXPECT_EQ(JsonString(std::string("\xFC") + "ber"), "\"" + r + "ber\"");  // Latin-1 ü
  EXPECT_EQ(JsonString("\x80"), "\"" + r + "\"");                          // lone continuation
  EXPECT_EQ(JsonString("\xE2\x82"), "\"" + r + r + "\"");                  // € cut short
  EXPECT_EQ(JsonString(std::string("\xE2\x82") + "a"), "\"" + r + r + "a\"");
  EXPECT_EQ(JsonString("\xC0\xAF"), "\"" + r + r + "\"");                  // overlong '/'
  EXPECT_EQ(JsonString("\xE0\x80\xAF"), "\"" + r + r + r + "\"");          // overlong, 3 bytes
  EXPECT_EQ(JsonString("\xED\xA0\x80"), "\"" + r + r + r + "\"");          // surrogate U+D800
  EXPECT_EQ(JsonString("\xF4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // above U+10FFFF
  EXPECT_EQ(JsonString("\xF5\xFF"), "\"" + r + r + "\"");
  // A valid sequence right after an invalid byte survives.
  EXPECT_EQ(JsonString("\xC3\xC3\xBC"), "\"" + r + "\xC3\xBC\"");
  // An invalid byte never swallows a quote that follows it.
  EXPECT_EQ(JsonString("\xE2\""), "\"" + r + "\\\"\"");
}

TEST(JsonString, AppendKeepsWhatIsThere) {
  std::string out = "{\"k\":";
  AppendJsonString("v\n", out);
  EXPECT_EQ(out, R"({"k":"v\n")");
}

TEST(Utf8SequenceLength, FollowsTable3_7) {
  EXPECT_EQ(Utf8SequenceLength(""), 0u);
  EXPECT_EQ(Utf8SequenceLength("a"), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xC3\xBC"), 2u);
  EXPECT_EQ(Utf8SequenceLength("\xC1\xBF"), 0u);
  EXPECT_EQ(Utf8SequenceLength("\xE0\xA0\x80"), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xE0\x9F\xBF"), 0u);
  EXPECT_EQ(Utf8SequenceLength("\xED\x9F\xBF"), 3u);  // U+D7FF, last before the surrogates
  EXPECT_EQ(Utf8SequenceLength("\xF0\x90\x80\x80"), 4u);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x8F\xBF\xBF"), 0u);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x90\x80"), 0u);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x90\x80\x7F"), 0u);
}

}  // namespace
}  // namespace integra::common
