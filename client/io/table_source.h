// Opening an import file as a RecordSource, by what its bytes say rather than its name:
//   - a ZIP archive: an XLSX workbook (xlsx_reader.h), the sheet TableReadOptions::sheet or the
//     first one; ODS, XLSB and other ZIP files are refused there;
//   - an OLE2 file: refused (Excel 97-2003 .xls or a password-protected workbook);
//   - text whose first character (after a byte-order mark and blanks) is '{': JSON Lines
//     (json_lines.h);
//   - other text: CSV (csv_reader.h).
// stdin ("-") and other streams (a FIFO, a shell's process substitution) are read once, as
// text only: a workbook needs a file (its directory is at the end).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "client/io/record_source.h"
#include "client/io/table_reader.h"
#include "client/io/xlsx_reader.h"

namespace integra::io {

enum class TableFileKind { kCsv, kJsonLines, kXlsx };

// True for stdin ("-") and any path that is not a regular file (a FIFO, /dev/fd/N of a pipe):
// its bytes can be read only once, so nothing may open it ahead of the reader.
bool IsStream(const std::string& path);

// The kind of `path` (stdin: CSV unless it starts with '{'). Errors of ByteSource::Open, and
// InvalidArgument for an OLE2 file.
absl::StatusOr<TableFileKind> DetectTableFile(const std::string& path);

// XLSX reading options from the table options (decimal mark, longest row).
XlsxReadOptions XlsxOptionsOf(const TableReadOptions& options);

// Opens `path` ("-" = stdin) as the source of a table, as above. InvalidArgument when
// options.sheet is given for a text file, and the errors of the chosen source's Open.
absl::StatusOr<std::unique_ptr<RecordSource>> OpenTableSource(const std::string& path,
                                                              const TableReadOptions& options);

}  // namespace integra::io
