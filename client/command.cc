#include "client/command.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace integra::cli {

int Dispatch(Context& ctx, const std::string& group, const std::map<std::string, Command>& commands,
             const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] == "help" || argv[0] == "--help") {
    *ctx.out << "integra " << group << " commands:\n";
    for (const auto& [name, cmd] : commands) *ctx.out << "  " << cmd.usage << "\n";
    return argv.empty() ? kExitUsage : kExitOk;
  }
  auto it = commands.find(argv[0]);
  if (it == commands.end()) {
    return ReportUsage(
        ctx,
        absl::InvalidArgumentError(absl::StrCat("unknown ", group, " command '", argv[0], "'")),
        absl::StrCat("integra ", group, " help"));
  }
  const Command& cmd = it->second;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--help" || argv[i] == "-h") {
      *ctx.out << "usage: " << cmd.usage << "\n";
      return kExitOk;
    }
  }
  if (!cmd.formats.contains(ctx.format)) {
    std::vector<std::string> names;
    for (Format f : cmd.formats) names.push_back(FormatName(f));
    return ReportUsage(
        ctx,
        absl::InvalidArgumentError(
            absl::StrCat("integra ", group, " ", argv[0], " does not support --format ",
                         FormatName(ctx.format), " (supported: ", absl::StrJoin(names, ", "), ")")),
        cmd.usage);
  }
  auto args = Args::Parse(std::vector<std::string>(argv.begin() + 1, argv.end()), cmd.booleans);
  if (!args.ok()) return ReportUsage(ctx, args.status(), cmd.usage);
  if (absl::Status known = args->CheckKnown(cmd.flags); !known.ok()) {
    return ReportUsage(ctx, known, cmd.usage);
  }
  if (args->positional().size() != cmd.positional) {
    return ReportUsage(
        ctx,
        absl::InvalidArgumentError(absl::StrCat("expected ", cmd.positional, " argument(s), got ",
                                                args->positional().size())),
        cmd.usage);
  }
  return cmd.run(ctx, *args);
}

void PrintTable(const Context& ctx, const Table& table) {
  if (ctx.format == Format::kCsv) {
    table.PrintCsv(*ctx.out);
  } else {
    table.PrintAligned(*ctx.out, ctx.width);
  }
}

}  // namespace integra::cli
