// Packed cross-sections: the latest value of every unit of one chunk of a level for one
// (indicator, breakdown, period), stored as ONE value, so that a peer comparison, a roll-up or a
// league table is one point read per chunk served by the block cache (schema version 2 packed a
// whole level into one value; schema 3 splits the Gemeinde level into one chunk per Land, at
// most ~35 KB instead of ~165 KB, and keeps every other level in one chunk: monitoring_keys.h
// SectionChunkOf).
//
// Two parts under the same key (monitoring_keys.h SectionKey), in two column families:
//
//   obs_sections (the read path), format 2, all integers little-endian:
//     U8 format = 2 | U32 n | n x U32 unit code (strictly ascending) | n x U8 flags |
//     n x F64 value (a quiet NaN where the cell has no value: suppressed without a value) |
//     n x U16 source (0 = none, s = entry s of the dictionary) |
//     U16 k | k x (U16 length | bytes): the dictionary of the distinct sources, k <= 65,535
//   Format 1 (written by schema 2 before sources were packed) ends after the values; it is still
//   read, and has no sources (SectionView::has_sources() is false).
//   obs_section_state (the write path), format 1:
//     U8 format = 1 | U32 n | n x U32 revision | n x U64 content fingerprint
//       (entry i belongs to unit code i of the values part; n must agree)
//
// Structure of arrays: a comparison binary-searches the code array and touches only the flags and
// values of its peers; it never reads the state, nor the sources (a league table reads them, for
// attribution). Suppressed values are stored with their flag (and value, if the source gave
// one): whether a caller may see them is decided on read.
// A section holds at most kMaxSectionUnits units (a level of Germany holds ~11,000; a Land's
// Gemeinden 1-2,300).
//
// All functions are pure and thread-safe; parsers return DataLoss on malformed bytes. Parsing
// the values part for a read checks its header and length only (O(number of sources)); the O(n)
// checks (codes ascending, source numbers in range) run in SectionView::Validate, which the write
// path (Section::Decode) and the tests call: blocks are checksummed by RocksDB, so what a read
// finds is what the encoder wrote.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::monitoring {

inline constexpr uint8_t kSectionValuesFormat = 2;
inline constexpr uint8_t kSectionValuesFormatWithoutSources = 1;
inline constexpr uint8_t kSectionStateFormat = 1;
inline constexpr size_t kMaxSectionSources = 65535;
inline constexpr uint32_t kMaxSectionUnits = 1u << 20;

// A read-only view over the values part of a packed section (no copy: the bytes must outlive it).
class SectionView {
 public:
  SectionView() = default;
  // DataLoss if `bytes` is not a values part of format 1 or 2 (wrong format byte, a length that
  // does not fit the unit count or the source dictionary).
  static absl::StatusOr<SectionView> Parse(std::string_view bytes);
  // The O(n) checks: codes strictly ascending, every source number within the dictionary.
  absl::Status Validate() const;

  size_t size() const { return n_; }
  uint32_t code(size_t i) const {
    uint32_t c;
    std::memcpy(&c, codes_ + 4 * i, 4);  // little-endian, see the static_assert in the .cc
    return c;
  }
  uint8_t flags(size_t i) const { return static_cast<uint8_t>(flags_[i]); }
  // The stored value (also when the cell is flagged suppressed); nullopt if none was stored.
  std::optional<double> value(size_t i) const {
    double v;
    std::memcpy(&v, values_ + 8 * i, 8);
    if (std::isnan(v)) return std::nullopt;
    return v;
  }
  // False for a format-1 part (written before sources were packed): source() is then "".
  bool has_sources() const { return sources_ != nullptr; }
  // The source of the stored value ("" if none was given).
  std::string_view source(size_t i) const;
  // The first index in [from, size()) whose code is >= `code` (size() if none).
  size_t LowerBound(uint32_t code, size_t from = 0) const;

 private:
  size_t n_ = 0;
  const char* codes_ = nullptr;
  const char* flags_ = nullptr;
  const char* values_ = nullptr;
  const char* sources_ = nullptr;          // n x U16, or nullptr (format 1)
  std::vector<std::string_view> dictionary_;
};

// One unit's entry in a section.
struct SectionCell {
  uint32_t unit_code = 0;
  uint8_t flags = 0;
  std::optional<double> value;
  uint32_t revision = 0;
  uint64_t fingerprint = 0;
  std::string source;  // of the value, for attribution ("" if none)
};

// A decoded section for the write path: read, changed with Apply, encoded again.
class Section {
 public:
  // Both parts absent: an empty section. DataLoss if a part is malformed (SectionView::Validate
  // included), one part is missing or the parts disagree on the number of units.
  static absl::StatusOr<Section> Decode(std::optional<std::string_view> values,
                                        std::optional<std::string_view> state);

  // The cell of `unit_code`, or nullptr.
  const SectionCell* Find(uint32_t unit_code) const;
  // Inserts or replaces cells; `changes` need not be sorted but must name each unit once.
  void Apply(std::vector<SectionCell> changes);
  // Removes the cells of these units (units without a cell are ignored).
  void Remove(std::vector<uint32_t> unit_codes);
  bool empty() const { return cells_.empty(); }

  const std::vector<SectionCell>& cells() const { return cells_; }  // unit-code order
  // The values part in the current format. InvalidArgument if the cells name more than
  // kMaxSectionSources distinct sources.
  absl::StatusOr<std::string> EncodeValues() const;
  // The values part in format 1 (no sources; every cell's source is ignored): only for the
  // migration that re-packs a section written in format 1, so that it stays without sources.
  std::string EncodeValuesWithoutSources() const;
  std::string EncodeState() const;

 private:
  std::vector<SectionCell> cells_;
};

}  // namespace integra::monitoring
