// Calls with a token: a channel that sends "authorization: Bearer <secret>" on every call, and
// tokens made in a data dir. Shared by the service tests (in-process server) and the end-to-end
// tests (real integrad), so that no test needs to know how a token travels.
#pragma once

#include <memory>
#include <string>

#include "grpcpp/channel.h"

namespace integra::testing {

// An insecure channel to `address` whose every call carries `secret` as its bearer token.
std::shared_ptr<grpc::Channel> TokenChannel(const std::string& address, const std::string& secret);

// Creates a token in `data_dir` (no integrad may hold it) with the real
// `integrad admin token create`; returns the secret. `role` as on that command line ("ADMIN").
// Fails the current test (and returns "") if the command fails.
std::string CreateTokenOffline(const std::string& data_dir, const std::string& role,
                               const std::string& scope = "", const std::string& name = "test");

}  // namespace integra::testing
