// KnowledgeService: thin gRPC adapter over knowledge::KnowledgeStore.
// Each handler validates the request shape, calls the domain once, maps the status and fills
// the response. Thread-safe (the store is).
#pragma once

#include "integra/v1/knowledge.grpc.pb.h"
#include "services/knowledge/knowledge_store.h"

namespace integra::api {

class KnowledgeServiceImpl final : public v1::KnowledgeService::Service {
 public:
  explicit KnowledgeServiceImpl(knowledge::KnowledgeStore* store) : store_(store) {}

  grpc::Status CreateNode(grpc::ServerContext* ctx, const v1::CreateNodeRequest* req,
                          v1::Node* resp) override;
  grpc::Status GetNode(grpc::ServerContext* ctx, const v1::GetNodeRequest* req,
                       v1::Node* resp) override;
  grpc::Status UpdateNode(grpc::ServerContext* ctx, const v1::UpdateNodeRequest* req,
                          v1::Node* resp) override;
  grpc::Status DeleteNode(grpc::ServerContext* ctx, const v1::DeleteNodeRequest* req,
                          v1::DeleteNodeResponse* resp) override;
  grpc::Status ListNodes(grpc::ServerContext* ctx, const v1::ListNodesRequest* req,
                         v1::ListNodesResponse* resp) override;
  grpc::Status Link(grpc::ServerContext* ctx, const v1::LinkRequest* req,
                    v1::Edge* resp) override;
  grpc::Status Unlink(grpc::ServerContext* ctx, const v1::UnlinkRequest* req,
                      v1::UnlinkResponse* resp) override;
  grpc::Status Neighbors(grpc::ServerContext* ctx, const v1::NeighborsRequest* req,
                         v1::NeighborsResponse* resp) override;
  grpc::Status History(grpc::ServerContext* ctx, const v1::HistoryRequest* req,
                       v1::HistoryResponse* resp) override;

 private:
  knowledge::KnowledgeStore* store_;
};

}  // namespace integra::api
