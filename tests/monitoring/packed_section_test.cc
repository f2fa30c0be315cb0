#include "services/monitoring/packed_section.h"

#include <algorithm>
#include <map>
#include <random>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring {
namespace {

std::string Hex(std::string_view bytes) { return absl::BytesToHexString(absl::string_view(bytes.data(), bytes.size())); }

// Two cells: Heide (01051001) 1.5 at revision 1, Brunsbüttel (01051002) suppressed without a
// value at revision 2.
Section TwoCells() {
  Section s;
  s.Apply({{0x01051002, 4, std::nullopt, 2, 0x1112131415161718},
           {0x01051001, 0, 1.5, 1, 0x0102030405060708}});
  return s;
}

TEST(PackedSectionTest, GoldenBytesOfBothParts) {
  Section s = TwoCells();
  // Derived from the layout in packed_section.h: format 01 | n = 2 (LE) | codes 0x01051001,
  // 0x01051002 (LE) | flags 00, 04 | 1.5 = 0x3FF8000000000000 (LE) | quiet NaN
  // 0x7FF8000000000000 (LE).
  EXPECT_EQ(Hex(s.EncodeValues()),
            "01" "02000000" "01100501" "02100501" "00" "04"
            "000000000000f83f" "000000000000f87f");
  // format 01 | n = 2 | revisions 1, 2 (LE) | fingerprints (LE).
  EXPECT_EQ(Hex(s.EncodeState()),
            "01" "02000000" "01000000" "02000000" "0807060504030201" "1817161514131211");
}

TEST(PackedSectionTest, DecodesWhatItEncodes) {
  Section s = TwoCells();
  const std::string values = s.EncodeValues(), state = s.EncodeState();
  ASSERT_OK_AND_ASSIGN(SectionView view, SectionView::Parse(values));
  ASSERT_EQ(view.size(), 2u);
  EXPECT_EQ(view.code(0), 0x01051001u);
  EXPECT_EQ(view.value(0), 1.5);
  EXPECT_EQ(view.flags(1), 4);
  EXPECT_FALSE(view.value(1).has_value());
  ASSERT_OK_AND_ASSIGN(Section back, Section::Decode(values, state));
  ASSERT_EQ(back.cells().size(), 2u);
  const SectionCell* c = back.Find(0x01051002);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->revision, 2u);
  EXPECT_EQ(c->fingerprint, 0x1112131415161718u);
  EXPECT_EQ(back.Find(0x01051003), nullptr);
  ASSERT_OK_AND_ASSIGN(Section empty, Section::Decode(std::nullopt, std::nullopt));
  EXPECT_TRUE(empty.cells().empty());
}

TEST(PackedSectionTest, MalformedBytesAreDataLoss) {
  Section s = TwoCells();
  std::string values = s.EncodeValues(), state = s.EncodeState();
  EXPECT_STATUS(SectionView::Parse(""), absl::StatusCode::kDataLoss, "packed section");
  EXPECT_STATUS(SectionView::Parse(values.substr(0, values.size() - 1)),
                absl::StatusCode::kDataLoss, "packed section");
  std::string wrong_format = values;
  wrong_format[0] = 2;
  EXPECT_STATUS(SectionView::Parse(wrong_format), absl::StatusCode::kDataLoss, "packed section");
  std::string unordered = values;
  std::swap(unordered[5], unordered[9]);  // first code bytes: 01 <-> 02
  EXPECT_STATUS(SectionView::Parse(unordered), absl::StatusCode::kDataLoss, "packed section");
  EXPECT_STATUS(Section::Decode(values, std::nullopt), absl::StatusCode::kDataLoss, "packed section");
  Section one;
  one.Apply({{0x01051001, 0, 1, 1, 1}});
  EXPECT_STATUS(Section::Decode(values, one.EncodeState()), absl::StatusCode::kDataLoss, "packed section");
}

// Apply and LowerBound against a std::map reference on random changes.
TEST(PackedSectionTest, ApplyMatchesAMapOnRandomChanges) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<uint32_t> code(1, 500);
  Section s;
  std::map<uint32_t, SectionCell> reference;
  for (int round = 0; round < 50; ++round) {
    std::map<uint32_t, SectionCell> batch;  // each unit once per Apply
    const int n = std::uniform_int_distribution<int>(0, 40)(rng);
    for (int i = 0; i < n; ++i) {
      const uint32_t c = code(rng);
      batch[c] = {c, static_cast<uint8_t>(rng() % 16), static_cast<double>(rng() % 1000),
                  static_cast<uint32_t>(round), rng()};
    }
    std::vector<SectionCell> changes;
    for (auto& [c, cell] : batch) {
      changes.push_back(cell);
      reference[c] = cell;
    }
    std::shuffle(changes.begin(), changes.end(), rng);
    s.Apply(std::move(changes));
    const std::string values = s.EncodeValues();
    ASSERT_OK_AND_ASSIGN(Section back, Section::Decode(values, s.EncodeState()));
    ASSERT_EQ(back.cells().size(), reference.size());
    size_t i = 0;
    for (const auto& [c, cell] : reference) {
      const SectionCell& got = back.cells()[i++];
      ASSERT_EQ(got.unit_code, c);
      EXPECT_EQ(got.flags, cell.flags);
      EXPECT_EQ(got.value, cell.value);
      EXPECT_EQ(got.revision, cell.revision);
      EXPECT_EQ(got.fingerprint, cell.fingerprint);
    }
    ASSERT_OK_AND_ASSIGN(SectionView view, SectionView::Parse(values));
    for (uint32_t probe = 0; probe <= 501; probe += 7) {
      const size_t expected = std::distance(reference.begin(), reference.lower_bound(probe));
      EXPECT_EQ(view.LowerBound(probe), expected);
      EXPECT_EQ(view.LowerBound(probe, expected), expected);
    }
  }
}

}  // namespace
}  // namespace integra::monitoring
