// Key and value codecs of the knowledge graph's column families (internal to integra_knowledge).
//
// Key layout (components encoded with storage/key_codec.h):
//   kb_nodes      Str(id)                          -> node record
//   kb_edges_out  Str(from) U8(edge type) Str(to)  -> edge record
//   kb_edges_in   Str(to) U8(edge type) Str(from)  -> empty (reverse adjacency)
// Records (storage/record_codec.h), each led by a version byte:
//   node: U8 version=2, U8 type, Str title_de, Str title_en, Str description, StrList tags,
//         Str source_id, I64 year, I64 sample_size, Str locator,
//         Str owner, Str responsible_office, Str start_date, Str end_date,
//         Bool has_budget_planned, F64 budget_planned_eur, Bool has_budget_spent,
//         F64 budget_spent_eur, U8 measure status
//         (version 1, written before owners existed, ends after locator and decodes as national
//         content without measure details; it is rewritten as version 2 on the next change, so
//         no migration pass is needed)
//   edge: U8 version=1, Bool has_weight, F64 weight, Str note
// Decoding never aborts: unreadable bytes yield DataLoss / InvalidArgument.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/knowledge/model.h"

namespace integra::knowledge::records {

std::string NodeKey(const std::string& id);
std::string OutKey(const std::string& from, EdgeType type, const std::string& to);
std::string InKey(const std::string& to, EdgeType type, const std::string& from);

std::string EncodeNode(const Node& node);
absl::StatusOr<Node> DecodeNode(const std::string& id, std::string_view data);
std::string EncodeEdge(const Edge& edge);
// Fills weight and note of `edge` from an edge record.
absl::Status DecodeEdgeAttributes(std::string_view data, Edge& edge);
// Decodes a kb_edges_out entry into a whole edge.
absl::StatusOr<Edge> DecodeOutEntry(std::string_view key, std::string_view value);
// DataLoss for a stored type byte this binary does not know.
absl::StatusOr<EdgeType> CheckedEdgeType(uint8_t raw);

}  // namespace integra::knowledge::records
