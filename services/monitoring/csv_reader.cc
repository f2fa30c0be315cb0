#include "services/monitoring/csv_reader.h"

#include "absl/strings/str_cat.h"

namespace integra::monitoring {

CsvReader::CsvReader(std::string_view text) : rest_(text) {
  if (rest_.substr(0, 3) == "\xEF\xBB\xBF") rest_.remove_prefix(3);
}

absl::StatusOr<bool> CsvReader::Next(std::vector<std::string>& fields) {
  // Skip blank lines.
  while (!rest_.empty() && (rest_[0] == '\n' || rest_[0] == '\r')) {
    if (rest_[0] == '\n') ++line_;
    rest_.remove_prefix(1);
  }
  fields.clear();
  if (rest_.empty()) return false;
  record_line_ = line_;
  size_t i = 0;
  const size_t n = rest_.size();
  std::string field;
  while (true) {
    field.clear();
    if (i < n && rest_[i] == '"') {
      ++i;
      while (true) {
        if (i >= n) {
          return absl::InvalidArgumentError(absl::StrCat(
              "line ", record_line_, ": a quoted field is not closed before the end of the file"));
        }
        char c = rest_[i++];
        if (c == '"') {
          if (i < n && rest_[i] == '"') {
            field.push_back('"');
            ++i;
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        field.push_back(c);
      }
      if (i < n && rest_[i] != ',' && rest_[i] != '\n' && rest_[i] != '\r') {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", line_, ": unexpected character after a closing quote"));
      }
    } else {
      while (i < n && rest_[i] != ',' && rest_[i] != '\n' && rest_[i] != '\r') {
        field.push_back(rest_[i++]);
      }
    }
    fields.push_back(field);
    if (i < n && rest_[i] == ',') {
      ++i;
      continue;
    }
    // End of record: consume CRLF / LF / CR.
    if (i < n && rest_[i] == '\r') ++i;
    if (i < n && rest_[i] == '\n') {
      ++i;
      ++line_;
    }
    break;
  }
  rest_.remove_prefix(i);
  return true;
}

}  // namespace integra::monitoring
