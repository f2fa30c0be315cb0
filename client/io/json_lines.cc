#include "client/io/json_lines.h"

#include <cstdio>

#include "client/io/cells.h"
#include "client/io/text_encoding.h"

namespace integra::io {

std::string JsonString(std::string_view text) {
  std::string clean = SanitizeUtf8(text);
  std::string out;
  out.reserve(clean.size() + 2);
  out += '"';
  for (size_t i = 0; i < clean.size(); ++i) {
    char c = clean[i];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else if (c == '\xE2' && i + 2 < clean.size() && clean[i + 1] == '\x80' &&
                   (clean[i + 2] == '\xA8' || clean[i + 2] == '\xA9')) {
          out += clean[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";  // JS line separators
          i += 2;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

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

}  // namespace integra::io
