// integra kb load / dump: the knowledge base as a human-editable textproto file
// (integra.v1.KnowledgeDocument; see data/knowledge/ and docs/knowledge.md).
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "client/kb_common.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace integra::cli::kb {
namespace {

// The first lines of every dump. Static text, so dump -> load -> dump is byte-identical.
constexpr char kDumpHeader[] =
    "# integra knowledge base (textproto of integra.v1.KnowledgeDocument).\n"
    "# Nodes sorted by id, edges by (from, type, to). Load with: integra kb load FILE\n";

// Collects the parser's errors as "FILE:LINE:COLUMN: message" lines.
class ErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit ErrorCollector(std::string file) : file_(std::move(file)) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    absl::StrAppend(&errors_, file_, ":", line + 1, ":", column + 1, ": ", message, "\n");
  }
  const std::string& errors() const { return errors_; }

 private:
  std::string file_;
  std::string errors_;
};

absl::StatusOr<v1::KnowledgeDocument> ReadDocument(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read '", path, "'"));
  std::stringstream text;
  text << in.rdbuf();
  v1::KnowledgeDocument doc;
  google::protobuf::TextFormat::Parser parser;
  ErrorCollector errors(path);
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text.str(), &doc)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", path, "' is not a valid KnowledgeDocument textproto:\n", errors.errors()));
  }
  return doc;
}

void PrintApplyResult(const Context& ctx, const std::string& path, bool dry_run,
                      const v1::ApplyKnowledgeResponse& r) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(r) << "\n";
    return;
  }
  if (ctx.format == Format::kCsv) {
    Table table({"item", "created", "updated", "unchanged", "removed"});
    table.AddRow({"nodes", std::to_string(r.nodes_created()), std::to_string(r.nodes_updated()),
                  std::to_string(r.nodes_unchanged()), std::to_string(r.nodes_removed())});
    table.AddRow({"edges", std::to_string(r.edges_created()), std::to_string(r.edges_updated()),
                  std::to_string(r.edges_unchanged()), std::to_string(r.edges_removed())});
    table.PrintCsv(*ctx.out);
    return;
  }
  *ctx.out << (dry_run ? "dry run of " : "loaded ") << path << ": nodes " << r.nodes_created()
           << " created, " << r.nodes_updated() << " updated, " << r.nodes_unchanged()
           << " unchanged";
  if (r.nodes_removed() > 0) *ctx.out << ", " << r.nodes_removed() << " removed";
  *ctx.out << "; edges " << r.edges_created() << " created, " << r.edges_updated() << " updated, "
           << r.edges_unchanged() << " unchanged";
  if (r.edges_removed() > 0) *ctx.out << ", " << r.edges_removed() << " removed";
  *ctx.out << "; " << r.changes() << (dry_run ? " change(s) would be made" : " change(s)") << "\n";
}

int Load(Context& ctx, const Args& a) {
  const std::string& path = a.positional()[0];
  auto doc = ReadDocument(path);
  if (!doc.ok()) return ReportUsage(ctx, doc.status());
  v1::ApplyKnowledgeRequest req;
  *req.mutable_document() = *std::move(doc);
  req.set_prune(a.Has("prune"));
  if (auto owner = a.Get("owner")) {
    if (!req.prune()) {
      return ReportUsage(ctx, absl::InvalidArgumentError(
                                  "--owner restricts --prune to one unit's strategy; give both"));
    }
    req.set_prune_owner(*owner);
  }
  req.set_dry_run(a.Has("dry-run"));
  v1::ApplyKnowledgeResponse resp;
  if (auto failed =
          Call(ctx, [&](auto* call) { return Stub(ctx)->ApplyKnowledge(call, req, &resp); })) {
    return *failed;
  }
  PrintApplyResult(ctx, path, req.dry_run(), resp);
  return kExitOk;
}

int Dump(Context& ctx, const Args& a) {
  v1::KnowledgeDocument doc;
  v1::DumpKnowledgeRequest req;
  req.set_owner(a.GetOr("owner", ""));
  if (auto failed = Call(ctx, [&](auto* call) {
        return Stub(ctx)->DumpKnowledge(call, req, &doc);
      })) {
    return *failed;
  }
  std::string text;
  if (ctx.format == Format::kJson) {
    text = ToJson(doc) + "\n";
  } else {
    google::protobuf::TextFormat::Printer printer;
    printer.SetUseUtf8StringEscaping(true);  // keep umlauts readable in reviews
    std::string body;
    printer.PrintToString(doc, &body);
    text = req.owner().empty() ? absl::StrCat(kDumpHeader, body)
                               : absl::StrCat(kDumpHeader, "# Only the strategy of unit ",
                                              req.owner(), " (integra kb dump --owner).\n", body);
  }
  if (auto path = a.Get("output")) {
    std::ofstream out(*path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      return ReportUsage(ctx,
                         absl::InvalidArgumentError(absl::StrCat("cannot write '", *path, "'")));
    }
    *ctx.err << "wrote " << doc.nodes_size() << " nodes and " << doc.edges_size() << " edges to "
             << *path << "\n";
  } else {
    *ctx.out << text;
  }
  return kExitOk;
}

}  // namespace

void AddDocumentCommands(std::map<std::string, Command>& commands) {
  commands["load"] = {
      "integra kb load FILE [--prune [--owner AGS]] [--dry-run]   (upserts; --prune also deletes "
      "what FILE lacks, with --owner only among that unit's strategy)",
      {"prune", "dry-run", "owner"},
      {"prune", "dry-run"},
      1,
      Load};
  commands["dump"] = {"integra kb dump [--owner AGS] [--output FILE]   (textproto; --format json "
                      "for JSON; --owner: only that unit's strategy)",
                      {"output", "owner"},
                      {},
                      0,
                      Dump,
                      {Format::kTable, Format::kJson}};
}

}  // namespace integra::cli::kb
