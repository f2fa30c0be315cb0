// Shared helpers of the analysis command groups (trend, compare, trajectory, rollup, gap,
// target, peers, reform): flag parsing and rendering of figures.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "client/command.h"
#include "integra/v1/monitoring.pb.h"

namespace integra::cli {

// Statistics as people read them: at most 4 decimals, trailing zeros dropped ("83.3333", "6.5").
std::string Stat(double value);
// Stat(value) if present, else "".
std::string OptStat(bool present, double value);

// "default" (or absent), "land" or a custom group's name.
void ParsePeersFlag(const std::string& text, v1::PeerSelection* out);
// InvalidArgument naming the first missing flag.
absl::Status RequireFlags(const Args& args, std::initializer_list<const char*> flags);

// A two-column "figure  value" table; as CSV one header row of the names and one row of values.
void PrintFigures(const Context& ctx, const std::vector<std::pair<std::string, std::string>>& rows);

// "on_track", "at_risk", ...
std::string Name(v1::TargetStatus status);
std::string Name(v1::QuartilePosition quartile);
std::string Name(v1::ValueSource source);

// Runs a command group that is a single command (`integra trend ...`), as `integra series`.
int RunSingleCommand(Context& ctx, const std::string& name, const Command& command,
                     const std::vector<std::string>& argv);

}  // namespace integra::cli
