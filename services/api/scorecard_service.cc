#include "services/api/scorecard_service.h"

#include "services/api/analytics_convert.h"
#include "services/api/scorecard_convert.h"
#include "services/api/status.h"
#include "services/scorecard/scorecard_markdown.h"

namespace integra::api {

grpc::Status ScorecardServiceImpl::GetScorecard(grpc::ServerContext*,
                                                const v1::GetScorecardRequest* req,
                                                v1::Scorecard* resp) {
  auto peers = FromProto(req->peers());
  if (!peers.ok()) return ToGrpc(peers.status());
  auto card =
      builder_->Build({.unit_key = req->unit_key(), .period = req->period(), .peers = *peers});
  if (!card.ok()) return ToGrpc(card.status());
  ToProto(*card, resp);
  if (req->include_markdown()) resp->set_markdown(scorecard::RenderMarkdown(*card));
  return grpc::Status::OK;
}

}  // namespace integra::api
