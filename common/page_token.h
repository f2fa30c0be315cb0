// Page tokens and page sizes of the List and Search calls: one encoding for every store.
//
// A key-ordered listing (units, indicators, knowledge nodes) hands out the first key of the
// next page as its token, web-safe base64 (RFC 4648 section 5, unpadded) so the token is opaque
// and fits in a URL. The listing resumes at that key: a key deleted in between does not matter.
// A ranked result (search hits) hands out the offset of the next hit: "o<decimal offset>",
// base64 the same way. Offset tokens are not tied to the data: a write between two pages may
// shift the hits by the number it added or removed.
// Every malformed token is InvalidArgument("malformed page_token").
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"

namespace integra::common {

// The token for a page that starts at `next_key`.
std::string KeyPageToken(std::string_view next_key);
// The key a token names; "" for the empty token (the first page). InvalidArgument if the token
// is not web-safe base64 or `valid_key` refuses the key it holds.
absl::StatusOr<std::string> KeyFromPageToken(std::string_view token,
                                             absl::FunctionRef<bool(std::string_view)> valid_key);

// The token for a page that starts at hit number `offset`.
std::string OffsetPageToken(size_t offset);
// The offset a token names; 0 for the empty token. InvalidArgument if malformed.
absl::StatusOr<size_t> OffsetFromPageToken(std::string_view token);

// The page size to use for a requested one: 0 means `default_size`, larger than `max_size`
// means `max_size`. InvalidArgument("page_size must not be negative") for a negative request.
absl::StatusOr<int> PageSize(int requested, int default_size, int max_size);

}  // namespace integra::common
