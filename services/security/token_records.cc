#include "services/security/token_records.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/record_codec.h"

namespace integra::security {
namespace {
constexpr uint8_t kVersion = 1;
}  // namespace

std::string EncodeTokenRecord(const TokenRecord& r) {
  const Token& t = r.token;
  return storage::RecordWriter()
      .U8(kVersion)
      .Str(t.name)
      .U8(static_cast<uint8_t>(t.role))
      .Str(t.scope)
      .I64(t.expires_micros.value_or(0))
      .I64(t.created_micros)
      .I64(t.last_used_micros)
      .I64(t.revoked_micros.value_or(0))
      .Str(r.salt)
      .Str(r.hash)
      .Take();
}

absl::StatusOr<TokenRecord> DecodeTokenRecord(std::string_view id, std::string_view bytes) {
  storage::RecordReader r(bytes);
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kVersion) {
    return absl::DataLossError(
        absl::StrCat("token ", std::string(id), ": unknown record version ", version));
  }
  TokenRecord out;
  Token& t = out.token;
  t.id = std::string(id);
  ASSIGN_OR_RETURN(t.name, r.Str());
  ASSIGN_OR_RETURN(uint8_t role, r.U8());
  if (role < static_cast<uint8_t>(Role::kAdmin) || role > static_cast<uint8_t>(Role::kReader)) {
    return absl::DataLossError(absl::StrCat("token ", std::string(id), ": unknown role ", role));
  }
  t.role = static_cast<Role>(role);
  ASSIGN_OR_RETURN(t.scope, r.Str());
  ASSIGN_OR_RETURN(int64_t expires, r.I64());
  if (expires != 0) t.expires_micros = expires;
  ASSIGN_OR_RETURN(t.created_micros, r.I64());
  ASSIGN_OR_RETURN(t.last_used_micros, r.I64());
  ASSIGN_OR_RETURN(int64_t revoked, r.I64());
  if (revoked != 0) t.revoked_micros = revoked;
  ASSIGN_OR_RETURN(out.salt, r.Str());
  ASSIGN_OR_RETURN(out.hash, r.Str());
  if (!r.done()) return absl::DataLossError(absl::StrCat("token ", std::string(id), ": trailing bytes"));
  return out;
}

}  // namespace integra::security
