// Choosing an export format by name: one entry point for `integra export observations`.
//
//   ASSIGN_OR_RETURN(ExportFormat format, ParseExportFormat(flag));
//   ASSIGN_OR_RETURN(auto writer, MakeObservationWriter(format, std::cout, path, options));
//   for (...) RETURN_IF_ERROR(writer->Write(row));
//   RETURN_IF_ERROR(writer->Finish());
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "client/io/csv_writer.h"
#include "client/io/observation_writer.h"
#include "client/io/open_sdg.h"
#include "client/io/sdmx_csv.h"
#include "client/io/xlsx_writer.h"

namespace integra::io {

enum class ExportFormat { kCsv, kJsonLines, kSdmxCsv, kOpenSdg, kXlsx };

// "csv", "jsonl"/"json-lines"/"ndjson", "sdmx"/"sdmx-csv", "opensdg"/"open-sdg", "xlsx"
// (case-insensitive); nullopt otherwise.
std::optional<ExportFormat> ParseExportFormat(std::string_view name);

struct ExportOptions {
  CsvWriteOptions csv;           // kCsv
  SdmxCsvOptions sdmx;           // kSdmxCsv: dimensions, units, dataflow
  OpenSdgWriteOptions open_sdg;  // kOpenSdg: indicator, dimensions
  XlsxOptions xlsx;              // kXlsx: attribution, title
};

// A writer for `format`. Text formats write to `out`; XLSX writes the file `path` (it cannot
// stream to a pipe: the zip is assembled at the end), so `path` must be set for it
// (InvalidArgument otherwise) and errors are XlsxWriter::Create's.
absl::StatusOr<std::unique_ptr<ObservationWriter>> MakeObservationWriter(
    ExportFormat format, std::ostream& out, const std::string& path, const ExportOptions& options);

}  // namespace integra::io
