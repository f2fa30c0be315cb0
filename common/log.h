// integra's log: one structured event per line, as text or as JSON lines, through spdlog
// (Debian libspdlog-dev).
//
// An event is a message and fields. Text:  2026-12-04T19:20:01.123Z info request rpc=... code=OK
// JSON:  {"time":"2026-12-04T19:20:01.123456Z","level":"info","msg":"request","rpc":"...",...}
// Times are UTC. Field values are strings or numbers; in text a value with a space, quote or
// '=' is quoted like a JSON string, in JSON every string is escaped (common/json.h), so a value
// can never break a line or forge a field.
//
// Nothing is logged until ConfigureLogging has been called (integrad calls it at start; the
// in-process servers of the tests stay quiet unless a test configures a log).
//
// What is logged is chosen by the caller: never pass a secret (a token is logged by its id).
// Thread-safety: Log* are thread-safe; ConfigureLogging is called once at start (before threads
// log), or by tests between servers.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace integra::common {

enum class LogFormat { kText, kJson };

// Lines go to stderr, or appended to `file` if it is not empty (tests). `level`: debug, info,
// warn, error or off. InvalidArgument for another level; Internal if `file` cannot be opened.
absl::Status ConfigureLogging(LogFormat format, std::string_view level,
                              const std::string& file = "");

struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v) {}
  LogField(std::string_view k, double v);
  LogField(std::string_view k, long long v);
  std::string_view key;
  std::string value;
  bool number = false;
};

void LogInfo(std::string_view message, std::initializer_list<LogField> fields = {});
void LogWarn(std::string_view message, std::initializer_list<LogField> fields = {});
void LogError(std::string_view message, std::initializer_list<LogField> fields = {});

// The event as one line's body, without time and level (exposed for tests).
std::string FormatLogEvent(LogFormat format, std::string_view message,
                           std::initializer_list<LogField> fields);

}  // namespace integra::common
