#include "client/output.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/json.h"
#include "google/protobuf/util/json_util.h"

namespace integra::cli {
namespace {

constexpr size_t kGap = 2;          // spaces between columns
constexpr size_t kMinCutWidth = 8;  // a cut text column keeps at least this many

// A cell that reads as a number, date or time (value, rank, percent, 2024-05-01T10:00:00Z):
// such columns are never cut.
bool LooksNumeric(const std::string& s) {
  if (s.empty()) return true;
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (std::string_view(".,-+% eE:TZ").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digit;
}

}  // namespace

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string FitToWidth(const std::string& s, size_t width) {
  if (DisplayWidth(s) <= width) return s;
  if (width == 0) return "";
  // Keep width-1 code points, then the ellipsis.
  size_t kept = 0;
  size_t end = 0;
  while (end < s.size()) {
    size_t next = end + 1;
    while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
    if (kept + 1 > width - 1) break;
    ++kept;
    end = next;
  }
  return s.substr(0, end) + "…";
}

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

std::string WrapText(const std::string& text, size_t width, size_t indent) {
  if (width == 0 || DisplayWidth(text) <= width) return text;
  std::string out;
  size_t column = 0;  // display columns on the current line
  bool line_has_word = false;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    const size_t w = DisplayWidth(std::string(word));
    if (line_has_word && column + 1 + w > width) {
      absl::StrAppend(&out, "\n", std::string(indent, ' '));
      column = indent;
      line_has_word = false;
    }
    if (line_has_word) {
      out += ' ';
      ++column;
    } else if (out.empty()) {
      // Keep the text's own leading blanks (an indented line).
      const size_t lead = text.find_first_not_of(' ');
      out.append(lead, ' ');
      column = lead;
    }
    absl::StrAppend(&out, word);
    column += w;
    line_has_word = true;
  }
  return out;
}

void Table::PrintAligned(std::ostream& out, size_t max_width) const {
  const size_t n = header_.size();
  std::vector<size_t> widths(n, 0);
  std::vector<bool> numeric(n, true);
  auto measure = [&](const std::vector<std::string>& row, bool is_header) {
    for (size_t i = 0; i < row.size() && i < n; ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
      if (!is_header && !LooksNumeric(row[i])) numeric[i] = false;
    }
  };
  measure(header_, true);
  for (const auto& r : rows_) measure(r, false);
  std::vector<size_t> shown(n);  // the columns printed, in order
  for (size_t i = 0; i < n; ++i) shown[i] = i;
  auto total = [&] {
    size_t t = shown.empty() ? 0 : kGap * (shown.size() - 1);
    for (size_t i : shown) t += widths[i];
    return t;
  };
  if (max_width > 0 && total() > max_width) {
    // Columns empty in every row go first; then the widest text column is cut by one column at
    // a time until the table fits or every text column is at its floor.
    std::vector<bool> empty(n, true);
    for (const auto& r : rows_) {
      for (size_t i = 0; i < r.size() && i < n; ++i) empty[i] = empty[i] && r[i].empty();
    }
    if (!rows_.empty()) std::erase_if(shown, [&](size_t i) { return empty[i]; });
    std::vector<size_t> floor(n);
    for (size_t i = 0; i < n; ++i) {
      // The first column is what a row is (a key, a code): never cut.
      floor[i] = numeric[i] || i == 0 ? widths[i] : std::min(widths[i], kMinCutWidth);
    }
    while (total() > max_width) {
      size_t widest = n;
      for (size_t i : shown) {
        if (widths[i] > floor[i] && (widest == n || widths[i] > widths[widest])) widest = i;
      }
      if (widest == n) break;
      --widths[widest];
    }
    if (total() > max_width) {
      // Still too wide: one block per row.
      size_t label = 0;
      for (const auto& h : header_) label = std::max(label, DisplayWidth(h));
      const size_t value_width = max_width > label + kGap ? max_width - label - kGap : 1;
      for (size_t r = 0; r < rows_.size(); ++r) {
        const std::string title = absl::StrCat("-- ", r + 1, " ");
        out << title << std::string(max_width > title.size() ? max_width - title.size() : 0, '-')
            << "\n";
        for (size_t i = 0; i < n && i < rows_[r].size(); ++i) {
          out << header_[i] << std::string(label - DisplayWidth(header_[i]) + kGap, ' ')
              << FitToWidth(rows_[r][i], value_width) << "\n";
        }
      }
      return;
    }
  }
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t k = 0; k < shown.size(); ++k) {
      const size_t i = shown[k];
      const std::string cell = i < row.size() ? FitToWidth(row[i], widths[i]) : "";
      line += cell;
      if (k + 1 < shown.size()) line += std::string(widths[i] - DisplayWidth(cell) + kGap, ' ');
    }
    // No trailing blanks (a row shorter than the header, or empty last cells).
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  print(header_);
  std::vector<std::string> rule;
  rule.reserve(widths.size());
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
    cells.reserve(row.size());
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
