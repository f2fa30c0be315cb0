// A channel whose every call presents an API token ("authorization: Bearer <token>"), for
// programs that make many calls through generated stubs (the benchmark driver, tests). The CLI
// sets the header per call instead (Context::NewCall).
#pragma once

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/support/channel_arguments.h"

namespace integra::cli {

// An insecure channel to `target`; every call carries `token` ("" = no header: anonymous).
std::shared_ptr<grpc::Channel> TokenChannel(const std::string& target, const std::string& token,
                                            const grpc::ChannelArguments& args = {});

}  // namespace integra::cli
