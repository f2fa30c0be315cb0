// The knowledge graph's domain model: typed nodes, typed edges and the rules that bind them.
//
// Persisted enums carry explicit values: never renumber, only append.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
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

// Size limits of the free-text fields, in bytes of UTF-8, and of the tag list. Generous for
// real content (the seed's longest title is 347 bytes, its longest description 429, at most 5
// tags) and small enough that one request cannot make a node megabytes large: every node is
// read whole by graph loads, search and exports. Documented in docs/knowledge.md ("Limits").
inline constexpr size_t kMaxTitleBytes = 1000;         // title_de, title_en
inline constexpr size_t kMaxDescriptionBytes = 16384;  // description
inline constexpr size_t kMaxTags = 32;                 // tags per node
inline constexpr size_t kMaxTagBytes = 100;            // each tag
inline constexpr size_t kMaxLocatorBytes = 500;        // provenance.locator
inline constexpr size_t kMaxEdgeNoteBytes = 2000;      // edge note

// Node ids are stable and human readable: lower-case ASCII letters, digits, '.', '-' and '_',
// starting with a letter, 2 to 100 characters (e.g. "af.language-education").
absl::Status ValidateNodeId(const std::string& id);
// Checks id syntax, non-empty German title, tag syntax and the size limits above. Returns
// InvalidArgument with the reason; for a size limit it names the field, the limit and the
// actual size ("node 'rec.x': description is 10485760 bytes, the limit is 16384 bytes").
absl::Status ValidateNode(const Node& node);
// Checks the edge's free text against kMaxEdgeNoteBytes (the endpoints, weight and type pair are
// checked where the graph is known: KnowledgeStore::Link, ValidateGraph). InvalidArgument naming
// the edge, the limit and the actual size.
absl::Status ValidateEdgeText(const Edge& edge);

// Whether an edge of `type` may run from a node of type `from` to one of type `to`.
bool IsAllowedEdge(EdgeType type, NodeType from, NodeType to);
// The allowed target types for an edge type and source type (empty if none).
std::vector<NodeType> AllowedTargets(EdgeType type, NodeType from);
// A human-readable list of allowed (from -> to) pairs for `type`, for error messages and docs.
std::string DescribeAllowedPairs(EdgeType type);

}  // namespace integra::knowledge
