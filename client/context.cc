#include "client/context.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"

namespace integra::cli {
namespace {

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return absl::StrCat("CODE_", static_cast<int>(code));
  }
}

}  // namespace

namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat(flag, " ", path, ": cannot read: ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const std::string& server, const TlsClientOptions& tls) {
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together: give both or neither");
  }
  if (server.rfind("unix:", 0) == 0 || (tls.ca_file.empty() && tls.cert_file.empty())) {
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions ssl;
  if (!tls.ca_file.empty()) {
    auto ca = ReadPem(tls.ca_file, "--tls-ca");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *std::move(ca);
  }
  if (!tls.cert_file.empty()) {
    auto cert = ReadPem(tls.cert_file, "--tls-cert");
    if (!cert.ok()) return cert.status();
    auto key = ReadPem(tls.key_file, "--tls-key");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

std::unique_ptr<grpc::ClientContext> Context::NewCall() const {
  auto call = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) call->AddMetadata("authorization", "Bearer " + token);
  call->set_deadline(std::chrono::system_clock::now() + deadline);
  return call;
}

std::unique_ptr<grpc::ClientContext> Context::NewStreamCall() const {
  auto call = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) call->AddMetadata("authorization", "Bearer " + token);
  return call;
}

int ReportRpcError(const Context& ctx, const grpc::Status& status) {
  *ctx.err << "error: " << CodeName(status.error_code()) << ": " << status.error_message();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    *ctx.err << " (is integrad running? start it with deploy/demo.sh or set --server; over TLS "
                "also check --tls-ca, the names in integrad's certificate and, for mutual TLS, "
                "--tls-cert/--tls-key)";
  }
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    *ctx.err << (ctx.token.empty()
                     ? " (no token given: pass --token-file FILE or set INTEGRA_TOKEN; an admin "
                       "creates tokens with `integrad admin token create`)"
                     : " (the server does not accept this token: it is unknown, expired or "
                       "revoked; ask an admin for a new one)");
  }
  if (status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    *ctx.err << " (your token's role or scope does not allow this)";
  }
  *ctx.err << "\n";
  return kExitRpcError;
}

absl::StatusOr<std::string> LoadToken(const std::string& token_file) {
  if (token_file.empty()) {
    const char* env = std::getenv("INTEGRA_TOKEN");
    return std::string(env == nullptr ? "" : absl::StripAsciiWhitespace(env));
  }
  std::ifstream in(token_file);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read the token file ", token_file));
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string token(absl::StripAsciiWhitespace(text.str()));
  if (token.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("the token file ", token_file, " is empty"));
  }
  return token;
}

int ReportUsage(const Context& ctx, const absl::Status& status, const std::string& usage) {
  *ctx.err << "usage error: " << status.message() << "\n";
  if (!usage.empty()) *ctx.err << "usage: " << usage << "\n";
  return kExitUsage;
}

}  // namespace integra::cli
