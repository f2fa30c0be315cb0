// Bounded echoes of user-supplied text in error messages.
//
// A status message quotes what the caller sent ("unit key '...' is not valid") so the caller
// sees which value was refused. The value can be megabytes long: quoted whole, it would bloat
// logs and, once converted to gRPC, overflow the response metadata (gRPC's default limit is
// 8 KiB for all headers, and grpc-message percent-encodes every non-ASCII byte to three), so
// the client would see a transport error instead of the reason. Every user-supplied string that
// goes into a status message goes through QuoteForMessage; services/api/status.cc caps the whole
// message as the last line of defence (TruncateMessage).
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace integra::common {

// The most bytes of one user-supplied value a message quotes.
inline constexpr size_t kMaxQuotedBytes = 64;
// The most bytes a whole status message keeps when it leaves the server (see
// services/api/status.h): well under gRPC's 8 KiB metadata limit even when every byte is
// percent-encoded to three.
inline constexpr size_t kMaxStatusMessageBytes = 1024;

// `value` in single quotes. A value longer than `max_bytes` keeps its first bytes (cut at a
// UTF-8 character boundary, never inside a character), followed by "…" and its full size:
//   QuoteForMessage("05315")         == "'05315'"
//   QuoteForMessage(std::string(10240, '1')) == "'" + 64 x '1' + "…' (10240 bytes)"
std::string QuoteForMessage(absl::string_view value, size_t max_bytes = kMaxQuotedBytes);

// `message` unchanged if at most `max_bytes` long; otherwise its first bytes (cut at a UTF-8
// character boundary) and " … (message truncated, N bytes)", the whole at most `max_bytes`
// long (for max_bytes >= 64).
std::string TruncateMessage(absl::string_view message, size_t max_bytes = kMaxStatusMessageBytes);

}  // namespace integra::common
