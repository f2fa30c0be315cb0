// Shared pieces of the `integra kb` command group (kb_*commands.cc): type names, node/edge
// printing and the command tables each file contributes.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/args.h"
#include "client/command.h"
#include "integra/v1/knowledge.grpc.pb.h"

namespace integra::cli::kb {

// "action_field" -> NODE_TYPE_ACTION_FIELD (case-insensitive); InvalidArgument listing the names.
absl::StatusOr<v1::NodeType> ParseNodeTypeFlag(const std::string& name);
absl::StatusOr<v1::EdgeType> ParseEdgeTypeFlag(const std::string& name);
// "addresses,evidences" -> the two types; "all" -> every type including cites; "" -> none (the
// server's default: every type but cites).
absl::StatusOr<std::vector<v1::EdgeType>> ParseEdgeTypesFlag(const std::string& list);
// "planned" -> MEASURE_STATUS_PLANNED (case-insensitive); InvalidArgument listing the names.
absl::StatusOr<v1::MeasureStatus> ParseMeasureStatusFlag(const std::string& name);
// German label of a measure status: "geplant", "laufend", "abgeschlossen", "abgebrochen".
std::string StatusLabelDe(v1::MeasureStatus status);
// Whole euros with German thousands separators: 1234567.5 -> "1.234.568 €".
std::string EuroDe(double eur);
// The strategy flags of a node: --owner AGS, and for a unit's measure --office, --start, --end
// (YYYY-MM-DD), --budget-planned, --budget-spent (EUR), --status. InvalidArgument naming the
// flag for a malformed amount or status (the server checks the rest).
absl::Status SetStrategyFlags(const Args& a, v1::Node* n);
inline const std::set<std::string> kStrategyFlags = {
    "owner", "office", "start", "end", "budget-planned", "budget-spent", "status"};

// "out" | "in" | "both".
absl::StatusOr<v1::Direction> ParseDirectionFlag(const std::string& name);

// NODE_TYPE_ACTION_FIELD -> "action_field".
std::string TypeName(v1::NodeType t);
std::string TypeName(v1::EdgeType t);

std::unique_ptr<v1::KnowledgeService::Stub> Stub(const Context& ctx);

// Nodes as a table (id, type, title_de, tags), CSV or a JSON array.
void PrintNodes(const Context& ctx, const std::vector<const v1::Node*>& nodes);
void PrintNode(const Context& ctx, const v1::Node& n);
void PrintEdge(const Context& ctx, const v1::Edge& e);
// A JSON array of any messages.
void PrintJsonArray(const Context& ctx, const std::vector<const google::protobuf::Message*>& m);
// A JSON array of the messages of a repeated field; returns kExitOk.
template <typename Repeated>
int PrintJsonList(const Context& ctx, const Repeated& items) {
  std::vector<const google::protobuf::Message*> messages;
  messages.reserve(static_cast<size_t>(items.size()));
  for (const auto& item : items) messages.push_back(&item);
  PrintJsonArray(ctx, messages);
  return kExitOk;
}

// The command tables of the kb files; kb_commands.cc merges them.
void AddDocumentCommands(std::map<std::string, Command>& commands);
void AddAnalyticsCommands(std::map<std::string, Command>& commands);

}  // namespace integra::cli::kb
