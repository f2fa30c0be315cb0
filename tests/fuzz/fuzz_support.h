// Helpers shared by the fuzz targets of tests/fuzz (one LLVMFuzzerTestOneInput per target).
//
// The same target binary is linked either with libFuzzer (the `fuzz` preset, clang) or with
// replay_main.cc (every other build, registered with CTest under the label `fuzz`), so nothing
// here may depend on libFuzzer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

// An invariant of the code under test. Violations abort, which libFuzzer reports as a crash
// and the replay driver as a failed test.
#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace integra::fuzz {

// Splits the fuzzer's bytes into small decisions (options, selectors) and the payload, so one
// target can steer a code path without a protobuf mutator. Reading past the end yields zeros.
class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  uint8_t Byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // Up to `max` bytes, as many as the next byte says (a length prefix).
  std::string_view Chunk(size_t max) {
    const size_t n = std::min<size_t>(Byte() % (max + 1), rest_.size());
    std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
  }
  // Everything not consumed yet.
  std::string_view Rest() {
    std::string_view out = rest_;
    rest_ = {};
    return out;
  }
  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace integra::fuzz
