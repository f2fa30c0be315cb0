// KnowledgeService: loading and dumping whole documents.
#include "services/api/knowledge_convert.h"
#include "services/api/knowledge_service.h"
#include "absl/strings/str_cat.h"
#include "services/api/call_guard.h"
#include "services/api/status.h"

namespace integra::api {

grpc::Status KnowledgeServiceImpl::ApplyKnowledge(grpc::ServerContext* ctx,
                                                  const v1::ApplyKnowledgeRequest* req,
                                                  v1::ApplyKnowledgeResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, AuthorizeRole(ctx));
  const storage::AuditScope audit = AuditWrite(
      ctx, {},
      absl::StrCat("apply knowledge document: ", req->document().nodes_size(), " node(s), ",
                   req->document().edges_size(), " edge(s)", req->prune() ? ", prune" : ""));
  GRPC_ASSIGN_OR_RETURN(auto doc, FromProto(req->document()));
  GRPC_ASSIGN_OR_RETURN(
      auto result,
      store_->Apply(doc,
                    {.prune = req->prune(),
                     .dry_run = req->dry_run(),
                     .prune_owner = req->prune_owner()},
                    caller.Actor(), OwnerScopeOf(ctx)));
  resp->set_nodes_created(result.nodes_created);
  resp->set_nodes_updated(result.nodes_updated);
  resp->set_nodes_unchanged(result.nodes_unchanged);
  resp->set_nodes_removed(result.nodes_removed);
  resp->set_edges_created(result.edges_created);
  resp->set_edges_updated(result.edges_updated);
  resp->set_edges_unchanged(result.edges_unchanged);
  resp->set_edges_removed(result.edges_removed);
  resp->set_changes(result.changes());
  return grpc::Status::OK;
}

grpc::Status KnowledgeServiceImpl::DumpKnowledge(grpc::ServerContext* ctx,
                                                 const v1::DumpKnowledgeRequest* req,
                                                 v1::KnowledgeDocument* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  if (!req->owner().empty()) GRPC_RETURN_IF_ERROR(knowledge::ValidateOwner(req->owner()));
  GRPC_ASSIGN_OR_RETURN(auto exported, store_->Export());
  ToProto(req->owner().empty() ? exported.document
                               : knowledge::OwnedPart(exported.document, req->owner()),
          resp);
  return grpc::Status::OK;
}

}  // namespace integra::api
