#include "services/knowledge/knowledge_store.h"

#include <cmath>
#include <algorithm>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/json.h"
#include "common/page_token.h"
#include "common/status_macros.h"
#include "services/knowledge/knowledge_records.h"
#include "storage/key_codec.h"
#include "storage/record_codec.h"

namespace integra::knowledge {
namespace {

using storage::Family;
using storage::KeyReader;
using storage::KeyWriter;
using storage::RecordReader;
using storage::RecordWriter;
using records::DecodeEdgeAttributes;
using records::DecodeNode;
using records::DecodeOutEntry;
using records::EncodeEdge;
using records::EncodeNode;
using records::InKey;
using records::NodeKey;
using records::OutKey;

constexpr uint8_t kAuditRecordVersion = 1;
const char kAuditSeqKey[] = "kb_audit_seq";

}  // namespace

using common::JsonString;

namespace {

std::string OptionalJson(const std::optional<double>& v) {
  return v.has_value() ? absl::StrCat(*v) : std::string("null");
}

// The owner and measure fields of NodeToJson: present only where set, so the history of national
// content reads as before owners existed.
std::string OwnershipJson(const Node& n) {
  if (!n.owned()) return "";
  std::string out = absl::StrCat(",\"owner\":", JsonString(n.owner));
  if (n.measure.empty()) return out;
  const MeasureDetails& m = n.measure;
  absl::StrAppend(&out, ",\"measure\":{\"responsible_office\":", JsonString(m.responsible_office),
                  ",\"start_date\":", JsonString(m.start_date),
                  ",\"end_date\":", JsonString(m.end_date),
                  ",\"budget_planned_eur\":", OptionalJson(m.budget_planned_eur),
                  ",\"budget_spent_eur\":", OptionalJson(m.budget_spent_eur),
                  ",\"status\":", JsonString(MeasureStatusName(m.status)), "}");
  return out;
}

}  // namespace

absl::Status CheckMayWrite(const OwnerScopeCheck& may_write, const std::set<std::string>& owners) {
  if (!may_write) return absl::OkStatus();
  return may_write(std::vector<std::string>(owners.begin(), owners.end()));
}

std::string NodeToJson(const Node& n) {
  std::vector<std::string> tags;
  for (const auto& t : n.tags) tags.push_back(JsonString(t));
  return absl::StrCat(
      "{\"id\":", JsonString(n.id), ",\"type\":", JsonString(NodeTypeName(n.type)),
      ",\"title_de\":", JsonString(n.title_de), ",\"title_en\":", JsonString(n.title_en),
      ",\"description\":", JsonString(n.description), ",\"tags\":[", absl::StrJoin(tags, ","),
      "],\"source\":", JsonString(n.provenance.source_id), ",\"year\":", n.provenance.year,
      ",\"n\":", n.provenance.sample_size, ",\"locator\":", JsonString(n.provenance.locator),
      OwnershipJson(n), "}");
}

std::string EdgeToJson(const Edge& e) {
  return absl::StrCat("{\"from\":", JsonString(e.from),
                      ",\"type\":", JsonString(EdgeTypeName(e.type)), ",\"to\":", JsonString(e.to),
                      ",\"weight\":", e.weight ? absl::StrCat(*e.weight) : std::string("null"),
                      ",\"note\":", JsonString(e.note), "}");
}

absl::StatusOr<std::unique_ptr<KnowledgeStore>> KnowledgeStore::Open(storage::Store* store,
                                                                     const common::Clock* clock) {
  std::unique_ptr<KnowledgeStore> ks(new KnowledgeStore(store, clock));
  ASSIGN_OR_RETURN(auto seq, store->Get(Family::kMeta, kAuditSeqKey));
  if (seq.has_value()) {
    try {
      ks->audit_seq_ = std::stoull(*seq);
    } catch (const std::exception&) {
      return absl::DataLossError(absl::StrCat("unreadable knowledge audit sequence '", *seq, "'"));
    }
  }
  return ks;
}

absl::Status KnowledgeStore::Refresh(const storage::WriteLock& lock) {
  RETURN_IF_ERROR(CheckWriteLock(lock));
  ASSIGN_OR_RETURN(std::unique_ptr<KnowledgeStore> fresh, Open(store_, clock_));
  audit_seq_ = pending_seq_ = fresh->audit_seq_;
  generation_.fetch_add(1);  // the graph snapshot of GraphAnalytics rebuilds
  return absl::OkStatus();
}

uint64_t KnowledgeStore::generation() const { return generation_.load(); }

absl::StatusOr<uint64_t> KnowledgeStore::VersionInScope() const {
  ASSIGN_OR_RETURN(auto seq, store_->Get(Family::kMeta, kAuditSeqKey));
  if (!seq.has_value()) return uint64_t{0};
  uint64_t version = 0;
  if (!absl::SimpleAtoi(*seq, &version)) {
    return absl::DataLossError(absl::StrCat("unreadable knowledge audit sequence '", *seq, "'"));
  }
  return version;
}

absl::StatusOr<std::optional<Node>> KnowledgeStore::ReadNode(const std::string& id) const {
  ASSIGN_OR_RETURN(auto raw, store_->Get(Family::kKbNodes, NodeKey(id)));
  if (!raw.has_value()) return std::optional<Node>();
  ASSIGN_OR_RETURN(Node n, DecodeNode(id, *raw));
  return std::optional<Node>(std::move(n));
}

absl::StatusOr<Node> KnowledgeStore::GetNode(const std::string& id) const {
  RETURN_IF_ERROR(ValidateNodeId(id));
  ASSIGN_OR_RETURN(auto node, ReadNode(id));
  if (!node.has_value()) return absl::NotFoundError(absl::StrCat("node '", id, "' not found"));
  return *std::move(node);
}

void KnowledgeStore::AddAudit(storage::WriteBatch& batch, const std::string& subject,
                              const std::string& op, const std::string& actor,
                              const std::string& before, const std::string& after) {
  ++pending_seq_;
  std::string record = RecordWriter()
                           .U8(kAuditRecordVersion)
                           .I64(clock_->NowMicros())
                           .Str(actor)
                           .Str(op)
                           .Str(before)
                           .Str(after)
                           .Take();
  batch.Put(Family::kKbAudit, KeyWriter().Str(subject).U64(pending_seq_).Take(), record);
  batch.Put(Family::kMeta, kAuditSeqKey, std::to_string(pending_seq_));
}

absl::Status KnowledgeStore::Commit(storage::WriteBatch& batch) {
  absl::Status s = store_->Write(batch);
  if (s.ok()) {
    audit_seq_ = pending_seq_;
    generation_.fetch_add(1);
  } else {
    pending_seq_ = audit_seq_;
  }
  return s;
}

absl::StatusOr<Node> KnowledgeStore::CreateNode(const Node& node, const std::string& actor,
                                                const OwnerScopeCheck& may_write) {
  RETURN_IF_ERROR(ValidateNode(node));
  storage::WriteLock lock = store_->LockWrites();
  RETURN_IF_ERROR(CheckMayWrite(may_write, {node.owner}));
  RETURN_IF_ERROR(CheckOwnerExists(node.owner));
  ASSIGN_OR_RETURN(auto existing, ReadNode(node.id));
  if (existing.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("node '", node.id, "' already exists"));
  }
  if (!node.provenance.source_id.empty()) {
    ASSIGN_OR_RETURN(auto source, ReadNode(node.provenance.source_id));
    if (!source.has_value()) {
      return absl::NotFoundError(absl::StrCat("provenance source '", node.provenance.source_id,
                                              "' of node '", node.id, "' not found"));
    }
  }
  pending_seq_ = audit_seq_;
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(Family::kKbNodes, NodeKey(node.id), EncodeNode(node));
  AddAudit(batch, node.id, "create_node", actor, "", NodeToJson(node));
  RETURN_IF_ERROR(Commit(batch));
  return node;
}

absl::StatusOr<Node> KnowledgeStore::UpdateNode(const Node& node, const std::string& actor,
                                                const OwnerScopeCheck& may_write) {
  RETURN_IF_ERROR(ValidateNode(node));
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(auto existing, ReadNode(node.id));
  if (!existing.has_value()) {
    return absl::NotFoundError(absl::StrCat("node '", node.id, "' not found"));
  }
  RETURN_IF_ERROR(CheckMayWrite(may_write, {existing->owner, node.owner}));
  if (*existing == node) return node;  // no change, no audit record
  if (existing->owner != node.owner) RETURN_IF_ERROR(CheckOwnerExists(node.owner));
  if (existing->type != node.type || existing->owner != node.owner) {
    ASSIGN_OR_RETURN(auto edges, EdgesOf(node.id, Direction::kBoth, std::nullopt));
    for (const Edge& e : edges) {
      ASSIGN_OR_RETURN(Node from, e.from == node.id ? node : GetNode(e.from));
      ASSIGN_OR_RETURN(Node to, e.to == node.id ? node : GetNode(e.to));
      absl::Status owners = CheckEdgeOwners(e, from, to);
      if (!IsAllowedEdge(e.type, from.type, to.type) || !owners.ok()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "changing the ", existing->type != node.type ? "type" : "owner", " of '", node.id,
            "' would invalidate the edge ", e.from, " -", EdgeTypeName(e.type), "-> ", e.to,
            "; remove it first"));
      }
    }
  }
  if (!node.provenance.source_id.empty()) {
    ASSIGN_OR_RETURN(auto source, ReadNode(node.provenance.source_id));
    if (!source.has_value()) {
      return absl::NotFoundError(absl::StrCat("provenance source '", node.provenance.source_id,
                                              "' of node '", node.id, "' not found"));
    }
  }
  pending_seq_ = audit_seq_;
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(Family::kKbNodes, NodeKey(node.id), EncodeNode(node));
  AddAudit(batch, node.id, "update_node", actor, NodeToJson(*existing), NodeToJson(node));
  RETURN_IF_ERROR(Commit(batch));
  return node;
}

absl::StatusOr<int> KnowledgeStore::DeleteNode(const std::string& id, const std::string& actor,
                                               const OwnerScopeCheck& may_write) {
  RETURN_IF_ERROR(ValidateNodeId(id));
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(auto existing, ReadNode(id));
  if (!existing.has_value()) return absl::NotFoundError(absl::StrCat("node '", id, "' not found"));
  {
    ASSIGN_OR_RETURN(auto touching, EdgesOf(id, Direction::kBoth, std::nullopt));
    ASSIGN_OR_RETURN(auto owners, OwnersAround(*existing, touching));
    RETURN_IF_ERROR(CheckMayWrite(may_write, owners));
  }
  if (deletion_guard_) RETURN_IF_ERROR(deletion_guard_(*existing));
  if (existing->type == NodeType::kSource) {
    // Provenance is an attribute, not an edge, so it cannot cascade; refuse rather than leave
    // nodes pointing at a source that no longer exists. (A scan: sources are rarely deleted.)
    ASSIGN_OR_RETURN(auto nodes, AllNodes());
    for (const Node& n : nodes) {
      if (n.provenance.source_id == id) {
        return absl::FailedPreconditionError(absl::StrCat(
            "source '", id, "' is the provenance source of node '", n.id,
            "' (and maybe others); change their provenance first"));
      }
    }
  }
  ASSIGN_OR_RETURN(auto edges, EdgesOf(id, Direction::kBoth, std::nullopt));
  pending_seq_ = audit_seq_;
  storage::WriteBatch batch = store_->NewBatch();
  AppendNodeDeletion(batch, *existing, edges, actor);
  RETURN_IF_ERROR(Commit(batch));
  return static_cast<int>(edges.size());
}

void KnowledgeStore::AppendNodeDeletion(storage::WriteBatch& batch, const Node& node,
                                        const std::vector<Edge>& edges, const std::string& actor) {
  for (const Edge& e : edges) {
    batch.Delete(Family::kKbEdgesOut, OutKey(e.from, e.type, e.to));
    batch.Delete(Family::kKbEdgesIn, InKey(e.to, e.type, e.from));
    // The other endpoint's history records that it lost this edge.
    const std::string& other = e.from == node.id ? e.to : e.from;
    if (other != node.id) AddAudit(batch, other, "unlink", actor, EdgeToJson(e), "");
  }
  batch.Delete(Family::kKbNodes, NodeKey(node.id));
  AddAudit(batch, node.id, "delete_node", actor, NodeToJson(node), "");
}

// ---------------------------------------------------------------------------- staged changes

StagedGraphChange::StagedGraphChange(KnowledgeStore* store) : store_(store) {}

StagedGraphChange::StagedGraphChange(StagedGraphChange&& other) noexcept : store_(other.store_) {
  other.store_ = nullptr;
}

StagedGraphChange::~StagedGraphChange() {
  if (store_ != nullptr) Finish(absl::AbortedError("staged graph change abandoned"));
}

void StagedGraphChange::Finish(const absl::Status& write_status) {
  if (store_ == nullptr) return;
  if (write_status.ok()) {
    store_->audit_seq_ = store_->pending_seq_;
    store_->generation_.fetch_add(1);
  } else {
    store_->pending_seq_ = store_->audit_seq_;
  }
  store_ = nullptr;
}

void KnowledgeStore::SetDeletionGuard(std::function<absl::Status(const Node&)> guard) {
  deletion_guard_ = std::move(guard);
}

void KnowledgeStore::SetOwnerValidator(
    std::function<absl::Status(const std::string& owner)> validator) {
  owner_validator_ = std::move(validator);
}

absl::Status KnowledgeStore::CheckOwnerExists(const std::string& owner) const {
  if (owner.empty() || !owner_validator_) return absl::OkStatus();
  return owner_validator_(owner);
}

absl::StatusOr<std::set<std::string>> KnowledgeStore::OwnersAround(
    const Node& node, const std::vector<Edge>& edges) const {
  std::set<std::string> owners = {node.owner};
  for (const Edge& e : edges) {
    const std::string& other_id = e.from == node.id ? e.to : e.from;
    ASSIGN_OR_RETURN(Node other, GetNode(other_id));
    owners.insert(e.from == node.id ? EdgeOwner(node, other) : EdgeOwner(other, node));
  }
  return owners;
}

absl::Status KnowledgeStore::CheckWriteLock(const storage::WriteLock& lock) const {
  if (!lock.Holds(*store_)) {
    return absl::InternalError("a staged knowledge change needs the store's write lock");
  }
  return absl::OkStatus();
}

absl::StatusOr<StagedGraphChange> KnowledgeStore::StageIndicatorNode(
    const storage::WriteLock& lock, storage::WriteBatch& batch, const Node& node,
    const std::vector<std::string>& target_ids, const std::string& actor) {
  RETURN_IF_ERROR(CheckWriteLock(lock));
  RETURN_IF_ERROR(ValidateNode(node));
  if (node.type != NodeType::kIndicator) {
    return absl::InvalidArgumentError(absl::StrCat("node '", node.id, "' must be of type ",
                                                   NodeTypeName(NodeType::kIndicator)));
  }
  ASSIGN_OR_RETURN(auto existing, ReadNode(node.id));
  if (existing.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("knowledge node '", node.id, "' already exists"));
  }
  std::vector<Edge> edges;
  for (const std::string& target : target_ids) {
    RETURN_IF_ERROR(ValidateNodeId(target));
    for (const Edge& e : edges) {
      if (e.to == target) {
        return absl::InvalidArgumentError(absl::StrCat("target '", target, "' is named twice"));
      }
    }
    ASSIGN_OR_RETURN(auto to, ReadNode(target));
    if (!to.has_value()) {
      return absl::NotFoundError(absl::StrCat("node '", target, "' not found"));
    }
    if (!IsAllowedEdge(EdgeType::kMeasures, node.type, to->type)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "an indicator cannot measure ", NodeTypeName(to->type), " '", target,
          "'; allowed: ", DescribeAllowedPairs(EdgeType::kMeasures)));
    }
    edges.push_back(Edge{node.id, target, EdgeType::kMeasures, std::nullopt, ""});
  }
  pending_seq_ = audit_seq_;
  batch.Put(Family::kKbNodes, NodeKey(node.id), EncodeNode(node));
  AddAudit(batch, node.id, "create_node", actor, "", NodeToJson(node));
  for (const Edge& e : edges) {
    batch.Put(Family::kKbEdgesOut, OutKey(e.from, e.type, e.to), EncodeEdge(e));
    batch.Put(Family::kKbEdgesIn, InKey(e.to, e.type, e.from), "");
    AddAudit(batch, e.from, "link", actor, "", EdgeToJson(e));
    AddAudit(batch, e.to, "link", actor, "", EdgeToJson(e));
  }
  return StagedGraphChange(this);
}

absl::StatusOr<StagedGraphChange> KnowledgeStore::StageNodeDeletion(
    const storage::WriteLock& lock, storage::WriteBatch& batch, const std::string& id,
    const std::string& actor) {
  RETURN_IF_ERROR(CheckWriteLock(lock));
  RETURN_IF_ERROR(ValidateNodeId(id));
  ASSIGN_OR_RETURN(auto existing, ReadNode(id));
  if (!existing.has_value()) return absl::NotFoundError(absl::StrCat("node '", id, "' not found"));
  ASSIGN_OR_RETURN(auto edges, EdgesOf(id, Direction::kBoth, std::nullopt));
  pending_seq_ = audit_seq_;
  AppendNodeDeletion(batch, *existing, edges, actor);
  return StagedGraphChange(this);
}

absl::StatusOr<NodePage> KnowledgeStore::ListNodes(std::optional<NodeType> type, int page_size,
                                                   const std::string& page_token) const {
  ASSIGN_OR_RETURN(page_size, common::PageSize(page_size, 100, 1000));
  ASSIGN_OR_RETURN(std::string start,
                   common::KeyFromPageToken(page_token, [](std::string_view id) {
                     return ValidateNodeId(std::string(id)).ok();
                   }));
  auto it = store_->NewIterator(Family::kKbNodes, "", "");
  if (start.empty()) it->SeekToFirst(); else it->Seek(NodeKey(start));
  NodePage page;
  for (; it->Valid(); it->Next()) {
    KeyReader k(it->key());
    ASSIGN_OR_RETURN(std::string id, k.Str());
    ASSIGN_OR_RETURN(Node n, DecodeNode(id, it->value()));
    if (type.has_value() && n.type != *type) continue;
    if (static_cast<int>(page.nodes.size()) == page_size) {
      page.next_page_token = common::KeyPageToken(id);
      break;
    }
    page.nodes.push_back(std::move(n));
  }
  RETURN_IF_ERROR(it->status());
  return page;
}

absl::StatusOr<std::vector<Node>> KnowledgeStore::AllNodes() const {
  std::vector<Node> out;
  auto it = store_->NewIterator(Family::kKbNodes, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    KeyReader k(it->key());
    ASSIGN_OR_RETURN(std::string id, k.Str());
    ASSIGN_OR_RETURN(Node n, DecodeNode(id, it->value()));
    out.push_back(std::move(n));
  }
  RETURN_IF_ERROR(it->status());
  return out;
}

absl::StatusOr<std::vector<Edge>> KnowledgeStore::AllEdges() const {
  std::vector<Edge> out;
  auto it = store_->NewIterator(Family::kKbEdgesOut, "", "");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(Edge e, DecodeOutEntry(it->key(), it->value()));
    out.push_back(std::move(e));
  }
  RETURN_IF_ERROR(it->status());
  return out;
}

absl::StatusOr<std::vector<Edge>> KnowledgeStore::EdgesOf(const std::string& id,
                                                          Direction direction,
                                                          std::optional<EdgeType> type) const {
  std::vector<Edge> out;
  KeyWriter prefix;
  prefix.Str(id);
  if (type.has_value()) prefix.U8(static_cast<uint8_t>(*type));
  if (direction != Direction::kIn) {
    auto it = store_->NewPrefixIterator(Family::kKbEdgesOut, prefix.key());
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSIGN_OR_RETURN(Edge e, DecodeOutEntry(it->key(), it->value()));
      out.push_back(std::move(e));
    }
    RETURN_IF_ERROR(it->status());
  }
  if (direction != Direction::kOut) {
    auto it = store_->NewPrefixIterator(Family::kKbEdgesIn, prefix.key());
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      KeyReader k(it->key());
      Edge e;
      ASSIGN_OR_RETURN(e.to, k.Str());
      ASSIGN_OR_RETURN(uint8_t t, k.U8());
      ASSIGN_OR_RETURN(e.type, records::CheckedEdgeType(t));
      ASSIGN_OR_RETURN(e.from, k.Str());
      ASSIGN_OR_RETURN(auto attrs, store_->Get(Family::kKbEdgesOut, OutKey(e.from, e.type, e.to)));
      if (!attrs.has_value()) {
        return absl::DataLossError(absl::StrCat("reverse edge ", e.from, " -",
                                                EdgeTypeName(e.type), "-> ", e.to,
                                                " has no forward entry"));
      }
      RETURN_IF_ERROR(DecodeEdgeAttributes(*attrs, e));
      out.push_back(std::move(e));
    }
    RETURN_IF_ERROR(it->status());
  }
  return out;
}

absl::StatusOr<std::optional<Edge>> KnowledgeStore::GetEdge(const std::string& from, EdgeType type,
                                                            const std::string& to) const {
  ASSIGN_OR_RETURN(auto raw, store_->Get(Family::kKbEdgesOut, OutKey(from, type, to)));
  if (!raw.has_value()) return std::optional<Edge>();
  Edge e{std::string(from), std::string(to), type, std::nullopt, ""};
  RETURN_IF_ERROR(DecodeEdgeAttributes(*raw, e));
  return std::optional<Edge>(std::move(e));
}

absl::Status KnowledgeStore::CheckNoCycle(const Edge& edge) const {
  // Adding from -> to closes a cycle iff `from` is reachable from `to` over edges of its type.
  // Depth-first search remembering parents, so the cycle can be named.
  std::vector<std::string> stack = {edge.to};
  std::map<std::string, std::string> parent = {{edge.to, ""}};
  while (!stack.empty()) {
    std::string current = stack.back();
    stack.pop_back();
    if (current == edge.from) {
      std::vector<std::string> path;
      for (std::string at = current; !at.empty(); at = parent[at]) path.push_back(at);
      std::reverse(path.begin(), path.end());  // to ... from
      return absl::FailedPreconditionError(absl::StrCat(
          "linking ", edge.from, " ", EdgeTypeName(edge.type), " ", edge.to,
          " would close the cycle ", edge.from, " -> ", absl::StrJoin(path, " -> ")));
    }
    ASSIGN_OR_RETURN(auto next, EdgesOf(current, Direction::kOut, edge.type));
    for (const Edge& e : next) {
      if (parent.emplace(e.to, current).second) stack.push_back(e.to);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Edge> KnowledgeStore::Link(const Edge& edge, const std::string& actor,
                                          const OwnerScopeCheck& may_write) {
  RETURN_IF_ERROR(ValidateEdgeText(edge));
  RETURN_IF_ERROR(ValidateNodeId(edge.from));
  RETURN_IF_ERROR(ValidateNodeId(edge.to));
  if (edge.from == edge.to) {
    return absl::InvalidArgumentError(
        absl::StrCat("an edge cannot connect node '", edge.from, "' to itself"));
  }
  if (edge.weight.has_value() && !std::isfinite(*edge.weight)) {
    return absl::InvalidArgumentError("edge weight must be a finite number");
  }
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(auto from, ReadNode(edge.from));
  if (!from.has_value()) return absl::NotFoundError(absl::StrCat("node '", edge.from, "' not found"));
  ASSIGN_OR_RETURN(auto to, ReadNode(edge.to));
  if (!to.has_value()) return absl::NotFoundError(absl::StrCat("node '", edge.to, "' not found"));
  if (!IsAllowedEdge(edge.type, from->type, to->type)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a ", EdgeTypeName(edge.type), " edge may not run from ", NodeTypeName(from->type), " '",
        edge.from, "' to ", NodeTypeName(to->type), " '", edge.to, "'; allowed: ",
        DescribeAllowedPairs(edge.type)));
  }
  RETURN_IF_ERROR(CheckEdgeOwners(edge, *from, *to));
  RETURN_IF_ERROR(CheckMayWrite(may_write, {EdgeOwner(*from, *to)}));
  ASSIGN_OR_RETURN(auto existing, GetEdge(edge.from, edge.type, edge.to));
  if (existing.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("edge ", edge.from, " -",
                                                 EdgeTypeName(edge.type), "-> ", edge.to,
                                                 " already exists"));
  }
  if (IsAcyclicEdgeType(edge.type)) RETURN_IF_ERROR(CheckNoCycle(edge));
  pending_seq_ = audit_seq_;
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(Family::kKbEdgesOut, OutKey(edge.from, edge.type, edge.to), EncodeEdge(edge));
  batch.Put(Family::kKbEdgesIn, InKey(edge.to, edge.type, edge.from), "");
  AddAudit(batch, edge.from, "link", actor, "", EdgeToJson(edge));
  AddAudit(batch, edge.to, "link", actor, "", EdgeToJson(edge));
  RETURN_IF_ERROR(Commit(batch));
  return edge;
}

absl::StatusOr<Edge> KnowledgeStore::UpdateEdge(const Edge& edge, const std::string& actor,
                                                const OwnerScopeCheck& may_write) {
  RETURN_IF_ERROR(ValidateEdgeText(edge));
  if (edge.weight.has_value() && !std::isfinite(*edge.weight)) {
    return absl::InvalidArgumentError("edge weight must be a finite number");
  }
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(auto existing, GetEdge(edge.from, edge.type, edge.to));
  if (!existing.has_value()) {
    return absl::NotFoundError(absl::StrCat("edge ", edge.from, " -", EdgeTypeName(edge.type),
                                            "-> ", edge.to, " not found"));
  }
  RETURN_IF_ERROR(CheckEdgeScope(edge.from, edge.to, may_write));
  if (*existing == edge) return edge;
  pending_seq_ = audit_seq_;
  storage::WriteBatch batch = store_->NewBatch();
  batch.Put(Family::kKbEdgesOut, OutKey(edge.from, edge.type, edge.to), EncodeEdge(edge));
  AddAudit(batch, edge.from, "update_edge", actor, EdgeToJson(*existing), EdgeToJson(edge));
  AddAudit(batch, edge.to, "update_edge", actor, EdgeToJson(*existing), EdgeToJson(edge));
  RETURN_IF_ERROR(Commit(batch));
  return edge;
}

absl::Status KnowledgeStore::Unlink(const std::string& from, EdgeType type, const std::string& to,
                                    const std::string& actor, const OwnerScopeCheck& may_write) {
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(auto existing, GetEdge(from, type, to));
  if (!existing.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("edge ", from, " -", EdgeTypeName(type), "-> ", to, " not found"));
  }
  RETURN_IF_ERROR(CheckEdgeScope(from, to, may_write));
  pending_seq_ = audit_seq_;
  storage::WriteBatch batch = store_->NewBatch();
  batch.Delete(Family::kKbEdgesOut, OutKey(from, type, to));
  batch.Delete(Family::kKbEdgesIn, InKey(to, type, from));
  AddAudit(batch, from, "unlink", actor, EdgeToJson(*existing), "");
  AddAudit(batch, to, "unlink", actor, EdgeToJson(*existing), "");
  return Commit(batch);
}

absl::Status KnowledgeStore::CheckEdgeScope(const std::string& from, const std::string& to,
                                            const OwnerScopeCheck& may_write) const {
  if (!may_write) return absl::OkStatus();
  ASSIGN_OR_RETURN(Node from_node, GetNode(from));
  ASSIGN_OR_RETURN(Node to_node, GetNode(to));
  return CheckMayWrite(may_write, {EdgeOwner(from_node, to_node)});
}

absl::StatusOr<std::vector<Neighbor>> KnowledgeStore::Neighbors(
    const std::string& id, Direction direction, std::optional<EdgeType> type) const {
  RETURN_IF_ERROR(ValidateNodeId(id));
  ASSIGN_OR_RETURN(auto self, ReadNode(id));
  if (!self.has_value()) return absl::NotFoundError(absl::StrCat("node '", id, "' not found"));
  ASSIGN_OR_RETURN(auto edges, EdgesOf(id, direction, type));
  std::vector<Neighbor> out;
  out.reserve(edges.size());
  for (Edge& e : edges) {
    bool outgoing = e.from == id;
    ASSIGN_OR_RETURN(Node other, GetNode(outgoing ? e.to : e.from));
    out.push_back(Neighbor{std::move(e), std::move(other), outgoing});
  }
  return out;
}

absl::StatusOr<AuditRecord> DecodeAuditEntry(std::string_view key, std::string_view value) {
  KeyReader k(key);
  AuditRecord rec;
  ASSIGN_OR_RETURN(rec.subject, k.Str());
  ASSIGN_OR_RETURN(rec.sequence, k.U64());
  RecordReader r(value);
  ASSIGN_OR_RETURN(uint8_t version, r.U8());
  if (version != kAuditRecordVersion) {
    return absl::DataLossError(absl::StrCat("audit record has version ", version));
  }
  ASSIGN_OR_RETURN(rec.time_micros, r.I64());
  ASSIGN_OR_RETURN(rec.actor, r.Str());
  ASSIGN_OR_RETURN(rec.operation, r.Str());
  ASSIGN_OR_RETURN(rec.before, r.Str());
  ASSIGN_OR_RETURN(rec.after, r.Str());
  return rec;
}

absl::StatusOr<std::vector<AuditRecord>> KnowledgeStore::History(const std::string& id) const {
  RETURN_IF_ERROR(ValidateNodeId(id));
  std::vector<AuditRecord> out;
  auto it = store_->NewPrefixIterator(Family::kKbAudit, KeyWriter().Str(id).key());
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(AuditRecord rec, DecodeAuditEntry(it->key(), it->value()));
    out.push_back(std::move(rec));
  }
  RETURN_IF_ERROR(it->status());
  if (out.empty()) {
    ASSIGN_OR_RETURN(auto node, ReadNode(id));
    if (!node.has_value()) return absl::NotFoundError(absl::StrCat("node '", id, "' has no history"));
  }
  return out;
}

}  // namespace integra::knowledge
