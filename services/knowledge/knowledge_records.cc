#include "services/knowledge/knowledge_records.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/key_codec.h"
#include "storage/record_codec.h"

namespace integra::knowledge::records {
namespace {

using storage::KeyReader;
using storage::KeyWriter;
using storage::RecordReader;
using storage::RecordWriter;

constexpr uint8_t kNodeRecordVersion = 2;
constexpr uint8_t kNodeRecordVersionWithoutOwner = 1;  // still decoded
constexpr uint8_t kEdgeRecordVersion = 1;

absl::StatusOr<NodeType> CheckedNodeType(uint8_t raw) {
  for (NodeType t : kAllNodeTypes) {
    if (static_cast<uint8_t>(t) == raw) return t;
  }
  return absl::DataLossError(absl::StrCat("stored node has unknown type ", raw));
}

}  // namespace

std::string NodeKey(const std::string& id) { return KeyWriter().Str(id).Take(); }
std::string OutKey(const std::string& from, EdgeType t, const std::string& to) {
  return KeyWriter().Str(from).U8(static_cast<uint8_t>(t)).Str(to).Take();
}
std::string InKey(const std::string& to, EdgeType t, const std::string& from) {
  return KeyWriter().Str(to).U8(static_cast<uint8_t>(t)).Str(from).Take();
}

std::string EncodeNode(const Node& n) {
  return RecordWriter()
      .U8(kNodeRecordVersion)
      .U8(static_cast<uint8_t>(n.type))
      .Str(n.title_de)
      .Str(n.title_en)
      .Str(n.description)
      .StrList(n.tags)
      .Str(n.provenance.source_id)
      .I64(n.provenance.year)
      .I64(n.provenance.sample_size)
      .Str(n.provenance.locator)
      .Str(n.owner)
      .Str(n.measure.responsible_office)
      .Str(n.measure.start_date)
      .Str(n.measure.end_date)
      .Bool(n.measure.budget_planned_eur.has_value())
      .F64(n.measure.budget_planned_eur.value_or(0.0))
      .Bool(n.measure.budget_spent_eur.has_value())
      .F64(n.measure.budget_spent_eur.value_or(0.0))
      .U8(static_cast<uint8_t>(n.measure.status))
      .Take();
}

absl::StatusOr<EdgeType> CheckedEdgeType(uint8_t raw) {
  for (EdgeType t : kAllEdgeTypes) {
    if (static_cast<uint8_t>(t) == raw) return t;
  }
  return absl::DataLossError(absl::StrCat("stored edge has unknown type ", raw));
}

absl::StatusOr<Node> DecodeNode(const std::string& id, std::string_view data) {
  RecordReader r(data);
  Node n;
  n.id = std::string(id);
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kNodeRecordVersion && version != kNodeRecordVersionWithoutOwner) {
    return absl::DataLossError(absl::StrCat("node '", id, "' has record version ", version));
  }
  ASSIGN_OR_RETURN(uint8_t type, r.U8());
  ASSIGN_OR_RETURN(n.type, CheckedNodeType(type));
  ASSIGN_OR_RETURN(n.title_de, r.Str());
  ASSIGN_OR_RETURN(n.title_en, r.Str());
  ASSIGN_OR_RETURN(n.description, r.Str());
  ASSIGN_OR_RETURN(n.tags, r.StrList());
  ASSIGN_OR_RETURN(n.provenance.source_id, r.Str());
  ASSIGN_OR_RETURN(int64_t year, r.I64());
  ASSIGN_OR_RETURN(int64_t sample, r.I64());
  n.provenance.year = static_cast<int32_t>(year);
  n.provenance.sample_size = static_cast<int32_t>(sample);
  ASSIGN_OR_RETURN(n.provenance.locator, r.Str());
  if (version == kNodeRecordVersionWithoutOwner) return n;  // national, no measure details
  ASSIGN_OR_RETURN(n.owner, r.Str());
  MeasureDetails& m = n.measure;
  ASSIGN_OR_RETURN(m.responsible_office, r.Str());
  ASSIGN_OR_RETURN(m.start_date, r.Str());
  ASSIGN_OR_RETURN(m.end_date, r.Str());
  ASSIGN_OR_RETURN(bool has_planned, r.Bool());
  ASSIGN_OR_RETURN(double planned, r.F64());
  if (has_planned) m.budget_planned_eur = planned;
  ASSIGN_OR_RETURN(bool has_spent, r.Bool());
  ASSIGN_OR_RETURN(double spent, r.F64());
  if (has_spent) m.budget_spent_eur = spent;
  ASSIGN_OR_RETURN(uint8_t status, r.U8());
  if (status > static_cast<uint8_t>(MeasureStatus::kStopped)) {
    return absl::DataLossError(
        absl::StrCat("node '", id, "' has unknown measure status ", status));
  }
  m.status = static_cast<MeasureStatus>(status);
  return n;
}

std::string EncodeEdge(const Edge& e) {
  return RecordWriter()
      .U8(kEdgeRecordVersion)
      .Bool(e.weight.has_value())
      .F64(e.weight.value_or(0.0))
      .Str(e.note)
      .Take();
}

absl::Status DecodeEdgeAttributes(std::string_view data, Edge& e) {
  RecordReader r(data);
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kEdgeRecordVersion) {
    return absl::DataLossError(absl::StrCat("edge has record version ", version));
  }
  ASSIGN_OR_RETURN(bool has_weight, r.Bool());
  ASSIGN_OR_RETURN(double weight, r.F64());
  if (has_weight) e.weight = weight;
  ASSIGN_OR_RETURN(e.note, r.Str());
  return absl::OkStatus();
}

absl::StatusOr<Edge> DecodeOutEntry(std::string_view key, std::string_view value) {
  KeyReader k(key);
  Edge e;
  ASSIGN_OR_RETURN(e.from, k.Str());
  ASSIGN_OR_RETURN(uint8_t type, k.U8());
  ASSIGN_OR_RETURN(e.type, CheckedEdgeType(type));
  ASSIGN_OR_RETURN(e.to, k.Str());
  // Bytes after the last component: not a key this codec wrote (OutKey(from, type, to) would
  // not give these bytes back).
  if (!k.done()) return absl::DataLossError("kb_edges_out key has bytes after its last component");
  RETURN_IF_ERROR(DecodeEdgeAttributes(value, e));
  return e;
}

}  // namespace integra::knowledge::records
