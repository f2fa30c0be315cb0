// ScorecardService: the scorecard over gRPC (proto/integra/v1/scorecard.proto). Thin: converts
// the request, calls ScorecardBuilder once, renders markdown on request, maps the status.
#pragma once

#include "integra/v1/scorecard.grpc.pb.h"
#include "services/scorecard/scorecard_builder.h"

namespace integra::api {

class ScorecardServiceImpl final : public v1::ScorecardService::Service {
 public:
  // `builder` must outlive the service.
  explicit ScorecardServiceImpl(const scorecard::ScorecardBuilder* builder) : builder_(builder) {}

  grpc::Status GetScorecard(grpc::ServerContext* ctx, const v1::GetScorecardRequest* req,
                            v1::Scorecard* resp) override;

 private:
  const scorecard::ScorecardBuilder* builder_;
};

}  // namespace integra::api
