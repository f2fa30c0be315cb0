#include "common/message.h"

#include "absl/strings/str_cat.h"

namespace integra::common {
namespace {

// The longest prefix of `text` of at most `max_bytes` that does not end inside a UTF-8
// character (continuation bytes are 10xxxxxx; stepping back over at most three finds a lead
// byte or ASCII).
absl::string_view Utf8Prefix(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  for (int back = 0; back < 3 && end > 0; ++back) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) break;  // text[end] starts one
    --end;
  }
  return text.substr(0, end);
}

}  // namespace

std::string QuoteForMessage(absl::string_view value, size_t max_bytes) {
  if (value.size() <= max_bytes) return absl::StrCat("'", value, "'");
  return absl::StrCat("'", Utf8Prefix(value, max_bytes), "…' (", value.size(), " bytes)");
}

std::string TruncateMessage(absl::string_view message, size_t max_bytes) {
  if (message.size() <= max_bytes) return std::string(message);
  const std::string tail = absl::StrCat(" … (message truncated, ", message.size(), " bytes)");
  const size_t keep = max_bytes > tail.size() ? max_bytes - tail.size() : 0;
  return absl::StrCat(Utf8Prefix(message, keep), tail);
}

}  // namespace integra::common
