// Byte layout of the API tokens (column family `tokens`, storage/column_families.h).
//
//   key:   the token id, 16 lower-case hex digits (8 random bytes), as ASCII
//   value: U8 version (1) | Str name | U8 role (security::Role) | Str scope |
//          I64 expires_micros (0 = never) | I64 created_micros | I64 last_used_micros (0 = never)
//          | I64 revoked_micros (0 = not revoked) | Str salt (16 bytes) |
//          Str hash (32 bytes: SHA-256 of salt || the secret's 32 random bytes)
// Integers and strings as in storage/record_codec.h (little-endian, varint lengths).
//
// The secret itself is never stored. Its text form, shown once at creation, is
//   "itk_" + token id + "_" + 64 lower-case hex digits (the 32 random bytes)
// so that a presented secret names the record to check it against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/security/principal.h"

namespace integra::security {

struct Token {
  std::string id;
  std::string name;
  Role role = Role::kReader;
  std::string scope;                      // "" = every unit
  std::optional<int64_t> expires_micros;  // none = never expires
  int64_t created_micros = 0;
  int64_t last_used_micros = 0;  // 0 = never used
  std::optional<int64_t> revoked_micros;
};

// The stored form: the token with the salt and hash of its secret.
struct TokenRecord {
  Token token;
  std::string salt;  // 16 bytes
  std::string hash;  // 32 bytes
};

inline constexpr size_t kTokenIdHexDigits = 16;

std::string EncodeTokenRecord(const TokenRecord& record);
// DataLoss on bytes that do not parse or an unknown version / role; `id` is the record's key.
absl::StatusOr<TokenRecord> DecodeTokenRecord(std::string_view id, std::string_view bytes);

}  // namespace integra::security
