// `integrad admin ...`: offline administration of a data dir that no integrad holds open.
//
//   integrad admin token create --data-dir DIR --name NAME --role ROLE [--scope KEY]
//                               [--expires DATE]
//   integrad admin token list --data-dir DIR
//   integrad admin token revoke ID --data-dir DIR
//
// `create` is how the first ADMIN token comes into being: it prints the secret, and nothing
// else, on stdout (so `integrad admin token create ... > admin.token` captures it), and what was
// created on stderr.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace integra::integrad {

// The arguments of an offline subcommand: positionals, and --name VALUE / --name=VALUE flags.
struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
};
// Parses argv[begin..argc). nullopt (and *problem set) if a flag lacks its value.
std::optional<ParsedArgs> ParseArgs(int argc, char** argv, int begin, std::string* problem);

// Runs `integrad admin ARGS...` (argv[0] is "integrad", argv[1] "admin"). Returns the exit code:
// 0 done, 1 the operation failed (message on stderr), 2 usage error.
int RunAdminCommand(int argc, char** argv);

}  // namespace integra::integrad
