#include "client/args.h"

#include "absl/strings/str_cat.h"

namespace integra::cli {

absl::StatusOr<Args> Args::Parse(int argc, char** argv, int begin,
                                 const std::set<std::string>& booleans) {
  std::vector<std::string> v;
  for (int i = begin; i < argc; ++i) v.emplace_back(argv[i]);
  return Parse(v, booleans);
}

absl::StatusOr<Args> Args::Parse(const std::vector<std::string>& argv,
                                 const std::set<std::string>& booleans) {
  Args args;
  bool only_positional = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (only_positional || a.size() < 3 || a.rfind("--", 0) != 0) {
      if (a == "--") {
        only_positional = true;
        continue;
      }
      args.positional_.push_back(a);
      continue;
    }
    std::string body = a.substr(2);
    auto eq = body.find('=');
    if (eq != std::string::npos) {
      args.flags_[body.substr(0, eq)] = body.substr(eq + 1);
      continue;
    }
    if (booleans.contains(body)) {
      args.flags_[body] = "true";
      continue;
    }
    if (i + 1 >= argv.size()) {
      return absl::InvalidArgumentError(absl::StrCat("--", body, " needs a value"));
    }
    args.flags_[body] = argv[++i];
  }
  return args;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = flags_.find(name);
  if (it == flags_.end()) return std::nullopt;
  return it->second;
}

std::string Args::GetOr(const std::string& name, const std::string& fallback) const {
  return Get(name).value_or(fallback);
}

absl::Status Args::CheckKnown(const std::set<std::string>& known) const {
  for (const auto& [name, value] : flags_) {
    if (!known.contains(name)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown option --", name));
    }
  }
  return absl::OkStatus();
}

}  // namespace integra::cli
