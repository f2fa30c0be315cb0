#include "client/context.h"

#include <cstdlib>
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
    *ctx.err << " (is integrad running? start it with deploy/demo.sh or set --server)";
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
