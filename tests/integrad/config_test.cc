// integrad's configuration (services/integrad/config.h): precedence flag > environment > file >
// default, errors naming the key and the file line, --print-config masking secrets.
#include "services/integrad/config.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace integra::integrad {
namespace {

using ::testing::HasSubstr;

class ConfigTest : public ::testing::Test {
 protected:
  std::string WriteFile(const std::string& text) {
    std::string path = dir_.Sub("integrad.toml");
    std::ofstream(path) << text;
    return path;
  }
  absl::StatusOr<Config> Load(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env = {},
                              const std::string& default_file = "") {
    return LoadConfig(args, env, default_file, &print_);
  }
  testing::TempDir dir_;
  bool print_ = false;
};

TEST_F(ConfigTest, DefaultsWithoutAnySource) {
  auto config = Load({}, {}, dir_.Sub("missing.toml"));  // a missing default file is no error
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->String("data_dir"), "./var/integra");
  EXPECT_EQ(config->String("listen"), "127.0.0.1:50051");
  EXPECT_EQ(config->Int("default_deadline_seconds"), 60);
  EXPECT_TRUE(config->Bool("rankings"));
  EXPECT_FALSE(config->Bool("sync"));
  EXPECT_EQ(config->String("log_format"), "text");
  EXPECT_EQ(config->Source("listen"), "default");
  EXPECT_EQ(config->file(), "");
  EXPECT_FALSE(print_);
}

TEST_F(ConfigTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  const std::string file = WriteFile(
      "# integrad\n"
      "listen = \"0.0.0.0:7000\"\n"
      "data_dir = \"/srv/file\"\n"
      "max_open_streams = 5\n"
      "sync = true\n");
  auto config = Load({"--config", file, "--listen=127.0.0.1:9000", "--no-sync"},
                     {{"INTEGRA_LISTEN", "127.0.0.1:8000"},
                      {"INTEGRA_DATA_DIR", "/srv/env"},
                      {"INTEGRA_BIN_DIR", "/not/a/key"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->String("listen"), "127.0.0.1:9000");  // flag over env and file
  EXPECT_EQ(config->Source("listen"), "--listen");
  EXPECT_EQ(config->String("data_dir"), "/srv/env");  // env over file
  EXPECT_EQ(config->Source("data_dir"), "INTEGRA_DATA_DIR");
  EXPECT_EQ(config->Int("max_open_streams"), 5);  // file over default
  EXPECT_EQ(config->Source("max_open_streams"), file + ":4");
  EXPECT_FALSE(config->Bool("sync"));          // --no-sync over the file's true
  EXPECT_EQ(config->Int("http_threads"), 16);  // default
  EXPECT_EQ(config->file(), file);
}

TEST_F(ConfigTest, FlagsInBothFormsAndBooleans) {
  auto config = Load({"--data-dir", "/d", "--default-deadline-seconds=0", "--no-rankings",
                      "--allow-anonymous-read", "--insecure-listen=true", "--print-config"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->String("data_dir"), "/d");
  EXPECT_EQ(config->Int("default_deadline_seconds"), 0);
  EXPECT_FALSE(config->Bool("rankings"));
  EXPECT_TRUE(config->Bool("allow_anonymous_read"));
  EXPECT_TRUE(config->Bool("insecure_listen"));
  EXPECT_TRUE(print_);
}

TEST_F(ConfigTest, ConfigFileFromEnvironmentAndDefaultPath) {
  const std::string file = WriteFile("http = \"127.0.0.1:8080\"\n");
  auto from_env = Load({}, {{"INTEGRA_CONFIG", file}});
  ASSERT_TRUE(from_env.ok()) << from_env.status();
  EXPECT_EQ(from_env->String("http"), "127.0.0.1:8080");
  auto from_default = Load({}, {}, file);
  ASSERT_TRUE(from_default.ok()) << from_default.status();
  EXPECT_EQ(from_default->String("http"), "127.0.0.1:8080");
  EXPECT_EQ(from_default->Source("http"), file + ":1");
}

TEST_F(ConfigTest, UnknownKeyInFileNamesKeyAndLine) {
  const std::string file = WriteFile("listen = \"127.0.0.1:1\"\n\nlisten_port = 5\n");
  auto config = Load({"--config", file});
  EXPECT_STATUS(config.status(), absl::StatusCode::kInvalidArgument,
                file + ":3: unknown key 'listen_port'");
}

TEST_F(ConfigTest, WrongTypeInFileNamesKeyTypeAndLine) {
  const std::string file = WriteFile("sync = true\nmax_open_streams = \"10\"\n");
  auto config = Load({"--config", file});
  EXPECT_STATUS(config.status(), absl::StatusCode::kInvalidArgument,
                file + ":2: max_open_streams must be a whole number, got a string");
  const std::string tables = WriteFile("[http]\nlisten = \"x\"\n");
  EXPECT_STATUS(Load({"--config", tables}), absl::StatusCode::kInvalidArgument,
                tables + ":1: http must be a string, got a table");
  const std::string sync = WriteFile("sync = \"yes\"\n");
  EXPECT_STATUS(Load({"--config", sync}), absl::StatusCode::kInvalidArgument,
                sync +
                    ":1: sync must be a boolean (true or false), got "
                    "a string");
}

TEST_F(ConfigTest, OutOfRangeAndBadChoiceRefused) {
  const std::string file = WriteFile("http_threads = 0\n");
  EXPECT_STATUS(Load({"--config", file}), absl::StatusCode::kInvalidArgument,
                file + ":1: http_threads must be between 1 and 1024, got 0");
  EXPECT_STATUS(Load({}, {{"INTEGRA_LOG_FORMAT", "xml"}}), absl::StatusCode::kInvalidArgument,
                "INTEGRA_LOG_FORMAT: log_format must be one of text,json");
  EXPECT_STATUS(Load({"--max-open-streams", "-1"}), absl::StatusCode::kInvalidArgument,
                "--max-open-streams: max_open_streams must be between 0");
  EXPECT_STATUS(Load({"--default-deadline-seconds=abc"}), absl::StatusCode::kInvalidArgument,
                "must be a whole number, got 'abc'");
  EXPECT_STATUS(Load({}, {{"INTEGRA_SYNC", "maybe"}}), absl::StatusCode::kInvalidArgument,
                "INTEGRA_SYNC");
}

TEST_F(ConfigTest, SyntaxErrorNamesLine) {
  const std::string file = WriteFile("listen = \"a\"\nsync = \n");
  EXPECT_STATUS(Load({"--config", file}), absl::StatusCode::kInvalidArgument, file + ":2: ");
}

TEST_F(ConfigTest, UnknownFlagAndMissingValueAndMissingFile) {
  EXPECT_STATUS(Load({"--listn", "x"}), absl::StatusCode::kInvalidArgument,
                "unknown argument '--listn'");
  EXPECT_STATUS(Load({"--listen"}), absl::StatusCode::kInvalidArgument, "--listen needs a value");
  EXPECT_STATUS(Load({"--no-listen"}), absl::StatusCode::kInvalidArgument,
                "unknown argument '--no-listen'");
  EXPECT_STATUS(Load({"--config", dir_.Sub("nope.toml")}), absl::StatusCode::kNotFound,
                "nope.toml");
}

TEST_F(ConfigTest, PrintedConfigMasksSecretsAndLoadsAgain) {
  const std::string secret = "s3cr3t-metrics-token-value";
  auto config = Load(
      {"--metrics-token", secret, "--tls-key", "/etc/integra/key.pem", "--http=127.0.0.1:8080"});
  ASSERT_TRUE(config.ok()) << config.status();
  const std::string toml = config->ToToml();
  EXPECT_THAT(toml, Not(HasSubstr(secret)));
  EXPECT_THAT(toml, HasSubstr("metrics_token = \"********\"  # --metrics-token\n"));
  EXPECT_THAT(toml, HasSubstr("tls_key = \"/etc/integra/key.pem\"  # --tls-key\n"));
  EXPECT_THAT(toml, HasSubstr("listen = \"127.0.0.1:50051\"  # default\n"));
  // Every key appears once, and the output is a valid configuration file again.
  for (const ConfigKey& key : ConfigKeys()) {
    EXPECT_THAT(toml, HasSubstr("\n" + std::string(key.name) + " = ")) << key.name;
  }
  const std::string file = WriteFile(toml);
  auto again = Load({"--config", file});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->String("http"), "127.0.0.1:8080");
  EXPECT_EQ(again->String("tls_key"), "/etc/integra/key.pem");
}

TEST_F(ConfigTest, EveryKeyHasFlagAndEnvironmentName) {
  for (const ConfigKey& key : ConfigKeys()) {
    EXPECT_EQ(FlagName(key.name).substr(0, 2), "--");
    EXPECT_EQ(EnvName(key.name).substr(0, 8), "INTEGRA_");
    // The default parses: LoadConfig with no input succeeded above; here each flag is accepted.
    const std::string text = key.type == KeyType::kBool ? "true" : std::string(key.default_value);
    if (key.type == KeyType::kInt || key.type == KeyType::kBool) {
      auto config = Load({FlagName(key.name) + "=" + text});
      EXPECT_TRUE(config.ok()) << key.name << ": " << config.status();
    }
  }
}

}  // namespace
}  // namespace integra::integrad
