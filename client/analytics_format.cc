#include "client/analytics_format.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace integra::cli {
namespace {

std::string Strip(const std::string& full, const std::string& prefix) {
  return absl::AsciiStrToLower(full.substr(full.rfind(prefix, 0) == 0 ? prefix.size() : 0));
}

}  // namespace

std::string Stat(double value) {
  std::string s = absl::StrFormat("%.4f", value);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string OptStat(bool present, double value) { return present ? Stat(value) : ""; }

void ParsePeersFlag(const std::string& text, v1::PeerSelection* out) {
  const std::string t = absl::AsciiStrToLower(text);
  if (t.empty() || t == "default") {
    out->set_scope(v1::PEER_SCOPE_DEFAULT);
  } else if (t == "land") {
    out->set_scope(v1::PEER_SCOPE_LAND);
  } else if (t == "degurba") {
    out->set_scope(v1::PEER_SCOPE_DEFAULT);
    out->set_same_degurba(true);
  } else if (t == "land+degurba" || t == "degurba+land") {
    out->set_scope(v1::PEER_SCOPE_LAND);
    out->set_same_degurba(true);
  } else {
    out->set_scope(v1::PEER_SCOPE_GROUP);
    out->set_group(text);  // the server checks the name
  }
}

absl::Status RequireFlags(const Args& args, std::initializer_list<const char*> flags) {
  for (const char* f : flags) {
    if (!args.Has(f)) return absl::InvalidArgumentError(absl::StrCat("--", f, " is required"));
  }
  return absl::OkStatus();
}

void PrintFigures(const Context& ctx,
                  const std::vector<std::pair<std::string, std::string>>& rows) {
  if (ctx.format == Format::kCsv) {
    std::vector<std::string> names, values;
    for (const auto& [name, value] : rows) {
      names.push_back(name);
      values.push_back(value);
    }
    Table table(names);
    table.AddRow(values);
    PrintTable(ctx, table);
    return;
  }
  Table table({"figure", "value"});
  for (const auto& [name, value] : rows) table.AddRow({name, value});
  PrintTable(ctx, table);
}

std::string Name(v1::TargetStatus s) { return Strip(v1::TargetStatus_Name(s), "TARGET_STATUS_"); }
std::string Name(v1::QuartilePosition q) {
  return Strip(v1::QuartilePosition_Name(q), "QUARTILE_POSITION_");
}
std::string Name(v1::ValueSource s) { return Strip(v1::ValueSource_Name(s), "VALUE_SOURCE_"); }

int RunSingleCommand(Context& ctx, const std::string& name, const Command& command,
                     const std::vector<std::string>& argv) {
  const std::map<std::string, Command> commands{{name, command}};
  std::vector<std::string> args = {name};
  if (!argv.empty() && (argv[0] == "help" || argv[0] == "--help")) {
    args = argv;
  } else {
    args.insert(args.end(), argv.begin(), argv.end());
  }
  return Dispatch(ctx, name, commands, args);
}

}  // namespace integra::cli
