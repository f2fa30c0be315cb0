#include "client/io/csv_reader.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

#include "client/io/csv_error.h"
#include "common/status_macros.h"

namespace integra::io {
namespace {

// libcsv's parser state between records (its ROW_NOT_BEGUN). csv.h exposes the state in
// struct csv_parser but not the names; a record starts on the line where the parser leaves
// this state, which is how records keep their first line across embedded newlines.
constexpr int kRowNotBegun = 0;

constexpr unsigned char kCsvOptions = CSV_STRICT | CSV_STRICT_FINI;

}  // namespace

CsvReader::CsvReader(std::unique_ptr<ByteSource> source, const CsvOptions& options)
    : source_(std::move(source)), options_(options) {
  if (options_.chunk_bytes < 16) options_.chunk_bytes = 16;
  buffer_.resize(options_.chunk_bytes);
  csv_init(&parser_, kCsvOptions);
  // Grow the field buffer in 4 KiB steps instead of 128 bytes: fewer reallocations for long
  // free-text fields, and still small.
  csv_set_blk_size(&parser_, 4096);
}

CsvReader::~CsvReader() { csv_free(&parser_); }

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path,
                                                           const CsvOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, ByteSource::Open(path));
  return Open(std::move(source), options);
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::FromString(std::string data,
                                                                 const CsvOptions& options) {
  return Open(ByteSource::FromString(std::move(data)), options);
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(std::unique_ptr<ByteSource> source,
                                                           const CsvOptions& options) {
  std::unique_ptr<CsvReader> reader(new CsvReader(std::move(source), options));
  RETURN_IF_ERROR(reader->Start());
  return reader;
}

absl::Status CsvReader::Start() {
  if (!Fill()) return status_;
  std::string_view head(buffer_.data(), end_);
  // Files are sorted out by their content before they get here (table_source.h); stdin is not.
  switch (SniffFileKind(head)) {
    case FileKind::kZip:
      return absl::InvalidArgumentError(
          name() +
          " is a ZIP archive, not CSV text (an XLSX workbook? give it as a file path, not on "
          "stdin)");
    case FileKind::kOle2:
      return RefuseOle2(name(), false);
    case FileKind::kText:
      break;
  }
  if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    if (options_.encoding == Encoding::kLatin1) {
      return absl::InvalidArgumentError(
          "line 1: file starts with a UTF-8 byte-order mark, so it is UTF-8: drop "
          "--encoding latin1");
    }
    begin_ = 3;
  } else if (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF") {
    return absl::InvalidArgumentError(
        "line 1: file is UTF-16 (as Excel's \"Unicode text\"); re-save it as \"CSV UTF-8\"");
  }
  // The delimiter is detected from the whole header line, not from the first chunk: a header
  // longer than a chunk (a wide table with many period columns) would otherwise be judged by
  // its beginning, and the result would depend on the chunk size. Grow the buffer until it
  // holds the line (at most max_record_bytes: a longer line is refused as a record anyway).
  while (!eof_ && std::string_view(buffer_.data() + begin_, end_ - begin_)
                          .find_first_of("\r\n") == std::string_view::npos) {
    if (begin_ == 0 && end_ == buffer_.size()) {
      if (buffer_.size() >= options_.max_record_bytes) break;
      buffer_.resize(std::min(buffer_.size() * 2, options_.max_record_bytes));
    }
    if (!Fill()) return status_;
  }
  DetectDelimiter();
  csv_set_delim(&parser_, static_cast<unsigned char>(delimiter_));
  if (!Next(&header_)) {
    if (!status_.ok()) return status_;
    return absl::InvalidArgumentError(name() + " is empty: expected a header line");
  }
  return absl::OkStatus();
}

void CsvReader::DetectDelimiter() {
  if (options_.delimiter != 0) {
    delimiter_ = options_.delimiter;
    return;
  }
  std::string_view line(buffer_.data() + begin_, end_ - begin_);
  line = line.substr(0, line.find_first_of("\r\n"));
  size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  delimiter_ = ',';
  if (semicolons > commas && semicolons >= tabs) delimiter_ = ';';
  if (tabs > commas && tabs > semicolons) delimiter_ = '\t';
}

bool CsvReader::Fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) return true;  // no room: a read of 0 bytes would mean EOF
  absl::StatusOr<size_t> got = source_->Read(buffer_.data() + end_, buffer_.size() - end_);
  if (!got.ok()) {
    status_ = got.status();
    return false;
  }
  if (*got == 0) eof_ = true;
  end_ += *got;
  return true;
}

bool CsvReader::Next(CsvRecord* record) {
  while (ready_.empty()) {
    if (!status_.ok() || finished_) return false;
    if (begin_ == end_) {
      if (eof_) {
        Finish();
      } else if (!Fill()) {
        return false;
      }
      continue;
    }
    // Feed libcsv one physical line at a time, so the line counter is exact at every
    // record start. A line ends at LF, CRLF or a lone CR (old-Mac files; libcsv ends records
    // there too, so every record starts on a line of its own). A line longer than the buffer is
    // fed in pieces.
    std::string_view avail(buffer_.data() + begin_, end_ - begin_);
    size_t newline = avail.find_first_of("\r\n");
    if (newline != std::string_view::npos && avail[newline] == '\r') {
      if (newline + 1 < avail.size()) {
        if (avail[newline + 1] == '\n') ++newline;  // CRLF
      } else if (!eof_) {
        // A CR at the end of what is read so far: CRLF or a lone CR is decided by the next
        // byte. Read it first, or feed the line up to the CR when the buffer is full.
        if (begin_ > 0 || end_ < buffer_.size()) {
          if (!Fill()) return false;
          continue;
        }
        newline = std::string_view::npos;
      }
    }
    size_t take;
    if (newline != std::string_view::npos) {
      take = newline + 1;
    } else if (eof_) {
      take = avail.size();
    } else if (begin_ > 0 || end_ < buffer_.size()) {
      if (!Fill()) return false;  // room to read the rest of this line first
      continue;
    } else {
      // A line longer than the whole buffer: feed what we have, keeping back a multi-byte
      // character cut by the chunk end and a final CR whose LF may follow (the buffer is far
      // longer than 3 bytes, so take > 0).
      take = avail.size() - (options_.encoding == Encoding::kUtf8 ? Utf8IncompleteTail(avail) : 0);
      if (avail[take - 1] == '\r') --take;
    }
    ParseSegment(avail.data(), take, newline != std::string_view::npos);
    begin_ += take;
  }
  *record = std::move(ready_.front());
  ready_.pop_front();
  size_t bytes = 0;
  for (const std::string& f : record->fields) bytes += f.size();
  ready_bytes_ -= std::min(ready_bytes_, bytes);
  return true;
}

void CsvReader::ParseSegment(const char* data, size_t size, bool ends_line) {
  if (parser_.pstate == kRowNotBegun) record_line_ = line_;
  std::string_view text(data, size);
  if (text.find('\0') != std::string_view::npos) {
    Fail(line_, "",
         "file contains NUL bytes: it is UTF-16 or binary, not CSV text; re-save "
         "it as \"CSV UTF-8\"");
    return;
  }
  if (options_.encoding == Encoding::kUtf8) {
    if (std::optional<size_t> bad = FindInvalidUtf8(text)) {
      auto byte = static_cast<unsigned char>(text[*bad]);
      Fail(line_, "",
           "file is not UTF-8 (" + DescribeNonUtf8Byte(byte) +
               "); re-save as UTF-8 or pass --encoding latin1");
      return;
    }
  } else {
    converted_.clear();
    AppendWindows1252AsUtf8(text, &converted_);
    text = converted_;
  }
  size_t used = csv_parse(&parser_, text.data(), text.size(), &CsvReader::OnField,
                          &CsvReader::OnRecordEnd, this);
  if (used < text.size()) {
    if (csv_error(&parser_) == CSV_EPARSE) {
      std::string reason =
          parser_.quoted
              ? "text after a closing quote (a quote inside a quoted field must be doubled: "
                "\"say \"\"hi\"\"\")"
              : "a quote inside an unquoted field (quote the whole field and double the "
                "quote: \"12\"\" monitor\")";
      Fail(line_, ColumnName(fields_.size()), reason);
    } else {
      status_ = absl::InternalError(
          CsvError{line_, "", std::string("CSV parser: ") + csv_strerror(csv_error(&parser_))}
              .ToString());
    }
    return;
  }
  if (ends_line) ++line_;
  NoteBuffered();
  if (field_bytes_ + csv_get_buffer_size(&parser_) > options_.max_record_bytes) {
    Fail(record_line_, "",
         "record is longer than " + std::to_string(options_.max_record_bytes) +
             " bytes (a quote that is never closed?)");
  }
}

void CsvReader::Finish() {
  finished_ = true;
  if (csv_fini(&parser_, &CsvReader::OnField, &CsvReader::OnRecordEnd, this) != 0) {
    Fail(record_line_, ColumnName(fields_.size()),
         "a quoted field starts here and is never closed (the file ends inside quotes)");
  }
}

void CsvReader::OnField(void* data, size_t size, void* self) {
  auto* reader = static_cast<CsvReader*>(self);
  reader->fields_.emplace_back(static_cast<const char*>(data), size);
  reader->field_bytes_ += size;
}

void CsvReader::OnRecordEnd(int /*terminator*/, void* self) {
  auto* reader = static_cast<CsvReader*>(self);
  bool all_empty = true;
  for (const std::string& f : reader->fields_) all_empty = all_empty && f.empty();
  if (!all_empty) {
    reader->ready_bytes_ += reader->field_bytes_;
    reader->ready_.push_back(CsvRecord{reader->record_line_, std::move(reader->fields_)});
  }
  reader->fields_.clear();
  reader->field_bytes_ = 0;
}

void CsvReader::Fail(int line, const std::string& column, const std::string& reason) {
  if (!status_.ok()) return;
  status_ = absl::InvalidArgumentError(CsvError{line, column, reason}.ToString());
  ready_.clear();
  ready_bytes_ = 0;
}

size_t CsvReader::buffered_bytes() const {
  // csv.h declares its getters without const.
  size_t parser_bytes = csv_get_buffer_size(const_cast<csv_parser*>(&parser_));
  return buffer_.capacity() + parser_bytes + field_bytes_ + ready_bytes_ + converted_.capacity();
}

void CsvReader::NoteBuffered() { max_buffered_ = std::max(max_buffered_, buffered_bytes()); }

}  // namespace integra::io
