// KnowledgeStore::Apply and ::Export: whole-document loading and dumping.
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/knowledge/knowledge_records.h"
#include "services/knowledge/knowledge_store.h"

namespace integra::knowledge {
namespace {

using storage::Family;
using EdgeId = std::tuple<std::string, EdgeType, std::string>;

EdgeId IdOf(const Edge& e) { return {e.from, e.type, e.to}; }

// Refuses duplicates inside the document itself, before it is merged with the stored graph
// (where a duplicate would silently collapse into one entry).
absl::Status CheckNoDuplicates(const KnowledgeDocument& doc) {
  std::set<std::string> ids;
  for (const Node& n : doc.nodes) {
    if (!ids.insert(n.id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("node '", n.id, "' appears twice in the document"));
    }
  }
  std::set<EdgeId> edges;
  for (const Edge& e : doc.edges) {
    if (!edges.insert(IdOf(e)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("edge ", DescribeEdge(e), " appears twice in the document"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<GraphExport> KnowledgeStore::Export() const {
  GraphExport out;
  // The generation before the snapshot: the data read is at least that new, so a cache stamped
  // with it is at worst rebuilt once more, never served stale.
  out.generation = generation_.load();
  storage::ReadScope scope(*store_);  // nodes and edges of one moment, without blocking writers
  ASSIGN_OR_RETURN(out.document.nodes, AllNodes());
  ASSIGN_OR_RETURN(out.document.edges, AllEdges());
  Canonicalize(out.document);
  return out;
}

absl::StatusOr<ApplyResult> KnowledgeStore::Apply(const KnowledgeDocument& doc,
                                                  const ApplyOptions& options,
                                                  const std::string& actor,
                                                  const OwnerScopeCheck& may_write) {
  RETURN_IF_ERROR(CheckNoDuplicates(doc));
  if (!options.prune_owner.empty()) {
    RETURN_IF_ERROR(ValidateOwner(options.prune_owner));
    if (!options.prune) {
      return absl::InvalidArgumentError("a prune owner is only meaningful with prune");
    }
  }
  storage::WriteLock lock = store_->LockWrites();
  ASSIGN_OR_RETURN(std::vector<Node> stored_nodes, AllNodes());
  ASSIGN_OR_RETURN(std::vector<Edge> stored_edges, AllEdges());
  std::map<std::string, Node> old_nodes;
  for (Node& n : stored_nodes) old_nodes.emplace(n.id, std::move(n));
  std::map<EdgeId, Edge> old_edges;
  for (Edge& e : stored_edges) old_edges.emplace(IdOf(e), std::move(e));

  // The graph as it would be after the apply; validating it as a whole also catches documents
  // that are fine on their own but clash with stored content (a type change invalidating a
  // stored edge, a REQUIRES edge closing a cycle with stored ones).
  // What survives a prune before the document is added: nothing, or, with a prune owner,
  // everything but that unit's nodes and the edges touching them.
  auto pruned = [&](const std::string& node_id) {
    if (!options.prune) return false;
    if (options.prune_owner.empty()) return true;
    auto it = old_nodes.find(node_id);
    return it != old_nodes.end() && it->second.owner == options.prune_owner;
  };
  std::map<std::string, Node> new_nodes;
  for (const auto& [id, n] : old_nodes) {
    if (!pruned(id)) new_nodes.emplace(id, n);
  }
  for (const Node& n : doc.nodes) new_nodes.insert_or_assign(n.id, n);
  std::map<EdgeId, Edge> new_edges;
  for (const auto& [id, e] : old_edges) {
    if (!pruned(e.from) && !pruned(e.to)) new_edges.emplace(id, e);
  }
  for (const Edge& e : doc.edges) new_edges.insert_or_assign(IdOf(e), e);
  // Without prune, stored edges of stored nodes are kept; with prune, only the document counts.
  KnowledgeDocument merged;
  for (const auto& [id, n] : new_nodes) merged.nodes.push_back(n);
  for (const auto& [id, e] : new_edges) merged.edges.push_back(e);
  RETURN_IF_ERROR(ValidateGraph(merged));
  // Pruning deletes nodes: the same guard as DeleteNode protects nodes other stores own (the
  // indicator catalog's INDICATOR nodes), so a prune can never orphan a catalog entry.
  if (options.prune && deletion_guard_) {
    for (const auto& [id, n] : old_nodes) {
      if (!new_nodes.contains(id)) RETURN_IF_ERROR(deletion_guard_(n));
    }
  }

  // Owners newly set must name units of the register.
  for (const Node& n : doc.nodes) {
    auto old = old_nodes.find(n.id);
    if (old == old_nodes.end() || old->second.owner != n.owner) {
      RETURN_IF_ERROR(CheckOwnerExists(n.owner));
    }
  }
  // Owners of what changes, for may_write.
  std::set<std::string> touched;
  auto edge_owner = [&](const Edge& e, const std::map<std::string, Node>& nodes) {
    auto from = nodes.find(e.from);
    auto to = nodes.find(e.to);
    if (from == nodes.end() || to == nodes.end()) return std::string();
    return EdgeOwner(from->second, to->second);
  };
  ApplyResult result;
  pending_seq_ = audit_seq_;
  storage::WriteBatch batch = store_->NewBatch();
  for (const Node& n : doc.nodes) {
    auto old = old_nodes.find(n.id);
    if (old == old_nodes.end() || !(old->second == n)) {
      touched.insert(n.owner);
      if (old != old_nodes.end()) touched.insert(old->second.owner);
    }
    if (old == old_nodes.end()) {
      ++result.nodes_created;
      batch.Put(Family::kKbNodes, records::NodeKey(n.id), records::EncodeNode(n));
      AddAudit(batch, n.id, "create_node", actor, "", NodeToJson(n));
    } else if (old->second == n) {
      ++result.nodes_unchanged;
    } else {
      ++result.nodes_updated;
      batch.Put(Family::kKbNodes, records::NodeKey(n.id), records::EncodeNode(n));
      AddAudit(batch, n.id, "update_node", actor, NodeToJson(old->second), NodeToJson(n));
    }
  }
  for (const Edge& e : doc.edges) {
    auto old = old_edges.find(IdOf(e));
    if (old == old_edges.end() || !(old->second == e)) touched.insert(edge_owner(e, new_nodes));
    if (old == old_edges.end()) {
      ++result.edges_created;
      batch.Put(Family::kKbEdgesOut, records::OutKey(e.from, e.type, e.to), records::EncodeEdge(e));
      batch.Put(Family::kKbEdgesIn, records::InKey(e.to, e.type, e.from), "");
      AddAudit(batch, e.from, "link", actor, "", EdgeToJson(e));
      AddAudit(batch, e.to, "link", actor, "", EdgeToJson(e));
    } else if (old->second == e) {
      ++result.edges_unchanged;
    } else {
      ++result.edges_updated;
      batch.Put(Family::kKbEdgesOut, records::OutKey(e.from, e.type, e.to), records::EncodeEdge(e));
      AddAudit(batch, e.from, "update_edge", actor, EdgeToJson(old->second), EdgeToJson(e));
      AddAudit(batch, e.to, "update_edge", actor, EdgeToJson(old->second), EdgeToJson(e));
    }
  }
  if (options.prune) {
    for (const auto& [id, e] : old_edges) {
      if (new_edges.contains(id)) continue;
      touched.insert(edge_owner(e, old_nodes));
      ++result.edges_removed;
      batch.Delete(Family::kKbEdgesOut, records::OutKey(e.from, e.type, e.to));
      batch.Delete(Family::kKbEdgesIn, records::InKey(e.to, e.type, e.from));
      AddAudit(batch, e.from, "unlink", actor, EdgeToJson(e), "");
      AddAudit(batch, e.to, "unlink", actor, EdgeToJson(e), "");
    }
    for (const auto& [id, n] : old_nodes) {
      if (new_nodes.contains(id)) continue;
      touched.insert(n.owner);
      ++result.nodes_removed;
      batch.Delete(Family::kKbNodes, records::NodeKey(id));
      AddAudit(batch, id, "delete_node", actor, NodeToJson(n), "");
    }
  }
  if (result.changes() == 0) {
    for (const Node& n : doc.nodes) touched.insert(n.owner);
    for (const Edge& e : doc.edges) touched.insert(edge_owner(e, new_nodes));
  }
  if (absl::Status allowed = CheckMayWrite(may_write, touched); !allowed.ok()) {
    pending_seq_ = audit_seq_;
    return allowed;
  }
  if (options.dry_run || result.changes() == 0) {
    pending_seq_ = audit_seq_;
    return result;
  }
  RETURN_IF_ERROR(Commit(batch));
  return result;
}

}  // namespace integra::knowledge
