#include "services/api/knowledge_service.h"

#include "services/api/knowledge_convert.h"
#include "services/api/status.h"

namespace integra::api {

grpc::Status KnowledgeServiceImpl::CreateNode(grpc::ServerContext* ctx,
                                              const v1::CreateNodeRequest* req, v1::Node* resp) {
  auto node = FromProto(req->node());
  if (!node.ok()) return ToGrpc(node.status());
  auto created = store_->CreateNode(*node, ActorOf(ctx));
  if (!created.ok()) return ToGrpc(created.status());
  ToProto(*created, resp);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::GetNode(grpc::ServerContext*, const v1::GetNodeRequest* req,
                                           v1::Node* resp) {
  auto node = store_->GetNode(req->id());
  if (!node.ok()) return ToGrpc(node.status());
  ToProto(*node, resp);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::UpdateNode(grpc::ServerContext* ctx,
                                              const v1::UpdateNodeRequest* req, v1::Node* resp) {
  auto node = FromProto(req->node());
  if (!node.ok()) return ToGrpc(node.status());
  auto updated = store_->UpdateNode(*node, ActorOf(ctx));
  if (!updated.ok()) return ToGrpc(updated.status());
  ToProto(*updated, resp);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::DeleteNode(grpc::ServerContext* ctx,
                                              const v1::DeleteNodeRequest* req,
                                              v1::DeleteNodeResponse* resp) {
  auto removed = store_->DeleteNode(req->id(), ActorOf(ctx));
  if (!removed.ok()) return ToGrpc(removed.status());
  resp->set_edges_removed(*removed);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::ListNodes(grpc::ServerContext*, const v1::ListNodesRequest* req,
                                             v1::ListNodesResponse* resp) {
  std::optional<knowledge::NodeType> type;
  if (req->type() != v1::NODE_TYPE_UNSPECIFIED) {
    auto t = api::FromProto(req->type());
    if (!t.ok()) return ToGrpc(t.status());
    type = *t;
  }
  auto page = store_->ListNodes(type, req->page_size(), req->page_token());
  if (!page.ok()) return ToGrpc(page.status());
  for (const auto& n : page->nodes) ToProto(n, resp->add_nodes());
  resp->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Link(grpc::ServerContext* ctx, const v1::LinkRequest* req,
                                        v1::Edge* resp) {
  auto edge = api::FromProto(req->edge());
  if (!edge.ok()) return ToGrpc(edge.status());
  auto linked = store_->Link(*edge, ActorOf(ctx));
  if (!linked.ok()) return ToGrpc(linked.status());
  ToProto(*linked, resp);
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Unlink(grpc::ServerContext* ctx, const v1::UnlinkRequest* req,
                                          v1::UnlinkResponse*) {
  auto type = api::FromProto(req->type());
  if (!type.ok()) return ToGrpc(type.status());
  return ToGrpc(store_->Unlink(req->from(), *type, req->to(), ActorOf(ctx)));
}

grpc::Status KnowledgeServiceImpl::Neighbors(grpc::ServerContext*, const v1::NeighborsRequest* req,
                                             v1::NeighborsResponse* resp) {
  std::optional<knowledge::EdgeType> type;
  if (req->edge_type() != v1::EDGE_TYPE_UNSPECIFIED) {
    auto t = api::FromProto(req->edge_type());
    if (!t.ok()) return ToGrpc(t.status());
    type = *t;
  }
  auto neighbors = store_->Neighbors(req->id(), FromProto(req->direction()), type);
  if (!neighbors.ok()) return ToGrpc(neighbors.status());
  for (const auto& n : *neighbors) {
    auto* out = resp->add_neighbors();
    ToProto(n.edge, out->mutable_edge());
    ToProto(n.node, out->mutable_node());
    out->set_outgoing(n.outgoing);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::History(grpc::ServerContext*, const v1::HistoryRequest* req,
                                           v1::HistoryResponse* resp) {
  auto records = store_->History(req->id());
  if (!records.ok()) return ToGrpc(records.status());
  for (const auto& r : *records) {
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
