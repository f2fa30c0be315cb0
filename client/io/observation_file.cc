#include "client/io/observation_file.h"

#include <algorithm>

#include "client/io/xlsx_writer.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

// A cell of `record` by column, "" past its end.
std::string_view At(const CsvRecord& record, int column) {
  if (column < 0 || static_cast<size_t>(column) >= record.fields.size()) return {};
  return Trim(record.fields[static_cast<size_t>(column)]);
}

int ColumnOf(const CsvRecord& header, std::string_view name) {
  for (size_t i = 0; i < header.fields.size(); ++i) {
    if (NormalizeName(header.fields[i]) == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ObservationFile>> ObservationFile::Open(
    const std::string& path, const ObservationReadOptions& options) {
  std::unique_ptr<ObservationFile> file(new ObservationFile());
  file->path_ = path;
  file->options_ = options;
  TableFileKind kind = TableFileKind::kCsv;
  if (!IsStream(path)) {  // a stream is read once, by the table's reader
    ASSIGN_OR_RETURN(kind, DetectTableFile(path));
  }
  if (kind != TableFileKind::kXlsx) {
    file->tables_.push_back({});
    return file;
  }
  ASSIGN_OR_RETURN(file->book_, XlsxWorkbook::Open(path, XlsxOptionsOf(options)));
  ASSIGN_OR_RETURN(std::vector<Table> listed, file->ReadMetadata());
  file->integra_workbook_ = !listed.empty();
  if (options.sheet.empty()) {
    if (file->integra_workbook_) {
      file->tables_ = std::move(listed);
    } else {
      file->tables_.push_back({});
    }
    return file;
  }
  // An unknown sheet is reported when its table is opened (with the list of sheets).
  const std::string wanted = file->book_->FindSheet(options.sheet).value_or(options.sheet);
  auto it =
      std::find_if(listed.begin(), listed.end(), [&](const Table& t) { return t.sheet == wanted; });
  file->tables_.push_back(it != listed.end() ? *it : Table{wanted, "", {}});
  return file;
}

absl::StatusOr<std::vector<ObservationFile::Table>> ObservationFile::ReadMetadata() {
  std::vector<std::string> names = book_->sheet_names();
  if (std::find(names.begin(), names.end(), kXlsxMetadataSheet) == names.end()) {
    return std::vector<Table>();
  }
  absl::StatusOr<std::unique_ptr<XlsxSheetReader>> opened = book_->OpenSheet(kXlsxMetadataSheet);
  if (!opened.ok()) return std::vector<Table>();  // empty or unreadable: not integra's
  std::unique_ptr<XlsxSheetReader> sheet = *std::move(opened);
  // The header row "sheet | code | ... | dimensions | ..." may follow a title.
  CsvRecord header = sheet->header();
  CsvRecord record;
  while (ColumnOf(header, "sheet") != 0 || ColumnOf(header, "code") != 1) {
    if (!sheet->Next(&header)) {
      RETURN_IF_ERROR(sheet->status());
      return std::vector<Table>();  // a sheet of that name, but not integra's
    }
  }
  const int dims = ColumnOf(header, "dimensions");
  std::vector<Table> tables;
  while (sheet->Next(&record)) {
    if (At(record, 0).empty() || At(record, 1).empty()) continue;
    Table t;
    t.sheet = std::string(At(record, 0));
    t.indicator = std::string(At(record, 1));
    std::string_view list = At(record, dims);
    while (!list.empty()) {
      size_t bar = list.find('|');
      std::string_view item = Trim(list.substr(0, bar));
      if (!item.empty()) t.dimensions.emplace_back(item);
      list = bar == std::string_view::npos ? std::string_view() : list.substr(bar + 1);
    }
    tables.push_back(std::move(t));
  }
  RETURN_IF_ERROR(sheet->status());
  for (const Table& t : tables) {
    if (std::find(names.begin(), names.end(), t.sheet) == names.end()) {
      return absl::InvalidArgumentError(path_ + ": the sheet " + std::string(kXlsxMetadataSheet) +
                                        " lists sheet '" + t.sheet +
                                        "', which the workbook does not have");
    }
  }
  return tables;
}

absl::StatusOr<std::unique_ptr<ObservationReader>> ObservationFile::OpenTable(size_t i) {
  const Table& table = tables_.at(i);
  if (book_ == nullptr) {
    ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, OpenTableSource(path_, options_));
    return OpenObservationReader(std::move(source), options_);
  }
  ASSIGN_OR_RETURN(std::unique_ptr<XlsxSheetReader> sheet, book_->OpenSheet(table.sheet));
  ObservationReadOptions options = options_;
  if (!table.indicator.empty()) {
    options.indicator = table.indicator;
    options.dimension_columns = table.dimensions;
  }
  return OpenObservationReader(std::move(sheet), options);
}

}  // namespace integra::io
