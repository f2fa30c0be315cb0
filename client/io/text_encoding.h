// Character-encoding helpers for CSV input, over libutf8proc.
//
// integra reads UTF-8. German spreadsheet exports are often Windows-1252 (a superset of
// ISO-8859-1 "Latin-1"): such input is refused with a message that names the offending byte
// and the character it would be in Windows-1252, or converted when the user says so.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace integra::io {

enum class Encoding {
  kUtf8,    // default: input must be UTF-8 (a byte-order mark is skipped)
  kLatin1,  // ISO-8859-1 / Windows-1252, converted to UTF-8 while reading
};

// Parses "utf8"/"utf-8" or "latin1"/"latin-1"/"iso-8859-1"/"windows-1252"/"cp1252"
// (case-insensitive); nullopt otherwise.
std::optional<Encoding> ParseEncoding(std::string_view name);

// Offset of the first byte in `data` that is not part of a well-formed UTF-8 sequence, or
// nullopt if all of `data` is UTF-8. A sequence cut off by the end of `data` counts as invalid:
// callers that stream hold such a tail back first (see Utf8IncompleteTail).
std::optional<size_t> FindInvalidUtf8(std::string_view data);

// Number of bytes (0..3) at the end of `data` that start a multi-byte sequence whose remaining
// bytes are not in `data` yet.
size_t Utf8IncompleteTail(std::string_view data);

// Explains a byte that is not UTF-8, for error messages:
// "looks like Latin-1/Windows-1252: byte 0xFC 'ü'", or "byte 0x81" when the byte is no
// printable Windows-1252 character either.
std::string DescribeNonUtf8Byte(unsigned char byte);

// Appends `data`, read as Windows-1252 (which agrees with ISO-8859-1 on all printable
// characters), to `out` as UTF-8. The five bytes Windows-1252 leaves undefined map to the C1
// control characters of the same value, as ISO-8859-1 does.
void AppendWindows1252AsUtf8(std::string_view data, std::string* out);

}  // namespace integra::io
