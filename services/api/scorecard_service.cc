#include "services/api/scorecard_service.h"

#include "services/api/analytics_convert.h"
#include "services/api/call_guard.h"
#include "services/api/scorecard_convert.h"
#include "services/api/status.h"
#include "services/scorecard/scorecard_markdown.h"

namespace integra::api {

grpc::Status ScorecardServiceImpl::GetScorecard(grpc::ServerContext* ctx,
                                                const v1::GetScorecardRequest* req,
                                                v1::Scorecard* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto peers, FromProto(req->peers()));
  GRPC_ASSIGN_OR_RETURN(auto card, builder_->Build({.unit_key = req->unit_key(),
                                                    .period = req->period(),
                                                    .peers = peers,
                                                    .with_evaluation = req->with_evaluation()}));
  ToProto(card, resp);
  if (req->include_markdown()) resp->set_markdown(scorecard::RenderMarkdown(card));
  return grpc::Status::OK;
}

grpc::Status ScorecardServiceImpl::Evaluate(grpc::ServerContext* ctx,
                                            const v1::EvaluateRequest* req,
                                            v1::EvaluateResponse* resp) {
  GRPC_ASSIGN_OR_RETURN(const security::Principal caller, Authorize(ctx));
  GRPC_ASSIGN_OR_RETURN(auto peers, FromProto(req->peers()));
  GRPC_ASSIGN_OR_RETURN(auto evaluation,
                        evaluator_->Evaluate({.measure_id = req->measure_id(),
                                              .indicator_code = req->indicator_code(),
                                              .peers = peers}));
  ToProto(evaluation, resp);
  return grpc::Status::OK;
}

}  // namespace integra::api
