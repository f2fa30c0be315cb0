// integra: the command-line client of integrad.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/args.h"
#include "client/context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace {

constexpr char kUsage[] = R"(integra - command-line client for integrad

Usage: integra [--server HOST:PORT] [--token-file FILE] [--format FORMAT] GROUP COMMAND [ARGS...]

Global options (before or after the command):
  --server HOST:PORT   integrad address (default $INTEGRA_SERVER or 127.0.0.1:50051)
  --format FORMAT      output format: table (default), json or csv; graph exports also
                       dot and graphml; file exports csv, jsonl, sdmx-csv, opensdg, xlsx;
                       the scorecard markdown (each command says which formats it supports)
  --token-file FILE    the API token to present (default $INTEGRA_TOKEN; none = anonymous,
                       which a server allows for reads only with --allow-anonymous-read)
  --timeout SECONDS    per-call deadline (default 30)
  --width COLUMNS      fit tables to this width (default: the terminal's width when printing
                       to a terminal, else $COLUMNS if set, else no limit; 0 = no limit)
  --tls-ca FILE        connect with TLS, verifying integrad's certificate against this PEM CA
                       bundle (default $INTEGRA_TLS_CA); the certificate must name the HOST of
                       --server. unix: addresses are always plaintext.
  --tls-cert FILE      mutual TLS: this client's PEM certificate (default $INTEGRA_TLS_CERT)
  --tls-key FILE       and its PEM private key (default $INTEGRA_TLS_KEY)

Groups:
  kb         the knowledge base: action fields, success factors, recommendations, findings, ...
             (integra kb help)
  strategy   a unit's strategy: goals and its own measures with status, period, budget
             (integra strategy help; edited with integra kb load)
  unit       territorial units by official key: import the register, get, list (integra unit help)
  indicator  the indicator catalog and metadata sheets (integra indicator help)
  obs        observations: put, get (also --as-of), history (integra obs help)
  series     one or several units' values over time:
             integra series --indicator CODE --unit KEY[,KEY...] [--from P --to P]
             [--gebietsstand YYYY-MM-DD]
  trend      change, CAGR, OLS slope and R², moving average of one unit's series
  compare    a unit among its peers in one period: n, rank, percentile, quartiles, z-score
             integra compare --unit KEY --indicator CODE --period P [--peers default|land|degurba|land+degurba|GROUP]
  trajectory a unit's rank/percentile among its peers over a period range
  rollup     Kreis / Land / Bund values from member Gemeinden, with coverage
  band       a unit's series with its peers' n / Q1 / median / Q3 per period (dashboard chart)
             integra band --unit KEY --indicator CODE [--from P --to P] [--peers ...]
  league     all units of a level ranked for one indicator and period
             integra league --indicator CODE --period P --level kreis [--within KEY]
  peers      custom peer groups and peer sets (integra peers help)
  target     targets and on-track status (integra target help)
  gap        gap indicators between two breakdowns, computed on read (integra gap help)
  reform     territorial reforms: mergers and splits (integra reform help)
  import     files in: integra import units|indicators|observations|targets FILE|-
             (--dry-run, --on-error abort|skip; integra import help)
  export     files out: integra export observations|units|indicators|targets|kb
             (--format csv|jsonl|sdmx-csv|opensdg|xlsx; integra export help)
  watch      the change feed of observations: integra watch [--after SEQ|now]
             [--until-caught-up] [--format table|jsonl]
  scorecard  action fields joined with a unit's indicators: values, peer position, trend,
             target; lagging fields with the knowledge base's recommendations
             integra scorecard --unit KEY --period YEAR [--peers default|land|degurba|land+degurba|GROUP]
             [--format table|json|markdown] [--with-evaluation]
  evaluate   a unit's own measure against its peers: difference-in-differences, synthetic
             control, placebo p-value and verdict per indicator of the measure's goals
             integra evaluate --measure ID [--indicator CODE] [--peers default|land|GROUP]
             [--format table|csv|json]
  audit      the write audit trail: who wrote what, when, from where
             integra audit [--since TIME] [--unit KEY] [--token ID]   (ADMIN; READER/EDITOR
             within their scope)
  admin      server administration (ADMIN): integra admin backup --to DIR [--keep N]
             backs the data dir up online into DIR on the server's host (docs/operations.md)
             integra admin catch-up: a read replica reads its primary's new writes now

Exit codes: 0 success, 1 the server refused or failed the call (gRPC status printed),
2 usage error, 3 import partly done (--on-error skip: bad rows left out and reported),
4 import refused: bad rows or an unreadable file, nothing written (or --dry-run found problems).
Details: docs/io.md.
)";

// The terminal's width when stdout is one, else $COLUMNS if set, else 0 (no limit).
size_t TerminalWidth() {
  struct winsize ws {};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  int columns = 0;
  if (const char* env = std::getenv("COLUMNS");
      env != nullptr && absl::SimpleAtoi(env, &columns) && columns > 0) {
    return static_cast<size_t>(columns);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace integra::cli;
  Context ctx;
  std::string server =
      std::getenv("INTEGRA_SERVER") ? std::getenv("INTEGRA_SERVER") : "127.0.0.1:50051";
  std::string format = "table";
  TlsClientOptions tls;
  auto from_env = [](const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::string(value) : std::string();
  };
  tls.ca_file = from_env("INTEGRA_TLS_CA");
  tls.cert_file = from_env("INTEGRA_TLS_CERT");
  tls.key_file = from_env("INTEGRA_TLS_KEY");
  std::string token_file;
  std::string width;
  // Pull the global options out wherever they stand; the rest goes to the command group.
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto take = [&](const std::string& flag, std::string& out) {
      if (a == flag && i + 1 < argc) {
        out = argv[++i];
        return true;
      }
      if (a.rfind(flag + "=", 0) == 0) {
        out = a.substr(flag.size() + 1);
        return true;
      }
      return false;
    };
    std::string timeout;
    if (take("--server", server)) continue;
    if (take("--tls-ca", tls.ca_file)) continue;
    if (take("--tls-cert", tls.cert_file)) continue;
    if (take("--tls-key", tls.key_file)) continue;
    if (take("--token-file", token_file)) continue;
    if (take("--format", format)) {
      ctx.format_given = true;
      continue;
    }
    if (take("--timeout", timeout)) {
      ctx.deadline = std::chrono::seconds(std::atoi(timeout.c_str()));
      continue;
    }
    if (take("--width", width)) continue;
    if ((a == "--help" || a == "-h") && rest.empty()) {
      std::cout << kUsage;
      return kExitOk;
    }
    rest.push_back(a);
  }
  if (!width.empty()) {
    int w = 0;
    if (!absl::SimpleAtoi(width, &w) || w < 0) {
      return ReportUsage(
          ctx, absl::InvalidArgumentError(absl::StrCat(
                   "--width must be a number of columns (0 = no limit), not '", width, "'")));
    }
    ctx.width = static_cast<size_t>(w);
  } else {
    ctx.width = TerminalWidth();
  }
  auto parsed_format = ParseFormat(format);
  if (!parsed_format.ok()) return ReportUsage(ctx, parsed_format.status());
  ctx.format = *parsed_format;
  ctx.format_name = format;
  auto token = LoadToken(token_file);
  if (!token.ok()) return ReportUsage(ctx, token.status());
  ctx.token = *token;
  if (rest.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  auto credentials = ChannelCredentialsFor(server, tls);
  if (!credentials.ok()) return ReportUsage(ctx, credentials.status());
  ctx.channel = grpc::CreateChannel(server, *credentials);
  std::string group = rest[0];
  std::vector<std::string> command(rest.begin() + 1, rest.end());
  if (group == "kb") return RunKnowledgeCommand(ctx, command);
  if (group == "strategy") return RunStrategyCommand(ctx, command);
  if (group == "unit") return RunUnitCommand(ctx, command);
  if (group == "indicator") return RunIndicatorCommand(ctx, command);
  if (group == "obs") return RunObsCommand(ctx, command);
  if (group == "series") return RunSeriesCommand(ctx, command);
  if (group == "trend") return RunTrendCommand(ctx, command);
  if (group == "compare") return RunCompareCommand(ctx, command);
  if (group == "trajectory") return RunTrajectoryCommand(ctx, command);
  if (group == "rollup") return RunRollUpCommand(ctx, command);
  if (group == "band") return RunBandCommand(ctx, command);
  if (group == "league") return RunLeagueCommand(ctx, command);
  if (group == "gap") return RunGapCommand(ctx, command);
  if (group == "peers") return RunPeersCommand(ctx, command);
  if (group == "target") return RunTargetCommand(ctx, command);
  if (group == "reform") return RunReformCommand(ctx, command);
  if (group == "import") return RunImportCommand(ctx, command);
  if (group == "export") return RunExportCommand(ctx, command);
  if (group == "watch") return RunWatchCommand(ctx, command);
  if (group == "scorecard") return RunScorecardCommand(ctx, command);
  if (group == "evaluate") return RunEvaluateCommand(ctx, command);
  if (group == "audit") return RunAuditCommand(ctx, command);
  if (group == "admin") return RunAdminCommand(ctx, command);
  std::cerr << "usage error: unknown command group '" << group << "'\n" << kUsage;
  return kExitUsage;
}
