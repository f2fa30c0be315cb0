// Fuzz target: the register files' RFC 4180 reader (services/monitoring/csv_reader.h).
//
// Invariants: the reader never loops or reads out of bounds; line numbers start at 1 and never
// go back; and whatever it reads, written back with every field quoted, reads back as the same
// records (the writer is the one of RFC 4180, so a difference is a reader bug).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "services/monitoring/csv_reader.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using Records = std::vector<std::vector<std::string>>;

// Reads every record; false if the input is refused (then `records` holds those before it).
bool ReadAll(std::string_view text, Records* records) {
  integra::monitoring::CsvReader reader(text);
  std::vector<std::string> fields;
  int last_line = 1;
  while (true) {
    auto next = reader.Next(fields);
    if (!next.ok()) {
      FUZZ_CHECK(next.status().code() == absl::StatusCode::kInvalidArgument);
      return false;
    }
    if (!*next) return true;
    FUZZ_CHECK(!fields.empty());
    FUZZ_CHECK(reader.line() >= last_line);
    last_line = reader.line();
    records->push_back(fields);
  }
}

std::string Quote(const Records& records) {
  std::string out;
  for (const auto& record : records) {
    for (size_t i = 0; i < record.size(); ++i) {
      if (i > 0) out.push_back(',');
      out.push_back('"');
      for (char c : record[i]) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
      }
      out.push_back('"');
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Records records;
  if (!ReadAll(integra::fuzz::AsText(data, size), &records)) return 0;
  Records again;
  FUZZ_CHECK(ReadAll(Quote(records), &again));
  FUZZ_CHECK(again == records);
  return 0;
}
