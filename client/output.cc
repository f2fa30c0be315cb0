#include "client/output.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/json.h"
#include "google/protobuf/util/json_util.h"

namespace integra::cli {
namespace {

// Number of displayed columns of a UTF-8 string (counts code points; good enough for the
// Latin scripts integra shows).
size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

absl::StatusOr<Format> ParseFormat(const std::string& name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "csv") return Format::kCsv;
  if (name == "dot") return Format::kDot;
  if (name == "graphml") return Format::kGraphml;
  if (name == "jsonl") return Format::kJsonl;
  if (name == "sdmx-csv") return Format::kSdmxCsv;
  if (name == "opensdg") return Format::kOpenSdg;
  if (name == "xlsx") return Format::kXlsx;
  if (name == "markdown") return Format::kMarkdown;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown --format '", name,
      "' (use table, json, csv, dot, graphml, jsonl, sdmx-csv, opensdg, xlsx or markdown)"));
}

std::string FormatName(Format format) {
  switch (format) {
    case Format::kTable:
      return "table";
    case Format::kJson:
      return "json";
    case Format::kCsv:
      return "csv";
    case Format::kDot:
      return "dot";
    case Format::kGraphml:
      return "graphml";
    case Format::kJsonl:
      return "jsonl";
    case Format::kSdmxCsv:
      return "sdmx-csv";
    case Format::kOpenSdg:
      return "opensdg";
    case Format::kXlsx:
      return "xlsx";
    case Format::kMarkdown:
      return "markdown";
  }
  return "table";
}

void Table::PrintAligned(std::ostream& out) const {
  std::vector<size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    out << line << "\n";
  };
  print(header_);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  print(rule);
  for (const auto& r : rows_) print(r);
}

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void Table::PrintCsv(std::ostream& out) const {
  auto print = [&](const std::vector<std::string>& row) {
    std::vector<std::string> cells;
    for (const auto& c : row) cells.push_back(CsvField(c));
    out << absl::StrJoin(cells, ",") << "\n";
  };
  print(header_);
  for (const auto& r : rows_) print(r);
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  options.add_whitespace = false;
  auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) return absl::StrCat("{\"error\":", common::JsonString(status.ToString()), "}");
  return out;
}

std::string ToJsonArray(const std::vector<const google::protobuf::Message*>& messages) {
  std::vector<std::string> parts;
  parts.reserve(messages.size());
  for (const auto* m : messages) parts.push_back(ToJson(*m));
  if (parts.empty()) return "[]";
  return absl::StrCat("[\n  ", absl::StrJoin(parts, ",\n  "), "\n]");
}

}  // namespace integra::cli
