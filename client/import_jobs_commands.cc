// integra import status | rollback: the import jobs of the server (ExchangeService.
// ListImportJobs, GetImportJob, RollbackImportJob). `integra import resume` lives with the
// import itself (import_observations.cc), since it runs the same two passes.
#include <chrono>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/command.h"
#include "client/import_common.h"
#include "client/io/progress.h"
#include "client/monitoring_format.h"
#include "integra/v1/exchange.grpc.pb.h"

namespace integra::cli {
namespace {

absl::StatusOr<uint64_t> ParseJobId(const std::string& text, const std::string& what) {
  uint64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " '", text, "' is not an import job number"));
  }
  return id;
}

std::string When(int64_t micros) { return micros == 0 ? "" : FormatMicros(micros); }

void PrintJobDetails(const Context& ctx, const v1::ImportJob& j) {
  Table table({"field", "value"});
  table.AddRow({"job", absl::StrCat(j.id())});
  table.AddRow({"file", j.file_name()});
  table.AddRow({"state", ImportJobStateName(j.state())});
  table.AddRow({"actor", j.actor()});
  table.AddRow({"started", When(j.started_micros())});
  table.AddRow({"last write", When(j.updated_micros())});
  if (j.finished_micros() != 0) table.AddRow({"finished", When(j.finished_micros())});
  table.AddRow({"rows read", io::FormatCount(static_cast<int64_t>(j.rows_read()))});
  table.AddRow({"rows committed", io::FormatCount(static_cast<int64_t>(j.rows_committed()))});
  table.AddRow({"new revisions", io::FormatCount(static_cast<int64_t>(j.revisions()))});
  table.AddRow({"unchanged", io::FormatCount(static_cast<int64_t>(j.unchanged()))});
  table.AddRow({"units", j.unit_prefix().empty() ? "(no common prefix)" : j.unit_prefix() + "*"});
  if (!j.rolled_back_by().empty()) {
    table.AddRow({"rolled back by", j.rolled_back_by()});
    table.AddRow({"cells restored", absl::StrCat(j.cells_restored())});
    table.AddRow({"cells removed", absl::StrCat(j.cells_removed())});
    table.AddRow({"cells kept", absl::StrCat(j.cells_kept())});
  }
  PrintTable(ctx, table);
}

}  // namespace

std::string ImportJobStateName(v1::ImportJobState state) {
  switch (state) {
    case v1::IMPORT_JOB_STATE_RUNNING:
      return "running";
    case v1::IMPORT_JOB_STATE_COMPLETE:
      return "complete";
    case v1::IMPORT_JOB_STATE_INCOMPLETE:
      return "incomplete";
    case v1::IMPORT_JOB_STATE_ROLLING_BACK:
      return "rolling back";
    case v1::IMPORT_JOB_STATE_ROLLED_BACK:
      return "rolled back";
    default:
      return "unknown";
  }
}

int ImportStatus(const Context& ctx, const Args& a) {
  auto stub = v1::ExchangeService::NewStub(ctx.channel);
  if (auto job = a.Get("job")) {
    auto id = ParseJobId(*job, "--job");
    if (!id.ok()) return ReportUsage(ctx, id.status());
    v1::GetImportJobRequest req;
    req.set_id(*id);
    v1::ImportJob resp;
    if (auto failed = Call(ctx, [&](auto* call) { return stub->GetImportJob(call, req, &resp); })) {
      return *failed;
    }
    if (ctx.format == Format::kJson) {
      *ctx.out << ToJson(resp) << "\n";
    } else {
      PrintJobDetails(ctx, resp);
    }
    return kExitOk;
  }
  v1::ListImportJobsRequest req;
  if (auto before = a.Get("before")) {
    auto id = ParseJobId(*before, "--before");
    if (!id.ok()) return ReportUsage(ctx, id.status());
    req.set_before_id(*id);
  }
  if (auto limit = a.Get("limit")) {
    uint32_t n = 0;
    if (!absl::SimpleAtoi(*limit, &n) || n == 0 || n > 1000) {
      return ReportUsage(ctx,
                         absl::InvalidArgumentError("--limit must be a number from 1 to 1000"));
    }
    req.set_limit(n);
  }
  v1::ListImportJobsResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) { return stub->ListImportJobs(call, req, &resp); })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs;
    for (const auto& j : resp.jobs()) msgs.push_back(&j);
    *ctx.out << ToJsonArray(msgs) << "\n";
    return kExitOk;
  }
  Table table(
      {"job", "file", "started", "actor", "rows_read", "rows_committed", "new_revisions", "state"});
  for (const v1::ImportJob& j : resp.jobs()) {
    table.AddRow({absl::StrCat(j.id()), j.file_name(), When(j.started_micros()), j.actor(),
                  absl::StrCat(j.rows_read()), absl::StrCat(j.rows_committed()),
                  absl::StrCat(j.revisions()), ImportJobStateName(j.state())});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

int RollbackImport(const Context& ctx, const Args& a) {
  auto id = ParseJobId(a.positional().at(0), "JOB");
  if (!id.ok()) return ReportUsage(ctx, id.status());
  v1::RollbackImportJobRequest req;
  req.set_id(*id);
  req.set_keep_changed(a.Has("keep-changed"));
  req.set_validate_only(a.Has("dry-run"));
  v1::RollbackImportJobResponse resp;
  auto stub = v1::ExchangeService::NewStub(ctx.channel);
  // A rollback sets back every cell of the job in one call (docs/io.md measures about a minute
  // per million cells): the usual 30 s deadline would report a failure for a rollback that the
  // server goes on to finish, so this call waits as long as it takes.
  auto call = ctx.NewStreamCall();
  call->set_deadline(std::chrono::system_clock::now() + std::chrono::hours(24));
  if (grpc::Status s = stub->RollbackImportJob(call.get(), req, &resp); !s.ok()) {
    return ReportRpcError(ctx, s);
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  auto& o = *ctx.out;
  const bool dry = a.Has("dry-run");
  o << (dry ? "rollback of import job " : "import job ") << *id << " ('" << resp.job().file_name()
    << "')" << (dry ? " (dry run, nothing written):" : " rolled back:") << "\n  "
    << (dry ? "would restore: " : "restored:      ") << resp.restored()
    << " cell(s) to their value before the job\n  " << (dry ? "would remove:  " : "removed:       ")
    << resp.removed() << " cell(s) the job had created\n";
  if (resp.kept() > 0) {
    o << "  kept:          " << resp.kept() << " cell(s) written by others since\n";
  }
  if (!dry) o << "  change sequence now " << resp.last_sequence() << "\n";
  return kExitOk;
}

}  // namespace integra::cli
