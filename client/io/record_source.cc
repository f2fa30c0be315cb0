#include "client/io/record_source.h"

#include <utility>

namespace integra::io {

const std::string& RecordSource::sheet() const {
  static const std::string kNone;
  return kNone;
}

std::string RecordSource::ColumnName(size_t index) const {
  const std::vector<std::string>& fields = header().fields;
  std::string_view name = index < fields.size() ? Trim(fields[index]) : std::string_view();
  return name.empty() ? "#" + std::to_string(index + 1) : std::string(name);
}

int RecordSource::ColumnIndex(std::string_view name) const {
  const std::string wanted = NormalizeName(name);
  const std::vector<std::string>& fields = header().fields;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (NormalizeName(fields[i]) == wanted) return static_cast<int>(i);
  }
  return -1;
}

CsvError RecordSource::Locate(int line, int column, std::string reason) const {
  CsvError error{line, column >= 0 ? ColumnName(static_cast<size_t>(column)) : std::string(),
                 std::move(reason)};
  error.sheet = sheet();
  if (!error.sheet.empty() && column >= 0 && line > 0) {
    error.cell = ColumnLetters(static_cast<size_t>(column)) + std::to_string(line);
  }
  return error;
}

std::string ColumnLetters(size_t index) {
  std::string letters;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

FileKind SniffFileKind(std::string_view head) {
  if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return FileKind::kZip;
  if (head.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    return FileKind::kOle2;
  }
  return FileKind::kText;
}

absl::Status RefuseOle2(const std::string& name, bool encrypted) {
  if (encrypted) {
    return absl::InvalidArgumentError(
        name +
        " is a password-protected (encrypted) workbook; integra cannot read it: open it in "
        "Excel or LibreOffice and save it as .xlsx without a password, or as CSV UTF-8");
  }
  return absl::InvalidArgumentError(
      name +
      " is an Excel 97-2003 workbook (.xls, BIFF) or another OLE2 file, which integra does not "
      "read: open it in Excel or LibreOffice and save it as .xlsx or as CSV UTF-8");
}

}  // namespace integra::io
