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
                                                  const std::string& actor) {
  RETURN_IF_ERROR(CheckNoDuplicates(doc));
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
  std::map<std::string, Node> new_nodes = options.prune ? std::map<std::string, Node>() : old_nodes;
  for (const Node& n : doc.nodes) new_nodes.insert_or_assign(n.id, n);
  std::map<EdgeId, Edge> new_edges = options.prune ? std::map<EdgeId, Edge>() : old_edges;
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

  ApplyResult result;
  pending_seq_ = audit_seq_;
  storage::WriteBatch batch = store_->NewBatch();
  for (const Node& n : doc.nodes) {
    auto old = old_nodes.find(n.id);
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
      ++result.edges_removed;
      batch.Delete(Family::kKbEdgesOut, records::OutKey(e.from, e.type, e.to));
      batch.Delete(Family::kKbEdgesIn, records::InKey(e.to, e.type, e.from));
      AddAudit(batch, e.from, "unlink", actor, EdgeToJson(e), "");
      AddAudit(batch, e.to, "unlink", actor, EdgeToJson(e), "");
    }
    for (const auto& [id, n] : old_nodes) {
      if (new_nodes.contains(id)) continue;
      ++result.nodes_removed;
      batch.Delete(Family::kKbNodes, records::NodeKey(id));
      AddAudit(batch, id, "delete_node", actor, NodeToJson(n), "");
    }
  }
  if (options.dry_run || result.changes() == 0) {
    pending_seq_ = audit_seq_;
    return result;
  }
  RETURN_IF_ERROR(Commit(batch));
  return result;
}

}  // namespace integra::knowledge
