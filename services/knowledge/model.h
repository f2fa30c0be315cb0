// The knowledge graph's domain model: typed nodes, typed edges and the rules that bind them.
//
// Persisted enums carry explicit values: never renumber, only append.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace integra::knowledge {

enum class NodeType : uint8_t {
  kActionField = 1,    // Handlungsfeld of the 2007 National Integration Plan
  kSuccessFactor = 2,  // Erfolgsbedingung
  kRecommendation = 3, // Empfehlung für Kommunen
  kFinding = 4,        // survey result / finding
  kChallenge = 5,      // task or challenge named by municipalities
  kResource = 6,       // resource municipalities draw on
  kSupportNeed = 7,    // support need municipalities name
  kIndicator = 8,      // monitoring indicator (mirrors the indicator catalog)
  kMeasure = 9,        // local programme or step
  kSource = 10,        // publication, survey or talk
};
inline constexpr NodeType kAllNodeTypes[] = {
    NodeType::kActionField, NodeType::kSuccessFactor, NodeType::kRecommendation,
    NodeType::kFinding,     NodeType::kChallenge,     NodeType::kResource,
    NodeType::kSupportNeed, NodeType::kIndicator,     NodeType::kMeasure,
    NodeType::kSource};

enum class EdgeType : uint8_t {
  kAddresses = 1,
  kEnables = 2,
  kEvidences = 3,
  kMeasures = 4,
  kImplements = 5,
  kRequires = 6,
  kCites = 7,
};
inline constexpr EdgeType kAllEdgeTypes[] = {
    EdgeType::kAddresses, EdgeType::kEnables,  EdgeType::kEvidences, EdgeType::kMeasures,
    EdgeType::kImplements, EdgeType::kRequires, EdgeType::kCites};

// Lower-case snake names ("action_field", "requires"), used by the CLI, the data files and docs.
std::string NodeTypeName(NodeType type);
std::string EdgeTypeName(EdgeType type);
// Parses a name case-insensitively; InvalidArgument listing the valid names otherwise.
absl::StatusOr<NodeType> ParseNodeType(const std::string& name);
absl::StatusOr<EdgeType> ParseEdgeType(const std::string& name);

struct Provenance {
  std::string source_id;  // id of a SOURCE node, or empty
  int32_t year = 0;       // 0 = unknown
  int32_t sample_size = 0;  // survey N, 0 = not applicable
  std::string locator;    // where in the source: "slide 7", "p. 12"
  bool operator==(const Provenance&) const = default;
};

struct Node {
  std::string id;
  NodeType type = NodeType::kActionField;
  std::string title_de;
  std::string title_en;
  std::string description;
  std::vector<std::string> tags;
  Provenance provenance;
  bool operator==(const Node&) const = default;
};

struct Edge {
  std::string from;
  std::string to;
  EdgeType type = EdgeType::kAddresses;
  std::optional<double> weight;
  std::string note;
  bool operator==(const Edge&) const = default;
};

// Node ids are stable and human readable: lower-case ASCII letters, digits, '.', '-' and '_',
// starting with a letter, 2 to 100 characters (e.g. "af.language-education").
absl::Status ValidateNodeId(const std::string& id);
// Checks id syntax, non-empty German title, tag syntax. Returns InvalidArgument with the reason.
absl::Status ValidateNode(const Node& node);

// Whether an edge of `type` may run from a node of type `from` to one of type `to`.
bool IsAllowedEdge(EdgeType type, NodeType from, NodeType to);
// The allowed target types for an edge type and source type (empty if none).
std::vector<NodeType> AllowedTargets(EdgeType type, NodeType from);
// A human-readable list of allowed (from -> to) pairs for `type`, for error messages and docs.
std::string DescribeAllowedPairs(EdgeType type);

}  // namespace integra::knowledge
