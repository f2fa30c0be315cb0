// A fresh temporary directory per test, removed on destruction (tests stay hermetic and can run
// in parallel under ctest -j).
#pragma once

#include <string>

namespace integra::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace integra::testing
