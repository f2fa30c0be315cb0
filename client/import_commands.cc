// integra import units|indicators|observations|targets FILE|-: files into the service (CSV,
// XLSX, and for observations JSON Lines, told apart by their content: io/table_source.h), and
// the import jobs of observation imports (status, resume, rollback: import_jobs_commands.cc).
// Observations stream in batches (import_observations.cc); catalog files (units, indicators,
// targets) are small enough (Germany has about 11,000 Gemeinden) to go as one batch, which
// makes a unit or target import a single atomic write. Both follow the same rules: every bad row
// reported with line and column, --dry-run, --on-error abort (default: nothing written if any row
// is bad) or skip.
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "client/command.h"
#include "client/exchange_convert.h"
#include "client/import_common.h"
#include "client/io/catalog_readers.h"
#include "client/io/table_source.h"
#include "integra/v1/exchange.grpc.pb.h"
#include "integra/v1/monitoring.grpc.pb.h"

namespace integra::cli {

namespace {

// Sends the rows with these indices (into the file's rows) as one batch.
using BatchSender = std::function<grpc::Status(const std::vector<int>& rows, bool validate_only,
                                               v1::ImportBatchResult* result)>;

// Imports the rows of a whole file as one batch: check (every problem reported), then write
// unless --dry-run or (with abort) a problem was found; with skip, rejected rows are dropped
// and the rest sent again. `lines[i]` is the file line of row i.
int ImportWholeFile(const Context& ctx, ImportSummary& summary, ProblemLog& log,
                    const std::vector<int>& lines, const BatchSender& send,
                    const std::map<std::string, std::string>& columns = {}) {
  auto column = [&](const v1::RowProblem& p) {
    auto it = columns.find(p.field());
    return it == columns.end() ? std::string() : it->second;
  };
  summary.rows = static_cast<int64_t>(lines.size());
  std::vector<int> keep;
  for (size_t i = 0; i < lines.size(); ++i) keep.push_back(static_cast<int>(i));
  auto finish = [&] {
    log.Flush();
    summary.problems = log.problems();
    summary.bad_lines = log.bad_lines();
    return FinishImport(ctx, summary);
  };
  if (keep.empty()) return finish();
  v1::ImportBatchResult result;
  grpc::Status s = send(keep, /*validate_only=*/true, &result);
  if (!s.ok()) return ReportRpcError(ctx, s);
  std::vector<int> rest;
  std::vector<bool> rejected(keep.size(), false);
  for (const v1::RowProblem& p : result.rejected()) {
    log.AddRejection(lines[keep[p.index()]], column(p), p);
    rejected[p.index()] = true;
  }
  log.Flush();
  if (summary.dry_run) {
    summary.written = result.accepted();
    summary.unchanged = result.unchanged();
    return finish();
  }
  if (log.problems() > 0 && !summary.skip_bad) return finish();
  for (size_t i = 0; i < keep.size(); ++i) {
    if (!rejected[i]) rest.push_back(keep[i]);
  }
  keep = std::move(rest);
  while (!keep.empty()) {
    s = send(keep, /*validate_only=*/false, &result);
    if (!s.ok()) return ReportRpcError(ctx, s);
    if (result.rejected_size() == 0) {
      summary.written = result.accepted();
      summary.unchanged = result.unchanged();
      break;
    }
    // Rejected although checked a moment ago: the register or catalog changed meanwhile.
    std::vector<bool> drop(keep.size(), false);
    for (const v1::RowProblem& p : result.rejected()) {
      drop[p.index()] = true;
      log.AddRejection(lines[keep[p.index()]], column(p), p);
    }
    log.Flush();
    if (!summary.skip_bad) {
      summary.aborted = true;
      break;
    }
    rest.clear();
    for (size_t i = 0; i < keep.size(); ++i) {
      if (!drop[i]) rest.push_back(keep[i]);
    }
    keep = std::move(rest);
  }
  return finish();
}

// Opens a catalog reader over the settings' file; on failure prints the error and sets `exit`.
template <typename Reader>
std::unique_ptr<Reader> OpenCatalog(const Context& ctx, const ImportSettings& settings,
                                    ImportSummary& summary, int* exit) {
  auto source = io::OpenTableSource(settings.path, settings.table);  // CSV or an XLSX sheet
  absl::StatusOr<std::unique_ptr<Reader>> reader =
      source.ok() ? Reader::Open(std::move(*source), settings.table)
                  : absl::StatusOr<std::unique_ptr<Reader>>(source.status());
  if (!reader.ok()) {
    *ctx.err << "error: " << reader.status().message() << "\n";
    summary.fatal = true;
    *exit = FinishImport(ctx, summary);
    return nullptr;
  }
  return *std::move(reader);
}

// Reads every row of a catalog file; client-side problems go to `log`. False (with `exit` set)
// when the file cannot be read to its end.
template <typename Reader, typename Row>
bool ReadCatalog(const Context& ctx, Reader& reader, ImportSummary& summary, ProblemLog& log,
                 std::vector<Row>* rows, int* exit) {
  Row row;
  while (reader.Next(&row)) rows->push_back(row);
  for (io::CsvError& e : reader.TakeErrors()) log.Add(std::move(e));
  for (const io::CsvError& w : reader.warnings()) *ctx.err << "warning: " << w.ToString() << "\n";
  // Not flushed yet: the server's problems join them, so all are printed in line order.
  if (!reader.status().ok()) {
    log.Flush();
    *ctx.err << "error: " << reader.status().message() << "\n";
    summary.fatal = true;
    summary.problems = log.problems();
    summary.bad_lines = log.bad_lines();
    *exit = FinishImport(ctx, summary);
    return false;
  }
  return true;
}

ImportSummary StartSummary(const std::string& what, const ImportSettings& s) {
  ImportSummary summary;
  summary.what = what;
  summary.file = s.path == "-" ? "stdin" : s.path;
  summary.dry_run = s.dry_run;
  summary.skip_bad = s.skip_bad;
  return summary;
}

int ImportUnits(const Context& ctx, const Args& a) {
  auto settings = ParseImportSettings(a);
  if (!settings.ok()) return ReportUsage(ctx, settings.status());
  ImportSummary summary = StartSummary("units", *settings);
  ProblemLog log(ctx, nullptr);
  int exit = 0;
  auto reader = OpenCatalog<io::UnitCsvReader>(ctx, *settings, summary, &exit);
  if (reader == nullptr) return exit;
  log.SetPlace(&reader->source());
  std::vector<io::UnitRow> rows;
  if (!ReadCatalog(ctx, *reader, summary, log, &rows, &exit)) return exit;
  // What the file has no column for, a stored unit keeps.
  const std::vector<std::string> absent = reader->absent_fields();
  std::vector<int> lines;
  std::vector<v1::Unit> units;
  for (const io::UnitRow& r : rows) {
    lines.push_back(r.line);
    units.push_back(ToProto(r));
  }
  auto stub = v1::ExchangeService::NewStub(ctx.channel);
  return ImportWholeFile(
      ctx, summary, log, lines,
      [&](const std::vector<int>& keep, bool validate_only, v1::ImportBatchResult* result) {
        v1::ImportUnitsBatchRequest req;
        req.set_validate_only(validate_only);
        for (const std::string& f : absent) req.add_absent_fields(f);
        for (int i : keep) *req.mutable_units()->add_units() = units[i];
        auto call = ctx.NewCall();
        return stub->ImportUnits(call.get(), req, result);
      });
}

int ImportIndicators(const Context& ctx, const Args& a) {
  auto settings = ParseImportSettings(a);
  if (!settings.ok()) return ReportUsage(ctx, settings.status());
  ImportSummary summary = StartSummary("indicators", *settings);
  ProblemLog log(ctx, nullptr);
  int exit = 0;
  auto reader = OpenCatalog<io::IndicatorCsvReader>(ctx, *settings, summary, &exit);
  if (reader == nullptr) return exit;
  log.SetPlace(&reader->source());
  std::vector<io::IndicatorRow> rows;
  if (!ReadCatalog(ctx, *reader, summary, log, &rows, &exit)) return exit;
  std::vector<int> lines;
  std::vector<v1::CreateIndicatorRequest> entries;
  for (const io::IndicatorRow& r : rows) {
    lines.push_back(r.line);
    entries.push_back(ToProto(r));
  }
  auto stub = v1::ExchangeService::NewStub(ctx.channel);
  return ImportWholeFile(
      ctx, summary, log, lines,
      [&](const std::vector<int>& keep, bool validate_only, v1::ImportBatchResult* result) {
        v1::ImportIndicatorsRequest req;
        req.set_validate_only(validate_only);
        for (int i : keep) *req.add_indicators() = entries[i];
        auto call = ctx.NewCall();
        return stub->ImportIndicators(call.get(), req, result);
      });
}

int ImportTargets(const Context& ctx, const Args& a) {
  auto settings = ParseImportSettings(a);
  if (!settings.ok()) return ReportUsage(ctx, settings.status());
  ImportSummary summary = StartSummary("targets", *settings);
  ProblemLog log(ctx, nullptr);
  int exit = 0;
  auto reader = OpenCatalog<io::TargetCsvReader>(ctx, *settings, summary, &exit);
  if (reader == nullptr) return exit;
  log.SetPlace(&reader->source());
  std::vector<io::TargetRow> rows;
  if (!ReadCatalog(ctx, *reader, summary, log, &rows, &exit)) return exit;
  std::vector<int> lines;
  std::vector<v1::Target> targets;
  for (const io::TargetRow& r : rows) {
    lines.push_back(r.line);
    targets.push_back(ToProto(r));
  }
  auto stub = v1::ExchangeService::NewStub(ctx.channel);
  return ImportWholeFile(
      ctx, summary, log, lines,
      [&](const std::vector<int>& keep, bool validate_only, v1::ImportBatchResult* result) {
        v1::ImportTargetsRequest req;
        req.set_validate_only(validate_only);
        for (int i : keep) *req.add_targets() = targets[i];
        auto call = ctx.NewCall();
        return stub->ImportTargets(call.get(), req, result);
      },
      {{"indicator", "indicator"},
       {"unit", "ags"},
       {"period", "target_period"},
       {"value", "target_value"},
       {"breakdown", "breakdown"}});
}

const std::string kCommon =
    " [--sheet NAME] [--dry-run] [--on-error abort|skip] [--delimiter ,|;|tab] [--decimal-comma|"
    "--decimal-point] [--encoding utf8|latin1] [--ignore-unknown-columns]";

const std::map<std::string, Command>& ImportCommands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"observations",
       {"integra import observations FILE|- [--layout auto|long|wide|opensdg|sdmx-csv] "
        "[--indicator CODE] [--unit KEY] [--source TEXT] [--map SRC=FIELD,...] "
        "[--batch-size N]" +
            kCommon,
        ImportObservationFlags(),
        ImportBooleans(),
        1,
        ImportObservations,
        {Format::kTable, Format::kJson}}},
      {"status",
       {"integra import status [--job ID] [--limit N] [--before ID]   (import jobs, newest "
        "first; --job: one job in detail)",
        {"job", "limit", "before"},
        {},
        0,
        ImportStatus,
        {Format::kTable, Format::kJson, Format::kCsv}}},
      {"resume",
       {"integra import resume JOB FILE|- [the options of import observations]   (continues an "
        "incomplete job after the rows it has, once FILE's first rows prove to be the same)",
        ImportObservationFlags(),
        ImportBooleans(),
        2,
        ResumeImport,
        {Format::kTable, Format::kJson}}},
      {"rollback",
       {"integra import rollback JOB [--dry-run] [--keep-changed]   (sets back what the job "
        "wrote; --keep-changed leaves cells others wrote since as they are)",
        {"dry-run", "keep-changed"},
        {"dry-run", "keep-changed"},
        1,
        RollbackImport,
        {Format::kTable, Format::kJson}}},
      {"units",
       {"integra import units FILE|-" + kCommon,
        ImportFlags(),
        ImportBooleans(),
        1,
        ImportUnits,
        {Format::kTable, Format::kJson}}},
      {"indicators",
       {"integra import indicators FILE|-" + kCommon,
        ImportFlags(),
        ImportBooleans(),
        1,
        ImportIndicators,
        {Format::kTable, Format::kJson}}},
      {"targets",
       {"integra import targets FILE|-" + kCommon,
        ImportFlags(),
        ImportBooleans(),
        1,
        ImportTargets,
        {Format::kTable, Format::kJson}}},
  };
  return *commands;
}

}  // namespace

int RunImportCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "import", ImportCommands(), argv);
}

}  // namespace integra::cli
