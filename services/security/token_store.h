// TokenStore: API tokens in the data dir (column family `tokens`, layout in token_records.h).
//
// A token's secret is 256 random bits (OpenSSL RAND_bytes), returned once by Create and never
// stored: the record keeps a per-token random salt and SHA-256(salt || secret bytes). Presented
// secrets are checked in constant time (CRYPTO_memcmp).
//
// Thread-safety: all methods are thread-safe. Record updates (revoke, last-used) hold the
// Store's one write lock so that a last-used stamp never undoes a concurrent revoke.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/security/principal.h"
#include "services/security/token_records.h"
#include "storage/store.h"

namespace integra::security {

struct TokenSpec {
  std::string name;   // required, at most 200 bytes
  Role role = Role::kReader;
  std::string scope;  // EDITOR/READER: "" (all) or a key prefix; must be "" for ADMIN, KB_EDITOR
  std::optional<int64_t> expires_micros;  // none = never; must lie in the future
};

struct CreatedToken {
  Token token;
  std::string secret;  // "itk_<id>_<64 hex>": show once, it cannot be recovered
};

// Parses an expiry given on a command line: "YYYY-MM-DD" (valid through that day, UTC: expires
// at the following midnight) or an RFC 3339 time ("2027-01-31T18:00:00Z").
// InvalidArgument otherwise.
absl::StatusOr<int64_t> ParseExpiry(std::string_view text);
// "2027-01-31T18:00:00Z" (UTC, seconds).
std::string FormatMicros(int64_t micros);

class TokenStore {
 public:
  // `store` and `clock` must outlive the TokenStore.
  explicit TokenStore(storage::Store* store, const common::Clock* clock = &common::SystemClock());

  // Creates a token. InvalidArgument for an empty or overlong name, a malformed scope, a scope
  // on an ADMIN or KB_EDITOR token, or an expiry not in the future; Internal if the random
  // source fails; storage errors.
  absl::StatusOr<CreatedToken> Create(const TokenSpec& spec);
  // Every token (revoked and expired ones included), by id.
  absl::StatusOr<std::vector<Token>> List() const;
  // Revokes token `id` from now on; revoking a revoked token keeps the first time.
  // NotFound for an unknown id.
  absl::StatusOr<Token> Revoke(std::string_view id);
  // Checks a presented secret. Unauthenticated (with a reason that never echoes the secret) if
  // it is malformed, unknown, wrong, expired or revoked. Records the time of use, at most once a
  // minute per token so that reads do not become writes.
  absl::StatusOr<Principal> Authenticate(std::string_view secret);

 private:
  absl::StatusOr<std::optional<TokenRecord>> Load(std::string_view id) const;
  absl::Status Save(const TokenRecord& record);

  storage::Store* store_;
  const common::Clock* clock_;
  // Writers hold the Store's one write lock (storage::WriteLock).
};

}  // namespace integra::security
