// Fuzz target: the JSON Lines reader of observations (client/io/json_lines.h, nlohmann/json
// underneath) with the long-format reader over it, as `integra import observations` reads a
// .jsonl file.
//
// The first byte picks the options (decimal mark, ignore unknown keys, line limit).
// Invariants: reading never fails other than with InvalidArgument naming a line; every row read
// back from its own JSON (ObservationToJson) is the same row: the writer and the reader agree.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "client/io/byte_source.h"
#include "client/io/json_lines.h"
#include "client/io/observation_reader.h"
#include "client/io/rows.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using integra::io::ObservationRow;

// Reads every observation of `text`; nullopt-like false when the reader could not open.
bool ReadRows(std::string text, const integra::io::CsvOptions& csv, bool ignore_unknown,
              std::vector<ObservationRow>* rows, absl::Status* status) {
  auto source = integra::io::JsonLinesSource::Open(
      integra::io::ByteSource::FromString(std::move(text)), csv, ignore_unknown);
  if (!source.ok()) {
    *status = source.status();
    return false;
  }
  integra::io::ObservationReadOptions options;
  options.csv = csv;
  options.ignore_unknown_columns = ignore_unknown;
  auto reader = integra::io::OpenObservationReader(*std::move(source), options);
  if (!reader.ok()) {
    *status = reader.status();
    return false;
  }
  ObservationRow row;
  while ((*reader)->Next(&row)) rows->push_back(row);
  *status = (*reader)->status();
  FUZZ_CHECK((*reader)->error_count() >= static_cast<int64_t>((*reader)->errors().size()));
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  integra::fuzz::FuzzInput in(data, size);
  const uint8_t options_byte = in.Byte();
  integra::io::CsvOptions csv;
  static constexpr integra::io::DecimalMark kMarks[] = {
      integra::io::DecimalMark::kAuto, integra::io::DecimalMark::kPoint,
      integra::io::DecimalMark::kComma, integra::io::DecimalMark::kPoint};
  csv.decimal_mark = kMarks[options_byte & 3];
  csv.chunk_bytes = (options_byte & 4) ? 5 : 64 * 1024;
  csv.max_record_bytes = (options_byte & 8) ? 100 : 1024 * 1024;
  const bool ignore_unknown = (options_byte & 16) != 0;

  std::vector<ObservationRow> rows;
  absl::Status status;
  if (!ReadRows(std::string(in.Rest()), csv, ignore_unknown, &rows, &status)) {
    FUZZ_CHECK(!status.ok());
    return 0;
  }
  if (!status.ok()) {
    FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  }

  // Each row written as JSON and read back is the same row.
  integra::io::CsvOptions plain;
  plain.decimal_mark = integra::io::DecimalMark::kPoint;
  for (const ObservationRow& row : rows) {
    const std::string line = integra::io::ObservationToJson(row) + "\n";
    std::vector<ObservationRow> again;
    absl::Status again_status;
    FUZZ_CHECK(ReadRows(line, plain, false, &again, &again_status));
    FUZZ_CHECK(again_status.ok());
    FUZZ_CHECK(again.size() == 1);
    ObservationRow expected = row;
    expected.line = again[0].line;
    expected.absent = again[0].absent;
    FUZZ_CHECK(again[0] == expected);
  }
  return 0;
}
