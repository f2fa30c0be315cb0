#include "services/monitoring/packed_section.h"

#include <algorithm>
#include <map>
#include <random>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace integra::monitoring {
namespace {

std::string Hex(std::string_view bytes) { return absl::BytesToHexString(absl::string_view(bytes.data(), bytes.size())); }

// Two cells: Heide (01051001) 1.5 at revision 1 from source "ab", Brunsbüttel (01051002)
// suppressed without a value and without a source at revision 2.
Section TwoCells() {
  Section s;
  s.Apply({{0x01051002, 4, std::nullopt, 2, 0x1112131415161718},
           {0x01051001, 0, 1.5, 1, 0x0102030405060708, "ab"}});
  return s;
}

std::string Values(const Section& s) {
  auto values = s.EncodeValues();
  EXPECT_TRUE(values.ok()) << values.status();
  return values.ok() ? *values : std::string();
}

TEST(PackedSectionTest, GoldenBytesOfBothParts) {
  Section s = TwoCells();
  // Derived from the layout in packed_section.h: format 02 | n = 2 (LE) | codes 0x01051001,
  // 0x01051002 (LE) | flags 00, 04 | 1.5 = 0x3FF8000000000000 (LE) | quiet NaN
  // 0x7FF8000000000000 (LE) | sources 1, 0 (LE) | k = 1 | length 2, "ab".
  EXPECT_EQ(Hex(Values(s)),
            "02" "02000000" "01100501" "02100501" "00" "04"
            "000000000000f83f" "000000000000f87f" "0100" "0000" "0100" "0200" "6162");
  // format 01 | n = 2 | revisions 1, 2 (LE) | fingerprints (LE).
  EXPECT_EQ(Hex(s.EncodeState()),
            "01" "02000000" "01000000" "02000000" "0807060504030201" "1817161514131211");
}

TEST(PackedSectionTest, DecodesWhatItEncodes) {
  Section s = TwoCells();
  const std::string values = Values(s), state = s.EncodeState();
  ASSERT_OK_AND_ASSIGN(SectionView view, SectionView::Parse(values));
  ASSERT_EQ(view.size(), 2u);
  EXPECT_EQ(view.code(0), 0x01051001u);
  EXPECT_EQ(view.value(0), 1.5);
  EXPECT_EQ(view.flags(1), 4);
  EXPECT_FALSE(view.value(1).has_value());
  EXPECT_TRUE(view.has_sources());
  EXPECT_EQ(view.source(0), "ab");
  EXPECT_EQ(view.source(1), "");
  ASSERT_OK_AND_ASSIGN(Section back, Section::Decode(values, state));
  ASSERT_EQ(back.cells().size(), 2u);
  const SectionCell* c = back.Find(0x01051002);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->revision, 2u);
  EXPECT_EQ(c->fingerprint, 0x1112131415161718u);
  EXPECT_EQ(back.Find(0x01051001)->source, "ab");
  EXPECT_EQ(back.Find(0x01051003), nullptr);
  ASSERT_OK_AND_ASSIGN(Section empty, Section::Decode(std::nullopt, std::nullopt));
  EXPECT_TRUE(empty.cells().empty());
}

// Sections packed by schema 2 before sources were stored (format 1) are still read.
TEST(PackedSectionTest, ReadsTheFormatWithoutSources) {
  const std::string format1 = absl::HexStringToBytes(
      "01" "02000000" "01100501" "02100501" "00" "04" "000000000000f83f" "000000000000f87f");
  ASSERT_OK_AND_ASSIGN(SectionView view, SectionView::Parse(format1));
  ASSERT_OK(view.Validate());
  EXPECT_FALSE(view.has_sources());
  EXPECT_EQ(view.value(0), 1.5);
  EXPECT_EQ(view.source(0), "");
  const std::string state = TwoCells().EncodeState();
  ASSERT_OK_AND_ASSIGN(Section back, Section::Decode(format1, state));
  EXPECT_EQ(back.Find(0x01051001)->source, "");
  // Rewritten, it gains the current format.
  EXPECT_EQ(static_cast<uint8_t>(Values(back)[0]), kSectionValuesFormat);
}

TEST(PackedSectionTest, SourcesShareOneDictionaryEntry) {
  Section s;
  std::vector<SectionCell> cells;
  for (uint32_t c = 1; c <= 100; ++c) {
    cells.push_back({c, 0, double(c), 1, c, c % 3 == 0 ? "" : (c % 3 == 1 ? "Destatis" : "BA")});
  }
  s.Apply(cells);
  const std::string values = Values(s);
  // 5 + 100 x 15 bytes, k, and two entries: "Destatis" (first at code 1) and "BA".
  EXPECT_EQ(values.size(), 5u + 100 * 15 + 2 + (2 + 8) + (2 + 2));
  ASSERT_OK_AND_ASSIGN(SectionView view, SectionView::Parse(values));
  ASSERT_OK(view.Validate());
  for (uint32_t c = 1; c <= 100; ++c) {
    EXPECT_EQ(view.source(c - 1), c % 3 == 0 ? "" : (c % 3 == 1 ? "Destatis" : "BA")) << c;
  }
}

TEST(PackedSectionTest, MalformedBytesAreDataLoss) {
  Section s = TwoCells();
  std::string values = Values(s), state = s.EncodeState();
  EXPECT_STATUS(SectionView::Parse(""), absl::StatusCode::kDataLoss, "packed section");
  EXPECT_STATUS(SectionView::Parse(values.substr(0, values.size() - 1)),
                absl::StatusCode::kDataLoss, "packed section");
  EXPECT_STATUS(SectionView::Parse(values + "x"), absl::StatusCode::kDataLoss, "dictionary");
  std::string wrong_format = values;
  wrong_format[0] = 3;
  EXPECT_STATUS(SectionView::Parse(wrong_format), absl::StatusCode::kDataLoss, "packed section");
  wrong_format[0] = 1;  // the format without sources, but with their bytes
  EXPECT_STATUS(SectionView::Parse(wrong_format), absl::StatusCode::kDataLoss, "packed section");
  std::string unordered = values;
  std::swap(unordered[5], unordered[9]);  // first code bytes: 01 <-> 02
  ASSERT_OK_AND_ASSIGN(SectionView unordered_view, SectionView::Parse(unordered));
  EXPECT_STATUS(unordered_view.Validate(), absl::StatusCode::kDataLoss, "out of order");
  EXPECT_STATUS(Section::Decode(unordered, state), absl::StatusCode::kDataLoss, "out of order");
  std::string bad_source = values;
  bad_source[5 + 2 * 13] = 2;  // source number 2 of a dictionary of 1
  ASSERT_OK_AND_ASSIGN(SectionView bad_view, SectionView::Parse(bad_source));
  EXPECT_STATUS(bad_view.Validate(), absl::StatusCode::kDataLoss, "source number 2 of 1");
  EXPECT_STATUS(Section::Decode(values, std::nullopt), absl::StatusCode::kDataLoss, "packed section");
  Section one;
  one.Apply({{0x01051001, 0, 1, 1, 1}});
  EXPECT_STATUS(Section::Decode(values, one.EncodeState()), absl::StatusCode::kDataLoss, "packed section");
  EXPECT_STATUS(Section::Decode(values, state.substr(0, state.size() - 1)),
                absl::StatusCode::kDataLoss, "packed section state");
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
                  static_cast<uint32_t>(round), rng(), absl::StrCat("source ", rng() % 5)};
    }
    std::vector<SectionCell> changes;
    for (auto& [c, cell] : batch) {
      changes.push_back(cell);
      reference[c] = cell;
    }
    std::shuffle(changes.begin(), changes.end(), rng);
    s.Apply(std::move(changes));
    const std::string values = Values(s);
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
      EXPECT_EQ(got.source, cell.source);
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
