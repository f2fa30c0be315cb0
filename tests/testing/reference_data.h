// The official reference files in data/reference/ (register, INKAR, Zensus) for tests.
#pragma once

#include <string>

namespace integra::testing {

// Absolute path of data/reference/<name> in the source tree.
std::string ReferencePath(const std::string& name);
// Its whole content, bytes as stored ("" if the file cannot be read).
std::string ReadReference(const std::string& name);

}  // namespace integra::testing
