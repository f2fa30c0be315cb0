// Tokens for a test's in-process IntegraServer (services/api/server.h): made directly in its
// token store, and channels that present them.
#pragma once

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "gtest/gtest.h"
#include "services/api/server.h"
#include "services/engine/engine.h"
#include "services/security/token_store.h"
#include "tests/testing/token_channel.h"

namespace integra::testing {

// Creates a token of `role` (and `scope`) in `server`'s data dir; returns its secret.
inline std::string NewToken(api::IntegraServer& server, security::Role role,
                            const std::string& scope = "", const std::string& name = "test") {
  auto created = server.engine().tokens().Create({.name = name, .role = role, .scope = scope});
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? created->secret : "";
}

// A channel to `server` whose calls carry a fresh ADMIN token.
inline std::shared_ptr<grpc::Channel> AdminChannel(api::IntegraServer& server) {
  return TokenChannel(server.address(), NewToken(server, security::Role::kAdmin, "", "admin"));
}

}  // namespace integra::testing
