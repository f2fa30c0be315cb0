#include "services/api/status.h"

#include "common/message.h"

namespace integra::api {

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      common::TruncateMessage(status.message()));
}

std::string ActorOf(const grpc::ServerContext* context) {
  const auto& md = context->client_metadata();
  auto it = md.find("integra-actor");
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace integra::api
