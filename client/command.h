// A table of CLI subcommands and the one dispatcher that validates their arguments.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "client/args.h"
#include "client/context.h"

namespace integra::cli {

struct Command {
  std::string usage;
  std::set<std::string> flags;     // accepted --flags (besides the global ones)
  std::set<std::string> booleans;  // those of `flags` that take no value
  size_t positional;               // exact number of positional arguments
  std::function<int(Context&, const Args&)> run;
  // Output formats the command can print; Dispatch refuses any other --format with a usage error.
  std::set<Format> formats = {Format::kTable, Format::kJson, Format::kCsv};
};

// Runs argv[0] from `commands` of group `group` ("kb", "unit", ...): parses and checks flags and
// positional count, prints usage on error, "help" lists the group.
int Dispatch(Context& ctx, const std::string& group, const std::map<std::string, Command>& commands,
             const std::vector<std::string>& argv);

// Prints a table in the context's format (table or csv; json callers print messages instead).
void PrintTable(const Context& ctx, const Table& table);

}  // namespace integra::cli
