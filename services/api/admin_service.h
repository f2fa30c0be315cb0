// AdminService: API tokens, backups, a read replica's catch-up and the audit trail over gRPC (proto/integra/v1/admin.proto),
// ADMIN only (the permission table, services/security/permissions.cc). Thin: converts, calls
// security::TokenStore once.
#pragma once

#include "integra/v1/admin.grpc.pb.h"
#include "services/engine/engine.h"
#include "services/engine/replica_follower.h"
#include "services/security/audit_records.h"
#include "services/security/token_store.h"

namespace integra::api {

class AdminServiceImpl final : public v1::AdminService::Service {
 public:
  // `engine` (tokens, the audit trail, backups) must outlive the service.
  // `follower` keeps a read replica current (nullptr on a primary); it must outlive the service.
  AdminServiceImpl(const engine::Engine* engine, engine::ReplicaFollower* follower)
      : engine_(engine), follower_(follower), tokens_(&engine->tokens()),
        audit_(&engine->store()) {}

  grpc::Status CreateToken(grpc::ServerContext* ctx, const v1::CreateTokenRequest* req,
                           v1::CreateTokenResponse* resp) override;
  grpc::Status ListTokens(grpc::ServerContext* ctx, const v1::ListTokensRequest* req,
                          v1::ListTokensResponse* resp) override;
  grpc::Status RevokeToken(grpc::ServerContext* ctx, const v1::RevokeTokenRequest* req,
                           v1::ApiToken* resp) override;
  grpc::Status ListAudit(grpc::ServerContext* ctx, const v1::ListAuditRequest* req,
                         v1::ListAuditResponse* resp) override;
  grpc::Status CreateBackup(grpc::ServerContext* ctx, const v1::CreateBackupRequest* req,
                            v1::CreateBackupResponse* resp) override;
  grpc::Status CatchUp(grpc::ServerContext* ctx, const v1::CatchUpRequest* req,
                       v1::CatchUpResponse* resp) override;

 private:
  const engine::Engine* engine_;
  engine::ReplicaFollower* follower_;
  security::TokenStore* tokens_;
  security::AuditLog audit_;
};

}  // namespace integra::api
