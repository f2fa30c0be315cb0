#include "services/api/status.h"

#include "common/message.h"

namespace integra::api {

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      common::TruncateMessage(status.message()));
}

}  // namespace integra::api
