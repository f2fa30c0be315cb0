// `integrad restore` and `integrad verify`: offline work on data dirs (docs/operations.md).
//
//   integrad restore --from BACKUP_DIR --data-dir NEW_DIR [--backup-id ID]
//       restores a backup made by `integra admin backup` into a new (or empty) data dir; the
//       newest backup unless --backup-id. Refuses a NEW_DIR that holds anything.
//   integrad verify --data-dir DIR
//       opens DIR read-only, checks every table file's checksums and decodes every record of
//       every column family; prints the records and problems per family. May run while an
//       integrad serves DIR.
#pragma once

namespace integra::integrad {

// Run `integrad restore|verify ARGS...` (argv[1] is the subcommand). Exit codes: 0 done (verify:
// no problem found), 1 failed or problems found (message on stderr), 2 usage error.
int RunRestoreCommand(int argc, char** argv);
int RunVerifyCommand(int argc, char** argv);

}  // namespace integra::integrad
