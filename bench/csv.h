// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields: true of the register
// files). InvalidArgument for an unclosed quote.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::bench {

absl::StatusOr<std::vector<std::string>> SplitCsvLine(const std::string& line);

}  // namespace integra::bench
