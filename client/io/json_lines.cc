#include "client/io/json_lines.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "client/io/cells.h"
#include "common/json.h"

namespace integra::io {

using common::JsonString;

std::string ObservationToJson(const ObservationRow& row) {
  std::string out = "{\"ags\":" + JsonString(row.unit_key) +
                    ",\"indicator\":" + JsonString(row.indicator) +
                    ",\"period\":" + JsonString(row.period) + ",\"breakdown\":{";
  for (size_t i = 0; i < row.breakdown.size(); ++i) {
    if (i > 0) out += ',';
    out += JsonString(row.breakdown[i].first) + ":" + JsonString(row.breakdown[i].second);
  }
  out += "},\"value\":";
  out += row.value ? FormatNumber(*row.value) : "null";
  out += ",\"flags\":[";
  for (size_t i = 0; i < row.flags.size(); ++i) {
    if (i > 0) out += ',';
    out += JsonString(row.flags[i]);
  }
  out += "],\"source\":" + JsonString(row.source) + ",\"footnote\":" + JsonString(row.footnote) +
         ",\"series_break\":" + (row.series_break ? "true" : "false") + "}";
  return out;
}

absl::Status ObservationJsonLinesWriter::Write(const ObservationRow& row) {
  line_ = ObservationToJson(row);
  line_ += '\n';
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  ++rows_;
  if (out_.fail()) return absl::InternalError("writing the output failed (disk full or closed?)");
  return absl::OkStatus();
}

absl::Status ObservationJsonLinesWriter::Finish() {
  out_.flush();
  if (out_.fail()) return absl::InternalError("writing the output failed (disk full or closed?)");
  return absl::OkStatus();
}

// ---- reading ------------------------------------------------------------------------------

namespace {

enum JsonColumn {
  kJsonAgs,
  kJsonIndicator,
  kJsonPeriod,
  kJsonBreakdown,
  kJsonValue,
  kJsonFlags,
  kJsonSource,
  kJsonFootnote,
  kJsonSeriesBreak,
  kJsonColumns
};

// A scalar as the text a CSV cell would hold (numbers exactly, in the source's decimal style);
// nullopt for objects and arrays.
std::optional<std::string> ScalarText(const nlohmann::json& v, bool decimal_comma) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return std::string();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
  if (v.is_number_integer()) return v.dump();
  if (v.is_number_float()) return FormatNumber(v.get<double>(), decimal_comma);
  return std::nullopt;
}

// nlohmann's messages start with "[json.exception.parse_error.101] ".
std::string JsonReason(const std::string& what) {
  size_t bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

}  // namespace

const std::vector<std::string>& JsonLinesSource::Columns() {
  static const std::vector<std::string> columns = {"ags",       "indicator", "period",
                                                   "breakdown", "value",     "flags",
                                                   "source",    "footnote",  "series_break"};
  return columns;
}

absl::StatusOr<std::unique_ptr<JsonLinesSource>> JsonLinesSource::Open(
    std::unique_ptr<ByteSource> source, const CsvOptions& options, bool ignore_unknown_keys) {
  std::unique_ptr<JsonLinesSource> reader(new JsonLinesSource());
  reader->source_ = std::move(source);
  reader->options_ = options;
  reader->ignore_unknown_keys_ = ignore_unknown_keys;
  // JSON numbers have a decimal point; a value written as text follows --decimal-comma.
  reader->style_ = ResolveNumberStyle(options.decimal_mark, ',');
  reader->header_.fields = Columns();
  reader->buffer_.resize(std::max<size_t>(options.chunk_bytes, 1024));
  return reader;
}

bool JsonLinesSource::ReadLine(std::string* line) {
  while (true) {
    const char* start = buffer_.data() + begin_;
    const char* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    if (newline != nullptr || (eof_ && begin_ < end_)) {
      size_t length = newline != nullptr ? static_cast<size_t>(newline - start) : end_ - begin_;
      line->assign(start, length);
      if (!line->empty() && line->back() == '\r') line->pop_back();
      begin_ += length + (newline != nullptr ? 1 : 0);
      consumed_ += length + (newline != nullptr ? 1 : 0);
      ++line_;
      return true;
    }
    if (eof_) return false;
    if (end_ - begin_ >= options_.max_record_bytes) {
      status_ = absl::InvalidArgumentError(
          CsvError{line_ + 1, "",
                   "line is longer than " + std::to_string(options_.max_record_bytes) + " bytes"}
              .ToString());
      return false;
    }
    // Room for more: move the unread tail to the front, grow if the line does not fit.
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    absl::StatusOr<size_t> got = source_->Read(buffer_.data() + end_, buffer_.size() - end_);
    if (!got.ok()) {
      status_ = got.status();
      return false;
    }
    if (*got == 0) eof_ = true;
    end_ += *got;
    max_buffered_ = std::max(max_buffered_, buffer_.capacity());
  }
}

bool JsonLinesSource::Next(CsvRecord* record) {
  std::string line;
  while (status_.ok() && ReadLine(&line)) {
    std::string_view text = line;
    if (line_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (Trim(text).empty()) continue;
    *record = CsvRecord();
    record->line = line_;
    Convert(std::string(text), record);
    return true;
  }
  return false;
}

void JsonLinesSource::Convert(const std::string& line, CsvRecord* record) const {
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number beyond double ("1e999"): both are a line that
    // is not valid JSON for us, never an exception out of the reader.
    record->error = "not valid JSON: " + JsonReason(e.what());
    return;
  }
  if (!object.is_object()) {
    record->error = "a JSON Lines row must be an object ({\"ags\": ..., ...})";
    return;
  }
  const std::vector<std::string>& columns = Columns();
  record->fields.assign(kJsonColumns, std::string());
  record->missing = (1u << kJsonColumns) - 1;
  for (const auto& [key, value] : object.items()) {
    auto it = std::find(columns.begin(), columns.end(), key);
    if (it == columns.end()) {
      if (ignore_unknown_keys_) continue;
      std::string expected;
      for (const std::string& c : columns)
        absl::StrAppend(&expected, expected.empty() ? "" : ", ", c);
      record->error = absl::StrCat("unknown key '", key, "' (expected: ", expected,
                                   "; pass --ignore-unknown-columns to skip it)");
      return;
    }
    const auto column = static_cast<size_t>(it - columns.begin());
    record->missing &= ~(1u << column);
    std::string& cell = record->fields[column];
    if (column == kJsonBreakdown && value.is_object()) {
      std::vector<std::string> parts;
      for (const auto& [dimension, item] : value.items()) {
        std::optional<std::string> text = item.is_object() || item.is_array() || item.is_null()
                                              ? std::nullopt
                                              : ScalarText(item, false);
        if (!text.has_value()) {
          record->error = "key 'breakdown': the value of '" + dimension + "' must be a string";
          return;
        }
        parts.push_back(dimension + "=" + *text);
      }
      std::sort(parts.begin(), parts.end());
      for (const std::string& p : parts) cell += (cell.empty() ? "" : ";") + p;
    } else if (column == kJsonFlags && value.is_array()) {
      for (const nlohmann::json& flag : value) {
        if (!flag.is_string()) {
          record->error = "key 'flags': a list of strings is expected";
          return;
        }
        cell += (cell.empty() ? "" : "|") + flag.get<std::string>();
      }
    } else if (std::optional<std::string> text = ScalarText(value, style_ != NumberStyle::kPoint)) {
      cell = *std::move(text);
    } else {
      record->error = "key '" + key + "' must be " +
                      (column == kJsonBreakdown ? "an object or a text"
                       : column == kJsonFlags   ? "a list or a text"
                                                : "a string, number, true/false or null");
      return;
    }
  }
}

}  // namespace integra::io
