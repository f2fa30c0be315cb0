#include "bench/report.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace integra::bench {
namespace {

std::string Cell(const std::string& s) {
  if (s.empty()) return "–";
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string Verdict(bool pass, const std::string& detail) {
  return absl::StrCat(pass ? "**PASS**" : "**FAIL**", detail.empty() ? "" : " (", detail,
                      detail.empty() ? "" : ")");
}

std::string NotAvailable(const std::string& why) { return absl::StrCat("n/a (", why, ")"); }

std::string Report::Markdown() const {
  std::string md = "# integra benchmark results\n\n";
  for (const auto& [key, value] : context_) absl::StrAppend(&md, "- **", key, "**: ", value, "\n");
  absl::StrAppend(&md,
                  "\n| Measurement | integra (gRPC, end to end) | in-process: RocksDB "
                  "WriteBatch (ingest, unary writes), integra engine without RPC (queries) | "
                  "PostgreSQL 15 "
                  "(libpq) | Goal | Result |\n"
                  "|---|---|---|---|---|---|\n");
  for (const ReportRow& r : rows_) {
    absl::StrAppend(&md, "| ", Cell(r.measurement), " | ", Cell(r.integra), " | ", Cell(r.rocksdb),
                    " | ", Cell(r.postgres), " | ", Cell(r.goal), " | ", Cell(r.result), " |\n");
  }
  if (!notes_.empty()) {
    absl::StrAppend(&md, "\n## Notes\n\n");
    for (const std::string& n : notes_) absl::StrAppend(&md, "- ", n, "\n");
  }
  return md;
}

absl::Status Report::WriteFile(const std::string& path) const {
  std::error_code ec;
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << Markdown();
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace integra::bench
