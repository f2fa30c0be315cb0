// Standalone driver for the fuzz targets in builds without libFuzzer (gcc): calls
// LLVMFuzzerTestOneInput once for every file named on the command line or found (recursively)
// in a directory named there, in sorted order, so `ctest -L fuzz` replays the seed corpora and
// the regression inputs (regress-*) of tests/fuzz/corpus/<target>/ on every build.
//
// Exit status 0 when every input ran (an input that breaks an invariant aborts the process);
// 1 when an argument cannot be read or names no input at all.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool Collect(const std::filesystem::path& arg, std::vector<std::filesystem::path>* files) {
  std::error_code ec;
  if (std::filesystem::is_directory(arg, ec)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(arg, ec)) {
      if (entry.is_regular_file()) files->push_back(entry.path());
    }
    return !ec;
  }
  if (std::filesystem::is_regular_file(arg, ec)) {
    files->push_back(arg);
    return true;
  }
  std::cerr << "cannot read '" << arg.string() << "'\n";
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    if (!Collect(argv[i], &files)) return 1;
  }
  if (files.empty()) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR_OR_FILE...  (no input found)\n";
    return 1;
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
      std::cerr << "cannot read '" << path.string() << "'\n";
      return 1;
    }
    // A copy in its own allocation, so ASan catches a read one past the end.
    std::vector<uint8_t> data(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  std::cout << "replayed " << files.size() << " input(s)\n";
  return 0;
}
