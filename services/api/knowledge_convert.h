// Conversion between integra.v1 knowledge messages and the knowledge domain model.
#pragma once

#include "absl/status/statusor.h"
#include "integra/v1/knowledge.pb.h"
#include "services/knowledge/document.h"
#include "services/knowledge/graph_analytics.h"
#include "services/knowledge/knowledge_store.h"

namespace integra::api {

absl::StatusOr<knowledge::NodeType> FromProto(v1::NodeType type);
absl::StatusOr<knowledge::EdgeType> FromProto(v1::EdgeType type);
v1::NodeType ToProto(knowledge::NodeType type);
v1::EdgeType ToProto(knowledge::EdgeType type);

absl::StatusOr<knowledge::Node> FromProto(const v1::Node& node);
absl::StatusOr<knowledge::Edge> FromProto(const v1::Edge& edge);
void ToProto(const knowledge::Node& node, v1::Node* out);
void ToProto(const knowledge::Edge& edge, v1::Edge* out);

// A document's nodes and edges; InvalidArgument naming the item (by position and id) whose type
// is unset or unknown. Further validation is the domain's.
absl::StatusOr<knowledge::KnowledgeDocument> FromProto(const v1::KnowledgeDocument& document);
void ToProto(const knowledge::KnowledgeDocument& document, v1::KnowledgeDocument* out);

knowledge::Direction FromProto(v1::Direction direction);
// The edge types of a request; InvalidArgument for an unset or unknown entry. Empty list = the
// analytics' default (every type but CITES).
absl::StatusOr<knowledge::EdgeTypeFilter> FilterFromProto(
    const google::protobuf::RepeatedField<int>& edge_types);
// UNSPECIFIED -> nullopt (all types).
absl::StatusOr<std::optional<knowledge::NodeType>> OptionalTypeFromProto(v1::NodeType type);

}  // namespace integra::api
