#include "client/io/csv_error.h"

#include <utility>

namespace integra::io {

std::string CsvError::ToString() const {
  std::string out;
  if (!sheet.empty()) {
    out = "sheet " + sheet;
    if (!cell.empty()) {
      out += ", cell " + cell;
      if (!column.empty()) out += " (" + column + ")";
      return out + ": " + reason;
    }
    if (line > 0) out += ", row " + std::to_string(line);
    if (!column.empty()) out += ", column " + column;
    return out + ": " + reason;
  }
  if (line > 0) out = "line " + std::to_string(line);
  if (!column.empty()) out += (out.empty() ? "column " : ", column ") + column;
  if (!out.empty()) out += ": ";
  return out + reason;
}

void ErrorList::Add(CsvError error) {
  ++count_;
  if (kept_.size() < max_kept_) kept_.push_back(std::move(error));
}

std::vector<CsvError> ErrorList::Take() {
  std::vector<CsvError> out;
  out.swap(kept_);
  return out;
}

}  // namespace integra::io
