// KnowledgeStore: the persisted policy graph.
//
// Key layout (all components encoded with storage/key_codec.h; node and edge records are
// described in knowledge_records.h):
//   kb_nodes      Str(id)                          -> node record
//   kb_edges_out  Str(from) U8(edge type) Str(to)  -> edge record (weight, note)
//   kb_edges_in   Str(to) U8(edge type) Str(from)  -> empty (reverse adjacency)
//   kb_audit      Str(node id) U64(sequence)       -> audit record
//   meta          "kb_audit_seq"                   -> last audit sequence (decimal)
// Every mutation is one WriteBatch holding the node/edge change, both adjacency entries and the
// audit records, so a crash or failed write never leaves a dangling edge or unaudited change.
//
// Thread-safety: thread-safe. Mutations hold the Store's one write lock (storage::WriteLock:
// they read, check and write); reads never take it (Export reads nodes and edges from one storage snapshot).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/knowledge/document.h"
#include "services/knowledge/model.h"
#include "storage/store.h"

namespace integra::knowledge {

enum class Direction { kOut, kIn, kBoth };

struct Neighbor {
  Edge edge;
  Node node;        // the node at the other end
  bool outgoing;    // true: edge runs from the queried node to `node`
};

struct AuditRecord {
  uint64_t sequence = 0;
  int64_t time_micros = 0;  // UTC, microseconds since the epoch
  std::string actor;        // who made the change; "" if unknown
  std::string operation;    // create_node, update_node, delete_node, link, update_edge, unlink
  std::string subject;      // node id the record is filed under
  std::string before;       // JSON of the state before ("" if none)
  std::string after;        // JSON of the state after ("" if none)
};

// Decodes one kb_audit entry (key: Str subject, U64 sequence). DataLoss if it does not decode.
absl::StatusOr<AuditRecord> DecodeAuditEntry(std::string_view key, std::string_view value);

// The whole graph as one consistent read, with the generation it reflects.
struct GraphExport {
  uint64_t generation = 0;
  KnowledgeDocument document;  // canonical order (see Canonicalize)
};

struct NodePage {
  std::vector<Node> nodes;
  std::string next_page_token;  // empty when there are no more nodes
};

// JSON renderings used in audit records and the CLI-facing dump. Strings are escaped by
// common::JsonString (invalid UTF-8 becomes U+FFFD, so a rendering always parses).
std::string NodeToJson(const Node& node);
std::string EdgeToJson(const Edge& edge);

class KnowledgeStore;

// Decides whether the caller may write content of the given owners: the sorted, distinct owners
// of every node and edge the write creates, changes or removes ("" = national content; an
// edge's owner is EdgeOwner of its endpoints). The store calls it under the write lock, after
// validation and before writing, also when the write turns out to change nothing (then with the
// owners the request names). A non-OK status refuses the write with that status. Empty: every
// write is allowed (trusted callers: tools, tests).
using OwnerScopeCheck = std::function<absl::Status(const std::vector<std::string>& owners)>;

// A knowledge-graph change appended to a caller's WriteBatch (StageIndicatorNode,
// StageNodeDeletion), so another store can change the graph and its own data atomically. The
// caller holds the Store's one write lock (storage::WriteLock) from staging until Finish, so audit
// sequence numbers stay contiguous and no other mutation interleaves. Move-only; one thread.
// Destroying it unfinished counts as a failed write (nothing is assumed applied).
class StagedGraphChange {
 public:
  StagedGraphChange(StagedGraphChange&&) noexcept;
  StagedGraphChange& operator=(StagedGraphChange&&) = delete;
  ~StagedGraphChange();
  // Reports the outcome of the Store::Write that carried the batch and releases the lock.
  void Finish(const absl::Status& write_status);

 private:
  friend class KnowledgeStore;

// Decides whether the caller may write content of the given owners: the sorted, distinct owners
// of every node and edge the write creates, changes or removes ("" = national content; an
// edge's owner is EdgeOwner of its endpoints). The store calls it under the write lock, after
// validation and before writing, also when the write turns out to change nothing (then with the
// owners the request names). A non-OK status refuses the write with that status. Empty: every
// write is allowed (trusted callers: tools, tests).
using OwnerScopeCheck = std::function<absl::Status(const std::vector<std::string>& owners)>;
  explicit StagedGraphChange(KnowledgeStore* store);
  KnowledgeStore* store_;
};

class KnowledgeStore {
 public:
  // Reads the audit sequence; DataLoss if stored state is unreadable. `clock` (audit stamps)
  // must outlive the store.
  static absl::StatusOr<std::unique_ptr<KnowledgeStore>> Open(
      storage::Store* store, const common::Clock* clock = &common::SystemClock());
  // Reads the stored state again, replacing what was loaded at Open: on a read replica after
  // each catch-up with its primary (engine::Engine::CatchUp), which holds the store's write lock
  // (Internal without it). Errors of Open. Moves generation().
  absl::Status Refresh(const storage::WriteLock& lock);

  // Every mutation takes an optional OwnerScopeCheck (`may_write`) and returns its status when it
  // refuses.

  // Creates a node. InvalidArgument (bad id, empty title, owner rules of ValidateNode, ...),
  // AlreadyExists, NotFound if provenance names a source node that does not exist; the owner
  // validator's status for an owner it refuses.
  absl::StatusOr<Node> CreateNode(const Node& node, const std::string& actor,
                                  const OwnerScopeCheck& may_write = {});
  // Replaces a node's attributes. NotFound if absent; FailedPrecondition if a type or owner
  // change would invalidate one of its edges.
  absl::StatusOr<Node> UpdateNode(const Node& node, const std::string& actor,
                                  const OwnerScopeCheck& may_write = {});
  // Deletes a node and every edge touching it, in one batch; returns the number of edges
  // removed. NotFound if absent; FailedPrecondition for a source node still named as another
  // node's provenance source.
  absl::StatusOr<int> DeleteNode(const std::string& id, const std::string& actor,
                                 const OwnerScopeCheck& may_write = {});
  // NotFound if absent.
  absl::StatusOr<Node> GetNode(const std::string& id) const;
  // Nodes in id order, optionally of one type. page_size 0 means 100; max 1000.
  // InvalidArgument for a malformed page token.
  absl::StatusOr<NodePage> ListNodes(std::optional<NodeType> type, int page_size,
                                     const std::string& page_token) const;
  // Every node / edge (for snapshots and dumps).
  absl::StatusOr<std::vector<Node>> AllNodes() const;
  absl::StatusOr<std::vector<Edge>> AllEdges() const;

  // Adds an edge. NotFound (endpoint missing), InvalidArgument (type pair or owners not
  // allowed, self loop, non-finite weight), AlreadyExists (same from/type/to),
  // FailedPrecondition (a REQUIRES or CONTRIBUTES_TO edge that would close a cycle; the message
  // names the cycle).
  absl::StatusOr<Edge> Link(const Edge& edge, const std::string& actor,
                            const OwnerScopeCheck& may_write = {});
  // Replaces weight and note of an existing edge. NotFound if absent.
  absl::StatusOr<Edge> UpdateEdge(const Edge& edge, const std::string& actor,
                                  const OwnerScopeCheck& may_write = {});
  // Removes an edge. NotFound if absent.
  absl::Status Unlink(const std::string& from, EdgeType type, const std::string& to,
                      const std::string& actor, const OwnerScopeCheck& may_write = {});
  absl::StatusOr<std::optional<Edge>> GetEdge(const std::string& from, EdgeType type,
                                              const std::string& to) const;
  // Neighbours of a node. NotFound if the node is absent.
  absl::StatusOr<std::vector<Neighbor>> Neighbors(const std::string& id, Direction direction,
                                                  std::optional<EdgeType> type) const;
  // Audit trail of one node (including edges touching it), oldest first.
  absl::StatusOr<std::vector<AuditRecord>> History(const std::string& id) const;

  // Upserts a document in one WriteBatch with one audit record per change (the same operations
  // as the single-item calls). Validated as a whole against the graph it would produce: if any
  // node or edge is invalid nothing is written and InvalidArgument names the offending item
  // (duplicate, bad id, empty title, missing endpoint or source, refused type pair, REQUIRES
  // cycle). A document that changes nothing writes nothing. `may_write` sees the owners of the
  // items that change (with none changing: of every item the document holds).
  absl::StatusOr<ApplyResult> Apply(const KnowledgeDocument& document, const ApplyOptions& options,
                                    const std::string& actor,
                                    const OwnerScopeCheck& may_write = {});
  // The whole graph, read while no mutation can interleave, so nodes and edges agree.
  absl::StatusOr<GraphExport> Export() const;

  // --- Changes staged into another store's WriteBatch (used by the indicator catalog). ---
  // The caller holds `lock` (the Store's write lock), writes the batch and then calls Finish on
  // the result before releasing the lock. Internal if `lock` is not this store's write lock.

  // Appends creation of `node` (must be of type INDICATOR) and of MEASURES edges from it to each
  // of `target_ids` (action fields or recommendations), with audit records, to `batch`.
  // InvalidArgument (not an INDICATOR, bad id/title, duplicate target, target of a type MEASURES
  // may not reach), AlreadyExists (node id taken), NotFound (a target is missing). On error
  // nothing is appended.
  absl::StatusOr<StagedGraphChange> StageIndicatorNode(const storage::WriteLock& lock,
                                                       storage::WriteBatch& batch,
                                                       const Node& node,
                                                       const std::vector<std::string>& target_ids,
                                                       const std::string& actor);
  // Appends deletion of node `id` and every edge touching it (as DeleteNode) to `batch`, without
  // consulting the deletion guard. NotFound if absent.
  absl::StatusOr<StagedGraphChange> StageNodeDeletion(const storage::WriteLock& lock,
                                                      storage::WriteBatch& batch,
                                                      const std::string& id,
                                                      const std::string& actor);
  // Installs a check DeleteNode runs (under the write lock) before deleting a node; a non-OK
  // result refuses the deletion with that status. Lets the indicator catalog protect the nodes
  // it owns. The guard must not call into this store. Set before serving; not synchronised.
  void SetDeletionGuard(std::function<absl::Status(const Node&)> guard);
  // Installs a check of the owners written nodes name (run under the write lock for every owner
  // a create, update or apply sets): the composition root checks that the unit exists in the
  // unit register, which this layer does not know. Without it only the syntax is checked
  // (ValidateOwner). The validator must not call into this store. Set before serving.
  void SetOwnerValidator(std::function<absl::Status(const std::string& owner)> validator);

  // Increases with every successful mutation; lets derived views (analytics snapshots) know
  // whether they are current.
  uint64_t generation() const;

  // The version of the graph that the calling thread's reads see (its storage::ReadScope, else
  // the latest): the audit sequence that every write advances in its own batch, so two reads
  // with the same version see the same graph. A key for caches of derived views that must agree
  // with a snapshot (the scorecard's action-field links). DataLoss if the stored sequence is
  // unreadable.
  absl::StatusOr<uint64_t> VersionInScope() const;

 private:
  KnowledgeStore(storage::Store* store, const common::Clock* clock)
      : store_(store), clock_(clock) {}
  absl::StatusOr<std::optional<Node>> ReadNode(const std::string& id) const;
  absl::StatusOr<std::vector<Edge>> EdgesOf(const std::string& id, Direction direction,
                                            std::optional<EdgeType> type) const;
  void AddAudit(storage::WriteBatch& batch, const std::string& subject, const std::string& op,
                const std::string& actor, const std::string& before, const std::string& after);
  absl::Status Commit(storage::WriteBatch& batch);
  // FailedPrecondition naming the cycle if adding `edge` (of an acyclic type) would close one.
  absl::Status CheckNoCycle(const Edge& edge) const;
  // may_write on the owner of the stored edge from -> to (both endpoints exist).
  absl::Status CheckEdgeScope(const std::string& from, const std::string& to,
                              const OwnerScopeCheck& may_write) const;
  // The owner validator's verdict on `owner` (OK for "" or without a validator).
  absl::Status CheckOwnerExists(const std::string& owner) const;
  // The owners of the edges touching `node` (EdgeOwner of each), plus the node's own.
  absl::StatusOr<std::set<std::string>> OwnersAround(const Node& node,
                                                     const std::vector<Edge>& edges) const;
  absl::Status CheckWriteLock(const storage::WriteLock& lock) const;
  // Appends the deletion of `node` and `edges` (all edges touching it) with audit records.
  void AppendNodeDeletion(storage::WriteBatch& batch, const Node& node,
                          const std::vector<Edge>& edges, const std::string& actor);
  friend class StagedGraphChange;

  storage::Store* store_;
  const common::Clock* clock_;
  // Both guarded by the Store's write lock (storage::WriteLock).
  uint64_t audit_seq_ = 0;
  uint64_t pending_seq_ = 0;     // sequence after the batch being built
  std::atomic<uint64_t> generation_{0};
  std::function<absl::Status(const Node&)> deletion_guard_;
  std::function<absl::Status(const std::string&)> owner_validator_;
};

// Runs `may_write` (if set) on `owners` as a sorted vector.
absl::Status CheckMayWrite(const OwnerScopeCheck& may_write, const std::set<std::string>& owners);

}  // namespace integra::knowledge
