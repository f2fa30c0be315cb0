#include "storage/key_codec.h"

#include <cstring>

#include "absl/status/status.h"

namespace integra::storage {
namespace {

void AppendBigEndian(std::string& out, uint64_t v, size_t width) {
  for (size_t i = 0; i < width; ++i) {
    out.push_back(static_cast<char>((v >> (8 * (width - 1 - i))) & 0xFF));
  }
}

constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xFF';
constexpr char kTerminator = '\x01';

}  // namespace

KeyWriter& KeyWriter::U8(uint8_t v) { AppendBigEndian(key_, v, 1); return *this; }
KeyWriter& KeyWriter::U16(uint16_t v) { AppendBigEndian(key_, v, 2); return *this; }
KeyWriter& KeyWriter::U32(uint32_t v) { AppendBigEndian(key_, v, 4); return *this; }
KeyWriter& KeyWriter::U64(uint64_t v) { AppendBigEndian(key_, v, 8); return *this; }
KeyWriter& KeyWriter::I32(int32_t v) {
  AppendBigEndian(key_, static_cast<uint32_t>(v) ^ 0x80000000u, 4);
  return *this;
}
KeyWriter& KeyWriter::I64(int64_t v) {
  AppendBigEndian(key_, static_cast<uint64_t>(v) ^ 0x8000000000000000ull, 8);
  return *this;
}
KeyWriter& KeyWriter::Str(std::string_view v) {
  for (char c : v) {
    key_.push_back(c);
    if (c == kEscape) key_.push_back(kEscapedZero);
  }
  key_.push_back(kEscape);
  key_.push_back(kTerminator);
  return *this;
}
KeyWriter& KeyWriter::Raw(std::string_view v) { key_.append(v); return *this; }

absl::StatusOr<uint64_t> KeyReader::Fixed(size_t width) {
  if (rest_.size() < width) {
    return absl::DataLossError("key ends inside a fixed-width integer component");
  }
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<uint8_t>(rest_[i]);
  rest_.remove_prefix(width);
  return v;
}

absl::StatusOr<uint8_t> KeyReader::U8() {
  auto v = Fixed(1);
  if (!v.ok()) return v.status();
  return static_cast<uint8_t>(*v);
}
absl::StatusOr<uint16_t> KeyReader::U16() {
  auto v = Fixed(2);
  if (!v.ok()) return v.status();
  return static_cast<uint16_t>(*v);
}
absl::StatusOr<uint32_t> KeyReader::U32() {
  auto v = Fixed(4);
  if (!v.ok()) return v.status();
  return static_cast<uint32_t>(*v);
}
absl::StatusOr<uint64_t> KeyReader::U64() { return Fixed(8); }
absl::StatusOr<int32_t> KeyReader::I32() {
  auto v = Fixed(4);
  if (!v.ok()) return v.status();
  return static_cast<int32_t>(static_cast<uint32_t>(*v) ^ 0x80000000u);
}
absl::StatusOr<int64_t> KeyReader::I64() {
  auto v = Fixed(8);
  if (!v.ok()) return v.status();
  return static_cast<int64_t>(*v ^ 0x8000000000000000ull);
}

absl::StatusOr<std::string> KeyReader::Str() {
  std::string out;
  for (size_t i = 0; i < rest_.size(); ++i) {
    char c = rest_[i];
    if (c != kEscape) {
      out.push_back(c);
      continue;
    }
    if (i + 1 >= rest_.size()) {
      return absl::DataLossError("key ends inside a string component escape");
    }
    char next = rest_[i + 1];
    if (next == kEscapedZero) {
      out.push_back(kEscape);
      ++i;
    } else if (next == kTerminator) {
      rest_.remove_prefix(i + 2);
      return out;
    } else {
      return absl::DataLossError("invalid escape sequence in string component");
    }
  }
  return absl::DataLossError("string component is not terminated");
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    auto last = static_cast<uint8_t>(s.back());
    if (last != 0xFF) {
      s.back() = static_cast<char>(last + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

}  // namespace integra::storage
