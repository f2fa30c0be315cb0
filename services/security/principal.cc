#include "services/security/principal.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace integra::security {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "ADMIN";
    case Role::kKbEditor:
      return "KB_EDITOR";
    case Role::kEditor:
      return "EDITOR";
    case Role::kReader:
      return "READER";
  }
  return "UNKNOWN";
}

absl::StatusOr<Role> ParseRole(std::string_view name) {
  const std::string upper = absl::AsciiStrToUpper(std::string(name));
  for (Role r : {Role::kAdmin, Role::kKbEditor, Role::kEditor, Role::kReader}) {
    if (upper == RoleName(r)) return r;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown role '", std::string(name), "': give ADMIN, KB_EDITOR, EDITOR or READER"));
}

absl::Status ValidateScope(std::string_view scope) {
  if (scope.size() > 12) {
    return absl::InvalidArgumentError(
        absl::StrCat("scope '", std::string(scope.substr(0, 16)), "...' is longer than a unit key (12 digits)"));
  }
  for (char c : scope) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "scope '", std::string(scope), "' must be a prefix of official keys (digits only, e.g. 05 or 05315)"));
    }
  }
  return absl::OkStatus();
}

bool ScopeCovers(std::string_view scope, std::string_view key) {
  return key.substr(0, scope.size()) == scope;
}

Principal Principal::ForToken(std::string token_id, std::string name, Role role,
                              std::string scope) {
  Principal p;
  p.anonymous = false;
  p.token_id = std::move(token_id);
  p.name = std::move(name);
  p.role = role;
  p.scope = (role == Role::kEditor || role == Role::kReader) ? std::move(scope) : std::string();
  return p;
}

bool Principal::MaySeeConfidential(std::string_view unit_key) const {
  if (anonymous) return false;
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kEditor:
    case Role::kReader:
      return ScopeCovers(scope, unit_key);
    case Role::kKbEditor:
      return false;
  }
  return false;
}

std::string Principal::Actor() const {
  if (anonymous) return "anonymous";
  return absl::StrCat(name, " (token ", token_id, ")");
}

std::string Principal::Describe() const {
  if (anonymous) return "the anonymous caller";
  return absl::StrCat("token '", name, "' (", std::string(RoleName(role)),
                      scope.empty() ? std::string() : absl::StrCat(", scope ", scope), ")");
}

}  // namespace integra::security
