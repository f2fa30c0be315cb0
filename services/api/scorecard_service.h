// ScorecardService: the scorecard and the evaluation of a unit's measures over gRPC
// (proto/integra/v1/scorecard.proto). Thin: converts the request, calls ScorecardBuilder or
// MeasureEvaluator once, renders markdown on request, maps the status.
#pragma once

#include "integra/v1/scorecard.grpc.pb.h"
#include "services/monitoring/measure_evaluation.h"
#include "services/scorecard/scorecard_builder.h"

namespace integra::api {

class ScorecardServiceImpl final : public v1::ScorecardService::Service {
 public:
  // `builder` and `evaluator` must outlive the service.
  ScorecardServiceImpl(const scorecard::ScorecardBuilder* builder,
                       const monitoring::MeasureEvaluator* evaluator)
      : builder_(builder), evaluator_(evaluator) {}

  grpc::Status GetScorecard(grpc::ServerContext* ctx, const v1::GetScorecardRequest* req,
                            v1::Scorecard* resp) override;
  grpc::Status Evaluate(grpc::ServerContext* ctx, const v1::EvaluateRequest* req,
                        v1::EvaluateResponse* resp) override;

 private:
  const scorecard::ScorecardBuilder* builder_;
  const monitoring::MeasureEvaluator* evaluator_;
};

}  // namespace integra::api
