#include "storage/record_codec.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::storage {
namespace {

TEST(RecordCodecTest, RoundTripsAllFieldKinds) {
  std::string big(300, 'x');
  std::string data = RecordWriter()
                         .U8(3).U32(70000).U64(1ull << 60).I64(-5).F64(2.5).Bool(true)
                         .Str(big).StrList({"a", "", "Müller"})
                         .Take();
  RecordReader r(data);
  ASSERT_OK_AND_ASSIGN(uint8_t a, r.U8());
  ASSERT_OK_AND_ASSIGN(uint32_t b, r.U32());
  ASSERT_OK_AND_ASSIGN(uint64_t c, r.U64());
  ASSERT_OK_AND_ASSIGN(int64_t d, r.I64());
  ASSERT_OK_AND_ASSIGN(double e, r.F64());
  ASSERT_OK_AND_ASSIGN(bool f, r.Bool());
  ASSERT_OK_AND_ASSIGN(std::string g, r.Str());
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> h, r.StrList());
  EXPECT_EQ(a, 3);
  EXPECT_EQ(b, 70000u);
  EXPECT_EQ(c, 1ull << 60);
  EXPECT_EQ(d, -5);
  EXPECT_EQ(e, 2.5);
  EXPECT_TRUE(f);
  EXPECT_EQ(g, big);
  EXPECT_EQ(h, (std::vector<std::string>{"a", "", "Müller"}));
  EXPECT_TRUE(r.done());
}

TEST(RecordCodecTest, TruncatedRecordIsDataLossNotCrash) {
  std::string data = RecordWriter().Str("hello world").F64(1.0).Take();
  for (size_t cut = 0; cut < data.size(); ++cut) {
    RecordReader r(std::string_view(data).substr(0, cut));
    auto s = r.Str();
    if (s.ok()) {
      EXPECT_EQ(r.F64().status().code(), absl::StatusCode::kDataLoss) << "cut " << cut;
    } else {
      EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss) << "cut " << cut;
    }
  }
}

TEST(RecordCodecTest, InvalidBoolIsRejected) {
  const std::string bytes(1, '\x02');  // the reader views its bytes
  RecordReader r(bytes);
  EXPECT_EQ(r.Bool().status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace integra::storage
