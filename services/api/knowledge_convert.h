// Conversion between integra.v1 knowledge messages and the knowledge domain model.
#pragma once

#include "absl/status/statusor.h"
#include "integra/v1/knowledge.pb.h"
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

}  // namespace integra::api
