// Fuzz target: the import CSV reader (client/io/csv_reader.h, libcsv underneath) and the typed
// readers over it: observations in every format (long, wide, Open SDG, SDMX-CSV), units,
// indicators and targets (client/io/observation_reader.h, catalog_readers.h).
//
// The first byte picks the options (delimiter, encoding, decimal mark, ignore unknown columns),
// the second the typed reader; the rest is the file.
// Invariants: reading in 16-byte chunks gives exactly the records and line numbers of reading
// in 64 KiB chunks, and fails (if at all) on the same line (the chunk boundary is invisible); line
// numbers never go back; fatal problems are InvalidArgument naming a line; a typed reader never
// hands out more rows than it read records for (wide files excepted) and counts every error it
// keeps.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "client/io/catalog_readers.h"
#include "client/io/csv_reader.h"
#include "client/io/observation_reader.h"
#include "client/io/rows.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using integra::io::CsvOptions;
using integra::io::CsvReader;
using integra::io::CsvRecord;

struct Outcome {
  std::vector<CsvRecord> records;
  absl::Status status;
  bool opened = false;
};

Outcome ReadRecords(const std::string& text, CsvOptions options) {
  Outcome out;
  auto reader = CsvReader::FromString(text, options);
  if (!reader.ok()) {
    FUZZ_CHECK(reader.status().code() == absl::StatusCode::kInvalidArgument);
    out.status = reader.status();
    return out;
  }
  out.opened = true;
  out.records.push_back((*reader)->header());
  CsvRecord record;
  int last_line = (*reader)->header().line;
  while ((*reader)->Next(&record)) {
    FUZZ_CHECK(record.line >= last_line);
    last_line = record.line;
    out.records.push_back(record);
  }
  out.status = (*reader)->status();
  if (!out.status.ok()) {
    FUZZ_CHECK(out.status.code() == absl::StatusCode::kInvalidArgument);
    FUZZ_CHECK(out.status.message().substr(0, 5) == "line ");
  }
  return out;
}

// "line 12" of "line 12, column x: ..." ("" for OK).
std::string LineOf(const absl::Status& status) {
  const std::string message(status.message());
  return message.substr(0, message.find_first_of(",:"));
}

bool SameRecords(const std::vector<CsvRecord>& a, const std::vector<CsvRecord>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].line != b[i].line || a[i].fields != b[i].fields) return false;
  }
  return true;
}

template <typename Reader, typename Row>
void Drain(Reader& reader) {
  Row row;
  int64_t rows = 0;
  while (reader.Next(&row)) ++rows;
  FUZZ_CHECK(reader.error_count() >= static_cast<int64_t>(reader.errors().size()));
}

void ReadTyped(const std::string& text, const CsvOptions& csv, uint8_t kind, bool ignore_unknown) {
  auto source = CsvReader::FromString(text, csv);
  if (!source.ok()) return;
  switch (kind % 4) {
    case 0: {
      integra::io::ObservationReadOptions options;
      options.csv = csv;
      options.ignore_unknown_columns = ignore_unknown;
      options.indicator = (kind & 4) ? "AUSL_ANTEIL" : "";
      options.unit_key = (kind & 8) ? "05315000" : "";
      auto reader = integra::io::OpenObservationReader(*std::move(source), options);
      if (reader.ok()) Drain<integra::io::ObservationReader, integra::io::ObservationRow>(**reader);
      return;
    }
    case 1: {
      integra::io::TableReadOptions options{.csv = csv, .ignore_unknown_columns = ignore_unknown};
      auto reader = integra::io::UnitCsvReader::Open(*std::move(source), options);
      if (reader.ok()) Drain<integra::io::UnitCsvReader, integra::io::UnitRow>(**reader);
      return;
    }
    case 2: {
      integra::io::TableReadOptions options{.csv = csv, .ignore_unknown_columns = ignore_unknown};
      auto reader = integra::io::IndicatorCsvReader::Open(*std::move(source), options);
      if (reader.ok()) Drain<integra::io::IndicatorCsvReader, integra::io::IndicatorRow>(**reader);
      return;
    }
    default: {
      integra::io::TableReadOptions options{.csv = csv, .ignore_unknown_columns = ignore_unknown};
      auto reader = integra::io::TargetCsvReader::Open(*std::move(source), options);
      if (reader.ok()) Drain<integra::io::TargetCsvReader, integra::io::TargetRow>(**reader);
      return;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  integra::fuzz::FuzzInput in(data, size);
  const uint8_t options_byte = in.Byte();
  const uint8_t kind = in.Byte();
  const std::string text(in.Rest());

  CsvOptions csv;
  static constexpr char kDelimiters[] = {0, ',', ';', '\t'};
  csv.delimiter = kDelimiters[options_byte & 3];
  csv.encoding = (options_byte & 4) ? integra::io::Encoding::kLatin1 : integra::io::Encoding::kUtf8;
  static constexpr integra::io::DecimalMark kMarks[] = {
      integra::io::DecimalMark::kAuto, integra::io::DecimalMark::kPoint,
      integra::io::DecimalMark::kComma, integra::io::DecimalMark::kAuto};
  csv.decimal_mark = kMarks[(options_byte >> 3) & 3];
  csv.max_record_bytes = (options_byte & 32) ? 64 : 1024 * 1024;
  const bool ignore_unknown = (options_byte & 64) != 0;

  const Outcome whole = ReadRecords(text, csv);
  CsvOptions small = csv;
  small.chunk_bytes = 16;  // the smallest chunk the reader takes
  const Outcome chunked = ReadRecords(text, small);
  FUZZ_CHECK(whole.opened == chunked.opened);
  // The same outcome, and a failure on the same line. (Not necessarily the same reason: when
  // one line has two problems, say a stray quote and later a byte that is not UTF-8, a line
  // read whole reports the encoding, a line read in pieces the problem of the first piece.)
  if (LineOf(whole.status) != LineOf(chunked.status)) {
    std::fprintf(stderr, "64 KiB chunks: %s\n16-byte chunks: %s\n", whole.status.ToString().c_str(),
                 chunked.status.ToString().c_str());
  }
  FUZZ_CHECK(whole.status.code() == chunked.status.code());
  FUZZ_CHECK(LineOf(whole.status) == LineOf(chunked.status));
  FUZZ_CHECK(SameRecords(whole.records, chunked.records));

  ReadTyped(text, csv, kind, ignore_unknown);
  return 0;
}
