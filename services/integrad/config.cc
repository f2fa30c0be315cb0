#include "services/integrad/config.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/json.h"
#include "toml++/toml.h"

extern char** environ;

namespace integra::integrad {
namespace {

constexpr ConfigKey kKeys[] = {
    {"data_dir", KeyType::kString, "./var/integra", 0, 0, false, "",
     "RocksDB data directory, created if missing with mode 0700"},
    {"replica_of", KeyType::kString, "", 0, 0, false, "",
     "serve reads as a replica of this primary data dir (\"\" = be a primary)"},
    {"catch_up_interval_ms", KeyType::kInt, "1000", 10, 600000, false, "",
     "a replica reads the primary's new writes this often"},
    {"listen", KeyType::kString, "127.0.0.1:50051", 0, 0, false, "",
     "gRPC address HOST:PORT (port 0 = any free port)"},
    {"unix_socket", KeyType::kString, "", 0, 0, false, "",
     "serve on this unix-domain socket as well (\"\" = none)"},
    {"tls_cert", KeyType::kString, "", 0, 0, false, "", "PEM certificate chain for TLS"},
    {"tls_key", KeyType::kString, "", 0, 0, false, "", "PEM private key file of that certificate"},
    {"tls_client_ca", KeyType::kString, "", 0, 0, false, "",
     "mutual TLS: PEM CA bundle client certificates must chain to"},
    {"insecure_listen", KeyType::kBool, "false", 0, 0, false, "",
     "allow plaintext on a non-loopback address"},
    {"default_deadline_seconds", KeyType::kInt, "60", 0, 86400, false, "",
     "deadline of unary calls whose client set none (0 = never)"},
    {"max_open_streams", KeyType::kInt, "1000", 0, 1000000, false, "",
     "export and watch streams open at once (0 = no limit)"},
    {"max_streams_per_token", KeyType::kInt, "100", 0, 1000000, false, "",
     "export and watch streams one token may hold open (0 = no limit)"},
    {"sync", KeyType::kBool, "false", 0, 0, false, "", "fsync the write-ahead log on every write"},
    {"rankings", KeyType::kBool, "true", 0, 0, false, "",
     "rank units in peer comparisons (false: --no-rankings)"},
    {"cross_section_cache_mb", KeyType::kInt, "64", 0, 1048576, false, "",
     "block-cache MiB added for packed cross-sections"},
    {"allow_anonymous_read", KeyType::kBool, "false", 0, 0, false, "",
     "reads of non-confidential data need no token"},
    {"http", KeyType::kString, "", 0, 0, false, "",
     "HTTP HOST:PORT for the JSON API, dashboard, /metrics (\"\" = off)"},
    {"http_cors_origin", KeyType::kString, "", 0, 0, false, "",
     "origin allowed to call the HTTP API from a browser"},
    {"web_root", KeyType::kString, "", 0, 0, false, "",
     "built dashboard directory (\"\" = found next to the binary)"},
    {"http_threads", KeyType::kInt, "16", 1, 1024, false, "", "threads serving HTTP"},
    {"metrics_token", KeyType::kString, "", 0, 0, true, "",
     "bearer token /metrics requires (\"\" = readable without a token)"},
    {"metrics_token_file", KeyType::kString, "", 0, 0, false, "",
     "file holding the metrics token (instead of metrics_token)"},
    {"log_format", KeyType::kString, "text", 0, 0, false, "text,json",
     "log lines as text or as JSON lines"},
    {"log_level", KeyType::kString, "info", 0, 0, false, "debug,info,warn,error,off",
     "least severe level logged (info: one line per request)"},
};

const ConfigKey* FindKey(absl::string_view name) {
  for (const ConfigKey& key : kKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

absl::string_view TypeName(KeyType type) {
  switch (type) {
    case KeyType::kString:
      return "a string";
    case KeyType::kBool:
      return "a boolean (true or false)";
    case KeyType::kInt:
      return "a whole number";
  }
  return "";
}

// Checks range and choices of a value of the right type; `where` prefixes the message.
absl::Status CheckValue(const ConfigKey& key, const ConfigValue& value, absl::string_view where) {
  if (key.type == KeyType::kInt) {
    const int64_t n = std::get<int64_t>(value);
    if (n < key.min || n > key.max) {
      return absl::InvalidArgumentError(absl::StrCat(where, key.name, " must be between ", key.min,
                                                     " and ", key.max, ", got ", n));
    }
  }
  if (key.type == KeyType::kString && !key.choices.empty()) {
    const std::string& s = std::get<std::string>(value);
    for (absl::string_view choice : absl::StrSplit(key.choices, ',')) {
      if (choice == s) return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat(where, key.name, " must be one of ", key.choices,
                                                   ", got ", common::JsonString(s)));
  }
  return absl::OkStatus();
}

// A value given as text (flag, environment, default).
absl::StatusOr<ConfigValue> ParseText(const ConfigKey& key, absl::string_view text,
                                      absl::string_view where) {
  ConfigValue value;
  switch (key.type) {
    case KeyType::kString:
      value = std::string(text);
      break;
    case KeyType::kBool:
      if (text == "true" || text == "1") {
        value = true;
      } else if (text == "false" || text == "0") {
        value = false;
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat(where, key.name, " must be ", TypeName(key.type), ", got '", text, "'"));
      }
      break;
    case KeyType::kInt: {
      int64_t n = 0;
      if (!absl::SimpleAtoi(text, &n)) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, key.name, " must be ", TypeName(key.type), ", got '", text, "'"));
      }
      value = n;
      break;
    }
  }
  if (absl::Status s = CheckValue(key, value, where); !s.ok()) return s;
  return value;
}

absl::string_view TomlTypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "a date or time";
  }
}

absl::Status ReadFile(const std::string& path, std::map<std::string, Config::Entry*>& entries) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":",
                                                   static_cast<uint32_t>(e.source().begin.line),
                                                   ": ", std::string(e.description())));
  }
  for (auto&& [name, node] : table) {
    const std::string where =
        absl::StrCat(path, ":", static_cast<uint32_t>(name.source().begin.line), ": ");
    const ConfigKey* key = FindKey(std::string(name.str()));
    if (key == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, "unknown key '", std::string(name.str()), "' (integrad --help lists the keys)"));
    }
    ConfigValue value;
    bool right_type = false;
    if (key->type == KeyType::kString && node.is_string()) {
      value = std::string(*node.value<std::string>());
      right_type = true;
    } else if (key->type == KeyType::kBool && node.is_boolean()) {
      value = *node.value<bool>();
      right_type = true;
    } else if (key->type == KeyType::kInt && node.is_integer()) {
      value = *node.value<int64_t>();
      right_type = true;
    }
    if (!right_type) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, key->name, " must be ", TypeName(key->type), ", got ", TomlTypeName(node.type())));
    }
    if (absl::Status s = CheckValue(*key, value, where); !s.ok()) return s;
    entries[std::string(key->name)]->value = std::move(value);
    entries[std::string(key->name)]->source =
        absl::StrCat(path, ":", static_cast<uint32_t>(name.source().begin.line));
  }
  return absl::OkStatus();
}

}  // namespace

std::span<const ConfigKey> ConfigKeys() { return kKeys; }

std::string EnvName(absl::string_view key) {
  return absl::StrCat("INTEGRA_", absl::AsciiStrToUpper(key));
}
std::string FlagName(absl::string_view key) {
  return absl::StrCat("--", absl::StrReplaceAll(key, {{"_", "-"}}));
}

const Config::Entry& Config::Find(absl::string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) std::abort();  // not a key of ConfigKeys(): a programming error
  return it->second;
}
const std::string& Config::String(absl::string_view key) const {
  return std::get<std::string>(Find(key).value);
}
bool Config::Bool(absl::string_view key) const { return std::get<bool>(Find(key).value); }
int64_t Config::Int(absl::string_view key) const { return std::get<int64_t>(Find(key).value); }
const std::string& Config::Source(absl::string_view key) const { return Find(key).source; }

std::string TomlLiteral(const ConfigValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return common::JsonString(*s);
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  return absl::StrCat(std::get<int64_t>(value));
}

std::string Config::ToToml() const {
  std::string out = "# integrad: effective configuration (integrad --print-config)\n";
  if (!file_.empty()) absl::StrAppend(&out, "# file: ", file_, "\n");
  for (const ConfigKey& key : kKeys) {
    const Entry& entry = Find(key.name);
    const bool masked = key.secret && !std::get<std::string>(entry.value).empty();
    const std::string literal = masked ? "\"********\"" : TomlLiteral(entry.value);
    absl::StrAppend(&out, key.name, " = ", literal, "  # ", entry.source, "\n");
  }
  return out;
}

absl::StatusOr<Config> LoadConfig(const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& env,
                                  const std::string& default_file, bool* print_config) {
  Config config;
  std::map<std::string, Config::Entry*> entries;
  for (const ConfigKey& key : kKeys) {
    absl::StatusOr<ConfigValue> value = ParseText(key, key.default_value, "default ");
    if (!value.ok()) return value.status();
    Config::Entry& entry = config.entries_[std::string(key.name)];
    entry = {*std::move(value), "default"};
    entries[std::string(key.name)] = &entry;
  }

  // The command line first, so that --config is known; applied last (it wins).
  struct Given {
    const ConfigKey* key;
    std::string text;
    std::string flag;
  };
  std::vector<Given> flags;
  std::string config_file;
  bool config_given = false;
  *print_config = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--print-config") {
      *print_config = true;
      continue;
    }
    if (arg.size() < 3 || arg.substr(0, 2) != "--") {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown argument '", arg, "' (see integrad --help)"));
    }
    const size_t eq = arg.find('=');
    const std::string flag = arg.substr(0, eq);
    std::optional<std::string> inline_value;
    if (eq != std::string::npos) inline_value = arg.substr(eq + 1);
    auto take_value = [&]() -> absl::StatusOr<std::string> {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat(flag, " needs a value"));
      }
      return args[++i];
    };
    if (flag == "--config") {
      absl::StatusOr<std::string> value = take_value();
      if (!value.ok()) return value.status();
      config_file = *value;
      config_given = true;
      continue;
    }
    std::string name = absl::StrReplaceAll(flag.substr(2), {{"-", "_"}});
    const ConfigKey* key = FindKey(name);
    if (key == nullptr && absl::StartsWith(name, "no_")) {
      const ConfigKey* negated = FindKey(name.substr(3));
      if (negated != nullptr && negated->type == KeyType::kBool && !inline_value) {
        flags.push_back({negated, "false", flag});
        continue;
      }
    }
    if (key == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown argument '", arg, "' (see integrad --help)"));
    }
    if (key->type == KeyType::kBool && !inline_value) {
      flags.push_back({key, "true", flag});
      continue;
    }
    absl::StatusOr<std::string> value = take_value();
    if (!value.ok()) return value.status();
    flags.push_back({key, *value, flag});
  }

  if (!config_given) {
    if (auto it = env.find("INTEGRA_CONFIG"); it != env.end() && !it->second.empty()) {
      config_file = it->second;
      config_given = true;
    }
  }
  if (config_given) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(config_file, ec)) {
      return absl::NotFoundError(absl::StrCat("config file ", config_file, " does not exist"));
    }
  } else if (!default_file.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(default_file, ec)) config_file = default_file;
  }
  if (!config_file.empty()) {
    config.file_ = config_file;
    if (absl::Status s = ReadFile(config_file, entries); !s.ok()) return s;
  }

  for (const ConfigKey& key : kKeys) {
    const std::string name = EnvName(key.name);
    auto it = env.find(name);
    if (it == env.end()) continue;
    absl::StatusOr<ConfigValue> value = ParseText(key, it->second, absl::StrCat(name, ": "));
    if (!value.ok()) return value.status();
    *entries[std::string(key.name)] = {*std::move(value), name};
  }
  for (const Given& given : flags) {
    absl::StatusOr<ConfigValue> value =
        ParseText(*given.key, given.text, absl::StrCat(given.flag, ": "));
    if (!value.ok()) return value.status();
    *entries[std::string(given.key->name)] = {*std::move(value), given.flag};
  }
  return config;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

}  // namespace integra::integrad
