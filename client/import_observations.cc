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
// An Open SDG bundle (a directory or a .zip with data/indicator_<id>.csv files, as `integra
// export --format opensdg` writes it) is imported as one import of all its data files: pass 1
// checks every file, pass 2 writes them, in file-name order. A zip's data files are extracted
// to a temporary directory first.
//
// Pass 2 is one import job on the server (a bundle's files included): its first message names
// the file, every batch carries the checkpoint after its rows (rows read, RowDigest), and the
// last message says `finish`, which makes the job complete. `integra import resume JOB FILE`
// runs the same two passes over the rows after the job's checkpoint: it re-reads the rows the
// job has, checks their digest against the job's (a different file is refused before anything
// is sent), and continues the job.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/exchange_convert.h"
#include "client/import_common.h"
#include "client/import_digest.h"
#include "client/io/file_tree.h"
#include "client/io/observation_file.h"
#include "client/io/observation_reader.h"
#include "client/io/open_sdg.h"
#include "integra/v1/exchange.grpc.pb.h"

namespace integra::cli {

namespace {

namespace fs = std::filesystem;

// One file of an import: what the messages call it, where it is, and the indicator it holds
// when the file itself does not say (an Open SDG data file named by a default id).
struct ImportInput {
  std::string name;
  std::string path;
  std::string indicator;
};

// A temporary directory, removed with its contents by the destructor.
class TempDirectory {
 public:
  static absl::StatusOr<std::unique_ptr<TempDirectory>> Create() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base ? base : "/tmp") + "/integra-bundle-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::InternalError("cannot create a temporary directory in " + pattern);
    }
    return std::unique_ptr<TempDirectory>(new TempDirectory(pattern));
  }
  ~TempDirectory() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempDirectory(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// "data/indicator_<id>.csv" -> "<id>", "" for other names.
std::string BundleDataId(const std::string& name) {
  const std::string kPrefix = "data/indicator_";
  if (!absl::StartsWith(name, kPrefix) || !absl::EndsWith(name, ".csv")) return "";
  std::string id = name.substr(kPrefix.size(), name.size() - kPrefix.size() - 4);
  return id.find('/') == std::string::npos ? id : "";
}

bool IsBundle(const std::string& path) {
  return path != "-" && (fs::is_directory(path) || absl::EndsWithIgnoreCase(path, ".zip"));
}

// The data files of an Open SDG bundle, in name order; a zip's extracted into `tmp`.
absl::StatusOr<std::vector<ImportInput>> BundleInputs(const std::string& path,
                                                      std::unique_ptr<TempDirectory>* tmp) {
  std::vector<std::string> names;
  const bool zip = !fs::is_directory(path);
  if (zip) {
    absl::StatusOr<std::vector<std::string>> entries = io::ListZipEntries(path);
    if (!entries.ok()) return entries.status();
    names = *std::move(entries);
  } else {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(path) / "data", ec)) {
      if (entry.is_regular_file()) names.push_back("data/" + entry.path().filename().string());
    }
  }
  std::vector<ImportInput> inputs;
  for (const std::string& name : names) {
    std::string id = BundleDataId(name);
    if (id.empty()) continue;
    ImportInput input{name, (fs::path(path) / name).string(), ""};
    if (std::optional<std::string> code = io::CodeOfDefaultOpenSdgId(id)) input.indicator = *code;
    inputs.push_back(std::move(input));
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const ImportInput& a, const ImportInput& b) { return a.name < b.name; });
  if (inputs.empty()) {
    return absl::InvalidArgumentError(path +
                                      " holds no Open SDG data files (data/indicator_<id>.csv)");
  }
  if (zip) {
    absl::StatusOr<std::unique_ptr<TempDirectory>> dir = TempDirectory::Create();
    if (!dir.ok()) return dir.status();
    *tmp = *std::move(dir);
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::string dest = (*tmp)->path() + "/" + std::to_string(i) + ".csv";
      if (absl::Status s = io::ExtractZipEntry(path, inputs[i].name, dest); !s.ok()) return s;
      inputs[i].path = dest;
    }
  }
  return inputs;
}

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
  // Imports these files instead of settings.path (an Open SDG bundle).
  void SetInputs(std::vector<ImportInput> inputs) { inputs_ = std::move(inputs); }

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
  // One pass over every input file and table, on one stream (one import job).
  struct Pass;

  PassEnd RunPass(bool validate, PassCounts& counts);
  // Reads one input file into the pass; kDone to go on with the next.
  PassEnd RunFile(const ImportInput& input, Pass& pass);
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
  std::vector<ImportInput> inputs_;  // the files read (settings.path, or a spool of stdin)
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
  if (inputs_.empty()) {
    inputs_.push_back({"", settings_.path, read_.indicator});
    if (settings_.path == "-" && !settings_.dry_run) {
      auto s = SpooledInput::FromStdin();
      if (!s.ok()) return ReportUsage(ctx_, s.status());
      spool = std::move(*s);
      inputs_.back().path = spool->path();
    }
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

struct ObservationImport::Pass {
  bool validate = false;
  PassCounts* counts = nullptr;
  Stream* stream = nullptr;
  // Resume: the rows the job has already are read (into the digest) but not sent; their digest
  // must be the job's.
  uint64_t skip = 0;
  RowDigest digest;
  std::string mismatch;  // set once the rows a resume skips are not the job's
  bool stopped = false;  // Send refused to go on
};

ObservationImport::PassEnd ObservationImport::RunPass(bool validate, PassCounts& counts) {
  Pass pass;
  pass.validate = validate;
  pass.counts = &counts;
  pass.skip = resume_.has_value() ? resume_->checkpoint().rows() : 0;
  auto mismatch_text = [&] {
    return absl::StrCat(
        summary_.file, " is not the file import job ", resume_->id(), " read ('",
        resume_->file_name(), "'): the digest of its first ", pass.skip, " row(s) is ",
        absl::BytesToHexString(pass.digest.Digest().substr(0, 8)), "…, the job's is ",
        absl::BytesToHexString(resume_->checkpoint().digest().substr(0, 8)),
        "… (a different file, or other options such as --map, --indicator, --source)");
  };
  if (resume_.has_value() && pass.skip == 0 &&
      pass.digest.Digest() != resume_->checkpoint().digest()) {
    fatal_ = mismatch_text();
    return PassEnd::kMismatch;
  }
  bar_ = io::ProgressBar(stderr);
  auto call = ctx_.NewStreamCall();
  auto stub = v1::ExchangeService::NewStub(ctx_.channel);
  std::unique_ptr<Stream> stream = stub->ImportObservations(call.get());
  pass.stream = stream.get();
  first_write_ = true;
  PassEnd end = PassEnd::kDone;
  for (size_t i = 0; i < inputs_.size() && end == PassEnd::kDone; ++i) {
    log_.SetFile(static_cast<int>(i), inputs_[i].name);
    end = RunFile(inputs_[i], pass);
    if (end == PassEnd::kFatal && !inputs_[i].name.empty()) {
      fatal_ = inputs_[i].name + ": " + fatal_;
    }
  }
  if (end == PassEnd::kMismatch) fatal_ = mismatch_text();
  if (end == PassEnd::kDone && static_cast<uint64_t>(counts.rows) < pass.skip) {
    fatal_ = absl::StrCat(summary_.file, " has ", counts.rows, " row(s), but import job ",
                          resume_->id(), " had read ", pass.skip, " row(s) of '",
                          resume_->file_name(), "': it is not the same file");
    end = PassEnd::kMismatch;
  }
  if (end == PassEnd::kDone && !validate) {
    // Every row is written: the job is complete.
    Batch finish;
    finish.request.set_finish(true);
    finish.request.mutable_checkpoint()->set_rows(pass.digest.rows());
    finish.request.mutable_checkpoint()->set_digest(pass.digest.Digest());
    if (!Send(*stream, finish, validate, counts)) end = PassEnd::kStopped;
  }
  bar_.Finish();
  if (end != PassEnd::kDone) call->TryCancel();
  stream->WritesDone();
  grpc::Status status = stream->Finish();
  if (end == PassEnd::kFatal || end == PassEnd::kMismatch) return end;
  if (!status.ok() &&
      !(end == PassEnd::kStopped && status.error_code() == grpc::StatusCode::CANCELLED)) {
    rpc_status_ = status;
    return PassEnd::kRpcError;
  }
  return end;
}

ObservationImport::PassEnd ObservationImport::RunFile(const ImportInput& input, Pass& pass) {
  io::ObservationReadOptions read = read_;
  read.indicator = input.indicator;
  auto opened = io::ObservationFile::Open(input.path, read);
  if (!opened.ok()) {
    fatal_ = std::string(opened.status().message());
    return PassEnd::kFatal;
  }
  io::ObservationFile& file = **opened;
  PassCounts& counts = *pass.counts;
  const bool validate = pass.validate;
  uint64_t bytes_before = 0;  // of the tables (sheets) already read
  // One table after the other: a CSV or JSON Lines file is one, an exported workbook one per
  // indicator sheet. A batch never spans two tables, so its rejections map to one sheet.
  for (size_t t = 0; t < file.tables(); ++t) {
    auto table = file.OpenTable(t);
    if (!table.ok()) {
      fatal_ = std::string(table.status().message());
      return PassEnd::kFatal;
    }
    io::ObservationReader& reader = **table;
    layout_ = reader.format();
    log_.SetPlace(&reader.source(), [this, &reader](const std::string& name) {
      // The column of a field: by its name, else by what the header's names stand for
      // (German names, --map).
      const io::RecordSource& source = reader.source();
      if (int index = source.ColumnIndex(name); index >= 0) return index;
      const std::vector<std::string>& header = source.header().fields;
      for (size_t i = 0; i < header.size(); ++i) {
        if (io::ObservationField(io::NormalizeName(header[i]), read_.column_map) == name) {
          return static_cast<int>(i);
        }
      }
      return -1;
    });
    if (validate) {
      for (const io::CsvError& w : reader.warnings())
        *ctx_.err << "warning: " << w.ToString() << "\n";
    }
    // Problems the reader found go to the log in pass 1; pass 2 meets the same ones again and
    // drops them (their rows are skipped by the reader either way).
    auto drain = [&] {
      for (io::CsvError& e : reader.TakeErrors()) {
        if (validate) log_.Add(std::move(e));
      }
    };
    const int value_digits = reader.source().value_digits();
    auto send = [&](Batch& batch) {
      batch.request.set_value_digits(value_digits);
      batch.request.set_series_break_yes_no(true);  // files mark breaks only as yes/no
      // One element when every row lacks the same fields (the usual case: a file's columns).
      auto& absent = *batch.request.mutable_absent_fields();
      if (!absent.empty() &&
          std::all_of(absent.begin(), absent.end(), [&](uint32_t a) { return a == absent[0]; })) {
        absent.Truncate(absent[0] == 0 ? 0 : 1);
      }
      if (!validate) {
        batch.request.mutable_checkpoint()->set_rows(pass.digest.rows());
        batch.request.mutable_checkpoint()->set_digest(pass.digest.Digest());
      }
      return Send(*pass.stream, batch, validate, counts);
    };
    PassEnd end = PassEnd::kDone;
    Batch batch;
    io::ObservationRow row;
    while (reader.Next(&row)) {
      ++counts.rows;
      drain();
      const std::optional<uint64_t> total = reader.source().total_bytes();
      bar_.Update(counts.rows, bytes_before + reader.source().bytes_consumed(),
                  file.tables() == 1 && inputs_.size() == 1 ? total : std::nullopt);
      v1::Observation proto = ToProto(row);
      const bool skipped = static_cast<uint64_t>(counts.rows) <= pass.skip;
      // The check needs the digest only of the rows a resume skips; the write pass of every row.
      if (skipped || !validate) pass.digest.Add(proto);
      if (skipped) {
        ++counts.skipped;
        if (static_cast<uint64_t>(counts.rows) == pass.skip &&
            pass.digest.Digest() != resume_->checkpoint().digest()) {
          end = PassEnd::kMismatch;
          break;
        }
        continue;
      }
      *batch.request.add_rows() = std::move(proto);
      batch.request.add_absent_fields(AbsentFieldsOf(row));
      batch.lines.push_back(row.line);
      if (batch.request.rows_size() >= settings_.batch_rows) {
        if (!send(batch)) {
          end = PassEnd::kStopped;
          break;
        }
        batch = Batch();
      }
    }
    drain();
    if (end == PassEnd::kDone && !reader.status().ok()) {
      fatal_ = std::string(reader.status().message());
      end = PassEnd::kFatal;
    }
    if (end == PassEnd::kDone && batch.request.rows_size() > 0 && !send(batch)) {
      end = PassEnd::kStopped;
    }
    log_.Flush();
    bytes_before += reader.source().bytes_consumed();
    log_.SetPlace(nullptr);
    if (end != PassEnd::kDone) return end;
  }
  return PassEnd::kDone;
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
    const auto& absent = batch.request.absent_fields();
    for (size_t i = 0; i < batch.lines.size(); ++i) {
      if (drop[i]) continue;
      *rest.request.add_rows() = std::move(*batch.request.mutable_rows(static_cast<int>(i)));
      if (absent.size() > 1) rest.request.add_absent_fields(absent[static_cast<int>(i)]);
      rest.lines.push_back(batch.lines[i]);
    }
    if (absent.size() == 1) rest.request.add_absent_fields(absent[0]);
    rest.request.set_value_digits(batch.request.value_digits());
    rest.request.set_series_break_yes_no(batch.request.series_break_yes_no());
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

// An Open SDG bundle at settings.path: its data files (extracted into `extracted` from a zip),
// and the read options fitted to it. No inputs for another file.
absl::StatusOr<std::vector<ImportInput>> InputsOf(const ImportSettings& settings,
                                                  io::ObservationReadOptions* read,
                                                  std::unique_ptr<TempDirectory>* extracted) {
  if (!IsBundle(settings.path)) return std::vector<ImportInput>{};
  if (read->format != io::ObservationFormat::kAuto &&
      read->format != io::ObservationFormat::kOpenSdg) {
    return absl::InvalidArgumentError(
        "a directory or .zip is read as an Open SDG bundle (--layout opensdg)");
  }
  if (!read->indicator.empty()) {
    return absl::InvalidArgumentError(
        "an Open SDG bundle names its indicators (Series column, file names); --indicator is for "
        "single files");
  }
  read->format = io::ObservationFormat::kOpenSdg;
  return BundleInputs(settings.path, extracted);
}

// Runs one import (a new job, or `resume` continuing one) of the file at `path_index`.
int RunImport(const Context& ctx, const Args& a, size_t path_index,
              std::optional<v1::ImportJob> resume) {
  ImportSettings settings;
  io::ObservationReadOptions read;
  if (absl::Status s = ParseObservationImport(a, path_index, &settings, &read); !s.ok()) {
    return ReportUsage(ctx, s);
  }
  std::unique_ptr<TempDirectory> extracted;
  auto inputs = InputsOf(settings, &read, &extracted);
  if (!inputs.ok()) return ReportUsage(ctx, inputs.status());
  ObservationImport import(ctx, std::move(settings), std::move(read), std::move(resume));
  if (!inputs->empty()) import.SetInputs(*std::move(inputs));
  return import.Run();
}

}  // namespace

int ImportObservations(const Context& ctx, const Args& a) {
  return RunImport(ctx, a, 0, std::nullopt);
}

int ResumeImport(const Context& ctx, const Args& a) {
  uint64_t id = 0;
  if (!absl::SimpleAtoi(a.positional().at(0), &id) || id == 0) {
    return ReportUsage(ctx, absl::InvalidArgumentError(absl::StrCat(
                                "'", a.positional().at(0), "' is not an import job number")));
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
  return RunImport(ctx, a, 1, std::move(job));
}

}  // namespace integra::cli
