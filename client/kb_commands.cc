// integra kb ...: the knowledge base commands.
#include <ctime>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/command.h"
#include "client/kb_common.h"
#include "integra/v1/knowledge.grpc.pb.h"

namespace integra::cli {
namespace {

using kb::ParseDirectionFlag;
using kb::ParseEdgeTypeFlag;
using kb::ParseNodeTypeFlag;
using kb::PrintEdge;
using kb::PrintNode;
using kb::PrintNodes;
using kb::TypeName;
using v1::KnowledgeService;

int AddNode(Context& ctx, const Args& a) {
  v1::CreateNodeRequest req;
  auto* n = req.mutable_node();
  n->set_id(a.positional()[0]);
  auto type = ParseNodeTypeFlag(a.GetOr("type", ""));
  if (!type.ok()) return ReportUsage(ctx, type.status());
  n->set_type(*type);
  n->set_title_de(a.GetOr("title", ""));
  n->set_title_en(a.GetOr("title-en", ""));
  n->set_description(a.GetOr("description", ""));
  if (auto tags = a.Get("tags")) {
    for (auto t : absl::StrSplit(*tags, ',', absl::SkipWhitespace())) {
      n->add_tags(std::string(absl::StripAsciiWhitespace(t)));
    }
  }
  auto* p = n->mutable_provenance();
  p->set_source_id(a.GetOr("source", ""));
  p->set_locator(a.GetOr("locator", ""));
  int value = 0;
  if (auto year = a.Get("year")) {
    if (!absl::SimpleAtoi(*year, &value)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--year must be a whole number"));
    }
    p->set_year(value);
  }
  if (auto sample = a.Get("n")) {
    if (!absl::SimpleAtoi(*sample, &value)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--n must be a whole number"));
    }
    p->set_sample_size(value);
  }
  if (absl::Status s = kb::SetStrategyFlags(a, n); !s.ok()) return ReportUsage(ctx, s);
  v1::Node resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return KnowledgeService::NewStub(ctx.channel)->CreateNode(call, req, &resp);
      })) {
    return *failed;
  }
  PrintNode(ctx, resp);
  return kExitOk;
}

int GetNode(Context& ctx, const Args& a) {
  v1::GetNodeRequest req;
  req.set_id(a.positional()[0]);
  v1::Node resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return KnowledgeService::NewStub(ctx.channel)->GetNode(call, req, &resp);
      })) {
    return *failed;
  }
  PrintNode(ctx, resp);
  return kExitOk;
}

int DeleteNode(Context& ctx, const Args& a) {
  v1::DeleteNodeRequest req;
  req.set_id(a.positional()[0]);
  v1::DeleteNodeResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return KnowledgeService::NewStub(ctx.channel)->DeleteNode(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
  } else {
    *ctx.out << "deleted " << req.id() << " and " << resp.edges_removed() << " edge(s)\n";
  }
  return kExitOk;
}

int ListNodes(Context& ctx, const Args& a) {
  v1::ListNodesRequest req;
  if (auto type = a.Get("type")) {
    auto t = ParseNodeTypeFlag(*type);
    if (!t.ok()) return ReportUsage(ctx, t.status());
    req.set_type(*t);
  }
  req.set_page_size(1000);
  // Follow page tokens so the command lists everything.
  std::vector<v1::ListNodesResponse> pages;
  do {
    v1::ListNodesResponse resp;
    if (auto failed = Call(ctx, [&](auto* call) {
          return KnowledgeService::NewStub(ctx.channel)->ListNodes(call, req, &resp);
        })) {
      return *failed;
    }
    req.set_page_token(resp.next_page_token());
    pages.push_back(std::move(resp));
  } while (!req.page_token().empty());
  std::vector<const v1::Node*> nodes;
  for (const auto& p : pages) {
    for (const auto& n : p.nodes()) nodes.push_back(&n);
  }
  PrintNodes(ctx, nodes);
  return kExitOk;
}

int Link(Context& ctx, const Args& a) {
  v1::LinkRequest req;
  auto* e = req.mutable_edge();
  e->set_from(a.positional()[0]);
  auto type = ParseEdgeTypeFlag(a.positional()[1]);
  if (!type.ok()) return ReportUsage(ctx, type.status());
  e->set_type(*type);
  e->set_to(a.positional()[2]);
  if (auto w = a.Get("weight")) {
    double weight = 0;
    if (!absl::SimpleAtod(*w, &weight)) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--weight must be a number"));
    }
    e->set_weight(weight);
  }
  e->set_note(a.GetOr("note", ""));
  v1::Edge resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return KnowledgeService::NewStub(ctx.channel)->Link(call, req, &resp);
      })) {
    return *failed;
  }
  PrintEdge(ctx, resp);
  return kExitOk;
}

int Unlink(Context& ctx, const Args& a) {
  v1::UnlinkRequest req;
  req.set_from(a.positional()[0]);
  auto type = ParseEdgeTypeFlag(a.positional()[1]);
  if (!type.ok()) return ReportUsage(ctx, type.status());
  req.set_type(*type);
  req.set_to(a.positional()[2]);
  v1::UnlinkResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return KnowledgeService::NewStub(ctx.channel)->Unlink(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << "{}\n";
  } else {
    *ctx.out << "unlinked\n";
  }
  return kExitOk;
}

int Neighbors(Context& ctx, const Args& a) {
  v1::NeighborsRequest req;
  req.set_id(a.positional()[0]);
  auto direction = ParseDirectionFlag(a.GetOr("direction", "both"));
  if (!direction.ok()) return ReportUsage(ctx, direction.status());
  req.set_direction(*direction);
  if (auto t = a.Get("edge-type")) {
    auto type = ParseEdgeTypeFlag(*t);
    if (!type.ok()) return ReportUsage(ctx, type.status());
    req.set_edge_type(*type);
  }
  v1::NeighborsResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return KnowledgeService::NewStub(ctx.channel)->Neighbors(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs;
    for (const auto& n : resp.neighbors()) msgs.push_back(&n);
    *ctx.out << ToJsonArray(msgs) << "\n";
    return kExitOk;
  }
  Table table({"dir", "edge", "id", "type", "title_de"});
  for (const auto& n : resp.neighbors()) {
    table.AddRow({n.outgoing() ? "->" : "<-", TypeName(n.edge().type()), n.node().id(),
                  TypeName(n.node().type()), n.node().title_de()});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

int History(Context& ctx, const Args& a) {
  v1::HistoryRequest req;
  req.set_id(a.positional()[0]);
  v1::HistoryResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return KnowledgeService::NewStub(ctx.channel)->History(call, req, &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs;
    for (const auto& r : resp.records()) msgs.push_back(&r);
    *ctx.out << ToJsonArray(msgs) << "\n";
    return kExitOk;
  }
  Table table({"seq", "time_utc", "actor", "operation", "change"});
  for (const auto& r : resp.records()) {
    time_t secs = static_cast<time_t>(r.time_micros() / 1000000);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&secs));
    table.AddRow({std::to_string(r.sequence()), buf, r.actor(), r.operation(),
                  r.after_json().empty() ? r.before_json() : r.after_json()});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

std::set<std::string> AddNodeFlags() {
  std::set<std::string> flags = {"type", "title", "title-en", "description", "tags",
                                 "source", "year", "n", "locator"};
  flags.insert(kb::kStrategyFlags.begin(), kb::kStrategyFlags.end());
  return flags;
}

const std::map<std::string, Command>& Commands() {
  static const auto* commands = [] {
    auto* table = new std::map<std::string, Command>{
        {"add-node",
         {"integra kb add-node ID --type TYPE --title TITLE [--title-en T] [--description D] "
          "[--tags a,b] [--source SOURCE_ID] [--year Y] [--n N] [--locator L] [--owner AGS] "
          "[--office O --start YYYY-MM-DD [--end YYYY-MM-DD] [--budget-planned EUR] "
          "[--budget-spent EUR] --status planned|running|finished|stopped]",
          AddNodeFlags(),
          {},
          1,
          AddNode}},
        {"get", {"integra kb get ID", {}, {}, 1, GetNode}},
        {"delete", {"integra kb delete ID", {}, {}, 1, DeleteNode}},
        {"list", {"integra kb list [--type TYPE]", {"type"}, {}, 0, ListNodes}},
        {"link",
         {"integra kb link FROM EDGE_TYPE TO [--weight W] [--note TEXT]",
          {"weight", "note"},
          {},
          3,
          Link}},
        {"unlink", {"integra kb unlink FROM EDGE_TYPE TO", {}, {}, 3, Unlink}},
        {"neighbors",
         {"integra kb neighbors ID [--direction out|in|both] [--edge-type TYPE]",
          {"direction", "edge-type"},
          {},
          1,
          Neighbors}},
        {"history", {"integra kb history ID", {}, {}, 1, History}},
    };
    kb::AddDocumentCommands(*table);
    kb::AddAnalyticsCommands(*table);
    return table;
  }();
  return *commands;
}

}  // namespace

int RunKnowledgeCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "kb", Commands(), argv);
}

}  // namespace integra::cli
