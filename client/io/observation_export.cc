#include "client/io/observation_export.h"

#include "client/io/cells.h"
#include "client/io/json_lines.h"
#include "common/status_macros.h"

namespace integra::io {

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  std::string n = NormalizeName(name);
  if (n == "csv") return ExportFormat::kCsv;
  if (n == "jsonl" || n == "json-lines" || n == "ndjson") return ExportFormat::kJsonLines;
  if (n == "sdmx" || n == "sdmx-csv") return ExportFormat::kSdmxCsv;
  if (n == "opensdg" || n == "open-sdg") return ExportFormat::kOpenSdg;
  if (n == "xlsx") return ExportFormat::kXlsx;
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<ObservationWriter>> MakeObservationWriter(
    ExportFormat format, std::ostream& out, const std::string& path, const ExportOptions& options) {
  switch (format) {
    case ExportFormat::kCsv:
      return std::make_unique<ObservationCsvWriter>(out, options.csv);
    case ExportFormat::kJsonLines:
      return std::make_unique<ObservationJsonLinesWriter>(out);
    case ExportFormat::kSdmxCsv:
      return std::make_unique<SdmxCsvWriter>(out, options.sdmx);
    case ExportFormat::kOpenSdg:
      return std::make_unique<OpenSdgCsvWriter>(out, options.open_sdg);
    case ExportFormat::kXlsx: {
      if (path.empty() || path == "-") {
        return absl::InvalidArgumentError("XLSX needs an output file (--output file.xlsx)");
      }
      ASSIGN_OR_RETURN(std::unique_ptr<XlsxWriter> writer, XlsxWriter::Create(path, options.xlsx));
      return std::unique_ptr<ObservationWriter>(std::move(writer));
    }
  }
  return absl::InvalidArgumentError("unknown export format");
}

}  // namespace integra::io
