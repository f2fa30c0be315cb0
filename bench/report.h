// The benchmark's result: context lines, one markdown table with the three systems side by
// side and a PASS/FAIL column for the goals, and free-text notes.
//
// Not thread-safe; filled by the driver's single thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace integra::bench {

struct ReportRow {
  std::string measurement;
  std::string integra;   // through integrad's gRPC API
  std::string rocksdb;   // in-process: raw RocksDB WriteBatch (ingest), the engine (queries)
  std::string postgres;  // PostgreSQL over libpq
  std::string goal;
  std::string result;  // Verdict(...) or "" when the row has no goal
};

// "**PASS** (detail)" / "**FAIL** (detail)".
std::string Verdict(bool pass, const std::string& detail);
// A cell for a measurement that could not be made, with the reason.
std::string NotAvailable(const std::string& why);

class Report {
 public:
  void AddContext(std::string key, std::string value) {
    context_.emplace_back(std::move(key), std::move(value));
  }
  void AddRow(ReportRow row) { rows_.push_back(std::move(row)); }
  void AddNote(std::string note) { notes_.push_back(std::move(note)); }

  // The whole report as markdown; empty cells are shown as "–".
  std::string Markdown() const;
  // Writes Markdown() to `path`, creating its directory. Internal on I/O errors.
  absl::Status WriteFile(const std::string& path) const;

 private:
  std::vector<std::pair<std::string, std::string>> context_;
  std::vector<ReportRow> rows_;
  std::vector<std::string> notes_;
};

}  // namespace integra::bench
