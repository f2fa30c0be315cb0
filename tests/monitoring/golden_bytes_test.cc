// Golden bytes of the monitoring layer's keys and records: monitoring_keys.h (unit, indicator,
// series, cross and change keys, breakdown), observation_records.h (series, cross and change
// records, the FNV-1a-64 fingerprint), import_job_records.h (job and part keys and records), and
// the records private to the stores (unit_store.cc, indicator_catalog.cc, peer_groups.cc,
// target_store.cc, reform_store.cc), which are pinned through the stores' public API: write through
// the store, read the raw bytes with storage::Store::Get.
//
// Every expected hex literal was derived by hand from the layout documented in the header of the
// codec (the derivation is written next to it), not copied from the code's output. Fields the
// store takes from the clock (created/updated micros) are spliced in from what the store
// returned, as 8 little-endian bytes. Numbers: 2021 = 0x07e5, 2022 = 0x07e6;
// F64 1.0 = 3ff0000000000000, 12.5 = 4029000000000000, 7.25 = 401d000000000000,
// 0.5 = 3fe0000000000000, 405.02 = 40795051eb851eb8 (IEEE-754, written little-endian below).
#include <cstdint>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "services/knowledge/knowledge_store.h"
#include "services/monitoring/import_job_records.h"
#include "services/monitoring/indicator_catalog.h"
#include "services/monitoring/indicators.h"
#include "services/monitoring/monitoring_keys.h"
#include "services/monitoring/observation_records.h"
#include "services/monitoring/observations.h"
#include "services/monitoring/peer_groups.h"
#include "services/monitoring/reform_store.h"
#include "services/monitoring/target_store.h"
#include "services/monitoring/unit_store.h"
#include "services/monitoring/units.h"
#include "storage/key_codec.h"
#include "storage/store.h"
#include "tests/testing/hex.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::monitoring {
namespace {

using ::integra::testing::Hex;
using ::integra::testing::HexOf;
using ::integra::testing::Le64Hex;
using ::integra::testing::Unhex;
using storage::Family;

// ------------------------------------------------------------------------- unit codes, keys

TEST(MonitoringKeysGoldenTest, UnitCodeIsPackedBcdPaddedWithF) {
  // units.h: the key's digits as packed BCD, padded with 0xF nibbles; "DG" -> all F.
  EXPECT_EQ(UnitCodeOf("05"), 0x05ffffffu);
  EXPECT_EQ(UnitCodeOf("051"), 0x051fffffu);
  EXPECT_EQ(UnitCodeOf("05315"), 0x05315fffu);
  EXPECT_EQ(UnitCodeOf("05315000"), 0x05315000u);
  EXPECT_EQ(UnitCodeOf("05158004"), 0x05158004u);
  EXPECT_EQ(UnitCodeOf("DG"), 0xffffffffu);
  ASSERT_OK_AND_ASSIGN(std::string kreis, UnitKeyOfCode(0x05315fffu));
  ASSERT_OK_AND_ASSIGN(std::string gemeinde, UnitKeyOfCode(0x05158004u));
  ASSERT_OK_AND_ASSIGN(std::string bund, UnitKeyOfCode(0xffffffffu));
  EXPECT_EQ(kreis, "05315");
  EXPECT_EQ(gemeinde, "05158004");
  EXPECT_EQ(bund, "DG");
  // A digit after padding is malformed.
  EXPECT_EQ(UnitKeyOfCode(0x05f15fffu).status().code(), absl::StatusCode::kDataLoss);
}

TEST(MonitoringKeysGoldenTest, UnitAndIndicatorKeys) {
  // units: Raw(canonical key), no terminator: "05158004" = 30 35 31 35 38 30 30 34.
  EXPECT_EQ(Hex(UnitStorageKey("05158004")), HexOf("3035313538303034"));
  EXPECT_EQ(Hex(UnitStorageKey("DG")), HexOf("4447"));
  // indicators: Str(code) = "ALQ" 41 4c 51, terminator 00 01.
  EXPECT_EQ(Hex(IndicatorStorageKey("ALQ")), HexOf("414c51 0001"));
  // Prefix of all keys of indicator 3: U32 big-endian.
  EXPECT_EQ(Hex(IndicatorKeyPrefix(3)), HexOf("00000003"));
  EXPECT_EQ(std::string(kNextIndicatorIdKey), "mon_next_indicator_id");
  EXPECT_EQ(Hex(kTotalBreakdown), "00");
}

TEST(MonitoringKeysGoldenTest, SeriesKeyOfATotal) {
  // U32 id 3 | BD total 00 | U32 unit code of "05315" 05315fff | P 2021 year: 07e5 00 |
  // U64 ~5 = fffffffffffffffa. 4+1+4+3+8 = 20 bytes, as the header says.
  const std::string key = SeriesKey(3, kTotalBreakdown, UnitCodeOf("05315"), Period{2021, 0}, 5);
  EXPECT_EQ(Hex(key), HexOf("00000003 | 00 | 05315fff | 07e5 00 | fffffffffffffffa"));
  EXPECT_EQ(key.size(), 20u);

  ASSERT_OK_AND_ASSIGN(SeriesKeyParts parts,
                       DecodeSeriesKey(Unhex("00000003 00 05315fff 07e500 fffffffffffffffa")));
  EXPECT_EQ(parts.indicator_id, 3u);
  EXPECT_EQ(Hex(parts.breakdown), "00");
  EXPECT_EQ(parts.unit, 0x05315fffu);
  EXPECT_EQ(parts.period, (Period{2021, 0}));
  EXPECT_EQ(parts.sequence, 5u);
}

TEST(MonitoringKeysGoldenTest, SeriesKeyWithBreakdownAndQuarter) {
  // BD: n = 1, (dimension 0, value 1) = 01 00 01. P 2022-Q3: 07e6, tag 10 + 3 = 13 = 0d.
  // ~0x102 = fffffffffffffefd.
  const std::string bd = Unhex("01 00 01");
  EXPECT_EQ(Hex(SeriesKey(3, bd, UnitCodeOf("05158004"), Period{2022, 13}, 0x102)),
            HexOf("00000003 | 01 00 01 | 05158004 | 07e6 0d | fffffffffffffefd"));
  // Prefixes: up to the unit, and up to the period (2020-07: tag 20 + 7 = 27 = 1b).
  EXPECT_EQ(Hex(SeriesUnitPrefix(3, kTotalBreakdown, 0x05315fffu)), HexOf("00000003 00 05315fff"));
  EXPECT_EQ(Hex(SeriesCellPrefix(3, kTotalBreakdown, 0x05315fffu, Period{2020, 27})),
            HexOf("00000003 00 05315fff 07e4 1b"));
  std::string with_period = "x";
  AppendPeriod(with_period, Period{2021, 0});
  EXPECT_EQ(Hex(with_period), HexOf("78 07e5 00"));

  ASSERT_OK_AND_ASSIGN(SeriesKeyParts parts,
                       DecodeSeriesKey(Unhex("00000003 010001 05158004 07e60d fffffffffffffefd")));
  EXPECT_EQ(Hex(parts.breakdown), HexOf("010001"));
  EXPECT_EQ(parts.unit, 0x05158004u);
  EXPECT_EQ(parts.period, (Period{2022, 13}));
  EXPECT_EQ(parts.sequence, 0x102u);
}

TEST(MonitoringKeysGoldenTest, SectionKeys) {
  // U32 id | BD | P | U8 level | U8 chunk; the chunk of a Gemeinde is its Land (the code's first
  // byte, BCD), of every other level 0.
  EXPECT_EQ(SectionChunkOf(UnitLevel::kGemeinde, UnitCodeOf("05158004")), 0x05);
  EXPECT_EQ(SectionChunkOf(UnitLevel::kGemeinde, UnitCodeOf("16077001")), 0x16);
  EXPECT_EQ(SectionChunkOf(UnitLevel::kKreis, UnitCodeOf("05315")), 0);
  EXPECT_EQ(SectionChunkOf(UnitLevel::kLand, UnitCodeOf("09")), 0);
  EXPECT_EQ(Hex(SectionKey(3, kTotalBreakdown, Period{2021, 0}, UnitLevel::kGemeinde, 0x05)),
            HexOf("00000003 | 00 | 07e5 00 | 05 | 05"));
  EXPECT_EQ(Hex(SectionKey(3, Unhex("010001"), Period{2022, 13}, UnitLevel::kKreis, 0)),
            HexOf("00000003 | 01 00 01 | 07e6 0d | 04 | 00"));
  // The level prefix (all chunks; the whole key in schema 2).
  EXPECT_EQ(Hex(SectionLevelPrefix(3, kTotalBreakdown, Period{2021, 0}, UnitLevel::kGemeinde)),
            HexOf("00000003 | 00 | 07e5 00 | 05"));
  // Chunks sort in code order: Land 09 after 05, Land 10 (0x10) after 09.
  EXPECT_LT(SectionKey(3, kTotalBreakdown, Period{2021, 0}, UnitLevel::kGemeinde, 0x09),
            SectionKey(3, kTotalBreakdown, Period{2021, 0}, UnitLevel::kGemeinde, 0x10));

  ASSERT_OK_AND_ASSIGN(SectionKeyParts parts,
                       DecodeSectionKey(Unhex("00000003 010001 07e500 05 16")));
  EXPECT_EQ(parts.indicator_id, 3u);
  EXPECT_EQ(Hex(parts.breakdown), HexOf("010001"));
  EXPECT_EQ(parts.period, (Period{2021, 0}));
  EXPECT_EQ(parts.level, UnitLevel::kGemeinde);
  EXPECT_EQ(parts.chunk, std::optional<uint8_t>(0x16));
  ASSERT_OK_AND_ASSIGN(parts, DecodeSectionKey(Unhex("00000003 00 07e500 04")));  // schema 2
  EXPECT_EQ(parts.level, UnitLevel::kKreis);
  EXPECT_FALSE(parts.chunk.has_value());
  EXPECT_STATUS(DecodeSectionKey(Unhex("00000003 00 07e500 05 05 00")).status(),
                absl::StatusCode::kDataLoss, "trailing");
  EXPECT_STATUS(DecodeSectionKey(Unhex("00000003 00 07e500 09 05")).status(),
                absl::StatusCode::kDataLoss, "level");
}

TEST(MonitoringKeysGoldenTest, CrossKeys) {
  // U32 id | BD | P | U8 level | U32 unit code. Gemeinde level = 5, Kreis level = 4.
  EXPECT_EQ(Hex(CrossLevelPrefix(3, kTotalBreakdown, Period{2021, 0}, UnitLevel::kGemeinde)),
            HexOf("00000003 | 00 | 07e5 00 | 05"));
  EXPECT_EQ(Hex(CrossKey(3, kTotalBreakdown, Period{2021, 0}, UnitLevel::kGemeinde,
                         UnitCodeOf("05158004"))),
            HexOf("00000003 | 00 | 07e5 00 | 05 | 05158004"));
  EXPECT_EQ(
      Hex(CrossKey(3, Unhex("010001"), Period{2021, 0}, UnitLevel::kKreis, UnitCodeOf("05315"))),
      HexOf("00000003 | 01 00 01 | 07e5 00 | 04 | 05315fff"));

  ASSERT_OK_AND_ASSIGN(CrossKeyParts parts,
                       DecodeCrossKey(Unhex("00000003 010001 07e500 04 05315fff")));
  EXPECT_EQ(parts.indicator_id, 3u);
  EXPECT_EQ(Hex(parts.breakdown), HexOf("010001"));
  EXPECT_EQ(parts.period, (Period{2021, 0}));
  EXPECT_EQ(parts.level, UnitLevel::kKreis);
  EXPECT_EQ(parts.unit, 0x05315fffu);
}

TEST(MonitoringKeysGoldenTest, ChangeKey) {
  // U64 sequence, big-endian: 258 = 0x102.
  EXPECT_EQ(Hex(ChangeKey(258)), HexOf("0000000000000102"));
  ASSERT_OK_AND_ASSIGN(uint64_t seq, DecodeChangeKey(Unhex("0000000000000102")));
  EXPECT_EQ(seq, 258u);
}

TEST(MonitoringKeysGoldenTest, MalformedKeysAreDataLoss) {
  // Period tag 05 is none of 0, 11-14, 21-32.
  EXPECT_EQ(DecodeSeriesKey(Unhex("00000003 00 05315fff 07e505 fffffffffffffffa")).status().code(),
            absl::StatusCode::kDataLoss);
  // Level 06 does not exist.
  EXPECT_EQ(DecodeCrossKey(Unhex("00000003 00 07e500 06 05315fff")).status().code(),
            absl::StatusCode::kDataLoss);
  // Trailing byte.
  EXPECT_EQ(DecodeCrossKey(Unhex("00000003 00 07e500 05 05158004 00")).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeChangeKey(Unhex("00000000000001")).status().code(), absl::StatusCode::kDataLoss);
  // BD announces 2 pairs but holds 1.
  std::string_view bd_short("\x02\x00\x01", 3);
  EXPECT_EQ(TakeBreakdown(bd_short).status().code(), absl::StatusCode::kDataLoss);
}

TEST(MonitoringKeysGoldenTest, Breakdown) {
  // BD: U8 n, then n pairs (dimension index, value index) in dimension order.
  Indicator ind;
  ind.code = "ALQ";
  ind.dimensions = {{"nationality", {"german", "foreign"}}, {"sex", {"m", "f"}}};
  ASSERT_OK_AND_ASSIGN(std::string total, EncodeBreakdown(ind, {}));
  ASSERT_OK_AND_ASSIGN(std::string foreign, EncodeBreakdown(ind, {{"nationality", "foreign"}}));
  ASSERT_OK_AND_ASSIGN(std::string female, EncodeBreakdown(ind, {{"sex", "f"}}));
  ASSERT_OK_AND_ASSIGN(std::string both,
                       EncodeBreakdown(ind, {{"sex", "f"}, {"nationality", "german"}}));
  EXPECT_EQ(Hex(total), "00");
  EXPECT_EQ(Hex(foreign), HexOf("01 | 00 01"));       // nationality(0) = foreign(1)
  EXPECT_EQ(Hex(female), HexOf("01 | 01 01"));        // sex(1) = f(1)
  EXPECT_EQ(Hex(both), HexOf("02 | 00 00 | 01 01"));  // dimension order, not map order

  ASSERT_OK_AND_ASSIGN(Breakdown back, DecodeBreakdown(ind, Unhex("02 00 00 01 01")));
  EXPECT_EQ(back, (Breakdown{{"nationality", "german"}, {"sex", "f"}}));
  const std::string buf = Unhex("01 00 01 ff");
  std::string_view in = buf;
  ASSERT_OK_AND_ASSIGN(std::string taken, TakeBreakdown(in));
  EXPECT_EQ(Hex(taken), HexOf("010001"));
  EXPECT_EQ(Hex(in), "ff");
  // Value index 2 is out of range for nationality.
  EXPECT_EQ(DecodeBreakdown(ind, Unhex("01 00 02")).status().code(), absl::StatusCode::kDataLoss);
}

// ---------------------------------------------------------------------- observation records

TEST(ObservationRecordsGoldenTest, SeriesRecord) {
  // U8 version 01 | I64 recorded_micros 1700000000000000 = 0x00060a24181e4000 -> 00401e18240a0600
  // | U32 revision 2 -> 02000000 | U8 flags 01 (PROVISIONAL) | Bool has_value 01 |
  // F64 12.5 -> 0000000000002940 | Str "INKAR" 05 494e4b4152 | Str "" 00 | Str "Zensus"
  // 06 5a656e737573.
  const char* golden =
      "01 | 00401e18240a0600 | 02000000 | 01 | 01 | 0000000000002940 | 05 494e4b4152 | 00 | "
      "06 5a656e737573";
  SeriesRecord r{.recorded_micros = 1700000000000000,
                 .revision = 2,
                 .flags = kFlagProvisional,
                 .value = 12.5,
                 .source = "INKAR",
                 .footnote = "",
                 .series_break = "Zensus"};
  EXPECT_EQ(Hex(EncodeSeriesRecord(r)), HexOf(golden));

  ASSERT_OK_AND_ASSIGN(SeriesRecord back, DecodeSeriesRecord(Unhex(golden)));
  EXPECT_EQ(back.recorded_micros, 1700000000000000);
  EXPECT_EQ(back.revision, 2u);
  EXPECT_EQ(back.flags, kFlagProvisional);
  EXPECT_EQ(back.value, 12.5);
  EXPECT_EQ(back.source, "INKAR");
  EXPECT_EQ(back.footnote, "");
  EXPECT_EQ(back.series_break, "Zensus");
  ASSERT_OK_AND_ASSIGN(int64_t time, SeriesRecordTime(Unhex(golden)));
  EXPECT_EQ(time, 1700000000000000);
  // Version 2 is unknown to this binary.
  EXPECT_EQ(DecodeSeriesRecord(Unhex(std::string("02") + (golden + 2))).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(ObservationRecordsGoldenTest, DestatisFlagsTakeTheFourHighBits) {
  // The existing bits stay where they were (01 02 04 08); the new ones are 10 20 40 80.
  EXPECT_EQ(kFlagLowReliability, 0x10);
  EXPECT_EQ(kFlagBlocked, 0x20);
  EXPECT_EQ(kFlagUnreliable, 0x40);
  EXPECT_EQ(kFlagNotYetAvailable, 0x80);
  SeriesRecord r{.recorded_micros = 1, .revision = 1, .flags = kFlagBlocked | kFlagProvisional};
  const char* golden =
      "01 | 0100000000000000 | 01000000 | 21 | 00 | 0000000000000000 | 00 | 00 | 00";
  EXPECT_EQ(Hex(EncodeSeriesRecord(r)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(SeriesRecord back, DecodeSeriesRecord(Unhex(golden)));
  EXPECT_EQ(back.flags, kFlagBlocked | kFlagProvisional);
}

TEST(ObservationRecordsGoldenTest, SuppressedSeriesRecordWritesZeroValue) {
  // SUPPRESSED (04) without value: has_value 00 and the value slot 8 zero bytes.
  SeriesRecord r{.recorded_micros = 1, .revision = 1, .flags = kFlagSuppressed};
  const char* golden =
      "01 | 0100000000000000 | 01000000 | 04 | 00 | 0000000000000000 | 00 | 00 | 00";
  EXPECT_EQ(Hex(EncodeSeriesRecord(r)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(SeriesRecord back, DecodeSeriesRecord(Unhex(golden)));
  EXPECT_EQ(back.flags, kFlagSuppressed);
  EXPECT_FALSE(back.value.has_value());
}

TEST(ObservationRecordsGoldenTest, Fingerprint) {
  // FNV-1a-64 (offset basis cbf29ce484222325, prime 100000001b3) over the content bytes
  // U8 flags | Bool has_value | F64 value | Str source | Str footnote | Str series_break
  // (the series record without version, time and revision). Expected values computed
  // independently with a 10-line python3 FNV-1a-64 over these byte strings (the script checked
  // itself against the published vector FNV-1a-64("a") = af63dc4c8601ec8c):
  //   01 01 0000000000002940 05494e4b4152 00 065a656e737573  -> 19ddcf332fc7c3a8
  //   04 00 0000000000000000 00 00 00                        -> 3cd0adb631319623
  SeriesRecord provisional{.recorded_micros = 1700000000000000,
                           .revision = 2,
                           .flags = kFlagProvisional,
                           .value = 12.5,
                           .source = "INKAR",
                           .series_break = "Zensus"};
  EXPECT_EQ(Fingerprint(provisional), 0x19ddcf332fc7c3a8ull);
  // Time and revision are not part of the content.
  SeriesRecord later = provisional;
  later.recorded_micros = 1;
  later.revision = 9;
  EXPECT_EQ(Fingerprint(later), 0x19ddcf332fc7c3a8ull);
  SeriesRecord suppressed{.flags = kFlagSuppressed};
  EXPECT_EQ(Fingerprint(suppressed), 0x3cd0adb631319623ull);
}

TEST(ObservationRecordsGoldenTest, CrossRecord) {
  // U8 version 01 | U8 flags 04 | Bool has_value 00 | F64 0 | U32 revision 1 -> 01000000 |
  // U64 sequence 9 -> 0900000000000000 | U64 fingerprint 0x0123456789abcdef -> efcdab8967452301
  const char* golden =
      "01 | 04 | 00 | 0000000000000000 | 01000000 | 0900000000000000 | efcdab8967452301";
  CrossRecord r{.flags = kFlagSuppressed,
                .value = std::nullopt,
                .revision = 1,
                .sequence = 9,
                .fingerprint = 0x0123456789abcdefull};
  EXPECT_EQ(Hex(EncodeCrossRecord(r)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(CrossRecord back, DecodeCrossRecord(Unhex(golden)));
  EXPECT_EQ(back.flags, kFlagSuppressed);
  EXPECT_FALSE(back.value.has_value());
  EXPECT_EQ(back.revision, 1u);
  EXPECT_EQ(back.sequence, 9u);
  EXPECT_EQ(back.fingerprint, 0x0123456789abcdefull);

  // With a value: 7.25 -> 0000000000001d40.
  CrossRecord v{.flags = 0, .value = 7.25, .revision = 2, .sequence = 0x0102, .fingerprint = 1};
  EXPECT_EQ(Hex(EncodeCrossRecord(v)),
            HexOf("01 00 01 0000000000001d40 02000000 0201000000000000 0100000000000000"));
}

TEST(ObservationRecordsGoldenTest, ChangeRecordOfARevision) {
  // U8 version 01 | U8 kind 01 (revision) | I64 recorded_micros 00401e18240a0600 |
  // Str actor "gen" 03 67656e | Str code "ALQ" 03 414c51 | Str unit "05315" 05 3035333135 |
  // Str period "2021" 04 32303231 | Str breakdown "nationality=foreign" 13 (19 bytes) ... |
  // U32 revision 2 -> 02000000 | U8 flags 00 | Bool 01 | F64 7.25 0000000000001d40 |
  // U64 removed 0.
  const char* golden =
      "01 | 01 | 00401e18240a0600 | 03 67656e | 03 414c51 | 05 3035333135 | 04 32303231 | "
      "13 6e6174696f6e616c6974793d666f726569676e | 02000000 | 00 | 01 | 0000000000001d40 | "
      "0000000000000000";
  ChangeRecord r{.sequence = 7,
                 .kind = ChangeKind::kRevision,
                 .recorded_micros = 1700000000000000,
                 .actor = "gen",
                 .indicator_code = "ALQ",
                 .unit_key = "05315",
                 .period = "2021",
                 .breakdown = "nationality=foreign",
                 .revision = 2,
                 .flags = 0,
                 .value = 7.25,
                 .removed = 0};
  EXPECT_EQ(Hex(EncodeChangeRecord(r)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(ChangeRecord back, DecodeChangeRecord(7, Unhex(golden)));
  EXPECT_EQ(back.sequence, 7u);
  EXPECT_EQ(back.kind, ChangeKind::kRevision);
  EXPECT_EQ(back.recorded_micros, 1700000000000000);
  EXPECT_EQ(back.actor, "gen");
  EXPECT_EQ(back.indicator_code, "ALQ");
  EXPECT_EQ(back.unit_key, "05315");
  EXPECT_EQ(back.period, "2021");
  EXPECT_EQ(back.breakdown, "nationality=foreign");
  EXPECT_EQ(back.revision, 2u);
  EXPECT_EQ(back.flags, 0);
  EXPECT_EQ(back.value, 7.25);
  EXPECT_EQ(back.removed, 0u);
}

TEST(ObservationRecordsGoldenTest, ChangeRecordOfADeletion) {
  // kind 02, empty unit/period/breakdown, revision 0, no value, removed 42 -> 2a00000000000000.
  const char* golden =
      "01 | 02 | 0100000000000000 | 03 67656e | 03 414c51 | 00 | 00 | 00 | 00000000 | 00 | 00 | "
      "0000000000000000 | 2a00000000000000";
  ChangeRecord r{.kind = ChangeKind::kIndicatorDeleted,
                 .recorded_micros = 1,
                 .actor = "gen",
                 .indicator_code = "ALQ",
                 .removed = 42};
  EXPECT_EQ(Hex(EncodeChangeRecord(r)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(ChangeRecord back, DecodeChangeRecord(11, Unhex(golden)));
  EXPECT_EQ(back.kind, ChangeKind::kIndicatorDeleted);
  EXPECT_FALSE(back.value.has_value());
  EXPECT_EQ(back.removed, 42u);
  // Kind 04 is unknown.
  std::string bad = Unhex(golden);
  bad[1] = '\x04';
  EXPECT_EQ(DecodeChangeRecord(11, bad).status().code(), absl::StatusCode::kDataLoss);
}

TEST(ObservationRecordsGoldenTest, ChangeRecordOfARemovedCell) {
  // kind 03, the cell, revision 2 (the latest removed) -> 02000000, no value, removed 2.
  const char* golden =
      "01 | 03 | 0500000000000000 | 03 67656e | 03 414c51 | 05 3035333135 | 04 32303231 | 00 | "
      "02000000 | 00 | 00 | 0000000000000000 | 0200000000000000";
  ChangeRecord r{.kind = ChangeKind::kRemoved,
                 .recorded_micros = 5,
                 .actor = "gen",
                 .indicator_code = "ALQ",
                 .unit_key = "05315",
                 .period = "2021",
                 .revision = 2,
                 .removed = 2};
  EXPECT_EQ(Hex(EncodeChangeRecord(r)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(ChangeRecord back, DecodeChangeRecord(12, Unhex(golden)));
  EXPECT_EQ(back.kind, ChangeKind::kRemoved);
  EXPECT_EQ(back.unit_key, "05315");
  EXPECT_EQ(back.revision, 2u);
  EXPECT_FALSE(back.value.has_value());
  EXPECT_EQ(back.removed, 2u);
}

// ------------------------------------------------------------------------- import jobs

TEST(ImportJobRecordsGoldenTest, KeysSortJobsByIdApartFromTheirParts) {
  // import_job_records.h: U8 00 | U64 id (big-endian); parts U8 01 | U64 id | U32 part.
  EXPECT_EQ(Hex(ImportJobKey(7)), HexOf("00 | 0000000000000007"));
  EXPECT_EQ(Hex(ImportJobKey(0x0102)), HexOf("00 | 0000000000000102"));
  EXPECT_EQ(Hex(ImportPartKey(7, 2)), HexOf("01 | 0000000000000007 | 00000002"));
  EXPECT_EQ(Hex(ImportJobKeyPrefix()), HexOf("00"));
  ASSERT_OK_AND_ASSIGN(uint64_t id, DecodeImportJobKey(Unhex("00 0000000000000102")));
  EXPECT_EQ(id, 0x0102u);
  EXPECT_EQ(DecodeImportJobKey(Unhex("01 0000000000000007 00000002")).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeImportJobKey(Unhex("00 00000007")).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_LT(ImportJobKey(9), ImportJobKey(10));
  EXPECT_LT(ImportJobKey(0xffffffffffffffffull), ImportPartKey(1, 0));
}

TEST(ImportJobRecordsGoldenTest, JobRecord) {
  // version 01, state 01 (open), file "kurs.csv", actor "gen", started 1, updated 2, finished 0,
  // rows 5000 = 0x1388, revisions 4990 = 0x137e, unchanged 10, checkpoint rows 5002 = 0x138a,
  // digest ab cd, parts 1, prefix "05", rolled back by "", restored 0, removed 0, kept 3.
  const char* golden =
      "01 | 01 | 08 6b7572732e637376 | 03 67656e | 0100000000000000 | 0200000000000000 | "
      "0000000000000000 | 8813000000000000 | 7e13000000000000 | 0a00000000000000 | "
      "8a13000000000000 | 02 abcd | 01000000 | 02 3035 | 00 | 0000000000000000 | "
      "0000000000000000 | 0300000000000000";
  ImportJobRecord r{.id = 7,
                    .state = ImportJobState::kOpen,
                    .file_name = "kurs.csv",
                    .actor = "gen",
                    .started_micros = 1,
                    .updated_micros = 2,
                    .rows = 5000,
                    .revisions = 4990,
                    .unchanged = 10,
                    .checkpoint = {5002, std::string("\xab\xcd")},
                    .parts = 1,
                    .unit_prefix = "05",
                    .cells_kept = 3};
  EXPECT_EQ(Hex(EncodeImportJobRecord(r)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(ImportJobRecord back, DecodeImportJobRecord(7, Unhex(golden)));
  EXPECT_EQ(back.id, 7u);
  EXPECT_EQ(back.state, ImportJobState::kOpen);
  EXPECT_EQ(back.file_name, "kurs.csv");
  EXPECT_EQ(back.actor, "gen");
  EXPECT_EQ(back.started_micros, 1);
  EXPECT_EQ(back.updated_micros, 2);
  EXPECT_EQ(back.finished_micros, 0);
  EXPECT_EQ(back.rows, 5000u);
  EXPECT_EQ(back.revisions, 4990u);
  EXPECT_EQ(back.unchanged, 10u);
  EXPECT_EQ(back.checkpoint.rows, 5002u);
  EXPECT_EQ(back.checkpoint.digest, "\xab\xcd");
  EXPECT_EQ(back.parts, 1u);
  EXPECT_EQ(back.unit_prefix, "05");
  EXPECT_EQ(back.cells_kept, 3u);

  std::string bad = Unhex(golden);
  bad[0] = '\x02';  // unknown version
  EXPECT_EQ(DecodeImportJobRecord(7, bad).status().code(), absl::StatusCode::kDataLoss);
  bad = Unhex(golden);
  bad[1] = '\x05';  // unknown state
  EXPECT_EQ(DecodeImportJobRecord(7, bad).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeImportJobRecord(7, Unhex(golden) + "00").status().code(),
            absl::StatusCode::kDataLoss);
  const std::string cut = Unhex(golden);
  EXPECT_EQ(DecodeImportJobRecord(7, cut.substr(0, cut.size() - 1)).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(ImportJobRecordsGoldenTest, PartRecord) {
  // version 01, kind 02 (rollback), recorded 3, sequences 11 .. 20, rows 5000 = 0x1388.
  const char* golden =
      "01 | 02 | 0300000000000000 | 0b00000000000000 | 1400000000000000 | 8813000000000000";
  ImportPartRecord r{.kind = ImportPartKind::kRollback,
                     .recorded_micros = 3,
                     .first_sequence = 11,
                     .last_sequence = 20,
                     .rows = 5000};
  EXPECT_EQ(Hex(EncodeImportPartRecord(r)), HexOf(golden));
  ASSERT_OK_AND_ASSIGN(ImportPartRecord back, DecodeImportPartRecord(Unhex(golden)));
  EXPECT_EQ(back.kind, ImportPartKind::kRollback);
  EXPECT_EQ(back.recorded_micros, 3);
  EXPECT_EQ(back.first_sequence, 11u);
  EXPECT_EQ(back.last_sequence, 20u);
  EXPECT_EQ(back.rows, 5000u);
  std::string bad = Unhex(golden);
  bad[1] = '\x03';  // unknown kind
  EXPECT_EQ(DecodeImportPartRecord(bad).status().code(), absl::StatusCode::kDataLoss);
  // A range that is empty or starts at 0 is no part a write can have written.
  EXPECT_EQ(DecodeImportPartRecord(
                Unhex("01 01 0300000000000000 1400000000000000 0b00000000000000 0100000000000000"))
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeImportPartRecord(
                Unhex("01 01 0300000000000000 0000000000000000 0b00000000000000 0100000000000000"))
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
}

// -------------------------------------------------- store-private records, through the stores

class StoreRecordsGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(store_, storage::Store::Open({.path = dir_.path()}));
    ASSERT_OK_AND_ASSIGN(knowledge_, knowledge::KnowledgeStore::Open(store_.get()));
    ASSERT_OK_AND_ASSIGN(units_, UnitStore::Open(store_.get()));
    ASSERT_OK_AND_ASSIGN(catalog_, IndicatorCatalog::Open(store_.get(), knowledge_.get()));
    ASSERT_OK_AND_ASSIGN(groups_, PeerGroupStore::Open(store_.get(), units_.get()));
    ASSERT_OK_AND_ASSIGN(reforms_, ReformStore::Open(store_.get(), units_.get()));
    targets_ = std::make_unique<TargetStore>(store_.get(), units_.get(), catalog_.get());
  }

  void AddMettmann() {
    ASSERT_OK_AND_ASSIGN(
        UnitBatchResult r,
        units_->UpsertBatch(
            {Unit{.key = "05", .name = "Nordrhein-Westfalen", .type = UnitType::kLand},
             Unit{.key = "05158", .name = "Mettmann", .type = UnitType::kLandkreis},
             Unit{.key = "05158004",
                  .name = "Erkrath, Stadt",
                  .type = UnitType::kKreisangehoerigeGemeinde},
             Unit{.key = "05158008",
                  .name = "Haan, Stadt",
                  .type = UnitType::kKreisangehoerigeGemeinde}}));
    ASSERT_TRUE(r.applied);
  }

  std::string Raw(Family family, const std::string& key) {
    auto v = store_->Get(family, key);
    EXPECT_TRUE(v.ok()) << v.status();
    if (!v.ok() || !v->has_value()) return "<absent>";
    return Hex(**v);
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<knowledge::KnowledgeStore> knowledge_;
  std::unique_ptr<UnitStore> units_;
  std::unique_ptr<IndicatorCatalog> catalog_;
  std::unique_ptr<PeerGroupStore> groups_;
  std::unique_ptr<ReformStore> reforms_;
  std::unique_ptr<TargetStore> targets_;
};

TEST_F(StoreRecordsGoldenTest, UnitRecord) {
  // unit_store.cc, unit record version 3 (version 2 added valid_from/valid_to, version 3 the
  // degree of urbanisation and the Gemeindeverband):
  //   U8 version                        03
  //   Str name "Köln, Stadt" (12 bytes)   0c 4bc3b66c6e2c205374616474  (ö = c3 b6)
  //   U8 type KREISFREIE_STADT            05
  //   Bool has_population, I64 1084831    01 9f8d100000000000  (1084831 = 0x108d9f)
  //   I64 population_year 2022            e607000000000000
  //   Bool has_area, F64 405.02           01 b81e85eb51507940
  //   Str territory_date "2023-11-30"     0a 323032332d31312d3330
  //   Str seat "Köln"                     05 4bc3b66c6e
  //   Str official_type_code "41"         02 3431
  //   Str official_type "Kreisfreie Stadt" (16 bytes)  10 4b726569736672656965205374616474
  //   Str valid_from "", Str valid_to ""  00 00
  //   U8 degurba 0, four empty Verband strings  00 | 00 00 00 00
  Unit land{.key = "05", .name = "Nordrhein-Westfalen", .type = UnitType::kLand};
  Unit koeln{.key = "05315",
             .name = "Köln, Stadt",
             .type = UnitType::kKreisfreieStadt,
             .population = 1084831,
             .population_year = 2022,
             .area_km2 = 405.02,
             .territory_date = "2023-11-30",
             .seat = "Köln",
             .official_type_code = "41",
             .official_type = "Kreisfreie Stadt"};
  // A Gemeinde with DEGURBA and Gemeindeverband, valid from 2021-01-01:
  //   Str name "Haan, Stadt" 0b 4861616e2c205374616474 | type 07 | no population, no area |
  //   ... | Str valid_from "2021-01-01" 0a 323032312d30312d3031 | Str valid_to "" 00 |
  //   U8 degurba 2 = 02 | Str verband_key "051580008" 09 303531353830303038 |
  //   Str verband_name "Haan" 04 4861616e | Str "50" 02 3530 |
  //   Str "Verbandsfreie Gemeinde" (22 bytes) 16 5665726261 6e6473 667265696520 47656d65696e6465
  Unit kreis{.key = "05158", .name = "Mettmann", .type = UnitType::kLandkreis};
  Unit haan{.key = "05158008",
            .name = "Haan, Stadt",
            .type = UnitType::kKreisangehoerigeGemeinde,
            .valid_from = "2021-01-01",
            .degurba = Degurba::kKleinereStaedteUndVororte,
            .verband_key = "051580008",
            .verband_name = "Haan",
            .verband_type_code = "50",
            .verband_type = "Verbandsfreie Gemeinde"};
  ASSERT_OK_AND_ASSIGN(UnitBatchResult r, units_->UpsertBatch({land, koeln, kreis, haan}));
  ASSERT_TRUE(r.applied);
  EXPECT_EQ(Raw(Family::kUnits, "05315"),
            HexOf("03 | 0c 4bc3b66c6e2c205374616474 | 05 | 01 | 9f8d100000000000 | "
                  "e607000000000000 | 01 | b81e85eb51507940 | 0a 323032332d31312d3330 | "
                  "05 4bc3b66c6e | 02 3431 | 10 4b726569736672656965205374616474 | 00 | 00 | "
                  "00 | 00 | 00 | 00 | 00"));
  // The Land without population or area: Bool 00 + 8 zero bytes each; type 02 (LAND).
  // Name "Nordrhein-Westfalen" = 19 bytes = 13.
  EXPECT_EQ(Raw(Family::kUnits, "05"),
            HexOf("03 | 13 4e6f7264726865696e2d5765737466616c656e | 02 | 00 | 0000000000000000 | "
                  "0000000000000000 | 00 | 0000000000000000 | 00 | 00 | 00 | 00 | 00 | 00 | "
                  "00 | 00 | 00 | 00 | 00"));
  EXPECT_EQ(Raw(Family::kUnits, "05158008"),
            HexOf("03 | 0b 4861616e2c205374616474 | 07 | 00 | 0000000000000000 | "
                  "0000000000000000 | 00 | 0000000000000000 | 00 | 00 | 00 | 00 | "
                  "0a 323032312d30312d3031 | 00 | 02 | 09 303531353830303038 | 04 4861616e | "
                  "02 3530 | 16 5665726261 6e6473 667265696520 47656d65696e6465"));
  // The implicitly created Bund (key "DG" = 4447) exists too.
  EXPECT_NE(Raw(Family::kUnits, "DG"), "<absent>");

  // Decoding the golden bytes back: reopen the register over the same store.
  units_.reset();
  ASSERT_OK_AND_ASSIGN(units_, UnitStore::Open(store_.get()));
  ASSERT_OK_AND_ASSIGN(Unit back, units_->Get("05315"));
  EXPECT_EQ(back, koeln);
  ASSERT_OK_AND_ASSIGN(Unit haan_back, units_->Get("05158008"));
  EXPECT_EQ(haan_back, haan);
}

TEST_F(StoreRecordsGoldenTest, UnitRecordVersion2IsStillRead) {
  // Version 2 ends after valid_to (no DEGURBA, no Gemeindeverband). Written by hand:
  //   02 | Str "Haan, Stadt" 0b 4861616e2c205374616474 | type 07 | Bool 01 | I64 30274 =
  //   0x7642 -> 4276000000000000 | I64 2022 e607000000000000 | Bool 00 | F64 0 | four empty
  //   strings | valid_from "" 00 | valid_to "2023-12-31" 0a 323032332d31322d3331
  AddMettmann();
  storage::WriteBatch b = store_->NewBatch();
  b.Put(Family::kUnits, "05158008",
        Unhex("02 | 0b 4861616e2c205374616474 | 07 | 01 | 4276000000000000 | e607000000000000 | "
              "00 | 0000000000000000 | 00 | 00 | 00 | 00 | 00 | 0a 323032332d31322d3331"));
  ASSERT_OK(store_->Write(b));
  units_.reset();
  ASSERT_OK_AND_ASSIGN(units_, UnitStore::Open(store_.get()));
  ASSERT_OK_AND_ASSIGN(Unit back, units_->Get("05158008"));
  EXPECT_EQ(back.name, "Haan, Stadt");
  EXPECT_EQ(back.population, 30274);
  EXPECT_EQ(back.valid_to, "2023-12-31");
  EXPECT_EQ(back.degurba, Degurba::kUnknown);
  EXPECT_EQ(back.verband_key, "");
  // Trailing bytes after a version-2 record are data loss, not silently ignored.
  storage::WriteBatch c = store_->NewBatch();
  c.Put(Family::kUnits, "05158004",
        Unhex("02 | 0b 4861616e2c205374616474 | 07 | 00 | 0000000000000000 | 0000000000000000 | "
              "00 | 0000000000000000 | 00 | 00 | 00 | 00 | 00 | 00 | ff"));
  ASSERT_OK(store_->Write(c));
  units_.reset();
  EXPECT_STATUS(UnitStore::Open(store_.get()), absl::StatusCode::kDataLoss,
                "unit 05158004 has trailing bytes");
}

TEST_F(StoreRecordsGoldenTest, UnitRecordVersion1IsStillRead) {
  // Version 1 ends after official_type (no validity period). Written by hand:
  //   01 | Str "Heiligenhaus" 0c 4865696c6967656e68617573 | type 07 (KREISANGEHOERIGE_GEMEINDE)
  //   | Bool 01 | I64 26425 = 0x6739 -> 3967000000000000 | I64 2022 | Bool 00 | F64 0 |
  //   four empty strings.
  AddMettmann();
  storage::WriteBatch b = store_->NewBatch();
  b.Put(Family::kUnits, "05158012",
        Unhex("01 | 0c 4865696c6967656e68617573 | 07 | 01 | 3967000000000000 | "
              "e607000000000000 | 00 | 0000000000000000 | 00 | 00 | 00 | 00"));
  ASSERT_OK(store_->Write(b));
  units_.reset();
  ASSERT_OK_AND_ASSIGN(units_, UnitStore::Open(store_.get()));
  ASSERT_OK_AND_ASSIGN(Unit back, units_->Get("05158012"));
  EXPECT_EQ(back.name, "Heiligenhaus");
  EXPECT_EQ(back.type, UnitType::kKreisangehoerigeGemeinde);
  EXPECT_EQ(back.population, 26425);
  EXPECT_EQ(back.population_year, 2022);
  EXPECT_FALSE(back.area_km2.has_value());
  EXPECT_EQ(back.valid_from, "");
  EXPECT_EQ(back.valid_to, "");
}

TEST_F(StoreRecordsGoldenTest, IndicatorRecords) {
  // indicator_catalog.cc, indicator record version 3 (version 2 appended the gap definition,
  // version 3 the explicit value domain).
  ASSERT_OK(knowledge_->CreateNode(
      {.id = "af.arbeit", .type = knowledge::NodeType::kActionField, .title_de = "Arbeitsmarkt"},
      "golden"));
  Indicator ew;
  ew.code = "EW";
  ew.name_de = "Einwohner";
  ew.unit = MeasureUnit::kCount;
  ew.aggregation.kind = AggregationKind::kSum;
  ASSERT_OK_AND_ASSIGN(Indicator ew_stored, catalog_->Create(ew, {}, "golden"));
  EXPECT_EQ(ew_stored.id, 1u);

  Indicator alq;
  alq.code = "ALQ";
  alq.name_de = "Arbeitslosenquote";
  alq.sheet = {.definition = "Def",
               .relevance = "Rel",
               .interpretation = "Int",
               .data_source = "BA",
               .methodological_notes = ""};
  alq.unit = MeasureUnit::kPercent;
  alq.unit_label = "%";
  alq.polarity = Polarity::kLowerIsBetter;
  alq.periodicity = Periodicity::kYear;
  alq.aggregation = {.kind = AggregationKind::kWeightedMean, .weight = "EW"};
  alq.dimensions = {{"nationality", {"german", "foreign"}}};
  alq.max_value = 50;  // min: the unit's default
  ASSERT_OK_AND_ASSIGN(Indicator alq_stored, catalog_->Create(alq, {"af.arbeit"}, "golden"));
  EXPECT_EQ(alq_stored.id, 2u);
  //   03 | U32 id 2 -> 02000000 | I64 created_micros (clock) | Str "Arbeitslosenquote" (17) 11 ...
  //   | Str "Def" 03 446566 | Str "Rel" 03 52656c | Str "Int" 03 496e74 | Str "BA" 02 4241 |
  //   Str "" 00 | U8 unit 01 (percent) | Str "%" 01 25 | U8 polarity 02 (lower is better) |
  //   U8 periodicity 01 (year) | U8 aggregation 04 (weighted mean) | Str numerator 00 |
  //   Str denominator 00 | F64 scale 1.0 -> 000000000000f03f | Str weight "EW" 02 4557 |
  //   U32 dimension count 1 -> 01000000 | Str "nationality" 0b 6e6174696f6e616c697479 |
  //   StrList 02 06 "german" 07 "foreign" | Bool ranking_allowed 01 | Bool is_gap 00 |
  //   4 empty strings (base, dimension, focus, reference) 00 00 00 00 | U8 gap kind 01
  //   (the default kind DIFFERENCE is written even for a non-gap indicator) | Bool has_min 00 |
  //   F64 min 0.0 (absent) | Bool has_max 01 | F64 max 50.0 -> 0000000000004940.
  EXPECT_EQ(Raw(Family::kIndicators, storage::KeyWriter().Str("ALQ").Take()),
            HexOf("03 | 02000000 |") + Le64Hex(alq_stored.created_micros) +
                HexOf("11 417262656974736c6f73656e71756f7465 | 03 446566 | 03 52656c | "
                      "03 496e74 | 02 4241 | 00 | 01 | 01 25 | 02 | 01 | 04 | 00 | 00 | "
                      "000000000000f03f | 02 4557 | 01000000 | 0b 6e6174696f6e616c697479 | "
                      "02 06 6765726d616e 07 666f726569676e | 01 | 00 | 00 00 00 00 | 01 | "
                      "00 0000000000000000 | 01 0000000000004940"));
  // The id counter in meta: next id 3, decimal text.
  ASSERT_OK_AND_ASSIGN(auto next, store_->Get(Family::kMeta, kNextIndicatorIdKey));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, "3");

  Indicator gap;
  gap.code = "ALQ_GAP";
  gap.name_de = "Abstand";
  gap.unit = MeasureUnit::kPercent;
  gap.polarity = Polarity::kLowerIsBetter;
  gap.aggregation.kind = AggregationKind::kNone;
  gap.gap = GapDefinition{.base = "ALQ",
                          .dimension = "nationality",
                          .focus = "foreign",
                          .reference = "german",
                          .kind = analytics::GapKind::kDifference};
  ASSERT_OK_AND_ASSIGN(Indicator gap_stored, catalog_->Create(gap, {}, "golden"));
  //   03 | 03000000 | created | Str "Abstand" 07 41627374616e64 | 5 empty sheet strings |
  //   unit 01 | label 00 | polarity 02 | periodicity 01 | aggregation 01 (none) | 00 | 00 |
  //   scale 1.0 | weight 00 | dimensions 00000000 | ranking 01 | is_gap 01 | Str "ALQ" 03 414c51 |
  //   Str "nationality" | Str "foreign" 07 666f726569676e | Str "german" 06 6765726d616e |
  //   gap kind 01 (difference) | no min, no max: 00 0000000000000000 00 0000000000000000
  EXPECT_EQ(Raw(Family::kIndicators, storage::KeyWriter().Str("ALQ_GAP").Take()),
            HexOf("03 | 03000000 |") + Le64Hex(gap_stored.created_micros) +
                HexOf("07 41627374616e64 | 00 00 00 00 00 | 01 | 00 | 02 | 01 | 01 | 00 | 00 | "
                      "000000000000f03f | 00 | 00000000 | 01 | 01 | 03 414c51 | "
                      "0b 6e6174696f6e616c697479 | 07 666f726569676e | 06 6765726d616e | 01 | "
                      "00 0000000000000000 | 00 0000000000000000"));

  // Decoding: reopen the catalog over the same store.
  catalog_.reset();
  ASSERT_OK_AND_ASSIGN(catalog_, IndicatorCatalog::Open(store_.get(), knowledge_.get()));
  ASSERT_OK_AND_ASSIGN(IndicatorInfo alq_back, catalog_->Get("ALQ"));
  EXPECT_EQ(alq_back.indicator, alq_stored);
  EXPECT_EQ(alq_back.measured_node_ids, std::vector<std::string>{"af.arbeit"});
  ASSERT_OK_AND_ASSIGN(IndicatorInfo gap_back, catalog_->Get("ALQ_GAP"));
  EXPECT_EQ(gap_back.indicator, gap_stored);
}

TEST_F(StoreRecordsGoldenTest, IndicatorRecordVersion1IsStillRead) {
  // Version 1 ends after ranking_allowed. Written by hand: id 9, created 1, name "Alt" and the
  // rest empty, unit 02 (count), polarity 03 (neutral), periodicity 01, aggregation 02 (sum),
  // scale 1.0, no dimensions, ranking_allowed 00.
  storage::WriteBatch b = store_->NewBatch();
  b.Put(Family::kIndicators, storage::KeyWriter().Str("ALT").Take(),
        Unhex("01 | 09000000 | 0100000000000000 | 03 416c74 | 00 00 00 00 00 | 02 | 00 | 03 | "
              "01 | 02 | 00 | 00 | 000000000000f03f | 00 | 00000000 | 00"));
  ASSERT_OK(store_->Write(b));
  catalog_.reset();
  ASSERT_OK_AND_ASSIGN(catalog_, IndicatorCatalog::Open(store_.get(), knowledge_.get()));
  auto alt = catalog_->Find("ALT");
  ASSERT_NE(alt, nullptr);
  EXPECT_EQ(alt->id, 9u);
  EXPECT_EQ(alt->created_micros, 1);
  EXPECT_EQ(alt->name_de, "Alt");
  EXPECT_EQ(alt->unit, MeasureUnit::kCount);
  EXPECT_EQ(alt->polarity, Polarity::kNeutral);
  EXPECT_EQ(alt->aggregation.kind, AggregationKind::kSum);
  EXPECT_EQ(alt->aggregation.scale, 1.0);
  EXPECT_FALSE(alt->ranking_allowed);
  EXPECT_FALSE(alt->gap.has_value());
}

TEST_F(StoreRecordsGoldenTest, IndicatorRecordVersion2IsStillRead) {
  // Version 2 ends after the gap kind: no explicit value domain (the unit's default applies).
  // By hand: id 7, created 1, name "Zwei", unit 02 (count), polarity 03, periodicity 01,
  // aggregation 02 (sum), scale 1.0, no dimensions, ranking 01, no gap, gap kind 01.
  storage::WriteBatch b = store_->NewBatch();
  b.Put(Family::kIndicators, storage::KeyWriter().Str("ZWEI").Take(),
        Unhex("02 | 07000000 | 0100000000000000 | 04 5a776569 | 00 00 00 00 00 | 02 | 00 | 03 | "
              "01 | 02 | 00 | 00 | 000000000000f03f | 00 | 00000000 | 01 | 00 | 00 00 00 00 | 01"));
  ASSERT_OK(store_->Write(b));
  catalog_.reset();
  ASSERT_OK_AND_ASSIGN(catalog_, IndicatorCatalog::Open(store_.get(), knowledge_.get()));
  auto zwei = catalog_->Find("ZWEI");
  ASSERT_NE(zwei, nullptr);
  EXPECT_EQ(zwei->id, 7u);
  EXPECT_EQ(zwei->name_de, "Zwei");
  EXPECT_FALSE(zwei->min_value.has_value());
  EXPECT_FALSE(zwei->max_value.has_value());
  EXPECT_EQ(ValueDomainOf(*zwei).min, 0);
  EXPECT_EQ(ValueDomainOf(*zwei).max, kMaxCount);
  // Version 4 is unknown to this binary.
  b = store_->NewBatch();
  b.Put(Family::kIndicators, storage::KeyWriter().Str("VIER").Take(),
        Unhex("04 | 08000000 | 0100000000000000 | 04 56696572"));
  ASSERT_OK(store_->Write(b));
  catalog_.reset();
  EXPECT_EQ(IndicatorCatalog::Open(store_.get(), knowledge_.get()).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(StoreRecordsGoldenTest, PeerGroupRecord) {
  // peer_groups.h: key Str(name); value version 1:
  //   U8 01 | Str title | Str description | StrList members (sorted) | I64 created | Str created_by
  AddMettmann();
  PeerGroup g{.name = "kreis-me",
              .title = "Kreis ME",
              .description = "",
              .members = {"05158008", "05158004"}};
  ASSERT_OK_AND_ASSIGN(PeerGroup stored, groups_->Create(g, "golden"));
  //   key: "kreis-me" 6b726569732d6d65 + 0001
  //   value: 01 | 08 4b72656973204d45 | 00 | 02 08 3035313538303034 08 3035313538303038 |
  //          created | 06 676f6c64656e
  EXPECT_EQ(Raw(Family::kPeerGroups, Unhex("6b726569732d6d65 0001")),
            HexOf("01 | 08 4b72656973204d45 | 00 | 02 08 3035313538303034 08 3035313538303038 |") +
                Le64Hex(stored.created_micros) + HexOf("06 676f6c64656e"));

  groups_.reset();
  ASSERT_OK_AND_ASSIGN(groups_, PeerGroupStore::Open(store_.get(), units_.get()));
  ASSERT_OK_AND_ASSIGN(PeerGroup back, groups_->Get("kreis-me"));
  EXPECT_EQ(back.title, "Kreis ME");
  EXPECT_EQ(back.members, (std::vector<std::string>{"05158004", "05158008"}));
  EXPECT_EQ(back.created_micros, stored.created_micros);
  EXPECT_EQ(back.created_by, "golden");
}

TEST_F(StoreRecordsGoldenTest, TargetKeyAndRecord) {
  // target_store.h: key U32 id | BD | U32 unit code | P; value version 1:
  //   U8 01 | F64 target | Str baseline_period | Bool has_baseline | F64 baseline |
  //   F64 tolerance | U32 trend_points | Str note | I64 updated | Str updated_by
  AddMettmann();
  Indicator alq;
  alq.code = "ALQ";
  alq.name_de = "Arbeitslosenquote";
  alq.unit = MeasureUnit::kPercent;
  alq.polarity = Polarity::kLowerIsBetter;
  alq.dimensions = {{"nationality", {"german", "foreign"}}};
  ASSERT_OK_AND_ASSIGN(Indicator stored_ind, catalog_->Create(alq, {}, "golden"));
  ASSERT_EQ(stored_ind.id, 1u);
  IndicatorTarget t{.ref = {.indicator_code = "ALQ",
                            .unit_key = "05158",
                            .breakdown = {{"nationality", "foreign"}},
                            .target_period = "2030"},
                    .target_value = 8.0,
                    .baseline_period = "2021",
                    .baseline_value = 12.5,
                    .tolerance = 0.5,
                    .trend_points = 3,
                    .note = "Rat"};
  ASSERT_OK_AND_ASSIGN(IndicatorTarget stored, targets_->Set(t, "golden"));
  //   key: 00000001 | BD 01 00 01 | unit code of "05158" 05158fff | 2030 = 0x07ee, tag 00
  //   value: 01 | 8.0 -> 0000000000002040 | 04 32303231 | 01 | 12.5 -> 0000000000002940 |
  //          0.5 -> 000000000000e03f | 03000000 | 03 526174 | updated | 06 676f6c64656e
  EXPECT_EQ(Raw(Family::kTargets, Unhex("00000001 010001 05158fff 07ee00")),
            HexOf("01 | 0000000000002040 | 04 32303231 | 01 | 0000000000002940 | "
                  "000000000000e03f | 03000000 | 03 526174 |") +
                Le64Hex(stored.updated_micros) + HexOf("06 676f6c64656e"));

  ASSERT_OK_AND_ASSIGN(IndicatorTarget back, targets_->Get(t.ref));
  EXPECT_EQ(back.target_value, 8.0);
  EXPECT_EQ(back.baseline_period, "2021");
  EXPECT_EQ(back.baseline_value, 12.5);
  EXPECT_EQ(back.tolerance, 0.5);
  EXPECT_EQ(back.trend_points, 3);
  EXPECT_EQ(back.note, "Rat");
  EXPECT_EQ(back.updated_by, "golden");
  ASSERT_OK_AND_ASSIGN(std::vector<IndicatorTarget> listed, targets_->List("ALQ", ""));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].ref.unit_key, "05158");
  EXPECT_EQ(listed[0].ref.target_period, "2030");
  EXPECT_EQ(listed[0].ref.breakdown, (Breakdown{{"nationality", "foreign"}}));
}

TEST_F(StoreRecordsGoldenTest, ReformKeyAndRecord) {
  // reform_store.h: key Str(effective_date) | Str(id); value version 1:
  //   U8 01 | Str description | U32 n | n x (Str pred | Str succ | Bool has_share | F64 share) |
  //   StrList ended_units | I64 created | Str created_by
  AddMettmann();
  Reform r{.id = "me-2024",
           .effective_date = "2024-01-01",
           .description = "Fusion",
           .changes = {{.predecessor = "05158004", .successor = "05158008", .share = 1.0},
                       {.predecessor = "05158008", .successor = "05158008", .share = 1.0}}};
  ASSERT_OK_AND_ASSIGN(Reform stored, reforms_->Create(r, "golden"));
  //   key: "2024-01-01" 323032342d30312d3031 0001 | "me-2024" 6d652d32303234 0001
  //   value: 01 | 06 467573696f6e | 02000000 |
  //          08 3035313538303034 08 3035313538303038 01 000000000000f03f |
  //          08 3035313538303038 08 3035313538303038 01 000000000000f03f |
  //          StrList ended: 01 08 3035313538303034 | created | 06 676f6c64656e
  EXPECT_EQ(Raw(Family::kReforms, Unhex("323032342d30312d3031 0001 6d652d32303234 0001")),
            HexOf("01 | 06 467573696f6e | 02000000 | "
                  "08 3035313538303034 08 3035313538303038 01 000000000000f03f | "
                  "08 3035313538303038 08 3035313538303038 01 000000000000f03f | "
                  "01 08 3035313538303034 |") +
                Le64Hex(stored.created_micros) + HexOf("06 676f6c64656e"));
  // The ended unit got valid_to = the day before.
  ASSERT_OK_AND_ASSIGN(Unit erkrath, units_->Get("05158004"));
  EXPECT_EQ(erkrath.valid_to, "2023-12-31");

  reforms_.reset();
  ASSERT_OK_AND_ASSIGN(reforms_, ReformStore::Open(store_.get(), units_.get()));
  ASSERT_OK_AND_ASSIGN(std::vector<Reform> back, reforms_->List(""));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].id, "me-2024");
  EXPECT_EQ(back[0].effective_date, "2024-01-01");
  EXPECT_EQ(back[0].description, "Fusion");
  ASSERT_EQ(back[0].changes.size(), 2u);
  EXPECT_EQ(back[0].changes[0].predecessor, "05158004");
  EXPECT_EQ(back[0].changes[0].successor, "05158008");
  EXPECT_EQ(back[0].changes[0].share, 1.0);
  EXPECT_EQ(back[0].ended_units, std::vector<std::string>{"05158004"});
  EXPECT_EQ(back[0].created_micros, stored.created_micros);
  EXPECT_EQ(back[0].created_by, "golden");
}

}  // namespace
}  // namespace integra::monitoring
