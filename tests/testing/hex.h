// Hex helpers for golden-bytes tests: expected encodings are written as lower-case hex literals
// (spaces allowed between bytes for readability) and compared with the codec's output as hex, so
// a mismatch shows which byte differs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace integra::testing {

// "0a ff" -> "\x0a\xff". Spaces are skipped; any other non-hex character is a test bug (abort).
inline std::string Unhex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    __builtin_trap();
  };
  std::string out;
  int high = -1;
  for (char c : hex) {
    if (c == ' ' || c == '|' || c == '\n') continue;
    int n = nibble(c);
    if (high < 0) {
      high = n;
    } else {
      out.push_back(static_cast<char>((high << 4) | n));
      high = -1;
    }
  }
  if (high >= 0) __builtin_trap();  // odd number of hex digits
  return out;
}

// Lower-case hex without separators.
inline std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

// Normalises a hand-written literal ("0a ff | 01") to Hex's form ("0aff01").
inline std::string HexOf(std::string_view spaced) { return Hex(Unhex(spaced)); }

// The 8 little-endian bytes of an int64 as hex (for fields the store sets from the clock).
inline std::string Le64Hex(int64_t v) {
  std::string bytes;
  auto u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((u >> (8 * i)) & 0xFF));
  return Hex(bytes);
}

}  // namespace integra::testing
