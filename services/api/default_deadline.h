// The server-side default deadline: a unary call whose client set no deadline is cancelled once
// it has run for the default (integrad --default-deadline-seconds, default 60 s).
//
// Why: a client without a deadline (grpcurl, a script) would otherwise wait as long as the call
// takes, holding a server thread and the connection. The CLI always sets its own (--timeout,
// default 30 s), and a client's own deadline always wins, longer or shorter.
//
// What the client sees: the call ends with CANCELLED when the default passes (gRPC's C++ server
// can cancel a call, ServerContext::TryCancel, but not choose its status). The handler is not
// interrupted: a domain call in progress runs to its end (writes stay atomic: they commit whole
// or not at all) and its reply is dropped.
//
// Streaming calls are exempt: ExportObservations lasts as long as its data, WatchObservations as
// long as the client watches, the streamed observation imports (ImportObservations,
// IngestObservations) as long as their input. The unary imports (units, indicators, targets) get
// the default like every unary call. Streams are bounded by other means: the client's own
// deadline if it sets one, the per-server cap on open export and watch streams
// (ServerOptions::max_open_streams), and shutdown, which ends them.
#pragma once

#include <chrono>
#include <memory>

#include "grpcpp/support/server_interceptor.h"

namespace integra::api {

// An interceptor factory for grpc::ServerBuilder::experimental().SetInterceptorCreators that
// applies `deadline` to unary calls without a client deadline. Thread-safe.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> DefaultDeadlineFactory(
    std::chrono::milliseconds deadline);

}  // namespace integra::api
