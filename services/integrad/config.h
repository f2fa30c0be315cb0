// integrad's configuration: one list of keys, four sources, one effective value per key.
//
// Every serving option of integrad is a key here (ConfigKeys()). Each key can be given
//   - on the command line: --KEY-WITH-DASHES VALUE or --KEY-WITH-DASHES=VALUE; a boolean key as
//     --KEY (true), --no-KEY (false) or --KEY=true|false;
//   - in the environment: INTEGRA_<KEY IN UPPER CASE>, e.g. INTEGRA_DATA_DIR, INTEGRA_SYNC=true;
//   - in a TOML file: `key = value` at the top level (integrad --config FILE, or INTEGRA_CONFIG;
//     without either /etc/integra/integrad.toml is read if it exists);
//   - or it keeps its default.
// Precedence: flag > environment > file > default. Keys use underscores in the file and in the
// environment, dashes on the command line (data_dir, INTEGRA_DATA_DIR, --data-dir).
//
// Errors (absl::InvalidArgumentError, messages meant for the operator): an unknown key in the
// file or on the command line, a value of the wrong type or out of range, a TOML syntax error;
// file errors read "FILE:LINE: ...", environment errors name the variable, flag errors the flag.
// Environment variables starting with INTEGRA_ that are no key are ignored (the CLI and the
// tests use some of their own). A missing --config file is an error (NotFound); a missing
// default file is not.
//
// No gRPC, no RocksDB: integrad's main.cc maps the effective values onto its options.
// Thread-safety: Config is an immutable value once loaded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace integra::integrad {

enum class KeyType { kString, kBool, kInt };

struct ConfigKey {
  absl::string_view name;  // "data_dir": TOML key; flag --data-dir; env INTEGRA_DATA_DIR
  KeyType type;
  absl::string_view default_value;  // as it would be written in TOML, without quotes
  int64_t min = 0;                  // kInt: accepted range
  int64_t max = 0;
  // A secret value (a token itself, not the path of a file holding one): --print-config shows
  // "********" when it is set.
  bool secret = false;
  // kString with a fixed set of values ("text,json"); "" = any string.
  absl::string_view choices = "";
  absl::string_view help;
};

// Every key, in the order --print-config and docs/operations.md list them.
std::span<const ConfigKey> ConfigKeys();

using ConfigValue = std::variant<std::string, bool, int64_t>;

class Config {
 public:
  // The effective value of `key` (a name of ConfigKeys(); anything else is a programming error
  // and aborts). String(), Bool(), Int() must match the key's type.
  const std::string& String(absl::string_view key) const;
  bool Bool(absl::string_view key) const;
  int64_t Int(absl::string_view key) const;
  // Where the value came from: "default", "FILE:LINE", "INTEGRA_X" or "--x".
  const std::string& Source(absl::string_view key) const;
  // Whether the value came from anything but the default.
  bool IsSet(absl::string_view key) const { return Source(key) != "default"; }
  // The file read ("" if none).
  const std::string& file() const { return file_; }

  // The effective configuration as a TOML document that integrad --config accepts again: every
  // key with its value and, as a comment, its source; secret values set are "********".
  std::string ToToml() const;

  struct Entry {
    ConfigValue value;
    std::string source;
  };

 private:
  friend absl::StatusOr<Config> LoadConfig(const std::vector<std::string>&,
                                           const std::map<std::string, std::string>&,
                                           const std::string&, bool*);
  const Entry& Find(absl::string_view key) const;
  std::map<std::string, Entry, std::less<>> entries_;
  std::string file_;
};

// Loads the configuration from `args` (the command line without the program name: flags only),
// `env` (the environment, all of it; only INTEGRA_* keys are read) and the file named by
// --config in `args`, else by INTEGRA_CONFIG in `env`, else `default_file` if that exists.
// Sets *print_config when `--print-config` is among the args. Errors: see the header comment.
absl::StatusOr<Config> LoadConfig(const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& env,
                                  const std::string& default_file, bool* print_config);

// The process environment as a map (for LoadConfig).
std::map<std::string, std::string> ProcessEnvironment();

// The environment variable and the flag of a key: "INTEGRA_DATA_DIR", "--data-dir".
std::string EnvName(absl::string_view key);
std::string FlagName(absl::string_view key);

// The TOML literal of `value` ("text" quoted and escaped, true/false, 42).
std::string TomlLiteral(const ConfigValue& value);

}  // namespace integra::integrad
