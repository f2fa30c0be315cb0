#include "storage/key_codec.h"

#include <algorithm>
#include <random>
#include <tuple>

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::storage {
namespace {

TEST(KeyCodecTest, IntegersRoundTrip) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, INT64_MIN, INT64_MAX, int64_t{1} << 40}) {
    std::string key = KeyWriter().I64(v).U32(7).Take();
    KeyReader r(key);
    ASSERT_OK_AND_ASSIGN(int64_t back, r.I64());
    EXPECT_EQ(back, v);
    ASSERT_OK_AND_ASSIGN(uint32_t seven, r.U32());
    EXPECT_EQ(seven, 7u);
    EXPECT_TRUE(r.done());
  }
}

TEST(KeyCodecTest, StringsWithZeroBytesRoundTrip) {
  const std::string tricky("a\0b\0\0c\xff", 7);
  std::string key = KeyWriter().Str(tricky).Str("").U8(9).Take();
  KeyReader r(key);
  ASSERT_OK_AND_ASSIGN(std::string a, r.Str());
  EXPECT_EQ(a, tricky);
  ASSERT_OK_AND_ASSIGN(std::string b, r.Str());
  EXPECT_EQ(b, "");
  ASSERT_OK_AND_ASSIGN(uint8_t c, r.U8());
  EXPECT_EQ(c, 9);
}

// Property: for random tuples (string, int64, int32), encoded byte order == tuple order.
TEST(KeyCodecTest, EncodedOrderEqualsTupleOrder) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> len(0, 4);
  std::uniform_int_distribution<int> byte(0, 3);  // few distinct bytes incl. 0x00: many ties
  using Tuple = std::tuple<std::string, int64_t, int32_t>;
  std::vector<Tuple> tuples;
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (int j = len(rng); j > 0; --j) s.push_back(static_cast<char>(byte(rng) == 3 ? 0xFF : byte(rng)));
    tuples.emplace_back(s, static_cast<int64_t>(rng()) >> (rng() % 64),
                        static_cast<int32_t>(rng() % 7) - 3);
  }
  auto encode = [](const Tuple& t) {
    return KeyWriter().Str(std::get<0>(t)).I64(std::get<1>(t)).I32(std::get<2>(t)).Take();
  };
  auto unsigned_less = [](const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](char x, char y) {
                                          return static_cast<uint8_t>(x) < static_cast<uint8_t>(y);
                                        });
  };
  for (size_t i = 0; i + 1 < tuples.size(); ++i) {
    const Tuple& a = tuples[i];
    const Tuple& b = tuples[i + 1];
    // std::string compares chars as signed on x86; compare the logical order as unsigned bytes.
    bool logical_less =
        unsigned_less(std::get<0>(a), std::get<0>(b)) ||
        (std::get<0>(a) == std::get<0>(b) && std::tie(std::get<1>(a), std::get<2>(a)) <
                                                 std::tie(std::get<1>(b), std::get<2>(b)));
    EXPECT_EQ(logical_less, unsigned_less(encode(a), encode(b))) << "pair " << i;
    const std::string encoded = encode(a);  // KeyReader views, does not own, its input
    KeyReader r(encoded);
    ASSERT_OK_AND_ASSIGN(std::string s, r.Str());
    ASSERT_OK_AND_ASSIGN(int64_t x, r.I64());
    ASSERT_OK_AND_ASSIGN(int32_t y, r.I32());
    EXPECT_EQ(Tuple(s, x, y), a);
  }
}

TEST(KeyCodecTest, PrefixOfStringDoesNotMatchLongerString) {
  // "ab" as a component must not be a byte prefix of "abc" as a component.
  std::string ab = KeyWriter().Str("ab").Take();
  std::string abc = KeyWriter().Str("abc").Take();
  EXPECT_NE(abc.rfind(ab, 0), 0u);
}

TEST(KeyCodecTest, MalformedKeysReturnErrors) {
  // The reader views its key: the bytes must outlive it.
  const std::string short_bytes("\x01\x02", 2);
  KeyReader short_int(short_bytes);
  EXPECT_EQ(short_int.U32().status().code(), absl::StatusCode::kDataLoss);
  KeyReader unterminated("abc");
  EXPECT_EQ(unterminated.Str().status().code(), absl::StatusCode::kDataLoss);
  const std::string bad_escape_bytes("a\x00\x07", 3);
  KeyReader bad_escape(bad_escape_bytes);
  EXPECT_EQ(bad_escape.Str().status().code(), absl::StatusCode::kDataLoss);
}

TEST(KeyCodecTest, PrefixSuccessor) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff\xff", 2)), "");
}

}  // namespace
}  // namespace integra::storage
