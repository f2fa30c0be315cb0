#include "client/io/table_reader.h"

#include <algorithm>

#include "common/status_macros.h"

namespace integra::io {

TableReader::TableReader(std::unique_ptr<RecordSource> source, const TableReadOptions& options)
    : csv_(std::move(source)),
      options_(options),
      number_style_(csv_->number_style()),
      errors_(options.max_errors_kept) {
  for (const std::string& field : csv_->header().fields) names_.push_back(NormalizeName(field));
}

absl::Status TableReader::MatchHeader(const std::vector<std::string_view>& names,
                                      std::vector<int>* index, std::vector<int>* others) {
  index->assign(names.size(), -1);
  others->clear();
  unnamed_.clear();
  for (size_t col = 0; col < names_.size(); ++col) {
    const std::string& name = names_[col];
    if (name.empty()) {
      unnamed_.push_back(static_cast<int>(col));
      continue;
    }
    for (size_t earlier = 0; earlier < col; ++earlier) {
      if (names_[earlier] == name) {
        return HeaderError(-1, "column '" + ColumnName(static_cast<int>(col)) +
                                   "' appears twice (columns " + std::to_string(earlier + 1) +
                                   " and " + std::to_string(col + 1) + ")");
      }
    }
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      others->push_back(static_cast<int>(col));
    } else {
      (*index)[static_cast<size_t>(it - names.begin())] = static_cast<int>(col);
    }
  }
  return absl::OkStatus();
}

absl::Status TableReader::RequireColumns(const std::vector<std::string_view>& names,
                                         const std::vector<int>& index,
                                         const std::vector<std::string_view>& required) const {
  std::string missing;
  for (std::string_view want : required) {
    auto it = std::find(names.begin(), names.end(), want);
    if (it != names.end() && index[static_cast<size_t>(it - names.begin())] >= 0) continue;
    if (!missing.empty()) missing += ", ";
    missing += std::string(want);
  }
  if (missing.empty()) return absl::OkStatus();
  return HeaderError(-1, "missing required column(s): " + missing);
}

absl::Status TableReader::MatchColumns(const std::vector<std::string_view>& names,
                                       const std::vector<std::string_view>& required,
                                       std::vector<int>* index) {
  std::vector<int> others;
  RETURN_IF_ERROR(MatchHeader(names, index, &others));
  RETURN_IF_ERROR(RequireColumns(names, *index, required));
  std::string expected;
  for (std::string_view n : names) {
    if (!expected.empty()) expected += ", ";
    expected += std::string(n);
  }
  return RejectUnknown(others, expected);
}

absl::Status TableReader::RejectUnknown(const std::vector<int>& others,
                                        const std::string& expected) {
  if (others.empty()) return absl::OkStatus();
  if (options_.ignore_unknown_columns) {
    for (int col : others) {
      warnings_.push_back(csv_->Locate(header_line(), col, "unknown column ignored"));
    }
    return absl::OkStatus();
  }
  std::string list;
  for (int col : others) {
    if (!list.empty()) list += ", ";
    list += "'" + ColumnName(col) + "'";
  }
  return HeaderError(-1, "unknown column(s): " + list + " (expected: " + expected +
                             "; pass --ignore-unknown-columns to skip them)");
}

bool TableReader::NextRecord(CsvRecord* record) {
  const size_t width = names_.size();
  while (csv_->Next(record)) {
    ++records_read_;
    if (!record->error.empty()) {
      AddError(record->line, -1, record->error);
      continue;
    }
    std::vector<std::string>& fields = record->fields;
    // Trailing empty cells beyond the header are what spreadsheets write for stray
    // formatting; anything else is a row that does not fit the header.
    while (fields.size() > width && Trim(fields.back()).empty()) fields.pop_back();
    if (fields.size() != width) {
      AddError(record->line, -1,
               std::to_string(fields.size()) + " cells, but the header has " +
                   std::to_string(width) + " columns" +
                   (fields.size() > width ? " (a delimiter inside an unquoted value?)" : ""));
      continue;
    }
    bool ok = true;
    for (int col : unnamed_) {
      std::string_view cell = Trim(fields[static_cast<size_t>(col)]);
      if (cell.empty()) continue;
      AddError(record->line, col, "'" + std::string(cell) + "' is under a column without a name");
      ok = false;
    }
    if (ok) return true;
  }
  return false;
}

std::string_view TableReader::Cell(const CsvRecord& record, int index) const {
  if (index < 0) return {};
  return Trim(record.fields[static_cast<size_t>(index)]);
}

std::string_view TableReader::RawCell(const CsvRecord& record, int index) const {
  if (index < 0) return {};
  return record.fields[static_cast<size_t>(index)];
}

void TableReader::AddError(int line, int column, const std::string& reason) {
  errors_.Add(csv_->Locate(line, column, reason));
}

}  // namespace integra::io
