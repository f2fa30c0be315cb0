// The one conversion from the domain error model (absl::Status) to gRPC's. The canonical codes
// match one for one, so the mapping keeps code and message.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace integra::api {

grpc::Status ToGrpc(const absl::Status& status);

// Who is calling: the "integra-actor" request metadata (set by the CLI), "" if absent.
// The authentication interceptor of a later release will set it from the verified token.
std::string ActorOf(const grpc::ServerContext* context);

}  // namespace integra::api
