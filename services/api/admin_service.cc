#include "services/api/admin_service.h"

#include "absl/strings/str_cat.h"
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

void ToProto(const storage::BackupInfo& b, v1::BackupSummary* out) {
  out->set_backup_id(b.id);
  out->set_created_micros(b.created_seconds * 1000000);
  out->set_size_bytes(b.size_bytes);
  out->set_file_count(b.file_count);
  out->set_schema_version(b.schema_version);
}

}  // namespace

grpc::Status AdminServiceImpl::CreateBackup(grpc::ServerContext* ctx,
                                            const v1::CreateBackupRequest* req,
                                            v1::CreateBackupResponse* resp) {
  GRPC_RETURN_IF_ERROR(Authorize(ctx).status());
  const storage::AuditScope audit =
      AuditWrite(ctx, {},
                 absl::StrCat("backup to ", req->to_dir(),
                              req->keep() > 0 ? absl::StrCat(" keep ", req->keep()) : ""));
  GRPC_ASSIGN_OR_RETURN(storage::BackupResult result,
                        engine_->Backup({.backup_dir = req->to_dir(), .keep = req->keep()}));
  ToProto(result.backup, resp->mutable_backup());
  resp->set_duration_micros(static_cast<int64_t>(result.seconds * 1e6));
  for (uint32_t id : result.purged_ids) resp->add_purged_backup_ids(id);
  for (const storage::BackupInfo& b : result.kept) ToProto(b, resp->add_kept());
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::CatchUp(grpc::ServerContext* ctx, const v1::CatchUpRequest*,
                                       v1::CatchUpResponse* resp) {
  GRPC_RETURN_IF_ERROR(Authorize(ctx).status());
  if (follower_ == nullptr) {
    return ToGrpc(absl::FailedPreconditionError(
        "this integrad is not a read replica (integrad --replica-of): it is always current"));
  }
  const auto start = std::chrono::steady_clock::now();
  GRPC_ASSIGN_OR_RETURN(const bool changed, follower_->CatchUpNow(std::chrono::seconds(5)));
  resp->set_changed(changed);
  resp->set_sequence(follower_->state().sequence);
  resp->set_primary_dir(engine_->store().secondary_of());
  resp->set_duration_micros(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count());
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::CreateToken(grpc::ServerContext* ctx,
                                           const v1::CreateTokenRequest* req,
                                           v1::CreateTokenResponse* resp) {
  GRPC_RETURN_IF_ERROR(Authorize(ctx).status());
  const storage::AuditScope audit = AuditWrite(
      ctx, {}, absl::StrCat("create token '", req->name(), "' role ", v1::Role_Name(req->role()),
                            req->scope().empty() ? "" : " scope " + req->scope()));
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
  const storage::AuditScope audit = AuditWrite(ctx, {}, "revoke token " + req->id());
  GRPC_ASSIGN_OR_RETURN(security::Token revoked, tokens_->Revoke(req->id()));
  ToProto(revoked, resp);
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::ListAudit(grpc::ServerContext* ctx, const v1::ListAuditRequest* req,
                                         v1::ListAuditResponse* resp) {
  security::AuditFilter filter;
  filter.since_micros = req->since_micros();
  filter.token_id = req->token_id();
  if (req->limit() < 0) return ToGrpc(absl::InvalidArgumentError("limit must not be negative"));
  if (req->limit() > 0) filter.limit = req->limit();
  std::optional<security::Principal> caller;
  if (!req->unit_key().empty()) {
    filter.unit_prefix = CanonicalUnitKey(req->unit_key());
    GRPC_ASSIGN_OR_RETURN(caller, Authorize(ctx, KeysOf(req->unit_key())));
  } else {
    GRPC_ASSIGN_OR_RETURN(caller, AuthorizeRole(ctx));
  }
  // A scoped reader sees only what happened inside its scope.
  if (caller->role != security::Role::kAdmin) filter.caller_scope = caller->scope;
  GRPC_ASSIGN_OR_RETURN(auto records, audit_.List(filter));
  for (const security::AuditEntry& e : records) {
    v1::WriteAuditRecord* out = resp->add_records();
    out->set_sequence(e.sequence);
    out->set_recorded_micros(e.recorded_micros);
    out->set_token_id(e.token_id);
    out->set_token_name(e.token_name);
    out->set_peer(e.peer);
    out->set_rpc(e.rpc);
    for (const std::string& key : e.unit_keys) out->add_unit_keys(key);
    out->set_what(e.what);
    out->set_before(e.before);
  }
  return grpc::Status::OK;
}

}  // namespace integra::api
