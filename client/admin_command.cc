// integra admin: server administration (AdminService). `backup` backs the server's data dir up
// into a directory on the server's host while it keeps serving; `catch-up` makes a read replica
// read its primary's new writes now (docs/operations.md).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/command.h"
#include "client/monitoring_format.h"
#include "client/output.h"
#include "integra/v1/admin.grpc.pb.h"

namespace integra::cli {
namespace {

constexpr char kBackupUsage[] =
    "integra admin backup --to DIR [--keep N]   (DIR: absolute path on the server's host; "
    "--keep N: then keep only the newest N backups there; ADMIN only)";

int Backup(Context& ctx, const Args& a) {
  if (!a.Get("to").has_value()) {
    return ReportUsage(ctx, absl::InvalidArgumentError("--to DIR is required"), kBackupUsage);
  }
  v1::CreateBackupRequest req;
  req.set_to_dir(*a.Get("to"));
  if (auto keep = a.Get("keep")) {
    uint32_t n = 0;
    if (!absl::SimpleAtoi(*keep, &n) || n == 0) {
      return ReportUsage(ctx,
                         absl::InvalidArgumentError(absl::StrCat(
                             "--keep needs a positive whole number, got '", *keep, "'")),
                         kBackupUsage);
    }
    req.set_keep(n);
  }
  v1::CreateBackupResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return v1::AdminService::NewStub(ctx.channel)->CreateBackup(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  const v1::BackupSummary& b = resp.backup();
  *ctx.out << absl::StrFormat(
      "backup %u in %s: %.1f MB, %u files, schema %u, %.2f s\n", b.backup_id(), req.to_dir(),
      static_cast<double>(b.size_bytes()) / 1e6, b.file_count(), b.schema_version(),
      static_cast<double>(resp.duration_micros()) / 1e6);
  if (resp.purged_backup_ids_size() > 0) {
    *ctx.out << "removed older backups: " << absl::StrJoin(resp.purged_backup_ids(), ", ") << "\n";
  }
  Table table({"id", "created_utc", "size_bytes", "files", "schema"});
  for (const v1::BackupSummary& k : resp.kept()) {
    table.AddRow({absl::StrCat(k.backup_id()), FormatMicros(k.created_micros()),
                  absl::StrCat(k.size_bytes()), absl::StrCat(k.file_count()),
                  absl::StrCat(k.schema_version())});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

constexpr char kCatchUpUsage[] =
    "integra admin catch-up   (a read replica reads its primary's new writes now; ADMIN only)";

int CatchUp(Context& ctx, const Args&) {
  v1::CatchUpResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return v1::AdminService::NewStub(ctx.channel)->CatchUp(call, v1::CatchUpRequest(), &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  *ctx.out << absl::StrFormat("replica of %s: %s, sequence %u, %.3f s\n", resp.primary_dir(),
                              resp.changed() ? "caught up" : "already current", resp.sequence(),
                              static_cast<double>(resp.duration_micros()) / 1e6);
  return kExitOk;
}

const std::map<std::string, Command>& Commands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"backup", {kBackupUsage, {"to", "keep"}, {}, 0, Backup}},
      {"catch-up", {kCatchUpUsage, {}, {}, 0, CatchUp}},
  };
  return *commands;
}

}  // namespace

int RunAdminCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "admin", Commands(), argv);
}

}  // namespace integra::cli
