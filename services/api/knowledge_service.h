// KnowledgeService: thin gRPC adapter over knowledge::KnowledgeStore.
// Each handler validates the request shape, calls the domain once, maps the status and fills
// the response. Thread-safe (the store is).
#pragma once

#include "integra/v1/knowledge.grpc.pb.h"
#include "services/knowledge/graph_analytics.h"
#include "services/knowledge/knowledge_store.h"

namespace integra::api {

// Knowledge writes run in two steps: AuthorizeRole(ctx) checks the role before the request is
// decoded; the store then reports, under its write lock, the owners the write touches ("" =
// national content), and this check applies the method's permission to them (an EDITOR may
// write only the strategies of units inside its scope; see services/security/permissions.h).
knowledge::OwnerScopeCheck OwnerScopeOf(const grpc::ServerContextBase* ctx);

class KnowledgeServiceImpl final : public v1::KnowledgeService::Service {
 public:
  KnowledgeServiceImpl(knowledge::KnowledgeStore* store, const knowledge::GraphAnalytics* analytics)
      : store_(store), analytics_(analytics) {}

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

  // Documents (knowledge_document_service.cc).
  grpc::Status ApplyKnowledge(grpc::ServerContext* ctx, const v1::ApplyKnowledgeRequest* req,
                              v1::ApplyKnowledgeResponse* resp) override;
  grpc::Status DumpKnowledge(grpc::ServerContext* ctx, const v1::DumpKnowledgeRequest* req,
                             v1::KnowledgeDocument* resp) override;

  // Analytics and search over the current snapshot (knowledge_analytics_service.cc).
  grpc::Status Search(grpc::ServerContext* ctx, const v1::SearchRequest* req,
                      v1::SearchResponse* resp) override;
  grpc::Status GetSubgraph(grpc::ServerContext* ctx, const v1::SubgraphRequest* req,
                           v1::Subgraph* resp) override;
  grpc::Status ExplainPath(grpc::ServerContext* ctx, const v1::ExplainPathRequest* req,
                           v1::ExplainPathResponse* resp) override;
  grpc::Status Centrality(grpc::ServerContext* ctx, const v1::CentralityRequest* req,
                          v1::CentralityResponse* resp) override;
  grpc::Status TopologicalOrder(grpc::ServerContext* ctx, const v1::TopologicalOrderRequest* req,
                                v1::TopologicalOrderResponse* resp) override;
  grpc::Status Components(grpc::ServerContext* ctx, const v1::ComponentsRequest* req,
                          v1::ComponentsResponse* resp) override;
  grpc::Status Coverage(grpc::ServerContext* ctx, const v1::CoverageRequest* req,
                        v1::CoverageResponse* resp) override;
  grpc::Status ExportGraph(grpc::ServerContext* ctx, const v1::ExportGraphRequest* req,
                           v1::ExportGraphResponse* resp) override;

 private:
  knowledge::KnowledgeStore* store_;
  const knowledge::GraphAnalytics* analytics_;
};

}  // namespace integra::api
