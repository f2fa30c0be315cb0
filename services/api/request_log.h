// The request log and the RPC metrics: one interceptor sees every call end.
//
// For each call (every service, health and reflection included, and the HTTP gateway's calls
// through the in-process channel) it logs one line when the status is sent — request id, caller
// (token id via call_guard.h CallerForLog, never the secret), peer, RPC, status code, message
// and duration — and counts the call in RpcMetrics. The request id is the client's
// "x-request-id" metadata if that is 1 to 64 characters of [A-Za-z0-9._-], else 16 random hex
// digits; it is sent back as "x-request-id" initial metadata. A call that ends without a status
// sent (the client cancelled it) is logged and counted as CANCELLED.
//
// Install it after the call guard (IntegraServer does). Thread-safety: thread-safe.
#pragma once

#include <memory>
#include <string>

#include "common/metrics.h"
#include "grpcpp/support/server_interceptor.h"

namespace integra::api {

// `metrics` must outlive the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewRequestLogFactory(
    common::RpcMetrics* metrics);

// The name of a gRPC status code as in the gRPC spec: "OK", "NOT_FOUND", ...
std::string GrpcCodeName(grpc::StatusCode code);

}  // namespace integra::api
