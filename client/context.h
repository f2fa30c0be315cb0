// What every CLI command gets: the channel to integrad, the output format and streams.
#pragma once

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/output.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"

namespace integra::cli {

struct Context {
  std::shared_ptr<grpc::Channel> channel;
  Format format = Format::kTable;
  std::string format_name = "table";  // --format as given
  bool format_given = false;          // --format was on the command line
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  // The API token (--token-file or $INTEGRA_TOKEN), sent as "authorization: Bearer <token>"
  // on every call; "" = call anonymously (only reads, and only if the server allows them).
  std::string token;
  std::chrono::seconds deadline{30};
  // Tables are fitted to this many columns (Table::PrintAligned); 0 = no limit. Set from
  // --width, else the terminal's width when stdout is one, else $COLUMNS if set.
  size_t width = 0;

  // A fresh per-call context with the token and the deadline set.
  std::unique_ptr<grpc::ClientContext> NewCall() const;
  // Same without a deadline, for streams that last as long as their data (imports, exports,
  // the change feed).
  std::unique_ptr<grpc::ClientContext> NewStreamCall() const;
};

// How the CLI secures its channel (integra --tls-ca, --tls-cert, --tls-key; or the environment
// variables INTEGRA_TLS_CA, INTEGRA_TLS_CERT, INTEGRA_TLS_KEY). All empty: plaintext.
struct TlsClientOptions {
  std::string ca_file;    // PEM bundle of the CAs that may sign integrad's certificate
  std::string cert_file;  // mutual TLS: the client's PEM certificate chain (with key_file)
  std::string key_file;   // mutual TLS: its PEM private key
};

// The credentials for a channel to `server` (HOST:PORT or unix:PATH). A unix: target is always
// plaintext (integrad's unix socket is local and never speaks TLS), whatever `tls` says. TLS is
// used when ca_file is given, and also when only cert/key are (then the system's CAs verify the
// server). The server's certificate must name the HOST the CLI connects to (DNS or IP
// subjectAltName). InvalidArgument if only one of cert_file / key_file is given;
// FailedPrecondition naming the flag and file if a file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const std::string& server, const TlsClientOptions& tls);

// Exit codes: 0 ok, 1 the server refused or failed the call, 2 bad usage; imports add 3 and 4.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRpcError = 1;
inline constexpr int kExitUsage = 2;
// Import with --on-error skip: bad rows were reported and left out, the good rows were written.
inline constexpr int kExitPartial = 3;
// Import: bad rows (or an unreadable file) and nothing was written (--on-error abort, the
// default), or --dry-run found problems.
inline constexpr int kExitRejected = 4;

// Prints "error: CODE: message" to ctx.err and returns kExitRpcError. UNAUTHENTICATED and
// PERMISSION_DENIED get a hint at what token to give.
int ReportRpcError(const Context& ctx, const grpc::Status& status);
// Prints "usage error: message" (and an optional usage line) and returns kExitUsage.
// Reads the token: `token_file` if given (whitespace around it ignored), else $INTEGRA_TOKEN,
// else "". InvalidArgument if the file cannot be read or is empty.
absl::StatusOr<std::string> LoadToken(const std::string& token_file);
int ReportUsage(const Context& ctx, const absl::Status& status, const std::string& usage = "");

// One unary call: `invoke` gets a fresh per-call context (NewCall) and returns the call's
// status. A failure is reported (ReportRpcError) and its exit code returned; nullopt on success:
//   if (auto failed = Call(ctx, [&](auto* call) { return stub->Get(call, req, &resp); })) {
//     return *failed;
//   }
template <typename Invoke>
std::optional<int> Call(const Context& ctx, Invoke&& invoke) {
  const std::unique_ptr<grpc::ClientContext> call = ctx.NewCall();
  const grpc::Status status = invoke(call.get());
  if (!status.ok()) return ReportRpcError(ctx, status);
  return std::nullopt;
}

// Command groups (one file each).
int RunKnowledgeCommand(Context& ctx, const std::vector<std::string>& argv);
int RunStrategyCommand(Context& ctx, const std::vector<std::string>& argv);
int RunUnitCommand(Context& ctx, const std::vector<std::string>& argv);
int RunIndicatorCommand(Context& ctx, const std::vector<std::string>& argv);
int RunObsCommand(Context& ctx, const std::vector<std::string>& argv);
int RunSeriesCommand(Context& ctx, const std::vector<std::string>& argv);
// Analyses (analytics_commands.cc, peer_commands.cc, target_commands.cc, reform_commands.cc).
int RunTrendCommand(Context& ctx, const std::vector<std::string>& argv);
int RunCompareCommand(Context& ctx, const std::vector<std::string>& argv);
int RunTrajectoryCommand(Context& ctx, const std::vector<std::string>& argv);
int RunRollUpCommand(Context& ctx, const std::vector<std::string>& argv);
int RunBandCommand(Context& ctx, const std::vector<std::string>& argv);
int RunLeagueCommand(Context& ctx, const std::vector<std::string>& argv);
int RunGapCommand(Context& ctx, const std::vector<std::string>& argv);
int RunPeersCommand(Context& ctx, const std::vector<std::string>& argv);
int RunTargetCommand(Context& ctx, const std::vector<std::string>& argv);
int RunReformCommand(Context& ctx, const std::vector<std::string>& argv);
// Data in and out (import_*.cc, export_commands.cc, watch_command.cc).
int RunImportCommand(Context& ctx, const std::vector<std::string>& argv);
int RunExportCommand(Context& ctx, const std::vector<std::string>& argv);
int RunWatchCommand(Context& ctx, const std::vector<std::string>& argv);
// Server administration: backups (admin_command.cc).
int RunAdminCommand(Context& ctx, const std::vector<std::string>& argv);
// The write audit trail (audit_command.cc).
int RunAuditCommand(Context& ctx, const std::vector<std::string>& argv);
// The scorecard (scorecard_commands.cc) and the evaluation of measures (evaluate_commands.cc).
int RunScorecardCommand(Context& ctx, const std::vector<std::string>& argv);
int RunEvaluateCommand(Context& ctx, const std::vector<std::string>& argv);

}  // namespace integra::cli
