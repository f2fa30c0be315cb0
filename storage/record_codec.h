// Compact value encoding for stored records.
//
// A record is a sequence of fields written and read in a fixed order by its owner (the domain
// layer defines each record's field order next to its type, and starts each record with a
// format-version byte so it can evolve). Encodings, all little-endian:
//   u8 / u32 / u64 / i64 / f64   fixed width
//   bool                         one byte, 0 or 1
//   string                       varint length (LEB128, at most 5 bytes) + bytes
//   string list                  varint count + strings
// Reading past the end or reading a malformed varint returns DataLoss; nothing aborts.
// Thread-safe: the classes hold no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::storage {

class RecordWriter {
 public:
  RecordWriter& U8(uint8_t v);
  RecordWriter& U32(uint32_t v);
  RecordWriter& U64(uint64_t v);
  RecordWriter& I64(int64_t v);
  RecordWriter& F64(double v);
  RecordWriter& Bool(bool v);
  RecordWriter& Str(std::string_view v);
  RecordWriter& StrList(const std::vector<std::string>& v);

  const std::string& data() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Varint(uint64_t v);
  std::string out_;
};

class RecordReader {
 public:
  explicit RecordReader(std::string_view data) : rest_(data) {}
  absl::StatusOr<uint8_t> U8();
  absl::StatusOr<uint32_t> U32();
  absl::StatusOr<uint64_t> U64();
  absl::StatusOr<int64_t> I64();
  absl::StatusOr<double> F64();
  absl::StatusOr<bool> Bool();
  absl::StatusOr<std::string> Str();
  absl::StatusOr<std::vector<std::string>> StrList();
  bool done() const { return rest_.empty(); }

 private:
  absl::StatusOr<uint64_t> Varint();
  absl::StatusOr<std::string_view> Take(size_t n);
  std::string_view rest_;
};

}  // namespace integra::storage
