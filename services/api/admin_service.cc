#include "services/api/admin_service.h"

#include "services/api/call_guard.h"
#include "services/api/status.h"

namespace integra::api {
namespace {

static_assert(static_cast<int>(security::Role::kAdmin) == v1::ROLE_ADMIN &&
                  static_cast<int>(security::Role::kKbEditor) == v1::ROLE_KB_EDITOR &&
                  static_cast<int>(security::Role::kEditor) == v1::ROLE_EDITOR &&
                  static_cast<int>(security::Role::kReader) == v1::ROLE_READER,
              "proto Role numbers are the stored security::Role values");

void ToProto(const security::Token& t, v1::ApiToken* out) {
  out->set_id(t.id);
  out->set_name(t.name);
  out->set_role(static_cast<v1::Role>(t.role));
  out->set_scope(t.scope);
  if (t.expires_micros.has_value()) out->set_expires_micros(*t.expires_micros);
  out->set_created_micros(t.created_micros);
  out->set_last_used_micros(t.last_used_micros);
  if (t.revoked_micros.has_value()) out->set_revoked_micros(*t.revoked_micros);
}

}  // namespace

grpc::Status AdminServiceImpl::CreateToken(grpc::ServerContext* ctx,
                                           const v1::CreateTokenRequest* req,
                                           v1::CreateTokenResponse* resp) {
  GRPC_RETURN_IF_ERROR(Authorize(ctx).status());
  if (req->role() < v1::ROLE_ADMIN || req->role() > v1::ROLE_READER) {
    return ToGrpc(absl::InvalidArgumentError(
        "give the token's role: ROLE_ADMIN, ROLE_KB_EDITOR, ROLE_EDITOR or ROLE_READER"));
  }
  security::TokenSpec spec{.name = req->name(),
                           .role = static_cast<security::Role>(req->role()),
                           .scope = req->scope()};
  if (req->has_expires_micros()) spec.expires_micros = req->expires_micros();
  GRPC_ASSIGN_OR_RETURN(security::CreatedToken created, tokens_->Create(spec));
  ToProto(created.token, resp->mutable_token());
  resp->set_secret(created.secret);
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::ListTokens(grpc::ServerContext* ctx, const v1::ListTokensRequest*,
                                          v1::ListTokensResponse* resp) {
  GRPC_RETURN_IF_ERROR(Authorize(ctx).status());
  GRPC_ASSIGN_OR_RETURN(auto tokens, tokens_->List());
  for (const security::Token& t : tokens) ToProto(t, resp->add_tokens());
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::RevokeToken(grpc::ServerContext* ctx,
                                           const v1::RevokeTokenRequest* req, v1::ApiToken* resp) {
  GRPC_RETURN_IF_ERROR(Authorize(ctx).status());
  GRPC_ASSIGN_OR_RETURN(security::Token revoked, tokens_->Revoke(req->id()));
  ToProto(revoked, resp);
  return grpc::Status::OK;
}

}  // namespace integra::api
