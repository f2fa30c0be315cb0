// Fuzz target: the XLSX reader (client/io/xlsx_reader.h: minizip for the container, expat for
// the XML parts) with every sheet read to the end, as an import reads a workbook.
//
// Input: either a ZIP file as it is (starts with "PK"), or parts separated by NUL bytes, each
// "<entry name>\n<content>" (e.g. "xl/worksheets/sheet1.xml\n<worksheet ..."); the target packs
// the parts into a ZIP (stored, not deflated) in a temp file, so the fuzzer works on the XML
// rather than on ZIP checksums. The seeds in corpus/xlsx are the parts of the hand-made
// workbooks of tests/fixtures.
// Invariants: no crash, hang or leak; errors are InvalidArgument/NotFound/FailedPrecondition
// (never Internal for bytes that were read); rows never hand out a record wider than the
// row limit allows; OpenSheet of every listed sheet name finds that sheet.
#include <unistd.h>
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "client/io/xlsx_reader.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const std::string& TempPath() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string base = (dir != nullptr && *dir != '\0') ? dir : "/tmp";
    return base + "/integra-fuzz-xlsx-" + std::to_string(getpid()) + ".xlsx";
  }();
  return path;
}

bool WriteRaw(std::string_view bytes) {
  std::ofstream out(TempPath(), std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

bool WriteParts(std::string_view input) {
  zipFile zf = zipOpen64(TempPath().c_str(), APPEND_STATUS_CREATE);
  if (zf == nullptr) return false;
  bool ok = true;
  while (ok) {
    const size_t end = input.find('\0');
    std::string_view part = input.substr(0, end);
    const size_t newline = part.find('\n');
    const std::string name(part.substr(0, newline));
    std::string_view content =
        newline == std::string_view::npos ? std::string_view() : part.substr(newline + 1);
    if (!name.empty()) {
      ok = zipOpenNewFileInZip(zf, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, 0, 0) ==
               ZIP_OK &&
           zipWriteInFileInZip(zf, content.data(), static_cast<unsigned>(content.size())) ==
               ZIP_OK &&
           zipCloseFileInZip(zf) == ZIP_OK;
    }
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return zipClose(zf, nullptr) == ZIP_OK && ok;
}

void CheckError(const absl::Status& status) {
  FUZZ_CHECK(!status.ok());
  FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument ||
             status.code() == absl::StatusCode::kNotFound ||
             status.code() == absl::StatusCode::kFailedPrecondition);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = integra::fuzz::AsText(data, size);
  const bool written = input.substr(0, 2) == "PK" ? WriteRaw(input) : WriteParts(input);
  if (!written) return 0;

  integra::io::XlsxReadOptions options;
  options.max_part_bytes = 1 << 20;
  options.max_shared_strings_bytes = 1 << 20;
  options.max_sheet_xml_bytes = 1 << 20;
  options.max_record_bytes = 4096;
  options.chunk_bytes = 97;  // many chunk boundaries inside elements and attributes
  auto book = integra::io::XlsxWorkbook::Open(TempPath(), options);
  if (!book.ok()) {
    CheckError(book.status());
    return 0;
  }
  for (const std::string& name : (*book)->sheet_names()) {
    FUZZ_CHECK((*book)->FindSheet(name).has_value());
    auto sheet = (*book)->OpenSheet(name);
    if (!sheet.ok()) {
      CheckError(sheet.status());
      continue;
    }
    const size_t width = (*sheet)->header().fields.size();
    integra::io::CsvRecord record;
    while ((*sheet)->Next(&record)) {
      FUZZ_CHECK(record.fields.size() >= width);
      size_t bytes = 0;
      for (const std::string& field : record.fields) bytes += field.size();
      FUZZ_CHECK(bytes <= options.max_record_bytes);
    }
    if (!(*sheet)->status().ok()) CheckError((*sheet)->status());
  }
  return 0;
}
