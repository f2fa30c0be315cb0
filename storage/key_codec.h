// Order-preserving key encoding.
//
// Every key in integra is a concatenation of components encoded so that the byte-wise order of
// encoded keys equals the logical order of the component tuples (RocksDB's default comparator
// compares bytes). Components:
//
//   uint8/16/32/64  fixed width, big-endian                      1/2/4/8 bytes
//   int32/int64     fixed width, big-endian, sign bit flipped    4/8 bytes
//   string          escaped: 0x00 -> 0x00 0xFF, terminated by 0x00 0x01
//                   (so "a" < "a\0" < "ab" holds after encoding, and a string component can be
//                   followed by further components without ambiguity)
//
// Decoding never aborts: malformed input yields an InvalidArgument / DataLoss status.
// All functions are thread-safe (pure).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace integra::storage {

// Appends encoded components to a key buffer.
class KeyWriter {
 public:
  KeyWriter& U8(uint8_t v);
  KeyWriter& U16(uint16_t v);
  KeyWriter& U32(uint32_t v);
  KeyWriter& U64(uint64_t v);
  KeyWriter& I32(int32_t v);
  KeyWriter& I64(int64_t v);
  KeyWriter& Str(std::string_view v);
  // Appends raw bytes without escaping (only for a final component or a known-fixed prefix).
  KeyWriter& Raw(std::string_view v);

  const std::string& key() const { return key_; }
  std::string Take() { return std::move(key_); }

 private:
  std::string key_;
};

// Reads components back in the order they were written. Each read returns DataLoss if the
// remaining bytes do not hold a well-formed component.
class KeyReader {
 public:
  explicit KeyReader(std::string_view key) : rest_(key) {}
  absl::StatusOr<uint8_t> U8();
  absl::StatusOr<uint16_t> U16();
  absl::StatusOr<uint32_t> U32();
  absl::StatusOr<uint64_t> U64();
  absl::StatusOr<int32_t> I32();
  absl::StatusOr<int64_t> I64();
  absl::StatusOr<std::string> Str();
  bool done() const { return rest_.empty(); }
  std::string_view rest() const { return rest_; }

 private:
  absl::StatusOr<uint64_t> Fixed(size_t width);
  std::string_view rest_;
};

// The smallest key strictly greater than every key that starts with `prefix`
// (empty string if no such key exists, i.e. prefix is all 0xFF). Used as an exclusive
// upper bound for prefix scans.
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace integra::storage
