#include "services/api/knowledge_service.h"

#include "services/api/knowledge_convert.h"
#include "absl/strings/str_cat.h"
#include "services/api/call_guard.h"
#include "services/api/status.h"

namespace integra::api {

namespace {

// The unit a written node belongs to, for the audit trail (none for national content).
std::vector<std::string> OwnerKeys(const v1::Node& node) {
  if (node.owner().empty()) return {};
  return {node.owner()};
}

}  // namespace

knowledge::OwnerScopeCheck OwnerScopeOf(const grpc::ServerContextBase* ctx) {
  return [ctx](const std::vector<std::string>& owners) { return Authorize(ctx, owners).status(); };
}

grpc::Status KnowledgeServiceImpl::CreateNode(grpc::ServerContext* ctx,
                                              const v1::CreateNodeRequest* req, v1::Node* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  const storage::AuditScope audit = AuditWrite(ctx, OwnerKeys(req->node()), "create node " + req->node().id());
  GRPC_ASSIGN_OR_RETURN(auto node, FromProto(req->node()));
  GRPC_ASSIGN_OR_RETURN(auto created, store_->CreateNode(node, caller.Actor(), OwnerScopeOf(ctx)));
  ToProto(created, resp);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::GetNode(grpc::ServerContext* ctx, const v1::GetNodeRequest* req,
                                           v1::Node* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto node, store_->GetNode(req->id()));
  ToProto(node, resp);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::UpdateNode(grpc::ServerContext* ctx,
                                              const v1::UpdateNodeRequest* req, v1::Node* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  const storage::AuditScope audit = AuditWrite(ctx, OwnerKeys(req->node()), "update node " + req->node().id());
  GRPC_ASSIGN_OR_RETURN(auto node, FromProto(req->node()));
  GRPC_ASSIGN_OR_RETURN(auto updated, store_->UpdateNode(node, caller.Actor(), OwnerScopeOf(ctx)));
  ToProto(updated, resp);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::DeleteNode(grpc::ServerContext* ctx,
                                              const v1::DeleteNodeRequest* req,
                                              v1::DeleteNodeResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  const storage::AuditScope audit = AuditWrite(ctx, {}, "delete node " + req->id());
  GRPC_ASSIGN_OR_RETURN(auto removed, store_->DeleteNode(req->id(), caller.Actor(), OwnerScopeOf(ctx)));
  resp->set_edges_removed(removed);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::ListNodes(grpc::ServerContext* ctx, const v1::ListNodesRequest* req,
                                             v1::ListNodesResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  std::optional<knowledge::NodeType> type;
  if (req->type() != v1::NODE_TYPE_UNSPECIFIED) {
    GRPC_ASSIGN_OR_RETURN(auto t, api::FromProto(req->type()));
    type = t;
  }
  GRPC_ASSIGN_OR_RETURN(auto page, store_->ListNodes(type, req->page_size(), req->page_token()));
  for (const auto& n : page.nodes) ToProto(n, resp->add_nodes());
  resp->set_next_page_token(page.next_page_token);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Link(grpc::ServerContext* ctx, const v1::LinkRequest* req,
                                        v1::Edge* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  const storage::AuditScope audit = AuditWrite(
      ctx, {}, absl::StrCat("link ", req->edge().from(), " ", req->edge().to()));
  GRPC_ASSIGN_OR_RETURN(auto edge, api::FromProto(req->edge()));
  GRPC_ASSIGN_OR_RETURN(auto linked, store_->Link(edge, caller.Actor(), OwnerScopeOf(ctx)));
  ToProto(linked, resp);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Unlink(grpc::ServerContext* ctx, const v1::UnlinkRequest* req,
                                          v1::UnlinkResponse*) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  const storage::AuditScope audit = AuditWrite(
      ctx, {}, absl::StrCat("unlink ", req->from(), " ", req->to()));
  GRPC_ASSIGN_OR_RETURN(auto type, api::FromProto(req->type()));
  return ToGrpc(store_->Unlink(req->from(), type, req->to(), caller.Actor(), OwnerScopeOf(ctx)));
}

grpc::Status KnowledgeServiceImpl::Neighbors(grpc::ServerContext* ctx, const v1::NeighborsRequest* req,
                                             v1::NeighborsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  std::optional<knowledge::EdgeType> type;
  if (req->edge_type() != v1::EDGE_TYPE_UNSPECIFIED) {
    GRPC_ASSIGN_OR_RETURN(auto t, api::FromProto(req->edge_type()));
    type = t;
  }
  GRPC_ASSIGN_OR_RETURN(auto neighbors,
                        store_->Neighbors(req->id(), FromProto(req->direction()), type));
  for (const auto& n : neighbors) {
    auto* out = resp->add_neighbors();
    ToProto(n.edge, out->mutable_edge());
    ToProto(n.node, out->mutable_node());
    out->set_outgoing(n.outgoing);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::History(grpc::ServerContext* ctx, const v1::HistoryRequest* req,
                                           v1::HistoryResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto records, store_->History(req->id()));
  for (const auto& r : records) {
    auto* out = resp->add_records();
    out->set_sequence(r.sequence);
    out->set_time_micros(r.time_micros);
    out->set_actor(r.actor);
    out->set_operation(r.operation);
    out->set_before_json(r.before);
    out->set_after_json(r.after);
  }
  return grpc::Status::OK;
}

}  // namespace integra::api
