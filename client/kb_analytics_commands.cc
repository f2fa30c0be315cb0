// integra kb search / subgraph / path / centrality / topo / components / coverage / export.
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/kb_common.h"
#include "common/status_macros.h"

namespace integra::cli::kb {
namespace {

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

absl::StatusOr<int> IntFlag(const Args& a, const std::string& name, int fallback) {
  auto raw = a.Get(name);
  if (!raw) return fallback;
  int v = 0;
  if (!absl::SimpleAtoi(*raw, &v)) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, " must be a whole number"));
  }
  return v;
}

// Fills a repeated edge_types field from --edge-types; usage error status on a bad name.
template <class Request>
absl::Status SetEdgeTypes(const Args& a, Request& req) {
  ASSIGN_OR_RETURN(auto types, ParseEdgeTypesFlag(a.GetOr("edge-types", "")));
  for (v1::EdgeType t : types) req.add_edge_types(t);
  return absl::OkStatus();
}

int Search(Context& ctx, const Args& a) {
  v1::SearchRequest req;
  req.set_query(a.positional()[0]);
  if (auto type = a.Get("type")) {
    auto t = ParseNodeTypeFlag(*type);
    if (!t.ok()) return ReportUsage(ctx, t.status());
    req.set_type(*t);
  }
  req.set_page_size(1000);
  std::vector<v1::SearchResponse> pages;
  do {
    v1::SearchResponse resp;
    if (auto failed = Call(ctx, [&](auto* call) { return Stub(ctx)->Search(call, req, &resp); })) {
      return *failed;
    }
    req.set_page_token(resp.next_page_token());
    pages.push_back(std::move(resp));
  } while (!req.page_token().empty());
  std::vector<const v1::SearchHit*> hits;
  for (const auto& p : pages) {
    for (const auto& h : p.hits()) hits.push_back(&h);
  }
  if (ctx.format == Format::kJson) {
    PrintJsonArray(ctx, std::vector<const google::protobuf::Message*>(hits.begin(), hits.end()));
    return kExitOk;
  }
  Table table({"id", "type", "score", "matched", "title_de"});
  for (const auto* h : hits) {
    table.AddRow({h->node().id(), TypeName(h->node().type()), Fixed(h->score(), 0),
                  absl::StrJoin(h->matched_fields(), ","), h->node().title_de()});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

int SubgraphCommand(Context& ctx, const Args& a, const std::string& root, int default_depth) {
  v1::SubgraphRequest req;
  req.set_id(root);
  auto depth = IntFlag(a, "depth", default_depth);
  if (!depth.ok()) return ReportUsage(ctx, depth.status());
  req.set_depth(*depth);
  auto direction = ParseDirectionFlag(a.GetOr("direction", "both"));
  if (!direction.ok()) return ReportUsage(ctx, direction.status());
  req.set_direction(*direction);
  if (absl::Status s = SetEdgeTypes(a, req); !s.ok()) return ReportUsage(ctx, s);
  v1::Subgraph resp;
  if (auto failed =
          Call(ctx, [&](auto* call) { return Stub(ctx)->GetSubgraph(call, req, &resp); })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  std::vector<const v1::Node*> nodes;
  for (const auto& n : resp.nodes()) nodes.push_back(&n);
  PrintNodes(ctx, nodes);
  if (ctx.format == Format::kTable) {
    *ctx.out << "\n" << resp.edges_size() << " edge(s):\n";
    for (const auto& e : resp.edges()) PrintEdge(ctx, e);
  }
  return kExitOk;
}

int Subgraph(Context& ctx, const Args& a) { return SubgraphCommand(ctx, a, a.positional()[0], 1); }

int Path(Context& ctx, const Args& a) {
  v1::ExplainPathRequest req;
  req.set_from(a.positional()[0]);
  req.set_to(a.positional()[1]);
  req.set_undirected(a.Has("undirected"));
  if (absl::Status s = SetEdgeTypes(a, req); !s.ok()) return ReportUsage(ctx, s);
  v1::ExplainPathResponse resp;
  if (auto failed =
          Call(ctx, [&](auto* call) { return Stub(ctx)->ExplainPath(call, req, &resp); })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  if (!resp.found()) {
    *ctx.out << "no path from " << req.from() << " to " << req.to()
             << (req.undirected() ? "" : " along edge directions (try --undirected)") << "\n";
    return kExitOk;
  }
  // One line per step: how we got there (edge type and direction), the node, and the edge's
  // note, which is the explanation.
  Table table({"step", "via", "id", "type", "title_de", "why"});
  for (int i = 0; i < resp.steps_size(); ++i) {
    const auto& step = resp.steps(i);
    std::string via;
    if (step.has_edge()) {
      via = step.forward() ? absl::StrCat("-", TypeName(step.edge().type()), "->")
                           : absl::StrCat("<-", TypeName(step.edge().type()), "-");
    }
    table.AddRow({std::to_string(i), via, step.node().id(), TypeName(step.node().type()),
                  step.node().title_de(), step.has_edge() ? step.edge().note() : ""});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

int Centrality(Context& ctx, const Args& a) {
  v1::CentralityRequest req;
  if (auto type = a.Get("type")) {
    auto t = ParseNodeTypeFlag(*type);
    if (!t.ok()) return ReportUsage(ctx, t.status());
    req.set_type(*t);
  }
  auto limit = IntFlag(a, "limit", 0);
  if (!limit.ok()) return ReportUsage(ctx, limit.status());
  req.set_limit(*limit);
  if (absl::Status s = SetEdgeTypes(a, req); !s.ok()) return ReportUsage(ctx, s);
  v1::CentralityResponse resp;
  if (auto failed =
          Call(ctx, [&](auto* call) { return Stub(ctx)->Centrality(call, req, &resp); })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) return PrintJsonList(ctx, resp.entries());
  Table table(
      {"rank", "id", "type", "degree", "in", "out", "betweenness", "normalized", "title_de"});
  int rank = 0;
  for (const auto& e : resp.entries()) {
    table.AddRow({std::to_string(++rank), e.node().id(), TypeName(e.node().type()),
                  std::to_string(e.degree()), std::to_string(e.in_degree()),
                  std::to_string(e.out_degree()), Fixed(e.betweenness(), 2),
                  Fixed(e.betweenness_normalized(), 4), e.node().title_de()});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

int Topo(Context& ctx, const Args&) {
  v1::TopologicalOrderResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return Stub(ctx)->TopologicalOrder(call, v1::TopologicalOrderRequest(), &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) return PrintJsonList(ctx, resp.entries());
  Table table({"order", "level", "id", "type", "requires", "title_de"});
  int order = 0;
  for (const auto& e : resp.entries()) {
    table.AddRow({std::to_string(++order), std::to_string(e.level()), e.node().id(),
                  TypeName(e.node().type()), absl::StrJoin(e.required_ids(), ","),
                  e.node().title_de()});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

int Components(Context& ctx, const Args& a) {
  v1::ComponentsRequest req;
  if (absl::Status s = SetEdgeTypes(a, req); !s.ok()) return ReportUsage(ctx, s);
  v1::ComponentsResponse resp;
  if (auto failed =
          Call(ctx, [&](auto* call) { return Stub(ctx)->Components(call, req, &resp); })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) return PrintJsonList(ctx, resp.components());
  Table table({"component", "size", "nodes"});
  int index = 0;
  for (const auto& c : resp.components()) {
    table.AddRow({std::to_string(++index), std::to_string(c.node_ids_size()),
                  absl::StrJoin(c.node_ids(), " ")});
  }
  PrintTable(ctx, table);
  return kExitOk;
}

int Coverage(Context& ctx, const Args&) {
  v1::CoverageResponse resp;
  if (auto failed = Call(ctx, [&](auto* call) {
        return Stub(ctx)->Coverage(call, v1::CoverageRequest(), &resp);
      })) {
    return *failed;
  }
  if (ctx.format == Format::kJson) {
    *ctx.out << ToJson(resp) << "\n";
    return kExitOk;
  }
  Table table({"id", "type", "indicators", "title_de"});
  for (const auto& e : resp.entries()) {
    table.AddRow(
        {e.node().id(), TypeName(e.node().type()),
         e.indicator_ids_size() == 0 ? "-- none --" : absl::StrJoin(e.indicator_ids(), ","),
         e.node().title_de()});
  }
  PrintTable(ctx, table);
  if (ctx.format == Format::kTable) {
    *ctx.out << "\n"
             << resp.covered() << " of " << resp.covered() + resp.uncovered()
             << " action fields and recommendations are measured by an indicator; "
             << resp.uncovered() << " are not (monitoring gap).\n";
  }
  return kExitOk;
}

int Export(Context& ctx, const Args& a) {
  std::string root = a.GetOr("root", "");
  if (ctx.format == Format::kJson) return SubgraphCommand(ctx, a, root, 2);
  v1::ExportGraphRequest req;
  req.set_root(root);
  auto depth = IntFlag(a, "depth", 2);
  if (!depth.ok()) return ReportUsage(ctx, depth.status());
  req.set_depth(*depth);
  auto direction = ParseDirectionFlag(a.GetOr("direction", "both"));
  if (!direction.ok()) return ReportUsage(ctx, direction.status());
  req.set_direction(*direction);
  if (absl::Status s = SetEdgeTypes(a, req); !s.ok()) return ReportUsage(ctx, s);
  req.set_format(ctx.format == Format::kDot ? v1::EXPORT_FORMAT_DOT : v1::EXPORT_FORMAT_GRAPHML);
  v1::ExportGraphResponse resp;
  if (auto failed =
          Call(ctx, [&](auto* call) { return Stub(ctx)->ExportGraph(call, req, &resp); })) {
    return *failed;
  }
  *ctx.out << resp.content();
  return kExitOk;
}

}  // namespace

void AddAnalyticsCommands(std::map<std::string, Command>& commands) {
  const std::string walk = " [--direction out|in|both] [--edge-types LIST]";
  commands["search"] = {"integra kb search QUERY [--type TYPE]   (case- and umlaut-insensitive)",
                        {"type"},
                        {},
                        1,
                        Search};
  commands["subgraph"] = {absl::StrCat("integra kb subgraph ID [--depth K (default 1)]", walk),
                          {"depth", "direction", "edge-types"},
                          {},
                          1,
                          Subgraph};
  // --edge-types takes a comma-separated list or "all"; the default is every type but cites.
  commands["path"] = {"integra kb path FROM TO [--undirected] [--edge-types LIST|all]",
                      {"undirected", "edge-types"},
                      {"undirected"},
                      2,
                      Path};
  commands["centrality"] = {"integra kb centrality [--type TYPE] [--limit N] [--edge-types LIST]",
                            {"type", "limit", "edge-types"},
                            {},
                            0,
                            Centrality};
  commands["topo"] = {
      "integra kb topo   (recommendations and measures in REQUIRES order)", {}, {}, 0, Topo};
  commands["components"] = {
      "integra kb components [--edge-types LIST]", {"edge-types"}, {}, 0, Components};
  commands["coverage"] = {
      "integra kb coverage   (action fields and recommendations no indicator measures)",
      {},
      {},
      0,
      Coverage};
  commands["export"] = {
      absl::StrCat("integra kb export --format dot|graphml|json [--root ID] [--depth K (default "
                   "2)]",
                   walk),
      {"root", "depth", "direction", "edge-types"},
      {},
      0,
      Export,
      {Format::kDot, Format::kGraphml, Format::kJson}};
}

}  // namespace integra::cli::kb
