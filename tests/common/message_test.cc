#include "common/message.h"

#include <string>

#include "gtest/gtest.h"

namespace integra::common {
namespace {

TEST(QuoteForMessageTest, ShortValueQuotedWhole) {
  EXPECT_EQ(QuoteForMessage("05315"), "'05315'");
  EXPECT_EQ(QuoteForMessage(""), "''");
  EXPECT_EQ(QuoteForMessage(std::string(kMaxQuotedBytes, 'x')),
            "'" + std::string(kMaxQuotedBytes, 'x') + "'");
}

TEST(QuoteForMessageTest, LongValueKeepsPrefixEllipsisAndSize) {
  EXPECT_EQ(QuoteForMessage(std::string(10240, '1')),
            "'" + std::string(kMaxQuotedBytes, '1') + "…' (10240 bytes)");
  EXPECT_EQ(QuoteForMessage("abcdef", 3), "'abc…' (6 bytes)");
}

TEST(QuoteForMessageTest, NeverCutsInsideAUtf8Character) {
  // "ä" is two bytes (C3 A4): a cut after 3 bytes would split the second one.
  EXPECT_EQ(QuoteForMessage("ääää", 3), "'ä…' (8 bytes)");
  EXPECT_EQ(QuoteForMessage("aäää", 3), "'aä…' (7 bytes)");
  // "€" is three bytes: a 2-byte budget keeps nothing of it.
  EXPECT_EQ(QuoteForMessage("€€", 2), "'…' (6 bytes)");
}

TEST(TruncateMessageTest, ShortMessageUnchanged) {
  EXPECT_EQ(TruncateMessage("unit key '05315' not found"), "unit key '05315' not found");
  const std::string exact(kMaxStatusMessageBytes, 'm');
  EXPECT_EQ(TruncateMessage(exact), exact);
}

TEST(TruncateMessageTest, LongMessageBoundedAndSaysSo) {
  const std::string message = "unit key '" + std::string(1 << 20, '9') + "' is not valid";
  const std::string cut = TruncateMessage(message);
  EXPECT_LE(cut.size(), kMaxStatusMessageBytes);
  EXPECT_EQ(cut.rfind("unit key '999", 0), 0u) << cut.substr(0, 40);
  EXPECT_NE(cut.find(" … (message truncated, 1048600 bytes)"), std::string::npos) << cut;
}

TEST(TruncateMessageTest, NeverCutsInsideAUtf8Character) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "ö";  // 200 bytes
  const std::string cut = TruncateMessage(text, 100);
  EXPECT_LE(cut.size(), 100u);
  const size_t body = cut.find(" … (message truncated");
  ASSERT_NE(body, std::string::npos);
  EXPECT_EQ(body % 2, 0u) << "cut inside a two-byte character: " << cut;
}

}  // namespace
}  // namespace integra::common
