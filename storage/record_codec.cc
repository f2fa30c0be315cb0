#include "storage/record_codec.h"

#include <bit>
#include <cstring>

#include "absl/status/status.h"

namespace integra::storage {
namespace {

template <typename T>
void AppendLE(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));  // x86-64 and arm64 are little-endian; see static_assert.
  out.append(buf, sizeof(T));
}
static_assert(std::endian::native == std::endian::little, "record codec assumes little-endian");

}  // namespace

void RecordWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

RecordWriter& RecordWriter::U8(uint8_t v) { out_.push_back(static_cast<char>(v)); return *this; }
RecordWriter& RecordWriter::U32(uint32_t v) { AppendLE(out_, v); return *this; }
RecordWriter& RecordWriter::U64(uint64_t v) { AppendLE(out_, v); return *this; }
RecordWriter& RecordWriter::I64(int64_t v) { AppendLE(out_, v); return *this; }
RecordWriter& RecordWriter::F64(double v) { AppendLE(out_, v); return *this; }
RecordWriter& RecordWriter::Bool(bool v) { return U8(v ? 1 : 0); }
RecordWriter& RecordWriter::Str(std::string_view v) {
  Varint(v.size());
  out_.append(v);
  return *this;
}
RecordWriter& RecordWriter::StrList(const std::vector<std::string>& v) {
  Varint(v.size());
  for (const auto& s : v) Str(s);
  return *this;
}

absl::StatusOr<std::string_view> RecordReader::Take(size_t n) {
  if (rest_.size() < n) return absl::DataLossError("record is truncated");
  std::string_view out = rest_.substr(0, n);
  rest_.remove_prefix(n);
  return out;
}

absl::StatusOr<uint64_t> RecordReader::Varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (rest_.empty()) return absl::DataLossError("record is truncated inside a length");
    auto byte = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    v |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return v;
  }
  return absl::DataLossError("record holds an overlong length");
}

#define INTEGRA_READ_FIXED(T)                   \
  auto bytes = Take(sizeof(T));                 \
  if (!bytes.ok()) return bytes.status();       \
  T v;                                          \
  std::memcpy(&v, bytes->data(), sizeof(T));    \
  return v

absl::StatusOr<uint8_t> RecordReader::U8() { INTEGRA_READ_FIXED(uint8_t); }
absl::StatusOr<uint32_t> RecordReader::U32() { INTEGRA_READ_FIXED(uint32_t); }
absl::StatusOr<uint64_t> RecordReader::U64() { INTEGRA_READ_FIXED(uint64_t); }
absl::StatusOr<int64_t> RecordReader::I64() { INTEGRA_READ_FIXED(int64_t); }
absl::StatusOr<double> RecordReader::F64() { INTEGRA_READ_FIXED(double); }
#undef INTEGRA_READ_FIXED

absl::StatusOr<bool> RecordReader::Bool() {
  auto v = U8();
  if (!v.ok()) return v.status();
  if (*v > 1) return absl::DataLossError("record holds an invalid boolean");
  return *v == 1;
}

absl::StatusOr<std::string> RecordReader::Str() {
  auto n = Varint();
  if (!n.ok()) return n.status();
  auto bytes = Take(*n);
  if (!bytes.ok()) return bytes.status();
  return std::string(*bytes);
}

absl::StatusOr<std::vector<std::string>> RecordReader::StrList() {
  auto n = Varint();
  if (!n.ok()) return n.status();
  if (*n > rest_.size()) return absl::DataLossError("record holds an implausible list length");
  std::vector<std::string> out;
  out.reserve(*n);
  for (uint64_t i = 0; i < *n; ++i) {
    auto s = Str();
    if (!s.ok()) return s.status();
    out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace integra::storage
