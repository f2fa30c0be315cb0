// What the `integra import ...` commands share: reading options from flags, the log of row
// problems (printed on stderr as they are found, in line order per batch), the summary, the exit
// code, and spooling stdin to a temporary file when a file must be read twice.
//
// Exit codes (context.h): 0 everything imported (or --dry-run found nothing), 3 --on-error skip
// left bad rows out, 4 nothing written because of bad rows or an unreadable file (or --dry-run
// found problems), 1 the server failed or could not be reached, 2 usage.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "client/args.h"
#include "client/context.h"
#include "client/io/csv_error.h"
#include "client/io/progress.h"
#include "client/io/record_source.h"
#include "client/io/table_reader.h"
#include "integra/v1/exchange.pb.h"

namespace integra::cli {

struct ImportSettings {
  std::string path;  // a file, or "-" for stdin
  io::TableReadOptions table;
  bool dry_run = false;
  bool skip_bad = false;  // --on-error skip (default abort)
  int batch_rows = 5000;  // observations per streamed batch
};

// Flags shared by every import command: --dry-run, --on-error abort|skip, --delimiter C,
// --decimal-comma / --decimal-point, --encoding utf8|latin1, --ignore-unknown-columns,
// --sheet NAME (XLSX), --batch-size N. InvalidArgument naming the bad flag.
// The file is the positional argument at `path_index`.
absl::StatusOr<ImportSettings> ParseImportSettings(const Args& args, size_t path_index = 0);
// The flag names of ParseImportSettings (for Command::flags / booleans).
std::set<std::string> ImportFlags();
// integra import observations (import_observations.cc); also `integra obs import`.
int ImportObservations(const Context& ctx, const Args& args);
// integra import resume JOB FILE [the options of import observations] (import_observations.cc).
int ResumeImport(const Context& ctx, const Args& args);
// integra import status [JOB] and integra import rollback JOB (import_jobs_commands.cc).
int ImportStatus(const Context& ctx, const Args& args);
int RollbackImport(const Context& ctx, const Args& args);
// "running", "complete", "incomplete", "rolling back", "rolled back".
std::string ImportJobStateName(v1::ImportJobState state);
// The flags `integra import observations` accepts: ImportFlags() and the observation ones.
std::set<std::string> ImportObservationFlags();
std::set<std::string> ImportBooleans();

// Row problems of one import: printed as they are found ("line 17, column value: 'abc' is not
// a number"), counted, and remembered by line so that a second pass does not report them again.
class ProblemLog {
 public:
  ProblemLog(const Context& ctx, io::ProgressBar* bar) : ctx_(ctx), bar_(bar) {}
  // Where the next rows come from: `source`'s sheet (XLSX; "" for text files), so that server
  // rejections name the sheet and, where their column is found, the cell: by `column_of`
  // (name -> index, -1 if none) when given, else by header name. `source` must outlive the
  // rejections added; nullptr = a text file.
  void SetPlace(const io::RecordSource* source,
                std::function<int(const std::string&)> column_of = nullptr) {
    place_ = source;
    column_of_ = std::move(column_of);
  }
  void Add(io::CsvError problem) { pending_.push_back(std::move(problem)); }
  // A server rejection of a row that came from `line` (of the current place).
  void AddRejection(int line, const std::string& column, const v1::RowProblem& problem);
  // Prints the pending problems sorted by line (problems of one batch come from one sheet).
  void Flush();
  // Problems from now on come from file number `index` of an import of several files (an Open
  // SDG bundle): they are printed as "<name>: line 17, ...". Flushes the pending ones first.
  void SetFile(int index, const std::string& name);
  bool Seen(int line) const { return lines_.contains({file_index_, Sheet(), line}); }
  int64_t problems() const { return problems_; }
  int64_t bad_lines() const { return static_cast<int64_t>(lines_.size()); }

 private:
  std::string Sheet() const { return place_ == nullptr ? std::string() : place_->sheet(); }

  const Context& ctx_;
  io::ProgressBar* bar_;
  const io::RecordSource* place_ = nullptr;
  std::function<int(const std::string&)> column_of_;
  std::vector<io::CsvError> pending_;
  // (file index, sheet, line) of every bad row
  std::set<std::tuple<int, std::string, int>> lines_;
  int file_index_ = 0;
  std::string file_prefix_;
  int64_t problems_ = 0;
};

struct ImportSummary {
  std::string what;  // "observations", "units", ...
  std::string file;
  std::string layout;  // observations: long, wide, opensdg, sdmx-csv
  bool dry_run = false;
  bool skip_bad = false;
  bool fatal = false;    // the file could not be read to its end
  bool aborted = false;  // stopped part-way (a batch rejected in the writing pass)
  int64_t rows = 0;      // rows read from the file that parsed
  int64_t problems = 0;
  int64_t bad_lines = 0;
  int64_t written = 0;  // new revisions / units created or changed / indicators created
  int64_t unchanged = 0;
  uint64_t last_sequence = 0;  // observations: the change sequence after the import
  int64_t skipped = 0;         // observations, resume: rows the job had imported before
  uint64_t job_id = 0;         // observations: the server's import job (0: none was stored)
  bool job_complete = false;
};

// Prints the summary (table: a few lines on stdout; json: one object) and returns the exit code.
int FinishImport(const Context& ctx, const ImportSummary& summary);

// A temporary copy of stdin, removed by the destructor. Read twice by two-pass imports.
class SpooledInput {
 public:
  // Copies stdin to a file in $TMPDIR (or /tmp). Internal on I/O errors.
  static absl::StatusOr<std::unique_ptr<SpooledInput>> FromStdin();
  ~SpooledInput();
  const std::string& path() const { return path_; }

 private:
  explicit SpooledInput(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace integra::cli
