// A fresh temporary directory per test, removed on destruction (tests stay hermetic and can run
// in parallel under ctest -j).
#pragma once

#include <map>
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

// Every file below `dir`: relative name -> its bytes (the whole content, so any change shows).
std::map<std::string, std::string> FileContents(const std::string& dir);

}  // namespace integra::testing
