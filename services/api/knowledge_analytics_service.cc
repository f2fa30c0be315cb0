// KnowledgeService: search and graph analytics, each answered from the current snapshot.
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/api/knowledge_convert.h"
#include "services/api/knowledge_service.h"
#include "services/api/status.h"
#include "services/knowledge/graph_export.h"

namespace integra::api {
namespace {

// Search page tokens carry the offset of the next hit. They are not tied to a generation: a
// write between two pages may shift results by the number of hits it added or removed.
std::string OffsetToken(size_t offset) {
  return absl::WebSafeBase64Escape(absl::StrCat("o", offset));
}

absl::StatusOr<size_t> OffsetFromToken(const std::string& token) {
  if (token.empty()) return 0;
  std::string raw;
  size_t offset = 0;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < 2 || raw[0] != 'o' ||
      !absl::SimpleAtoi(raw.substr(1), &offset)) {
    return absl::InvalidArgumentError("malformed page_token");
  }
  return offset;
}

}  // namespace

grpc::Status KnowledgeServiceImpl::Search(grpc::ServerContext*, const v1::SearchRequest* req,
                                          v1::SearchResponse* resp) {
  auto type = OptionalTypeFromProto(req->type());
  if (!type.ok()) return ToGrpc(type.status());
  if (req->page_size() < 0) {
    return ToGrpc(absl::InvalidArgumentError("page_size must not be negative"));
  }
  size_t page_size = req->page_size() == 0 ? 50 : std::min(req->page_size(), 1000);
  auto offset = OffsetFromToken(req->page_token());
  if (!offset.ok()) return ToGrpc(offset.status());
  auto snapshot = analytics_->Current();
  if (!snapshot.ok()) return ToGrpc(snapshot.status());
  auto hits = (*snapshot)->Search(req->query(), *type);
  for (size_t i = *offset; i < hits.size() && i < *offset + page_size; ++i) {
    auto* out = resp->add_hits();
    ToProto(hits[i].node, out->mutable_node());
    out->set_score(hits[i].score);
    for (const auto& f : hits[i].matched_fields) out->add_matched_fields(f);
  }
  if (*offset + page_size < hits.size())
    resp->set_next_page_token(OffsetToken(*offset + page_size));
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::GetSubgraph(grpc::ServerContext*, const v1::SubgraphRequest* req,
                                               v1::Subgraph* resp) {
  auto filter = FilterFromProto(req->edge_types());
  if (!filter.ok()) return ToGrpc(filter.status());
  auto snapshot = analytics_->Current();
  if (!snapshot.ok()) return ToGrpc(snapshot.status());
  auto graph = req->id().empty() ? (*snapshot)->Filtered(*filter)
                                 : (*snapshot)->Subgraph(req->id(), req->depth(),
                                                         FromProto(req->direction()), *filter);
  if (!graph.ok()) return ToGrpc(graph.status());
  for (const auto& n : graph->nodes) ToProto(n, resp->add_nodes());
  for (const auto& e : graph->edges) ToProto(e, resp->add_edges());
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::ExplainPath(grpc::ServerContext*,
                                               const v1::ExplainPathRequest* req,
                                               v1::ExplainPathResponse* resp) {
  auto filter = FilterFromProto(req->edge_types());
  if (!filter.ok()) return ToGrpc(filter.status());
  auto snapshot = analytics_->Current();
  if (!snapshot.ok()) return ToGrpc(snapshot.status());
  auto steps = (*snapshot)->ExplainPath(req->from(), req->to(), req->undirected(), *filter);
  if (!steps.ok()) return ToGrpc(steps.status());
  resp->set_found(!steps->empty());
  for (const auto& step : *steps) {
    auto* out = resp->add_steps();
    ToProto(step.node, out->mutable_node());
    if (step.edge.has_value()) ToProto(*step.edge, out->mutable_edge());
    out->set_forward(step.forward);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Centrality(grpc::ServerContext*,
                                              const v1::CentralityRequest* req,
                                              v1::CentralityResponse* resp) {
  auto type = OptionalTypeFromProto(req->type());
  if (!type.ok()) return ToGrpc(type.status());
  auto filter = FilterFromProto(req->edge_types());
  if (!filter.ok()) return ToGrpc(filter.status());
  if (req->limit() < 0) return ToGrpc(absl::InvalidArgumentError("limit must not be negative"));
  auto snapshot = analytics_->Current();
  if (!snapshot.ok()) return ToGrpc(snapshot.status());
  auto entries = (*snapshot)->Centrality(*type, *filter);
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

grpc::Status KnowledgeServiceImpl::TopologicalOrder(grpc::ServerContext*,
                                                    const v1::TopologicalOrderRequest*,
                                                    v1::TopologicalOrderResponse* resp) {
  auto snapshot = analytics_->Current();
  if (!snapshot.ok()) return ToGrpc(snapshot.status());
  auto entries = (*snapshot)->TopologicalOrder();
  if (!entries.ok()) return ToGrpc(entries.status());
  for (const auto& e : *entries) {
    auto* out = resp->add_entries();
    ToProto(e.node, out->mutable_node());
    out->set_level(e.level);
    for (const auto& id : e.requires_ids) out->add_required_ids(id);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Components(grpc::ServerContext*,
                                              const v1::ComponentsRequest* req,
                                              v1::ComponentsResponse* resp) {
  auto filter = FilterFromProto(req->edge_types());
  if (!filter.ok()) return ToGrpc(filter.status());
  auto snapshot = analytics_->Current();
  if (!snapshot.ok()) return ToGrpc(snapshot.status());
  for (const auto& component : (*snapshot)->Components(*filter)) {
    auto* out = resp->add_components();
    for (const auto& id : component) out->add_node_ids(id);
  }
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::Coverage(grpc::ServerContext*, const v1::CoverageRequest*,
                                            v1::CoverageResponse* resp) {
  auto snapshot = analytics_->Current();
  if (!snapshot.ok()) return ToGrpc(snapshot.status());
  for (const auto& e : (*snapshot)->Coverage()) {
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

grpc::Status KnowledgeServiceImpl::ExportGraph(grpc::ServerContext*,
                                               const v1::ExportGraphRequest* req,
                                               v1::ExportGraphResponse* resp) {
  if (req->format() != v1::EXPORT_FORMAT_DOT && req->format() != v1::EXPORT_FORMAT_GRAPHML) {
    return ToGrpc(absl::InvalidArgumentError("format must be EXPORT_FORMAT_DOT or _GRAPHML"));
  }
  auto filter = FilterFromProto(req->edge_types());
  if (!filter.ok()) return ToGrpc(filter.status());
  auto snapshot = analytics_->Current();
  if (!snapshot.ok()) return ToGrpc(snapshot.status());
  knowledge::KnowledgeDocument graph;
  if (req->root().empty()) {
    graph = (*snapshot)->Filtered(*filter);
  } else {
    auto sub =
        (*snapshot)->Subgraph(req->root(), req->depth(), FromProto(req->direction()), *filter);
    if (!sub.ok()) return ToGrpc(sub.status());
    graph = *std::move(sub);
  }
  resp->set_content(req->format() == v1::EXPORT_FORMAT_DOT ? knowledge::ToGraphviz(graph)
                                                           : knowledge::ToGraphML(graph));
  return grpc::Status::OK;
}

}  // namespace integra::api
