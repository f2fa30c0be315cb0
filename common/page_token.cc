#include "common/page_token.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace integra::common {
namespace {

absl::Status Malformed() { return absl::InvalidArgumentError("malformed page_token"); }

// Debian's abseil has its own string_view type, not an alias of std::string_view.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

std::string KeyPageToken(std::string_view next_key) {
  return absl::WebSafeBase64Escape(Absl(next_key));
}

absl::StatusOr<std::string> KeyFromPageToken(std::string_view token,
                                             absl::FunctionRef<bool(std::string_view)> valid_key) {
  if (token.empty()) return std::string();
  std::string key;
  if (!absl::WebSafeBase64Unescape(Absl(token), &key) || !valid_key(key)) return Malformed();
  return key;
}

std::string OffsetPageToken(size_t offset) {
  return absl::WebSafeBase64Escape(absl::StrCat("o", offset));
}

absl::StatusOr<size_t> OffsetFromPageToken(std::string_view token) {
  if (token.empty()) return 0;
  std::string raw;
  size_t offset = 0;
  if (!absl::WebSafeBase64Unescape(Absl(token), &raw) || raw.size() < 2 || raw[0] != 'o' ||
      !absl::SimpleAtoi(absl::string_view(raw).substr(1), &offset)) {
    return Malformed();
  }
  return offset;
}

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested < 0) return absl::InvalidArgumentError("page_size must not be negative");
  if (requested == 0) return default_size;
  return std::min(requested, max_size);
}

}  // namespace integra::common
