// A small command-line argument parser for the integra CLI.
// `--name value`, `--name=value`, boolean `--name` (only for names listed as booleans), and
// positional arguments, in any order. Unknown flags are reported by Args::CheckKnown.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace integra::cli {

class Args {
 public:
  // Parses argv[begin..argc). `booleans` lists flags that take no value.
  static absl::StatusOr<Args> Parse(int argc, char** argv, int begin,
                                    const std::set<std::string>& booleans);
  // Also accepts a pre-split vector (tests).
  static absl::StatusOr<Args> Parse(const std::vector<std::string>& argv,
                                    const std::set<std::string>& booleans);

  const std::vector<std::string>& positional() const { return positional_; }
  std::optional<std::string> Get(const std::string& name) const;
  std::string GetOr(const std::string& name, const std::string& fallback) const;
  bool Has(const std::string& name) const { return flags_.contains(name); }
  // InvalidArgument naming the first flag that is not in `known`.
  absl::Status CheckKnown(const std::set<std::string>& known) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> flags_;
};

}  // namespace integra::cli
