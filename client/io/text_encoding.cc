#include "client/io/text_encoding.h"

#include <utf8proc.h>

#include <cstdint>
#include <cstdio>

#include "absl/strings/ascii.h"

namespace integra::io {
namespace {

// Windows-1252 bytes 0x80..0x9F as Unicode code points; 0 where Windows-1252 is undefined.
constexpr int32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
};

// Code point of a Windows-1252 byte; undefined bytes map to themselves (C1 controls).
int32_t Cp1252ToCodePoint(unsigned char byte) {
  if (byte >= 0x80 && byte <= 0x9F && kCp1252High[byte - 0x80] != 0) {
    return kCp1252High[byte - 0x80];
  }
  return byte;
}

void AppendCodePoint(int32_t cp, std::string* out) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

// Length of the sequence that `lead` starts, or 0 if it cannot start one.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

}  // namespace

std::optional<Encoding> ParseEncoding(std::string_view name) {
  std::string lower = absl::AsciiStrToLower(std::string(name));
  if (lower == "utf8" || lower == "utf-8") return Encoding::kUtf8;
  if (lower == "latin1" || lower == "latin-1" || lower == "iso-8859-1" || lower == "iso8859-1" ||
      lower == "windows-1252" || lower == "cp1252") {
    return Encoding::kLatin1;
  }
  return std::nullopt;
}

std::optional<size_t> FindInvalidUtf8(std::string_view data) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(data.data());
  size_t i = 0;
  const size_t n = data.size();
  while (i < n) {
    if (bytes[i] < 0x80) {  // ASCII fast path: nearly every byte of a statistics file
      ++i;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t used = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(n - i), &cp);
    if (used < 0) return i;
    i += static_cast<size_t>(used);
  }
  return std::nullopt;
}

size_t Utf8IncompleteTail(std::string_view data) {
  const size_t n = data.size();
  for (size_t back = 1; back <= 3 && back <= n; ++back) {
    auto byte = static_cast<unsigned char>(data[n - back]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte: keep looking for the lead
    size_t length = SequenceLength(byte);
    return length > back ? back : 0;
  }
  return 0;
}

std::string DescribeNonUtf8Byte(unsigned char byte) {
  char hex[8];
  std::snprintf(hex, sizeof(hex), "0x%02X", byte);
  bool printable = byte >= 0xA0 || (byte >= 0x80 && kCp1252High[byte - 0x80] != 0);
  if (!printable) return std::string("byte ") + hex;
  std::string glyph;
  AppendCodePoint(Cp1252ToCodePoint(byte), &glyph);
  return std::string("looks like Latin-1/Windows-1252: byte ") + hex + " '" + glyph + "'";
}

void AppendWindows1252AsUtf8(std::string_view data, std::string* out) {
  out->reserve(out->size() + data.size() + data.size() / 8);
  for (char c : data) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out->push_back(c);
    } else {
      AppendCodePoint(Cp1252ToCodePoint(byte), out);
    }
  }
}

}  // namespace integra::io
