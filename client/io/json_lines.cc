#include "client/io/json_lines.h"

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

}  // namespace integra::io
