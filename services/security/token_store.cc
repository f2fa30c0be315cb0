#include "services/security/token_store.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status_macros.h"

namespace integra::security {
namespace {

constexpr std::string_view kSecretPrefix = "itk_";
constexpr size_t kSecretBytes = 32;  // 256 bits
constexpr size_t kSaltBytes = 16;
constexpr int64_t kLastUsedResolutionMicros = 60'000'000;

absl::StatusOr<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    return absl::InternalError("the random source (OpenSSL RAND_bytes) failed");
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

absl::StatusOr<std::string> Sha256(std::string_view salt, std::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, salt.data(), salt.size()) == 1 &&
                  EVP_DigestUpdate(ctx, secret.data(), secret.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, digest, &length) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return absl::InternalError("SHA-256 (OpenSSL EVP) failed");
  return std::string(reinterpret_cast<const char*>(digest), length);
}

absl::Status NotAccepted(std::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("the token is not accepted: ", std::string(why)));
}

}  // namespace

absl::StatusOr<int64_t> ParseExpiry(std::string_view text) {
  absl::Time t;
  std::string err;
  if (text.size() == 10 && absl::ParseTime("%Y-%m-%d", std::string(text), absl::UTCTimeZone(), &t, &err)) {
    return absl::ToUnixMicros(t + absl::Hours(24));
  }
  if (absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &err)) {
    return absl::ToUnixMicros(t);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "expiry '", std::string(text), "' is neither a date (2027-01-31) nor an RFC 3339 time (2027-01-31T18:00:00Z)"));
}

std::string FormatMicros(int64_t micros) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMicros(micros), absl::UTCTimeZone());
}

TokenStore::TokenStore(storage::Store* store, const common::Clock* clock)
    : store_(store), clock_(clock) {}

absl::StatusOr<std::optional<TokenRecord>> TokenStore::Load(std::string_view id) const {
  ASSIGN_OR_RETURN(auto bytes, store_->Get(storage::Family::kTokens, id));
  if (!bytes.has_value()) return std::optional<TokenRecord>();
  ASSIGN_OR_RETURN(TokenRecord record, DecodeTokenRecord(id, *bytes));
  return std::optional<TokenRecord>(std::move(record));
}

absl::Status TokenStore::Save(const TokenRecord& record) {
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(storage::Family::kTokens, record.token.id, EncodeTokenRecord(record));
  return store_->Write(batch);
}

absl::StatusOr<CreatedToken> TokenStore::Create(const TokenSpec& spec) {
  if (spec.name.empty()) return absl::InvalidArgumentError("a token needs a name");
  if (spec.name.size() > 200) {
    return absl::InvalidArgumentError("a token name has at most 200 bytes");
  }
  RETURN_IF_ERROR(ValidateScope(spec.scope));
  if (!spec.scope.empty() && spec.role != Role::kEditor && spec.role != Role::kReader) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a scope applies to EDITOR and READER tokens only; ", std::string(RoleName(spec.role)),
        " tokens cover every unit"));
  }
  const int64_t now = clock_->NowMicros();
  if (spec.expires_micros.has_value() && *spec.expires_micros <= now) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expiry ", FormatMicros(*spec.expires_micros), " is not in the future"));
  }
  ASSIGN_OR_RETURN(std::string secret_bytes, RandomBytes(kSecretBytes));
  TokenRecord record;
  storage::WriteLock lock = store_->LockWrites();
  for (;;) {  // 64-bit random ids: a clash is practically impossible, but never overwrite one
    ASSIGN_OR_RETURN(std::string id_bytes, RandomBytes(kTokenIdHexDigits / 2));
    record.token.id = ToHex(id_bytes);
    ASSIGN_OR_RETURN(auto existing, Load(record.token.id));
    if (!existing.has_value()) break;
  }
  ASSIGN_OR_RETURN(record.salt, RandomBytes(kSaltBytes));
  ASSIGN_OR_RETURN(record.hash, Sha256(record.salt, secret_bytes));
  record.token.name = spec.name;
  record.token.role = spec.role;
  record.token.scope = spec.scope;
  record.token.expires_micros = spec.expires_micros;
  record.token.created_micros = now;
  RETURN_IF_ERROR(Save(record));
  return CreatedToken{record.token,
                      absl::StrCat(std::string(kSecretPrefix), record.token.id, "_", ToHex(secret_bytes))};
}

absl::StatusOr<std::vector<Token>> TokenStore::List() const {
  std::vector<Token> out;
  auto it = store_->NewIterator(storage::Family::kTokens, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(TokenRecord record, DecodeTokenRecord(it->key(), it->value()));
    out.push_back(std::move(record.token));
  }
  RETURN_IF_ERROR(it->status());
  return out;
}

absl::StatusOr<Token> TokenStore::Revoke(std::string_view id) {
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(auto record, Load(id));
  if (!record.has_value()) {
    return absl::NotFoundError(absl::StrCat("no token with id '", std::string(id.substr(0, 32)), "'"));
  }
  if (!record->token.revoked_micros.has_value()) {
    record->token.revoked_micros = clock_->NowMicros();
    RETURN_IF_ERROR(Save(*record));
  }
  return record->token;
}

absl::StatusOr<Principal> TokenStore::Authenticate(std::string_view secret) {
  // itk_ + 16 hex id + _ + 64 hex secret
  const size_t expected = kSecretPrefix.size() + kTokenIdHexDigits + 1 + 2 * kSecretBytes;
  if (secret.size() != expected || secret.substr(0, kSecretPrefix.size()) != kSecretPrefix ||
      secret[kSecretPrefix.size() + kTokenIdHexDigits] != '_') {
    return NotAccepted("it is not an integra token (itk_...)");
  }
  const std::string_view id = secret.substr(kSecretPrefix.size(), kTokenIdHexDigits);
  const std::optional<std::string> secret_bytes =
      FromHex(secret.substr(kSecretPrefix.size() + kTokenIdHexDigits + 1));
  if (!FromHex(id).has_value() || !secret_bytes.has_value()) {
    return NotAccepted("it is not an integra token (itk_...)");
  }
  ASSIGN_OR_RETURN(auto record, Load(id));
  if (!record.has_value()) return NotAccepted("unknown token");
  ASSIGN_OR_RETURN(std::string hash, Sha256(record->salt, *secret_bytes));
  if (hash.size() != record->hash.size() ||
      CRYPTO_memcmp(hash.data(), record->hash.data(), hash.size()) != 0) {
    return NotAccepted("unknown token");
  }
  const Token& t = record->token;
  const int64_t now = clock_->NowMicros();
  if (t.revoked_micros.has_value()) {
    return NotAccepted(absl::StrCat("token ", t.id, " was revoked at ", FormatMicros(*t.revoked_micros)));
  }
  if (t.expires_micros.has_value() && *t.expires_micros <= now) {
    return NotAccepted(absl::StrCat("token ", t.id, " expired at ", FormatMicros(*t.expires_micros)));
  }
  // A read-only store (a read replica) cannot record the use: the primary's record stays.
  if (!store_->read_only() && now - t.last_used_micros >= kLastUsedResolutionMicros) {
    storage::WriteLock lock = store_->LockWrites();
    ASSIGN_OR_RETURN(auto latest, Load(id));
    if (latest.has_value() && !latest->token.revoked_micros.has_value()) {
      latest->token.last_used_micros = now;
      RETURN_IF_ERROR(Save(*latest));
    }
  }
  return Principal::ForToken(t.id, t.name, t.role, t.scope);
}

}  // namespace integra::security
