#include "common/log.h"

#include <atomic>
#include <charconv>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "spdlog/sinks/basic_file_sink.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace integra::common {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};
std::atomic<bool> g_configured{false};  // nothing is logged before ConfigureLogging

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '=' || c == '\\' ||
        static_cast<unsigned char>(c) >= 0x7f) {
      return true;
    }
  }
  return false;
}

void Log(spdlog::level::level_enum level, std::string_view message,
         std::initializer_list<LogField> fields) {
  if (!g_configured.load()) return;
  auto logger = spdlog::default_logger_raw();
  if (logger == nullptr || !logger->should_log(level)) return;
  const std::string body = FormatLogEvent(g_format.load(), message, fields);
  logger->log(level, "{}", body);
}

}  // namespace

LogField::LogField(std::string_view k, double v) : key(k), number(true) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  value.assign(buffer, end);
}
LogField::LogField(std::string_view k, long long v)
    : key(k), value(std::to_string(v)), number(true) {}

std::string FormatLogEvent(LogFormat format, std::string_view message,
                           std::initializer_list<LogField> fields) {
  std::string out;
  if (format == LogFormat::kJson) {
    out = "\"msg\":";
    AppendJsonString(message, out);
    for (const LogField& f : fields) {
      out += ',';
      AppendJsonString(f.key, out);
      out += ':';
      if (f.number) {
        out += f.value;
      } else {
        AppendJsonString(f.value, out);
      }
    }
    return out;
  }
  out = std::string(message);
  for (const LogField& f : fields) {
    out += ' ';
    out += f.key;
    out += '=';
    if (!f.number && NeedsQuotes(f.value)) {
      AppendJsonString(f.value, out);
    } else {
      out += f.value;
    }
  }
  return out;
}

absl::Status ConfigureLogging(LogFormat format, std::string_view level, const std::string& file) {
  const spdlog::level::level_enum parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    return absl::InvalidArgumentError(
        absl::StrCat("log level must be debug, info, warn, error or off, got '",
                     absl::string_view(level.data(), level.size()), "'"));
  }
  spdlog::sink_ptr sink;
  try {
    if (file.empty()) {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else {
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file);
    }
  } catch (const spdlog::spdlog_ex& e) {
    return absl::InternalError(absl::StrCat("cannot open log file ", file, ": ", e.what()));
  }
  auto logger = std::make_shared<spdlog::logger>("integra", std::move(sink));
  // Time and level in the same shape in both formats; the body is FormatLogEvent's.
  logger->set_pattern(format == LogFormat::kJson
                          ? R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})"
                          : "%Y-%m-%dT%H:%M:%S.%eZ %l %v",
                      spdlog::pattern_time_type::utc);
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::trace);  // every line complete at once (journald, tests)
  g_format = format;
  spdlog::set_default_logger(std::move(logger));
  g_configured = true;
  return absl::OkStatus();
}

void LogInfo(std::string_view message, std::initializer_list<LogField> fields) {
  Log(spdlog::level::info, message, fields);
}
void LogWarn(std::string_view message, std::initializer_list<LogField> fields) {
  Log(spdlog::level::warn, message, fields);
}
void LogError(std::string_view message, std::initializer_list<LogField> fields) {
  Log(spdlog::level::err, message, fields);
}

}  // namespace integra::common
