#include "client/io/table_source.h"

#include <filesystem>

#include "client/io/byte_source.h"
#include "client/io/csv_reader.h"
#include "client/io/json_lines.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

bool LooksLikeJsonLines(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  head = Trim(head);
  return !head.empty() && head[0] == '{';
}

absl::StatusOr<TableFileKind> KindOf(ByteSource& bytes, const std::string& path) {
  ASSIGN_OR_RETURN(std::string head, bytes.Peek(4096));
  switch (SniffFileKind(head)) {
    case FileKind::kZip:
      // From a stream, the CSV reader explains that a workbook must be given as a file.
      if (!IsStream(path)) return TableFileKind::kXlsx;
      break;
    case FileKind::kOle2:
      if (!IsStream(path)) {
        // XlsxWorkbook::Open tells a password-protected workbook from an .xls.
        absl::Status refused = XlsxWorkbook::Open(path, {}).status();
        return refused.ok() ? RefuseOle2(path, false) : refused;
      }
      break;
    case FileKind::kText:
      if (LooksLikeJsonLines(head)) return TableFileKind::kJsonLines;
      break;
  }
  return TableFileKind::kCsv;
}

}  // namespace

bool IsStream(const std::string& path) {
  std::error_code ec;
  return path == "-" || !std::filesystem::is_regular_file(path, ec);
}

absl::StatusOr<TableFileKind> DetectTableFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> bytes, ByteSource::Open(path));
  return KindOf(*bytes, path);
}

XlsxReadOptions XlsxOptionsOf(const TableReadOptions& options) {
  XlsxReadOptions xlsx;
  xlsx.decimal_mark = options.csv.decimal_mark;
  xlsx.max_record_bytes = options.csv.max_record_bytes;
  return xlsx;
}

absl::StatusOr<std::unique_ptr<RecordSource>> OpenTableSource(const std::string& path,
                                                              const TableReadOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> bytes, ByteSource::Open(path));
  ASSIGN_OR_RETURN(TableFileKind kind, KindOf(*bytes, path));
  if (kind != TableFileKind::kXlsx && !options.sheet.empty()) {
    return absl::InvalidArgumentError("--sheet applies to XLSX workbooks; " + bytes->name() +
                                      " is a text file");
  }
  switch (kind) {
    case TableFileKind::kXlsx: {
      bytes.reset();
      ASSIGN_OR_RETURN(std::shared_ptr<XlsxWorkbook> book,
                       XlsxWorkbook::Open(path, XlsxOptionsOf(options)));
      ASSIGN_OR_RETURN(std::unique_ptr<XlsxSheetReader> sheet, book->OpenSheet(options.sheet));
      return std::unique_ptr<RecordSource>(std::move(sheet));
    }
    case TableFileKind::kJsonLines: {
      ASSIGN_OR_RETURN(
          std::unique_ptr<JsonLinesSource> json,
          JsonLinesSource::Open(std::move(bytes), options.csv, options.ignore_unknown_columns));
      return std::unique_ptr<RecordSource>(std::move(json));
    }
    case TableFileKind::kCsv:
      break;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv, CsvReader::Open(std::move(bytes), options.csv));
  return std::unique_ptr<RecordSource>(std::move(csv));
}

}  // namespace integra::io
