#include "client/import_common.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/io/json_lines.h"
#include "client/io/progress.h"
#include "common/json.h"

namespace integra::cli {

std::set<std::string> ImportFlags() {
  return {"dry-run",
          "on-error",
          "delimiter",
          "decimal-comma",
          "decimal-point",
          "encoding",
          "ignore-unknown-columns",
          "sheet",
          "batch-size"};
}

std::set<std::string> ImportBooleans() {
  return {"dry-run", "decimal-comma", "decimal-point", "ignore-unknown-columns"};
}

absl::StatusOr<ImportSettings> ParseImportSettings(const Args& a, size_t path_index) {
  ImportSettings s;
  s.path = a.positional().at(path_index);
  s.dry_run = a.Has("dry-run");
  std::string on_error = a.GetOr("on-error", "abort");
  if (on_error != "abort" && on_error != "skip") {
    return absl::InvalidArgumentError(
        absl::StrCat("--on-error '", on_error, "' must be abort (default) or skip"));
  }
  s.skip_bad = on_error == "skip";
  if (auto d = a.Get("delimiter")) {
    std::string v = *d == "tab" || *d == "\\t" ? "\t" : *d;
    if (v != "," && v != ";" && v != "\t") {
      return absl::InvalidArgumentError("--delimiter must be ',', ';' or tab");
    }
    s.table.csv.delimiter = v[0];
  }
  if (a.Has("decimal-comma") && a.Has("decimal-point")) {
    return absl::InvalidArgumentError("give --decimal-comma or --decimal-point, not both");
  }
  if (a.Has("decimal-comma")) s.table.csv.decimal_mark = io::DecimalMark::kComma;
  if (a.Has("decimal-point")) s.table.csv.decimal_mark = io::DecimalMark::kPoint;
  std::string encoding = a.GetOr("encoding", "utf8");
  if (encoding == "latin1" || encoding == "windows-1252" || encoding == "cp1252") {
    s.table.csv.encoding = io::Encoding::kLatin1;
  } else if (encoding != "utf8" && encoding != "utf-8") {
    return absl::InvalidArgumentError(
        absl::StrCat("--encoding '", encoding, "' must be utf8 (default) or latin1"));
  }
  s.table.ignore_unknown_columns = a.Has("ignore-unknown-columns");
  s.table.sheet = a.GetOr("sheet", "");
  if (auto b = a.Get("batch-size")) {
    if (!absl::SimpleAtoi(*b, &s.batch_rows) || s.batch_rows < 1 || s.batch_rows > 100000) {
      return absl::InvalidArgumentError("--batch-size must be a number from 1 to 100000");
    }
  }
  return s;
}

void ProblemLog::AddRejection(int line, const std::string& column, const v1::RowProblem& problem) {
  io::CsvError error{line, column, problem.reason()};
  error.sheet = Sheet();
  if (!error.sheet.empty() && !column.empty() && line > 0) {
    if (int index = column_of_ ? column_of_(column) : place_->ColumnIndex(column); index >= 0) {
      error.cell = io::ColumnLetters(static_cast<size_t>(index)) + std::to_string(line);
      error.column = place_->ColumnName(static_cast<size_t>(index));
    }
  }
  Add(std::move(error));
}

void ProblemLog::Flush() {
  if (pending_.empty()) return;
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const io::CsvError& a, const io::CsvError& b) { return a.line < b.line; });
  if (bar_ != nullptr) bar_->Clear();
  for (const io::CsvError& e : pending_) {
    *ctx_.err << file_prefix_ << e.ToString() << "\n";
    lines_.insert({file_index_, e.sheet, e.line});
    ++problems_;
  }
  ctx_.err->flush();
  pending_.clear();
}

void ProblemLog::SetFile(int index, const std::string& name) {
  Flush();
  file_index_ = index;
  file_prefix_ = name.empty() ? "" : name + ": ";
}

int FinishImport(const Context& ctx, const ImportSummary& s) {
  const bool problems = s.problems > 0 || s.fatal;
  std::string outcome;
  int code = kExitOk;
  if (s.fatal) {
    outcome = "nothing imported: the file cannot be read to its end";
    code = kExitRejected;
  } else if (s.dry_run) {
    outcome = problems ? "checked (dry run): problems found, nothing written"
                       : "checked (dry run): no problems, nothing written";
    code = problems ? kExitRejected : kExitOk;
  } else if (s.aborted) {
    outcome = s.written > 0 ? "partially imported: stopped part-way" : "nothing imported";
    code = s.written > 0 ? kExitPartial : kExitRejected;
  } else if (problems && s.skip_bad) {
    outcome = "partially imported: bad rows left out (--on-error skip)";
    code = kExitPartial;
  } else if (problems) {
    outcome = "nothing imported: fix the rows above or pass --on-error skip";
    code = kExitRejected;
  } else {
    outcome = "imported";
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << "{\"what\":" << common::JsonString(s.what)
             << ",\"file\":" << common::JsonString(s.file);
    if (!s.layout.empty()) *ctx.out << ",\"layout\":" << common::JsonString(s.layout);
    *ctx.out << ",\"dry_run\":" << (s.dry_run ? "true" : "false") << ",\"rows\":" << s.rows
             << ",\"problems\":" << s.problems << ",\"bad_lines\":" << s.bad_lines
             << ",\"written\":" << s.written << ",\"unchanged\":" << s.unchanged;
    if (s.what == "observations") {
      *ctx.out << ",\"last_sequence\":" << s.last_sequence;
      if (s.skipped > 0) *ctx.out << ",\"skipped\":" << s.skipped;
      if (s.job_id != 0) {
        *ctx.out << ",\"job_id\":" << s.job_id << ",\"job_state\":"
                 << common::JsonString(s.job_complete ? "complete" : "incomplete");
      }
    }
    *ctx.out << ",\"exit_code\":" << code << ",\"outcome\":" << common::JsonString(outcome)
             << "}\n";
    return code;
  }
  auto& o = *ctx.out;
  o << "import " << s.what << ": " << s.file;
  if (!s.layout.empty()) o << " (" << s.layout << ")";
  o << "\n  rows read:  " << io::FormatCount(s.rows) << "\n";
  if (s.skipped > 0) {
    o << "  skipped:    " << io::FormatCount(s.skipped) << " (imported before by the job)\n";
  }
  if (s.problems > 0) {
    o << "  problems:   " << io::FormatCount(s.problems) << " on " << io::FormatCount(s.bad_lines)
      << " line(s) (listed on stderr)\n";
  }
  const char* verb = s.dry_run ? "would write" : "written";
  if (!(problems && !s.skip_bad && !s.dry_run) || s.written > 0) {
    o << "  " << verb << ":" << std::string(s.dry_run ? 1 : 5, ' ') << io::FormatCount(s.written)
      << (s.what == "observations" ? " new revision(s)" : " new or changed") << ", "
      << io::FormatCount(s.unchanged) << " unchanged\n";
  }
  if (s.what == "observations" && !s.dry_run && s.written > 0) {
    o << "  change sequence now " << s.last_sequence << "\n";
  }
  if (s.job_id != 0) {
    o << "  import job " << s.job_id << ": " << (s.job_complete ? "complete" : "incomplete")
      << "\n";
  }
  o << "  " << outcome << "\n";
  return code;
}

absl::StatusOr<std::unique_ptr<SpooledInput>> SpooledInput::FromStdin() {
  const char* base = std::getenv("TMPDIR");
  std::string path =
      std::string(base != nullptr && *base ? base : "/tmp") + "/integra-stdin-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot create a temporary file ", path));
  std::unique_ptr<SpooledInput> spool(new SpooledInput(path));
  std::vector<char> buffer(1 << 16);
  while (true) {
    ssize_t n = read(0, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      close(fd);
      return absl::InternalError("cannot read stdin");
    }
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(fd, buffer.data() + done, static_cast<size_t>(n - done));
      if (w <= 0) {
        close(fd);
        return absl::InternalError(absl::StrCat("cannot write the temporary file ", path));
      }
      done += w;
    }
  }
  close(fd);
  return spool;
}

SpooledInput::~SpooledInput() { unlink(path_.c_str()); }

}  // namespace integra::cli
