// integra import observations: streams a file of any size to the server in batches.
//
// "Nothing is written if any row is bad" must hold for problems only the server can see
// (unknown unit or indicator, a percentage over 100, a breakdown the indicator does not
// declare), so the import reads the file twice: pass 1 sends every batch with validate_only
// (the server checks, writes nothing) and reports every problem with its line; only if pass 1
// found nothing (or with --on-error skip) pass 2 re-reads the file and writes. stdin is spooled
// to a temporary file for that. --dry-run is pass 1 alone. Each pass holds one batch at a time:
// the server answers every batch before the next is read, which also maps its rejections back
// to file lines without keeping more than the batch's line numbers.
//
// With --on-error skip, pass 2 drops the rows the server rejects from their batch (a batch is
// atomic: a rejected row means nothing of it was written) and sends the rest again.
//
// Pass 2 is one import job on the server: its first message names the file, every batch carries
// the checkpoint after its rows (rows read, RowDigest), and the last one says `finish`, which
// makes the job complete. `integra import resume JOB FILE` runs the same two passes over the
// rows after the job's checkpoint: it re-reads the rows the job has, checks their digest against
// the job's (a different file is refused before anything is sent), and continues the job.
#include <memory>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/exchange_convert.h"
#include "client/import_common.h"
#include "client/import_digest.h"
#include "client/io/observation_reader.h"
#include "integra/v1/exchange.grpc.pb.h"

namespace integra::cli {

namespace {

using Stream = grpc::ClientReaderWriter<v1::ImportObservationsRequest, v1::ImportBatchResult>;

class ObservationImport {
 public:
  // `resume`: continue this incomplete job (its id and checkpoint) instead of starting one.
  ObservationImport(const Context& ctx, ImportSettings settings, io::ObservationReadOptions read,
                    std::optional<v1::ImportJob> resume = std::nullopt)
      : ctx_(ctx),
        settings_(std::move(settings)),
        read_(std::move(read)),
        resume_(std::move(resume)) {}

  int Run();

 private:
  struct Batch {
    v1::ImportObservationsRequest request;
    std::vector<int> lines;  // file line of each row
  };
  struct PassCounts {
    int64_t rows = 0;     // rows read from the file (the skipped ones of a resume included)
    int64_t skipped = 0;  // resume: rows the job had imported already (not sent)
    int64_t accepted = 0;
    int64_t unchanged = 0;
    uint64_t last_sequence = 0;
  };
  enum class PassEnd { kDone, kFatal, kMismatch, kRpcError, kStopped };

  PassEnd RunPass(bool validate, PassCounts& counts);
  // Sends one batch and handles the answer; false when the pass must stop.
  bool Send(Stream& stream, Batch& batch, bool validate, PassCounts& counts);
  std::string ColumnOf(const Batch& batch, const v1::RowProblem& p) const {
    return ObservationColumn(layout_, p.field(), batch.request.rows(p.index()).period());
  }
  // Prints how to go on with a job that did not complete (stderr).
  void NoteIncomplete() const;

  const Context& ctx_;
  ImportSettings settings_;
  io::ObservationReadOptions read_;
  std::optional<v1::ImportJob> resume_;
  std::string path_;  // the file read (a spool of stdin)
  io::ObservationFormat layout_ = io::ObservationFormat::kAuto;
  io::ProgressBar bar_{stderr};
  ProblemLog log_{ctx_, &bar_};
  ImportSummary summary_;
  grpc::Status rpc_status_;
  std::string fatal_;
  int64_t batches_written_ = 0;
  bool first_write_ = true;  // the next writing message is the stream's first
  uint64_t job_id_ = 0;      // the server's import job (0 until it exists)
  bool job_complete_ = false;
};

int ObservationImport::Run() {
  summary_.what = "observations";
  summary_.file = settings_.path == "-" ? "stdin" : settings_.path;
  summary_.dry_run = settings_.dry_run;
  summary_.skip_bad = settings_.skip_bad;
  if (resume_.has_value()) job_id_ = resume_->id();
  std::unique_ptr<SpooledInput> spool;
  path_ = settings_.path;
  if (path_ == "-" && !settings_.dry_run) {
    auto s = SpooledInput::FromStdin();
    if (!s.ok()) return ReportUsage(ctx_, s.status());
    spool = std::move(*s);
    path_ = spool->path();
  }

  PassCounts check;
  PassEnd end = RunPass(/*validate=*/true, check);
  summary_.layout = std::string(io::ObservationFormatName(layout_));
  summary_.rows = check.rows;
  summary_.skipped = check.skipped;
  if (end == PassEnd::kRpcError) return ReportRpcError(ctx_, rpc_status_);
  if (end == PassEnd::kMismatch) {
    *ctx_.err << "error: " << fatal_ << "\n";
    return kExitRejected;
  }
  if (end == PassEnd::kFatal) {
    *ctx_.err << "error: " << fatal_ << "\n";
    summary_.fatal = true;
  }
  summary_.problems = log_.problems();
  summary_.bad_lines = log_.bad_lines();
  if (summary_.fatal || settings_.dry_run || (summary_.problems > 0 && !settings_.skip_bad)) {
    if (settings_.dry_run) {
      summary_.written = check.accepted;
      summary_.unchanged = check.unchanged;
    }
    return FinishImport(ctx_, summary_);
  }

  PassCounts write;
  end = RunPass(/*validate=*/false, write);
  summary_.written = write.accepted;
  summary_.unchanged = write.unchanged;
  summary_.last_sequence = write.last_sequence;
  summary_.problems = log_.problems();
  summary_.bad_lines = log_.bad_lines();
  summary_.job_id = job_id_;
  summary_.job_complete = job_complete_;
  if (end == PassEnd::kRpcError) {
    *ctx_.err << "note: " << batches_written_ << " batch(es) (" << write.accepted
              << " new revisions) were written before the failure\n";
    NoteIncomplete();
    return ReportRpcError(ctx_, rpc_status_);
  }
  if (end == PassEnd::kFatal || end == PassEnd::kMismatch) {  // the file changed between passes
    *ctx_.err << "error: " << fatal_ << "\n";
    summary_.aborted = true;
  }
  if (end == PassEnd::kStopped) summary_.aborted = true;
  if (!job_complete_) NoteIncomplete();
  return FinishImport(ctx_, summary_);
}

void ObservationImport::NoteIncomplete() const {
  if (job_id_ == 0 || job_complete_) return;
  *ctx_.err << "note: import job " << job_id_
            << " is incomplete; continue it with: integra import resume " << job_id_ << " "
            << (settings_.path == "-" ? "FILE" : settings_.path)
            << " (the same options), or undo what it wrote with: integra import rollback "
            << job_id_ << "\n";
}

ObservationImport::PassEnd ObservationImport::RunPass(bool validate, PassCounts& counts) {
  auto opened = io::OpenObservationFile(path_, read_);
  if (!opened.ok()) {
    fatal_ = std::string(opened.status().message());
    return PassEnd::kFatal;
  }
  io::ObservationReader& reader = **opened;
  layout_ = reader.format();
  if (validate) {
    for (const io::CsvError& w : reader.warnings())
      *ctx_.err << "warning: " << w.ToString() << "\n";
  }
  bar_ = io::ProgressBar(stderr);
  auto call = ctx_.NewStreamCall();
  auto stub = v1::ExchangeService::NewStub(ctx_.channel);
  std::unique_ptr<Stream> stream = stub->ImportObservations(call.get());
  first_write_ = true;
  // Problems the reader found go to the log in pass 1; pass 2 meets the same ones again and
  // drops them (their rows are skipped by the reader either way).
  auto drain = [&] {
    for (io::CsvError& e : reader.TakeErrors()) {
      if (validate) log_.Add(std::move(e));
    }
  };
  // Resume: the rows the job has already are read (into the digest) but not sent; their digest
  // must be the job's.
  const uint64_t skip = resume_.has_value() ? resume_->checkpoint().rows() : 0;
  RowDigest digest;
  auto mismatch = [&]() {
    fatal_ =
        absl::StrCat(summary_.file, " is not the file import job ", resume_->id(), " read ('",
                     resume_->file_name(), "'): the digest of its first ", skip, " row(s) is ",
                     absl::BytesToHexString(digest.Digest().substr(0, 8)), "…, the job's is ",
                     absl::BytesToHexString(resume_->checkpoint().digest().substr(0, 8)),
                     "… (a different file, or other options such as --map, --indicator, --source)");
    return PassEnd::kMismatch;
  };
  if (resume_.has_value() && skip == 0 && digest.Digest() != resume_->checkpoint().digest()) {
    return mismatch();
  }
  auto set_checkpoint = [&](Batch& b) {
    b.request.mutable_checkpoint()->set_rows(digest.rows());
    b.request.mutable_checkpoint()->set_digest(digest.Digest());
  };
  Batch batch;
  bool stopped = false;
  io::ObservationRow row;
  while (reader.Next(&row)) {
    ++counts.rows;
    drain();
    bar_.Update(counts.rows, reader.csv().bytes_consumed(), reader.csv().total_bytes());
    v1::Observation proto = ToProto(row);
    const bool skipped = static_cast<uint64_t>(counts.rows) <= skip;
    // The check needs the digest only of the rows a resume skips; the write pass of every row.
    if (skipped || !validate) digest.Add(proto);
    if (skipped) {
      ++counts.skipped;
      if (static_cast<uint64_t>(counts.rows) == skip &&
          digest.Digest() != resume_->checkpoint().digest()) {
        log_.Flush();
        bar_.Finish();
        call->TryCancel();
        stream->WritesDone();
        stream->Finish().IgnoreError();
        return mismatch();
      }
      continue;
    }
    *batch.request.add_rows() = std::move(proto);
    batch.lines.push_back(row.line);
    if (batch.request.rows_size() >= settings_.batch_rows) {
      if (!validate) set_checkpoint(batch);
      if (!Send(*stream, batch, validate, counts)) {
        stopped = true;
        break;
      }
      batch = Batch();
    }
  }
  drain();
  const bool fatal = !stopped && !reader.status().ok();
  const bool short_file = !stopped && !fatal && static_cast<uint64_t>(counts.rows) < skip;
  if (!stopped && !fatal && !short_file) {
    // The last batch; a writing pass finishes the job with it (or with an empty message).
    if (!validate) {
      batch.request.set_finish(true);
      set_checkpoint(batch);
    }
    if (batch.request.rows_size() > 0 || !validate) {
      stopped = !Send(*stream, batch, validate, counts);
    }
  }
  log_.Flush();
  bar_.Finish();
  if (fatal || stopped || short_file) call->TryCancel();
  stream->WritesDone();
  grpc::Status status = stream->Finish();
  if (fatal) {
    fatal_ = std::string(reader.status().message());
    return PassEnd::kFatal;
  }
  if (short_file) {
    fatal_ = absl::StrCat(summary_.file, " has ", counts.rows, " row(s), but import job ",
                          resume_->id(), " had read ", skip, " row(s) of '", resume_->file_name(),
                          "': it is not the same file");
    return PassEnd::kMismatch;
  }
  if (!status.ok() && !(stopped && status.error_code() == grpc::StatusCode::CANCELLED)) {
    rpc_status_ = status;
    return PassEnd::kRpcError;
  }
  return stopped ? PassEnd::kStopped : PassEnd::kDone;
}

bool ObservationImport::Send(Stream& stream, Batch& batch, bool validate, PassCounts& counts) {
  batch.request.set_validate_only(validate);
  if (!validate && first_write_) {
    if (resume_.has_value()) {
      batch.request.set_resume_job_id(resume_->id());
      *batch.request.mutable_resume_from() = resume_->checkpoint();
    } else {
      batch.request.set_job_file_name(summary_.file);
    }
  }
  while (true) {
    v1::ImportBatchResult result;
    if (!stream.Write(batch.request) || !stream.Read(&result)) {
      // The stream broke: Finish() tells why (reported as an RPC error).
      return false;
    }
    if (!validate) {
      first_write_ = false;
      batch.request.clear_job_file_name();
      batch.request.clear_resume_job_id();
      batch.request.clear_resume_from();
      if (result.job_id() != 0) job_id_ = result.job_id();
      job_complete_ = result.job_state() == v1::IMPORT_JOB_STATE_COMPLETE;
    }
    if (validate) {
      for (const v1::RowProblem& p : result.rejected()) {
        log_.AddRejection(batch.lines.at(p.index()), ColumnOf(batch, p), p);
      }
      log_.Flush();
      counts.accepted += result.accepted();
      counts.unchanged += result.unchanged();
      return true;
    }
    if (result.rejected_size() == 0) {
      counts.accepted += result.accepted();
      counts.unchanged += result.unchanged();
      counts.last_sequence = std::max<uint64_t>(counts.last_sequence, result.last_sequence());
      if (result.applied()) ++batches_written_;
      return true;
    }
    // Rejected: nothing of this batch was written. Rows pass 1 did not reject mean that the
    // catalog or register changed since; report those.
    std::vector<bool> drop(batch.lines.size(), false);
    for (const v1::RowProblem& p : result.rejected()) {
      drop.at(p.index()) = true;
      const int line = batch.lines[p.index()];
      if (!log_.Seen(line)) {
        log_.AddRejection(line, ColumnOf(batch, p), [&] {
          v1::RowProblem changed = p;
          changed.set_reason(p.reason() +
                             " (rejected while writing: the data "
                             "changed after the check)");
          return changed;
        }());
      }
    }
    log_.Flush();
    if (!settings_.skip_bad) return false;
    Batch rest;
    for (size_t i = 0; i < batch.lines.size(); ++i) {
      if (drop[i]) continue;
      *rest.request.add_rows() = std::move(*batch.request.mutable_rows(static_cast<int>(i)));
      rest.lines.push_back(batch.lines[i]);
    }
    rest.request.set_validate_only(false);
    *rest.request.mutable_checkpoint() = batch.request.checkpoint();
    rest.request.set_finish(batch.request.finish());
    batch = std::move(rest);
    if (batch.request.rows_size() == 0 && !batch.request.finish()) return true;
  }
}

}  // namespace

std::set<std::string> ImportObservationFlags() {
  std::set<std::string> flags = ImportFlags();
  flags.insert({"layout", "indicator", "unit", "source", "map"});
  return flags;
}

namespace {

// The options of `integra import observations` (and of resume), the file at `path_index`.
absl::Status ParseObservationImport(const Args& a, size_t path_index, ImportSettings* settings,
                                    io::ObservationReadOptions* read) {
  auto parsed = ParseImportSettings(a, path_index);
  if (!parsed.ok()) return parsed.status();
  *settings = *std::move(parsed);
  static_cast<io::TableReadOptions&>(*read) = settings->table;
  if (auto layout = a.Get("layout")) {
    auto format = io::ParseObservationFormat(*layout);
    if (!format.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--layout '", *layout, "' must be auto, long, wide, opensdg or sdmx-csv"));
    }
    read->format = *format;
  }
  read->indicator = a.GetOr("indicator", "");
  read->unit_key = a.GetOr("unit", "");
  read->source = a.GetOr("source", "");
  if (auto map = a.Get("map")) {
    auto columns = io::ParseColumnMap(*map);
    if (!columns.ok()) return columns.status();
    read->column_map = *std::move(columns);
  }
  return absl::OkStatus();
}

}  // namespace

int ImportObservations(const Context& ctx, const Args& a) {
  ImportSettings settings;
  io::ObservationReadOptions read;
  if (absl::Status s = ParseObservationImport(a, 0, &settings, &read); !s.ok()) {
    return ReportUsage(ctx, s);
  }
  ObservationImport import(ctx, std::move(settings), std::move(read));
  return import.Run();
}

int ResumeImport(const Context& ctx, const Args& a) {
  uint64_t id = 0;
  if (!absl::SimpleAtoi(a.positional().at(0), &id) || id == 0) {
    return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat(
                                "'", a.positional().at(0), "' is not an import job number")));
  }
  ImportSettings settings;
  io::ObservationReadOptions read;
  if (absl::Status s = ParseObservationImport(a, 1, &settings, &read); !s.ok()) {
    return ReportUsage(ctx, s);
  }
  auto stub = v1::ExchangeService::NewStub(ctx.channel);
  v1::GetImportJobRequest req;
  req.set_id(id);
  v1::ImportJob job;
  if (auto failed = Call(ctx, [&](auto* call) { return stub->GetImportJob(call, req, &job); })) {
    return *failed;
  }
  if (job.state() != v1::IMPORT_JOB_STATE_INCOMPLETE) {
    *ctx.err << "error: import job " << id << " is " << ImportJobStateName(job.state())
             << (job.state() == v1::IMPORT_JOB_STATE_COMPLETE ? ": there is nothing to resume"
                 : job.state() == v1::IMPORT_JOB_STATE_RUNNING
                     ? ": its import is still writing"
                     : ": it cannot be resumed; import the file as a new job")
             << "\n";
    return kExitRpcError;
  }
  ObservationImport import(ctx, std::move(settings), std::move(read), std::move(job));
  return import.Run();
}

}  // namespace integra::cli
