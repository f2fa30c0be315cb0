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
  kGoal = 11,          // a unit's strategic goal (Ziel); always owned, may nest
};
inline constexpr NodeType kAllNodeTypes[] = {
    NodeType::kActionField, NodeType::kSuccessFactor, NodeType::kRecommendation,
    NodeType::kFinding,     NodeType::kChallenge,     NodeType::kResource,
    NodeType::kSupportNeed, NodeType::kIndicator,     NodeType::kMeasure,
    NodeType::kSource,      NodeType::kGoal};

enum class EdgeType : uint8_t {
  kAddresses = 1,
  kEnables = 2,
  kEvidences = 3,
  kMeasures = 4,
  kImplements = 5,
  kRequires = 6,
  kCites = 7,
  kContributesTo = 8,  // owned measure -> goal, goal -> goal (nesting); acyclic
  kInstanceOf = 9,     // owned measure -> the generic (national) measure it is a case of
};
inline constexpr EdgeType kAllEdgeTypes[] = {
    EdgeType::kAddresses,  EdgeType::kEnables,  EdgeType::kEvidences,
    EdgeType::kMeasures,   EdgeType::kImplements, EdgeType::kRequires,
    EdgeType::kCites,      EdgeType::kContributesTo, EdgeType::kInstanceOf};
// Edge types that must stay acyclic (REQUIRES: planning order; CONTRIBUTES_TO: goal nesting).
bool IsAcyclicEdgeType(EdgeType type);

// Status of a unit's own measure. Persisted: never renumber, only append.
enum class MeasureStatus : uint8_t {
  kUnspecified = 0,  // not a unit's measure (generic content)
  kPlanned = 1,      // geplant
  kRunning = 2,      // laufend
  kFinished = 3,     // abgeschlossen
  kStopped = 4,      // abgebrochen
};
// "planned", "running", "finished", "stopped" ("" for kUnspecified).
std::string MeasureStatusName(MeasureStatus status);
// German label for users: "geplant", "laufend", "abgeschlossen", "abgebrochen".
std::string MeasureStatusLabelDe(MeasureStatus status);

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

// The details of a unit's own measure (Maßnahme); all empty for every other node.
struct MeasureDetails {
  std::string responsible_office;           // e.g. "Amt für Integration und Vielfalt"
  std::string start_date;                   // "YYYY-MM-DD"; required for an owned measure
  std::string end_date;                     // "YYYY-MM-DD" or "" (open / not yet known)
  std::optional<double> budget_planned_eur;  // EUR over the whole run; unset = not stated
  std::optional<double> budget_spent_eur;    // EUR spent so far; unset = not stated
  MeasureStatus status = MeasureStatus::kUnspecified;  // required for an owned measure
  bool empty() const { return *this == MeasureDetails{}; }
  bool operator==(const MeasureDetails&) const = default;
};

struct Node {
  std::string id;
  NodeType type = NodeType::kActionField;
  std::string title_de;
  std::string title_en;
  std::string description;
  std::vector<std::string> tags;
  Provenance provenance;
  // The unit whose strategy this node belongs to: a canonical AGS (2, 3, 5 or 8 digits), or ""
  // for national / generic content (every node stored before owners existed). Only goals and
  // measures may be owned; goals always are. See docs/knowledge.md ("Strategy").
  std::string owner;
  MeasureDetails measure;  // only for an owned measure
  bool owned() const { return !owner.empty(); }
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
inline constexpr size_t kMaxOfficeBytes = 500;         // measure.responsible_office

// Node ids are stable and human readable: lower-case ASCII letters, digits, '.', '-' and '_',
// starting with a letter, 2 to 100 characters (e.g. "af.language-education").
absl::Status ValidateNodeId(const std::string& id);
// Checks id syntax, non-empty German title, tag syntax, the size limits above and the owner
// rules: an owner is a canonical AGS (2, 3, 5 or 8 digits, Land 01-16); only goals and measures
// may be owned and a goal must be; measure details only on an owned measure, which needs a
// status and a start date (ISO dates, end not before start, budgets finite and >= 0). Returns
// InvalidArgument with the reason; for a size limit it names the field, the limit and the
// actual size ("node 'rec.x': description is 10485760 bytes, the limit is 16384 bytes").
absl::Status ValidateNode(const Node& node);
// Checks the edge's free text against kMaxEdgeNoteBytes (the endpoints, weight and type pair are
// checked where the graph is known: KnowledgeStore::Link, ValidateGraph). InvalidArgument naming
// the edge, the limit and the actual size.
absl::Status ValidateEdgeText(const Edge& edge);

// OK if `owner` is "" or a canonical AGS: 2, 3, 5 or 8 digits, Land 01-16 (whether the unit
// exists is known only to the unit register: KnowledgeStore::SetOwnerValidator).
absl::Status ValidateOwner(const std::string& owner);

// The owner rules of an edge between two (individually valid) nodes, beside the type pair:
// owned content links only to content of the same owner or to national content; a national
// (generic) measure never links to owned content; INSTANCE_OF runs from an owned measure to a
// national one. InvalidArgument naming the edge and the owners otherwise.
absl::Status CheckEdgeOwners(const Edge& edge, const Node& from, const Node& to);
// The owner an edge belongs to for write permission: the owner of its owned endpoint, "" if
// both endpoints are national. (CheckEdgeOwners guarantees at most one distinct owner.)
std::string EdgeOwner(const Node& from, const Node& to);

// Whether an edge of `type` may run from a node of type `from` to one of type `to`.
bool IsAllowedEdge(EdgeType type, NodeType from, NodeType to);
// The allowed target types for an edge type and source type (empty if none).
std::vector<NodeType> AllowedTargets(EdgeType type, NodeType from);
// A human-readable list of allowed (from -> to) pairs for `type`, for error messages and docs.
std::string DescribeAllowedPairs(EdgeType type);

}  // namespace integra::knowledge
