// The one JSON string escaper (RFC 8259), for every piece of JSON integra writes by hand (the
// knowledge audit records, the CLI's JSON Lines export and summaries).
//
// Escapes: `"` and `\` with a backslash; \b \f \n \r \t in their short forms; every other
// control character below U+0020 as \u00XX (lowercase hex); U+2028 and U+2029 as \u2028 and
// \u2029, so a line is also valid JavaScript. Everything else, DEL and non-ASCII included, is
// copied as UTF-8.
//
// Invalid UTF-8 is replaced, never passed through and never an error: every byte that is not
// part of a well-formed sequence (Unicode 15, table 3-7: no overlong forms, no surrogates,
// nothing above U+10FFFF, no sequence cut short) becomes one U+FFFD REPLACEMENT CHARACTER, and
// the next byte is read afresh. So "\xE2\x82" (a cut-off euro sign) gives two U+FFFD, and the
// output always parses. Callers that must refuse such text validate it before (the model's
// validators, io's FindInvalidUtf8).
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace integra::common {

// `text` as a JSON string literal, quotes included.
std::string JsonString(std::string_view text);
// Appends JsonString(text) to `out`.
void AppendJsonString(std::string_view text, std::string& out);

// Length of the well-formed UTF-8 sequence at the start of `text` (1 to 4), or 0 if `text` is
// empty or does not start with one.
size_t Utf8SequenceLength(std::string_view text);

}  // namespace integra::common
