#include "common/page_token.h"

#include <string>

#include "gtest/gtest.h"

namespace integra::common {
namespace {

bool AnyKey(std::string_view) { return true; }
bool Digits(std::string_view key) {
  return !key.empty() && key.find_first_not_of("0123456789") == std::string_view::npos;
}

TEST(PageToken, KeyTokensAreWebSafeBase64) {
  // "05315000" -> base64 by hand: "MDUzMTUwMDA"; unpadded, web-safe alphabet.
  EXPECT_EQ(KeyPageToken("05315000"), "MDUzMTUwMDA");
  EXPECT_EQ(KeyPageToken("\xFB\xFF"), "-_8");  // bytes FB FF: '-' and '_' instead of '+' '/'
  EXPECT_EQ(*KeyFromPageToken("MDUzMTUwMDA", Digits), "05315000");
  EXPECT_EQ(*KeyFromPageToken(KeyPageToken("kb:node/1"), AnyKey), "kb:node/1");
  EXPECT_EQ(*KeyFromPageToken("", Digits), "");  // first page
}

TEST(PageToken, MalformedKeyTokensAreRefused) {
  auto not_base64 = KeyFromPageToken("!!!", AnyKey);
  EXPECT_EQ(not_base64.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(not_base64.status().message(), "malformed page_token");
  // Valid base64 of a key the store would not have written.
  auto bad_key = KeyFromPageToken(KeyPageToken("abc"), Digits);
  EXPECT_EQ(bad_key.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PageToken, OffsetTokens) {
  EXPECT_EQ(OffsetPageToken(50), "bzUw");  // "o50"
  EXPECT_EQ(*OffsetFromPageToken("bzUw"), 50u);
  EXPECT_EQ(*OffsetFromPageToken(""), 0u);
  EXPECT_EQ(*OffsetFromPageToken(OffsetPageToken(123456)), 123456u);
  EXPECT_FALSE(OffsetFromPageToken("bw").ok());                // "o": no digits
  EXPECT_FALSE(OffsetFromPageToken(KeyPageToken("x5")).ok());  // wrong prefix
  EXPECT_FALSE(OffsetFromPageToken(KeyPageToken("o-1")).ok());
  EXPECT_FALSE(OffsetFromPageToken("%%").ok());
  EXPECT_EQ(OffsetFromPageToken("%%").status().message(), "malformed page_token");
}

TEST(PageSize, DefaultsCapsAndRefusesNegative) {
  EXPECT_EQ(*PageSize(0, 100, 1000), 100);
  EXPECT_EQ(*PageSize(7, 100, 1000), 7);
  EXPECT_EQ(*PageSize(1000, 100, 1000), 1000);
  EXPECT_EQ(*PageSize(5000, 100, 1000), 1000);
  auto negative = PageSize(-1, 100, 1000);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(negative.status().message(), "page_size must not be negative");
}

}  // namespace
}  // namespace integra::common
