#include "services/integrad/admin_command.h"

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "services/security/audit_records.h"
#include "services/security/token_store.h"
#include "storage/store.h"

namespace integra::integrad {
namespace {

constexpr char kUsage[] = R"(Usage:
  integrad admin token create --data-dir DIR --name NAME --role ROLE [--scope KEY] [--expires DATE]
  integrad admin token list --data-dir DIR
  integrad admin token revoke ID --data-dir DIR

Works on a data dir that no running integrad holds open (with a server running, use an ADMIN
token and `integra token ...`). ROLE is ADMIN, KB_EDITOR, EDITOR or READER; --scope (EDITOR,
READER) is a prefix of official keys: 05 = all of NRW, 05315 = Koeln. --expires is a date
(valid through that day, UTC) or an RFC 3339 time. `create` prints the secret on stdout, once.
)";

int Usage(const std::string& problem) {
  std::fprintf(stderr, "integrad admin: %s\n%s", problem.c_str(), kUsage);
  return 2;
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "integrad admin: %s\n", std::string(status.message()).c_str());
  return 1;
}

}  // namespace

std::optional<ParsedArgs> ParseArgs(int argc, char** argv, int begin, std::string* problem) {
  ParsedArgs out;
  for (int i = begin; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.substr(0, 2) != "--") {
      out.positional.emplace_back(a);
      continue;
    }
    std::string name(a.substr(2));
    if (auto eq = name.find('='); eq != std::string::npos) {
      out.flags[name.substr(0, eq)] = name.substr(eq + 1);
      continue;
    }
    if (i + 1 >= argc) {
      *problem = absl::StrCat("--", name, " needs a value");
      return std::nullopt;
    }
    out.flags[name] = argv[++i];
  }
  return out;
}

namespace {

std::string Or(const std::optional<int64_t>& micros, const char* none) {
  return micros.has_value() ? security::FormatMicros(*micros) : none;
}

}  // namespace

int RunAdminCommand(int argc, char** argv) {
  if (argc >= 3 && (std::string_view(argv[2]) == "--help" || std::string_view(argv[2]) == "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (argc < 4 || std::string_view(argv[2]) != "token") {
    return Usage("give `token create`, `token list` or `token revoke`");
  }
  const std::string verb = argv[3];
  std::string problem;
  std::optional<ParsedArgs> args = ParseArgs(argc, argv, 4, &problem);
  if (!args.has_value()) return Usage(problem);
  std::map<std::string, bool> known;
  if (verb == "create") {
    known = {{"data-dir", true}, {"name", true}, {"role", true}, {"scope", false},
             {"expires", false}};
  } else if (verb == "list" || verb == "revoke") {
    known = {{"data-dir", true}};
  } else {
    return Usage(absl::StrCat("unknown token command '", verb, "'"));
  }
  for (const auto& [name, value] : args->flags) {
    if (!known.contains(name)) return Usage(absl::StrCat("unknown option --", name));
  }
  for (const auto& [name, required] : known) {
    if (required && !args->flags.contains(name)) return Usage(absl::StrCat("--", name, " is required"));
  }
  const size_t positional = verb == "revoke" ? 1 : 0;
  if (args->positional.size() != positional) {
    return Usage(verb == "revoke" ? "give the id of the token to revoke"
                                  : "unexpected argument '" + args->positional.front() + "'");
  }

  storage::Store::Options options;
  options.path = args->flags["data-dir"];
  options.block_cache_bytes = 8 << 20;
  options.memtable_bytes = 8 << 20;
  options.sync_writes = true;
  auto store = storage::Store::Open(options);
  if (!store.ok()) return Fail(store.status());
  security::TokenStore tokens(store->get());
  // Offline changes are audited like online ones: no token, the peer "offline".
  auto audit = [&](std::string what) {
    security::AuditEntry entry;
    entry.recorded_micros = common::SystemClock().NowMicros();
    entry.peer = "offline";
    entry.rpc = absl::StrCat("integrad admin token ", verb);
    entry.what = std::move(what);
    return storage::AuditScope(
        [entry](const std::vector<std::string>&) { return security::EncodeAuditRecord(entry); });
  };

  if (verb == "create") {
    security::TokenSpec spec;
    spec.name = args->flags["name"];
    auto role = security::ParseRole(args->flags["role"]);
    if (!role.ok()) return Usage(std::string(role.status().message()));
    spec.role = *role;
    if (auto it = args->flags.find("scope"); it != args->flags.end()) spec.scope = it->second;
    if (auto it = args->flags.find("expires"); it != args->flags.end()) {
      auto expires = security::ParseExpiry(it->second);
      if (!expires.ok()) return Usage(std::string(expires.status().message()));
      spec.expires_micros = *expires;
    }
    const storage::AuditScope scope =
        audit(absl::StrCat("create token '", spec.name, "' role ",
                           std::string(security::RoleName(spec.role)),
                           spec.scope.empty() ? "" : " scope " + spec.scope));
    auto created = tokens.Create(spec);
    if (!created.ok()) return Fail(created.status());
    std::printf("%s\n", created->secret.c_str());
    const security::Token& t = created->token;
    std::fprintf(stderr,
                 "integrad admin: created token %s '%s' (%s%s, expires %s); the secret on stdout "
                 "is shown only this once\n",
                 t.id.c_str(), t.name.c_str(), std::string(security::RoleName(t.role)).c_str(),
                 t.scope.empty() ? "" : (", scope " + t.scope).c_str(),
                 Or(t.expires_micros, "never").c_str());
    return 0;
  }
  if (verb == "list") {
    auto list = tokens.List();
    if (!list.ok()) return Fail(list.status());
    std::printf("%-16s  %-9s  %-8s  %-20s  %-20s  %-20s  %-20s  %s\n", "ID", "ROLE", "SCOPE",
                "CREATED", "LAST_USED", "EXPIRES", "REVOKED", "NAME");
    for (const security::Token& t : *list) {
      std::printf("%-16s  %-9s  %-8s  %-20s  %-20s  %-20s  %-20s  %s\n", t.id.c_str(),
                  std::string(security::RoleName(t.role)).c_str(),
                  t.scope.empty() ? "-" : t.scope.c_str(),
                  security::FormatMicros(t.created_micros).c_str(),
                  t.last_used_micros == 0 ? "never"
                                          : security::FormatMicros(t.last_used_micros).c_str(),
                  Or(t.expires_micros, "never").c_str(), Or(t.revoked_micros, "-").c_str(),
                  t.name.c_str());
    }
    return 0;
  }
  const storage::AuditScope scope = audit("revoke token " + args->positional.front());
  auto revoked = tokens.Revoke(args->positional.front());
  if (!revoked.ok()) return Fail(revoked.status());
  std::printf("revoked token %s '%s' at %s\n", revoked->id.c_str(), revoked->name.c_str(),
              security::FormatMicros(*revoked->revoked_micros).c_str());
  return 0;
}

}  // namespace integra::integrad
