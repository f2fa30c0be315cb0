#include "services/integrad/data_dir_command.h"

#include <cstdio>
#include <string>
#include <string_view>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/engine/verify.h"
#include "services/integrad/admin_command.h"
#include "storage/backup.h"

namespace integra::integrad {
namespace {

constexpr char kRestoreUsage[] =
    "Usage: integrad restore --from BACKUP_DIR --data-dir NEW_DIR [--backup-id ID]\n"
    "Restores a backup made by `integra admin backup` (the newest one unless --backup-id) into a\n"
    "new or empty data dir, after checking every backup file against its checksum. Start\n"
    "integrad on NEW_DIR afterwards (docs/operations.md).\n";
constexpr char kVerifyUsage[] =
    "Usage: integrad verify --data-dir DIR\n"
    "Opens DIR read-only (it may be in use by a running integrad), checks the checksums of every\n"
    "table file and decodes every record of every column family. Exit code 0: no problem; 1: a\n"
    "problem (listed) or the dir cannot be opened.\n";

int Usage(const char* usage, const std::string& problem) {
  std::fprintf(stderr, "integrad: %s\n%s", problem.c_str(), usage);
  return 2;
}

// Parses the flags of `integrad SUB ...` and checks them against `known` (name -> required).
std::optional<ParsedArgs> Flags(int argc, char** argv, const char* usage,
                                const std::map<std::string, bool>& known, int* exit_code) {
  *exit_code = 0;
  if (argc >= 3 && (std::string_view(argv[2]) == "--help" || std::string_view(argv[2]) == "-h")) {
    std::fputs(usage, stdout);
    return std::nullopt;
  }
  std::string problem;
  std::optional<ParsedArgs> args = ParseArgs(argc, argv, 2, &problem);
  if (args.has_value() && !args->positional.empty()) {
    problem = absl::StrCat("unexpected argument '", args->positional.front(), "'");
  }
  for (const auto& [name, value] :
       args.has_value() ? args->flags : std::map<std::string, std::string>{}) {
    if (!known.contains(name)) problem = absl::StrCat("unknown option --", name);
  }
  for (const auto& [name, required] : known) {
    if (args.has_value() && required && !args->flags.contains(name)) {
      problem = absl::StrCat("--", name, " is required");
    }
  }
  if (!problem.empty()) {
    *exit_code = Usage(usage, problem);
    return std::nullopt;
  }
  return args;
}

}  // namespace

int RunRestoreCommand(int argc, char** argv) {
  int exit_code = 0;
  auto args = Flags(argc, argv, kRestoreUsage,
                    {{"from", true}, {"data-dir", true}, {"backup-id", false}}, &exit_code);
  if (!args.has_value()) return exit_code;
  storage::RestoreRequest request{.backup_dir = args->flags["from"],
                                  .data_dir = args->flags["data-dir"]};
  if (auto it = args->flags.find("backup-id"); it != args->flags.end()) {
    uint32_t id = 0;
    if (!absl::SimpleAtoi(it->second, &id) || id == 0) {
      return Usage(kRestoreUsage,
                   absl::StrCat("--backup-id needs a backup number, got '", it->second, "'"));
    }
    request.id = id;
  }
  auto restored = storage::RestoreBackup(request);
  if (!restored.ok()) {
    std::fprintf(stderr, "integrad restore: %s\n",
                 std::string(restored.status().message()).c_str());
    return 1;
  }
  std::printf(
      "integrad restore: restored backup %u (schema %u, %llu bytes, %u files) from %s into %s; "
      "start integrad with --data-dir %s\n",
      restored->id, restored->schema_version, static_cast<unsigned long long>(restored->size_bytes),
      restored->file_count, request.backup_dir.c_str(), request.data_dir.c_str(),
      request.data_dir.c_str());
  return 0;
}

int RunVerifyCommand(int argc, char** argv) {
  int exit_code = 0;
  auto args = Flags(argc, argv, kVerifyUsage, {{"data-dir", true}}, &exit_code);
  if (!args.has_value()) return exit_code;
  auto report = engine::VerifyDataDir(args->flags["data-dir"]);
  if (!report.ok()) {
    std::fprintf(stderr, "integrad verify: %s\n", std::string(report.status().message()).c_str());
    return 1;
  }
  std::printf("%-20s %12s %9s\n", "FAMILY", "RECORDS", "PROBLEMS");
  uint64_t records = 0;
  for (const engine::FamilyCheck& f : report->families) {
    std::printf("%-20s %12llu %9llu\n", f.family.c_str(),
                static_cast<unsigned long long>(f.records),
                static_cast<unsigned long long>(f.problems));
    records += f.records;
  }
  for (const std::string& p : report->problems) std::printf("problem: %s\n", p.c_str());
  if (report->problem_count > report->problems.size()) {
    std::printf("... and %llu more problems\n",
                static_cast<unsigned long long>(report->problem_count - report->problems.size()));
  }
  std::printf(
      "integrad verify: %s (schema %u): table file checksums OK, %llu records in %zu families, "
      "%llu problems, %.2f s\n",
      report->data_dir.c_str(), report->schema_version, static_cast<unsigned long long>(records),
      report->families.size(), static_cast<unsigned long long>(report->problem_count),
      report->seconds);
  return report->ok() ? 0 : 1;
}

}  // namespace integra::integrad
