// KnowledgeService: search and graph analytics, each answered from the current snapshot.
#include "common/page_token.h"
#include "services/api/knowledge_convert.h"
#include "services/api/knowledge_service.h"
#include "services/api/call_guard.h"
#include "services/api/status.h"
#include "services/knowledge/graph_export.h"

namespace integra::api {

grpc::Status KnowledgeServiceImpl::Search(grpc::ServerContext* ctx, const v1::SearchRequest* req,
                                          v1::SearchResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto type, OptionalTypeFromProto(req->type()));
  // Search pages carry the offset of the next hit (see common/page_token.h).
  GRPC_ASSIGN_OR_RETURN(const size_t page_size, common::PageSize(req->page_size(), 50, 1000));
  GRPC_ASSIGN_OR_RETURN(const size_t offset, common::OffsetFromPageToken(req->page_token()));
  GRPC_ASSIGN_OR_RETURN(auto snapshot, analytics_->Current());
  auto hits = snapshot->Search(req->query(), type);
  for (size_t i = offset; i < hits.size() && i < offset + page_size; ++i) {
    auto* out = resp->add_hits();
    ToProto(hits[i].node, out->mutable_node());
    out->set_score(hits[i].score);
    for (const auto& f : hits[i].matched_fields) out->add_matched_fields(f);
  }
  if (offset + page_size < hits.size())
    resp->set_next_page_token(common::OffsetPageToken(offset + page_size));
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::GetSubgraph(grpc::ServerContext* ctx, const v1::SubgraphRequest* req,
                                               v1::Subgraph* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto filter, FilterFromProto(req->edge_types()));
  GRPC_ASSIGN_OR_RETURN(auto snapshot, analytics_->Current());
  GRPC_ASSIGN_OR_RETURN(auto graph, req->id().empty()
                                        ? snapshot->Filtered(filter)
                                        : snapshot->Subgraph(req->id(), req->depth(),
                                                             FromProto(req->direction()), filter));
  for (const auto& n : graph.nodes) ToProto(n, resp->add_nodes());
  for (const auto& e : graph.edges) ToProto(e, resp->add_edges());
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::ExplainPath(grpc::ServerContext* ctx,
                                               const v1::ExplainPathRequest* req,
                                               v1::ExplainPathResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto filter, FilterFromProto(req->edge_types()));
  GRPC_ASSIGN_OR_RETURN(auto snapshot, analytics_->Current());
  GRPC_ASSIGN_OR_RETURN(auto steps,
                        snapshot->ExplainPath(req->from(), req->to(), req->undirected(), filter));
  resp->set_found(!steps.empty());
  for (const auto& step : steps) {
    auto* out = resp->add_steps();
    ToProto(step.node, out->mutable_node());
    if (step.edge.has_value()) ToProto(*step.edge, out->mutable_edge());
    out->set_forward(step.forward);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Centrality(grpc::ServerContext* ctx,
                                              const v1::CentralityRequest* req,
                                              v1::CentralityResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto type, OptionalTypeFromProto(req->type()));
  GRPC_ASSIGN_OR_RETURN(auto filter, FilterFromProto(req->edge_types()));
  if (req->limit() < 0) return ToGrpc(absl::InvalidArgumentError("limit must not be negative"));
  GRPC_ASSIGN_OR_RETURN(auto snapshot, analytics_->Current());
  auto entries = snapshot->Centrality(type, filter);
  for (const auto& e : entries) {
    if (req->limit() > 0 && resp->entries_size() == req->limit()) break;
    auto* out = resp->add_entries();
    ToProto(e.node, out->mutable_node());
    out->set_degree(e.degree());
    out->set_in_degree(e.in_degree);
    out->set_out_degree(e.out_degree);
    out->set_betweenness(e.betweenness);
    out->set_betweenness_normalized(e.betweenness_normalized);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::TopologicalOrder(grpc::ServerContext* ctx,
                                                    const v1::TopologicalOrderRequest*,
                                                    v1::TopologicalOrderResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto snapshot, analytics_->Current());
  GRPC_ASSIGN_OR_RETURN(auto entries, snapshot->TopologicalOrder());
  for (const auto& e : entries) {
    auto* out = resp->add_entries();
    ToProto(e.node, out->mutable_node());
    out->set_level(e.level);
    for (const auto& id : e.requires_ids) out->add_required_ids(id);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Components(grpc::ServerContext* ctx,
                                              const v1::ComponentsRequest* req,
                                              v1::ComponentsResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto filter, FilterFromProto(req->edge_types()));
  GRPC_ASSIGN_OR_RETURN(auto snapshot, analytics_->Current());
  for (const auto& component : snapshot->Components(filter)) {
    auto* out = resp->add_components();
    for (const auto& id : component) out->add_node_ids(id);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Coverage(grpc::ServerContext* ctx, const v1::CoverageRequest*,
                                            v1::CoverageResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto snapshot, analytics_->Current());
  for (const auto& e : snapshot->Coverage()) {
    auto* out = resp->add_entries();
    ToProto(e.node, out->mutable_node());
    for (const auto& id : e.indicator_ids) out->add_indicator_ids(id);
    if (e.indicator_ids.empty()) {
      resp->set_uncovered(resp->uncovered() + 1);
    } else {
      resp->set_covered(resp->covered() + 1);
    }
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::ExportGraph(grpc::ServerContext* ctx,
                                               const v1::ExportGraphRequest* req,
                                               v1::ExportGraphResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  if (req->format() != v1::EXPORT_FORMAT_DOT && req->format() != v1::EXPORT_FORMAT_GRAPHML) {
    return ToGrpc(absl::InvalidArgumentError("format must be EXPORT_FORMAT_DOT or _GRAPHML"));
  }
  GRPC_ASSIGN_OR_RETURN(auto filter, FilterFromProto(req->edge_types()));
  GRPC_ASSIGN_OR_RETURN(auto snapshot, analytics_->Current());
  knowledge::KnowledgeDocument graph;
  if (req->root().empty()) {
    graph = snapshot->Filtered(filter);
  } else {
    GRPC_ASSIGN_OR_RETURN(
        graph, snapshot->Subgraph(req->root(), req->depth(), FromProto(req->direction()), filter));
  }
  resp->set_content(req->format() == v1::EXPORT_FORMAT_DOT ? knowledge::ToGraphviz(graph)
                                                           : knowledge::ToGraphML(graph));
  return grpc::Status::OK;
}

}  // namespace integra::api
