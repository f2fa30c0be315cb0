#include "tests/testing/reference_data.h"

#include <fstream>
#include <sstream>

namespace integra::testing {

std::string ReferencePath(const std::string& name) {
  return std::string(INTEGRA_SOURCE_DIR) + "/data/reference/" + name;
}

std::string ReadReference(const std::string& name) {
  std::ifstream in(ReferencePath(name), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace integra::testing
