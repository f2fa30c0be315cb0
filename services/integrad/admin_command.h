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

namespace integra::integrad {

// Runs `integrad admin ARGS...` (argv[0] is "integrad", argv[1] "admin"). Returns the exit code:
// 0 done, 1 the operation failed (message on stderr), 2 usage error.
int RunAdminCommand(int argc, char** argv);

}  // namespace integra::integrad
