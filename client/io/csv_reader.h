// Streaming RFC 4180 CSV reader over libcsv, with physical line numbers.
//
// Reads the input in fixed-size chunks and hands out one record at a time, so memory stays
// flat whatever the file size: what it holds is bounded by the chunk size plus the longest
// record (and records longer than CsvOptions::max_record_bytes are refused).
//
// - Quotes, doubled quotes, delimiters and newlines inside quoted fields (RFC 4180); strict
//   quoting: a stray quote is an error, not silently kept.
// - UTF-8 with or without byte-order mark. Non-UTF-8 input is refused with the line and the
//   offending byte, or converted from Windows-1252/Latin-1 when the options say so. UTF-16
//   (as Excel's "Unicode text") is recognised and refused.
// - Delimiter ',', ';' or tab, detected from the header line unless given.
// - Every record knows the 1-based physical line it starts on, also after fields with
//   embedded newlines. A line ends at LF, CRLF or a lone CR (old-Mac files), as in text
//   editors; line ends inside quoted fields count too.
// - Records whose fields are all empty are skipped: spreadsheets write them as ";;;;".
//
// Not thread-safe; one reader per input.
#pragma once

#include <csv.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/io/byte_source.h"
#include "client/io/cells.h"
#include "client/io/record_source.h"
#include "client/io/text_encoding.h"

namespace integra::io {

struct CsvOptions {
  // Field delimiter; 0 = detect from the header line: the most frequent of ',', ';' and tab
  // outside quotes (ties and none: ','), counted over the whole line however long it is
  // (up to max_record_bytes), so the chunk size never changes the result.
  char delimiter = 0;
  Encoding encoding = Encoding::kUtf8;
  // How numbers are written; kAuto resolves from the delimiter (see ResolveNumberStyle).
  // The CSV layer only passes this on to the typed readers.
  DecimalMark decimal_mark = DecimalMark::kAuto;
  size_t chunk_bytes = size_t{64} * 1024;
  // Longest record accepted (bytes). A longer one is almost always a quote that is never
  // closed, which would otherwise swallow the rest of the file.
  size_t max_record_bytes = size_t{1024} * 1024;
};

class CsvReader : public RecordSource {
 public:
  // Opens `path` ("-" = stdin) and reads the header record. Errors: those of
  // ByteSource::Open; InvalidArgument for an empty file or when the header line is not
  // readable (e.g. "line 1: file is UTF-16 ...").
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(const std::string& path,
                                                         const CsvOptions& options);
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(std::unique_ptr<ByteSource> source,
                                                         const CsvOptions& options);
  // Convenience for tests and small inputs.
  static absl::StatusOr<std::unique_ptr<CsvReader>> FromString(std::string data,
                                                               const CsvOptions& options);
  ~CsvReader() override;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The header record (fields as written, unnormalised).
  const CsvRecord& header() const override { return header_; }

  // Fills `record` with the next data record and returns true; returns false at the end of
  // the input or after a fatal problem, which status() then describes. Fatal problems are
  // InvalidArgument with a message that starts with the line, e.g.
  // "line 12: file is not UTF-8 (looks like Latin-1/Windows-1252: byte 0xFC 'ü'); re-save
  // as UTF-8 or pass --encoding latin1"; read errors are Internal.
  bool Next(CsvRecord* record) override;
  const absl::Status& status() const override { return status_; }

  char delimiter() const { return delimiter_; }
  // DecimalMark from the options resolved against the delimiter.
  NumberStyle number_style() const override {
    return ResolveNumberStyle(options_.decimal_mark, delimiter_);
  }
  const std::string& name() const override { return source_->name(); }

  // Progress: input bytes fully processed so far, and the input size when known.
  uint64_t bytes_consumed() const override { return source_->bytes_read() - (end_ - begin_); }
  std::optional<uint64_t> total_bytes() const override { return source_->total_bytes(); }
  // Bytes this reader holds now (chunk buffer, parser buffer, pending records), and the
  // largest value that has had so far: the proof that memory stays flat.
  size_t buffered_bytes() const;
  size_t max_buffered_bytes() const override { return max_buffered_; }

 private:
  CsvReader(std::unique_ptr<ByteSource> source, const CsvOptions& options);
  absl::Status Start();
  bool Fill();
  void DetectDelimiter();
  void ParseSegment(const char* data, size_t size, bool ends_line);
  void Finish();
  void Fail(int line, const std::string& column, const std::string& reason);
  void NoteBuffered();
  static void OnField(void* data, size_t size, void* self);
  static void OnRecordEnd(int terminator, void* self);

  std::unique_ptr<ByteSource> source_;
  CsvOptions options_;
  csv_parser parser_{};
  char delimiter_ = ',';
  std::vector<char> buffer_;
  size_t begin_ = 0;  // unprocessed bytes are buffer_[begin_, end_)
  size_t end_ = 0;
  bool eof_ = false;
  bool finished_ = false;
  int line_ = 1;                     // physical line of the next byte to parse
  int record_line_ = 1;              // line the record being parsed started on
  std::vector<std::string> fields_;  // fields of the record being parsed
  size_t field_bytes_ = 0;
  std::deque<CsvRecord> ready_;
  size_t ready_bytes_ = 0;
  std::string converted_;  // Latin-1 segment converted to UTF-8
  CsvRecord header_;
  absl::Status status_;
  size_t max_buffered_ = 0;
};

}  // namespace integra::io
