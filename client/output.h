// Output formatting for the integra CLI: aligned tables, JSON (from protobuf messages) and CSV.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace integra::cli {

// Output formats. Most commands print table, json or csv; graph exports also dot and graphml.
// Each command lists the formats it supports (Command::formats); Dispatch refuses the others.
// Data exchange adds the file formats of `integra export observations` (jsonl, sdmx-csv,
// opensdg, xlsx); `integra watch` prints jsonl; the scorecard also prints markdown.
enum class Format {
  kTable,
  kJson,
  kCsv,
  kDot,
  kGraphml,
  kJsonl,
  kSdmxCsv,
  kOpenSdg,
  kXlsx,
  kMarkdown
};

// Parses the names FormatName gives ("table", "json", "csv", "dot", "graphml", "jsonl",
// "sdmx-csv", "opensdg", "xlsx", "markdown"; case-sensitive); InvalidArgument otherwise.
absl::StatusOr<Format> ParseFormat(const std::string& name);
// The name ParseFormat accepts for `format`.
std::string FormatName(Format format);

// A simple table: a header row and data rows, printed aligned (UTF-8 aware) or as CSV.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }
  // Columns aligned; with `max_width` > 0 the table is fitted to that many columns: columns
  // empty in every row are left out, then the widest text columns are cut (ending in "…", the
  // header too) down to 8 columns; the first column (the key) and columns of numbers,
  // dates and times are never cut. A table that still does not fit is printed as one block per
  // row ("header  value" lines, values cut to the width). 0: no limit (pipes and files get
  // whole lines).
  void PrintAligned(std::ostream& out, size_t max_width = 0) const;
  void PrintCsv(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// One message as JSON (proto field names, defaults included), without a trailing newline.
std::string ToJson(const google::protobuf::Message& message);
// A JSON array of messages, pretty enough to read and exact enough to parse.
std::string ToJsonArray(const std::vector<const google::protobuf::Message*>& messages);

// Number of terminal columns a UTF-8 string takes (one per code point; good enough for the
// Latin scripts integra shows).
size_t DisplayWidth(const std::string& s);
// `s` cut to at most `width` display columns; a cut string ends in "…".
std::string FitToWidth(const std::string& s, size_t width);

// `text` word-wrapped to `width` display columns (0: unchanged), continuation lines indented
// by `indent` spaces; words longer than a line stay whole. No trailing newline.
std::string WrapText(const std::string& text, size_t width, size_t indent = 2);

// RFC 4180 quoting for one CSV field.
std::string CsvField(const std::string& value);

}  // namespace integra::cli
