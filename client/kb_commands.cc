// integra kb ...: the knowledge base commands.
#include <ctime>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/command.h"
#include "integra/v1/knowledge.grpc.pb.h"

namespace integra::cli {
namespace {

using v1::KnowledgeService;

absl::StatusOr<v1::NodeType> ParseNodeTypeFlag(const std::string& name) {
  std::string upper = absl::StrCat("NODE_TYPE_", absl::AsciiStrToUpper(name));
  v1::NodeType t;
  if (!v1::NodeType_Parse(upper, &t) || t == v1::NODE_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown node type '", name,
        "' (action_field, success_factor, recommendation, finding, challenge, resource, "
        "support_need, indicator, measure, source)"));
  }
  return t;
}

absl::StatusOr<v1::EdgeType> ParseEdgeTypeFlag(const std::string& name) {
  std::string upper = absl::StrCat("EDGE_TYPE_", absl::AsciiStrToUpper(name));
  v1::EdgeType t;
  if (!v1::EdgeType_Parse(upper, &t) || t == v1::EDGE_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown edge type '", name,
        "' (addresses, enables, evidences, measures, implements, requires, cites)"));
  }
  return t;
}

std::string TypeName(v1::NodeType t) {
  return absl::AsciiStrToLower(v1::NodeType_Name(t).substr(std::string("NODE_TYPE_").size()));
}
std::string TypeName(v1::EdgeType t) {
  return absl::AsciiStrToLower(v1::EdgeType_Name(t).substr(std::string("EDGE_TYPE_").size()));
}

void PrintNodes(const Context& ctx, const std::vector<const v1::Node*>& nodes) {
  if (ctx.format == Format::kJson) {
    std::vector<const google::protobuf::Message*> msgs(nodes.begin(), nodes.end());
    *ctx.out << ToJsonArray(msgs) << "\n";
    return;
  }
  Table table({"id", "type", "title_de", "tags"});
  for (const auto* n : nodes) {
    table.AddRow({n->id(), TypeName(n->type()), n->title_de(), absl::StrJoin(n->tags(), ",")});
  }
  PrintTable(ctx, table);
}

void PrintNode(const Context& ctx, const v1::Node& n) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(n) << "\n";
    return;
  }
  if (ctx.format == Format::kCsv) {
    PrintNodes(ctx, {&n});
    return;
  }
  auto& o = *ctx.out;
  o << "id:          " << n.id() << "\n"
    << "type:        " << TypeName(n.type()) << "\n"
    << "title_de:    " << n.title_de() << "\n";
  if (!n.title_en().empty()) o << "title_en:    " << n.title_en() << "\n";
  if (!n.description().empty()) o << "description: " << n.description() << "\n";
  if (n.tags_size() > 0) o << "tags:        " << absl::StrJoin(n.tags(), ", ") << "\n";
  const auto& p = n.provenance();
  if (!p.source_id().empty() || p.year() != 0) {
    o << "provenance:  " << p.source_id();
    if (p.year() != 0) o << ", " << p.year();
    if (p.sample_size() != 0) o << ", N=" << p.sample_size();
    if (!p.locator().empty()) o << ", " << p.locator();
    o << "\n";
  }
}

void PrintEdge(const Context& ctx, const v1::Edge& e) {
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(e) << "\n";
    return;
  }
  *ctx.out << e.from() << " -" << TypeName(e.type()) << "-> " << e.to();
  if (e.has_weight()) *ctx.out << " (weight " << e.weight() << ")";
  if (!e.note().empty()) *ctx.out << ": " << e.note();
  *ctx.out << "\n";
}

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
  v1::Node resp;
  auto call = ctx.NewCall();
  grpc::Status s = KnowledgeService::NewStub(ctx.channel)->CreateNode(call.get(), req, &resp);
  if (!s.ok()) return ReportRpcError(ctx, s);
  PrintNode(ctx, resp);
  return kExitOk;
}

int GetNode(Context& ctx, const Args& a) {
  v1::GetNodeRequest req;
  req.set_id(a.positional()[0]);
  v1::Node resp;
  auto call = ctx.NewCall();
  grpc::Status s = KnowledgeService::NewStub(ctx.channel)->GetNode(call.get(), req, &resp);
  if (!s.ok()) return ReportRpcError(ctx, s);
  PrintNode(ctx, resp);
  return kExitOk;
}

int DeleteNode(Context& ctx, const Args& a) {
  v1::DeleteNodeRequest req;
  req.set_id(a.positional()[0]);
  v1::DeleteNodeResponse resp;
  auto call = ctx.NewCall();
  grpc::Status s = KnowledgeService::NewStub(ctx.channel)->DeleteNode(call.get(), req, &resp);
  if (!s.ok()) return ReportRpcError(ctx, s);
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
    auto call = ctx.NewCall();
    grpc::Status s = KnowledgeService::NewStub(ctx.channel)->ListNodes(call.get(), req, &resp);
    if (!s.ok()) return ReportRpcError(ctx, s);
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
  auto call = ctx.NewCall();
  grpc::Status s = KnowledgeService::NewStub(ctx.channel)->Link(call.get(), req, &resp);
  if (!s.ok()) return ReportRpcError(ctx, s);
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
  auto call = ctx.NewCall();
  grpc::Status s = KnowledgeService::NewStub(ctx.channel)->Unlink(call.get(), req, &resp);
  if (!s.ok()) return ReportRpcError(ctx, s);
  if (ctx.format == Format::kJson) *ctx.out << "{}\n"; else *ctx.out << "unlinked\n";
  return kExitOk;
}

int Neighbors(Context& ctx, const Args& a) {
  v1::NeighborsRequest req;
  req.set_id(a.positional()[0]);
  std::string dir = a.GetOr("direction", "both");
  if (dir == "out") req.set_direction(v1::DIRECTION_OUT);
  else if (dir == "in") req.set_direction(v1::DIRECTION_IN);
  else if (dir == "both") req.set_direction(v1::DIRECTION_BOTH);
  else return ReportUsage(ctx, absl::InvalidArgumentError("--direction must be out, in or both"));
  if (auto t = a.Get("edge-type")) {
    auto type = ParseEdgeTypeFlag(*t);
    if (!type.ok()) return ReportUsage(ctx, type.status());
    req.set_edge_type(*type);
  }
  v1::NeighborsResponse resp;
  auto call = ctx.NewCall();
  grpc::Status s = KnowledgeService::NewStub(ctx.channel)->Neighbors(call.get(), req, &resp);
  if (!s.ok()) return ReportRpcError(ctx, s);
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
  auto call = ctx.NewCall();
  grpc::Status s = KnowledgeService::NewStub(ctx.channel)->History(call.get(), req, &resp);
  if (!s.ok()) return ReportRpcError(ctx, s);
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

const std::map<std::string, Command>& Commands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"add-node",
       {"integra kb add-node ID --type TYPE --title TITLE [--title-en T] [--description D] "
        "[--tags a,b] [--source SOURCE_ID] [--year Y] [--n N] [--locator L]",
        {"type", "title", "title-en", "description", "tags", "source", "year", "n", "locator"},
        {}, 1, AddNode}},
      {"get", {"integra kb get ID", {}, {}, 1, GetNode}},
      {"delete", {"integra kb delete ID", {}, {}, 1, DeleteNode}},
      {"list", {"integra kb list [--type TYPE]", {"type"}, {}, 0, ListNodes}},
      {"link",
       {"integra kb link FROM EDGE_TYPE TO [--weight W] [--note TEXT]", {"weight", "note"}, {},
        3, Link}},
      {"unlink", {"integra kb unlink FROM EDGE_TYPE TO", {}, {}, 3, Unlink}},
      {"neighbors",
       {"integra kb neighbors ID [--direction out|in|both] [--edge-type TYPE]",
        {"direction", "edge-type"}, {}, 1, Neighbors}},
      {"history", {"integra kb history ID", {}, {}, 1, History}},
  };
  return *commands;
}

}  // namespace

int RunKnowledgeCommand(Context& ctx, const std::vector<std::string>& argv) {
  return Dispatch(ctx, "kb", Commands(), argv);
}

}  // namespace integra::cli
